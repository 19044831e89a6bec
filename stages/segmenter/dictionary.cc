#include "stages/segmenter/dictionary.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <utility>

#include "common/fs.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

Dictionary::Dictionary() {
  root_.assign(kRootDirect, kNone);
  slots_.assign(1 << 16, Slot{kEmptyKey});
  freq_.push_back(0);  // The root.
  log_prob_.push_back(0);
  tag_.push_back(0);
  tags_.emplace_back();
  tag_keys_.push_back(TagKey(""));
}

Dictionary::Node Dictionary::Find(const char32_t* begin,
                                  const char32_t* end) const {
  Node node = kRoot;
  for (const char32_t* p = begin; p != end && node != kNone; ++p) {
    node = Child(node, *p);
  }
  return node;
}

void Dictionary::Rehash(size_t capacity) {
  std::vector<Slot, HugePageAllocator<Slot>> old(capacity, Slot{kEmptyKey});
  old.swap(slots_);
  size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.kv == kEmptyKey) continue;
    size_t i = Hash(s.kv >> kNodeBits) & mask;
    while (slots_[i].kv != kEmptyKey) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

Dictionary::Node Dictionary::AddChild(Node node, char32_t c) {
  if (freq_.size() >= kMaxNodes) return Child(node, c);
  if (node == kRoot && c < kRootDirect) {
    if (root_[c] == kNone) {
      root_[c] = static_cast<Node>(freq_.size());
      freq_.push_back(0);
      log_prob_.push_back(0);
      tag_.push_back(0);
    }
    return root_[c];
  }
  // Keep the load factor under 0.6: probes stay short and jieba's
  // dictionary fits in 2^20 slots (8 MB).
  if ((used_ + 1) * 5 > slots_.size() * 3) Rehash(slots_.size() * 2);
  uint64_t key = MakeKey(node, c);
  size_t mask = slots_.size() - 1;
  size_t i = Hash(key) & mask;
  for (; slots_[i].kv != kEmptyKey; i = (i + 1) & mask) {
    if ((slots_[i].kv >> kNodeBits) == key) return ChildOf(slots_[i]);
  }
  Node child = static_cast<Node>(freq_.size());
  slots_[i] = Slot{(key << kNodeBits) | child};
  ++used_;
  freq_.push_back(0);
  log_prob_.push_back(0);
  tag_.push_back(0);
  return child;
}

uint16_t Dictionary::TagIndex(std::string_view tag) {
  // There are a few dozen tags of a few bytes: comparing them as integers
  // beats hashing (or comparing) a string per dictionary line.
  const uint64_t key = TagKey(tag);
  for (size_t i = 0; i < tag_keys_.size(); ++i) {
    if (tag_keys_[i] == key && (key != kLongTag || tags_[i] == tag)) {
      return static_cast<uint16_t>(i);
    }
  }
  tags_.emplace_back(tag);
  tag_keys_.push_back(key);
  return static_cast<uint16_t>(tags_.size() - 1);
}

void Dictionary::Reserve(size_t nodes) {
  size_t capacity = slots_.size();
  while (capacity * 3 < nodes * 5) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
  freq_.reserve(nodes);
  log_prob_.reserve(nodes);
  tag_.reserve(nodes);
}

bool Dictionary::AddWord(std::u32string_view word, double freq,
                         std::string_view tag) {
  return AddWordCached(word, freq, tag, nullptr);
}

bool Dictionary::AddWordCached(std::u32string_view word, double freq,
                               std::string_view tag, PathCache* cache) {
  if (word.empty() || !(freq > 0)) return true;
  // The compact trie knows neither the word nor its new frequency.
  compact_valid_ = false;
  // dict.txt is sorted, so a word mostly shares a prefix with the one
  // before it; starting from the cached path skips those lookups.
  size_t depth = 0;
  Node node = kRoot;
  if (cache != nullptr) {
    size_t limit = std::min(word.size(), cache->word.size());
    while (depth < limit && word[depth] == cache->word[depth]) ++depth;
    if (depth > 0) node = cache->path[depth - 1];
    cache->word.assign(word.substr(0, depth));
    cache->path.resize(depth);
  }
  for (size_t i = depth; i < word.size(); ++i) {
    node = AddChild(node, word[i]);
    if (node == kNone) {
      if (cache != nullptr) {
        cache->word.clear();
        cache->path.clear();
      }
      return false;
    }
    if (cache != nullptr) {
      cache->word.push_back(word[i]);
      cache->path.push_back(node);
    }
  }
  if (freq_[node] == 0) ++word_count_;
  // jieba adds every line's frequency to the total, duplicates included.
  total_ += freq;
  freq_[node] = freq;
  if (!tag.empty() || tag_[node] == 0) tag_[node] = TagIndex(tag);
  if (log_total_ != 0) log_prob_[node] = std::log(freq) - log_total_;
  return true;
}

