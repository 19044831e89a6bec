#include "stages/enricher/enricher_stage.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {

EnricherStage::EnricherStage(Options options,
                             std::unique_ptr<Enricher> enricher,
                             StoreQuery query, StoreStatsOptions stats)
    : options_(std::move(options)),
      enricher_(std::move(enricher)),
      query_(std::move(query)),
      stats_options_(stats),
      frequencies_(stats.max_terms),
      last_refresh_(std::chrono::steady_clock::now()) {}

Status EnricherStage::Process(v1::Envelope& envelope, Emitter* out) {
  if (!envelope.has_clean() || !envelope.has_segmented()) {
    ++rejected_;
    return Status::InvalidArgument(
        "enricher needs the clean article and its segmentation");
  }
  for (v1::SegmentedField& field :
       *envelope.mutable_segmented()->mutable_fields()) {
    FillTokenTexts(&field);
  }
  const bool note = query_ && stats_options_.interval_ms > 0;
  std::vector<std::string> terms;
  v1::Envelope additions;
  Status s = enricher_->Enrich(envelope.clean(), envelope.segmented(),
                               additions.mutable_enrichment(),
                               note ? &terms : nullptr);
  if (!s.ok()) {
    ++rejected_;
    return s;
  }
  ++enriched_;
  if (note) frequencies_.Note(terms);
  if (envelope.has_enrichment()) {
    // A merge would mix the old enrichment into the new: send it whole.
    *envelope.mutable_enrichment() = std::move(*additions.mutable_enrichment());
    out->Emit(envelope);
  } else {
    // The tokens go on as they came, without being encoded again (and
    // without the texts filled in above: the store does not read them).
    out->EmitExtended(envelope, additions);
  }
  return Status::OK();
}

void EnricherStage::Tick(Emitter* /*out*/) {
  if (!query_ || stats_options_.interval_ms <= 0) return;
  if (in_flight_.has_value()) {
    if (in_flight_->reply.wait_for(std::chrono::seconds(0)) !=
        std::future_status::ready) {
      return;
    }
    Status s = FinishInFlight();
    if (!s.ok()) {
      spdlog::warn(
          "store statistics not refreshed, keeping the loaded ones: {}",
          s.ToString());
    }
    return;
  }
  if (!frequencies_.due()) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_refresh_ <
      std::chrono::milliseconds(stats_options_.interval_ms)) {
    return;
  }
  last_refresh_ = now;
  InFlight sent;
  sent.request = frequencies_.MakeRequest();
  try {
    sent.reply =
        std::async(std::launch::async,
                   [query = query_, bytes = sent.request.SerializeAsString()] {
                     return query(bytes);
                   });
  } catch (const std::system_error& e) {  // No thread to be had.
    ++refresh_failures_;
    spdlog::warn("store statistics not refreshed, keeping the loaded ones: {}",
                 e.what());
    return;
  }
  in_flight_.emplace(std::move(sent));
}

Status EnricherStage::FinishInFlight() {
  if (!in_flight_.has_value()) return Status::OK();
  InFlight sent = std::move(*in_flight_);
  in_flight_.reset();
  return Apply(sent.request, sent.reply.get());
}

Status EnricherStage::RefreshStoreStatistics() {
  if (!query_) return Status::Unavailable("no store to ask");
  Status s = FinishInFlight();
  if (!s.ok()) {
    spdlog::warn("store statistics not refreshed, keeping the loaded ones: {}",
                 s.ToString());
  }
  const v1::StoreRequest request = frequencies_.MakeRequest();
  return Apply(request, query_(request.SerializeAsString()));
}

Status EnricherStage::Apply(const v1::StoreRequest& request,
                            Result<std::string> bytes) {
  v1::StoreReply reply;
  Status s = bytes.status();
  if (s.ok() && !reply.ParseFromString(*bytes)) {
    s = Status::InvalidArgument("malformed StoreReply");
  }
  std::shared_ptr<const DocumentFrequencies> table;
  if (s.ok()) {
    auto applied = frequencies_.Apply(request, reply);
    s = applied.status();
    if (s.ok()) table = std::move(applied).value();
  }
  std::unique_ptr<Enricher> enricher;
  if (s.ok()) {
    auto made = Enricher::Create(options_, enricher_->idf_table(), table);
    s = made.status();
    if (s.ok()) enricher = std::move(made).value();
  }
  if (!s.ok()) {
    ++refresh_failures_;
    return s;
  }
  enricher_ = std::move(enricher);
  ++refreshes_;
  spdlog::debug("store statistics: {} documents, {} terms", table->documents(),
                request.terms_size());
  return Status::OK();
}

void EnricherStage::Reload() {
  auto enricher = Enricher::Create(options_);
  if (enricher.ok() && frequencies_.table() != nullptr) {
    enricher = Enricher::Create(options_, (*enricher)->idf_table(),
                                frequencies_.table());
  }
  if (!enricher.ok()) {
    spdlog::error("reload failed, keeping the loaded tables: {}",
                  enricher.status().ToString());
    return;
  }
  enricher_ = std::move(enricher).value();
  spdlog::info("IDF table reloaded: {} words", enricher_->idf().size());
}

nlohmann::json EnricherStage::StatusJson() const {
  const auto& corpus = enricher_->corpus();
  return {{"idf", options_.idf_path},
          {"stop_words", options_.stop_words_path},
          {"idf_words", enricher_->idf().size()},
          {"enriched", enriched_},
          {"rejected", rejected_},
          {"corpus_documents", corpus != nullptr ? corpus->documents() : 0},
          {"corpus_terms", frequencies_.noted()},
          {"corpus_refreshes", refreshes_},
          {"corpus_refresh_failures", refresh_failures_}};
}

StageDescriptor Descriptor(StoreQueryFactory connect) {
  const StoreStatsOptions stats_defaults;
  StageDescriptor d;
  d.name = "enricher";
  d.schema.name = "enricher";
  d.schema.help =
      "Keywords, entities, summary, language and duplicate fingerprints.";
  d.schema.keys = {
      {"idf", config::Type::kString, kDefaultIdfPath,
       "IDF table for keywords, \"word idf\" per line (jieba's idf.txt)."},
      {"stop_words", config::Type::kString, "",
       "Extra keyword stop words, one per line; empty for the built-in "
       "list only."},
      {"store_stats_interval_ms", config::Type::kInt,
       std::to_string(stats_defaults.interval_ms),
       "How often to ask the store (bus.query) for the document frequencies "
       "of the terms seen, blended into the keyword IDF as the store fills; "
       "0: jieba's IDF alone."},
      {"store_stats_max_terms", config::Type::kInt,
       std::to_string(stats_defaults.max_terms),
       "Most terms whose store frequencies are kept (the rarest go first)."},
  };
  d.create =
      [connect](const config::Config& c) -> Result<std::unique_ptr<Stage>> {
    const config::Section& section = c.section("enricher");
    Options options;
    options.idf_path = section.GetString("idf");
    options.stop_words_path = section.GetString("stop_words");
    StoreStatsOptions stats;
    stats.interval_ms = section.GetInt("store_stats_interval_ms");
    stats.max_terms = static_cast<size_t>(
        std::max<int64_t>(0, section.GetInt("store_stats_max_terms")));
    ASSIGN_OR_RETURN(std::unique_ptr<Enricher> enricher,
                     Enricher::Create(options));
    StoreQuery query;
    if (stats.interval_ms > 0 && connect) query = connect(c);
    return std::unique_ptr<Stage>(new EnricherStage(
        std::move(options), std::move(enricher), std::move(query), stats));
  };
  return d;
}

}  // namespace ink::enricher
