// What the fetcher knows about each in-flight file beyond its bytes: the
// name it had in the inbox and how many times it has been sent. One JSON
// line per change, appended with a single write(2): recording a send costs
// no file creation. (A state file per document, written as temporary +
// rename and removed on the ack, made ext4 allocate and free two inodes per
// document; inode allocation, which skips recently freed inodes, was the
// largest part of the fetcher's CPU.)
//
// The last line of a key wins. A line torn by a crash does not parse and is
// skipped. Nothing is fsynced: a lost line only resets an attempt count or
// lets the source name fall back to the one in the key (the spool writes a
// line at take time for names the key cannot hold). The spool rewrites the
// log to the live entries at start and whenever it has grown well past them.
//
// Thread-compatible: one spool owns its log.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace ink::fetcher {

class AttemptLog {
 public:
  struct Record {
    std::string key;
    std::string source;  // Valid UTF-8 (the spool's DisplayName()).
    uint32_t attempts = 0;
  };

  explicit AttemptLog(std::string path);
  ~AttemptLog();
  AttemptLog(const AttemptLog&) = delete;
  AttemptLog& operator=(const AttemptLog&) = delete;

  const std::string& path() const { return path_; }

  // The latest record of every key in the file (none if it does not exist).
  Result<std::unordered_map<std::string, Record>> Load() const;

  // Appends `record`, opening the file on first use.
  Status Append(const Record& record);

  // Replaces the file with `live` (temporary file + rename: a crash leaves
  // the old or the new log, both valid).
  Status Rewrite(const std::vector<Record>& live);

  // Lines appended since the last Rewrite() (or since opening).
  uint64_t appended() const { return appended_; }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t appended_ = 0;
};

}  // namespace ink::fetcher
