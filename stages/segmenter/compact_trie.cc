#include "stages/segmenter/compact_trie.h"

#include <algorithm>
#include <numeric>

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

CompactTrie CompactTrie::Build(size_t node_count,
                               const std::vector<Edge>& edges,
                               const std::vector<float>& log_prob,
                               const std::vector<uint16_t>& tag) {
  CompactTrie t;
  // Rank: characters by the number of edges they label, most first; ties
  // by code point so that the layout is deterministic.
  std::vector<uint32_t> count(kRootDirect, 0);
  for (const Edge& e : edges) {
    if (e.c < kRootDirect) ++count[e.c];
  }
  std::vector<uint32_t> order(kRootDirect);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return count[a] > count[b]; });
  t.rank_.resize(kRootDirect);
  for (uint32_t r = 0; r < kRootDirect; ++r) {
    t.rank_[order[r]] = static_cast<uint16_t>(r);
  }

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
  std::vector<uint16_t> sig(node_count, 0);
  std::vector<uint32_t> root_sig(node_count, 0);
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
    offset[node] = static_cast<uint32_t>(total);
    total += size_t{1} << bits[node];
    for (uint32_t k = b; k < e; ++k) {
      const Edge& edge = by_parent[k];
      sig[node] |= ChildBit(edge.c);
      root_sig[node] |= RootChildBit(edge.c);
      queue.push_back(edge.child);
    }
  }

  t.slots_.assign(total, Slot{kEmptyChar, 0, kNotWord, kNoWord, 0});
  auto insert = [&](uint32_t table, uint32_t table_bits, const Edge& edge) {
    const uint32_t mask = (uint32_t{1} << table_bits) - 1;
    uint32_t i = t.Rank(edge.c) & mask;
    while ((t.slots_[table + i].label & kCharMask) != kEmptyChar) {
      i = (i + 1) & mask;
    }
    const uint32_t child = edge.child;
    const bool word = log_prob[child] != kNotWord;
    t.slots_[table + i] =
        Slot{edge.c | (bits[child] << kCharBits), offset[child],
             log_prob[child], word ? tag[child] : kNoWord, sig[child]};
  };
  t.root_.assign(kRootDirect, RootEntry{0, kNotWord, 0, kNoWord, 0});
  for (uint32_t k = first[0]; k < first[1]; ++k) {
    const Edge& edge = by_parent[k];
    if (edge.c >= kRootDirect) {
      insert(kRootTable, t.root_bits_, edge);
      continue;
    }
    const uint32_t child = edge.child;
    const bool word = log_prob[child] != kNotWord;
    t.root_[edge.c] = RootEntry{offset[child], log_prob[child], root_sig[child],
                                word ? tag[child] : kNoWord,
                                static_cast<uint8_t>(bits[child])};
  }
  for (uint32_t node : queue) {
    for (uint32_t k = first[node]; k < first[node + 1]; ++k) {
      insert(offset[node], bits[node], by_parent[k]);
    }
  }
  return t;
}

}  // namespace ink::segmenter
