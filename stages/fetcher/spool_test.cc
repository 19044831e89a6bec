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

TEST(SpoolTest, ARestartKeepsSourceNamesAndAttempts) {
  TempDir dir;
  std::string odd = "new\nline.txt";  // The key cannot hold this name.
  std::string plain_key, odd_key;
  {
    Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
    ASSERT_TRUE(spool.Init().ok());
    WriteFile(dir.Sub("inbox/plain.txt"), "a");
    WriteFile(dir.Sub("inbox/") + odd, "b");
    auto plain = spool.Take("plain.txt");
    auto taken = spool.Take(odd);  // Never sent before the "crash".
    ASSERT_TRUE(plain.ok() && taken.ok());
    plain->attempts = 2;
    ASSERT_TRUE(spool.SaveState(*plain).ok());
    plain_key = plain->key;
    odd_key = taken->key;
  }
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  auto list = spool.ListInflight();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  for (const auto& e : *list) {
    if (e.key == plain_key) {
      EXPECT_EQ(e.source, "plain.txt");
      EXPECT_EQ(e.attempts, 2u);
    } else {
      EXPECT_EQ(e.key, odd_key);
      EXPECT_EQ(e.source, odd);
      EXPECT_EQ(e.attempts, 0u);
    }
  }
}

TEST(SpoolTest, ReadsAndRemovesStateFilesOfOlderVersions) {
  TempDir dir;
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  std::string key = "0000000000000001-1-1~a_b.txt";
  WriteFile(dir.Sub("spool/inflight/") + key, "x");
  WriteFile(dir.Sub("spool/inflight/") + key + ".state",
            R"({"source":"a/b.txt","attempts":3})");
  WriteFile(dir.Sub("spool/inflight/gone.state"), "{}");
  auto list = spool.ListInflight();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].source, "a/b.txt");
  EXPECT_EQ((*list)[0].attempts, 3u);
  EXPECT_EQ(std::distance(
                std::filesystem::directory_iterator(dir.Sub("spool/inflight")),
                std::filesystem::directory_iterator()),
            1);
  // Now on record in the log: a second start still knows the attempts.
  Spool again(dir.Sub("inbox"), dir.Sub("spool"));
  auto relisted = again.ListInflight();
  ASSERT_TRUE(relisted.ok());
  ASSERT_EQ(relisted->size(), 1u);
  EXPECT_EQ((*relisted)[0].attempts, 3u);
}

TEST(SpoolTest, TheLogStaysBoundedByTheFilesInFlight) {
  TempDir dir;
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  for (int i = 0; i < 5000; ++i) {
    std::string name = "f" + std::to_string(i);
    WriteFile(dir.Sub("inbox/") + name, "x");
    auto e = spool.Take(name);
    ASSERT_TRUE(e.ok());
    e->attempts = 1;
    ASSERT_TRUE(spool.SaveState(*e).ok());
    ASSERT_TRUE(spool.MarkDone(*e).ok());
  }
  // Each line is under 100 bytes; without rewrites there would be 5000.
  EXPECT_LT(std::filesystem::file_size(dir.Sub("spool/inflight.log")),
            1100u * 100);
}

TEST(SpoolTest, TakeOfAVanishedFileIsNotFound) {
  TempDir dir;
  Spool spool(dir.Sub("inbox"), dir.Sub("spool"));
  ASSERT_TRUE(spool.Init().ok());
  EXPECT_TRUE(spool.Take("nothing.txt").status().IsNotFound());
}

}  // namespace
}  // namespace ink::fetcher
