// The document store: RocksDB with one column family per kind of record,
// and an in-memory inverted index on dense document numbers.
//
//   documents   doc_id -> v1::StoredDocument (serialised protobuf)
//   doc_meta    doc_id -> DocMeta (EncodeDocMeta, document_codec.cc):
//               field lengths, date, source names, superseded flag, sequence;
//               what BM25 and the filters read without parsing the
//               document. A document's number (DocNum) is sequence - 1:
//               dense, assigned at store time, never reused.
//   pending     DocNum (fixed32 big-endian) -> EncodeDocTerms: the indexed
//               terms of a document not yet in a segment, written in the
//               document's WriteBatch (WAL on) by a store opened without a
//               segmenter only; deleted when a segment takes them. A store
//               with a segmenter writes none: after a crash, Load()
//               segments the stored text of the documents not in a
//               segment again (as Reindex() does), so a stored document's
//               postings survive either way. Half of what a Put writes
//               to the WAL and the memtables was this record.
//   segments    field byte + term + '\0' + segment id (fixed32 big-endian)
//               -> posting-list blob (posting_list.h): the postings of the
//               term for the documents of one segment, doc numbers
//               delta-coded, positions in a separate stream. A segment is
//               written every Options::segment_docs documents (and on
//               Compact or close) as one table file ingested into the
//               column family, then named live by a meta write;
//               Compact() merges them into one.
//   sources     source name -> the doc_ids of its versions, oldest first
//               (length-prefixed strings); the last one is current
//   meta        "sequence" -> fixed64 LE: a floor for the next document
//               number, written by Delete (numbers are never reused; older
//               stores wrote it through the add merge operator, which stays
//               registered to read them); "segments" -> fixed64 first live
//               segment id + fixed64 next segment id (segments outside [first,
//               next) are dead and ignored); "flushed" -> fixed64: documents
//               with a lower DocNum are in segments, the others in pending.
//   tags        tag byte + value + '\0' + doc_id -> "" for the exact-match
//               filters entity:, keyword:, lang:, author: (see Tag); values
//               pass through NormalizeTagValue
//   fingerprints  'S' + band + 16 bits + doc_id -> fixed64 simhash, four
//               bands per document; 'H' + body_hash + '\0' + doc_id -> ""
//   clusters    cluster id + '\0' + doc_id -> "": the members of each
//               near-duplicate cluster (every document is in one; alone,
//               its cluster id is its own doc_id)
//   postings, term_stats  the layout before segments (one key per posting);
//               an old store is converted to segments when opened
//               read-write.
//
// At open the store loads doc_meta into arrays indexed by DocNum and every
// live segment plus the pending records into the InvertedIndex, so queries
// read only memory until they fetch the documents of their hits.
//
// The field byte is Field::kTitle ('T') or Field::kBody ('B'). Terms are
// Token::norm values of the segmenter, the one tokenizer used both to index
// and to parse queries.
//
// Corpus statistics (document count, document frequencies, total lengths)
// live in memory only: Load() sums them over doc_meta, Put and Delete keep
// them current, so a Put writes no counter. They include superseded
// versions: they are only hidden from results. This keeps
// a version change a cheap write and BM25 stays a good approximation.
//
// Indexing behind Put: a read-write store runs one indexing thread. Put
// stores a document (RocksDB write, metadata in memory) and hands its terms
// to that thread (index_queue.h), which adds them to the in-memory index and
// writes a segment every Options::segment_docs documents; so a Put does not
// wait for the index to grow, and an ingest uses two cores. What queries
// read of a Put (its ranking figures and liveness, the superseded version's,
// the corpus figures) changes with its postings, on that thread, so that a
// query sees a Put whole or not at all; only the cluster ids of members of
// merged near-duplicate clusters change at the Put. Readers wait at
// ReadLock() for the documents handed over before it, so a document is
// searchable once its Put has returned. The other writers (Delete, Compact,
// FlushSegment, Reindex's steps, and Verify) wait for the thread to be idle
// first.
//
// Thread-safety: Put(), Delete(), Compact() and FlushSegment() serialise on
// a writer mutex (call them from one thread or several). Reindex() may run
// on its own thread beside them: it reads and segments the documents and
// writes the new index without the writer mutex, and takes it only for
// its final switch, which also indexes the documents stored meanwhile. The
// in-memory index and metadata change only under the exclusive side of the
// locks ReadLock() takes shared (Put the metadata's, the indexing thread
// the index's), so a Searcher (which holds ReadLock() while it evaluates)
// sees the index before or after a change, never half of it. Other readers of
// the in-memory state (Get, ReadDocMeta, DocumentFrequency, ...) hold
// ReadLock(), since the indexing thread may change it at any time; Verify()
// and Stats() take it themselves. The store daemon is the only writer
// process; other processes use OpenReadOnly().
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "ink/v1/store.pb.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/coding.h"
#include "stages/store/index_queue.h"
#include "stages/store/inverted_index.h"
#include "stages/store/rank_info.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
struct ReadOptions;
}  // namespace rocksdb

