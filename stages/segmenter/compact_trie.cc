#include "stages/segmenter/compact_trie.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>

namespace ink::segmenter {
namespace {

// log2 of the table size for k children: one slot for one child (most
// nodes below the second level), else at most two thirds full so that a
// lookup that misses its home slot finds an empty one soon.
uint32_t TableBits(size_t k) {
  uint32_t bits = 0;
  if (k <= 1) return bits;
  while ((size_t{1} << bits) < k + k / 2) ++bits;
  return bits;
}

}  // namespace

std::optional<CompactTrie> CompactTrie::Build(
    size_t node_count, const std::vector<Edge>& edges,
    const std::vector<float>& log_prob, const std::vector<uint16_t>& tag) {
  CompactTrie t;
  // Rank: the characters that label slots (every edge but the root's in
  // the BMP) by the number of edges they label, most first; ties by code
  // point so that the layout is deterministic.
  std::unordered_map<char32_t, uint32_t> count;
  for (const Edge& e : edges) {
    if (e.parent != 0 || e.c >= kRootDirect) ++count[e.c];
  }
  if (count.size() > kNoRank) return std::nullopt;
  std::vector<std::pair<uint32_t, char32_t>> order;
  order.reserve(count.size());
  for (const auto& [c, k] : count) order.emplace_back(k, c);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  t.root_.assign(kRootDirect, RootEntry{0, kNotWord, 0, kNoWord,
                                        static_cast<uint16_t>(kNoRank)});
  for (uint32_t r = 0; r < order.size(); ++r) {
    const char32_t c = order[r].second;
    if (c < kRootDirect) {
      t.root_[c].rank = static_cast<uint16_t>(r);
    } else {
      t.astral_rank_.emplace_back(c, r);
    }
  }
  std::sort(t.astral_rank_.begin(), t.astral_rank_.end());

  // The edges grouped by parent (a counting sort), each group in rank
  // order: the most likely children take their home slots first.
  std::vector<uint32_t> first(node_count + 1, 0);
  for (const Edge& e : edges) ++first[e.parent + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  // A copy in that order: the passes below then read it in sequence.
  std::vector<Edge> by_parent(edges.size());
  {
    std::vector<uint32_t> cursor(first.begin(), first.end() - 1);
    for (const Edge& e : edges) by_parent[cursor[e.parent]++] = e;
  }
  auto rank_less = [&](const Edge& a, const Edge& b) {
    const uint32_t ra = t.Rank(a.c), rb = t.Rank(b.c);
    return ra != rb ? ra < rb : a.c < b.c;
  };
  for (size_t node = 0; node < node_count; ++node) {
    if (first[node + 1] - first[node] > 1) {
      std::sort(by_parent.begin() + first[node],
                by_parent.begin() + first[node + 1], rank_less);
    }
  }

  // Table offsets, breadth first from the root's children in rank order.
  std::vector<uint32_t> offset(node_count, 0), bits(node_count, 0);
  std::vector<uint32_t> sig(node_count, 0), root_sig(node_count, 0);
  size_t root_other = 0;  // Root children outside the direct array.
  for (uint32_t k = first[0]; k < first[1]; ++k) {
    root_other += by_parent[k].c >= kRootDirect;
  }
  t.root_bits_ = TableBits(root_other);
  size_t total = kRootTable + (size_t{1} << t.root_bits_);
  std::vector<uint32_t> queue;
  queue.reserve(node_count);
  for (uint32_t k = first[0]; k < first[1]; ++k) {
    queue.push_back(by_parent[k].child);
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    const uint32_t node = queue[q];
    const uint32_t b = first[node], e = first[node + 1];
    if (b == e) continue;  // Offset 0: the empty slot.
    bits[node] = TableBits(e - b);
    if (bits[node] >= (1u << kTableBits)) return std::nullopt;
    offset[node] = static_cast<uint32_t>(total);
    total += size_t{1} << bits[node];
    for (uint32_t k = b; k < e; ++k) {
      const Edge& edge = by_parent[k];
      sig[node] |= ChildBit(edge.c);
      root_sig[node] |= RootChildBit(edge.c);
      queue.push_back(edge.child);
    }
  }
  if (total > (size_t{1} << kOffsetBits)) return std::nullopt;

  // Word indices in the order the slots are filled (breadth first), so
  // that the words of common prefixes share the cache lines of the table.
  t.words_.push_back(Word{kNotWord, kNoWord});
  std::unordered_map<uint64_t, uint32_t> word_index;
  word_index.reserve(1 << 15);
  auto index_word = [&](uint32_t node) -> uint32_t {
    if (log_prob[node] == kNotWord) return 0;
    uint32_t lp_bits;
    std::memcpy(&lp_bits, &log_prob[node], sizeof lp_bits);
    const uint64_t key = (uint64_t{lp_bits} << 16) | tag[node];
    auto [it, added] =
        word_index.try_emplace(key, static_cast<uint32_t>(t.words_.size()));
    if (added) t.words_.push_back(Word{log_prob[node], tag[node]});
    return it->second;
  };

  t.slots_.assign(total, MakeSlot(kEmptyRank, 0, 0, 0, 0));
  auto insert = [&](uint32_t table, uint32_t table_bits, const Edge& edge) {
    const uint32_t mask = (uint32_t{1} << table_bits) - 1;
    const uint32_t rank = t.Rank(edge.c);
    uint32_t i = rank & mask;
    while (Label(t.slots_[table + i]) != kEmptyRank) i = (i + 1) & mask;
    const uint32_t child = edge.child;
    t.slots_[table + i] = MakeSlot(rank, bits[child], offset[child],
                                   index_word(child), sig[child]);
  };
  for (uint32_t k = first[0]; k < first[1]; ++k) {
    const Edge& edge = by_parent[k];
    if (edge.c >= kRootDirect) {
      insert(kRootTable, t.root_bits_, edge);
      continue;
    }
    const uint32_t child = edge.child;
    const bool is_word = log_prob[child] != kNotWord;
    RootEntry& r = t.root_[edge.c];
    r.child = offset[child] | (bits[child] << kOffsetBits);
    r.log_prob = log_prob[child];
    r.child_sig = root_sig[child];
    r.tag = is_word ? tag[child] : kNoWord;
  }
  for (uint32_t node : queue) {
    for (uint32_t k = first[node]; k < first[node + 1]; ++k) {
      insert(offset[node], bits[node], by_parent[k]);
    }
  }
  // An index too large for its field spoilt its slot: drop the trie.
  if (t.words_.size() > (size_t{1} << kWordBits)) return std::nullopt;
  return t;
}

}  // namespace ink::segmenter
