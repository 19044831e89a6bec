// The interface every pipeline stage implements. A stage holds the logic and
// no sockets; the shared runner (common/stage_runner.h) owns the sockets,
// the loop, signals, counters and the control socket.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/status.h"
#include "ink/v1/envelope.pb.h"

namespace ink {

// Where a stage's results go. Implemented by the runner, and by tests and
// inkctl's offline commands with plain in-memory collectors.
class Emitter {
 public:
  virtual ~Emitter() = default;
  // Sends an envelope to the next stage.
  virtual void Emit(const v1::Envelope& envelope) = 0;

  // Sends `received` on with `additions` merged into it, by protobuf merge
  // rules: repeated fields of `additions` are appended, its set singular
  // fields replace (messages merge). `received` must be the envelope the
  // current Process() call was given. The runner sends the bytes it
  // received followed by the encoding of `additions` (a receiver parses the
  // concatenation as the merge): the received part is not encoded again,
  // and changes the stage made to `received` itself may be lost (keep them
  // to what only this stage reads). Use it only when the merge is the
  // envelope the next stage needs: what `additions` sets must be absent
  // from `received`. This default, for collectors, emits a merged copy.
  virtual void EmitExtended(const v1::Envelope& received,
                            const v1::Envelope& additions) {
    v1::Envelope merged = received;
    merged.MergeFrom(additions);
    Emit(merged);
  }

  // Sends an acknowledgement or a dead letter to the fetcher.
  virtual void Report(const v1::DeliveryReport& report) = 0;
};

class Stage {
 public:
  virtual ~Stage() = default;

  // Handles one envelope received on the stage's input. The stage fills in
  // its part of the payload and emits the envelope (or reports it). A
  // non-OK status makes the runner send a dead letter with the status as
  // the reason: return InvalidArgument for bad input, never abort.
  virtual Status Process(v1::Envelope& envelope, Emitter* out) = 0;

  // Called about every tick_ms by the runner, and once more before exit.
  virtual void Tick(Emitter* out) {}

  // Handles a delivery report (only the fetcher binds the report socket).
  virtual void OnReport(const v1::DeliveryReport& report, Emitter* out) {}

  // Answers one request on the stage's service socket (the store's query
  // socket). `request` and the returned bytes are serialised protobufs.
  virtual std::string HandleRequest(const std::string& request) { return {}; }

  // Stage-specific figures merged into `inkctl status`.
  virtual nlohmann::json StatusJson() const { return nlohmann::json::object(); }

  // A file descriptor whose readability should wake the loop and call
  // Tick() at once (the fetcher's inotify fd), or -1.
  virtual int WakeFd() const { return -1; }

  // Reloads changeable data (dictionaries) on SIGHUP.
  virtual void Reload() {}

  // Called once after the loop ends; flush and close.
  virtual void Shutdown() {}
};

// Collects what a stage emits, for tests and offline commands.
class CollectingEmitter : public Emitter {
 public:
  void Emit(const v1::Envelope& envelope) override {
    emitted.push_back(envelope);
  }
  void Report(const v1::DeliveryReport& report) override {
    reports.push_back(report);
  }
  std::vector<v1::Envelope> emitted;
  std::vector<v1::DeliveryReport> reports;
};

// What a daemon's main() hands to the runner: its name (config section,
// log name, binary ink-<name>, place in the pipeline), its config keys and
// a factory. The runner knows the topology from the name.
struct StageDescriptor {
  std::string name;
  config::SectionSchema schema;
  // Other daemons' sections this stage also reads (the store reads the
  // segmenter's, so that indexing and queries segment alike).
  std::vector<config::SectionSchema> shared_schemas;
  std::function<Result<std::unique_ptr<Stage>>(const config::Config&)> create;
  // The daemon takes its heap's memory in huge pages (UseHugePagesForHeap):
  // for a stage whose memory grows steadily with its work (the store). Not
  // for stages whose big allocations come and go per document: on virtual
  // machines that return free memory to the host, each fresh huge page
  // costs more to fault than the 4 KB pages the kernel had at hand
  // (segmenter_bench's one-call Cut of 10 MB took four times as long).
  bool huge_page_heap = false;
};

}  // namespace ink
