// The fetcher: watches the inbox, spools each complete file, sends it down
// the pipeline and owns its delivery until the store acknowledges it or a
// stage gives it up (DESIGN.md, "Delivery contract").
//
// A file is complete when inotify says it was closed after writing or moved
// into the inbox, or, for files found by a scan (at start, or missed
// events), when its size and mtime have not changed for `settle_ms`.
// At most `max_in_flight` documents are in flight; further files wait in
// the inbox. A document without an ack after `ack_timeout_ms` is sent
// again, with the wait doubling at each attempt (up to 16x); after
// `max_attempts` sends it goes to failed/.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "common/stage.h"
#include "stages/fetcher/record_splitter.h"
#include "stages/fetcher/spool.h"

namespace ink::fetcher {

struct Options {
  std::string inbox = "var/inbox";
  std::string spool = "var/spool";
  int max_in_flight = 256;
  int64_t ack_timeout_ms = 30000;
  int max_attempts = 5;
  int64_t max_file_bytes = 20 << 20;
  int64_t max_dump_bytes = int64_t{1}
                           << 30;   // A .jsonl(.gz) dump, uncompressed.
  int64_t settle_ms = 1000;         // Quiet time of a file found by a scan.
  int64_t scan_interval_ms = 1000;  // Full inbox scans besides inotify.
  int64_t done_retention_s = 7 * 24 * 3600;  // 0 keeps done/ forever.
};

class Fetcher : public Stage {
 public:
  // Creates the directories, sets up inotify and loads what a previous run
  // left in inflight/ (to be sent again).
  static Result<std::unique_ptr<Fetcher>> Create(const Options& options);
  ~Fetcher() override;

  // The fetcher has no input socket.
  Status Process(v1::Envelope& envelope, Emitter* out) override;
  // Takes complete files, sends what is due, resends what timed out.
  void Tick(Emitter* out) override;
  // Acks move files to done/, dead letters to failed/.
  void OnReport(const v1::DeliveryReport& report, Emitter* out) override;
  int WakeFd() const override { return inotify_fd_; }
  nlohmann::json StatusJson() const override;

  size_t in_flight() const { return inflight_.size(); }

 private:
  struct InFlight {
    SpoolEntry entry;
    std::string doc_id;
    std::chrono::steady_clock::time_point due;  // Next (re)send.
    bool sent = false;
  };
  struct Seen {  // A file found by a scan, waiting to settle.
    int64_t size = -1;
    int64_t mtime_ns = 0;
    std::chrono::steady_clock::time_point since;
  };

  explicit Fetcher(Options options);
  void DrainInotify();
  void ScanInbox();
  void TakeReady();
  void SplitDump(const std::string& name);
  void Send(InFlight& f, Emitter* out);
  void Fail(InFlight& f, const std::string& stage, const std::string& reason);

  Options options_;
  Spool spool_;
  int inotify_fd_ = -1;
  std::map<std::string, InFlight> inflight_;  // By spool key.
  // Keys taken and not sent yet, oldest first: an ack sends the next one
  // without a walk over every document in flight. Emptied by each tick,
  // which sends everything due.
  std::deque<std::string> unsent_;
  std::map<std::string, bool> ready_;  // Complete files in the inbox.
  std::map<std::string, Seen> seen_;
  std::chrono::steady_clock::time_point last_scan_{};
  std::chrono::steady_clock::time_point last_prune_{};
  struct {
    uint64_t taken = 0, sent = 0, resent = 0, done = 0, duplicates = 0,
             failed = 0, dumps = 0;
  } counters_;
};

// The descriptor of ink-fetcher: config section "fetcher".
StageDescriptor Descriptor();

}  // namespace ink::fetcher
