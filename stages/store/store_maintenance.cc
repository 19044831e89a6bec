// The operator's tools on the Store: delete, verify, compact, backup,
// restore and reindex.
#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

// Documents are written in batches of this many during a reindex.
constexpr size_t kReindexBatchDocs = 256;
// Verify reports at most this many problems in detail.
constexpr size_t kMaxProblems = 50;

}  // namespace

Status Store::Delete(std::string_view id, std::string* deleted_id) {
  if (read_only_) return Status::Unavailable("store is open read-only");
  std::lock_guard writer(write_mu_);
  DrainIndexer();
  ASSIGN_OR_RETURN(v1::StoredDocument doc, Get(id));
  const std::string doc_id = doc.doc_id();
  *deleted_id = doc_id;
  ASSIGN_OR_RETURN(DocMeta meta, ReadDocMeta(doc_id));

  const std::optional<DocNum> known = Number(doc_id);
  if (!known)
    return Status::Corruption("document " + doc_id + " has no number");
  const DocNum number = *known;

  rocksdb::WriteBatch batch;
  // Postings: pending, or rewritten out of the segment blobs holding them.
  const std::vector<std::string> keys = index_.KeysOf(number);
  if (number >= flushed_) {
    batch.Delete(pending_, PendingKey(number));
  } else {
    std::vector<DecodedPosting> decoded;
    for (const std::string& key : keys) {
      const std::string prefix = key + std::string(1, '\0');
      Status blob_status = Status::OK();
      RETURN_IF_ERROR(ScanPrefix(
          segments_, prefix, [&](std::string_view k, std::string_view v) {
            std::string_view unused;
            uint32_t segment = 0;
            if (!ParseSegmentKey(k, &unused, &segment) ||
                segment < first_segment_ || segment >= next_segment_ ||
                !DecodeBlob(v, &decoded)) {
              return true;
            }
            auto it = std::find_if(
                decoded.begin(), decoded.end(),
                [&](const DecodedPosting& p) { return p.doc == number; });
            if (it == decoded.end()) return true;
            decoded.erase(it);
            if (decoded.empty()) {
              batch.Delete(segments_, rocksdb::Slice(k.data(), k.size()));
              return true;
            }
            PostingList rest;
            for (const DecodedPosting& p : decoded)
              rest.Append(p.doc, p.positions);
            batch.Put(segments_, rocksdb::Slice(k.data(), k.size()),
                      rest.EncodeBlob());
            return true;
          }));
    }
  }
  // Numbers are never reused: the next Put numbers after this one even
  // when it was the last.
  batch.Put(meta_, kSequenceKey, Fixed64(sequence_));
  for (const auto& [tag, value] : DocumentTags(doc.clean(), doc.enrichment()))
    batch.Delete(tags_, TagKey(tag, value, doc_id));
  const v1::Enrichment& e = doc.enrichment();
  if (e.simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band)
      batch.Delete(fingerprints_, BandKey(band, e.simhash(), doc_id));
  }
  if (!e.body_hash().empty())
    batch.Delete(fingerprints_, BodyHashPrefix(e.body_hash()) + doc_id);
  batch.Delete(clusters_, ClusterPrefix(ClusterOf(doc_id, meta)) + doc_id);

  // Versions: drop it from its source; its neighbours are relinked, and the
  // previous one becomes current when it was current.
  std::optional<DocNum> prev_current;  // That previous one.
  if (!doc.source().empty()) {
    Result<std::vector<std::string>> versions = Versions(doc.source());
    if (versions.ok()) {
      std::vector<std::string> ids = std::move(versions).value();
      auto pos = std::find(ids.begin(), ids.end(), doc_id);
      if (pos != ids.end()) {
        const bool was_current = pos + 1 == ids.end();
        const std::string next = was_current ? "" : *(pos + 1);
        const std::string prev = pos == ids.begin() ? "" : *(pos - 1);
        ids.erase(pos);
        if (!prev.empty()) {
          if (std::optional<DocNum> n = Number(prev); n && reindex_segment_)
            rewritten_.push_back(*n);
          Result<v1::StoredDocument> p = Get(prev);
          if (p.ok()) {
            p->clear_cluster();
            p->set_superseded_by(next);
            batch.Put(documents_, prev, StoredBytes(*p));
          }
          Result<DocMeta> pm = ReadDocMeta(prev);
          if (was_current && pm.ok() && pm->superseded) {
            prev_current = Number(prev);
            pm->superseded = false;
            batch.Put(doc_meta_, prev, EncodeDocMeta(*pm));
          }
        }
        if (ids.empty()) {
          batch.Delete(sources_, doc.source());
        } else {
          batch.Put(sources_, doc.source(), EncodeVersions(ids));
        }
      }
    }
  }
  batch.Delete(documents_, doc_id);
  batch.Delete(doc_meta_, doc_id);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  RETURN_IF_ERROR(
      FromRocks(db_->Write(wo, &batch), "delete document " + doc_id));
  const auto lock = LockMemory();
  index_.Remove(number, keys);
  if (number >= flushed_ && pending_docs_ > 0) --pending_docs_;
  if (prev_current) {
    --corpus_.superseded;
    metas_[*prev_current].superseded = false;
    SyncRank(*prev_current);
  }
  --corpus_.documents;
  if (meta.superseded) --corpus_.superseded;
  corpus_.title_length -= meta.title_length;
  corpus_.body_length -= meta.body_length;
  doc_ids_[number].clear();
  SyncRank(number);
  numbers_.erase(doc_id);
  return Status::OK();
}

