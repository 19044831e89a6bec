// The index on disk: loading doc_meta, segments and pending records at
// open, writing segments, merging them, and converting the older layout
// of one key per posting.
#include <pthread.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "stages/store/sst_ingest.h"
#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

// Counters of older versions, removed at open (see Load()).
constexpr char kLegacyDocumentsKey[] = "documents";
constexpr char kLegacySupersededKey[] = "superseded";
std::string LegacyLengthKey(Field f) {
  return std::string("length:") + static_cast<char>(f);
}

// The lists of `index` holding documents >= `from`, in key order (a
// table file takes its keys so; the index hands them out in hash order).
// Index keys hold no NUL byte, so this is also the order of their
// segment keys (key + '\0' + segment id).
std::vector<std::pair<std::string_view, const PostingList*>> ListsInKeyOrder(
    const InvertedIndex& index, DocNum from) {
  // Sorted on the keys' first 8 bytes as a big-endian number (zero
  // padded: no key holds a NUL, so a shorter key still sorts first), the
  // rest compared only on a tie: most comparisons are one integer
  // comparison instead of a memcmp call.
  struct Entry {
    uint64_t head;
    std::string_view key;
    const PostingList* list;
  };
  std::vector<Entry> entries;
  index.ForEach([&](std::string_view key, const PostingList& list) {
    if (list.last() == kNoDoc || list.last() < from) return;
    uint64_t head = 0;
    for (size_t i = 0; i < 8; ++i) {
      head = (head << 8) |
             (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
    }
    entries.push_back({head, key, &list});
  });
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.head != b.head) return a.head < b.head;
    return a.key < b.key;
  });
  std::vector<std::pair<std::string_view, const PostingList*>> lists;
  lists.reserve(entries.size());
  for (const Entry& e : entries) lists.emplace_back(e.key, e.list);
  return lists;
}

// A document's terms whose buffers grew past this are not kept for reuse
// in the indexing queue (which holds IndexQueue's capacity of them).
constexpr size_t kMaxKeptTermsBytes = 64 << 10;

}  // namespace

Status Store::Load() {
  // The corpus figures are sums over doc_meta, computed here rather than
  // kept in counters that every Put would have to update. The stored
  // sequence is a floor only Delete raises (so numbers are never reused);
  // Put's numbers are in doc_meta.
  corpus_ = CorpusStats();
  sequence_ = ReadCounter(kSequenceKey);
  flushed_ = static_cast<DocNum>(ReadCounter(kFlushedKey));
  {
    std::string value;
    if (db_->Get(rocksdb::ReadOptions(), meta_, kSegmentsKey, &value).ok() &&
        value.size() == 16) {
      uint64_t first = 0, next = 0;
      DecodeFixed64(std::string_view(value).substr(0, 8), &first);
      DecodeFixed64(std::string_view(value).substr(8), &next);
      first_segment_ = static_cast<uint32_t>(first);
      next_segment_ = static_cast<uint32_t>(next);
    }
  }
  // One snapshot, so that a reader opening while the daemon writes sees
  // one state of doc_meta, segments and pending.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  Status status = Status::OK();
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, doc_meta_));
    for (it->SeekToFirst(); it->Valid() && status.ok(); it->Next()) {
      DocMeta m;
      if (!DecodeDocMeta(it->value().ToStringView(), &m)) {
        status = Status::Corruption("metadata of " + it->key().ToString());
        break;
      }
      ++corpus_.documents;
      corpus_.superseded += m.superseded ? 1 : 0;
      corpus_.title_length += m.title_length;
      corpus_.body_length += m.body_length;
      sequence_ = std::max(sequence_, m.sequence);
      if (m.sequence > 0 && m.sequence < kNoDoc) {
        SetMeta(static_cast<DocNum>(m.sequence - 1), it->key().ToStringView(),
                m);
      } else {
        // Stored before numbers: ConvertOldPostings() gives it one.
        unnumbered_docs_ = true;
      }
    }
    if (status.ok()) status = FromRocks(it->status(), "load doc_meta");
  }
  // Keys of dead segments and of the counters of older versions (now
  // computed from doc_meta), removed read-write; and the fixes of
  // LoadUnflushed().
  rocksdb::WriteBatch dead;
  for (const std::string& key :
       {std::string(kLegacyDocumentsKey), std::string(kLegacySupersededKey),
        LegacyLengthKey(Field::kTitle), LegacyLengthKey(Field::kBody)})
    dead.Delete(meta_, key);
  if (status.ok()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, segments_));
    for (it->SeekToFirst(); it->Valid() && status.ok(); it->Next()) {
      std::string_view key;
      uint32_t segment = 0;
      if (!ParseSegmentKey(it->key().ToStringView(), &key, &segment)) continue;
      if (segment < first_segment_ || segment >= next_segment_) {
        dead.Delete(segments_, it->key());
        continue;
      }
      // A malformed blob is left out; Verify() reports it.
      (void)index_.AppendBlob(key, it->value().ToStringView());
    }
    if (status.ok()) status = FromRocks(it->status(), "load segments");
  }
  if (status.ok()) status = LoadUnflushed(ro, &dead);
  db_->ReleaseSnapshot(snapshot);
  if (status.ok() && !read_only_)
    status = FromRocks(db_->Write(rocksdb::WriteOptions(), &dead),
                       "remove dead segments");
  return status;
}

