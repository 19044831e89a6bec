// The dictionary trie laid out for Dictionary::Route(), the segmenter's hot
// loop, which is bound by cache and TLB misses. Every node's children have
// a small open-addressing table of their own, and a slot holds all a step
// of the walk needs: the child's log probability, tag, a signature of its
// children (so that most walks stop without a lookup that would fail) and
// where its own table is, so a step reads one 16-byte slot. A child's home
// slot is its character's rank (characters that label many edges rank
// first) and the tables are stored breadth first, so the children of
// common characters sit together; the tables live in 2 MB pages.
//
// Built once from a finished trie (Build()), then immutable: all const
// methods may be called from any thread.
#pragma once

#include <cstdint>
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

  // One edge of the trie and what Route() needs of the node it leads to.
  struct Slot {
    uint32_t label;         // Code point | child table bits << kCharBits.
    uint32_t child_offset;  // The child's table: slots[offset, + 2^bits).
    float log_prob;         // kNotWord if the child is only a prefix.
    uint16_t tag;           // The child's tag index if it is a word.
    uint16_t child_sig;     // ChildBit()s of the child's own children.
  };
  static_assert(sizeof(Slot) == 16);
  // A root child in the BMP, indexed by its character.
  struct RootEntry {
    uint32_t child_offset;
    float log_prob;      // kNotWord if the character is no word.
    uint32_t child_sig;  // RootChildBit()s of its children; 0 if none.
    uint16_t tag;        // kNoWord if the character is no word.
    uint8_t child_bits;
    uint8_t unused = 0;
  };
  static_assert(sizeof(RootEntry) == 16);

  static uint16_t ChildBit(char32_t c) {
    return static_cast<uint16_t>(1u << ((c * 0x9E3779B1u) >> 28));
  }
  static uint32_t RootChildBit(char32_t c) {
    return uint32_t{1} << ((c * 0x9E3779B1u) >> 27);
  }

  // The trie to lay out: nodes 0 (the root) to node_count - 1, and every
  // edge. log_prob and tag are per node (kNotWord / any tag for a prefix).
  struct Edge {
    uint32_t parent;
    char32_t c;
    uint32_t child;
  };
  static CompactTrie Build(size_t node_count, const std::vector<Edge>& edges,
                           const std::vector<float>& log_prob,
                           const std::vector<uint16_t>& tag);

  // The rank of c, the home slot of its edges (modulo the table size).
  uint32_t Rank(char32_t c) const {
    return c < kRootDirect ? rank_[c] : (c * 0x9E3779B1u) >> 16;
  }
  const RootEntry& Root(char32_t c) const { return root_[c]; }
  // The edge along c (of rank `rank`) in the table at `offset` of 2^bits
  // slots, or nullptr.
  const Slot* Find(uint32_t offset, uint32_t bits, char32_t c,
                   uint32_t rank) const {
    const uint32_t mask = (uint32_t{1} << bits) - 1;
    const Slot* table = slots_.data() + offset;
    for (uint32_t k = 0, i = rank & mask; k <= mask; ++k, i = (i + 1) & mask) {
      const uint32_t label = table[i].label & kCharMask;
      if (label == c) return &table[i];
      if (label == kEmptyChar) return nullptr;
    }
    return nullptr;
  }
  const Slot* HomeSlot(uint32_t offset, uint32_t bits, uint32_t rank) const {
    return slots_.data() + offset + (rank & ((uint32_t{1} << bits) - 1));
  }
  static uint32_t ChildBits(const Slot& s) { return s.label >> kCharBits; }
  // The root's children outside the BMP.
  const Slot* FindRoot(char32_t c) const {
    return Find(kRootTable, root_bits_, c, Rank(c));
  }

  size_t slot_count() const { return slots_.size(); }

 private:
  static constexpr int kCharBits = 21;
  static constexpr uint32_t kCharMask = (uint32_t{1} << kCharBits) - 1;
  // No character: code points end at 0x10FFFF, kInvalidByte is 0x110000.
  static constexpr uint32_t kEmptyChar = kCharMask;

  // slots_[0] stays empty: a node without children points there, so that
  // a lookup in it finds nothing. The root table follows.
  static constexpr uint32_t kRootTable = 1;

  std::vector<RootEntry, HugePageAllocator<RootEntry>> root_;  // kRootDirect.
  std::vector<uint16_t> rank_;                                 // kRootDirect.
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  uint32_t root_bits_ = 0;
};

}  // namespace ink::segmenter
