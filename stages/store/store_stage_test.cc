#include "stages/store/store_stage.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "common/testing/temp_dir.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

class StoreStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.path = dir_.Sub("store");
    auto stage = StoreStage::Create(segmenter::Options(), options);
    ASSERT_TRUE(stage.ok()) << stage.status().ToString();
    stage_ = std::move(stage).value();
  }

  v1::Envelope Chinese(const std::string& id, const std::string& source,
                       const std::string& title, const std::string& body) {
    v1::Envelope env;
    env.set_doc_id(id);
    env.set_source(source);
    env.set_attempt(3);
    env.set_delivery_key(std::string("dk-").append(id));
    env.mutable_clean()->set_title(title);
    env.mutable_clean()->add_paragraphs(body);
    // The stage's own segmenter: one dictionary load per test.
    stage_->store().segmenter()->SegmentArticle(env.clean(),
                                                env.mutable_segmented());
    return env;
  }

  v1::StoreReply Ask(const v1::StoreRequest& request) {
    v1::StoreReply reply;
    EXPECT_TRUE(reply.ParseFromString(
        stage_->HandleRequest(request.SerializeAsString())));
    return reply;
  }

  ink::testing::TempDir dir_;
  std::unique_ptr<StoreStage> stage_;
};

TEST_F(StoreStageTest, ReportsStoredThenDuplicate) {
  CollectingEmitter out;
  v1::Envelope env =
      Chinese("0123456789abcdef", "a.txt", "央行降息", "央行今天宣布降息。");
  ASSERT_TRUE(stage_->Process(env, &out).ok());
  ASSERT_EQ(out.reports.size(), 1u);
  const v1::DeliveryReport& r = out.reports[0];
  EXPECT_EQ(r.doc_id(), "0123456789abcdef");
  EXPECT_EQ(r.delivery_key(), "dk-0123456789abcdef");
  EXPECT_EQ(r.attempt(), 3u);
  EXPECT_EQ(r.outcome(), v1::DeliveryReport::STORED);
  EXPECT_EQ(r.stage(), "store");
  EXPECT_EQ(r.source(), "a.txt");
  EXPECT_TRUE(out.emitted.empty());

  ASSERT_TRUE(stage_->Process(env, &out).ok());
  ASSERT_EQ(out.reports.size(), 2u);
  EXPECT_EQ(out.reports[1].outcome(), v1::DeliveryReport::DUPLICATE);
  nlohmann::json status = stage_->StatusJson();
  EXPECT_EQ(status["documents"], 1u);
  EXPECT_EQ(status["stored"], 1u);
  EXPECT_EQ(status["duplicates"], 1u);
}

TEST_F(StoreStageTest, EnvelopeWithoutArticleIsInvalidAndNotAcked) {
  CollectingEmitter out;
  v1::Envelope env;
  env.set_doc_id("0123456789abcdef");
  Status s = stage_->Process(env, &out);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(out.reports.empty());
}

TEST_F(StoreStageTest, AFailedWriteIsUnavailableAndNotAcked) {
  // A read-only store stands in for a disk that refuses writes.
  Options options;
  options.path = dir_.Sub("store");
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok());
  auto store = Store::OpenReadOnly(options, seg->get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StoreStage reader(std::move(seg).value(), std::move(store).value());
  CollectingEmitter out;
  v1::Envelope env = Chinese("0123456789abcdef", "a.txt", "标题", "正文。");
  Status s = reader.Process(env, &out);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
  EXPECT_TRUE(out.reports.empty());
  EXPECT_EQ(reader.StatusJson()["write_errors"], 1u);
}

TEST_F(StoreStageTest, AnswersSearchGetAndStats) {
  CollectingEmitter out;
  v1::Envelope a =
      Chinese("aaaaaaaa11111111", "a.txt", "央行降息", "央行今天宣布降息。");
  v1::Envelope b = Chinese("bbbbbbbb22222222", "b.txt", "天气", "明天有雨。");
  ASSERT_TRUE(stage_->Process(a, &out).ok());
  ASSERT_TRUE(stage_->Process(b, &out).ok());

  v1::StoreRequest search;
  search.set_op(v1::StoreRequest::SEARCH);
  search.set_query("降息");
  v1::StoreReply reply = Ask(search);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.total(), 1u);
  ASSERT_EQ(reply.hits_size(), 1);
  EXPECT_EQ(reply.hits(0).doc_id(), "aaaaaaaa11111111");
  EXPECT_NE(reply.hits(0).snippet().find("[[降息]]"), std::string::npos)
      << reply.hits(0).snippet();

  v1::StoreRequest get;
  get.set_op(v1::StoreRequest::GET);
  get.set_id("bbbbbbbb");
  reply = Ask(get);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.document().clean().title(), "天气");

  get.set_id("cccccccc");
  reply = Ask(get);
  EXPECT_FALSE(reply.ok());
  EXPECT_NE(reply.error().find("NotFound"), std::string::npos) << reply.error();

  v1::StoreRequest stats;
  stats.set_op(v1::StoreRequest::STATS);
  reply = Ask(stats);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(nlohmann::json::parse(reply.stats_json())["documents"], 2u);

  search.set_query("\"unbalanced");
  reply = Ask(search);
  EXPECT_FALSE(reply.ok());
  EXPECT_NE(reply.error().find("InvalidArgument"), std::string::npos)
      << reply.error();
}

