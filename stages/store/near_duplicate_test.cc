// Near-duplicate clusters of real articles, fingerprinted by the enricher
// as the pipeline does. A separate binary, so that the
// store's own tests never wait on the enricher's build.
#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"
#include "stages/enricher/enricher.h"
#include "stages/enricher/simhash.h"
#include "stages/store/search.h"
#include "stages/store/store.h"

namespace ink::store {
namespace {

// Real articles, fingerprinted as the enricher does.
class RealClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto seg = segmenter::Segmenter::Create(segmenter::Options());
    if (seg.ok()) seg_ = std::move(seg).value().release();
    auto enricher = enricher::Enricher::Create(enricher::Options());
    if (enricher.ok()) enricher_ = std::move(enricher).value().release();
  }
  static void TearDownTestSuite() {
    delete seg_;
    seg_ = nullptr;
    delete enricher_;
    enricher_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(seg_, nullptr);
    ASSERT_NE(enricher_, nullptr);
    Options options;
    options.path = dir_.Sub("db");
    auto store = Store::Open(options, seg_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  v1::Envelope Envelope(const std::string& id, const std::string& title,
                        const std::vector<std::string>& paragraphs) {
    v1::Envelope env;
    env.set_doc_id(id);
    env.set_source(id + ".html");
    env.mutable_clean()->set_title(title);
    for (const auto& p : paragraphs) env.mutable_clean()->add_paragraphs(p);
    seg_->SegmentArticle(env.clean(), env.mutable_segmented());
    EXPECT_TRUE(
        enricher_
            ->Enrich(env.clean(), env.segmented(), env.mutable_enrichment())
            .ok());
    return env;
  }

  std::string Put(const v1::Envelope& env) {
    bool duplicate = false;
    EXPECT_TRUE(store_->Put(env, &duplicate).ok());
    auto doc = store_->Get(env.doc_id());
    return doc.ok() ? doc->cluster() : "";
  }

  static std::vector<std::string> Release() {
    return {
        "3月20日，工商银行三明分行召开全行金融服务工作会议，部署下一阶段支持"
        "实体经济的重点任务。",
        "会议指出，今年以来该行紧紧围绕地方经济发展大局，持续加大信贷投放力度，"
        "各项贷款余额较年初增加42亿元。",
        "在服务小微企业方面，该行推出线上信用贷款产品，累计为1200余户小微企业"
        "发放贷款18亿元，平均利率下降0.6个百分点。",
        "在乡村振兴方面，该行在全市11个县区设立普惠金融服务站，为农户提供存取款"
        "、转账和惠农补贴代发等基础金融服务。",
        "会议要求，全行要进一步提高政治站位，把服务实体经济作为根本宗旨，优化"
        "审批流程，提高放款效率。",
        "同时要严格落实风险管理要求，加强贷后管理，守住不发生系统性金融风险的"
        "底线。",
        "会上，五家支行负责人作了交流发言，介绍了在科技金融、绿色金融和消费"
        "金融方面的经验做法。",
        "该行行长表示，下一步将继续深化与地方政府的合作，围绕重点项目建设，"
        "提供全方位综合金融服务，助力三明高质量发展。",
    };
  }

  static inline segmenter::Segmenter* seg_ = nullptr;
  static inline enricher::Enricher* enricher_ = nullptr;
  ink::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RealClusterTest, RepostWithOtherChromeAndTitleClusters) {
  EXPECT_EQ(
      Put(Envelope("orig", "工行三明分行召开金融服务工作会议", Release())),
      "orig");
  // Another site: other title, same body (its chrome is gone after the
  // cleaner), other spacing: an exact duplicate by body hash.
  std::vector<std::string> spaced = Release();
  spaced[0] = "  " + spaced[0] + " ";
  EXPECT_EQ(Put(Envelope("repost", "三明工行部署支持实体经济重点任务", spaced)),
            "orig");

  // Searching with collapse returns one of the two.
  Searcher searcher(store_.get());
  SearchOptions options;
  options.collapse = true;
  auto r = searcher.Search("三明 金融服务", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 1u);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].collapsed(), 1u);
}

// One word changed, a byline added and a new title: the enricher's
// fingerprint skips the byline and weighs terms by IDF, so the repost stays
// within kMaxSimHashDistance (the store's side is in cluster_test.cc).
TEST_F(RealClusterTest, EditedRepostClusters) {
  Put(Envelope("orig", "工行三明分行召开金融服务工作会议", Release()));
  std::vector<std::string> edited = Release();
  edited[2] =
      "在服务小微企业方面，该行推出线上信用贷款产品，累计为1200多户小微企业"
      "发放贷款18亿元，平均利率下降0.6个百分点。";
  edited[5] += "记者李明报道。";
  v1::Envelope env =
      Envelope("edited", "工行三明分行：全力支持实体经济", edited);
  auto orig_doc = store_->Get("orig");
  ASSERT_TRUE(orig_doc.ok());
  EXPECT_LE(enricher::HammingDistance(orig_doc->enrichment().simhash(),
                                      env.enrichment().simhash()),
            kMaxSimHashDistance);
  EXPECT_EQ(Put(env), "orig");
}

TEST_F(RealClusterTest, TwoArticlesFromOnePressOfficeDoNotCluster) {
  Put(Envelope("a", "工行三明分行召开金融服务工作会议", Release()));
  std::string other = Put(Envelope(
      "b", "工行三明分行开展反诈宣传活动",
      {"3月25日，工商银行三明分行组织青年员工走进社区，开展防范电信网络诈骗"
       "宣传活动。",
       "活动中，工作人员通过发放宣传折页、讲解典型案例等方式，向居民介绍冒充"
       "客服、刷单返利等常见诈骗手法。",
       "工作人员提醒广大居民，不轻信陌生来电，不随意点击不明链接，保护好个人"
       "信息和银行卡密码。",
       "据统计，本次活动共发放宣传资料800余份，现场解答群众咨询100余人次。",
       "该行表示，将持续开展金融知识宣传教育，切实守护好人民群众的钱袋子。"}));
  EXPECT_EQ(other, "b");
}

}  // namespace
}  // namespace ink::store
