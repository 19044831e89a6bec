// The dictionary trie laid out for Dictionary::Route(), the segmenter's hot
// loop, which is bound by cache and TLB misses. Every node's children have
// a small open-addressing table of their own, and a slot is one 8-byte
// word that holds all a step of the walk needs: the child's character (as
// its rank), where the child's own table is, a signature of its children
// (so that most walks stop without a lookup that would fail) and the index
// of its (log probability, tag) pair among the few thousand distinct ones,
// so a step reads one slot and, for a word, one entry of a small table that
// stays in the cache. A child's home slot is its character's rank
// (characters that label many edges rank first) and the tables are stored
// breadth first, so the children of common characters sit together; the
// tables live in 2 MB pages.
//
// Built once from a finished trie (Build()), then immutable: all const
// methods may be called from any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "stages/segmenter/huge_page_allocator.h"

namespace ink::segmenter {

class CompactTrie {
 public:
  static constexpr float kNotWord = 1.0f;  // Real log probabilities are < 0.
  static constexpr uint16_t kNoWord = 0xFFFF;
  // The characters of the root table: the rest of the root's children are
  // in a direct array.
  static constexpr char32_t kRootDirect = 0x10000;

  // One edge of the trie and what Route() needs of the node it leads to,
  // packed by MakeSlot() and read by the accessors below.
  using Slot = uint64_t;
  // Field widths. A dictionary that needs more (Build() returns nullopt)
  // is walked through the building trie instead.
  static constexpr int kRankBits = 14, kTableBits = 4, kOffsetBits = 21,
                       kWordBits = 17, kSigBits = 8;
  static_assert(kRankBits + kTableBits + kOffsetBits + kWordBits + kSigBits ==
                64);
  // Ranks of characters that label slots are below kNoRank; kEmptyRank
  // marks an empty slot. A character that labels none has kNoRank, which no
  // slot matches.
  static constexpr uint32_t kEmptyRank = (uint32_t{1} << kRankBits) - 1;
  static constexpr uint32_t kNoRank = kEmptyRank - 1;

  static uint32_t Label(Slot s) { return s & kEmptyRank; }
  static uint32_t ChildBits(Slot s) {
    return (s >> kRankBits) & ((1u << kTableBits) - 1);
  }
  static uint32_t ChildOffset(Slot s) {
    return (s >> (kRankBits + kTableBits)) & ((1u << kOffsetBits) - 1);
  }
  // 0 if the child is only a prefix, else an index for GetWord().
  static uint32_t WordIndex(Slot s) {
    return (s >> (kRankBits + kTableBits + kOffsetBits)) &
           ((1u << kWordBits) - 1);
  }
  static uint32_t ChildSig(Slot s) { return s >> (64 - kSigBits); }

  // A word's log probability and tag index; GetWord(0) is no word.
  struct Word {
    float log_prob;
    uint16_t tag;
  };
  const Word& GetWord(uint32_t index) const { return words_[index]; }

  // Every character of the BMP, as a root child (if it is one) and with
  // its rank: the walk from a position reads this entry anyway, so the
  // rank of the character costs no load of its own.
  struct RootEntry {
    uint32_t child;      // The child's table: offset | bits << kOffsetBits.
    float log_prob;      // kNotWord if the character is no word.
    uint32_t child_sig;  // RootChildBit()s of its children; 0 if none.
    uint16_t tag;        // kNoWord if the character is no word.
    uint16_t rank;       // Rank().
  };
  static_assert(sizeof(RootEntry) == 16);
  static uint32_t ChildOffset(const RootEntry& r) {
    return r.child & ((1u << kOffsetBits) - 1);
  }
  static uint32_t ChildBits(const RootEntry& r) {
    return r.child >> kOffsetBits;
  }

  static uint32_t ChildBit(char32_t c) {
    return 1u << ((c * 0x9E3779B1u) >> (32 - 3));
  }
  static uint32_t RootChildBit(char32_t c) {
    return uint32_t{1} << ((c * 0x9E3779B1u) >> 27);
  }

  // The trie to lay out: nodes 0 (the root) to node_count - 1, and every
  // edge. log_prob and tag are per node (kNotWord / any tag for a prefix).
  // nullopt if the trie does not fit the slot's fields: more than kNoRank
  // distinct characters below the root, 2^kOffsetBits slots or
  // 2^kWordBits - 1 distinct (log probability, tag) pairs.
  struct Edge {
    uint32_t parent;
    char32_t c;
    uint32_t child;
  };
  static std::optional<CompactTrie> Build(size_t node_count,
                                          const std::vector<Edge>& edges,
                                          const std::vector<float>& log_prob,
                                          const std::vector<uint16_t>& tag);

  // The rank of c: the home slot of its edges (modulo the table size), and
  // what a slot of such an edge holds; kNoRank if c labels no slot.
  uint32_t Rank(char32_t c) const {
    if (c < kRootDirect) return root_[c].rank;
    auto it = std::lower_bound(astral_rank_.begin(), astral_rank_.end(), c,
                               [](const std::pair<char32_t, uint32_t>& e,
                                  char32_t v) { return e.first < v; });
    return it != astral_rank_.end() && it->first == c ? it->second : kNoRank;
  }
  const RootEntry& Root(char32_t c) const { return root_[c]; }
  // The edge of rank `rank` in the table at `offset` of 2^bits slots, or
  // nullptr.
  const Slot* Find(uint32_t offset, uint32_t bits, uint32_t rank) const {
    const uint32_t mask = (uint32_t{1} << bits) - 1;
    const Slot* table = slots_.data() + offset;
    for (uint32_t k = 0, i = rank & mask; k <= mask; ++k, i = (i + 1) & mask) {
      const uint32_t label = Label(table[i]);
      if (label == rank) return &table[i];
      if (label == kEmptyRank) return nullptr;
    }
    return nullptr;
  }
  const Slot* HomeSlot(uint32_t offset, uint32_t bits, uint32_t rank) const {
    return slots_.data() + offset + (rank & ((uint32_t{1} << bits) - 1));
  }
  // The root's children outside the BMP.
  const Slot* FindRoot(char32_t c) const {
    return Find(kRootTable, root_bits_, Rank(c));
  }

  size_t slot_count() const { return slots_.size(); }
  size_t word_count() const { return words_.size(); }

 private:
  static Slot MakeSlot(uint32_t rank, uint32_t bits, uint32_t offset,
                       uint32_t word, uint32_t sig) {
    return Slot{rank} | (Slot{bits} << kRankBits) |
           (Slot{offset} << (kRankBits + kTableBits)) |
           (Slot{word} << (kRankBits + kTableBits + kOffsetBits)) |
           (Slot{sig} << (64 - kSigBits));
  }

  // slots_[0] stays empty: a node without children points there, so that
  // a lookup in it finds nothing. The root table follows.
  static constexpr uint32_t kRootTable = 1;

  std::vector<RootEntry, HugePageAllocator<RootEntry>> root_;  // kRootDirect.
  // Rank() of the characters outside the BMP that label slots, by
  // character.
  std::vector<std::pair<char32_t, uint32_t>> astral_rank_;
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::vector<Word> words_;
  uint32_t root_bits_ = 0;
};

}  // namespace ink::segmenter