Status Store::LoadUnflushed(const rocksdb::ReadOptions& ro,
                            rocksdb::WriteBatch* fixes) {
  DocTerms terms;
  // The live documents from `next` up to `end` lack a pending record:
  // their stored text is segmented again. Without a segmenter they stay
  // out of the index (Verify() reports them) until a store with one opens.
  DocNum next = flushed_;
  auto segment_until = [&](DocNum end) -> Status {
    for (; next < end && next < doc_limit(); ++next) {
      if (doc_ids_[next].empty() || segmenter_ == nullptr) continue;
      std::optional<std::string> body;
      Status s = SegmentStored(ro, doc_ids_[next], &terms, &body);
      if (s.IsNotFound()) continue;
      RETURN_IF_ERROR(s);
      (void)index_.Add(next, terms);
      ++pending_docs_;
      ++resegmented_docs_;
      // The same segmenter gives the same terms; a changed one (a new
      // dictionary) changes lengths and snippet text, kept as Reindex()
      // keeps them.
      DocMeta& m = metas_[next];
      if (m.title_length == terms.length[0] &&
          m.body_length == terms.length[1] && !body) {
        continue;
      }
      corpus_.title_length =
          corpus_.title_length + terms.length[0] - m.title_length;
      corpus_.body_length =
          corpus_.body_length + terms.length[1] - m.body_length;
      m.title_length = terms.length[0];
      m.body_length = terms.length[1];
      SyncRank(next);
      fixes->Put(doc_meta_, doc_ids_[next], EncodeDocMeta(m));
      if (body) {
        ASSIGN_OR_RETURN(std::string stored,
                         StoredWithBody(ro, doc_ids_[next], *body));
        fixes->Put(documents_, doc_ids_[next], stored);
      }
    }
    return Status::OK();
  };
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, pending_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 4 ||
        !DecodeDocTerms(it->value().ToStringView(), &terms)) {
      continue;  // Verify() reports it.
    }
    const DocNum doc = GetBigEndian32(it->key().ToStringView());
    RETURN_IF_ERROR(segment_until(doc));
    // Records come in number order; the document then has its postings.
    (void)index_.Add(doc, terms);
    ++pending_docs_;
    next = std::max(next, doc + 1);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "load pending"));
  RETURN_IF_ERROR(segment_until(doc_limit()));
  indexed_limit_ = doc_limit();
  return Status::OK();
}

Status Store::FlushSegment() {
  if (read_only_) return Status::Unavailable("store is open read-only");
  std::lock_guard writer(write_mu_);
  DrainIndexer();
  return FlushSegmentLocked();
}

void Store::StartIndexer() {
  indexer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "ink-indexer");  // For top -H, perf.
    RunIndexer();
  });
}

