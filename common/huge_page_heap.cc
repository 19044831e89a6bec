#include "common/huge_page_heap.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string_view>

#if defined(INK_TCMALLOC)
#include <gperftools/malloc_extension.h>
#endif

namespace ink {
namespace {

std::atomic<bool> in_use{false};

}  // namespace

bool HugePagesForHeapInUse() { return in_use.load(std::memory_order_relaxed); }

#if defined(INK_TCMALLOC)
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

// tcmalloc asks its system allocator for at least 1 MB at a time, at 4 KB
// alignment; this one asks the default allocator (sbrk, then mmap) for
// whole aligned huge pages instead, and advises them. tcmalloc uses all of
// what it is given, so the rounding wastes nothing.
class HugePageSysAllocator final : public SysAllocator {
 public:
  explicit HugePageSysAllocator(SysAllocator* base) : base_(base) {}

  void* Alloc(size_t size, size_t* actual_size, size_t alignment) override {
    size_t actual = 0;
    if (size <= SIZE_MAX - kHugePage) {
      const size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
      void* p = base_->Alloc(rounded, &actual, std::max(alignment, kHugePage));
      if (p != nullptr) {
        // Advice only: where it fails the pages are ordinary ones.
        (void)madvise(p, actual, MADV_HUGEPAGE);
        if (actual_size != nullptr) *actual_size = actual;
        return p;
      }
    }
    return base_->Alloc(size, actual_size, alignment);
  }

 private:
  SysAllocator* base_;
};

}  // namespace

bool UseHugePagesForHeap() {
  if (const char* env = std::getenv("INK_HUGE_PAGES");
      env != nullptr && std::string_view(env) == "0")
    return false;
  static bool installed = [] {
    MallocExtension* ext = MallocExtension::instance();
    SysAllocator* base = ext->GetSystemAllocator();
    if (base == nullptr) return false;
    // Never destroyed: tcmalloc may call it at any time, also while static
    // destructors run at exit (a destroyed one would be a pure virtual
    // call).
    alignas(HugePageSysAllocator) static unsigned char
        storage[sizeof(HugePageSysAllocator)];
    ext->SetSystemAllocator(new (storage) HugePageSysAllocator(base));
    in_use.store(true, std::memory_order_relaxed);
    return true;
  }();
  return installed;
}

#else

bool UseHugePagesForHeap() { return false; }

#endif

}  // namespace ink