TEST_F(StoreStageTest, SearchOptionsAndMaintenanceOps) {
  CollectingEmitter out;
  v1::Envelope a =
      Chinese("aaaaaaaa11111111", "a.txt", "央行降息", "央行今天宣布降息。");
  a.mutable_enrichment()->set_body_hash("same");
  v1::Envelope b =
      Chinese("bbbbbbbb22222222", "b.txt", "降息了", "央行今天宣布降息。");
  b.mutable_enrichment()->set_body_hash("same");
  ASSERT_TRUE(stage_->Process(a, &out).ok());
  ASSERT_TRUE(stage_->Process(b, &out).ok());

  v1::StoreRequest search;
  search.set_op(v1::StoreRequest::SEARCH);
  search.set_query("降息");
  search.set_collapse(true);
  search.set_facets(true);
  search.set_sort("date");
  v1::StoreReply reply = Ask(search);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.total(), 1u);
  ASSERT_EQ(reply.hits_size(), 1);
  EXPECT_EQ(reply.hits(0).cluster(), "aaaaaaaa11111111");
  EXPECT_EQ(reply.hits(0).collapsed(), 1u);
  EXPECT_FALSE(nlohmann::json::parse(reply.facets_json())["month"].empty());
  search.set_sort("size");
  EXPECT_FALSE(Ask(search).ok());

  v1::StoreRequest op;
  op.set_op(v1::StoreRequest::VERIFY);
  reply = Ask(op);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_TRUE(nlohmann::json::parse(reply.result_json())["ok"].get<bool>());

  op.set_op(v1::StoreRequest::HISTORY);
  op.set_source("a.txt");
  reply = Ask(op);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(nlohmann::json::parse(reply.result_json())["versions"].size(), 1u);

  op.set_op(v1::StoreRequest::BACKUP);
  op.set_dir(dir_.Sub("backup"));
  ASSERT_TRUE(Ask(op).ok());
  op.set_op(v1::StoreRequest::COMPACT);
  ASSERT_TRUE(Ask(op).ok());
  op.set_op(v1::StoreRequest::REINDEX);
  reply = Ask(op);
  ASSERT_TRUE(reply.ok()) << reply.error();
  const auto started = nlohmann::json::parse(reply.result_json());
  EXPECT_TRUE(started["started"]);
  ASSERT_TRUE(started["run"].is_string());
  nlohmann::json finished = stage_->WaitForReindex();
  EXPECT_EQ(finished["last"]["documents"], 2);
  // The waiting caller knows its run by the ID; the next run has another.
  EXPECT_EQ(finished["run"], started["run"]);
  reply = Ask(op);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_NE(nlohmann::json::parse(reply.result_json())["run"], started["run"]);
  EXPECT_EQ(stage_->WaitForReindex()["last"]["documents"], 2);

  op.set_op(v1::StoreRequest::DELETE);
  op.set_id("bbbbbbbb");
  reply = Ask(op);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(nlohmann::json::parse(reply.result_json())["deleted"],
            "bbbbbbbb22222222");
  search.set_sort("");
  search.set_collapse(false);
  EXPECT_EQ(Ask(search).total(), 1u);
}

TEST_F(StoreStageTest, RankedSearchEstimatesLargeTotalsUnlessAskedToCount) {
  // 200 short articles, then 2,400 long ones with the words once: the
  // long ones cannot reach a page of 5, so a ranked search skips them and
  // says its total is an estimate; exact_total counts every match.
  CollectingEmitter out;
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "今天天气很好，";
  for (int i = 0; i < 2600; ++i) {
    char id[17];
    std::snprintf(id, sizeof id, "%016d", i);
    v1::Envelope e =
        Chinese(id, std::string(id) + ".txt", "新闻",
                i < 200 ? "央行宣布降息。" : filler + "央行宣布降息。");
    ASSERT_TRUE(stage_->Process(e, &out).ok());
  }
  v1::StoreRequest search;
  search.set_op(v1::StoreRequest::SEARCH);
  search.set_query("央行 降息");
  search.set_limit(5);
  v1::StoreReply estimated = Ask(search);
  ASSERT_TRUE(estimated.ok()) << estimated.error();
  EXPECT_TRUE(estimated.total_estimated());
  EXPECT_GE(estimated.total(), 650u);
  EXPECT_LE(estimated.total(), 10400u);
  search.set_exact_total(true);
  v1::StoreReply counted = Ask(search);
  ASSERT_TRUE(counted.ok()) << counted.error();
  EXPECT_FALSE(counted.total_estimated());
  EXPECT_EQ(counted.total(), 2600u);
  // The same page either way.
  ASSERT_EQ(counted.hits_size(), 5);
  ASSERT_EQ(estimated.hits_size(), 5);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(estimated.hits(i).doc_id(), counted.hits(i).doc_id());
}

