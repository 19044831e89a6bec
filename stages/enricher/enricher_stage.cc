#include "stages/enricher/enricher_stage.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace ink::enricher {

EnricherStage::EnricherStage(Options options,
                             std::unique_ptr<Enricher> enricher)
    : options_(std::move(options)), enricher_(std::move(enricher)) {}

Status EnricherStage::Process(v1::Envelope& envelope, Emitter* out) {
  if (!envelope.has_clean() || !envelope.has_segmented()) {
    ++rejected_;
    return Status::InvalidArgument(
        "enricher needs the clean article and its segmentation");
  }
  Status s = enricher_->Enrich(envelope.clean(), envelope.segmented(),
                               envelope.mutable_enrichment());
  if (!s.ok()) {
    ++rejected_;
    return s;
  }
  ++enriched_;
  out->Emit(envelope);
  return Status::OK();
}

void EnricherStage::Reload() {
  auto enricher = Enricher::Create(options_);
  if (!enricher.ok()) {
    spdlog::error("reload failed, keeping the loaded tables: {}",
                  enricher.status().ToString());
    return;
  }
  enricher_ = std::move(enricher).value();
  spdlog::info("IDF table reloaded: {} words", enricher_->idf().size());
}

nlohmann::json EnricherStage::StatusJson() const {
  return {{"idf", options_.idf_path},
          {"stop_words", options_.stop_words_path},
          {"idf_words", enricher_->idf().size()},
          {"enriched", enriched_},
          {"rejected", rejected_}};
}

StageDescriptor Descriptor() {
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
  };
  d.create = [](const config::Config& c) -> Result<std::unique_ptr<Stage>> {
    const config::Section& section = c.section("enricher");
    Options options;
    options.idf_path = section.GetString("idf");
    options.stop_words_path = section.GetString("stop_words");
    ASSIGN_OR_RETURN(std::unique_ptr<Enricher> enricher,
                     Enricher::Create(options));
    return std::unique_ptr<Stage>(
        new EnricherStage(std::move(options), std::move(enricher)));
  };
  return d;
}

}  // namespace ink::enricher
