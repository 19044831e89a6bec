#include "stages/store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cctype>

#include "stages/store/sst_ingest.h"
#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

constexpr char kDocumentsCf[] = "documents";
constexpr char kPostingsCf[] = "postings";
constexpr char kTermStatsCf[] = "term_stats";
constexpr char kDocMetaCf[] = "doc_meta";
constexpr char kSourcesCf[] = "sources";
constexpr char kMetaCf[] = "meta";
constexpr char kTagsCf[] = "tags";
constexpr char kFingerprintsCf[] = "fingerprints";
constexpr char kClustersCf[] = "clusters";
constexpr char kSegmentsCf[] = "segments";
constexpr char kPendingCf[] = "pending";

// A doc_id prefix names a document from this many hex characters on.
constexpr size_t kMinPrefix = 8;

// Adds fixed64 little-endian operands; a missing or malformed existing value
// counts as 0, so a damaged counter heals instead of failing reads.
class UInt64AddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    uint64_t a = 0, b = 0;
    if (existing != nullptr) DecodeFixed64(existing->ToStringView(), &a);
    DecodeFixed64(value.ToStringView(), &b);
    new_value->clear();
    PutFixed64(new_value, a + b);
    return true;
  }
  const char* Name() const override { return "ink.UInt64Add"; }
};

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

}  // namespace

double CorpusStats::AverageLength(Field f) const {
  if (documents == 0) return 0;
  return static_cast<double>(f == Field::kTitle ? title_length : body_length) /
         static_cast<double>(documents);
}

Result<std::unique_ptr<Store>> Store::Open(const Options& options,
                                           const segmenter::Segmenter* seg) {
  return OpenImpl(options, seg, /*read_only=*/false);
}

Result<std::unique_ptr<Store>> Store::OpenReadOnly(
    const Options& options, const segmenter::Segmenter* seg) {
  return OpenImpl(options, seg, /*read_only=*/true);
}

Result<std::unique_ptr<Store>> Store::OpenImpl(const Options& options,
                                               const segmenter::Segmenter* seg,
                                               bool read_only) {
  if (options.path.empty())
    return Status::InvalidArgument("store path is empty");
  rocksdb::Options db_options;
  db_options.create_if_missing = !read_only;
  db_options.create_missing_column_families = !read_only;
  // Two cores by default; flush and compaction in the background.
  db_options.IncreaseParallelism(2);

  rocksdb::ColumnFamilyOptions plain;
  rocksdb::ColumnFamilyOptions counters;
  counters.merge_operator = std::make_shared<UInt64AddOperator>();
  // A Put is a handful of keys (no longer one per posting); LZ4 while
  // ingesting, ZSTD for the bottom level that compaction writes.
  // Bloom filters: a Put looks up its source's versions, mostly missing.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // 16 KiB blocks: documents of a few KiB each compress much better
  // together, and a point read decompresses one block either way.
  table.block_size = 16 << 10;
  // Block checksums by XXH3: the CRC32C of this RocksDB build runs without
  // the CPU's instruction, and segment and compaction writes checksum
  // every byte. (Each table file names its checksum; older files keep
  // theirs and stay readable.)
  table.checksum = rocksdb::kXXH3;
  for (auto* cf : {&plain, &counters}) {
    cf->table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    cf->write_buffer_size = 16 << 20;
    cf->max_write_buffer_number = 4;
    cf->compression = rocksdb::kLZ4Compression;
    // ZSTD (smaller, several times the CPU) only for what Compact()
    // writes: it switches the bottommost level to ZSTD for its run, so
    // that the background compactions of an ingest stay on LZ4.
    cf->bottommost_compression_opts.level = 6;
    cf->bottommost_compression_opts.enabled = true;
  }
  // Pending records live until the next segment deletes them (a range
  // delete every Options::segment_docs documents): a memtable that holds a
  // segment's worth lets them die there, never written to or compacted in
  // a table file.
  rocksdb::ColumnFamilyOptions pending = plain;
  pending.write_buffer_size = 64 << 20;
  // Put looks up its source's versions, mostly missing: a bloom filter on
  // the memtable answers a miss without searching its skip list.
  rocksdb::ColumnFamilyOptions sources = plain;
  sources.memtable_whole_key_filtering = true;
  sources.memtable_prefix_bloom_size_ratio = 0.05;
  // Segments are only ever iterated (Load, Delete's prefix scans, merges),
  // never read by key: a bloom filter would be built for nothing.
  rocksdb::ColumnFamilyOptions segments = plain;
  {
    rocksdb::BlockBasedTableOptions unfiltered = table;
    unfiltered.filter_policy.reset();
    segments.table_factory.reset(
        rocksdb::NewBlockBasedTableFactory(unfiltered));
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {kDocumentsCf, plain},
      {kPostingsCf, plain},
      {kTermStatsCf, counters},
      {kDocMetaCf, plain},
      {kSourcesCf, sources},
      {kMetaCf, counters},
      {kTagsCf, plain},
      {kFingerprintsCf, plain},
      {kClustersCf, plain},
      {kSegmentsCf, segments},
      {kPendingCf, pending},
  };

  std::unique_ptr<Store> store(new Store());
  store->options_ = options;
  store->segmenter_ = seg;
  store->read_only_ = read_only;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, options.path, cfs,
                                               &store->handles_, &raw)
                : rocksdb::DB::Open(db_options, options.path, cfs,
                                    &store->handles_, &raw);
  if (!s.ok()) {
    return FromRocks(s, "open store " + options.path);
  }
  store->db_.reset(raw);
  store->documents_ = store->handles_[1];
  store->postings_ = store->handles_[2];
  store->term_stats_ = store->handles_[3];
  store->doc_meta_ = store->handles_[4];
  store->sources_ = store->handles_[5];
  store->meta_ = store->handles_[6];
  store->tags_ = store->handles_[7];
  store->fingerprints_ = store->handles_[8];
  store->clusters_ = store->handles_[9];
  store->segments_ = store->handles_[10];
  store->pending_ = store->handles_[11];
  // Table files of segment writes a crash interrupted (sst_ingest.h).
  if (!read_only) RETURN_IF_ERROR(RemoveStaleIngestFiles(options.path));
  RETURN_IF_ERROR(store->Load());
  if (!read_only) RETURN_IF_ERROR(store->ConvertOldPostings());
  // Postings a crash left to segment again are written as a segment now,
  // so that the next open (or a reader's) need not segment them again.
  if (!read_only && store->resegmented_docs_ > 0)
    RETURN_IF_ERROR(store->FlushSegment());
  if (!read_only) store->StartIndexer();
  return store;
}

