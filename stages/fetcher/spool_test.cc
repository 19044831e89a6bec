#include "stages/fetcher/spool.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing/temp_dir.h"

namespace ink::fetcher {
namespace {

using ink::testing::TempDir;
using ink::testing::WriteFile;

TEST(SpoolTest, SanitisedNamesAreSafeAndBounded) {
  EXPECT_EQ(Spool::SanitiseName("a b.txt"), "a b.txt");
  EXPECT_EQ(Spool::SanitiseName("a/b\nc"), "a_b_c");
  EXPECT_EQ(Spool::SanitiseName(std::string("x\xff") + "y"), "x_xFFy");
  EXPECT_LE(Spool::SanitiseName(std::string(400, 'a')).size(), 120u);
  std::string han;
  for (int i = 0; i < 100; ++i) han += "新";
  std::string cut = Spool::SanitiseName(han);
  EXPECT_EQ(cut.size() % 3, 0u);  // Never cut inside a character.
}

TEST(SpoolTest, TakeKeepsTheOriginalNameAcrossAListing) {
  TempDir dir;
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  std::string odd = "new\nline \xfe.txt";
  WriteFile(dir.Sub("inbox/") + odd, "data");
  auto e = spool.Take(odd);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  auto list = spool.ListInflight();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].key, e->key);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("inbox/") + odd));
}

TEST(SpoolTest, TakeOfAVanishedFileIsNotFound) {
  TempDir dir;
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  EXPECT_TRUE(spool.Take("nothing.txt").status().IsNotFound());
}

}  // namespace
}  // namespace ink::fetcher