void Store::RunIndexer() {
  IndexItem item;
  const uint32_t segment_docs = std::max<uint32_t>(options_.segment_docs, 1);
  while (index_queue_.Pop(&item)) {
    {
      // The postings and what queries read of the document, at once.
      std::unique_lock lock = LockBriefly(memory_mu_);
      const DocNum number = item.number;
      if (index_.Add(number, item.terms)) {
        ++pending_docs_;
        indexed_limit_ = number + 1;
      } else if (index_error_.ok()) {
        // A broken invariant: no more Puts, and no segment that would
        // mark the document flushed without its postings. A restart
        // indexes the documents from the last segment on again.
        index_error_ =
            Status::Internal("document number " + std::to_string(number) +
                             " is not the largest indexed");
        index_failed_.store(true, std::memory_order_release);
      }
      SetRank(number, item.rank);
      for (const auto& [doc, rank] : item.reranked) SetRank(doc, rank);
      ++corpus_.documents;
      corpus_.superseded += item.superseded_change;
      corpus_.title_length += item.rank.length[0];
      corpus_.body_length += item.rank.length[1];
    }
    index_queue_.Indexed();
    // The queue's slots keep the buffers of the documents that pass
    // through; those of a huge one are let go rather than kept.
    if (item.terms.buffer_bytes() > kMaxKeptTermsBytes) item = IndexItem();
    // The documents are stored either way; their postings stay pending,
    // and a failed write makes the next Put resume the database first.
    if (pending_docs_ >= segment_docs &&
        !index_failed_.load(std::memory_order_relaxed) &&
        !FlushSegmentLocked().ok()) {
      flush_failed_.store(true, std::memory_order_release);
    }
    index_queue_.Idle();
  }
}

Status Store::FlushSegmentLocked() {
  if (pending_docs_ == 0 && flushed_ == indexed_limit_) return Status::OK();
  // A reindex is writing its segment at next_segment_: the postings stay
  // pending (they are durable there) and its switch takes them.
  if (reindex_segment_) return Status::OK();
  const uint32_t segment = next_segment_;
  RETURN_IF_ERROR(ClearFailedSegment());
  // The segment's keys first, in a table file: dead (>= next) until the
  // batch below names the segment, so a crash in between leaves keys that
  // Load() removes, and the postings stay pending. The file is not
  // compressed: background compaction soon merges the segments of
  // flushes (and compresses them).
  Status s = IngestSegment(index_, segment, flushed_, /*compress=*/false);
  rocksdb::WriteBatch batch;
  PutLiveSegments(&batch, first_segment_, segment + 1);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  if (s.ok()) s = FromRocks(db_->Write(wo, &batch), "write segment");
  if (!s.ok()) {
    failed_segment_ = true;
    return s;
  }
  std::unique_lock lock(memory_mu_);  // Verify() and Stats() read these.
  next_segment_ = segment + 1;
  flushed_ = indexed_limit_;
  pending_docs_ = 0;
  return Status::OK();
}

Status Store::IngestSegment(const InvertedIndex& index, uint32_t segment,
                            DocNum from, bool compress) {
  ASSIGN_OR_RETURN(
      std::unique_ptr<SstIngest> file,
      SstIngest::Open(db_.get(), segments_, options_.path, compress));
  std::string key;
  for (const auto& [index_key, list] : ListsInKeyOrder(index, from)) {
    key.assign(index_key);
    key.push_back('\0');
    PutBigEndian32(&key, segment);
    RETURN_IF_ERROR(file->Put(key, list->EncodeBlob(from)));
  }
  return file->Ingest();
}

Status Store::WriteSegment(const InvertedIndex& index, uint32_t segment) {
  // A whole index, which may stay as it is for long: compressed.
  return IngestSegment(index, segment, 0, /*compress=*/true);
}

Status Store::ClearFailedSegment() {
  if (!failed_segment_) return Status::OK();
  RETURN_IF_ERROR(RemoveSegments(next_segment_, next_segment_ + 1));
  failed_segment_ = false;
  return Status::OK();
}