Result<nlohmann::json> Store::Verify() const {
  // The database and the memory are compared as of one moment between
  // two Puts, with every stored document indexed: the writer mutex keeps
  // Puts out until the snapshot is taken and the read lock held (which
  // keeps them from changing the memory until the end).
  std::unique_lock writer(write_mu_);
  DrainIndexer();
  const auto lock = ReadLock();
  std::vector<std::string> problems;
  uint64_t problem_count = 0;
  auto problem = [&](std::string p) {
    ++problem_count;
    if (problems.size() < kMaxProblems) problems.push_back(std::move(p));
  };
  // One snapshot for every scan, so a concurrent Put cannot look like a
  // disagreement.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  writer.unlock();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{db_.get(), snapshot};
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  auto scan =
      [&](rocksdb::ColumnFamilyHandle* cf,
          const std::function<void(std::string_view, std::string_view)>& fn)
      -> Status {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      fn(it->key().ToStringView(), it->value().ToStringView());
    return FromRocks(it->status(), "scan " + cf->GetName());
  };

  // Documents and their metadata.
  uint64_t documents = 0, superseded = 0, lengths[2] = {0, 0};
  std::unordered_map<std::string, std::string> cluster_of;
  std::map<DocNum, std::string> by_number;
  RETURN_IF_ERROR(scan(doc_meta_, [&](std::string_view id, std::string_view v) {
    DocMeta m;
    if (!DecodeDocMeta(v, &m)) {
      problem("doc_meta of " + std::string(id) + " is malformed");
      return;
    }
    ++documents;
    superseded += m.superseded ? 1 : 0;
    lengths[0] += m.title_length;
    lengths[1] += m.body_length;
    cluster_of[std::string(id)] = ClusterOf(id, m);
    if (m.sequence == 0 ||
        !by_number.emplace(static_cast<DocNum>(m.sequence - 1), id).second)
      problem("doc_meta of " + std::string(id) +
              " has no distinct document number");
  }));
  uint64_t stored = 0;
  RETURN_IF_ERROR(scan(documents_, [&](std::string_view id, std::string_view) {
    ++stored;
    if (!cluster_of.count(std::string(id)))
      problem("document " + std::string(id) + " has no doc_meta");
  }));
  if (stored != documents)
    problem("documents: " + std::to_string(stored) + " stored, " +
            std::to_string(documents) + " with metadata");
  // The figures in memory (BM25 reads them) against the documents.
  auto counter = [&](const char* name, uint64_t have, uint64_t want) {
    if (have != want)
      problem("counter in memory " + std::string(name) + " is " +
              std::to_string(have) + ", documents say " + std::to_string(want));
  };
  counter("documents", corpus_.documents, documents);
  counter("superseded", corpus_.superseded, superseded);
  counter("length:T", corpus_.title_length, lengths[0]);
  counter("length:B", corpus_.body_length, lengths[1]);
  if (!by_number.empty() && by_number.rbegin()->first >= sequence_)
    problem("sequence " + std::to_string(sequence_) +
            " is not above document number " +
            std::to_string(by_number.rbegin()->first));

  // Postings on disk (live segments and pending) against the documents
  // and against the in-memory index the queries read.
  std::unordered_map<std::string, uint64_t> df;  // IndexKey -> postings.
  std::vector<bool> has_postings(doc_limit(), false);
  uint64_t postings = 0;
  auto posting = [&](std::string_view key, DocNum doc) {
    ++postings;
    ++df[std::string(key)];
    if (doc < has_postings.size()) has_postings[doc] = true;
    if (!by_number.count(doc))
      problem("posting of " + std::string(key.substr(1)) +
              " names missing document number " + std::to_string(doc));
  };
  std::vector<DecodedPosting> decoded;
  RETURN_IF_ERROR(
      scan(segments_, [&](std::string_view key, std::string_view v) {
        std::string_view index_key;
        uint32_t segment = 0;
        if (!ParseSegmentKey(key, &index_key, &segment)) {
          problem("segments key is malformed");
          return;
        }
        if (segment < first_segment_ || segment >= next_segment_) return;
        if (!DecodeBlob(v, &decoded)) {
          problem("segment " + std::to_string(segment) + " of " +
                  std::string(index_key.substr(1)) + " is malformed");
          return;
        }
        for (const DecodedPosting& p : decoded) {
          if (p.doc >= flushed_)
            problem("segment posting of " + std::string(index_key.substr(1)) +
                    " for a pending document number " + std::to_string(p.doc));
          posting(index_key, p.doc);
        }
      }));
  DocTerms doc_terms;
  auto postings_of = [&](DocNum doc) {
    for (int slot = 0; slot < 2; ++slot) {
      for (size_t i = 0; i < doc_terms.size(slot); ++i)
        posting(IndexKey(kFields[slot], doc_terms.term(slot, i)), doc);
    }
  };
  std::vector<bool> has_record(doc_limit(), false);
  RETURN_IF_ERROR(scan(pending_, [&](std::string_view key, std::string_view v) {
    if (key.size() != 4 || !DecodeDocTerms(v, &doc_terms)) {
      problem("pending record is malformed");
      return;
    }
    const DocNum doc = GetBigEndian32(key);
    if (doc < has_record.size()) has_record[doc] = true;
    postings_of(doc);
  }));
  // The documents not in a segment and without a pending record (a store
  // with a segmenter writes none, see store.h) have their postings in
  // memory only; these count as on disk here. After a crash their stored
  // text segmented again gives them: a difference means the segmenter
  // changed since they were stored, which the next open after a crash or
  // a reindex applies (a warning, not a problem).
  std::vector<bool> memory_only(doc_limit(), false);
  std::vector<std::string> warnings;
  for (auto it = by_number.lower_bound(flushed_); it != by_number.end(); ++it) {
    const DocNum doc = it->first;
    if (doc < memory_only.size() && !has_record[doc]) memory_only[doc] = true;
  }
  std::unordered_map<std::string, uint64_t> in_memory, again;
  index_.ForEach([&](std::string_view key, const PostingList& list) {
    if (list.last() == kNoDoc || list.last() < flushed_) return;
    PostingList::Cursor c = list.cursor();
    for (DocNum d = c.SkipTo(flushed_); d != kNoDoc; d = c.Next()) {
      if (d >= memory_only.size() || !memory_only[d]) continue;
      posting(key, d);
      ++in_memory[std::string(key)];
    }
  });
  uint64_t unsegmented = 0;
  for (auto it = by_number.lower_bound(flushed_); it != by_number.end(); ++it) {
    if (it->first >= memory_only.size() || !memory_only[it->first]) continue;
    if (segmenter_ == nullptr) {
      ++unsegmented;
      continue;
    }
    std::optional<std::string> body;
    Status s = SegmentStored(ro, it->second, &doc_terms, &body);
    if (s.IsNotFound()) continue;  // Reported above.
    RETURN_IF_ERROR(s);
    for (int slot = 0; slot < 2; ++slot) {
      for (size_t i = 0; i < doc_terms.size(slot); ++i)
        ++again[IndexKey(kFields[slot], doc_terms.term(slot, i))];
    }
  }
  if (segmenter_ != nullptr && again != in_memory) {
    warnings.push_back(
        "the postings of documents not yet in a segment differ from their "
        "stored text segmented again: the segmenter changed since they were "
        "stored (inkctl reindex applies it to every document)");
  }
  if (unsegmented > 0) {
    warnings.push_back(
        std::to_string(unsegmented) +
        " document(s) not yet in a segment were not checked against their "
        "text: this store was opened without a segmenter");
  }
  uint64_t terms = 0;
  index_.ForEach([&](std::string_view key, const PostingList& list) {
    auto it = df.find(std::string(key));
    const uint64_t want = it == df.end() ? 0 : it->second;
    if (list.size() != want)
      problem("document frequency of " + std::string(key.substr(1)) + " is " +
              std::to_string(list.size()) + ", postings on disk say " +
              std::to_string(want));
    if (it != df.end()) {
      df.erase(it);
      ++terms;
    }
  });
  for (const auto& [key, n] : df)
    problem("term " + key.substr(1) + " has " + std::to_string(n) +
            " postings on disk and none in memory");
  for (const auto& [doc, id] : by_number) {
    const DocMeta* m = Meta(doc);
    if (m != nullptr && m->title_length + m->body_length > 0 &&
        (doc >= has_postings.size() || !has_postings[doc]))
      problem("document " + id + " has indexed words and no postings");
  }

  // Tags, fingerprints and clusters name stored documents.
  // The doc_id of a key: after the first '\0', or from byte `start` on.
  auto key_doc = [&](const char* what, std::string_view key,
                     size_t start = std::string_view::npos) {
    if (start == std::string_view::npos) {
      start = key.find('\0');
      if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos || start >= key.size()) {
      problem(std::string(what) + " key is malformed");
      return std::string();
    }
    std::string id(key.substr(start));
    if (!cluster_of.count(id))
      problem(std::string(what) + " key names missing document " + id);
    return id;
  };
  RETURN_IF_ERROR(scan(tags_, [&](std::string_view key, std::string_view) {
    key_doc("tags", key);
  }));
  RETURN_IF_ERROR(scan(fingerprints_, [&](std::string_view key,
                                          std::string_view) {
    // Band keys: 'S', band, 16 bits, doc_id.
    key_doc("fingerprints", key, key[0] == 'S' ? 4 : std::string_view::npos);
  }));
  RETURN_IF_ERROR(scan(clusters_, [&](std::string_view key, std::string_view) {
    std::string id = key_doc("clusters", key);
    auto it = cluster_of.find(id);
    if (it != cluster_of.end() && key.substr(0, key.find('\0')) != it->second)
      problem("clusters lists " + id + " under " +
              std::string(key.substr(0, key.find('\0'))) + ", doc_meta under " +
              it->second);
  }));

  nlohmann::json j;
  j["ok"] = problem_count == 0;
  j["documents"] = documents;
  j["postings"] = postings;
  j["terms"] = terms;
  j["problem_count"] = problem_count;
  j["problems"] = problems;
  if (!warnings.empty()) j["warnings"] = warnings;
  return j;
}

