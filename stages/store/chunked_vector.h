// A vector that grows by fixed chunks: appending never moves the elements
// (their addresses stay valid) and never copies the ones already there.
// The index keeps one entry per term in two of these: as a std::vector
// each doubling moved every posting list and key into fresh memory, a
// tenth of a Put's time going to the kernel's zeroing of those pages.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace ink::store {

template <typename T, size_t kChunkBits = 12>
class ChunkedVector {
 public:
  static constexpr size_t kChunk = size_t{1} << kChunkBits;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const {
    return chunks_[i >> kChunkBits][i & (kChunk - 1)];
  }

  // Appends a value-initialised element and returns it.
  T& emplace_back() {
    if (size_ == chunks_.size() * kChunk)
      chunks_.push_back(std::make_unique<T[]>(kChunk));
    return (*this)[size_++];
  }
  template <typename Arg>
  T& emplace_back(Arg&& arg) {
    T& t = emplace_back();
    t = T(std::forward<Arg>(arg));
    return t;
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace ink::store