namespace ink::store {

struct Options {
  // Directory of the RocksDB database; created when missing (read-write).
  std::string path;
  // fsync the WAL on every Put. The WAL is always written; without sync a
  // machine crash (not a process crash) may lose the last writes.
  bool sync_writes = false;
  // Documents per segment: the pending postings are written as a segment
  // once this many documents are pending.
  uint32_t segment_docs = 8192;
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

// How a caller steers a Reindex() running on another thread.
struct ReindexControl {
  // When set (from any thread), the rebuild stops at the next document and
  // Reindex() returns Unavailable, leaving the old index in place.
  const std::atomic<bool>* cancel = nullptr;
  // Called on the reindexing thread after the documents are read and
  // before the switch takes the writer mutex: a point where the old index
  // still serves queries and Put() still runs (tests act there).
  std::function<void()> before_switch;
  // Called on the reindexing thread once the new index is written beside
  // the old one (its segment, the new lengths) and before the switch takes
  // the writer mutex: the old index still serves queries and Put() and
  // Delete() still run, and the rebuild can no longer be cancelled.
  std::function<void()> after_write;
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

  // Checks the index against the documents: every posting (segments and
  // pending), tag, fingerprint and cluster key names a stored document,
  // every segment blob decodes, the in-memory document frequencies equal
  // the postings on disk, every document with indexed words has postings,
  // the in-memory corpus figures equal the sums over doc_meta, no document
  // number reaches the stored sequence, every document has its metadata. {"ok",
  // "problems": [first 50], "problem_count", "documents", "postings", "terms"}.
  Result<nlohmann::json> Verify() const;

  // Writes the pending postings as a segment, merges every segment into
  // one, then a full manual compaction of every column family.
  Status Compact();
  // Writes the pending postings as a new segment (a no-op when none, and
  // while a Reindex() writes its index: its switch takes them).
  Status FlushSegment();

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

  // Rebuilds postings, document frequencies and lengths from the stored
  // articles with the store's segmenter (after a dictionary or segmenter
  // change). The new index is built and written beside the old one, which
  // serves queries (and readers opening the database) until one final
  // write switches to the new segment; Put() and Delete() run meanwhile
  // (the switch holds the writer mutex only to index the documents stored
  // during the rebuild, drop those deleted, and switch). While the new
  // segment is written, Put() leaves its postings pending instead of
  // writing a segment, and Compact() fails with Unavailable. {"documents",
  // "postings_written", "postings_removed", "terms"}. Unavailable on a
  // read-only store, without a segmenter, while another Reindex() runs, or when
  // cancelled.
  Result<nlohmann::json> Reindex(const ReindexControl& control = {});
  // Whether a Reindex() is under way.
  bool reindexing() const { return reindexing_.load(); }

  // Figures for `inkctl stats` and status: documents, superseded, terms
  // (RocksDB's estimate of the (field, term) count), average lengths and
  // on-disk sizes per column family.
  nlohmann::json Stats() const;

  // --- Read access for the searcher. ---

