#include "stages/segmenter/segmenter_stage.h"

#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"

namespace ink::segmenter {
namespace {

TEST(SegmenterStageTest, SegmentsAndEmits) {
  auto stage = SegmenterStage::Create(Options());
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  v1::Envelope env;
  env.set_doc_id("d1");
  env.mutable_clean()->set_title("标题");
  env.mutable_clean()->add_paragraphs("正文。");
  CollectingEmitter out;
  ASSERT_TRUE((*stage)->Process(env, &out).ok());
  ASSERT_EQ(out.emitted.size(), 1u);
  const v1::Envelope& e = out.emitted[0];
  EXPECT_EQ(e.doc_id(), "d1");
  ASSERT_EQ(e.segmented().fields_size(), 2);
  EXPECT_EQ(e.segmented().fields(1).text(), "正文。");
  EXPECT_EQ((*stage)->StatusJson()["documents"], 1);

  // Processing again replaces the fields rather than appending.
  ASSERT_TRUE((*stage)->Process(env, &out).ok());
  EXPECT_EQ(out.emitted[1].segmented().fields_size(), 2);
}

TEST(SegmenterStageTest, RejectsEnvelopeWithoutCleanArticle) {
  auto stage = SegmenterStage::Create(Options());
  ASSERT_TRUE(stage.ok());
  v1::Envelope env;
  CollectingEmitter out;
  Status s = (*stage)->Process(env, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "no clean article");
  EXPECT_TRUE(out.emitted.empty());
}

TEST(SegmenterStageTest, DescriptorDeclaresKeys) {
  StageDescriptor d = Descriptor();
  EXPECT_EQ(d.name, "segmenter");
  std::vector<std::string> names;
  for (const config::Key& k : d.schema.keys) {
    names.push_back(k.name);
    EXPECT_FALSE(k.help.empty());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"dict", "hmm_dir", "user_dict"}));
  EXPECT_EQ(d.schema.keys[0].default_value, Options().dict_path);
  EXPECT_TRUE(d.create);
}

TEST(SegmenterStageTest, FactoryReadsTheConfigSection) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("user.txt"), "杭研大厦 nt\n");
  ink::testing::WriteFile(dir.Sub("ink.yaml"), "segmenter:\n  user_dict: " +
                                                   dir.Sub("user.txt") + "\n");
  StageDescriptor d = Descriptor();
  auto cfg = config::Config::Load(dir.Sub("ink.yaml"), dir.path(), {d.schema});
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto stage = d.create(*cfg);
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  v1::Envelope env;
  env.mutable_clean()->add_paragraphs("网易杭研大厦");
  CollectingEmitter out;
  ASSERT_TRUE((*stage)->Process(env, &out).ok());
  const auto& tokens = out.emitted.at(0).segmented().fields(1).tokens();
  ASSERT_GE(tokens.size(), 2);
  EXPECT_EQ(tokens[1].text(), "杭研大厦");  // From the user dictionary.
}

TEST(SegmenterStageTest, ReloadPicksUpUserDictionaryChanges) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("user.txt"), "");
  Options options;
  options.user_dict_path = dir.Sub("user.txt");
  auto stage = SegmenterStage::Create(options);
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  auto first_word = [&] {
    return std::string(
        (*stage)->segmenter().Cut("鑫淼焱垚", Mode::kExact)[0].text);
  };
  EXPECT_NE(first_word(), "鑫淼焱垚");
  ink::testing::WriteFile(dir.Sub("user.txt"), "鑫淼焱垚 100 nz\n");
  (*stage)->Reload();
  EXPECT_EQ(first_word(), "鑫淼焱垚");
  // A broken file keeps the dictionaries loaded before.
  ink::testing::WriteFile(dir.Sub("user.txt"), "鑫淼焱垚 100 nz\n坏 -x- n\n");
  (*stage)->Reload();
  EXPECT_EQ(first_word(), "鑫淼焱垚");
}

TEST(SegmenterStageTest, UserDictionaryReloadsWhenTheFileChanges) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("user.txt"), "");
  Options options;
  options.user_dict_path = dir.Sub("user.txt");
  auto stage = SegmenterStage::Create(options);
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  auto first_word = [&] {
    return std::string(
        (*stage)->segmenter().Cut("鑫淼焱垚", Mode::kExact)[0].text);
  };
  EXPECT_FALSE((*stage)->ReloadIfChanged());  // Nothing changed yet.
  EXPECT_NE(first_word(), "鑫淼焱垚");
  // The size differs, so the change shows even within the file system's
  // timestamp resolution.
  ink::testing::WriteFile(dir.Sub("user.txt"), "鑫淼焱垚 100 nz\n");
  EXPECT_TRUE((*stage)->ReloadIfChanged());
  EXPECT_EQ(first_word(), "鑫淼焱垚");
  EXPECT_FALSE((*stage)->ReloadIfChanged());
  // Tick() checks too, and is harmless when nothing changed.
  CollectingEmitter out;
  (*stage)->Tick(&out);
  EXPECT_EQ(first_word(), "鑫淼焱垚");
  EXPECT_TRUE(out.emitted.empty());
}

}  // namespace
}  // namespace ink::segmenter
