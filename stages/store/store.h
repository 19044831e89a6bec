// The document store: RocksDB with one column family per kind of record.
//
//   documents   doc_id -> v1::StoredDocument (serialised protobuf)
//   postings    field byte + term + '\0' + doc_id -> varint tf, then tf
//               varint deltas of the word positions (ascending)
//   term_stats  field byte + term -> document frequency (fixed64 LE),
//               maintained by the uint64 add merge operator
//   doc_meta    doc_id -> DocMeta (see EncodeDocMeta in store.cc): field
//               lengths, date, source names, superseded flag; what BM25
//               and the filters read without parsing the document
//   sources     source name -> the doc_ids of its versions, oldest first
//               (length-prefixed strings); the last one is current
//   meta        "documents", "superseded", "length:T", "length:B",
//               "sequence" ->
//               fixed64 LE totals through the same add merge operator
//               (a decrement adds the two's complement)
//   tags        tag byte + value + '\0' + doc_id -> "" for the exact-match
//               filters entity:, keyword:, lang:, author: (see Tag); values
//               pass through NormalizeTagValue
//   fingerprints  'S' + band + 16 bits + doc_id -> fixed64 simhash, four
//               bands per document; 'H' + body_hash + '\0' + doc_id -> ""
//   clusters    cluster id + '\0' + doc_id -> "": the members of each
//               near-duplicate cluster (every document is in one; alone,
//               its cluster id is its own doc_id)
//
// The field byte is Field::kTitle ('T') or Field::kBody ('B'). Terms are
// Token::norm values of the segmenter, the one tokenizer used both to index
// and to parse queries.
//
// Corpus statistics (document count, document frequencies, total lengths)
// include superseded versions: they are only hidden from results. This keeps
// a version change a cheap write and BM25 stays a good approximation.
//
// Thread-compatibility: const methods may be called concurrently; Put() must
// not run concurrently with any other call. The store daemon is the only
// writer; other processes use OpenReadOnly().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "ink/v1/store.pb.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/coding.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace ink::store {

struct Options {
  // Directory of the RocksDB database; created when missing (read-write).
  std::string path;
  // fsync the WAL on every Put. The WAL is always written; without sync a
  // machine crash (not a process crash) may lose the last writes.
  bool sync_writes = false;
};

// What BM25 and the filters need about one document.
struct DocMeta {
  uint32_t title_length = 0;  // Number of word positions with indexed terms.
  uint32_t body_length = 0;
  std::string date;         // "YYYY-MM-DD" or empty when unknown.
  std::string source;       // The envelope's source name (inbox file).
  std::string publisher;    // CleanArticle::source.
  bool superseded = false;  // A newer version of the source exists.
  std::string language;     // Enrichment (else CleanArticle) language.
  std::string cluster;      // Near-duplicate cluster id; empty: own doc_id.
  uint64_t sequence = 0;    // Order of storing (1, 2, ...); 0 when unknown.

  uint32_t length(Field f) const {
    return f == Field::kTitle ? title_length : body_length;
  }
};

// Collection-wide figures for BM25.
struct CorpusStats {
  uint64_t documents = 0;  // Including superseded versions.
  uint64_t superseded = 0;
  uint64_t title_length = 0;  // Sums over all documents.
  uint64_t body_length = 0;

  double AverageLength(Field f) const;
};

// One posting: a document and the positions of the term in one field.
struct Posting {
  std::string doc_id;
  std::vector<uint32_t> positions;  // Ascending; size() is the tf.
};

class Store {
 public:
  // Opens (creating if needed) the database at options.path for reading and
  // writing. Only one process may hold it so (RocksDB's LOCK file); a second
  // writer gets IOError. `segmenter` is borrowed and must outlive the Store;
  // it may be null for callers that never search.
  static Result<std::unique_ptr<Store>> Open(const Options& options,
                                             const segmenter::Segmenter* seg);
  // Opens an existing database read-only: works while the daemon holds it
  // and sees the data as of the open. Put() then fails with Unavailable.
  static Result<std::unique_ptr<Store>> OpenReadOnly(
      const Options& options, const segmenter::Segmenter* seg);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores an envelope's document: requires a non-empty doc_id and clean
  // article; indexes the "title" and "body" fields of env.segmented() (stop
  // tokens skipped; sub-words at their parent's position), the tags of the
  // enrichment and article (entities, keywords, language, authors) and the
  // fingerprints: a stored document whose simhash is within Hamming
  // distance kMaxSimHashDistance, or whose body_hash is equal, puts the new
  // one into its cluster (clusters that the new document bridges merge
  // into the oldest). If doc_id is already stored, sets *duplicate = true
  // and writes nothing (redelivery is a no-op). Otherwise sets *duplicate =
  // false and writes document, postings, statistics, metadata and the
  // source's version list in one WriteBatch with the WAL on, returning only
  // after the write returned. If env.source() already has a current version,
  // the new document becomes current and the older one gets superseded_by.
  // Errors: InvalidArgument for bad input, IOError when the disk fails
  // (disk full; the next Put first resumes the database), Unavailable on a
  // read-only store.
  Status Put(const v1::Envelope& env, bool* duplicate);

