#include "stages/cleaner/cleaner_stage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace ink::cleaner {
namespace {

using ::testing::HasSubstr;

TEST(CleanerStageTest, CleansAndDropsRawBytes) {
  CleanerStage stage{Options{}};
  CollectingEmitter out;
  v1::Envelope env;
  env.set_doc_id("abc");
  env.mutable_raw()->set_filename("a.txt");
  env.mutable_raw()->set_content("一个标题\n这是正文的第一段，内容完整。\n");
  ASSERT_TRUE(stage.Process(env, &out).ok());
  ASSERT_EQ(out.emitted.size(), 1u);
  const v1::Envelope& e = out.emitted[0];
  EXPECT_EQ(e.doc_id(), "abc");
  EXPECT_EQ(e.clean().title(), "一个标题");
  EXPECT_TRUE(e.raw().content().empty());
  EXPECT_EQ(e.raw().filename(), "a.txt");
  EXPECT_EQ(stage.StatusJson()["cleaned"], 1);
}

TEST(CleanerStageTest, ErrorsAreReturnedNotEmitted) {
  CleanerStage stage{Options{}};
  CollectingEmitter out;
  v1::Envelope env;
  EXPECT_TRUE(stage.Process(env, &out).IsInvalidArgument());
  env.mutable_raw()->set_filename("bin.dat");
  env.mutable_raw()->set_content(std::string("\0\0\0\0", 4));
  Status s = stage.Process(env, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_THAT(s.message(), HasSubstr("binary content"));
  EXPECT_TRUE(out.emitted.empty());
}

TEST(CleanerStageTest, DescriptorReadsMaxBytes) {
  StageDescriptor d = Descriptor();
  EXPECT_EQ(d.name, "cleaner");
  ASSERT_EQ(d.schema.keys.size(), 2u);
  EXPECT_EQ(d.schema.keys[0].name, "max_bytes");
  EXPECT_EQ(d.schema.keys[1].name, "default_utc_offset");
  auto config = config::Config::Load("", "/tmp", {d.schema});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  auto stage = d.create(*config);
  ASSERT_TRUE(stage.ok());
}

TEST(CleanerStageTest, DefaultUtcOffsetIsReadAndChecked) {
  EXPECT_EQ(ParseUtcOffset("+08:00"), 480);
  EXPECT_EQ(ParseUtcOffset("-05:00"), -300);
  EXPECT_EQ(ParseUtcOffset("+05:45"), 345);
  EXPECT_EQ(ParseUtcOffset("08:00"), std::nullopt);
  EXPECT_EQ(ParseUtcOffset("+8"), std::nullopt);
  EXPECT_EQ(ParseUtcOffset("+25:00"), std::nullopt);

  const std::string path = ::testing::TempDir() + "/cleaner_offset_" +
                           std::to_string(getpid()) + ".yaml";
  StageDescriptor d = Descriptor();
  {
    std::ofstream(path) << "cleaner:\n  default_utc_offset: \"-05:00\"\n";
    auto config = config::Config::Load(path, "/tmp", {d.schema});
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto stage = d.create(*config);
    ASSERT_TRUE(stage.ok()) << stage.status().ToString();
    CollectingEmitter out;
    v1::Envelope env;
    env.mutable_raw()->set_filename("wire.json");
    env.mutable_raw()->set_content(
        R"({"title":"COCOA REVIEW","published":"1987-02-26 15:01",)"
        R"("text":"Showers continued throughout the week in the cocoa zone."})");
    ASSERT_TRUE((*stage)->Process(env, &out).ok());
    ASSERT_EQ(out.emitted.size(), 1u);
    EXPECT_EQ(out.emitted[0].clean().date(), "1987-02-26T15:01:00-05:00");
  }
  {
    std::ofstream(path) << "cleaner:\n  default_utc_offset: \"EST\"\n";
    auto config = config::Config::Load(path, "/tmp", {d.schema});
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    auto stage = d.create(*config);
    ASSERT_FALSE(stage.ok());
    EXPECT_THAT(stage.status().message(), HasSubstr("default_utc_offset"));
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ink::cleaner
