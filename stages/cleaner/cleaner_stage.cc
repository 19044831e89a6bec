#include "stages/cleaner/cleaner_stage.h"

#include <memory>

namespace ink::cleaner {

Status CleanerStage::Process(v1::Envelope& envelope, Emitter* out) {
  if (!envelope.has_raw()) {
    ++rejected_;
    return Status::InvalidArgument("envelope has no raw document");
  }
  Status s = cleaner_.Clean(envelope.raw(), envelope.mutable_clean());
  if (!s.ok()) {
    ++rejected_;
    envelope.clear_clean();
    return s.WithContext(envelope.raw().filename());
  }
  ++cleaned_;
  replaced_bytes_ += envelope.clean().replaced_bytes();
  envelope.mutable_raw()->clear_content();
  out->Emit(envelope);
  return Status::OK();
}

nlohmann::json CleanerStage::StatusJson() const {
  return {{"cleaned", cleaned_},
          {"rejected", rejected_},
          {"replaced_bytes", replaced_bytes_}};
}

std::optional<int> ParseUtcOffset(std::string_view s) {
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
    return std::nullopt;
  for (size_t i : {1, 2, 4, 5})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int hours = (s[1] - '0') * 10 + (s[2] - '0');
  const int minutes = (s[4] - '0') * 10 + (s[5] - '0');
  if (hours > 14 || minutes > 59) return std::nullopt;
  return (s[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

ink::StageDescriptor Descriptor() {
  ink::StageDescriptor d;
  d.name = "cleaner";
  d.schema.name = "cleaner";
  d.schema.help = "Turns raw documents (txt, md, html) into clean articles.";
  d.schema.keys = {
      {"max_bytes", config::Type::kInt, "20971520",
       "Largest input accepted, in bytes (also the limit after gunzip); larger "
       "documents are dead-lettered as TooLarge."},
      {"default_utc_offset", config::Type::kString, "+08:00",
       "Zone of times written without one (+HH:MM or -HH:MM); Beijing time "
       "suits Chinese sites, set another for an archive from elsewhere."},
  };
  d.create = [](const config::Config& c) -> Result<std::unique_ptr<Stage>> {
    int64_t max_bytes = c.section("cleaner").GetInt("max_bytes");
    if (max_bytes <= 0)
      return Status::InvalidArgument("cleaner.max_bytes must be positive");
    Options options;
    options.max_bytes = static_cast<size_t>(max_bytes);
    const std::string zone =
        c.section("cleaner").GetString("default_utc_offset");
    auto minutes = ParseUtcOffset(zone);
    if (!minutes)
      return Status::InvalidArgument(
          "cleaner.default_utc_offset must be +HH:MM or -HH:MM, not \"" + zone +
          "\"");
    options.default_utc_offset_minutes = *minutes;
    return std::unique_ptr<Stage>(std::make_unique<CleanerStage>(options));
  };
  return d;
}

}  // namespace ink::cleaner