Status Store::Compact() {
  if (read_only_) return Status::Unavailable("store is open read-only");
  {
    std::lock_guard writer(write_mu_);
    DrainIndexer();
    if (reindex_segment_) {
      return Status::Unavailable(
          "a reindex is writing its index; compact once it is done");
    }
    rocksdb::WriteBatch final_batch;
    RETURN_IF_ERROR(WriteMergedSegment(index_, &final_batch));
  }
  // The bottommost level in ZSTD for this compaction only (see OpenImpl).
  const std::unordered_map<std::string, std::string> zstd = {
      {"bottommost_compression", "kZSTD"}};
  const std::unordered_map<std::string, std::string> lz4 = {
      {"bottommost_compression", "kDisableCompressionOption"}};
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  Status status = Status::OK();
  for (auto* h : handles_) {
    status = FromRocks(db_->SetOptions(h, zstd), "set ZSTD on " + h->GetName());
    if (status.ok()) {
      status = FromRocks(db_->CompactRange(o, h, nullptr, nullptr),
                         "compact " + h->GetName());
    }
    Status back =
        FromRocks(db_->SetOptions(h, lz4), "set LZ4 on " + h->GetName());
    if (status.ok()) status = back;
    if (!status.ok()) break;
  }
  return status;
}

Status Store::Backup(const std::string& dir) const {
  if (read_only_)
    return Status::Unavailable("backup needs the store open read-write");
  if (dir.empty()) return Status::InvalidArgument("backup directory is empty");
  std::error_code ec;
  if (std::filesystem::exists(dir, ec))
    return Status::InvalidArgument("backup directory " + dir +
                                   " already exists");
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw), "checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // Flush first so the checkpoint holds SST files, not a long WAL.
  return FromRocks(checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0),
                   "checkpoint into " + dir);
}

