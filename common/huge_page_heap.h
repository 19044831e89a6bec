// Backs the heap with transparent huge pages where the kernel offers them.
//
// The store's writes grow its memory steadily: RocksDB memtables, the
// in-memory postings, the document metadata. Every fresh 4 KB page costs a
// page fault and a zeroing in the kernel, and on virtual machines a fault
// costs microseconds: in store_bench about a fifth of the Put thread's and
// a sixth of the indexing thread's CPU went to them. With 2 MB pages the
// kernel faults once per 512 pages. (A stage whose big allocations come
// and go per document may lose instead: see StageDescriptor.)
#pragma once

namespace ink {

// From now on, the memory allocator takes memory from the kernel in whole
// 2 MB pages, aligned to them and advised for transparent huge pages
// (madvise MADV_HUGEPAGE, which the kernel's "madvise" default honours).
// Call it at the start of main, before threads start. Returns false, and
// changes nothing, where the program's allocator is not tcmalloc (sanitizer
// builds, INK_TCMALLOC=OFF), or where the environment sets INK_HUGE_PAGES=0.
// Where the kernel gives no huge pages, the memory is ordinary and works
// the same.
bool UseHugePagesForHeap();

// Whether UseHugePagesForHeap() took effect in this process (for status
// reports; it installs nothing).
bool HugePagesForHeapInUse();

}  // namespace ink
