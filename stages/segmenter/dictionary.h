// The word dictionary: a trie over code points. Loading builds it as one
// open-addressing hash table keyed by (node, code point), so adding a word
// needs no per-node allocation; Finalize() then lays it out again as a
// CompactTrie, which Route() and the segmenter's lookups read.
//
// Thread-safety: building (Load*, AddWord, Finalize) is single-threaded;
// after Finalize() the dictionary is immutable and all const methods may be
// called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "stages/segmenter/compact_trie.h"
#include "stages/segmenter/huge_page_allocator.h"

namespace ink::segmenter {

class Dictionary {
 public:
  using Node = uint32_t;
  static constexpr Node kRoot = 0;
  static constexpr Node kNone = 0xFFFFFFFFu;
  // Node ids fit in 21 bits (jieba's dictionary needs about 500,000).
  static constexpr Node kMaxNodes = Node{1} << 21;

  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  Dictionary(Dictionary&&) = default;
  Dictionary& operator=(Dictionary&&) = default;

  // Adds every "word freq [tag]" line of jieba's dict.txt format. Fails with
  // IOError if the file cannot be read and Corruption (naming the file and
  // line) if a line has no word or a bad frequency.
  // Words for which `skip` returns true count towards the total frequency
  // but are not added (the segmenter drops compounds its standard splits).
  using WordFilter = bool (*)(std::u32string_view word);
  Status LoadFile(const std::string& path, WordFilter skip = nullptr);

  // Adds "word [freq] [tag]" lines of a user dictionary. A word without a
  // frequency gets the smallest one that makes Cut() keep it whole (jieba's
  // suggest_freq). Call after the main dictionary is loaded.
  Status LoadUserFile(const std::string& path);

  // Adds or replaces one word; words with freq <= 0 are ignored. Returns
  // false if the trie is full (kMaxNodes).
  bool AddWord(std::u32string_view word, double freq, std::string_view tag);

  // A log-probability bonus that Route() adds per word: above 0 it prefers
  // more, shorter words over the dictionary's long compounds.
  void set_word_bonus(double bonus) { word_bonus_ = bonus; }

  // Computes log probabilities; call after the last load, before lookups.
  void Finalize();

  // The child of `node` along `c`, or kNone.
  Node Child(Node node, char32_t c) const {
    if (node == kRoot && c < kRootDirect) return root_[c];
    const Slot* s = FindSlot(node, c);
    return s ? ChildOf(*s) : kNone;
  }
  // The node reached by `word`, or kNone.
  Node Find(const char32_t* begin, const char32_t* end) const;
  // True if the path to `node` spells a word (not just a prefix).
  bool IsWord(Node node) const { return freq_[node] > 0; }
  // log(freq / total) of a word node.
  double LogProb(Node node) const { return log_prob_[node]; }
  double Freq(Node node) const { return freq_[node]; }
  // The POS tag of a word node ("" if none). Valid while *this lives.
  std::string_view Tag(Node node) const { return tags_[tag_[node]]; }
  // log(total frequency): a character that is no word scores -LogTotal().
  double LogTotal() const { return log_total_; }
  double Total() const { return total_; }
  size_t word_count() const { return word_count_; }

  // The tag index of a word (TagName() spells it), or kNoWord.
  static constexpr uint16_t kNoWord = 0xFFFF;
  uint16_t WordTag(Node node) const {
    return node != kNone && IsWord(node) ? tag_[node] : kNoWord;
  }
  // WordTag() of the one-character word c, from a small table.
  uint16_t CharTag(char32_t c) const {
    return compact_valid_ && c < kRootDirect ? compact_.Root(c).tag
                                             : WordTag(Child(kRoot, c));
  }
  // WordTag(Find(begin, end)), from the compact trie after Finalize(): the
  // segmenter's lookups then read the cache lines that Route() reads.
  uint16_t FindTag(const char32_t* begin, const char32_t* end) const;
  std::string_view TagName(uint16_t index) const { return tags_[index]; }

