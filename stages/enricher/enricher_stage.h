// The enricher as a pipeline stage: fills Envelope.enrichment from the
// clean article and its segmentation, keeps the segmentation (the store
// indexes its tokens) and passes the envelope on.
#pragma once

#include <cstdint>
#include <memory>

#include "common/stage.h"
#include "stages/enricher/enricher.h"

namespace ink::enricher {

// Not thread-safe: the runner calls every method from its one loop thread.
class EnricherStage : public Stage {
 public:
  // `enricher` was made from `options`; Reload() makes a new one from them.
  EnricherStage(Options options, std::unique_ptr<Enricher> enricher);

  // InvalidArgument if the envelope lacks `clean` or `segmented`, or if the
  // segmentation's offsets are bad; nothing is emitted then. Otherwise
  // replaces envelope.enrichment and emits the envelope.
  Status Process(v1::Envelope& envelope, Emitter* out) override;

  // Reloads the IDF table and stop words; on failure logs the error and
  // keeps the loaded ones.
  void Reload() override;

  // {"idf", "stop_words", "idf_words", "enriched", "rejected"}.
  nlohmann::json StatusJson() const override;

 private:
  Options options_;
  std::unique_ptr<Enricher> enricher_;
  uint64_t enriched_ = 0;
  uint64_t rejected_ = 0;
};

// Name "enricher", config keys idf and stop_words, and the factory.
StageDescriptor Descriptor();

}  // namespace ink::enricher
