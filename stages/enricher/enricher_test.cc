#include "stages/enricher/enricher.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/testing/temp_dir.h"
#include "stages/enricher/enricher_stage.h"
#include "stages/enricher/field_tokens.h"
#include "stages/enricher/simhash.h"
#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::MakeField;
using testing::W;

std::shared_ptr<const IdfTable> Idf() {
  return IdfTable::FromEntries({{"银行", 4.7},
                                {"疫情", 8.1},
                                {"网点", 9.0},
                                {"员工", 6.0},
                                {"防控", 7.5},
                                {"服务", 3.0}});
}

// A small article and its segmentation, built by hand.
struct Sample {
  v1::CleanArticle clean;
  v1::SegmentedArticle segmented;
};

Sample MakeSample() {
  Sample s;
  std::vector<W> title = {{"网点", "n"}, {"疫情", "n"}, {"防控", "vn"}};
  std::vector<W> body = {
      {"三明", "ns"},   {"分行", "n"},  {"网点", "n"}, {"员工", "n"},
      {"坚守", "v"},    {"服务", "vn"}, {"一线", "n"}, {"。", "x"},
      {"陈飞斌", "nr"}, {"检查", "v"},  {"网点", "n"}, {"疫情", "n"},
      {"防控", "vn"},   {"工作", "vn"}, {"。", "x"},   {"责任编辑", "n"},
      {"：", "x"},      {"张三", "nr"}, {"。", "x"}};
  *s.segmented.add_fields() = MakeField("title", title);
  *s.segmented.add_fields() = MakeField("body", body);
  s.clean.set_title(s.segmented.fields(0).text());
  s.clean.add_paragraphs(s.segmented.fields(1).text());
  return s;
}

std::unique_ptr<Enricher> MakeEnricher() {
  auto enricher = Enricher::Create(Options{}, Idf());
  EXPECT_TRUE(enricher.ok()) << enricher.status().ToString();
  return std::move(enricher).value();
}

TEST(EnricherTest, FillsEveryPart) {
  auto enricher = MakeEnricher();
  Sample s = MakeSample();
  v1::Enrichment e;
  ASSERT_TRUE(enricher->Enrich(s.clean, s.segmented, &e).ok());
  ASSERT_GE(e.keywords_size(), 3);
  EXPECT_EQ(e.keywords(0).term(), "网点");
  EXPECT_DOUBLE_EQ(e.keywords(0).weight(), 1.0);
  for (const auto& k : e.keywords()) {
    EXPECT_NE(k.term(), "责任编辑");
    EXPECT_NE(k.term(), "工作");
  }
  EXPECT_EQ(e.language(), "zh-Hans");
  EXPECT_NE(e.simhash(), 0u);
  EXPECT_EQ(e.body_hash(), BodyHash(s.clean));
  EXPECT_EQ(e.body_hash().size(), 32u);
  ASSERT_GE(e.summary_size(), 1);
  EXPECT_LE(e.summary_size(), 3);
  EXPECT_EQ(e.summary(0), "三明分行网点员工坚守服务一线。");
  ASSERT_GE(e.entities_size(), 2);
  // Organisations come first: the branch, from 三明/ns + 分行.
  EXPECT_EQ(e.entities(0).type(), "organization");
  EXPECT_EQ(e.entities(0).text(), "三明分行");
}

TEST(EnricherTest, MissingFieldsCountAsEmpty) {
  auto enricher = MakeEnricher();
  v1::CleanArticle clean;
  clean.set_title("Title only");
  v1::Enrichment e;
  e.set_language("stale");
  ASSERT_TRUE(enricher->Enrich(clean, v1::SegmentedArticle(), &e).ok());
  EXPECT_EQ(e.keywords_size(), 0);
  EXPECT_EQ(e.summary_size(), 0);
  EXPECT_EQ(e.simhash(), 0u);
  EXPECT_EQ(e.body_hash(), "");
  EXPECT_EQ(e.language(), "en");
}

TEST(EnricherTest, RejectsOffsetsOutsideText) {
  auto enricher = MakeEnricher();
  Sample s = MakeSample();
  s.segmented.mutable_fields(1)->mutable_tokens(2)->set_byte_end(100000);
  v1::Enrichment e;
  e.set_language("unchanged");
  Status st = enricher->Enrich(s.clean, s.segmented, &e);
  EXPECT_TRUE(st.IsInvalidArgument()) << st.ToString();
  EXPECT_EQ(e.language(), "unchanged");
}

TEST(EnricherTest, RejectsOffsetsInsideAUtf8Character) {
  // A sentence ending inside 。 (found by fuzzing): the summary would copy
  // half a character out.
  v1::SegmentedField field;
  field.set_name("body");
  field.set_text("分行开展金融服务。下一句。");
  v1::Sentence* sentence = field.add_sentences();
  sentence->set_byte_begin(0);
  sentence->set_byte_end(25);  // 。 is bytes 24..27.
  Status st = ValidateField(field);
  EXPECT_TRUE(st.IsInvalidArgument()) << st.ToString();
  EXPECT_NE(st.message().find("UTF-8"), std::string::npos) << st.message();
  sentence->set_byte_end(27);
  EXPECT_TRUE(ValidateField(field).ok());
  v1::Token* token = field.add_tokens();
  token->set_byte_begin(1);
  token->set_byte_end(3);
  EXPECT_TRUE(ValidateField(field).IsInvalidArgument());
}

