// Fuzzes the protobuf decoding path of the stages without sockets: the
// bytes are what arrives on a stage's input socket. They are decoded into
// an Envelope as the runner decodes them (common/stage_runner.cc: a
// message that does not parse is dropped), the runner's trace hop is
// added, and the envelope goes through the cleaner's, the segmenter's and
// the enricher's Process(). Whatever a stage emits must decode again at
// the next hop.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/stage.h"
#include "stages/cleaner/cleaner_stage.h"
#include "stages/enricher/enricher_stage.h"
#include "stages/segmenter/segmenter_stage.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

std::vector<ink::Stage*>* g_stages = nullptr;

void RunStage(ink::Stage* stage, const ink::v1::Envelope& decoded) {
  ink::v1::Envelope env = decoded;
  auto* hop = env.add_trace();
  hop->set_stage("fuzz");
  hop->set_host("localhost");
  ink::CollectingEmitter out;
  ink::Status s = stage->Process(env, &out);
  ink::fuzz::CheckRefusal(s);
  if (!s.ok() && !out.emitted.empty())
    ink::fuzz::Fail("a stage emitted and then failed", s.ToString());
  for (const auto& e : out.emitted) ink::fuzz::CheckRoundTrips(e);
  for (const auto& r : out.reports) ink::fuzz::CheckRoundTrips(r);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  g_stages = new std::vector<ink::Stage*>;
  ink::cleaner::Options cleaner_options;
  cleaner_options.max_bytes = 1 << 20;
  g_stages->push_back(new ink::cleaner::CleanerStage(cleaner_options));
  auto segmenter =
      ink::segmenter::SegmenterStage::Create(ink::segmenter::Options());
  if (!segmenter.ok())
    ink::fuzz::Fail("cannot load the segmenter (python3-jieba installed?)",
                    segmenter.status().ToString());
  g_stages->push_back(segmenter.value().release());
  ink::enricher::Options enricher_options;
  auto enricher = ink::enricher::Enricher::Create(enricher_options);
  if (!enricher.ok())
    ink::fuzz::Fail("cannot load the enricher's IDF table",
                    enricher.status().ToString());
  g_stages->push_back(new ink::enricher::EnricherStage(
      enricher_options, std::move(enricher).value()));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ink::v1::Envelope env;
  if (!env.ParseFromArray(data, static_cast<int>(size))) return 0;
  for (ink::Stage* stage : *g_stages) RunStage(stage, env);
  return 0;
}
