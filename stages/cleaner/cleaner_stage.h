// The cleaner as a pipeline stage: takes envelopes carrying raw bytes and
// passes them on carrying a clean article instead.
#pragma once

#include <optional>
#include <string_view>

#include "common/stage.h"
#include "stages/cleaner/cleaner.h"

namespace ink::cleaner {

class CleanerStage : public ink::Stage {
 public:
  explicit CleanerStage(Options options) : cleaner_(std::move(options)) {}

  // Requires envelope.has_raw(). Fills envelope.clean, drops the raw bytes
  // (later stages do not need them; filename and mtime stay) and emits the
  // envelope. Returns the cleaner's error otherwise (the runner turns it into
  // a dead letter) and emits nothing.
  Status Process(v1::Envelope& envelope, Emitter* out) override;

  nlohmann::json StatusJson() const override;

 private:
  Cleaner cleaner_;
  uint64_t cleaned_ = 0;
  uint64_t rejected_ = 0;
  uint64_t replaced_bytes_ = 0;
};

// Name "cleaner", config section schema (max_bytes) and factory.
ink::StageDescriptor Descriptor();

// "+08:00" -> 480, "-05:00" -> -300; nullopt for anything else.
std::optional<int> ParseUtcOffset(std::string_view s);

}  // namespace ink::cleaner
