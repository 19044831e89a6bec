#include "common/config.h"

#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"

namespace ink::config {
namespace {

using ink::testing::TempDir;
using ink::testing::WriteFile;

std::vector<SectionSchema> Schemas() {
  return {{"fetcher",
           "test",
           {{"inbox", Type::kString, "{home}/inbox", "drop folder"},
            {"max", Type::kInt, "5", "a number"},
            {"on", Type::kBool, "false", "a switch"},
            {"ratio", Type::kDouble, "0.5", "a ratio"},
            {"peers", Type::kStringList, "a, b", "a list"}}}};
}

TEST(ConfigTest, DefaultsWithPlaceholdersExpanded) {
  TempDir dir;
  auto c = Config::Load("", dir.Sub("home"), Schemas());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Section& s = c->section("fetcher");
  EXPECT_EQ(s.GetString("inbox"), dir.Sub("home") + "/inbox");
  EXPECT_EQ(s.GetInt("max"), 5);
  EXPECT_FALSE(s.GetBool("on"));
  EXPECT_DOUBLE_EQ(s.GetDouble("ratio"), 0.5);
  EXPECT_EQ(s.GetList("peers"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c->run_dir(), dir.Sub("home") + "/run");
}

TEST(ConfigTest, FileValuesOverrideDefaults) {
  TempDir dir;
  WriteFile(dir.Sub("c.yaml"),
            "fetcher:\n  max: 9\n  on: true\n  peers: [x, \"{run}/y\"]\n");
  auto c = Config::Load(dir.Sub("c.yaml"), dir.Sub("h"), Schemas());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->section("fetcher").GetInt("max"), 9);
  EXPECT_TRUE(c->section("fetcher").GetBool("on"));
  EXPECT_EQ(c->section("fetcher").GetList("peers")[1], dir.Sub("h") + "/run/y");
}

TEST(ConfigTest, UnknownKeysAndSectionsAreErrorsThatNameThem) {
  TempDir dir;
  WriteFile(dir.Sub("a.yaml"), "fetcher:\n  maxx: 9\n");
  auto a = Config::Load(dir.Sub("a.yaml"), dir.path(), Schemas());
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("fetcher.maxx"), std::string::npos);
  WriteFile(dir.Sub("b.yaml"), "fetchr:\n  max: 9\n");
  auto b = Config::Load(dir.Sub("b.yaml"), dir.path(), Schemas());
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("'fetchr'"), std::string::npos);
}

TEST(ConfigTest, BadValuesAndFilesAreClearErrors) {
  TempDir dir;
  WriteFile(dir.Sub("a.yaml"), "fetcher:\n  max: many\n");
  auto a = Config::Load(dir.Sub("a.yaml"), dir.path(), Schemas());
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("not an integer"), std::string::npos);
  WriteFile(dir.Sub("b.yaml"), "fetcher: [1, 2\n");
  EXPECT_TRUE(Config::Load(dir.Sub("b.yaml"), dir.path(), Schemas())
                  .status()
                  .IsInvalidArgument());
  EXPECT_FALSE(Config::Load(dir.Sub("none.yaml"), dir.path(), Schemas()).ok());
  // Sections of other daemons are allowed but not checked by this one.
  WriteFile(dir.Sub("c.yaml"), "store:\n  anything: 1\n");
  EXPECT_TRUE(Config::Load(dir.Sub("c.yaml"), dir.path(), Schemas()).ok());
}

TEST(ConfigTest, DescribeListsEveryKeyWithItsHelp) {
  std::string text = DescribeSchemas(Schemas());
  EXPECT_NE(text.find("fetcher:"), std::string::npos);
  EXPECT_NE(text.find("# a switch"), std::string::npos);
  EXPECT_NE(text.find("max: 5"), std::string::npos);
  EXPECT_NE(text.find("peers: [\"a\", \"b\"]"), std::string::npos);
}

}  // namespace
}  // namespace ink::config