Store::Store() = default;

Store::~Store() {
  if (indexer_.joinable()) {
    index_queue_.Close();  // It indexes what is left, then returns.
    indexer_.join();
  }
  if (db_ == nullptr) return;
  // The next open then loads segments instead of re-adding pending
  // records; on failure they stay pending, which is as good. (Not past a
  // document that failed to index: see RunIndexer.)
  if (!read_only_ && pending_docs_ > 0 && !index_failed_.load())
    (void)FlushSegmentLocked();
  for (auto* h : handles_)
    db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  handles_.clear();
  db_->Close().PermitUncheckedError();
}

Status Store::ScanPrefix(
    rocksdb::ColumnFamilyHandle* cf, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  std::string upper(prefix);
  // The first key after every key starting with prefix; prefixes here
  // never end in 0xFF bytes only (they end in '\0' or band bits).
  while (!upper.empty() && static_cast<unsigned char>(upper.back()) == 0xFF)
    upper.pop_back();
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper_slice;
  if (!upper.empty()) {
    upper.back() = static_cast<char>(upper.back() + 1);
    upper_slice = rocksdb::Slice(upper);
    ro.iterate_upper_bound = &upper_slice;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid();
       it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scan");
}

Status Store::Put(const v1::Envelope& env, bool* duplicate) {
  *duplicate = false;
  if (read_only_) return Status::Unavailable("store is open read-only");
  if (env.doc_id().empty())
    return Status::InvalidArgument("envelope has no doc_id");
  if (env.doc_id().find('\0') != std::string::npos)
    return Status::InvalidArgument("doc_id contains a NUL byte");
  if (!env.has_clean()) {
    return Status::InvalidArgument("envelope " + env.doc_id() +
                                   " has no clean article");
  }
  const std::string& doc_id = env.doc_id();
  std::lock_guard writer(write_mu_);

  if (numbers_.count(doc_id)) {
    *duplicate = true;
    return Status::OK();
  }
  if (sequence_ + 1 >= kNoDoc)
    return Status::Unavailable("the store is full (2^32 document numbers)");
  rocksdb::Status s;

  DocMeta meta;
  meta.date = DatePart(env.clean().date());
  meta.source = env.source();
  meta.publisher = env.clean().source();
  meta.language = env.enrichment().language().empty()
                      ? env.clean().language()
                      : env.enrichment().language();
  meta.sequence = sequence_ + 1;

  // Reused: a batch grown for one document keeps its buffer for the next.
  if (put_batch_ == nullptr)
    put_batch_ = std::make_unique<rocksdb::WriteBatch>();
  rocksdb::WriteBatch& batch = *put_batch_;
  batch.Clear();
  // Snippets are cut from the text the positions refer to: stored only
  // when it is not the paragraphs' join, which reads make again.
  DocTerms& terms = put_item_.terms;
  const std::string* body_text = IndexFields(env.segmented(), &terms);
  if (body_text != nullptr &&
      (body_text->empty() || IsBodyText(*body_text, env.clean())))
    body_text = nullptr;
  meta.title_length = terms.length[0];
  meta.body_length = terms.length[1];
  const DocNum number = static_cast<DocNum>(meta.sequence - 1);
  // The postings wait in memory for the next segment. Without a segmenter
  // to give them again after a crash, they also wait in the document's
  // batch (see the layout comment in store.h).
  if (segmenter_ == nullptr) {
    const std::string_view pending = EncodeDocTerms(terms, &put_scratch_);
    batch.Put(pending_, PendingKey(number),
              rocksdb::Slice(pending.data(), pending.size()));
  }
  for (const auto& [tag, value] : DocumentTags(env.clean(), env.enrichment()))
    batch.Put(tags_, TagKey(tag, value, doc_id), "");

  // Metadata of other documents this Put changes (a superseded version,
  // members of merged clusters), written once at the end.
  TouchedMetas touched;

  // Source versions: the new document becomes the current one.
  std::vector<std::string> versions;
  if (!env.source().empty()) {
    std::string value;
    s = db_->Get(rocksdb::ReadOptions(), sources_, env.source(), &value);
    if (s.ok()) {
      if (!DecodeVersions(value, &versions)) {
        return Status::Corruption("versions of source " + env.source());
      }
    } else if (!s.IsNotFound()) {
      return FromRocks(s, "read source " + env.source());
    }
    if (!versions.empty()) {
      const std::string& previous = versions.back();
      std::string prev_doc_bytes;
      v1::StoredDocument prev_doc;
      s = db_->Get(rocksdb::ReadOptions(), documents_, previous,
                   &prev_doc_bytes);
      if (!s.ok()) return FromRocks(s, "read previous version " + previous);
      if (!prev_doc.ParseFromString(prev_doc_bytes))
        return Status::Corruption("previous version " + previous);
      ASSIGN_OR_RETURN(DocMeta * prev_meta, Touch(&touched, previous));
      prev_doc.set_superseded_by(doc_id);
      batch.Put(documents_, previous, StoredBytes(std::move(prev_doc)));
      prev_meta->superseded = true;
    }
    versions.push_back(doc_id);
    batch.Put(sources_, env.source(), EncodeVersions(versions));
  }

  std::string cluster;
  RETURN_IF_ERROR(
      JoinNearDuplicates(doc_id, env.enrichment(), &touched, &batch, &cluster));
  meta.cluster = cluster;

  for (const auto& [id, m] : touched)
    batch.Put(doc_meta_, id, EncodeDocMeta(m));
  // Written from the envelope, not copied into a StoredDocument first.
  const std::string_view stored = EncodeNewDocument(
      env, NowUnixMs(), body_text,
      versions.empty() ? 1 : static_cast<uint32_t>(versions.size()), &put_doc_,
      &put_doc_scratch_);
  batch.Put(documents_, doc_id, rocksdb::Slice(stored.data(), stored.size()));
  batch.Put(doc_meta_, doc_id, EncodeDocMeta(meta));

  if (index_failed_.load(std::memory_order_acquire)) {
    std::shared_lock lock(memory_mu_);
    return index_error_;
  }
  // After a failed write (disk full) RocksDB refuses writes until resumed;
  // Resume() fails again, cheaply, while the disk is still full. A failed
  // segment write of the indexing thread counts too.
  if (flush_failed_.exchange(false, std::memory_order_acq_rel))
    write_failed_ = true;
  if (write_failed_) {
    RETURN_IF_ERROR(FromRocks(db_->Resume(), "resume after a failed write"));
    write_failed_ = false;
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  wo.disableWAL = false;
  Status written =
      FromRocks(db_->Write(wo, &batch), "write document " + doc_id);
  write_failed_ = !written.ok();
  if (!written.ok()) return written;
  // The metadata now (later Puts read it); what queries read of this Put
  // (its ranking figures, the superseded version's, the corpus figures)
  // with its postings, by the indexing thread; a reader waits for them
  // (ReadLock). Only the metadata's lock: the indexing thread holds the
  // index's while it adds a document's postings, and a Put waiting for
  // that would be a Put not storing.
  std::unique_lock lock = LockBriefly(meta_mu_);
  ++sequence_;
  put_item_.number = number;
  put_item_.superseded_change = 0;
  put_item_.reranked.clear();
  for (const auto& [id, m] : touched) {
    auto n = numbers_.find(id);
    if (n == numbers_.end()) continue;
    put_item_.superseded_change +=
        (m.superseded ? 1 : 0) - (metas_[n->second].superseded ? 1 : 0);
    metas_[n->second] = m;
    put_item_.reranked.emplace_back(n->second, RankOf(n->second));
    if (reindex_segment_) rewritten_.push_back(n->second);
  }
  RecordMeta(number, doc_id, meta);
  put_item_.rank = RankOf(number);
  lock.unlock();
  index_queue_.Push(&put_item_);
  return Status::OK();
}

Result<DocMeta*> Store::Touch(TouchedMetas* touched,
                              const std::string& id) const {
  auto it = touched->find(id);
  if (it != touched->end()) return &it->second;
  ASSIGN_OR_RETURN(DocMeta m, ReadDocMeta(id));
  return &touched->emplace(id, std::move(m)).first->second;
}

void Store::SetMeta(DocNum doc, std::string_view doc_id, const DocMeta& meta) {
  RecordMeta(doc, doc_id, meta);
  SyncRank(doc);
}

void Store::RecordMeta(DocNum doc, std::string_view doc_id,
                       const DocMeta& meta) {
  if (doc >= doc_ids_.size()) {
    doc_ids_.resize(doc + 1);
    metas_.resize(doc + 1);
  }
  doc_ids_[doc] = doc_id;
  metas_[doc] = meta;
  numbers_[std::string(doc_id)] = doc;
}

void Store::SetRank(DocNum doc, const RankInfo& rank) {
  if (doc >= ranks_.size()) ranks_.resize(doc + 1);
  ranks_[doc] = rank;
}

void Store::SyncRank(DocNum doc) { SetRank(doc, RankOf(doc)); }

RankInfo Store::RankOf(DocNum doc) const {
  const DocMeta& m = metas_[doc];
  return {
      {m.title_length, m.body_length}, !doc_ids_[doc].empty(), m.superseded};
}

std::optional<DocNum> Store::Number(std::string_view doc_id) const {
  auto it = numbers_.find(std::string(doc_id));
  if (it == numbers_.end()) return std::nullopt;
  return it->second;
}

Result<v1::StoredDocument> Store::Get(std::string_view id) const {
  if (id.empty()) return Status::InvalidArgument("empty document id");
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), documents_,
                               rocksdb::Slice(id.data(), id.size()), &value);
  if (s.IsNotFound()) {
    if (id.size() < kMinPrefix || !IsHex(id)) {
      return Status::NotFound("no document " + std::string(id) +
                              " (a prefix needs at least 8 hex characters)");
    }
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), documents_));
    rocksdb::Slice prefix(id.data(), id.size());
    it->Seek(prefix);
    if (!it->Valid() || !it->key().starts_with(prefix)) {
      RETURN_IF_ERROR(FromRocks(it->status(), "scan documents"));
      return Status::NotFound("no document " + std::string(id));
    }
    std::string key = it->key().ToString();
    value = it->value().ToString();
    it->Next();
    if (it->Valid() && it->key().starts_with(prefix)) {
      return Status::InvalidArgument("document id prefix " + std::string(id) +
                                     " is ambiguous: " + key + ", " +
                                     it->key().ToString() + "...");
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan documents"));
  } else if (!s.ok()) {
    return FromRocks(s, "read document " + std::string(id));
  }
  v1::StoredDocument doc;
  if (!doc.ParseFromString(value))
    return Status::Corruption("document " + std::string(id));
  if (doc.body().empty()) doc.set_body(segmenter::BodyText(doc.clean()));
  Result<DocMeta> meta = ReadDocMeta(doc.doc_id());
  doc.set_cluster(meta.ok() ? ClusterOf(doc.doc_id(), *meta) : doc.doc_id());
  return doc;
}

