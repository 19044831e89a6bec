#include "stages/enricher/store_frequencies.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>

#include "stages/enricher/enricher_stage.h"
#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

// What the store answers: `df` for the terms it knows, 0 for the others.
v1::StoreReply Answer(const v1::StoreRequest& request, uint64_t documents,
                      const std::map<std::string, uint64_t>& df) {
  v1::StoreReply reply;
  reply.set_ok(true);
  reply.set_total(documents);
  for (const std::string& term : request.terms()) {
    auto it = df.find(term);
    reply.add_document_frequencies(it == df.end() ? 0 : it->second);
  }
  return reply;
}

TEST(StoreFrequenciesTest, AsksForNotedTermsAndMakesTable) {
  StoreFrequencies f(100);
  EXPECT_FALSE(f.due());
  EXPECT_EQ(f.table(), nullptr);
  f.Note({"银行", "贷款", "银行"});
  EXPECT_TRUE(f.due());
  v1::StoreRequest request = f.MakeRequest();
  EXPECT_EQ(request.op(), v1::StoreRequest::TERM_STATS);
  EXPECT_EQ(request.terms_size(), 2);
  auto table = f.Apply(request, Answer(request, 99, {{"银行", 49}}));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_FALSE(f.due());
  EXPECT_EQ((*table)->documents(), 99u);
  EXPECT_TRUE((*table)->Contains("贷款"));  // Known, with df 0.
  EXPECT_FALSE((*table)->Contains("存款"));
  EXPECT_DOUBLE_EQ((*table)->Idf("银行"), std::log(100.0 / 50.0) + 1.0);
  // Known terms are asked again, with the new ones.
  f.Note({"存款"});
  EXPECT_EQ(f.MakeRequest().terms_size(), 3);
}

TEST(StoreFrequenciesTest, BadReplyChangesNothing) {
  StoreFrequencies f(100);
  f.Note({"银行", "贷款"});
  v1::StoreRequest request = f.MakeRequest();
  v1::StoreReply short_reply = Answer(request, 10, {});
  short_reply.mutable_document_frequencies()->RemoveLast();
  EXPECT_TRUE(f.Apply(request, short_reply).status().IsInvalidArgument());
  v1::StoreReply error;
  error.set_ok(false);
  error.set_error("InvalidArgument: unknown store request op 10");
  EXPECT_TRUE(f.Apply(request, error).status().IsInvalidArgument());
  EXPECT_TRUE(f.due());
  EXPECT_EQ(f.table(), nullptr);
  EXPECT_EQ(f.MakeRequest().terms_size(), 2);
}

TEST(StoreFrequenciesTest, KeepsTheMostFrequentTermsPastTheCap) {
  StoreFrequencies f(2);
  f.Note({"a1", "b2", "c3"});  // The third does not fit.
  v1::StoreRequest request = f.MakeRequest();
  EXPECT_EQ(request.terms_size(), 2);
  ASSERT_TRUE(
      f.Apply(request, Answer(request, 10, {{"a1", 5}, {"b2", 1}})).ok());
  f.Note({"c3"});
  EXPECT_EQ(f.noted(), 2u);  // Full: c3 waits.
}

