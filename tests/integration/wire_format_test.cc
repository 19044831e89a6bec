// The wire between the segmenter, the enricher and the store, in one
// process: each stage's output is encoded as the runner sends it (a whole
// envelope, or the received bytes followed by the stage's additions) and
// parsed by the next one. Tokens travel without their text; the enricher
// puts it back for itself and passes the tokens on without encoding them
// again.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "common/bus.h"
#include "stages/enricher/enricher_stage.h"
#include "stages/enricher/field_tokens.h"
#include "stages/segmenter/segmenter_stage.h"

namespace ink {
namespace {

// Encodes what a stage emits as the runner does.
class WireEmitter : public Emitter {
 public:
  // The envelope handed to the stage and the bytes it was parsed from.
  void Receive(const v1::Envelope* envelope, const std::string* wire) {
    current_ = envelope;
    wire_ = wire;
  }
  void Emit(const v1::Envelope& envelope) override {
    sent.push_back(envelope.SerializeAsString());
    ++whole;
  }
  void EmitExtended(const v1::Envelope& received,
                    const v1::Envelope& additions) override {
    ASSERT_EQ(&received, current_);
    sent.push_back(bus::SerialiseAfter(wire_->data(), wire_->size(), additions)
                       .to_string());
    ++extended;
  }
  void Report(const v1::DeliveryReport& report) override {
    reports.push_back(report);
  }

  std::vector<std::string> sent;
  std::vector<v1::DeliveryReport> reports;
  int whole = 0;
  int extended = 0;

 private:
  const v1::Envelope* current_ = nullptr;
  const std::string* wire_ = nullptr;
};

// Parses `wire` as the runner does and hands it to `stage`; returns what
// the stage sent, or "" (with a failure) if it sent nothing.
std::string Pass(Stage& stage, const std::string& wire, WireEmitter* out) {
  v1::Envelope envelope;
  EXPECT_TRUE(envelope.ParseFromString(wire));
  out->Receive(&envelope, &wire);
  const size_t before = out->sent.size();
  Status s = stage.Process(envelope, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  out->Receive(nullptr, nullptr);
  if (out->sent.size() != before + 1) {
    ADD_FAILURE() << "the stage sent " << out->sent.size() - before;
    return "";
  }
  return out->sent.back();
}

v1::Envelope Article() {
  v1::Envelope env;
  env.set_doc_id("0123456789abcdef");
  env.set_source("stats.md");
  env.add_trace()->set_stage("cleaner");
  v1::CleanArticle* a = env.mutable_clean();
  a->set_title("国家统计局发布一季度经济数据");
  a->set_date("2024-04-16T10:00:00+08:00");
  a->add_paragraphs(
      "新华社北京4月16日电 国家统计局16日发布数据，一季度国内生产总值同比"
      "增长5.3%。");
  a->add_paragraphs(
      "国家统计局新闻发言人盛来运在国务院新闻办公室举行的发布会上表示，"
      "经济运行开局良好。");
  a->add_paragraphs(
      "北京、上海、广东等地消费市场持续回暖，社会消费品零售总额达到12万亿"
      "元。Retail sales rose in March.");
  return env;
}

class WireFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seg = segmenter::SegmenterStage::Create(segmenter::Options());
    ASSERT_TRUE(seg.ok()) << seg.status().ToString();
    segmenter_ = std::move(seg).value();
    auto enricher = enricher::Enricher::Create(enricher::Options{});
    ASSERT_TRUE(enricher.ok()) << enricher.status().ToString();
    enricher_ = std::make_unique<enricher::EnricherStage>(
        enricher::Options{}, std::move(enricher).value());
  }

  // The segmentation as the segmenter library makes it, with token texts.
  v1::SegmentedArticle Direct(const v1::CleanArticle& article) const {
    v1::SegmentedArticle out;
    segmenter_->segmenter().SegmentArticle(article, &out);
    return out;
  }

