// The store stage: writes enriched envelopes to the Store, acknowledges
// them, and answers queries (StoreRequest -> StoreReply) on the service
// socket.
//
// Thread-compatibility: the runner calls Process() and HandleRequest() from
// one thread; StatusJson() may be called from any thread. A REINDEX runs on
// a worker thread of the stage, beside them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/stage.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/search.h"
#include "stages/store/store.h"

namespace ink::store {

class StoreStage : public ink::Stage {
 public:
  // Takes ownership of both; `store` must have been opened with
  // `segmenter.get()`.
  StoreStage(std::unique_ptr<segmenter::Segmenter> segmenter,
             std::unique_ptr<Store> store);
  ~StoreStage() override;

  // Loads the segmenter and opens the store (read-write).
  static Result<std::unique_ptr<StoreStage>> Create(
      const segmenter::Options& segmenter_options,
      const Options& store_options);

  // Requires envelope.has_clean(). Stores the document and only then
  // reports STORED, or DUPLICATE when the doc_id was already stored. Bad
  // input returns InvalidArgument (the runner dead-letters it). A failed
  // write (disk full, I/O error) returns Unavailable and reports nothing:
  // the runner does not ack, and the fetcher sends the document again.
  // With exit_on_write_failure (the daemon), a failed write also ends the
  // process at once (exit code kExitWriteFailed, no destructors): RocksDB
  // does not reliably resume a database whose WAL write failed (Resume()
  // stays "Resource busy" and its recovery can abort), while a fresh open
  // replays the WAL. The supervisor (inkctl up, systemd) starts the store
  // again, with back-off while the disk is still full; every acknowledged
  // write is in the WAL, and unacknowledged documents are sent again.
  Status Process(v1::Envelope& envelope, Emitter* out) override;
  void set_exit_on_write_failure(bool exit) { exit_on_write_failure_ = exit; }
  static constexpr int kExitWriteFailed = 75;  // EX_TEMPFAIL.

  // `request` is a serialised StoreRequest; returns a serialised
  // StoreReply. Errors are replies with ok = false and `error` set.
  // DELETE, COMPACT and BACKUP run on the caller's thread. REINDEX starts
  // Store::Reindex() on a worker thread and replies at once with
  // {"started": true, "run": ID, "documents": N}, so that queries and
  // ingest go on while it rebuilds; a REINDEX while one runs fails with
  // Unavailable. STATS then carries {"reindex": {"running", "run", "last"}}
  // ("run": the ID of the running or last reindex; "last": the result of
  // the last finished one, or {"error"}). A caller waiting for its reindex
  // compares the IDs: a daemon restarted meanwhile reports another one.
  std::string HandleRequest(const std::string& request) override;

  // Cancels a running reindex and waits for its thread.
  void Shutdown() override;

  // Waits until no reindex runs and returns {"running": false, "last"}.
  nlohmann::json WaitForReindex();
  // Called on the worker thread between reading the documents and the
  // switch of every later reindex (tests hold it there).
  void set_reindex_hook(std::function<void()> hook) {
    reindex_hook_ = std::move(hook);
  }

  // {"documents", "superseded", "stored", "duplicates", "write_errors",
  // "reindexing"}.
  nlohmann::json StatusJson() const override;

  const Store& store() const { return *store_; }

 private:
  v1::StoreReply Answer(const v1::StoreRequest& request);
  // Starts the reindex worker; Unavailable when one runs.
  Result<nlohmann::json> StartReindex();
  // {"running", "run", "last"} under reindex_mu_.
  nlohmann::json ReindexStateLocked() const;

  std::unique_ptr<segmenter::Segmenter> segmenter_;
  std::unique_ptr<Store> store_;
  Searcher searcher_;
  std::atomic<uint64_t> stored_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> write_errors_{0};
  bool exit_on_write_failure_ = false;

  // The reindex worker and what it reports.
  mutable std::mutex reindex_mu_;
  std::condition_variable reindex_done_;
  std::thread reindex_thread_;
  bool reindex_running_ = false;  // Guarded by reindex_mu_.
  std::string reindex_run_;       // Guarded by reindex_mu_.
  nlohmann::json reindex_last_;   // Guarded by reindex_mu_.
  std::atomic<bool> cancel_reindex_{false};
  std::function<void()> reindex_hook_;
};

// The versions of a source for `inkctl history`: {"source", "versions":
// [{"id", "version", "title", "date", "stored_unix_ms", "superseded_by",
// "current"}]}, oldest first. NotFound for an unknown source.
Result<nlohmann::json> History(const Store& store, std::string_view source);

// The store daemon's name, config keys and factory.
ink::StageDescriptor Descriptor();

}  // namespace ink::store
