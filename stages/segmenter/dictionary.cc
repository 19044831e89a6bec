#include "stages/segmenter/dictionary.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

#include "common/fs.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

Dictionary::Dictionary() {
  root_.assign(kRootDirect, RootEntry{kNone, kNotWord, 0, kNoWord});
  slots_.assign(1 << 16, Slot{kEmptyKey, kNotWord, 0, 0});
  freq_.push_back(0);  // The root.
  log_prob_.push_back(0);
  tag_.push_back(0);
  tags_.emplace_back();
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
  std::vector<Slot> old(capacity, Slot{kEmptyKey, kNotWord, 0, 0});
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
  sigs_valid_ = false;
  if (freq_.size() >= kMaxNodes) return Child(node, c);
  if (node == kRoot && c < kRootDirect) {
    if (root_[c].node == kNone) {
      root_[c].node = static_cast<Node>(freq_.size());
      freq_.push_back(0);
      log_prob_.push_back(0);
      tag_.push_back(0);
    }
    return root_[c].node;
  }
  // Keep the load factor under 0.6: probes stay short and jieba's
  // dictionary fits in 2^20 slots (16 MB), half the cache footprint of a
  // table kept under one half full.
  if ((used_ + 1) * 5 > slots_.size() * 3) Rehash(slots_.size() * 2);
  uint64_t key = MakeKey(node, c);
  size_t mask = slots_.size() - 1;
  size_t i = Hash(key) & mask;
  for (; slots_[i].kv != kEmptyKey; i = (i + 1) & mask) {
    if ((slots_[i].kv >> kNodeBits) == key) return ChildOf(slots_[i]);
  }
  Node child = static_cast<Node>(freq_.size());
  slots_[i] = Slot{(key << kNodeBits) | child, kNotWord, 0, 0};
  ++used_;
  freq_.push_back(0);
  log_prob_.push_back(0);
  tag_.push_back(0);
  return child;
}

uint16_t Dictionary::TagIndex(std::string_view tag) {
  // There are a few dozen tags: a linear scan beats hashing a string per
  // dictionary line.
  for (size_t i = 0; i < tags_.size(); ++i) {
    if (tags_[i] == tag) return static_cast<uint16_t>(i);
  }
  tags_.emplace_back(tag);
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
  // Every node's child signature, then copied into the slot leading to it.
  std::vector<uint16_t> sig(freq_.size(), 0);
  std::vector<uint32_t> root_sig(freq_.size(), 0);
  edge_filter_.assign((size_t{1} << kEdgeFilterBits) / 64, 0);
  for (const Slot& s : slots_) {
    if (s.kv == kEmptyKey) continue;
    const Node parent = static_cast<Node>((s.kv >> kNodeBits) >> 21);
    const char32_t c = static_cast<char32_t>((s.kv >> kNodeBits) & 0x1FFFFF);
    sig[parent] |= ChildBit(c);
    root_sig[parent] |= RootChildBit(c);
    const size_t bit = EdgeBit(s.kv >> kNodeBits);
    edge_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  for (Slot& s : slots_) {
    if (s.kv == kEmptyKey) continue;
    const Node child = ChildOf(s);
    s.log_prob = static_cast<float>(log_prob_[child]);
    s.tag = tag_[child];
    s.child_sig = sig[child];
  }
  for (RootEntry& r : root_) {
    r.log_prob = kNotWord;
    r.tag = kNoWord;
    r.child_sig = 0;
    if (r.node == kNone) continue;
    r.child_sig = root_sig[r.node];
    if (!IsWord(r.node)) continue;
    r.log_prob = static_cast<float>(log_prob_[r.node]);
    r.tag = tag_[r.node];
  }
  sigs_valid_ = true;
}

void Dictionary::Route(const char32_t* s, size_t n, std::vector<double>* score,
                       std::vector<uint32_t>* next,
                       std::vector<uint16_t>* tags) const {
  score->resize(n + 1);
  next->resize(n);
  tags->resize(n);
  double* sc = score->data();
  uint32_t* nx = next->data();
  uint16_t* tg = tags->data();
  sc[n] = 0;
  const size_t mask = slots_.size() - 1;
  const double bonus = word_bonus_;
  const double unknown = -log_total_ + bonus;
  const bool use_sigs = sigs_valid_;
  for (size_t i = n; i-- > 0;) {
    const char32_t c = s[i];
    // The walk from i-k will start with the edge (s[i-k], s[i-k+1]): fetch
    // its slot a few iterations early so that the cache miss overlaps the
    // work in between, and the root entry it needs earlier still.
    constexpr size_t kSlotAhead = 4, kRootAhead = 8;
    if (i >= kRootAhead && s[i - kRootAhead] < kRootDirect) {
      __builtin_prefetch(&root_[s[i - kRootAhead]]);
    }
    if (i >= kSlotAhead) {
      const char32_t a = s[i - kSlotAhead];
      if (a < kRootDirect && root_[a].node != kNone &&
          (root_[a].child_sig & RootChildBit(s[i - kSlotAhead + 1])) != 0) {
        __builtin_prefetch(
            &slots_[Hash(MakeKey(root_[a].node, s[i - kSlotAhead + 1])) &
                    mask]);
      }
    }
    Node node;
    float first_lp;
    uint16_t first_tag;
    if (c < kRootDirect) {
      const RootEntry& r = root_[c];
      node = r.node;
      first_lp = r.log_prob;
      first_tag = r.tag;
      if (use_sigs && i + 1 < n && node != kNone) {
        const size_t bit = EdgeBit(MakeKey(node, s[i + 1]));
        if ((r.child_sig & RootChildBit(s[i + 1])) == 0 ||
            (edge_filter_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) {
          node = kNone;  // No word continues with s[i + 1].
        }
      }
    } else {
      node = Child(kRoot, c);
      first_tag = WordTag(node);
      first_lp =
          first_tag == kNoWord ? kNotWord : static_cast<float>(log_prob_[node]);
    }
    double best = 0;
    uint32_t best_end = 0;
    uint16_t best_tag = kNoWord;
    for (size_t j = i + 1; j < n && node != kNone; ++j) {
      const Slot* slot = FindSlot(node, s[j]);
      if (slot == nullptr) break;
      node = ChildOf(*slot);
      if (use_sigs && j + 1 < n &&
          (slot->child_sig & ChildBit(s[j + 1])) == 0) {
        node = kNone;  // Ends the walk after this slot.
      }
      if (slot->log_prob == kNotWord) continue;
      double v = slot->log_prob + bonus + sc[j + 1];
      // jieba takes the max over (score, end): ties go to the longer word.
      if (best_end == 0 || v >= best) {
        best = v;
        best_end = static_cast<uint32_t>(j + 1);
        best_tag = slot->tag;
      }
    }
    // As in jieba's DAG, the single character is a candidate if it is a
    // word, or if no word starts here (then it scores as frequency 1).
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