  CorpusStats ReadCorpusStats() const { return corpus_; }
  // The same for a caller not holding ReadLock(): takes it.
  CorpusStats CorpusStatsNow() const {
    const auto lock = ReadLock();
    return corpus_;
  }
  // Document frequency of a term in a field; 0 when unknown.
  uint64_t DocumentFrequency(Field field, std::string_view term) const;
  // Every posting of (field, term), in document number (storing) order.
  Status ReadPostings(Field field, std::string_view term,
                      std::vector<Posting>* out) const;
  // NotFound when the document is unknown.
  Result<DocMeta> ReadDocMeta(std::string_view doc_id) const;

  // The in-memory index and per-number metadata the searcher reads.
  const InvertedIndex& index() const { return index_; }
  // One past the largest document number given.
  DocNum doc_limit() const { return static_cast<DocNum>(doc_ids_.size()); }
  // Metadata of a document number; nullptr when deleted or never given.
  const DocMeta* Meta(DocNum doc) const {
    return doc < doc_ids_.size() && !doc_ids_[doc].empty() ? &metas_[doc]
                                                           : nullptr;
  }
  // Ranking figures of a document number (live false when deleted or
  // never given).
  const RankInfo& Rank(DocNum doc) const {
    static const RankInfo kNone;
    return doc < ranks_.size() ? ranks_[doc] : kNone;
  }
  // The metadata of a number whose Rank() is live, without checking.
  const DocMeta& MetaOf(DocNum doc) const { return metas_[doc]; }
  // The doc_id of a live document number (empty otherwise).
  std::string_view DocId(DocNum doc) const {
    return doc < doc_ids_.size() ? std::string_view(doc_ids_[doc])
                                 : std::string_view();
  }
  std::optional<DocNum> Number(std::string_view doc_id) const;
  // The doc_ids holding a tag value (normalised with NormalizeTagValue).
  Status ReadTagDocs(Tag tag, std::string_view value,
                     std::vector<std::string>* doc_ids) const;
  // The doc_ids of a cluster (empty when unknown).
  Status ReadClusterMembers(std::string_view cluster,
                            std::vector<std::string>* doc_ids) const;
  // Calls fn for every document, in number order, until it returns false.
  // On a read-write store, hold ReadLock() around it.
  Status ForEachDocMeta(const std::function<bool(std::string_view doc_id,
                                                 const DocMeta&)>& fn) const;

  // Held by a search for its whole evaluation (see Thread-safety). Waits
  // first until the documents of every Put returned so far are indexed.
  // Not to be taken again while held (nor from the indexing thread).
  struct ReadGuard {
    std::shared_lock<std::shared_mutex> meta, index;
  };
  ReadGuard ReadLock() const {
    index_queue_.WaitIndexed();
    ReadGuard guard;
    guard.meta = std::shared_lock(meta_mu_);
    guard.index = std::shared_lock(memory_mu_);
    return guard;
  }

  const segmenter::Segmenter* segmenter() const { return segmenter_; }
  bool read_only() const { return read_only_; }

