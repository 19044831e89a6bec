// The segmenter as a pipeline stage: takes an envelope with a clean
// article, adds its segmented fields and passes it on.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "common/stage.h"
#include "stages/segmenter/segmenter.h"

namespace ink::segmenter {

class SegmenterStage : public ink::Stage {
 public:
  // Loads the dictionaries named by `options`.
  static Result<std::unique_ptr<SegmenterStage>> Create(const Options& options);

  // Requires envelope.has_clean() (else InvalidArgument "no clean article");
  // emits the envelope with its segmentation (replacing one it carried).
  // Tokens go without their text: it is the token's byte range of the
  // field text (ink::enricher::FillTokenTexts puts it back).
  Status Process(v1::Envelope& envelope, Emitter* out) override;

  // Reloads the dictionaries; on failure keeps the ones loaded before.
  void Reload() override;

  // About once a second: reloads if the user dictionary file changed.
  void Tick(Emitter* out) override;

  // Reloads if the user dictionary's modification time or size differs
  // from when it was last loaded; returns true if it reloaded.
  bool ReloadIfChanged();

  // Dictionary size, load time and the documents segmented so far.
  nlohmann::json StatusJson() const override;

  const Segmenter& segmenter() const { return *segmenter_; }

 private:
  SegmenterStage(const Options& options, std::unique_ptr<Segmenter> segmenter,
                 double load_ms);

  // The user dictionary's modification time and size, to notice edits;
  // zero if there is none or it cannot be read.
  struct FileStamp {
    int64_t mtime_ns = 0;
    uint64_t size = 0;
    bool operator==(const FileStamp&) const = default;
  };
  FileStamp UserDictStamp() const;

  Options options_;
  std::unique_ptr<Segmenter> segmenter_;
  FileStamp user_dict_stamp_;
  std::chrono::steady_clock::time_point last_check_{};
  double load_ms_ = 0;
  uint64_t documents_ = 0;
  uint64_t tokens_ = 0;
};

// Options from the "segmenter" config section. Every process that segments
// (segmenter, store, inkctl) builds its Segmenter from this one section.
Options OptionsFromSection(const config::Section& section);

// The stage's name ("segmenter"), config keys (dict, hmm_dir, user_dict)
// and factory, for the shared runner.
ink::StageDescriptor Descriptor();

}  // namespace ink::segmenter
