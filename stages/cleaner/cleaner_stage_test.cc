#include "stages/cleaner/cleaner_stage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  ASSERT_EQ(d.schema.keys.size(), 1u);
  EXPECT_EQ(d.schema.keys[0].name, "max_bytes");
  auto config = config::Config::Load("", "/tmp", {d.schema});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  auto stage = d.create(*config);
  ASSERT_TRUE(stage.ok());
}

}  // namespace
}  // namespace ink::cleaner