 private:
  Store();
  static Result<std::unique_ptr<Store>> OpenImpl(
      const Options& options, const segmenter::Segmenter* seg, bool read_only);
  uint64_t ReadCounter(std::string_view key) const;
  // Loads doc_meta, the live segments and the pending records into memory.
  Status Load();
  // Indexes the documents numbered from flushed_ on: from their pending
  // records, or, lacking one, from their stored text segmented again.
  // Length or snippet-text changes that brings go into *fixes (written
  // read-write).
  Status LoadUnflushed(const rocksdb::ReadOptions& ro,
                       rocksdb::WriteBatch* fixes);
  // Reads stored document `doc_id` and segments its article with the
  // store's segmenter (which must be set) into *terms. *body gets the text
  // the positions refer to when it differs from the stored snippet text,
  // and is reset otherwise. NotFound when the document is gone.
  Status SegmentStored(const rocksdb::ReadOptions& ro,
                       const std::string& doc_id, DocTerms* terms,
                       std::optional<std::string>* body) const;
  // The stored bytes of document `doc_id` with `body` as its snippet text
  // (what Reindex() and LoadUnflushed() write when segmenting changed it).
  Result<std::string> StoredWithBody(const rocksdb::ReadOptions& ro,
                                     const std::string& doc_id,
                                     const std::string& body) const;
  // Converts a store of the one-key-per-posting layout (read-write only).
  Status ConvertOldPostings();
  // FlushSegment() with write_mu_ held and the indexing thread idle, or on
  // that thread: writes the postings of the documents indexed so far.
  Status FlushSegmentLocked();
  // The indexing thread's loop (see Indexing behind Put).
  void RunIndexer();
  // Starts it (read-write stores, once loaded).
  void StartIndexer();
  // Waits until the indexing thread has indexed everything handed over and
  // is idle; called with write_mu_ held, so that nothing new comes.
  void DrainIndexer() const { index_queue_.WaitSettled(); }
  // Writes every posting list as one new segment (in several batches) and
  // then, with `final_batch`, makes it the only live one.
  Status WriteMergedSegment(const InvertedIndex& index,
                            rocksdb::WriteBatch* final_batch);
  // Writes every posting list of `index` as segment `segment`; the keys
  // stay dead until the segments meta key covers `segment`.
  Status WriteSegment(const InvertedIndex& index, uint32_t segment);
  // Writes the postings of documents >= `from` of every list of `index`
  // as segment `segment`, in one table file ingested into the segments
  // column family (sst_ingest.h): durable on return, dead until the
  // segments meta key covers `segment`. Compressed when `compress`.
  Status IngestSegment(const InvertedIndex& index, uint32_t segment,
                       DocNum from, bool compress);
  // Removes the keys a failed segment write may have left under
  // next_segment_ (see failed_segment_); a no-op otherwise.
  Status ClearFailedSegment();
  // Adds to `batch` what makes the segments [first, end) the live ones with
  // every document indexed so far in them: the segments range, the flushed
  // mark at indexed_limit_, and no pending postings left below it.
  void PutLiveSegments(rocksdb::WriteBatch* batch, uint32_t first,
                       uint32_t end) const;
  // Deletes the keys of the segments [first, end).
  Status RemoveSegments(uint32_t first, uint32_t end);
  // Applies a written document's metadata to the in-memory arrays.
  void SetMeta(DocNum doc, std::string_view doc_id, const DocMeta& meta);
  // The same except ranks_[doc], which stays not live: what Put does
  // before the indexing thread makes the document visible (RunIndexer).
  void RecordMeta(DocNum doc, std::string_view doc_id, const DocMeta& meta);
  // Sets ranks_[doc], growing ranks_ as needed (under memory_mu_).
  void SetRank(DocNum doc, const RankInfo& rank);
  // Makes ranks_[doc] agree with doc_ids_ and metas_.
  void SyncRank(DocNum doc);
  // Both in-memory locks, exclusive, in their order: for the writers that
  // change the metadata and the index together (Delete, Reindex's switch).
  struct MemoryGuard {
    std::unique_lock<std::shared_mutex> meta, index;
  };
  MemoryGuard LockMemory() const {
    MemoryGuard guard;
    guard.meta = std::unique_lock(meta_mu_);
    guard.index = std::unique_lock(memory_mu_);
    return guard;
  }
  // ranks_[doc] as doc_ids_ and metas_ say now.
  RankInfo RankOf(DocNum doc) const;
  // Calls fn on each key starting with `prefix`, in key order, until fn
  // returns false.
  Status ScanPrefix(
      rocksdb::ColumnFamilyHandle* cf, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>&
          fn) const;
  // Stored near-duplicates of `enrichment`: equal body_hash, or simhash
  // within kMaxSimHashDistance; at most kMaxNearMatchesPerKey per band or
  // hash, so that a bucket shared by thousands of templated articles costs
  // a bounded scan (they are one cluster already: each joined it when
  // stored).
  Status FindNearDuplicates(const v1::Enrichment& enrichment,
                            std::vector<std::string>* doc_ids) const;
  // Metadata of other documents a Put changes (a superseded version,
  // members of merged clusters), by doc_id, written once at its end.
  using TouchedMetas = std::map<std::string, DocMeta>;
  // The entry of `id` in *touched, read from doc_meta on first use.
  Result<DocMeta*> Touch(TouchedMetas* touched, const std::string& id) const;
  // Puts a new document into the cluster of its near-duplicates (merging
  // their clusters when it bridges several; the cluster whose first member
  // was stored first keeps its id) and writes its cluster and fingerprint
  // keys into *batch, the changed members' metadata into *touched. Sets
  // *cluster to the document's cluster id (its own doc_id when alone).
  Status JoinNearDuplicates(std::string_view doc_id, const v1::Enrichment& e,
                            TouchedMetas* touched, rocksdb::WriteBatch* batch,
                            std::string* cluster);

