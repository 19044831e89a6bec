// The enricher stage asks a real ink-store daemon (started as a process in
// a temporary home) for its document frequencies over the query socket, as
// ink-enricher does, and its keyword IDF follows them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <zmq.hpp>

#include "common/bus.h"
#include "common/pipeline.h"
#include "common/testing/temp_dir.h"
#include "stages/enricher/bus_store_query.h"
#include "stages/enricher/enricher_stage.h"
#include "stages/segmenter/segmenter.h"
#include "tests/integration/daemon_process.h"

namespace ink::enricher {
namespace {

using ink::testing::DaemonProcess;
using ink::testing::TempDir;
using ink::testing::WaitFor;

// Articles of one press office.
const char* const kBodies[] = {
    "三明分行召开金融服务工作会议，部署支持实体经济的重点任务。",
    "三明分行组织员工走进社区，开展反诈宣传活动，讲解常见诈骗手法。",
    "三明分行推出线上信用贷款产品，为小微企业发放贷款。",
    "三明分行在全市县区设立普惠金融服务站，为农户提供基础金融服务。",
};

class StoreStatsProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(segmenter::Options().dict_path) ||
        !std::filesystem::exists(kDefaultIdfPath)) {
      GTEST_SKIP() << "python3-jieba not installed";
    }
    config_path_ = home_.Sub("inkstream.yaml");
    ink::testing::WriteFile(config_path_, "common:\n  tick_ms: 50\n");
    auto config = config::Config::Load(config_path_, home_.path(),
                                       {CommonSchema(), BusSchema()});
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config_ = std::make_unique<config::Config>(std::move(config).value());
    auto seg = segmenter::Segmenter::Create(segmenter::Options());
    ASSERT_TRUE(seg.ok()) << seg.status().ToString();
    seg_ = std::move(seg).value();
  }

  // Sends the articles to the store's input as the enricher would.
  void Feed(const Enricher& enricher) {
    zmq::socket_t push(zmq_, zmq::socket_type::push);
    push.set(zmq::sockopt::linger, 5000);
    push.connect(config_->section("bus").GetString("store"));
    int n = 0;
    for (const char* body : kBodies) {
      v1::Envelope env;
      env.set_doc_id("doc" + std::to_string(++n));
      env.set_source(env.doc_id() + ".txt");
      env.mutable_clean()->set_title("三明分行动态");
      env.mutable_clean()->add_paragraphs(body);
      seg_->SegmentArticle(env.clean(), env.mutable_segmented());
      ASSERT_TRUE(
          enricher
              .Enrich(env.clean(), env.segmented(), env.mutable_enrichment())
              .ok());
      push.send(zmq::buffer(env.SerializeAsString()));
    }
  }

  TempDir home_;
  std::string config_path_;
  std::unique_ptr<config::Config> config_;
  std::unique_ptr<segmenter::Segmenter> seg_;
  zmq::context_t zmq_{1};
};

TEST_F(StoreStatsProcessTest, EnricherBlendsTheStoresDocumentFrequencies) {
  DaemonProcess store("store", home_.path(), config_path_,
                      home_.Sub("store.log"));
  ASSERT_TRUE(store.WaitReady(zmq_)) << store.Log();

  Options options;
  options.keywords.corpus_min_documents = 4;  // Full weight at 4 articles.
  auto made = Enricher::Create(options);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  std::shared_ptr<const IdfTable> idf = (*made)->idf_table();
  Feed(**made);

  StoreQuery query = BusStoreQuery(*config_);
  // Stored once the store counts four documents.
  ASSERT_TRUE(WaitFor([&] {
    v1::StoreRequest request;
    request.set_op(v1::StoreRequest::TERM_STATS);
    auto bytes = query(request.SerializeAsString());
    v1::StoreReply reply;
    return bytes.ok() && reply.ParseFromString(*bytes) && reply.ok() &&
           reply.total() == 4;
  })) << store.Log();

  EnricherStage stage(options, std::move(made).value(), query,
                      StoreStatsOptions{/*interval_ms=*/1, 1000});
  v1::Envelope env;
  env.mutable_clean()->set_title("三明分行动态");
  env.mutable_clean()->add_paragraphs(kBodies[1]);
  seg_->SegmentArticle(env.clean(), env.mutable_segmented());
  CollectingEmitter out;
  ASSERT_TRUE(stage.Process(env, &out).ok());
  ASSERT_TRUE(stage.RefreshStoreStatistics().ok()) << store.Log();
  nlohmann::json status = stage.StatusJson();
  EXPECT_EQ(status["corpus_documents"], 4);
  EXPECT_EQ(status["corpus_refreshes"], 1);

  // The store's frequencies reached the IDF: 动态 is in all four titles,
  // 社区 in one body.
  const auto& corpus = stage.enricher().corpus();
  ASSERT_NE(corpus, nullptr);
  const std::string every = seg_->Normalize("动态");
  const std::string one = seg_->Normalize("社区");
  ASSERT_TRUE(corpus->Contains(every));
  ASSERT_TRUE(corpus->Contains(one));
  EXPECT_DOUBLE_EQ(corpus->Idf(every), std::log(5.0 / 5.0) + 1.0);
  EXPECT_DOUBLE_EQ(corpus->Idf(one), std::log(5.0 / 2.0) + 1.0);
  EXPECT_NE(stage.enricher().corpus(), nullptr);

  // With the store down the refresh fails and the statistics stay.
  store.Stop();
  EXPECT_TRUE(stage.Process(env, &out).ok());
  EXPECT_FALSE(stage.RefreshStoreStatistics().ok());
  EXPECT_EQ(stage.StatusJson()["corpus_documents"], 4);
}

}  // namespace
}  // namespace ink::enricher