  // The enrichment of `article` from tokens that carry their text.
  v1::Enrichment Expected(const v1::CleanArticle& article) const {
    v1::Enrichment out;
    Status s = enricher_->enricher().Enrich(article, Direct(article), &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  std::unique_ptr<segmenter::SegmenterStage> segmenter_;
  std::unique_ptr<enricher::EnricherStage> enricher_;
};

TEST_F(WireFormatTest, TokensReachTheStoreWithoutTextAndEncodedOnce) {
  const v1::Envelope article = Article();
  const std::string cleaned = article.SerializeAsString();
  WireEmitter out;
  const std::string segmented = Pass(*segmenter_, cleaned, &out);
  const std::string enriched = Pass(*enricher_, segmented, &out);
  EXPECT_EQ(out.extended, 2);
  EXPECT_EQ(out.whole, 0);
  // Each stage sent the bytes it received first, unchanged.
  EXPECT_EQ(segmented.substr(0, cleaned.size()), cleaned);
  EXPECT_EQ(enriched.substr(0, segmented.size()), segmented);

  v1::Envelope stored;
  ASSERT_TRUE(stored.ParseFromString(enriched));
  EXPECT_EQ(stored.doc_id(), article.doc_id());
  EXPECT_EQ(stored.clean().SerializeAsString(),
            article.clean().SerializeAsString());
  ASSERT_EQ(stored.trace_size(), 1);  // The runner adds the hops.

  // What the store reads (norm, position, offsets, stop) is what the
  // segmenter made; the text is left out.
  const v1::SegmentedArticle direct = Direct(article.clean());
  ASSERT_EQ(stored.segmented().fields_size(), direct.fields_size());
  for (int f = 0; f < direct.fields_size(); ++f) {
    const v1::SegmentedField& got = stored.segmented().fields(f);
    const v1::SegmentedField& want = direct.fields(f);
    EXPECT_EQ(got.name(), want.name());
    EXPECT_EQ(got.text(), want.text());
    ASSERT_EQ(got.tokens_size(), want.tokens_size());
    for (int k = 0; k < want.tokens_size(); ++k) {
      const v1::Token& g = got.tokens(k);
      v1::Token w = want.tokens(k);
      EXPECT_TRUE(g.text().empty()) << w.text();
      EXPECT_EQ(
          got.text().substr(g.byte_begin(), g.byte_end() - g.byte_begin()),
          w.text());
      w.clear_text();
      EXPECT_EQ(g.SerializeAsString(), w.SerializeAsString()) << k;
    }
    EXPECT_EQ(got.sentences_size(), want.sentences_size());
  }

  // The enrichment is the one made from tokens with their text.
  const v1::Enrichment expected = Expected(article.clean());
  EXPECT_GT(expected.keywords_size(), 0);
  EXPECT_GT(expected.entities_size(), 0);
  EXPECT_EQ(stored.enrichment().SerializeAsString(),
            expected.SerializeAsString());
}

TEST_F(WireFormatTest, TokensThatCarryTheirTextStillWork) {
  // An envelope from a segmenter that sends token texts.
  v1::Envelope env = Article();
  *env.mutable_segmented() = Direct(env.clean());
  WireEmitter out;
  const std::string enriched = Pass(*enricher_, env.SerializeAsString(), &out);
  v1::Envelope stored;
  ASSERT_TRUE(stored.ParseFromString(enriched));
  EXPECT_EQ(stored.enrichment().SerializeAsString(),
            Expected(env.clean()).SerializeAsString());
  EXPECT_EQ(stored.segmented().SerializeAsString(),
            env.segmented().SerializeAsString());
}

TEST_F(WireFormatTest, AnEnrichmentTheEnvelopeCarriesIsReplaced) {
  v1::Envelope env = Article();
  WireEmitter out;
  v1::Envelope segmented;
  ASSERT_TRUE(segmented.ParseFromString(
      Pass(*segmenter_, env.SerializeAsString(), &out)));
  v1::Enrichment* stale = segmented.mutable_enrichment();
  stale->add_keywords()->set_term("旧词");
  stale->add_summary("旧的摘要。");
  stale->set_language("xx");
  stale->set_body_hash("stale");
  const std::string enriched =
      Pass(*enricher_, segmented.SerializeAsString(), &out);
  EXPECT_EQ(out.whole, 1);  // A merge would keep parts of the stale one.
  v1::Envelope stored;
  ASSERT_TRUE(stored.ParseFromString(enriched));
  EXPECT_EQ(stored.enrichment().SerializeAsString(),
            Expected(env.clean()).SerializeAsString());
}

TEST_F(WireFormatTest, ASegmentationTheEnvelopeCarriesIsReplaced) {
  v1::Envelope env = Article();
  v1::SegmentedField* stale = env.mutable_segmented()->add_fields();
  stale->set_name("body");
  stale->set_text("旧的正文");
  stale->add_tokens()->set_norm("旧");
  WireEmitter out;
  v1::Envelope segmented;
  ASSERT_TRUE(segmented.ParseFromString(
      Pass(*segmenter_, env.SerializeAsString(), &out)));
  EXPECT_EQ(out.whole, 1);
  v1::SegmentedArticle direct = Direct(env.clean());
  for (auto& field : *direct.mutable_fields()) {
    for (auto& token : *field.mutable_tokens()) token.clear_text();
  }
  EXPECT_EQ(segmented.segmented().SerializeAsString(),
            direct.SerializeAsString());
}

TEST_F(WireFormatTest, TokensOutsideTheirTextAreRejected) {
  v1::Envelope env = Article();
  v1::SegmentedField* body = env.mutable_segmented()->add_fields();
  body->set_name("body");
  body->set_text("国家统计局");
  v1::Token* t = body->add_tokens();
  t->set_norm("国家");
  t->set_byte_begin(0);
  t->set_byte_end(400);  // Past the text: no text to fill in.
  WireEmitter out;
  v1::Envelope received = env;
  Status s = enricher_->Process(received, &out);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(out.sent.empty());
}

TEST(FillTokenTextsTest, FillsMissingTextsFromTheirByteRange) {
  v1::SegmentedField field;
  field.set_text("ab中文");  // 2 + 6 bytes.
  auto add = [&](uint32_t begin, uint32_t end, const std::string& text) {
    v1::Token* t = field.add_tokens();
    t->set_byte_begin(begin);
    t->set_byte_end(end);
    t->set_text(text);
  };
  add(0, 2, "");
  add(2, 8, "");
  add(2, 5, "中!");  // A text sent along is kept.
  add(5, 3, "");     // Reversed.
  add(6, 20, "");    // Past the end.
  add(4, 4, "");     // Empty.
  enricher::FillTokenTexts(&field);
  EXPECT_EQ(field.tokens(0).text(), "ab");
  EXPECT_EQ(field.tokens(1).text(), "中文");
  EXPECT_EQ(field.tokens(2).text(), "中!");
  EXPECT_EQ(field.tokens(3).text(), "");
  EXPECT_EQ(field.tokens(4).text(), "");
  EXPECT_EQ(field.tokens(5).text(), "");
}

}  // namespace
}  // namespace ink
