#include "stages/enricher/term_index.h"

namespace ink::enricher {

void TermIndex::Reserve(size_t expected) {
  size_t n = 16;
  while (n < expected * 2) n *= 2;  // At most half full.
  if (n <= slots_.size()) return;
  slots_.assign(n, Slot{});
  names_.reserve(expected);
  for (uint32_t id = 0; id < names_.size(); ++id) {
    const uint64_t h = ShortHash(names_[id]);
    size_t i = h & (n - 1);
    while (slots_[i].id != kNone) i = (i + 1) & (n - 1);
    slots_[i] = {id, static_cast<uint32_t>(h >> 32)};
  }
}

void TermIndex::Grow() { Reserve(slots_.empty() ? 8 : slots_.size()); }

uint32_t TermIndex::Add(std::string_view term) {
  if ((names_.size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t h = ShortHash(term);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.id == kNone) {
      slot = {static_cast<uint32_t>(names_.size()), tag};
      names_.push_back(term);
      return slot.id;
    }
    if (slot.hash == tag && names_[slot.id] == term) return slot.id;
  }
}

uint32_t TermIndex::Find(std::string_view term) const {
  if (slots_.empty()) return kNone;
  const uint64_t h = ShortHash(term);
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kNone) return kNone;
    if (slot.hash == tag && names_[slot.id] == term) return slot.id;
  }
}

}  // namespace ink::enricher
