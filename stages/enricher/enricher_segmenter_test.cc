// The enricher on the real segmenter's output (jieba's dictionary and IDF
// table from python3-jieba), on a short inline article.
#include <gtest/gtest.h>

#include <filesystem>

#include "stages/enricher/enricher.h"
#include "stages/enricher/simhash.h"
#include "stages/segmenter/segmenter.h"

namespace ink::enricher {
namespace {

constexpr char kTitle[] = "三明分行坚守服务阵地为抗疫贡献金融力量";
const char* const kParagraphs[] = {
    "新年伊始，一场突如其来的新冠肺炎疫情牵动着全国人民的心。面对疫情防控的"
    "严峻形势，三明分行坚决贯彻落实疫情防控工作部署，积极组织动员，快速反应。",
    "在当前疫情防控特殊时期，三明分行第一时间成立疫情防控工作领导小组。"
    "由党委书记、行长陈飞斌任组长，领导小组下设办公室，明确职责分工。",
    "疫情防控期间，三明分行合理安排营业网点与时间，强化自助设备运行管理，"
    "保障基本金融服务稳定运行。网点每日消毒，确保客户员工安全健康。",
    "责任编辑：张三",
};

class RealSegmenterTest : public ::testing::Test {
 protected:
  // Loaded once for the suite: both are immutable and shareable.
  static void SetUpTestSuite() {
    segmenter::Options seg_options;
    if (!std::filesystem::exists(seg_options.dict_path) ||
        !std::filesystem::exists(kDefaultIdfPath)) {
      return;
    }
    auto seg = segmenter::Segmenter::Create(seg_options);
    auto enricher = Enricher::Create(Options{});
    if (!seg.ok() || !enricher.ok()) {
      load_error_ =
          seg.status().ToString() + " " + enricher.status().ToString();
      return;
    }
    segmenter_ = std::move(seg).value().release();
    enricher_ = std::move(enricher).value().release();
  }
  static void TearDownTestSuite() {
    delete segmenter_;
    delete enricher_;
    segmenter_ = nullptr;
    enricher_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(load_error_.empty()) << load_error_;
    if (segmenter_ == nullptr) GTEST_SKIP() << "python3-jieba not installed";
  }

  v1::CleanArticle Article() const {
    v1::CleanArticle article;
    article.set_title(kTitle);
    for (const char* p : kParagraphs) article.add_paragraphs(p);
    return article;
  }

  v1::Enrichment Enrich(const v1::CleanArticle& article) const {
    v1::SegmentedArticle segmented;
    segmenter_->SegmentArticle(article, &segmented);
    v1::Enrichment e;
    Status s = enricher_->Enrich(article, segmented, &e);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return e;
  }

  static inline const segmenter::Segmenter* segmenter_ = nullptr;
  static inline const Enricher* enricher_ = nullptr;
  static inline std::string load_error_;
};

TEST_F(RealSegmenterTest, EnrichesChineseArticle) {
  v1::Enrichment e = Enrich(Article());
  ASSERT_GE(e.keywords_size(), 5);
  EXPECT_LE(e.keywords_size(), 10);
  std::vector<std::string> terms;
  for (const auto& k : e.keywords()) terms.push_back(k.term());
  // The repeated, discriminative terms lead.
  std::vector<std::string> top3(terms.begin(), terms.begin() + 3);
  EXPECT_NE(std::find(top3.begin(), top3.end(), "三明"), top3.end())
      << ::testing::PrintToString(terms);
  EXPECT_NE(std::find(top3.begin(), top3.end(), "疫情"), top3.end())
      << ::testing::PrintToString(terms);
  for (const std::string& t : terms) {
    EXPECT_NE(t, "责任编辑");
    EXPECT_NE(t, "，");
  }
  EXPECT_EQ(e.language(), "zh-Hans");
  ASSERT_GE(e.summary_size(), 1);
  EXPECT_LE(e.summary_size(), 3);
  std::string body = segmenter::BodyText(Article());
  size_t last = 0;
  for (const std::string& sentence : e.summary()) {
    size_t at = body.find(sentence);
    ASSERT_NE(at, std::string::npos) << sentence;
    EXPECT_GE(at, last);  // Original order.
    last = at;
  }
  EXPECT_EQ(e.body_hash().size(), 32u);
}

TEST_F(RealSegmenterTest, NearDuplicateIsCloseAndDifferentIsFar) {
  v1::CleanArticle a = Article();
  v1::CleanArticle b = Article();
  b.set_paragraphs(2,
                   std::string(b.paragraphs(2)) + "网点还为客户提供上门服务。");
  v1::CleanArticle c;
  c.set_title("建行湖北省分行：让党旗在抗疫和金融服务一线高高飘扬");
  c.add_paragraphs(
      "8月3日上午，建行湖北武汉经济技术开发区支行的员工小李像往常一样，早早"
      "出门上班。走到支行所在的沌口街道路口时，他傻眼了。因为疫情原因，这条街道"
      "刚刚被划为中风险地区，实行封闭管理，支行本部及3个网点都无法进入了。");
  uint64_t ha = Enrich(a).simhash(), hb = Enrich(b).simhash();
  uint64_t hc = Enrich(c).simhash();
  EXPECT_LE(HammingDistance(ha, hb),
            8);  // A short text: one sentence is a lot.
  EXPECT_GT(HammingDistance(ha, hc), 12);
}

TEST_F(RealSegmenterTest, BodyHashIgnoresSpacingAndPunctuation) {
  v1::CleanArticle a = Article();
  v1::CleanArticle b;
  b.set_title("另一个标题");
  std::string joined;
  for (const std::string& p : a.paragraphs()) joined += "  " + p + " \n";
  for (char& ch : joined) {
    if (ch == '\n') ch = ' ';
  }
  b.add_paragraphs(joined);
  EXPECT_EQ(Enrich(a).body_hash(), Enrich(b).body_hash());
}

}  // namespace
}  // namespace ink::enricher