Result<std::vector<std::string>> Store::Versions(
    std::string_view source) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), sources_,
               rocksdb::Slice(source.data(), source.size()), &value);
  if (s.IsNotFound())
    return Status::NotFound("no source " + std::string(source));
  if (!s.ok()) return FromRocks(s, "source " + std::string(source));
  std::vector<std::string> ids;
  if (!DecodeVersions(value, &ids)) {
    return Status::Corruption("versions of source " + std::string(source));
  }
  return ids;
}

uint64_t Store::ReadCounter(std::string_view key) const {
  std::string value;
  uint64_t v = 0;
  if (db_->Get(rocksdb::ReadOptions(), meta_,
               rocksdb::Slice(key.data(), key.size()), &value)
          .ok()) {
    DecodeFixed64(value, &v);
  }
  return v;
}

uint64_t Store::DocumentFrequency(Field field, std::string_view term) const {
  const PostingList* list = index_.Find(field, term);
  return list == nullptr ? 0 : list->size();
}

Status Store::ReadPostings(Field field, std::string_view term,
                           std::vector<Posting>* out) const {
  out->clear();
  const PostingList* list = index_.Find(field, term);
  if (list == nullptr) return Status::OK();
  PostingList::Cursor c = list->cursor();
  for (DocNum d = c.Next(); d != kNoDoc; d = c.Next()) {
    Posting& p = out->emplace_back();
    p.doc_id = DocId(d);
    c.Positions(&p.positions);
  }
  return Status::OK();
}

