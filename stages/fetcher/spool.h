// The spool: where the fetcher keeps every file it has taken until the store
// acknowledges it. Layout under the spool directory:
//   inflight/<key>            the file's bytes, taken from the inbox
//   inflight.log              source names and attempt counts of the files
//                             in inflight/ (see attempt_log.h)
//   done/<key>                acknowledged files (pruned after a retention)
//   failed/<key>              files a stage could not process, and
//   failed/<key>.error.json   why: stage, reason, attempts, time
// A key is "<time>-<pid>-<seq>~<sanitised source name>", unique per take.
// (Older versions kept inflight/<key>.state files; a start reads and removes
// them.)
//
// Moves are rename(2) within one file system. None is fsynced: a lost
// rename leaves the file where it was (inbox or inflight), so at worst it
// is sent again, and the store makes a redelivery a no-op.
//
// Thread-compatible: one fetcher owns its spool.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "stages/fetcher/attempt_log.h"

namespace ink::fetcher {

struct SpoolEntry {
  std::string key;
  std::string source;     // Name the file had in the inbox.
  uint32_t attempts = 0;  // Sends so far.
};

class Spool {
 public:
  Spool(std::string inbox, std::string spool_dir);

  // Creates inbox/ and spool/{inflight,done,failed}/.
  Status Init();

  const std::string& inbox() const { return inbox_; }
  std::string InflightPath(const std::string& key) const;
  std::string FailedDir() const { return dir_ + "/failed"; }
  std::string DoneDir() const { return dir_ + "/done"; }

  // Moves inbox/<name> into inflight/ under a new key, and records its
  // source name when the key cannot hold it. NotFound if the file is gone.
  Result<SpoolEntry> Take(const std::string& name);

  // Every entry in inflight/ with its source name and attempts (after a
  // restart: all of them are resent). Rewrites inflight.log to them.
  Result<std::vector<SpoolEntry>> ListInflight();

  // Records the attempt count of an in-flight entry: one line appended to
  // inflight.log, which is rewritten when it has grown well past the
  // entries in flight.
  Status SaveState(const SpoolEntry& entry);

  // Moves an in-flight entry to done/.
  Status MarkDone(const SpoolEntry& entry);

  // Moves an in-flight entry to failed/ with `error` (JSON) beside it.
  Status MarkFailed(const SpoolEntry& entry, const nlohmann::json& error);

  // Moves a file from the inbox straight to failed/ (it could not even be
  // taken: not a regular file, a link, unreadable).
  Status RejectFromInbox(const std::string& name, const nlohmann::json& error);

  // Removes done/ files older than `max_age_s`. Returns how many.
  int PruneDone(int64_t max_age_s);

  // The key prefix for a source name: safe in a file name, ≤ 120 bytes.
  static std::string SanitiseName(const std::string& name);

  // The name as valid UTF-8 (what protobuf strings and JSON require):
  // bytes that are not UTF-8 become "\xNN". Shown to users and stored.
  static std::string DisplayName(const std::string& name);

 private:
  std::string NewKey(const std::string& source);
  // Removes `key` from the entries the log must keep.
  void Forget(const std::string& key);
  std::string inbox_;
  std::string dir_;
  uint64_t seq_ = 0;
  AttemptLog log_;
  // The latest record of every entry in inflight/: what a rewrite keeps.
  std::unordered_map<std::string, AttemptLog::Record> live_;
};

}  // namespace ink::fetcher