// The stage asks the store and its keywords follow the answer: a term the
// store finds in every document stops being the first keyword.
TEST(EnricherStageTest, StoreFrequenciesReRankKeywords) {
  using testing::W;
  auto idf = std::shared_ptr<const IdfTable>(
      IdfTable::FromEntries({{"alpha", 12.0}, {"beta", 11.0}, {"gamma", 5.0}}));
  Options options;
  options.keywords.corpus_min_documents = 10;
  auto enricher = Enricher::Create(options, idf);
  ASSERT_TRUE(enricher.ok());
  int asked = 0;
  std::map<std::string, uint64_t> store_df = {
      {"alpha", 1000}, {"beta", 2}, {"gamma", 500}};
  EnricherStage stage(
      options, std::move(enricher).value(),
      [&](const std::string& bytes) -> Result<std::string> {
        ++asked;
        v1::StoreRequest request;
        EXPECT_TRUE(request.ParseFromString(bytes));
        return Answer(request, 1000, store_df).SerializeAsString();
      },
      StoreStatsOptions{/*interval_ms=*/1, /*max_terms=*/1000});

  v1::Envelope env;
  env.mutable_clean()->set_title("");
  *env.mutable_segmented()->add_fields() = testing::MakeField(
      "body", {W{"alpha"}, W{"beta"}, W{"gamma"}, W{"."}}, " ");
  CollectingEmitter out;
  ASSERT_TRUE(stage.Process(env, &out).ok());
  ASSERT_EQ(out.emitted.size(), 1u);
  EXPECT_EQ(out.emitted[0].enrichment().keywords(0).term(), "alpha");

  ASSERT_TRUE(stage.RefreshStoreStatistics().ok());
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(stage.StatusJson()["corpus_documents"], 1000);
  ASSERT_TRUE(stage.Process(env, &out).ok());
  EXPECT_EQ(out.emitted[1].enrichment().keywords(0).term(), "beta");

  // A store that does not answer leaves the statistics as they were.
  store_df.clear();
  EnricherStage down(options, std::move(Enricher::Create(options, idf)).value(),
                     [](const std::string&) -> Result<std::string> {
                       return Status::Unavailable("no reply within 2000 ms");
                     });
  ASSERT_TRUE(down.Process(env, &out).ok());
  EXPECT_EQ(down.RefreshStoreStatistics().code(), Status::Code::kUnavailable);
  EXPECT_EQ(down.StatusJson()["corpus_refresh_failures"], 1);
  ASSERT_TRUE(down.Process(env, &out).ok());
  EXPECT_EQ(out.emitted.back().enrichment().keywords(0).term(), "alpha");
}

// A slow or dead store never holds up the articles: Tick() sends the
// request on its own thread and returns; the reply is used once it is in.
TEST(EnricherStageTest, TickDoesNotWaitForTheStore) {
  using testing::W;
  auto idf = std::shared_ptr<const IdfTable>(
      IdfTable::FromEntries({{"alpha", 12.0}, {"beta", 11.0}, {"gamma", 5.0}}));
  Options options;
  options.keywords.corpus_min_documents = 10;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::map<std::string, uint64_t> store_df = {
      {"alpha", 1000}, {"beta", 2}, {"gamma", 500}};
  EnricherStage stage(
      options, std::move(Enricher::Create(options, idf)).value(),
      [gate, &store_df](const std::string& bytes) -> Result<std::string> {
        // A store that never answers would time out; this one answers when
        // the test lets it, or fails the refresh after 10 s.
        if (gate.wait_for(std::chrono::seconds(10)) !=
            std::future_status::ready) {
          return Status::Unavailable("no reply");
        }
        v1::StoreRequest request;
        EXPECT_TRUE(request.ParseFromString(bytes));
        return Answer(request, 1000, store_df).SerializeAsString();
      },
      StoreStatsOptions{/*interval_ms=*/1, /*max_terms=*/1000});

  v1::Envelope env;
  env.mutable_clean()->set_title("");
  *env.mutable_segmented()->add_fields() = testing::MakeField(
      "body", {W{"alpha"}, W{"beta"}, W{"gamma"}, W{"."}}, " ");
  CollectingEmitter out;
  ASSERT_TRUE(stage.Process(env, &out).ok());
  // The interval (1 ms) must pass before Tick() asks.
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start <
         std::chrono::milliseconds(2)) {
  }
  stage.Tick(&out);  // Sends the request; the store has not answered.
  stage.Tick(&out);  // Still no answer: returns at once, sends no other.
  EXPECT_EQ(stage.StatusJson()["corpus_refreshes"], 0);
  EXPECT_EQ(stage.StatusJson()["corpus_refresh_failures"], 0);
  ASSERT_TRUE(stage.Process(env, &out).ok());
  EXPECT_EQ(out.emitted.back().enrichment().keywords(0).term(), "alpha");

  // The store answers; the next refresh uses the reply sent by Tick().
  release.set_value();
  ASSERT_TRUE(stage.RefreshStoreStatistics().ok());
  EXPECT_EQ(stage.StatusJson()["corpus_refreshes"], 2);
  ASSERT_TRUE(stage.Process(env, &out).ok());
  EXPECT_EQ(out.emitted.back().enrichment().keywords(0).term(), "beta");
}

}  // namespace
}  // namespace ink::enricher