Status Store::Restore(const std::string& backup_dir, const std::string& path,
                      std::string* kept_as) {
  kept_as->clear();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(backup_dir, ec))
    return Status::NotFound("no backup at " + backup_dir);
  {
    Options o;
    o.path = backup_dir;
    Result<std::unique_ptr<Store>> check = OpenReadOnly(o, nullptr);
    if (!check.ok()) {
      return Status::InvalidArgument("not a usable store backup: " +
                                     check.status().ToString());
    }
  }
  if (fs::exists(path, ec)) {
    {
      Options o;
      o.path = path;
      Result<std::unique_ptr<Store>> live = Open(o, nullptr);
      if (!live.ok()) {
        return Status::Unavailable(
            "cannot take the store at " + path +
            " (is the store daemon running? stop it first): " +
            live.status().ToString());
      }
    }
    *kept_as = path + ".before-restore-" + std::to_string(NowUnixMs() / 1000);
    fs::rename(path, *kept_as, ec);
    if (ec) return Status::IOError("rename " + path + ": " + ec.message());
  }
  fs::create_directories(fs::path(path).parent_path().empty()
                             ? fs::path(".")
                             : fs::path(path).parent_path(),
                         ec);
  fs::copy(backup_dir, path, fs::copy_options::recursive, ec);
  if (ec) {
    return Status::IOError("copy " + backup_dir + " to " + path + ": " +
                           ec.message());
  }
  return Status::OK();
}

