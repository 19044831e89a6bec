#include "stages/fetcher/attempt_log.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing/temp_dir.h"

namespace ink::fetcher {
namespace {

using ink::testing::ReadFile;
using ink::testing::TempDir;
using ink::testing::WriteFile;

TEST(AttemptLogTest, AMissingLogIsEmpty) {
  TempDir dir;
  AttemptLog log(dir.Sub("inflight.log"));
  auto records = log.Load();
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_TRUE(records->empty());
}

TEST(AttemptLogTest, TheLastRecordOfAKeyWins) {
  TempDir dir;
  AttemptLog log(dir.Sub("inflight.log"));
  ASSERT_TRUE(log.Append({"k1", "a\nb.txt", 0}).ok());
  ASSERT_TRUE(log.Append({"k2", "c.txt", 1}).ok());
  ASSERT_TRUE(log.Append({"k1", "a\nb.txt", 2}).ok());
  EXPECT_EQ(log.appended(), 3u);
  auto records = AttemptLog(dir.Sub("inflight.log")).Load();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(records->at("k1").source, "a\nb.txt");
  EXPECT_EQ(records->at("k1").attempts, 2u);
  EXPECT_EQ(records->at("k2").attempts, 1u);
}

TEST(AttemptLogTest, SkipsLinesTornByACrashOrNotOurs) {
  TempDir dir;
  WriteFile(dir.Sub("inflight.log"),
            "{\"k\":\"k1\",\"s\":\"a.txt\",\"a\":3}\n"
            "{\"k\":\"k2\",\"s\":\"b.txt\",\"a\":-1}\n"
            "[1,2]\n"
            "{\"k\":\"k1\",\"s\":\"a.t");
  auto records = AttemptLog(dir.Sub("inflight.log")).Load();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->at("k1").attempts, 3u);
}

TEST(AttemptLogTest, RewriteKeepsOnlyTheGivenRecordsAndAppendsAfterThem) {
  TempDir dir;
  AttemptLog log(dir.Sub("inflight.log"));
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(log.Append({"k" + std::to_string(i), "s", 1}).ok());
  ASSERT_TRUE(log.Rewrite({{"k3", "s", 1}}).ok());
  EXPECT_EQ(log.appended(), 0u);
  ASSERT_TRUE(log.Append({"k4", "s", 2}).ok());
  auto records = AttemptLog(dir.Sub("inflight.log")).Load();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ(records->at("k3").attempts, 1u);
  EXPECT_EQ(records->at("k4").attempts, 2u);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("inflight.log.tmp")));
}

}  // namespace
}  // namespace ink::fetcher
