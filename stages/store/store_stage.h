// The store stage: writes enriched envelopes to the Store, acknowledges
// them, and answers queries (StoreRequest -> StoreReply) on the service
// socket.
//
// Thread-compatibility: the runner calls Process() and HandleRequest() from
// one thread; StatusJson() may be called from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

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
  // Maintenance ops (DELETE, COMPACT, BACKUP, REINDEX) run on the caller's
  // thread, so they never overlap Process().
  std::string HandleRequest(const std::string& request) override;

  // {"documents", "superseded", "stored", "duplicates", "write_errors"}.
  nlohmann::json StatusJson() const override;

  const Store& store() const { return *store_; }

 private:
  v1::StoreReply Answer(const v1::StoreRequest& request);

  std::unique_ptr<segmenter::Segmenter> segmenter_;
  std::unique_ptr<Store> store_;
  Searcher searcher_;
  std::atomic<uint64_t> stored_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> write_errors_{0};
  bool exit_on_write_failure_ = false;
};

// The versions of a source for `inkctl history`: {"source", "versions":
// [{"id", "version", "title", "date", "stored_unix_ms", "superseded_by",
// "current"}]}, oldest first. NotFound for an unknown source.
Result<nlohmann::json> History(const Store& store, std::string_view source);

// The store daemon's name, config keys and factory.
ink::StageDescriptor Descriptor();

}  // namespace ink::store