Status Store::RemoveSegments(uint32_t first, uint32_t end) {
  if (first >= end) return Status::OK();
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  rocksdb::WriteBatch dead;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), segments_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key;
    uint32_t id = 0;
    if (ParseSegmentKey(it->key().ToStringView(), &key, &id) && id >= first &&
        id < end) {
      dead.Delete(segments_, it->key());
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scan segments"));
  return FromRocks(db_->Write(wo, &dead), "remove segments");
}

void Store::PutLiveSegments(rocksdb::WriteBatch* batch, uint32_t first,
                            uint32_t end) const {
  std::string live;
  PutFixed64(&live, first);
  PutFixed64(&live, end);
  batch->Put(meta_, kSegmentsKey, live);
  // Documents the indexing thread has not indexed yet keep their pending
  // records (a store without a segmenter writes them).
  batch->Put(meta_, kFlushedKey, Fixed64(indexed_limit_));
  batch->DeleteRange(pending_, PendingKey(0), PendingKey(indexed_limit_));
}

Status Store::WriteMergedSegment(const InvertedIndex& index,
                                 rocksdb::WriteBatch* final_batch) {
  // The new segment is dead (>= next) until the final batch makes it the
  // only live one; a crash before that leaves keys Load() removes.
  const uint32_t segment = next_segment_;
  RETURN_IF_ERROR(ClearFailedSegment());
  Status s = WriteSegment(index, segment);
  PutLiveSegments(final_batch, segment, segment + 1);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  if (s.ok()) s = FromRocks(db_->Write(wo, final_batch), "switch segments");
  if (!s.ok()) {
    failed_segment_ = true;
    return s;
  }
  const uint32_t old_first = first_segment_;
  {
    std::unique_lock lock(memory_mu_);  // Verify() and Stats() read these.
    first_segment_ = segment;
    next_segment_ = segment + 1;
    // doc_ids_ is meta_mu_'s, but its size is steady here: the callers
    // (Compact, and the conversion at open) keep Puts out with write_mu_.
    flushed_ = doc_limit();
    pending_docs_ = 0;
  }
  return RemoveSegments(old_first, segment);
}

Status Store::ConvertOldPostings() {
  // Documents without a number (stored before numbers existed).
  rocksdb::WriteBatch batch;
  if (unnumbered_docs_) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), doc_meta_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      DocMeta m;
      if (!DecodeDocMeta(it->value().ToStringView(), &m) || m.sequence != 0)
        continue;
      m.sequence = ++sequence_;
      batch.Put(doc_meta_, it->key(), EncodeDocMeta(m));
      SetMeta(static_cast<DocNum>(m.sequence - 1), it->key().ToStringView(), m);
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan doc_meta"));
    batch.Put(meta_, kSequenceKey, Fixed64(sequence_));
    unnumbered_docs_ = false;
  }
  // One key per posting: field byte + term + '\0' + doc_id.
  std::map<DocNum, DocTerms> docs;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), postings_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key = it->key().ToStringView();
      const size_t sep = key.find('\0');
      std::vector<uint32_t> positions;
      if (sep == std::string_view::npos || key.size() < 2 ||
          !DecodePostingValue(it->value().ToStringView(), &positions) ||
          positions.empty())
        continue;
      std::optional<DocNum> doc = Number(key.substr(sep + 1));
      if (!doc) continue;
      const int slot = key[0] == static_cast<char>(Field::kTitle) ? 0 : 1;
      docs[*doc].Add(slot, key.substr(1, sep - 1), positions);
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan old postings"));
  }
  if (docs.empty() && batch.Count() == 0) return Status::OK();
  RETURN_IF_ERROR(FromRocks(db_->Write(rocksdb::WriteOptions(), &batch),
                            "number old documents"));
  batch.Clear();
  for (const auto& [doc, terms] : docs) {
    if (!index_.Add(doc, terms))
      return Status::Corruption("old postings of document number " +
                                std::to_string(doc) + " are out of order");
  }
  batch.DeleteRange(postings_, "", kKeysEnd);
  batch.DeleteRange(term_stats_, "", kKeysEnd);
  // The numbered documents are in index_ now: the merged segment's flushed
  // mark covers them.
  indexed_limit_ = doc_limit();
  return WriteMergedSegment(index_, &batch);
}

}  // namespace ink::store