  // Returns the document with this doc_id, or the only one whose doc_id
  // starts with `id` when `id` has at least 8 hex characters. NotFound when
  // none matches; InvalidArgument when a prefix is ambiguous or malformed.
  Result<v1::StoredDocument> Get(std::string_view id) const;

  // The doc_ids of every version of a source, oldest (version 1) first;
  // NotFound for an unknown one.
  Result<std::vector<std::string>> Versions(std::string_view source) const;

  // Removes a document (id or unique prefix as for Get) with its postings,
  // statistics, tags, fingerprints and cluster membership; when it was the
  // current version of its source, the previous version becomes current.
  // Scans the postings (cost grows with the index), so it is an operator's
  // tool. Sets *deleted_id to the full doc_id.
  Status Delete(std::string_view id, std::string* deleted_id);

  // Checks the index against the documents: every posting, tag, fingerprint
  // and cluster key names a stored document, every document frequency
  // equals its postings count, the counters equal the sums over doc_meta,
  // every document has its metadata. {"ok", "problems": [first 50],
  // "problem_count", "documents", "postings", "terms"}.
  Result<nlohmann::json> Verify() const;

  // Full manual compaction of every column family.
  Status Compact();

  // Writes a RocksDB checkpoint (a consistent snapshot, also while Put runs
  // on another thread) into `dir`, which must not exist. Works on a
  // read-write store only.
  Status Backup(const std::string& dir) const;

  // Replaces the database at `path` with a copy of the backup at
  // `backup_dir` (checked by opening it first). The daemon must be down:
  // fails with Unavailable when the database is locked. An existing
  // database is kept beside it as `path` + ".before-restore-<unix time>".
  static Status Restore(const std::string& backup_dir, const std::string& path,
                        std::string* kept_as);

  // Rebuilds postings, document frequencies, lengths and the counters from
  // the stored articles with the store's segmenter (after a dictionary or
  // segmenter change). Postings that are still right are never removed, so
  // queries served between batches see the old or new index, never an
  // empty one. {"documents", "postings_written", "postings_removed",
  // "terms"}.
  Result<nlohmann::json> Reindex();

  // Figures for `inkctl stats` and status: documents, superseded, terms
  // (RocksDB's estimate of the (field, term) count), average lengths and
  // on-disk sizes per column family.
  nlohmann::json Stats() const;

  // --- Read access for the searcher. ---

  CorpusStats ReadCorpusStats() const;
  // Document frequency of a term in a field; 0 when unknown.
  uint64_t DocumentFrequency(Field field, std::string_view term) const;
  // Every posting of (field, term), in doc_id order.
  Status ReadPostings(Field field, std::string_view term,
                      std::vector<Posting>* out) const;
  // NotFound when the document is unknown.
  Result<DocMeta> ReadDocMeta(std::string_view doc_id) const;
  // The doc_ids holding a tag value (normalised with NormalizeTagValue).
  Status ReadTagDocs(Tag tag, std::string_view value,
                     std::vector<std::string>* doc_ids) const;
  // The doc_ids of a cluster (empty when unknown).
  Status ReadClusterMembers(std::string_view cluster,
                            std::vector<std::string>* doc_ids) const;
  // Calls fn for every document until it returns false.
  Status ForEachDocMeta(const std::function<bool(std::string_view doc_id,
                                                 const DocMeta&)>& fn) const;

  const segmenter::Segmenter* segmenter() const { return segmenter_; }
  bool read_only() const { return read_only_; }

 private:
  Store();
  static Result<std::unique_ptr<Store>> OpenImpl(
      const Options& options, const segmenter::Segmenter* seg, bool read_only);
  uint64_t ReadCounter(std::string_view key) const;
  Status ScanPrefix(
      rocksdb::ColumnFamilyHandle* cf, std::string_view prefix,
      const std::function<void(std::string_view key, std::string_view value)>&
          fn) const;
  // The cluster ids of stored near-duplicates of `enrichment`.
  Status FindNearDuplicates(const v1::Enrichment& enrichment,
                            std::vector<std::string>* doc_ids) const;

  Options options_;
  const segmenter::Segmenter* segmenter_ = nullptr;
  bool read_only_ = false;
  bool write_failed_ = false;  // The last write failed: Resume() first.
  uint64_t sequence_ = 0;      // The last DocMeta::sequence given.
  std::unique_ptr<rocksdb::DB> db_;
  // Owned by db_'s lifetime: destroyed before db_ in ~Store().
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* documents_ = nullptr;
  rocksdb::ColumnFamilyHandle* postings_ = nullptr;
  rocksdb::ColumnFamilyHandle* term_stats_ = nullptr;
  rocksdb::ColumnFamilyHandle* doc_meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* sources_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* tags_ = nullptr;
  rocksdb::ColumnFamilyHandle* fingerprints_ = nullptr;
  rocksdb::ColumnFamilyHandle* clusters_ = nullptr;
};

// The tag values a document is indexed under (normalised, distinct).
std::vector<std::pair<Tag, std::string>> DocumentTags(
    const v1::CleanArticle& clean, const v1::Enrichment& enrichment);

// Number of differing bits of two 64-bit fingerprints.
int SimHashDistance(uint64_t a, uint64_t b);

// Encodings of the doc_meta value, exposed for tests.
std::string EncodeDocMeta(const DocMeta& meta);
bool DecodeDocMeta(std::string_view value, DocMeta* meta);

}  // namespace ink::store