void Dictionary::Finalize() {
  log_total_ = total_ > 0 ? std::log(total_) : 0;
  for (size_t i = 0; i < freq_.size(); ++i) {
    log_prob_[i] = freq_[i] > 0 ? std::log(freq_[i]) - log_total_ : kNotWord;
  }
  std::vector<float> log_prob(freq_.size());
  for (size_t i = 0; i < freq_.size(); ++i) {
    log_prob[i] = static_cast<float>(log_prob_[i]);
  }
  std::vector<CompactTrie::Edge> edges;
  edges.reserve(used_ + word_count_ / 8);
  for (const Slot& s : slots_) {
    if (s.kv == kEmptyKey) continue;
    const Node child = ChildOf(s);
    const uint64_t key = s.kv >> kNodeBits;
    edges.push_back(CompactTrie::Edge{static_cast<uint32_t>(key >> 21),
                                      static_cast<char32_t>(key & 0x1FFFFF),
                                      child});
  }
  for (char32_t c = 0; c < kRootDirect; ++c) {
    if (root_[c] != kNone)
      edges.push_back(CompactTrie::Edge{kRoot, c, root_[c]});
  }
  // A dictionary too big for the compact layout keeps the building trie.
  std::optional<CompactTrie> compact =
      CompactTrie::Build(freq_.size(), edges, log_prob, tag_);
  compact_valid_ = compact.has_value();
  compact_ = compact_valid_ ? std::move(*compact) : CompactTrie();
}

uint16_t Dictionary::FindTag(const char32_t* begin, const char32_t* end) const {
  if (!compact_valid_) return WordTag(Find(begin, end));
  if (begin == end) return kNoWord;
  uint32_t offset, bits;
  uint32_t word_index = 0;
  if (*begin < kRootDirect) {
    const CompactTrie::RootEntry& r = compact_.Root(*begin);
    if (begin + 1 == end) return r.tag;
    offset = CompactTrie::ChildOffset(r);
    bits = CompactTrie::ChildBits(r);
  } else if (const CompactTrie::Slot* slot = compact_.FindRoot(*begin)) {
    offset = CompactTrie::ChildOffset(*slot);
    bits = CompactTrie::ChildBits(*slot);
    word_index = CompactTrie::WordIndex(*slot);
  } else {
    return kNoWord;
  }
  for (const char32_t* p = begin + 1; p != end; ++p) {
    const CompactTrie::Slot* slot =
        compact_.Find(offset, bits, compact_.Rank(*p));
    if (slot == nullptr) return kNoWord;
    offset = CompactTrie::ChildOffset(*slot);
    bits = CompactTrie::ChildBits(*slot);
    word_index = CompactTrie::WordIndex(*slot);
  }
  return compact_.GetWord(word_index).tag;
}

void Dictionary::Route(const char32_t* s, size_t n, std::vector<double>* score,
                       std::vector<uint32_t>* next,
                       std::vector<uint16_t>* tags) const {
  score->resize(n + 1);
  next->resize(n);
  tags->resize(n);
  (*score)[n] = 0;
  if (compact_valid_) {
    RouteCompact(s, n, score->data(), next->data(), tags->data());
  } else {
    RouteBuilding(s, n, score->data(), next->data(), tags->data());
  }
}