TEST(EnricherTest, CreateReportsBadFiles) {
  Options options;
  options.idf_path = "/nonexistent/idf.txt";
  EXPECT_FALSE(Enricher::Create(options).ok());
  options = Options{};
  options.stop_words_path = "/nonexistent/stop.txt";
  EXPECT_FALSE(Enricher::Create(options, Idf()).ok());
  EXPECT_FALSE(Enricher::Create(Options{}, nullptr).ok());
}

TEST(EnricherTest, StopWordsFileApplies) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("stop.txt"), "网点\n");
  Options options;
  options.stop_words_path = dir.Sub("stop.txt");
  auto enricher = Enricher::Create(options, Idf());
  ASSERT_TRUE(enricher.ok());
  Sample s = MakeSample();
  v1::Enrichment e;
  ASSERT_TRUE((*enricher)->Enrich(s.clean, s.segmented, &e).ok());
  for (const auto& k : e.keywords()) EXPECT_NE(k.term(), "网点");
}

TEST(EnricherStageTest, EnrichesAndEmitsKeepingSegmentation) {
  EnricherStage stage(Options{}, MakeEnricher());
  Sample s = MakeSample();
  v1::Envelope envelope;
  envelope.set_doc_id("abc");
  *envelope.mutable_clean() = s.clean;
  *envelope.mutable_segmented() = s.segmented;
  CollectingEmitter out;
  ASSERT_TRUE(stage.Process(envelope, &out).ok());
  ASSERT_EQ(out.emitted.size(), 1u);
  const v1::Envelope& sent = out.emitted[0];
  EXPECT_EQ(sent.doc_id(), "abc");
  EXPECT_TRUE(sent.has_enrichment());
  EXPECT_EQ(sent.enrichment().keywords(0).term(), "网点");
  EXPECT_EQ(sent.segmented().fields_size(), 2);
  EXPECT_EQ(sent.segmented().fields(1).tokens_size(),
            s.segmented.fields(1).tokens_size());
  EXPECT_EQ(stage.StatusJson()["enriched"], 1);
}

TEST(EnricherStageTest, RejectsEnvelopeWithoutCleanOrSegmented) {
  EnricherStage stage(Options{}, MakeEnricher());
  CollectingEmitter out;
  v1::Envelope only_clean;
  only_clean.mutable_clean()->set_title("t");
  EXPECT_TRUE(stage.Process(only_clean, &out).IsInvalidArgument());
  v1::Envelope only_segmented;
  only_segmented.mutable_segmented();
  EXPECT_TRUE(stage.Process(only_segmented, &out).IsInvalidArgument());
  EXPECT_TRUE(out.emitted.empty());
  EXPECT_EQ(stage.StatusJson()["rejected"], 2);
}

TEST(EnricherTest, ConcurrentEnrichAgrees) {
  auto enricher = MakeEnricher();
  Sample s = MakeSample();
  v1::Enrichment expected;
  ASSERT_TRUE(enricher->Enrich(s.clean, s.segmented, &expected).ok());
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        v1::Enrichment e;
        if (enricher->Enrich(s.clean, s.segmented, &e).ok() &&
            e.SerializeAsString() == expected.SerializeAsString()) {
          ++same[t];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int n : same) EXPECT_EQ(n, 50);
}

TEST(EnricherStageTest, ReloadReadsTablesAgainOrKeepsOld) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("idf.txt"), "网点 9\n");
  Options options;
  options.idf_path = dir.Sub("idf.txt");
  auto enricher = Enricher::Create(options);
  ASSERT_TRUE(enricher.ok()) << enricher.status().ToString();
  EnricherStage stage(options, std::move(enricher).value());
  EXPECT_EQ(stage.StatusJson()["idf_words"], 1);
  ink::testing::WriteFile(dir.Sub("idf.txt"), "网点 9\n疫情 8\n");
  stage.Reload();
  EXPECT_EQ(stage.StatusJson()["idf_words"], 2);
  ink::testing::WriteFile(dir.Sub("idf.txt"), "broken\n");
  stage.Reload();
  EXPECT_EQ(stage.StatusJson()["idf_words"], 2);
}

TEST(EnricherStageTest, DescriptorDeclaresKeys) {
  StageDescriptor d = Descriptor();
  EXPECT_EQ(d.name, "enricher");
  EXPECT_EQ(d.schema.name, "enricher");
  ASSERT_EQ(d.schema.keys.size(), 4u);
  EXPECT_EQ(d.schema.keys[0].name, "idf");
  EXPECT_EQ(d.schema.keys[0].default_value, kDefaultIdfPath);
  EXPECT_EQ(d.schema.keys[1].name, "stop_words");
  EXPECT_EQ(d.schema.keys[1].default_value, "");
  EXPECT_EQ(d.schema.keys[2].name, "store_stats_interval_ms");
  EXPECT_EQ(d.schema.keys[2].default_value, "10000");
  EXPECT_EQ(d.schema.keys[3].name, "store_stats_max_terms");
  EXPECT_TRUE(static_cast<bool>(d.create));
}

}  // namespace
}  // namespace ink::enricher
