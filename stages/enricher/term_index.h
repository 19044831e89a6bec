// Numbers the distinct terms of one article, so the keyword, summary and
// fingerprint code count, score and compare terms by a small integer
// instead of hashing the same strings again in each of their maps.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ink::enricher {

// A hash of a short byte string (terms are a few UTF-8 characters): a few
// word loads and multiplications instead of a byte loop.
inline uint64_t ShortHash(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  auto mix = [](uint64_t x) {
    x *= 0xFF51AFD7ED558CCDull;
    return x ^ (x >> 32);
  };
  while (n > 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = mix(h ^ w);
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    w = (uint64_t{hi} << 32) | lo;
  } else if (n > 0) {
    w = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
        (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  return mix(mix(h ^ w));
}

// Ids 0, 1, 2... for distinct strings in the order they are first added.
// Keeps views: the bytes of every added term must outlive the index (and
// stay where they are). Not thread-safe; one per article.
class TermIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  TermIndex() = default;
  // Room for about `expected` terms without growing.
  explicit TermIndex(size_t expected) { Reserve(expected); }

  // The id of `term`, the next one if it is new.
  uint32_t Add(std::string_view term);
  // The id of `term`, or kNone.
  uint32_t Find(std::string_view term) const;

  size_t size() const { return names_.size(); }
  std::string_view name(uint32_t id) const { return names_[id]; }
  const std::vector<std::string_view>& names() const { return names_; }

 private:
  struct Slot {
    uint32_t id = kNone;
    uint32_t hash = 0;  // High bits of the hash, to skip most compares.
  };
  void Reserve(size_t expected);
  void Grow();

  std::vector<Slot> slots_;  // Open addressing, linear probing; 2^k slots.
  std::vector<std::string_view> names_;
};

}  // namespace ink::enricher