  // jieba's maximum-probability path over s[0, n). The candidates at i are
  // the dictionary words starting there, plus the single character if it is
  // a word or no word starts there (it then scores as frequency 1); ties go
  // to the longer word; every word earns the word bonus. On return, for each
  // i: (*score)[i] is the best log probability of s[i, n), (*next)[i] the end
  // of the word the best path takes at i, and (*tags)[i] that word's tag
  // index (kNoWord for a character that is no word). The vectors are the
  // caller's scratch, so that the hot loop allocates nothing.
  // After Finalize() this walks the CompactTrie; while words were added
  // since, the building trie.
  void Route(const char32_t* s, size_t n, std::vector<double>* score,
             std::vector<uint32_t>* next, std::vector<uint16_t>* tags) const;

 private:
  void RouteCompact(const char32_t* s, size_t n, double* sc, uint32_t* nx,
                    uint16_t* tg) const;
  void RouteBuilding(const char32_t* s, size_t n, double* sc, uint32_t* nx,
                     uint16_t* tg) const;
  // One edge of the building trie: kv packs the key (parent node, code
  // point) above the child node.
  struct Slot {
    uint64_t kv;
  };
  static constexpr int kNodeBits = 21;
  static constexpr uint64_t kEmptyKey = ~uint64_t{0};
  static constexpr float kNotWord = 1.0f;  // Real log probabilities are < 0.
  static Node ChildOf(const Slot& s) {
    return static_cast<Node>(s.kv & ((uint64_t{1} << kNodeBits) - 1));
  }
  const Slot* FindSlot(Node node, char32_t c) const {
    uint64_t key = MakeKey(node, c);
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if ((s.kv >> kNodeBits) == key) return &s;
      if (s.kv == kEmptyKey) return nullptr;
    }
  }
  // The root's children in the BMP are a direct array: the first character
  // of every lookup then costs no hash probe.
  static constexpr char32_t kRootDirect = 0x10000;
  static uint64_t MakeKey(Node node, char32_t c) {
    return (uint64_t{node} << 21) | c;
  }
  static size_t Hash(uint64_t key) {
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  Node AddChild(Node node, char32_t c);
  // The previous word added and the nodes along it.
  struct PathCache {
    std::u32string word;
    std::vector<Node> path;
  };
  bool AddWordCached(std::u32string_view word, double freq,
                     std::string_view tag, PathCache* cache);
  // Moves every slot into a table of `capacity` (a power of two) slots.
  void Rehash(size_t capacity);
  // Makes room for `nodes` nodes in all without rehashing.
  void Reserve(size_t nodes);
  uint16_t TagIndex(std::string_view tag);
  // A tag of up to 7 bytes as an integer (its length, then its bytes);
  // kLongTag for a longer one.
  static constexpr uint64_t kLongTag = ~uint64_t{0};
  static uint64_t TagKey(std::string_view tag) {
    if (tag.size() > 7) return kLongTag;
    uint64_t key = tag.size();
    for (size_t i = 0; i < tag.size(); ++i) {
      key |= uint64_t{static_cast<unsigned char>(tag[i])} << (8 * (i + 1));
    }
    return key;
  }
  Status ParseLines(const std::string& path, bool user, WordFilter skip);
  double SuggestFreq(std::u32string_view word) const;

  std::vector<Node> root_;  // The root's children in the BMP, or kNone.
  // Route()'s layout of the trie, as of the last Finalize(); stale (and
  // unused) while words were added since, or if the dictionary outgrew
  // its fields (CompactTrie::Build()).
  CompactTrie compact_;
  bool compact_valid_ = false;
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  size_t used_ = 0;
  std::vector<double> freq_;      // Per node; 0 for a prefix only.
  std::vector<double> log_prob_;  // Per node, after Finalize().
  std::vector<uint16_t> tag_;     // Per node: index into tags_.
  std::vector<std::string> tags_;
  std::vector<uint64_t> tag_keys_;  // TagKey() of each of tags_.
  double word_bonus_ = 0;
  double total_ = 0;
  double log_total_ = 0;
  size_t word_count_ = 0;
};

}  // namespace ink::segmenter
