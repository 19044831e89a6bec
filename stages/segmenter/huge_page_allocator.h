// An allocator for the dictionary's big lookup tables: allocations of
// kMinBytes or more are rounded up to whole 2 MB pages, aligned to them and
// advised to use transparent huge pages.
// Cut() reads those tables at random; with 4 KB pages nearly every lookup
// also misses the TLB, and a page walk costs as much as the cache miss.
// Where the kernel gives no huge pages this is a plain aligned allocation.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace ink::segmenter {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;
  // Smaller tables round up to one huge page too: the edge filter (256 KB)
  // and the root table (1 MB) are read at random like the trie itself.
  static constexpr size_t kMinBytes = size_t{256} << 10;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kMinBytes) {
      return static_cast<T*>(
          ::operator new (bytes, std::align_val_t{alignof(T)}));
    }
    const size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    // Advice only: failure leaves ordinary pages, which work the same.
    (void)madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kMinBytes) {
      ::operator delete (p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace ink::segmenter
