#include "stages/store/sst_ingest.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>

#include <atomic>
#include <filesystem>
#include <system_error>

#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

namespace fs = std::filesystem;

// Temporary files are named kPrefix + number + kSuffix: RocksDB leaves
// names it did not make alone, and RemoveStaleIngestFiles() finds them.
constexpr std::string_view kPrefix = "ink-ingest-";
constexpr std::string_view kSuffix = ".sst.tmp";

// Tells the files of concurrent ingestions of one process apart; one
// process writes a database (RocksDB's LOCK).
std::atomic<uint64_t> next_file{0};

}  // namespace

Result<std::unique_ptr<SstIngest>> SstIngest::Open(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& dir,
    bool compress) {
  std::unique_ptr<SstIngest> ingest(new SstIngest());
  ingest->db_ = db;
  ingest->cf_ = cf;
  ingest->path_ = (fs::path(dir) / (std::string(kPrefix) +
                                    std::to_string(next_file.fetch_add(1)) +
                                    std::string(kSuffix)))
                      .string();
  rocksdb::Options options = db->GetOptions(cf);
  if (!compress) {
    // SstFileWriter takes the bottommost compression when one is set.
    options.compression = rocksdb::kNoCompression;
    options.bottommost_compression = rocksdb::kDisableCompressionOption;
    options.compression_per_level.clear();
  }
  // Keep the written blocks cached: a segment is read back when the
  // background compaction merges it.
  ingest->writer_ = std::make_unique<rocksdb::SstFileWriter>(
      rocksdb::EnvOptions(options), options, cf,
      /*invalidate_page_cache=*/false);
  RETURN_IF_ERROR(FromRocks(ingest->writer_->Open(ingest->path_),
                            "open table file " + ingest->path_));
  return ingest;
}

SstIngest::~SstIngest() {
  if (done_) return;
  writer_.reset();
  std::error_code ignored;
  fs::remove(path_, ignored);
}

Status SstIngest::Put(std::string_view key, std::string_view value) {
  if (done_) return Status::Internal("table file already ingested");
  if (!error_.ok()) return error_;
  error_ = FromRocks(writer_->Put(rocksdb::Slice(key.data(), key.size()),
                                  rocksdb::Slice(value.data(), value.size())),
                     "add to table file");
  if (error_.ok()) ++count_;
  return error_;
}

Status SstIngest::Ingest() {
  if (done_) return Status::Internal("table file already ingested");
  RETURN_IF_ERROR(error_);
  done_ = true;
  std::error_code ignored;
  if (count_ == 0) {
    // RocksDB refuses to finish a file without keys.
    writer_.reset();
    fs::remove(path_, ignored);
    return Status::OK();
  }
  // Finish() syncs the file; the ingestion links it into the database
  // (moves it), then syncs the MANIFEST that lists it.
  Status s = FromRocks(writer_->Finish(), "finish table file " + path_);
  writer_.reset();
  if (s.ok()) {
    rocksdb::IngestExternalFileOptions io;
    io.move_files = true;
    // The sequence number lives in the MANIFEST: no rewrite of the file.
    io.write_global_seqno = false;
    // A memtable holding keys of the file's range (segment deletions) is
    // flushed first, so the file's keys order after them.
    io.allow_blocking_flush = true;
    s = FromRocks(db_->IngestExternalFile(cf_, {path_}, io),
                  "ingest table file " + path_);
  }
  // After a move the name is gone; after a failure the file is garbage.
  fs::remove(path_, ignored);
  return s;
}

Status RemoveStaleIngestFiles(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > kPrefix.size() + kSuffix.size() &&
        name.compare(0, kPrefix.size(), kPrefix) == 0 &&
        name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) ==
            0) {
      std::error_code removed;
      fs::remove(it->path(), removed);
      if (removed) {
        return Status::IOError("remove " + it->path().string() + ": " +
                               removed.message());
      }
    }
  }
  if (ec) return Status::IOError("list " + dir + ": " + ec.message());
  return Status::OK();
}

}  // namespace ink::store