Status Store::SegmentStored(const rocksdb::ReadOptions& ro,
                            const std::string& doc_id, DocTerms* terms,
                            std::optional<std::string>* body) const {
  body->reset();
  std::string value;
  rocksdb::Status s = db_->Get(ro, documents_, doc_id, &value);
  if (s.IsNotFound()) return Status::NotFound("no document " + doc_id);
  RETURN_IF_ERROR(FromRocks(s, "read document " + doc_id));
  v1::StoredDocument doc;
  if (!doc.ParseFromString(value))
    return Status::Corruption("document " + doc_id);
  if (doc.body().empty()) doc.set_body(segmenter::BodyText(doc.clean()));
  v1::SegmentedArticle segmented;
  segmenter_->SegmentArticle(doc.clean(), &segmented);
  const std::string* text = IndexFields(segmented, terms);
  if (text != nullptr && *text != doc.body()) *body = *text;
  return Status::OK();
}

Result<std::string> Store::StoredWithBody(const rocksdb::ReadOptions& ro,
                                          const std::string& doc_id,
                                          const std::string& body) const {
  std::string value;
  RETURN_IF_ERROR(FromRocks(db_->Get(ro, documents_, doc_id, &value),
                            "read document " + doc_id));
  v1::StoredDocument doc;
  if (!doc.ParseFromString(value))
    return Status::Corruption("document " + doc_id);
  doc.set_body(body);
  return StoredBytes(std::move(doc));
}

