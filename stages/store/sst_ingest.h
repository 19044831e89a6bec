// Writing a batch of sorted keys into the database as a table file
// instead of through the memtable and the WAL: a segment's keys are
// produced in key order already, and inserting them into the memtable's
// skip list (then the WAL, then flushing them to a table file anyway) was
// most of the cost of writing a segment.
//
// The file is built beside the database (the database directory, a name
// RocksDB does not own) and moved into it by IngestExternalFile, which
// syncs it and records it in the MANIFEST: once Ingest() returns, the keys
// are durable. A crash before that leaves only the temporary file, which
// RemoveStaleIngestFiles() deletes at the next read-write open; a crash
// after it leaves keys the caller must treat as garbage until its own
// metadata names them (the store's segments stay dead until the segments
// meta key covers their id, and Load() deletes dead ones).
//
// Thread-compatibility: one SstIngest per thread; several may ingest into
// one database at once (their file names differ).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class SstFileWriter;
}  // namespace rocksdb

namespace ink::store {

class SstIngest {
 public:
  // Starts a table file for `cf` of `db`, whose directory is `dir`, with
  // the column family's table options (block size, filter), compressed as
  // the column family's files when `compress`, else not at all (for files
  // that compaction soon rewrites: compressing them cost as much as
  // building them).
  static Result<std::unique_ptr<SstIngest>> Open(
      rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& dir,
      bool compress);
  // Removes the file when it was not ingested.
  ~SstIngest();
  SstIngest(const SstIngest&) = delete;
  SstIngest& operator=(const SstIngest&) = delete;

  // Adds a key; keys must come strictly ascending (bytewise), else
  // InvalidArgument and nothing is ingested.
  Status Put(std::string_view key, std::string_view value);
  // Keys added so far.
  uint64_t count() const { return count_; }

  // Finishes the file and moves it into the database (a no-op without
  // keys). The writer is spent afterwards, whatever the outcome.
  Status Ingest();

 private:
  SstIngest() = default;

  rocksdb::DB* db_ = nullptr;
  rocksdb::ColumnFamilyHandle* cf_ = nullptr;
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  uint64_t count_ = 0;
  bool done_ = false;
  Status error_ = Status::OK();  // The first failed Put.
};

// Deletes the temporary files an interrupted Ingest() left in `dir`.
Status RemoveStaleIngestFiles(const std::string& dir);

}  // namespace ink::store
