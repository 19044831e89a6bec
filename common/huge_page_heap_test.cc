#include "common/huge_page_heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace ink {
namespace {

// The VmFlags line of the mapping holding `p`, from /proc/self/smaps.
std::string VmFlagsOf(const void* p) {
  const auto addr = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = begin <= addr && addr < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

#if defined(INK_TCMALLOC)

// Bigger than anything the test process freed: tcmalloc takes each from
// the kernel, through whatever system allocator is installed then.
constexpr size_t kSize = size_t{96} << 20;

TEST(HugePageHeapTest, MemoryTakenFromTheKernelIsAdvisedForHugePages) {
  // Switched off by the environment: nothing is installed.
  ASSERT_EQ(setenv("INK_HUGE_PAGES", "0", 1), 0);
  EXPECT_FALSE(UseHugePagesForHeap());
  EXPECT_FALSE(HugePagesForHeapInUse());
  char* plain = static_cast<char*>(std::malloc(kSize));
  ASSERT_NE(plain, nullptr);
  std::memset(plain, 1, kSize);
  EXPECT_EQ(VmFlagsOf(plain + kSize / 2).find(" hg"), std::string::npos);

  ASSERT_EQ(unsetenv("INK_HUGE_PAGES"), 0);
  ASSERT_TRUE(UseHugePagesForHeap());
  EXPECT_TRUE(UseHugePagesForHeap()) << "a second call changes nothing";
  EXPECT_TRUE(HugePagesForHeapInUse());
  char* p = static_cast<char*>(std::malloc(kSize));
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, kSize);
  const std::string flags = VmFlagsOf(p + kSize / 2);
  ASSERT_FALSE(flags.empty()) << "no mapping holds the allocation";
  // "hg": the mapping was advised MADV_HUGEPAGE.
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
  EXPECT_EQ(p[kSize - 1], 1);
  std::free(p);
  std::free(plain);
}

#else

TEST(HugePageHeapTest, WithoutTcmallocNothingChanges) {
  EXPECT_FALSE(UseHugePagesForHeap());
  EXPECT_FALSE(HugePagesForHeapInUse());
  void* p = std::malloc(size_t{8} << 20);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(VmFlagsOf(p).find(" hg"), std::string::npos);
  std::free(p);
}

#endif

}  // namespace
}  // namespace ink