  Options options_;
  const segmenter::Segmenter* segmenter_ = nullptr;
  // Held by Put, Delete, Compact, FlushSegment and Reindex's switch, and by
  // Verify while it takes its snapshot.
  mutable std::mutex write_mu_;
  std::atomic<bool> reindexing_{false};
  // Under write_mu_: a Reindex() is writing its segment at next_segment_
  // (flushes wait), and the numbers of documents whose doc_meta or stored
  // document Put or Delete rewrote since, which its switch writes again.
  bool reindex_segment_ = false;
  std::vector<DocNum> rewritten_;
  // The in-memory state below is under two locks, exclusive while it
  // changes and shared by searches (ReadLock() takes both, meta_mu_
  // first): meta_mu_ for the metadata of Put (doc_ids_, metas_, numbers_),
  // memory_mu_ for what the indexing thread changes (the index, ranks_,
  // corpus_ and the segment bookkeeping). So a Put and the indexing thread
  // do not wait for each other.
  mutable std::shared_mutex meta_mu_;
  mutable std::shared_mutex memory_mu_;
  bool read_only_ = false;
  bool write_failed_ = false;  // The last write failed: Resume() first.
  uint64_t sequence_ = 0;      // The last DocMeta::sequence given.
  // In memory (see the layout comment): the index, doc_ids and metadata by
  // DocNum (an empty doc_id marks a deleted number), doc_id -> DocNum.
  InvertedIndex index_;
  std::vector<std::string> doc_ids_;
  std::vector<DocMeta> metas_;
  // Grown by the indexing thread: shorter than doc_limit() while Puts wait
  // to be indexed, so read through Rank(), which counts those not live.
  std::vector<RankInfo> ranks_;
  std::unordered_map<std::string, DocNum> numbers_;
  CorpusStats corpus_;
  DocNum flushed_ = 0;          // Numbers below are in segments.
  uint32_t first_segment_ = 0;  // Live segments: [first_segment_,
  uint32_t next_segment_ = 0;   //               next_segment_).
  uint32_t pending_docs_ = 0;   // Documents numbered from flushed_ on.
  // Of those, the ones Load() segmented again (no pending record).
  uint32_t resegmented_docs_ = 0;
  // A segment write at next_segment_ failed after some of its keys may
  // have reached the database: they must go before the id is written
  // again, or the keys the new write lacks would come alive with it.
  bool failed_segment_ = false;
  bool unnumbered_docs_ = false;  // Load() met documents without a number.
  // Numbers below are in index_ (or never indexed: deleted, unnumbered):
  // doc_limit() once the indexing thread caught up. Changed under
  // memory_mu_ by that thread.
  DocNum indexed_limit_ = 0;
  // Put's hand-over to the indexing thread, and the thread.
  mutable IndexQueue index_queue_;
  std::thread indexer_;
  // Set by the indexing thread: a segment write failed (the next Put
  // resumes the database first), or a document could not be indexed
  // (index_error_, under memory_mu_, which the next Put returns).
  std::atomic<bool> flush_failed_{false};
  std::atomic<bool> index_failed_{false};
  Status index_error_ = Status::OK();
  // Put's scratch for what it hands the indexing thread (the document's
  // terms...; under write_mu_), swapped with a spare so that its buffers
  // are reused.
  IndexItem put_item_;
  std::string put_scratch_;      // And for its pending record's bytes,
  std::string put_doc_;          // its stored document's
  std::string put_doc_scratch_;  // (and that encoder's scratch),
  std::unique_ptr<rocksdb::WriteBatch> put_batch_;  // and its batch.
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
  rocksdb::ColumnFamilyHandle* segments_ = nullptr;
  rocksdb::ColumnFamilyHandle* pending_ = nullptr;
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
