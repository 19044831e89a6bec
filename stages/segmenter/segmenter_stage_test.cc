#include "stages/segmenter/segmenter_stage.h"

#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"

namespace ink::segmenter {
namespace {

// The text a token covers in its field (tokens are sent without their
// own text).
std::string Covered(const v1::SegmentedField& field, const v1::Token& t) {
  return field.text().substr(t.byte_begin(), t.byte_end() - t.byte_begin());
}

// Records what EmitExtended() was given, besides the merged envelope.
class ExtendRecorder : public CollectingEmitter {
 public:
  void EmitExtended(const v1::Envelope& received,
                    const v1::Envelope& additions) override {
    received_bytes.push_back(received.SerializeAsString());
    this->additions.push_back(additions);
    CollectingEmitter::EmitExtended(received, additions);
  }
  std::vector<std::string> received_bytes;
  std::vector<v1::Envelope> additions;
};

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
  EXPECT_EQ(e.clean().title(), "标题");
  ASSERT_EQ(e.segmented().fields_size(), 2);
  EXPECT_EQ(e.segmented().fields(1).text(), "正文。");
  EXPECT_EQ((*stage)->StatusJson()["documents"], 1);
}

TEST(SegmenterStageTest, SendsTheSegmentationAfterTheReceivedEnvelope) {
  auto stage = SegmenterStage::Create(Options());
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  v1::Envelope env;
  env.set_doc_id("d1");
  env.mutable_clean()->set_title("新闻联播");
  env.mutable_clean()->add_paragraphs("工行三明分行坚守服务阵地。");
  const std::string received = env.SerializeAsString();
  ExtendRecorder out;
  ASSERT_TRUE((*stage)->Process(env, &out).ok());
  ASSERT_EQ(out.additions.size(), 1u);
  // The envelope was not changed: the runner sends its bytes as received.
  EXPECT_EQ(out.received_bytes[0], received);
  const v1::Envelope& added = out.additions[0];
  EXPECT_FALSE(added.has_clean());
  EXPECT_TRUE(added.doc_id().empty());
  ASSERT_EQ(added.segmented().fields_size(), 2);
  const v1::SegmentedField& body = added.segmented().fields(1);
  ASSERT_GT(body.tokens_size(), 3);
  for (const v1::Token& t : body.tokens()) {
    EXPECT_TRUE(t.text().empty());  // Its byte range of the field text.
    EXPECT_FALSE(t.norm().empty());
  }
  EXPECT_EQ(Covered(body, body.tokens(0)), "工行");
  // The received bytes followed by the additions parse as the merge.
  v1::Envelope merged;
  ASSERT_TRUE(merged.ParseFromString(received + added.SerializeAsString()));
  EXPECT_EQ(merged.SerializeAsString(), out.emitted[0].SerializeAsString());
}

TEST(SegmenterStageTest, ReplacesASegmentationTheEnvelopeCarries) {
  auto stage = SegmenterStage::Create(Options());
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  v1::Envelope env;
  env.mutable_clean()->add_paragraphs("正文。");
  v1::SegmentedField* stale = env.mutable_segmented()->add_fields();
  stale->set_name("body");
  stale->set_text("旧的");
  ExtendRecorder out;
  ASSERT_TRUE((*stage)->Process(env, &out).ok());
  // A merge would keep the stale field: the envelope goes whole.
  EXPECT_TRUE(out.additions.empty());
  ASSERT_EQ(out.emitted.size(), 1u);
  ASSERT_EQ(out.emitted[0].segmented().fields_size(), 2);
  EXPECT_EQ(out.emitted[0].segmented().fields(1).text(), "正文。");
  for (const v1::Token& t : out.emitted[0].segmented().fields(1).tokens())
    EXPECT_TRUE(t.text().empty());
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
  const v1::SegmentedField& body = out.emitted.at(0).segmented().fields(1);
  ASSERT_GE(body.tokens_size(), 2);
  // From the user dictionary.
  EXPECT_EQ(Covered(body, body.tokens(1)), "杭研大厦");
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
