#include "stages/segmenter/segmenter_stage.h"

#include <google/protobuf/arena.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <chrono>
#include <utility>

namespace ink::segmenter {
namespace {

Result<std::unique_ptr<Segmenter>> Load(const Options& options,
                                        double* load_ms) {
  auto start = std::chrono::steady_clock::now();
  auto seg = Segmenter::Create(options);
  *load_ms = std::chrono::duration<double, std::milli>(
                 std::chrono::steady_clock::now() - start)
                 .count();
  return seg;
}

// The text of a token is the byte range of its field's text: it is left
// out of what goes down the pipeline (the enricher puts it back, the store
// does not read it), so there is less to encode, copy and parse.
void DropTokenTexts(v1::SegmentedArticle* article) {
  for (v1::SegmentedField& field : *article->mutable_fields()) {
    for (v1::Token& token : *field.mutable_tokens()) token.clear_text();
  }
}

}  // namespace

SegmenterStage::SegmenterStage(const Options& options,
                               std::unique_ptr<Segmenter> segmenter,
                               double load_ms)
    : options_(options), segmenter_(std::move(segmenter)), load_ms_(load_ms) {
  user_dict_stamp_ = UserDictStamp();
}

SegmenterStage::FileStamp SegmenterStage::UserDictStamp() const {
  FileStamp stamp;
  if (options_.user_dict_path.empty()) return stamp;
  struct stat st;
  if (::stat(options_.user_dict_path.c_str(), &st) != 0) return stamp;
  stamp.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
  stamp.size = static_cast<uint64_t>(st.st_size);
  return stamp;
}

void SegmenterStage::Tick(Emitter* /*out*/) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_check_ < std::chrono::seconds(1)) return;
  last_check_ = now;
  ReloadIfChanged();
}

bool SegmenterStage::ReloadIfChanged() {
  if (options_.user_dict_path.empty()) return false;
  FileStamp stamp = UserDictStamp();
  if (stamp == user_dict_stamp_) return false;
  spdlog::info("user dictionary {} changed", options_.user_dict_path);
  Reload();
  // Remember the new stamp even if the reload failed, so that a broken
  // file is reported once, not every second; the next edit retries.
  user_dict_stamp_ = stamp;
  return true;
}

Result<std::unique_ptr<SegmenterStage>> SegmenterStage::Create(
    const Options& options) {
  double load_ms = 0;
  ASSIGN_OR_RETURN(std::unique_ptr<Segmenter> seg, Load(options, &load_ms));
  spdlog::info("dictionary {} loaded in {:.0f} ms", options.dict_path, load_ms);
  return std::unique_ptr<SegmenterStage>(
      new SegmenterStage(options, std::move(seg), load_ms));
}

Status SegmenterStage::Process(v1::Envelope& envelope, Emitter* out) {
  if (!envelope.has_clean()) return Status::InvalidArgument("no clean article");
  // The segmentation goes out after the envelope's bytes as received; an
  // envelope that already carries one (a hand-made or replayed one) is
  // sent whole with the new one in its place.
  const bool extend = !envelope.has_segmented();
  v1::Envelope local;  // The additions of an envelope without an arena.
  v1::Envelope* additions =
      !extend ? &envelope
      : envelope.GetArena() != nullptr
          ? google::protobuf::Arena::CreateMessage<v1::Envelope>(
                envelope.GetArena())
          : &local;
  v1::SegmentedArticle* segmented = additions->mutable_segmented();
  segmented->Clear();
  segmenter_->SegmentArticle(envelope.clean(), segmented);
  DropTokenTexts(segmented);
  ++documents_;
  for (const v1::SegmentedField& f : segmented->fields())
    tokens_ += f.tokens_size();
  if (extend) {
    out->EmitExtended(envelope, *additions);
  } else {
    out->Emit(envelope);
  }
  return Status::OK();
}

void SegmenterStage::Reload() {
  double load_ms = 0;
  auto seg = Load(options_, &load_ms);
  if (!seg.ok()) {
    spdlog::error("reload failed, keeping the loaded dictionaries: {}",
                  seg.status().ToString());
    return;
  }
  segmenter_ = std::move(seg).value();
  load_ms_ = load_ms;
  user_dict_stamp_ = UserDictStamp();
  spdlog::info("dictionaries reloaded in {:.0f} ms", load_ms);
}

nlohmann::json SegmenterStage::StatusJson() const {
  return nlohmann::json{{"dict", options_.dict_path},
                        {"user_dict", options_.user_dict_path},
                        {"load_ms", load_ms_},
                        {"documents", documents_},
                        {"tokens", tokens_}};
}

Options OptionsFromSection(const config::Section& s) {
  Options options;
  options.dict_path = s.GetString("dict");
  options.hmm_dir = s.GetString("hmm_dir");
  options.user_dict_path = s.GetString("user_dict");
  return options;
}

ink::StageDescriptor Descriptor() {
  const Options defaults;
  ink::StageDescriptor d;
  d.name = "segmenter";
  d.schema.name = "segmenter";
  d.schema.help =
      "Chinese and English word segmentation (jieba's dictionary "
      "and HMM).";
  d.schema.keys = {
      {"dict", config::Type::kString, defaults.dict_path,
       "jieba dictionary, one \"word freq tag\" per line."},
      {"hmm_dir", config::Type::kString, defaults.hmm_dir,
       "Directory of jieba's HMM tables (prob_start.py, prob_trans.py, "
       "prob_emit.py) for words not in the dictionary; empty disables the "
       "HMM."},
      {"user_dict", config::Type::kString, defaults.user_dict_path,
       "Optional user dictionary, one \"word [freq] [tag]\" per line; "
       "reloaded when the file changes (checked every second) and on "
       "SIGHUP."},
  };
  d.create = [](const config::Config& c) -> Result<std::unique_ptr<Stage>> {
    Options options = OptionsFromSection(c.section("segmenter"));
    ASSIGN_OR_RETURN(std::unique_ptr<SegmenterStage> stage,
                     SegmenterStage::Create(options));
    return std::unique_ptr<Stage>(std::move(stage));
  };
  return d;
}

}  // namespace ink::segmenter