TEST_F(StoreStageTest, QueriesAndIngestGoOnWhileAReindexRuns) {
  CollectingEmitter out;
  v1::Envelope a =
      Chinese("aaaaaaaa11111111", "a.txt", "央行降息", "央行今天宣布降息。");
  v1::Envelope b = Chinese("bbbbbbbb22222222", "b.txt", "天气", "明天有雨。");
  ASSERT_TRUE(stage_->Process(a, &out).ok());
  ASSERT_TRUE(stage_->Process(b, &out).ok());
  // The worker stops between reading the documents and the switch until
  // the test has asked its questions.
  std::promise<void> reached, release;
  std::shared_future<void> released = release.get_future().share();
  stage_->set_reindex_hook([&reached, released] {
    reached.set_value();
    released.wait();
  });
  v1::StoreRequest reindex;
  reindex.set_op(v1::StoreRequest::REINDEX);
  v1::StoreReply reply = Ask(reindex);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_TRUE(nlohmann::json::parse(reply.result_json())["started"]);
  reached.get_future().wait();

  // Queries answer, a document is stored and acknowledged, a second
  // reindex is refused, STATS shows the running one.
  v1::StoreRequest search;
  search.set_op(v1::StoreRequest::SEARCH);
  search.set_query("降息");
  reply = Ask(search);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.total(), 1u);
  v1::Envelope c =
      Chinese("cccccccc33333333", "c.txt", "降雨", "明天降雨，央行不降息。");
  ASSERT_TRUE(stage_->Process(c, &out).ok());
  ASSERT_EQ(out.reports.size(), 3u);
  EXPECT_EQ(out.reports[2].outcome(), v1::DeliveryReport::STORED);
  reply = Ask(search);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.total(), 2u);
  reply = Ask(reindex);
  EXPECT_FALSE(reply.ok());
  EXPECT_NE(reply.error().find("Unavailable"), std::string::npos)
      << reply.error();
  v1::StoreRequest stats;
  stats.set_op(v1::StoreRequest::STATS);
  reply = Ask(stats);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_TRUE(nlohmann::json::parse(reply.stats_json())["reindex"]["running"]
                  .get<bool>());
  EXPECT_TRUE(stage_->StatusJson()["reindexing"].get<bool>());

  release.set_value();
  nlohmann::json state = stage_->WaitForReindex();
  EXPECT_FALSE(state["running"].get<bool>());
  // The document stored during the rebuild is in the new index.
  EXPECT_EQ(state["last"]["documents"], 3) << state.dump();
  reply = Ask(search);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_EQ(reply.total(), 2u);
  v1::StoreRequest verify;
  verify.set_op(v1::StoreRequest::VERIFY);
  reply = Ask(verify);
  ASSERT_TRUE(reply.ok()) << reply.error();
  EXPECT_TRUE(nlohmann::json::parse(reply.result_json())["ok"].get<bool>())
      << reply.result_json();
  reply = Ask(stats);
  EXPECT_EQ(
      nlohmann::json::parse(reply.stats_json())["reindex"]["last"]["documents"],
      3);
}

TEST_F(StoreStageTest, ShutdownWaitsForTheReindexWorker) {
  CollectingEmitter out;
  v1::Envelope a =
      Chinese("aaaaaaaa11111111", "a.txt", "央行降息", "央行今天宣布降息。");
  ASSERT_TRUE(stage_->Process(a, &out).ok());
  v1::StoreRequest reindex;
  reindex.set_op(v1::StoreRequest::REINDEX);
  ASSERT_TRUE(Ask(reindex).ok());
  // Cancelled or finished, the worker is gone when Shutdown returns (a
  // joinable thread left behind would abort the destructor).
  stage_->Shutdown();
  EXPECT_FALSE(stage_->store().reindexing());
  EXPECT_FALSE(stage_->WaitForReindex()["running"].get<bool>());
  stage_.reset();
}

TEST_F(StoreStageTest, MalformedRequestGetsAnErrorReply) {
  v1::StoreReply reply;
  ASSERT_TRUE(reply.ParseFromString(stage_->HandleRequest("\xff\xff\xff")));
  EXPECT_FALSE(reply.ok());
  EXPECT_FALSE(reply.error().empty());
  v1::StoreRequest none;
  reply = Ask(none);
  EXPECT_FALSE(reply.ok());
}

TEST(StoreDescriptorTest, DeclaresItsKeys) {
  StageDescriptor d = Descriptor();
  EXPECT_EQ(d.name, "store");
  std::vector<std::string> names;
  for (const auto& k : d.schema.keys) names.push_back(k.name);
  EXPECT_EQ(names, (std::vector<std::string>{"path", "sync_writes"}));
  ASSERT_EQ(d.shared_schemas.size(), 1u);
  EXPECT_EQ(d.shared_schemas[0].name, "segmenter");
  EXPECT_TRUE(static_cast<bool>(d.create));
}

}  // namespace
}  // namespace ink::store