// Both walks keep jieba's choice among the words that start at i: the max
// over (score, end), so ties go to the longer word; the single character
// is a candidate if it is a word, or if no word starts here (then it scores
// as frequency 1).
void Dictionary::RouteCompact(const char32_t* s, size_t n, double* sc,
                              uint32_t* nx, uint16_t* tg) const {
  using Slot = CompactTrie::Slot;
  const CompactTrie& trie = compact_;
  // Each character's rank is read by every walk that reaches it: noted
  // when the walk from its own position reads its root entry.
  thread_local std::vector<uint32_t> rank_scratch;
  rank_scratch.resize(n);
  uint32_t* rank = rank_scratch.data();
  const double bonus = word_bonus_;
  const double unknown = -log_total_ + bonus;
  for (size_t i = n; i-- > 0;) {
    const char32_t c = s[i];
    // The walk from i-k will start with the edge (s[i-k], s[i-k+1]): fetch
    // its slot a few iterations early so that the cache miss overlaps the
    // work in between, and the root entry it needs earlier still.
    constexpr size_t kSlotAhead = 4, kRootAhead = 8;
    if (i >= kRootAhead && s[i - kRootAhead] < kRootDirect) {
      __builtin_prefetch(&trie.Root(s[i - kRootAhead]));
    }
    if (i >= kSlotAhead && s[i - kSlotAhead] < kRootDirect) {
      const CompactTrie::RootEntry& r = trie.Root(s[i - kSlotAhead]);
      if ((r.child_sig & CompactTrie::RootChildBit(s[i - kSlotAhead + 1])) !=
          0) {
        __builtin_prefetch(trie.HomeSlot(CompactTrie::ChildOffset(r),
                                         CompactTrie::ChildBits(r),
                                         trie.Rank(s[i - kSlotAhead + 1])));
      }
    }
    uint32_t offset = 0, bits = 0;
    float first_lp = kNotWord;
    uint16_t first_tag = kNoWord;
    // Whether the word may continue with s[j + 1]: the signatures rule out
    // most lookups that would fail, and with them their cache misses.
    bool more = false;
    if (c < kRootDirect) {
      const CompactTrie::RootEntry& r = trie.Root(c);
      rank[i] = r.rank;
      offset = CompactTrie::ChildOffset(r);
      bits = CompactTrie::ChildBits(r);
      first_lp = r.log_prob;
      first_tag = r.tag;
      more =
          i + 1 < n && (r.child_sig & CompactTrie::RootChildBit(s[i + 1])) != 0;
    } else {
      rank[i] = trie.Rank(c);
      if (const Slot* slot = trie.FindRoot(c)) {
        offset = CompactTrie::ChildOffset(*slot);
        bits = CompactTrie::ChildBits(*slot);
        const CompactTrie::Word& word =
            trie.GetWord(CompactTrie::WordIndex(*slot));
        first_lp = word.log_prob;
        first_tag = word.tag;
        more = i + 1 < n && (CompactTrie::ChildSig(*slot) &
                             CompactTrie::ChildBit(s[i + 1])) != 0;
      }
    }
    double best = 0;
    uint32_t best_end = 0;
    uint16_t best_tag = kNoWord;
    for (size_t j = i + 1; more; ++j) {
      const Slot* slot = trie.Find(offset, bits, rank[j]);
      if (slot == nullptr) break;
      const Slot edge = *slot;
      offset = CompactTrie::ChildOffset(edge);
      bits = CompactTrie::ChildBits(edge);
      more = j + 1 < n && (CompactTrie::ChildSig(edge) &
                           CompactTrie::ChildBit(s[j + 1])) != 0;
      const uint32_t word_index = CompactTrie::WordIndex(edge);
      if (word_index == 0) continue;
      const CompactTrie::Word& word = trie.GetWord(word_index);
      double v = word.log_prob + bonus + sc[j + 1];
      if (best_end == 0 || v >= best) {
        best = v;
        best_end = static_cast<uint32_t>(j + 1);
        best_tag = word.tag;
      }
    }
    const bool first_is_word = first_lp != kNotWord;
    if (first_is_word || best_end == 0) {
      double v = (first_is_word ? first_lp + bonus : unknown) + sc[i + 1];
      if (best_end == 0 || v > best) {
        best = v;
        best_end = static_cast<uint32_t>(i + 1);
        best_tag = first_tag;
      }
    }
    sc[i] = best;
    nx[i] = best_end;
    tg[i] = best_tag;
  }
  // Per-thread scratch must not pin the memory of one huge text.
  if (rank_scratch.capacity() > (1u << 20)) {
    rank_scratch = std::vector<uint32_t>();
  }
}

void Dictionary::RouteBuilding(const char32_t* s, size_t n, double* sc,
                               uint32_t* nx, uint16_t* tg) const {
  const double bonus = word_bonus_;
  const double unknown = -log_total_ + bonus;
  for (size_t i = n; i-- > 0;) {
    Node node = Child(kRoot, s[i]);
    const uint16_t first_tag = WordTag(node);
    const float first_lp =
        first_tag == kNoWord ? kNotWord : static_cast<float>(log_prob_[node]);
    double best = 0;
    uint32_t best_end = 0;
    uint16_t best_tag = kNoWord;
    for (size_t j = i + 1; j < n && node != kNone; ++j) {
      const Slot* slot = FindSlot(node, s[j]);
      if (slot == nullptr) break;
      node = ChildOf(*slot);
      if (!IsWord(node)) continue;
      double v = static_cast<float>(log_prob_[node]) + bonus + sc[j + 1];
      if (best_end == 0 || v >= best) {
        best = v;
        best_end = static_cast<uint32_t>(j + 1);
        best_tag = tag_[node];
      }
    }
    const bool first_is_word = first_lp != kNotWord;
    if (first_is_word || best_end == 0) {
      double v = (first_is_word ? first_lp + bonus : unknown) + sc[i + 1];
      if (best_end == 0 || v > best) {
        best = v;
        best_end = static_cast<uint32_t>(i + 1);
        best_tag = first_tag;
      }
    }
    sc[i] = best;
    nx[i] = best_end;
    tg[i] = best_tag;
  }
}

