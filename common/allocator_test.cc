// Every program links tcmalloc (CMake option INK_TCMALLOC, defining
// INK_TCMALLOC here): these tests
// check that malloc really is tcmalloc's in a program linked like the
// daemons, not merely that the library is on the link line.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace {

#if defined(INK_TCMALLOC)

using GetNumericProperty = int (*)(const char*, size_t*);

size_t AllocatedBytes(GetNumericProperty get) {
  size_t bytes = 0;
  EXPECT_TRUE(get("generic.current_allocated_bytes", &bytes));
  return bytes;
}

TEST(AllocatorTest, MallocIsTcmallocs) {
  auto get = reinterpret_cast<GetNumericProperty>(
      dlsym(RTLD_DEFAULT, "MallocExtension_GetNumericProperty"));
  ASSERT_NE(get, nullptr) << "tcmalloc is not loaded";
  const size_t before = AllocatedBytes(get);
  constexpr size_t kSize = 64 << 20;
  void* p = std::malloc(kSize);
  ASSERT_NE(p, nullptr);
  std::memset(p, 1, 4096);
  // tcmalloc counts what plain malloc handed out.
  EXPECT_GE(AllocatedBytes(get), before + kSize);
  std::free(p);
  EXPECT_LT(AllocatedBytes(get), before + kSize);
}

#else

TEST(AllocatorTest, BuiltWithoutTcmalloc) {
  GTEST_SKIP() << "INK_TCMALLOC is off (or a sanitizer build)";
}

#endif

}  // namespace