Result<DocMeta> Store::ReadDocMeta(std::string_view doc_id) const {
  std::optional<DocNum> n = Number(doc_id);
  if (!n) return Status::NotFound("metadata of " + std::string(doc_id));
  return metas_[*n];
}

Status Store::ForEachDocMeta(
    const std::function<bool(std::string_view, const DocMeta&)>& fn) const {
  for (DocNum d = 0; d < doc_limit(); ++d) {
    if (doc_ids_[d].empty()) continue;
    if (!fn(doc_ids_[d], metas_[d])) break;
  }
  return Status::OK();
}

Status Store::ReadTagDocs(Tag tag, std::string_view value,
                          std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  const std::string prefix = TagPrefix(tag, NormalizeTagValue(value));
  return ScanPrefix(tags_, prefix, [&](std::string_view key, std::string_view) {
    doc_ids->emplace_back(key.substr(prefix.size()));
    return true;
  });
}

Status Store::ReadClusterMembers(std::string_view cluster,
                                 std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  const std::string prefix = ClusterPrefix(cluster);
  return ScanPrefix(clusters_, prefix,
                    [&](std::string_view key, std::string_view) {
                      doc_ids->emplace_back(key.substr(prefix.size()));
                      return true;
                    });
}

nlohmann::json Store::Stats() const {
  // Figures after the indexing thread's work on every Put so far,
  // including the segment one of them made due.
  index_queue_.WaitSettled();
  const auto lock = ReadLock();
  CorpusStats c = ReadCorpusStats();
  nlohmann::json j;
  j["path"] = options_.path;
  j["read_only"] = read_only_;
  j["documents"] = c.documents;
  j["current_documents"] = c.documents - std::min(c.documents, c.superseded);
  j["superseded"] = c.superseded;
  j["average_title_length"] = c.AverageLength(Field::kTitle);
  j["average_body_length"] = c.AverageLength(Field::kBody);
  j["terms"] = index_.terms();  // (field, term) pairs.
  j["postings"] = index_.postings();
  j["index_memory_bytes"] = index_.bytes();
  j["segments"] = next_segment_ - first_segment_;
  j["pending_documents"] = pending_docs_;
  // Unflushed documents an unclean stop left, segmented again at open.
  j["resegmented_at_open"] = resegmented_docs_;
  nlohmann::json sizes = nlohmann::json::object();
  uint64_t total = 0;
  for (auto* h : handles_) {
    uint64_t sst = 0, mem = 0;
    db_->GetIntProperty(h, "rocksdb.total-sst-files-size", &sst);
    db_->GetIntProperty(h, "rocksdb.cur-size-all-mem-tables", &mem);
    sizes[h->GetName()] = {{"sst_bytes", sst}, {"memtable_bytes", mem}};
    total += sst + mem;
  }
  j["column_families"] = sizes;
  j["total_bytes"] = total;
  return j;
}

}  // namespace ink::store