Result<nlohmann::json> Store::Reindex(const ReindexControl& control) {
  if (read_only_) return Status::Unavailable("store is open read-only");
  if (segmenter_ == nullptr)
    return Status::Unavailable("reindex needs the store's segmenter");
  if (reindexing_.exchange(true))
    return Status::Unavailable("a reindex is already running");
  struct Done {
    std::atomic<bool>* flag;
    ~Done() { *flag = false; }
  } done{&reindexing_};

  // The documents numbered when the rebuild starts; Put may add more and
  // Delete remove some while they are read.
  std::vector<std::pair<DocNum, std::string>> docs;
  DocNum start_limit = 0;
  {
    const auto lock = ReadLock();
    start_limit = doc_limit();
    for (DocNum d = 0; d < start_limit; ++d)
      if (!doc_ids_[d].empty()) docs.emplace_back(d, doc_ids_[d]);
  }

  // What the rebuild learns of each document, in number order.
  struct Rebuilt {
    DocNum doc;
    uint32_t length[2];
    std::optional<std::string> body;  // A new snippet text, when it changed.
    bool removed = false;  // Deleted meanwhile: out of the new index.
  };
  std::vector<Rebuilt> rebuilt_docs;
  InvertedIndex rebuilt;
  // Reads and segments one document into *index; a document deleted
  // meanwhile is skipped.
  auto index_doc = [&](InvertedIndex* index, DocNum d,
                       const std::string& doc_id) -> Status {
    DocTerms terms;
    std::optional<std::string> body;
    Status s = SegmentStored(rocksdb::ReadOptions(), doc_id, &terms, &body);
    if (s.IsNotFound()) return Status::OK();
    RETURN_IF_ERROR(s);
    if (!index->Add(d, terms))
      return Status::Internal("reindex: document numbers out of order");
    Rebuilt& r = rebuilt_docs.emplace_back();
    r.doc = d;
    r.length[0] = terms.length[0];
    r.length[1] = terms.length[1];
    r.body = std::move(body);
    return Status::OK();
  };
  for (const auto& [d, doc_id] : docs) {
    if (control.cancel != nullptr && control.cancel->load())
      return Status::Unavailable("reindex cancelled");
    RETURN_IF_ERROR(index_doc(&rebuilt, d, doc_id));
  }
  if (control.before_switch) control.before_switch();
  if (control.cancel != nullptr && control.cancel->load())
    return Status::Unavailable("reindex cancelled");

  // Takes the documents deleted since they were read out of the new index;
  // returns the index keys whose lists changed. Called with ReadLock() (or
  // both memory locks) or write_mu_ held.
  auto drop_deleted = [&]() {
    std::vector<std::string> changed;
    for (Rebuilt& r : rebuilt_docs) {
      if (r.removed || !doc_ids_[r.doc].empty()) continue;
      r.removed = true;
      std::vector<std::string> keys = rebuilt.KeysOf(r.doc);
      rebuilt.Remove(r.doc, keys);
      changed.insert(changed.end(), keys.begin(), keys.end());
    }
    return changed;
  };
  // Postings of the old index the new one no longer has (of the documents
  // read above; those stored later are in both).
  uint64_t removed = 0;
  {
    const auto lock = ReadLock();
    (void)drop_deleted();
    index_.ForEach([&](std::string_view key, const PostingList& old_list) {
      const PostingList* now = rebuilt.FindKey(key);
      PostingList::Cursor a = old_list.cursor();
      PostingList::Cursor b =
          now == nullptr ? PostingList::Cursor() : now->cursor();
      for (DocNum d = a.Next(); d != kNoDoc && d < start_limit; d = a.Next()) {
        if (b.SkipTo(d) != d) ++removed;
      }
    });
  }

  // The new segment takes the next id, which flushes leave alone until the
  // switch; its keys are dead (outside the live range) until then.
  std::unique_lock writer(write_mu_);
  DrainIndexer();  // Its flushes read and write what follows.
  // Keys a failed flush left under the id are not the new segment's.
  RETURN_IF_ERROR(ClearFailedSegment());
  const uint32_t segment = next_segment_;
  reindex_segment_ = true;
  rewritten_.clear();
  writer.unlock();
  // A failure gives the id back, without the keys written under it: the
  // next segment of that id must not inherit them.
  bool switched = false;
  struct Release {
    Store* store;
    std::unique_lock<std::mutex>* writer;
    uint32_t segment;
    const bool* switched;
    ~Release() {
      if (*switched) return;
      if (!writer->owns_lock()) writer->lock();
      store->DrainIndexer();
      (void)store->RemoveSegments(segment, segment + 2);
      store->reindex_segment_ = false;
      store->rewritten_.clear();
    }
  } release{this, &writer, segment, &switched};

  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  rocksdb::WriteBatch batch;
  auto flush = [&]() -> Status {
    if (batch.Count() == 0) return Status::OK();
    Status s = FromRocks(db_->Write(wo, &batch), "reindex write");
    batch.Clear();
    return s;
  };
  // The new lengths (and snippet text) of a document, from its current
  // metadata and stored article: Put and Delete rewrite both meanwhile
  // (superseded, cluster), so the switch writes again the ones they touched.
  auto write_doc = [&](const Rebuilt& r) -> Status {
    const std::string& doc_id = doc_ids_[r.doc];
    if (r.removed || doc_id.empty()) return Status::OK();
    DocMeta meta = metas_[r.doc];
    meta.title_length = r.length[0];
    meta.body_length = r.length[1];
    if (r.body) {
      ASSIGN_OR_RETURN(std::string stored,
                       StoredWithBody(rocksdb::ReadOptions(), doc_id, *r.body));
      batch.Put(documents_, doc_id, stored);
    }
    batch.Put(doc_meta_, doc_id, EncodeDocMeta(meta));
    return Status::OK();
  };

  // Without the writer mutex: the segment, then the documents' lengths.
  RETURN_IF_ERROR(WriteSegment(rebuilt, segment));
  for (size_t i = 0; i < rebuilt_docs.size(); i += kReindexBatchDocs) {
    {
      const auto lock = ReadLock();
      const size_t end = std::min(rebuilt_docs.size(), i + kReindexBatchDocs);
      for (size_t k = i; k < end; ++k)
        RETURN_IF_ERROR(write_doc(rebuilt_docs[k]));
    }
    RETURN_IF_ERROR(flush());
  }
  if (control.after_write) control.after_write();

  // The switch: no Put or Delete runs from here on.
  writer.lock();
  DrainIndexer();
  const size_t read_before = rebuilt_docs.size();
  // Lists that lost a document deleted meanwhile, rewritten in the segment.
  std::vector<std::string> changed = drop_deleted();
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  for (const std::string& key : changed) {
    const PostingList* list = rebuilt.FindKey(key);
    if (list == nullptr) {
      batch.Delete(segments_, SegmentKey(key, segment));
    } else {
      batch.Put(segments_, SegmentKey(key, segment), list->EncodeBlob());
    }
  }
  // The documents stored meanwhile: one more segment, then the new index.
  InvertedIndex stored_since;
  for (DocNum d = start_limit; d < doc_limit(); ++d) {
    if (!doc_ids_[d].empty())
      RETURN_IF_ERROR(index_doc(&stored_since, d, doc_ids_[d]));
  }
  RETURN_IF_ERROR(WriteSegment(stored_since, segment + 1));
  bool appended = true;
  stored_since.ForEach([&](std::string_view key, const PostingList& list) {
    appended = rebuilt.AppendBlob(key, list.EncodeBlob()) && appended;
  });
  if (!appended)
    return Status::Internal("reindex: document numbers out of order");
  for (size_t i = read_before; i < rebuilt_docs.size(); ++i)
    RETURN_IF_ERROR(write_doc(rebuilt_docs[i]));
  std::sort(rewritten_.begin(), rewritten_.end());
  rewritten_.erase(std::unique(rewritten_.begin(), rewritten_.end()),
                   rewritten_.end());
  for (DocNum d : rewritten_) {
    auto it = std::lower_bound(
        rebuilt_docs.begin(), rebuilt_docs.begin() + read_before, d,
        [](const Rebuilt& r, DocNum n) { return r.doc < n; });
    if (it != rebuilt_docs.begin() + read_before && it->doc == d)
      RETURN_IF_ERROR(write_doc(*it));
  }
  PutLiveSegments(&batch, segment, segment + 2);
  RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "switch segments"));
  switched = true;
  reindex_segment_ = false;
  rewritten_.clear();
  const uint32_t old_first = first_segment_;

  const uint64_t written = rebuilt.postings();
  const size_t terms = rebuilt.terms();
  size_t documents = 0;
  {
    const auto lock = LockMemory();
    first_segment_ = segment;
    next_segment_ = segment + 2;
    flushed_ = doc_limit();
    pending_docs_ = 0;
    index_ = std::move(rebuilt);
    for (const Rebuilt& r : rebuilt_docs) {
      if (r.removed || doc_ids_[r.doc].empty()) continue;
      ++documents;
      metas_[r.doc].title_length = r.length[0];
      metas_[r.doc].body_length = r.length[1];
      SyncRank(r.doc);
    }
    // Sums over every document (one whose stored article could not be read
    // keeps its old figures), as Load() computes them.
    corpus_ = CorpusStats();
    for (DocNum d = 0; d < doc_limit(); ++d) {
      if (doc_ids_[d].empty()) continue;
      ++corpus_.documents;
      corpus_.superseded += metas_[d].superseded ? 1 : 0;
      corpus_.title_length += metas_[d].title_length;
      corpus_.body_length += metas_[d].body_length;
    }
  }
  writer.unlock();
  // The old segments are dead now; removing their keys needs no lock
  // (flushes write ids from segment + 2 on).
  RETURN_IF_ERROR(RemoveSegments(old_first, segment));
  return nlohmann::json{{"documents", documents},
                        {"postings_written", written},
                        {"postings_removed", removed},
                        {"terms", terms}};
}

}  // namespace ink::store