double Dictionary::SuggestFreq(std::u32string_view word) const {
  // jieba's suggest_freq(word, tune=False): the product of the word's parts'
  // probabilities under the current cut, scaled back to a frequency, plus one
  // so that the whole word beats its parts.
  std::vector<double> score;
  std::vector<uint32_t> next;
  std::vector<uint16_t> tags;
  Route(word.data(), word.size(), &score, &next, &tags);
  double p = 1;
  for (size_t i = 0; i < word.size(); i = next[i]) {
    Node node = Find(word.data() + i, word.data() + next[i]);
    double f = node != kNone && IsWord(node) ? freq_[node] : 1;
    p *= f / total_;
    // Each part beyond the first also earns Route()'s per-word bonus.
    if (i > 0) p *= std::exp(word_bonus_);
  }
  Node self = Find(word.data(), word.data() + word.size());
  double own = self != kNone && IsWord(self) ? freq_[self] : 1;
  return std::max(std::floor(p * total_) + 1, own);
}

Status Dictionary::ParseLines(const std::string& path, bool user,
                              WordFilter skip) {
  ASSIGN_OR_RETURN(std::string data,
                   fs::ReadFile(path, UINT64_MAX, fs::Links::kFollow));
  // jieba's dict.txt has about one trie node per 10 bytes; sizing the table
  // up front saves rehashing it several times while loading.
  Reserve(freq_.size() + data.size() / 10);
  std::u32string word;
  PathCache cache;
  size_t line_no = 0;
  size_t pos = 0;
  // Skip a UTF-8 byte order mark, which editors add to user dictionaries.
  if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    if (eol == std::string::npos) eol = data.size();
    std::string_view line(data.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);
    while (!line.empty() && IsBlank(line.front())) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    // Fields: word, then optional frequency and tag.
    std::string_view fields[3];
    int nf = 0;
    size_t i = 0;
    while (i < line.size() && nf < 3) {
      size_t j = i;
      while (j < line.size() && !IsBlank(line[j])) ++j;
      fields[nf++] = line.substr(i, j - i);
      while (j < line.size() && IsBlank(line[j])) ++j;
      i = j;
    }
    word.clear();
    for (size_t k = 0; k < fields[0].size();) {
      int len;
      char32_t c = DecodeUtf8(fields[0], k, &len);
      if (c == kInvalidByte) {
        return Status::Corruption(path + ":" + std::to_string(line_no) +
                                  ": invalid UTF-8");
      }
      word.push_back(c);
      k += len;
    }
    double freq = 0;
    std::string_view tag;
    if (nf >= 2) {
      int64_t f = 0;
      auto [p, ec] = std::from_chars(fields[1].data(),
                                     fields[1].data() + fields[1].size(), f);
      if (ec == std::errc() && p == fields[1].data() + fields[1].size() &&
          f >= 0) {
        freq = static_cast<double>(f);
        if (nf == 3) tag = fields[2];
      } else if (user && nf == 2) {
        tag = fields[1];  // "word tag": jieba allows the frequency left out.
      } else {
        return Status::Corruption(path + ":" + std::to_string(line_no) +
                                  ": bad frequency '" + std::string(fields[1]) +
                                  "'");
      }
    } else if (!user) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": no frequency");
    }
    if (user && freq <= 0) freq = SuggestFreq(word);
    if (skip != nullptr && skip(word)) {
      total_ += freq;
      continue;
    }
    if (!AddWordCached(word, freq, tag, &cache)) {
      return Status::TooLarge(path + ":" + std::to_string(line_no) +
                              ": more than " + std::to_string(kMaxNodes) +
                              " trie nodes");
    }
  }
  return Status::OK();
}

Status Dictionary::LoadFile(const std::string& path, WordFilter skip) {
  return ParseLines(path, /*user=*/false, skip);
}

Status Dictionary::LoadUserFile(const std::string& path) {
  // Suggested frequencies need log probabilities of the words so far.
  Finalize();
  return ParseLines(path, /*user=*/true, nullptr);
}

}  // namespace ink::segmenter
