// The enricher as a pipeline stage: fills Envelope.enrichment from the
// clean article and its segmentation, keeps the segmentation (the store
// indexes its tokens) and passes the envelope on. Every
// corpus_df_interval_ms it asks the store for the document frequencies of
// the terms it has seen (StoreFrequencies) and blends them into the keyword
// IDF from then on. The request runs on a thread of its own, so a store
// that is down or slow never holds up the articles.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "common/stage.h"
#include "stages/enricher/enricher.h"
#include "stages/enricher/store_frequencies.h"

namespace ink::enricher {

// Sends a serialised v1::StoreRequest to the store's query socket and
// returns the serialised v1::StoreReply; Unavailable when the store does
// not answer in time. The daemon's is a REQ/REP exchange (bus::Request);
// tests pass a store in the same process.
using StoreQuery =
    std::function<Result<std::string>(const std::string& request)>;

struct StoreStatsOptions {
  // How often to ask the store, in milliseconds; 0 never (jieba's IDF
  // alone, or options.corpus_df_path).
  int64_t interval_ms = 10000;
  // Most terms whose frequencies are kept.
  size_t max_terms = 300000;
};

// Not thread-safe: the runner calls every method from its one loop thread.
class EnricherStage : public Stage {
 public:
  // `enricher` was made from `options`; Reload() makes a new one from them.
  // `query` may be null: no store statistics.
  EnricherStage(Options options, std::unique_ptr<Enricher> enricher,
                StoreQuery query = nullptr, StoreStatsOptions stats = {});

  // InvalidArgument if the envelope lacks `clean` or `segmented`, or if the
  // segmentation's offsets are bad; nothing is emitted then. Otherwise
  // emits the envelope with its enrichment (replacing one it carried).
  // Tokens without a text get it from their byte range (FillTokenTexts)
  // for the enricher's own use: the envelope goes on with EmitExtended(),
  // so the runner passes the tokens on as they were received.
  Status Process(v1::Envelope& envelope, Emitter* out) override;

  // Never blocks on the store: when articles were enriched since the last
  // refresh and the interval has passed, sends the request of
  // RefreshStoreStatistics() on a thread of its own; a later Tick() that
  // finds the reply in uses it (on failure logs it and keeps the loaded
  // statistics). Articles are enriched with the loaded statistics
  // meanwhile; one request is in flight at a time.
  void Tick(Emitter* out) override;

  // Asks the store for the document frequencies of every term seen and
  // makes a new Enricher with them, waiting for the reply (at most the
  // query's time-out); a request Tick() sent is waited for and used first.
  // On failure the loaded statistics are kept.
  Status RefreshStoreStatistics();

  // Reloads the IDF table and stop words; on failure logs the error and
  // keeps the loaded ones. The store statistics are kept.
  void Reload() override;

  // {"idf", "stop_words", "idf_words", "enriched", "rejected",
  //  "corpus_documents", "corpus_terms", "corpus_refreshes",
  //  "corpus_refresh_failures"}.
  nlohmann::json StatusJson() const override;

  const Enricher& enricher() const { return *enricher_; }

 private:
  // A TERM_STATS request sent by Tick() and its reply to come.
  struct InFlight {
    v1::StoreRequest request;
    std::future<Result<std::string>> reply;
  };
  // Makes the new Enricher from the store's reply to `request`; counts
  // the refresh or its failure.
  Status Apply(const v1::StoreRequest& request, Result<std::string> bytes);
  // Waits for the request in flight, if any, and applies its reply.
  Status FinishInFlight();

  Options options_;
  std::unique_ptr<Enricher> enricher_;
  StoreQuery query_;
  StoreStatsOptions stats_options_;
  StoreFrequencies frequencies_;
  std::chrono::steady_clock::time_point last_refresh_;
  uint64_t enriched_ = 0;
  uint64_t rejected_ = 0;
  uint64_t refreshes_ = 0;
  uint64_t refresh_failures_ = 0;
  // Last: destroyed first, waiting for the query thread, which reads
  // query_.
  std::optional<InFlight> in_flight_;
};

// Makes the StoreQuery of a daemon from its config (main.cc: a REQ/REP
// exchange with bus.query; the stage library has no sockets).
using StoreQueryFactory = std::function<StoreQuery(const config::Config&)>;

// Name "enricher", its config keys and the factory. Without `connect` the
// stage never asks the store (schema listings, offline use).
StageDescriptor Descriptor(StoreQueryFactory connect = nullptr);

}  // namespace ink::enricher
