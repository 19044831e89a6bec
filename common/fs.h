// File-system helpers with Status errors, for the spool and the store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace ink::fs {

// Creates `path` and its parents (mode for the last component).
Status EnsureDir(const std::string& path, unsigned mode = 0755);

enum class Links { kRefuse, kFollow };

// Reads a whole file. TooLarge if it has more than `max_bytes`. By default a
// symbolic link is refused (the inbox must not lead outside itself); data
// files such as dictionaries pass Links::kFollow. When `mtime_unix` is not
// null it receives the file's modification time (seconds since the epoch),
// from the same fstat(2) that sizes the read.
Result<std::string> ReadFile(const std::string& path,
                             uint64_t max_bytes = UINT64_MAX,
                             Links links = Links::kRefuse,
                             int64_t* mtime_unix = nullptr);

// Writes `data` to a temporary file beside `path`, fsyncs it and renames it
// over `path`, then fsyncs the directory: readers see old or new, never half.
Status WriteFileAtomic(const std::string& path, const std::string& data);

// rename(2) and fsync of the destination directory. Both paths must be on
// one file system.
Status RenameDurable(const std::string& from, const std::string& to);

// Names of the regular entries of a directory (no "." or ".."), sorted.
Result<std::vector<std::string>> ListDir(const std::string& path);

}  // namespace ink::fs
