#include "stages/store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "common/hash.h"

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

constexpr char kDocumentsKey[] = "documents";
constexpr char kSupersededKey[] = "superseded";
constexpr char kSequenceKey[] = "sequence";
constexpr char kSegmentsKey[] = "segments";
constexpr char kFlushedKey[] = "flushed";
std::string LengthKey(Field f) {
  return std::string("length:") + static_cast<char>(f);
}

constexpr char kDocMetaVersion1 = 1;
constexpr char kDocMetaVersion = 2;  // Adds language and cluster.
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

std::string Fixed64(uint64_t v) {
  std::string s;
  PutFixed64(&s, v);
  return s;
}

// A decrement for the add operator: the two's complement wraps around.
std::string Minus64(uint64_t v) { return Fixed64(~v + 1); }

std::string ClusterOf(std::string_view doc_id, const DocMeta& m) {
  return m.cluster.empty() ? std::string(doc_id) : m.cluster;
}

// Near-duplicate candidates read per simhash band or body hash.
constexpr size_t kMaxNearMatchesPerKey = 32;
// Documents are written in batches of this many during a reindex.
constexpr size_t kReindexBatchDocs = 256;
// Verify reports at most this many problems in detail.
constexpr size_t kMaxProblems = 50;

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::OK();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsIOError() || s.IsNoSpace()) return Status::IOError(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut())
    return Status::Unavailable(msg);
  return Status::Internal(msg);
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// "YYYY-MM-DD" from an ISO 8601 date, or empty when it does not start so.
std::string DatePart(std::string_view iso) {
  if (iso.size() < 10) return {};
  for (size_t i = 0; i < 10; ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(iso[i])) != 0;
    if ((i == 4 || i == 7) ? iso[i] != '-' : !digit) return {};
  }
  return std::string(iso.substr(0, 10));
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string EncodeVersions(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) PutLengthPrefixed(&out, id);
  return out;
}

bool DecodeVersions(std::string_view in, std::vector<std::string>* ids) {
  ids->clear();
  while (!in.empty()) {
    std::string_view id;
    if (!GetLengthPrefixed(&in, &id)) return false;
    ids->emplace_back(id);
  }
  return true;
}

void PutBigEndian32(std::string* dst, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    dst->push_back(static_cast<char>((v >> shift) & 0xFF));
}

uint32_t GetBigEndian32(std::string_view in) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i)
    v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

// pending key: the document number, big-endian so keys sort by number.
std::string PendingKey(DocNum doc) {
  std::string k;
  PutBigEndian32(&k, doc);
  return k;
}

// segments key: IndexKey + '\0' + segment id (big-endian).
std::string SegmentKey(std::string_view index_key, uint32_t segment) {
  std::string k(index_key);
  k.push_back('\0');
  PutBigEndian32(&k, segment);
  return k;
}

// Splits a segments key; false when malformed.
bool ParseSegmentKey(std::string_view key, std::string_view* index_key,
                     uint32_t* segment) {
  if (key.size() < 6 || key[key.size() - 5] != '\0') return false;
  *index_key = key.substr(0, key.size() - 5);
  *segment = GetBigEndian32(key.substr(key.size() - 4));
  return true;
}

// A key after every key of the segments and postings column families
// (they start with a field byte) and of pending (4-byte keys).
const std::string kKeysEnd(6, '\xff');

// Documents and metadata are read by key; posting blobs are read only at
// open. Both compress well: Chinese text and varints.
constexpr size_t kSegmentBatchBytes = 8 << 20;

// The stored form of a document: its body is left out when it is the one
// BodyText() makes from the article (Get() puts it back), which halves
// what most documents weigh.
std::string StoredBytes(v1::StoredDocument doc) {
  if (!doc.body().empty() && doc.body() == segmenter::BodyText(doc.clean()))
    doc.clear_body();
  doc.clear_cluster();  // Filled from doc_meta on reads.
  return doc.SerializeAsString();
}

DocTerms IndexFields(const v1::SegmentedArticle& segmented,
                     std::string* body_text, bool* have_body) {
  DocTerms terms;
  for (const v1::SegmentedField& field : segmented.fields()) {
    if (field.name() == "title") {
      terms.AddField(Field::kTitle, field);
    } else if (field.name() == "body") {
      terms.AddField(Field::kBody, field);
      if (body_text != nullptr) *body_text = field.text();
      if (have_body != nullptr) *have_body = true;
    }
  }
  return terms;
}

}  // namespace

double CorpusStats::AverageLength(Field f) const {
  if (documents == 0) return 0;
  return static_cast<double>(f == Field::kTitle ? title_length : body_length) /
         static_cast<double>(documents);
}

std::string EncodeDocMeta(const DocMeta& m) {
  std::string out(1, kDocMetaVersion);
  PutVarint64(&out, m.title_length);
  PutVarint64(&out, m.body_length);
  PutLengthPrefixed(&out, m.date);
  PutLengthPrefixed(&out, m.source);
  PutLengthPrefixed(&out, m.publisher);
  out.push_back(m.superseded ? 1 : 0);
  PutLengthPrefixed(&out, m.language);
  PutLengthPrefixed(&out, m.cluster);
  PutVarint64(&out, m.sequence);
  return out;
}

// Version 1 (without language and cluster) is still read.
bool DecodeDocMeta(std::string_view in, DocMeta* m) {
  if (in.empty() || (in[0] != kDocMetaVersion && in[0] != kDocMetaVersion1))
    return false;
  const bool v1 = in[0] == kDocMetaVersion1;
  in.remove_prefix(1);
  uint64_t title = 0, body = 0, sequence = 0;
  std::string_view date, source, publisher, language, cluster;
  if (!GetVarint64(&in, &title) || !GetVarint64(&in, &body) ||
      !GetLengthPrefixed(&in, &date) || !GetLengthPrefixed(&in, &source) ||
      !GetLengthPrefixed(&in, &publisher) || in.empty()) {
    return false;
  }
  const bool superseded = in[0] != 0;
  in.remove_prefix(1);
  if (!v1 &&
      (!GetLengthPrefixed(&in, &language) ||
       !GetLengthPrefixed(&in, &cluster) || !GetVarint64(&in, &sequence))) {
    return false;
  }
  if (!in.empty()) return false;
  m->title_length = static_cast<uint32_t>(title);
  m->body_length = static_cast<uint32_t>(body);
  m->date = date;
  m->source = source;
  m->publisher = publisher;
  m->superseded = superseded;
  m->language = language;
  m->cluster = cluster;
  m->sequence = sequence;
  return true;
}

std::vector<std::pair<Tag, std::string>> DocumentTags(
    const v1::CleanArticle& clean, const v1::Enrichment& enrichment) {
  std::set<std::pair<Tag, std::string>> tags;
  auto add = [&tags](Tag tag, std::string_view value) {
    std::string v = NormalizeTagValue(value);
    if (!v.empty()) tags.emplace(tag, std::move(v));
  };
  for (const v1::Entity& e : enrichment.entities()) {
    add(Tag::kEntity, e.normalized());
    add(Tag::kEntity, e.text());
  }
  for (const v1::Keyword& k : enrichment.keywords())
    add(Tag::kKeyword, k.term());
  const std::string& language =
      enrichment.language().empty() ? clean.language() : enrichment.language();
  add(Tag::kLanguage, language);
  add(Tag::kLanguage, language.substr(0, language.find('-')));
  for (const std::string& a : clean.authors()) add(Tag::kAuthor, a);
  return {tags.begin(), tags.end()};
}

int SimHashDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

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
  for (auto* cf : {&plain, &counters}) {
    cf->table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    cf->write_buffer_size = 16 << 20;
    cf->max_write_buffer_number = 4;
    cf->compression = rocksdb::kLZ4Compression;
    cf->bottommost_compression = rocksdb::kZSTD;
    cf->bottommost_compression_opts.level = 6;
    cf->bottommost_compression_opts.enabled = true;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {kDocumentsCf, plain},
      {kPostingsCf, plain},
      {kTermStatsCf, counters},
      {kDocMetaCf, plain},
      {kSourcesCf, plain},
      {kMetaCf, counters},
      {kTagsCf, plain},
      {kFingerprintsCf, plain},
      {kClustersCf, plain},
      {kSegmentsCf, plain},
      {kPendingCf, plain},
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
  RETURN_IF_ERROR(store->Load());
  if (!read_only) RETURN_IF_ERROR(store->ConvertOldPostings());
  return store;
}

Store::Store() = default;

Store::~Store() {
  if (db_ == nullptr) return;
  // The next open then loads segments instead of re-adding pending
  // records; on failure they stay pending, which is as good.
  if (!read_only_ && pending_docs_ > 0) (void)FlushSegment();
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

Status Store::FindNearDuplicates(const v1::Enrichment& e,
                                 std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  if (e.simhash() == 0 && e.body_hash().empty()) return Status::OK();
  // One iterator for the five seeks: creating one costs more than a seek.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), fingerprints_));
  // Calls fn(doc_id, value) for the keys starting with prefix, at most
  // kMaxNearMatchesPerKey accepted (fn returns whether it accepted).
  auto scan = [&](const std::string& prefix, auto fn) {
    size_t matches = 0;
    const rocksdb::Slice p(prefix);
    for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
      std::string_view key = it->key().ToStringView();
      if (fn(key.substr(prefix.size()), it->value().ToStringView()) &&
          ++matches >= kMaxNearMatchesPerKey)
        break;
    }
  };
  if (e.simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band) {
      scan(BandPrefix(band, e.simhash()),
           [&](std::string_view id, std::string_view value) {
             uint64_t other = 0;
             if (!DecodeFixed64(value, &other) ||
                 SimHashDistance(other, e.simhash()) > kMaxSimHashDistance)
               return false;
             doc_ids->emplace_back(id);
             return true;
           });
    }
  }
  if (!e.body_hash().empty()) {
    scan(BodyHashPrefix(e.body_hash()),
         [&](std::string_view id, std::string_view) {
           doc_ids->emplace_back(id);
           return true;
         });
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scan fingerprints"));
  std::sort(doc_ids->begin(), doc_ids->end());
  doc_ids->erase(std::unique(doc_ids->begin(), doc_ids->end()), doc_ids->end());
  return Status::OK();
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

  if (numbers_.count(doc_id)) {
    *duplicate = true;
    return Status::OK();
  }
  if (sequence_ + 1 >= kNoDoc)
    return Status::Unavailable("the store is full (2^32 document numbers)");
  rocksdb::Status s;

  v1::StoredDocument doc;
  doc.set_doc_id(doc_id);
  doc.set_source(env.source());
  doc.set_stored_unix_ms(NowUnixMs());
  *doc.mutable_clean() = env.clean();
  if (env.has_enrichment()) *doc.mutable_enrichment() = env.enrichment();
  *doc.mutable_trace() = env.trace();

  DocMeta meta;
  meta.date = DatePart(env.clean().date());
  meta.source = env.source();
  meta.publisher = env.clean().source();
  meta.language = env.enrichment().language().empty()
                      ? env.clean().language()
                      : env.enrichment().language();
  meta.sequence = sequence_ + 1;

  rocksdb::WriteBatch batch;
  bool have_body_text = false;
  // Snippets are cut from the text the positions refer to.
  const DocTerms terms =
      IndexFields(env.segmented(), doc.mutable_body(), &have_body_text);
  meta.title_length = terms.length[0];
  meta.body_length = terms.length[1];
  const DocNum number = static_cast<DocNum>(meta.sequence - 1);
  // The postings wait here, in the document's batch, for the next segment.
  batch.Put(pending_, PendingKey(number), EncodeDocTerms(terms));
  for (Field f : kFields)
    batch.Merge(meta_, LengthKey(f), Fixed64(meta.length(f)));
  if (!have_body_text) doc.set_body(segmenter::BodyText(env.clean()));
  batch.Merge(meta_, kDocumentsKey, Fixed64(1));
  batch.Merge(meta_, kSequenceKey, Fixed64(1));
  for (const auto& [tag, value] : DocumentTags(env.clean(), env.enrichment()))
    batch.Put(tags_, TagKey(tag, value, doc_id), "");

  // Metadata of other documents this Put changes (a superseded version,
  // members of merged clusters), written once at the end.
  std::map<std::string, DocMeta> touched;
  auto touch = [&](const std::string& id) -> Result<DocMeta*> {
    auto it = touched.find(id);
    if (it != touched.end()) return &it->second;
    ASSIGN_OR_RETURN(DocMeta m, ReadDocMeta(id));
    return &touched.emplace(id, std::move(m)).first->second;
  };

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
      ASSIGN_OR_RETURN(DocMeta * prev_meta, touch(previous));
      prev_doc.set_superseded_by(doc_id);
      batch.Put(documents_, previous, StoredBytes(std::move(prev_doc)));
      if (!prev_meta->superseded) {
        prev_meta->superseded = true;
        batch.Merge(meta_, kSupersededKey, Fixed64(1));
      }
    }
    versions.push_back(doc_id);
    batch.Put(sources_, env.source(), EncodeVersions(versions));
  }
  doc.set_version(versions.empty() ? 1
                                   : static_cast<uint32_t>(versions.size()));

  // Near-duplicates: join (and merge) the clusters of every match; the
  // cluster whose first member was stored first keeps its id.
  std::vector<std::string> near;
  RETURN_IF_ERROR(FindNearDuplicates(env.enrichment(), &near));
  std::set<std::string> clusters;
  // In-memory metadata: a cluster's members are only read and rewritten
  // when two clusters merge.
  auto meta_of = [&](const std::string& id) -> const DocMeta* {
    auto t = touched.find(id);
    if (t != touched.end()) return &t->second;
    std::optional<DocNum> n = Number(id);
    return n ? &metas_[*n] : nullptr;
  };
  for (const std::string& id : near) {
    if (const DocMeta* m = meta_of(id)) clusters.insert(ClusterOf(id, *m));
  }
  std::string cluster = doc_id;
  if (!clusters.empty()) {
    // A cluster's id is its first member; a deleted (or pre-sequence) first
    // member sorts last.
    uint64_t oldest = UINT64_MAX;
    for (const std::string& c : clusters) {
      const DocMeta* first = meta_of(c);
      uint64_t seq = first != nullptr && first->sequence != 0 ? first->sequence
                                                              : UINT64_MAX - 1;
      if (seq < oldest || (seq == oldest && c < cluster)) {
        oldest = seq;
        cluster = c;
      }
    }
    for (const std::string& c : clusters) {
      if (c == cluster) continue;
      std::vector<std::string> members;
      RETURN_IF_ERROR(ReadClusterMembers(c, &members));
      for (const std::string& m : members) {
        ASSIGN_OR_RETURN(DocMeta * member, touch(m));
        member->cluster = cluster;
        batch.Delete(clusters_, ClusterPrefix(c) + m);
        batch.Put(clusters_, ClusterPrefix(cluster) + m, "");
      }
    }
  }
  meta.cluster = cluster;
  batch.Put(clusters_, ClusterPrefix(cluster) + doc_id, "");
  if (env.enrichment().simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band) {
      batch.Put(fingerprints_,
                BandKey(band, env.enrichment().simhash(), doc_id),
                Fixed64(env.enrichment().simhash()));
    }
  }
  if (!env.enrichment().body_hash().empty()) {
    batch.Put(fingerprints_,
              BodyHashPrefix(env.enrichment().body_hash()) + doc_id, "");
  }

  for (const auto& [id, m] : touched)
    batch.Put(doc_meta_, id, EncodeDocMeta(m));
  batch.Put(documents_, doc_id, StoredBytes(doc));
  batch.Put(doc_meta_, doc_id, EncodeDocMeta(meta));

  // After a failed write (disk full) RocksDB refuses writes until resumed;
  // Resume() fails again, cheaply, while the disk is still full.
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
  std::unique_lock lock(memory_mu_);
  ++sequence_;
  int superseded_change = 0;
  for (const auto& [id, m] : touched) {
    auto n = numbers_.find(id);
    if (n == numbers_.end()) continue;
    superseded_change +=
        (m.superseded ? 1 : 0) - (metas_[n->second].superseded ? 1 : 0);
    metas_[n->second] = m;
    SyncRank(n->second);
  }
  SetMeta(number, doc_id, meta);
  if (!index_.Add(number, terms)) {
    return Status::Internal("document number " + std::to_string(number) +
                            " is not the largest indexed");
  }
  ++pending_docs_;
  ++corpus_.documents;
  corpus_.superseded += superseded_change;
  corpus_.title_length += meta.title_length;
  corpus_.body_length += meta.body_length;
  lock.unlock();
  if (pending_docs_ >= std::max<uint32_t>(options_.segment_docs, 1)) {
    // The document is stored either way; its postings stay pending, and a
    // failed write makes the next Put resume the database first.
    if (!FlushSegment().ok()) write_failed_ = true;
  }
  return Status::OK();
}

void Store::SetMeta(DocNum doc, std::string_view doc_id, const DocMeta& meta) {
  if (doc >= doc_ids_.size()) {
    doc_ids_.resize(doc + 1);
    metas_.resize(doc + 1);
    ranks_.resize(doc + 1);
  }
  doc_ids_[doc] = doc_id;
  metas_[doc] = meta;
  SyncRank(doc);
  numbers_[std::string(doc_id)] = doc;
}

void Store::SyncRank(DocNum doc) {
  const DocMeta& m = metas_[doc];
  ranks_[doc] = {
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

Status Store::Delete(std::string_view id, std::string* deleted_id) {
  if (read_only_) return Status::Unavailable("store is open read-only");
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
  for (Field f : kFields)
    batch.Merge(meta_, LengthKey(f), Minus64(meta.length(f)));
  batch.Merge(meta_, kDocumentsKey, Minus64(1));
  if (meta.superseded) batch.Merge(meta_, kSupersededKey, Minus64(1));
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
            batch.Merge(meta_, kSupersededKey, Minus64(1));
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
  std::unique_lock lock(memory_mu_);
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
  std::vector<std::string> problems;
  uint64_t problem_count = 0;
  auto problem = [&](std::string p) {
    ++problem_count;
    if (problems.size() < kMaxProblems) problems.push_back(std::move(p));
  };
  // One snapshot for every scan, so a concurrent Put cannot look like a
  // disagreement.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
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
  // The counters on disk and the figures in memory.
  CorpusStats disk;
  disk.documents = ReadCounter(kDocumentsKey);
  disk.superseded = ReadCounter(kSupersededKey);
  disk.title_length = ReadCounter(LengthKey(Field::kTitle));
  disk.body_length = ReadCounter(LengthKey(Field::kBody));
  for (const auto& [where, c] : {std::pair<std::string, CorpusStats>("", disk),
                                 {"in memory ", corpus_}}) {
    auto counter = [&](const char* name, uint64_t have, uint64_t want) {
      if (have != want)
        problem("counter " + where + name + " is " + std::to_string(have) +
                ", documents say " + std::to_string(want));
    };
    counter("documents", c.documents, documents);
    counter("superseded", c.superseded, superseded);
    counter("length:T", c.title_length, lengths[0]);
    counter("length:B", c.body_length, lengths[1]);
  }

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
  RETURN_IF_ERROR(scan(pending_, [&](std::string_view key, std::string_view v) {
    DocTerms terms;
    if (key.size() != 4 || !DecodeDocTerms(v, &terms)) {
      problem("pending record is malformed");
      return;
    }
    const DocNum doc = GetBigEndian32(key);
    for (int slot = 0; slot < 2; ++slot) {
      for (size_t i = 0; i < terms.size(slot); ++i)
        posting(IndexKey(kFields[slot], terms.term(slot, i)), doc);
    }
  }));
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
  return j;
}

Status Store::Load() {
  corpus_.documents = ReadCounter(kDocumentsKey);
  corpus_.superseded = ReadCounter(kSupersededKey);
  corpus_.title_length = ReadCounter(LengthKey(Field::kTitle));
  corpus_.body_length = ReadCounter(LengthKey(Field::kBody));
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
      } else if (m.sequence > 0 && m.sequence < kNoDoc) {
        SetMeta(static_cast<DocNum>(m.sequence - 1), it->key().ToStringView(),
                m);
      } else {
        // Stored before numbers: ConvertOldPostings() gives it one.
        unnumbered_docs_ = true;
      }
    }
    if (status.ok()) status = FromRocks(it->status(), "load doc_meta");
  }
  rocksdb::WriteBatch dead;  // Keys of dead segments, removed read-write.
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
  if (status.ok()) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, pending_));
    DocTerms terms;
    for (it->SeekToFirst(); it->Valid() && status.ok(); it->Next()) {
      if (it->key().size() != 4 ||
          !DecodeDocTerms(it->value().ToStringView(), &terms)) {
        continue;  // Verify() reports it.
      }
      (void)index_.Add(GetBigEndian32(it->key().ToStringView()), terms);
      ++pending_docs_;
    }
    if (status.ok()) status = FromRocks(it->status(), "load pending");
  }
  db_->ReleaseSnapshot(snapshot);
  if (status.ok() && !read_only_ && dead.Count() > 0)
    status = FromRocks(db_->Write(rocksdb::WriteOptions(), &dead),
                       "remove dead segments");
  return status;
}

Status Store::FlushSegment() {
  if (read_only_) return Status::Unavailable("store is open read-only");
  if (pending_docs_ == 0 && flushed_ == doc_limit()) return Status::OK();
  const uint32_t segment = next_segment_;
  rocksdb::WriteBatch batch;
  index_.ForEach([&](std::string_view key, const PostingList& list) {
    if (list.last() == kNoDoc || list.last() < flushed_) return;
    batch.Put(segments_, SegmentKey(key, segment), list.EncodeBlob(flushed_));
  });
  std::string live;
  PutFixed64(&live, first_segment_);
  PutFixed64(&live, segment + 1);
  batch.Put(meta_, kSegmentsKey, live);
  batch.Put(meta_, kFlushedKey, Fixed64(doc_limit()));
  batch.DeleteRange(pending_, PendingKey(0), kKeysEnd);
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "write segment"));
  next_segment_ = segment + 1;
  flushed_ = doc_limit();
  pending_docs_ = 0;
  return Status::OK();
}

Status Store::WriteMergedSegment(const InvertedIndex& index,
                                 rocksdb::WriteBatch* final_batch) {
  // The new segment is dead (>= next) until the final batch makes it the
  // only live one; a crash before that leaves keys Load() removes.
  const uint32_t segment = next_segment_;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  rocksdb::WriteBatch batch;
  Status status = Status::OK();
  index.ForEach([&](std::string_view key, const PostingList& list) {
    if (!status.ok()) return;
    batch.Put(segments_, SegmentKey(key, segment), list.EncodeBlob());
    if (batch.GetDataSize() >= kSegmentBatchBytes) {
      status = FromRocks(db_->Write(wo, &batch), "write merged segment");
      batch.Clear();
    }
  });
  RETURN_IF_ERROR(status);
  if (batch.Count() > 0)
    RETURN_IF_ERROR(FromRocks(db_->Write(wo, &batch), "write merged segment"));
  std::string live;
  PutFixed64(&live, segment);
  PutFixed64(&live, segment + 1);
  final_batch->Put(meta_, kSegmentsKey, live);
  final_batch->Put(meta_, kFlushedKey, Fixed64(doc_limit()));
  final_batch->DeleteRange(pending_, PendingKey(0), kKeysEnd);
  RETURN_IF_ERROR(FromRocks(db_->Write(wo, final_batch), "switch segments"));
  const uint32_t old_first = first_segment_;
  first_segment_ = segment;
  next_segment_ = segment + 1;
  flushed_ = doc_limit();
  pending_docs_ = 0;
  // The old segments' keys.
  rocksdb::WriteBatch dead;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), segments_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key;
      uint32_t id = 0;
      if (ParseSegmentKey(it->key().ToStringView(), &key, &id) &&
          id >= old_first && id < segment) {
        dead.Delete(segments_, it->key());
      }
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan segments"));
  }
  return FromRocks(db_->Write(wo, &dead), "remove merged segments");
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
      batch.Merge(meta_, kSequenceKey, Fixed64(1));
      SetMeta(static_cast<DocNum>(m.sequence - 1), it->key().ToStringView(), m);
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan doc_meta"));
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
  return WriteMergedSegment(index_, &batch);
}

Status Store::Compact() {
  if (read_only_) return Status::Unavailable("store is open read-only");
  rocksdb::WriteBatch final_batch;
  RETURN_IF_ERROR(WriteMergedSegment(index_, &final_batch));
  rocksdb::CompactRangeOptions o;
  o.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : handles_) {
    RETURN_IF_ERROR(FromRocks(db_->CompactRange(o, h, nullptr, nullptr),
                              "compact " + h->GetName()));
  }
  return Status::OK();
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

Result<nlohmann::json> Store::Reindex() {
  if (read_only_) return Status::Unavailable("store is open read-only");
  if (segmenter_ == nullptr)
    return Status::Unavailable("reindex needs the store's segmenter");
  // The new index is built beside the one serving queries; documents and
  // doc_meta get their new text and lengths in batches; one final write
  // switches the segments.
  InvertedIndex rebuilt;
  std::vector<std::pair<DocNum, DocMeta>> new_metas;
  uint64_t lengths[2] = {0, 0};
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync_writes;
  rocksdb::WriteBatch batch;
  size_t in_batch = 0;
  auto flush = [&]() -> Status {
    if (batch.Count() == 0) return Status::OK();
    Status s = FromRocks(db_->Write(wo, &batch), "reindex write");
    batch.Clear();
    in_batch = 0;
    return s;
  };
  for (DocNum d = 0; d < doc_limit(); ++d) {
    if (doc_ids_[d].empty()) continue;
    const std::string doc_id = doc_ids_[d];
    std::string value;
    RETURN_IF_ERROR(
        FromRocks(db_->Get(rocksdb::ReadOptions(), documents_, doc_id, &value),
                  "read document " + doc_id));
    v1::StoredDocument doc;
    if (!doc.ParseFromString(value))
      return Status::Corruption("document " + doc_id);
    if (doc.body().empty()) doc.set_body(segmenter::BodyText(doc.clean()));
    v1::SegmentedArticle segmented;
    segmenter_->SegmentArticle(doc.clean(), &segmented);
    std::string body;
    bool have_body = false;
    const DocTerms terms = IndexFields(segmented, &body, &have_body);
    if (!rebuilt.Add(d, terms))
      return Status::Internal("reindex: document numbers out of order");
    DocMeta meta = metas_[d];
    meta.title_length = terms.length[0];
    meta.body_length = terms.length[1];
    lengths[0] += meta.title_length;
    lengths[1] += meta.body_length;
    if (have_body && body != doc.body()) {
      doc.set_body(body);
      batch.Put(documents_, doc_id, StoredBytes(doc));
    }
    batch.Put(doc_meta_, doc_id, EncodeDocMeta(meta));
    new_metas.emplace_back(d, std::move(meta));
    if (++in_batch >= kReindexBatchDocs) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());

  // Postings of the old index the new one no longer has.
  uint64_t removed = 0;
  index_.ForEach([&](std::string_view key, const PostingList& old_list) {
    const PostingList* now = rebuilt.FindKey(key);
    PostingList::Cursor a = old_list.cursor();
    PostingList::Cursor b =
        now == nullptr ? PostingList::Cursor() : now->cursor();
    for (DocNum d = a.Next(); d != kNoDoc; d = a.Next()) {
      if (b.SkipTo(d) != d) ++removed;
    }
  });
  const uint64_t written = rebuilt.postings();
  const size_t terms = rebuilt.terms();

  // Counters as absolute values, with the switch to the new segment.
  batch.Put(meta_, LengthKey(Field::kTitle), Fixed64(lengths[0]));
  batch.Put(meta_, LengthKey(Field::kBody), Fixed64(lengths[1]));
  batch.Put(meta_, kDocumentsKey, Fixed64(numbers_.size()));
  uint64_t superseded = 0;
  for (const auto& [d, m] : new_metas) superseded += m.superseded ? 1 : 0;
  batch.Put(meta_, kSupersededKey, Fixed64(superseded));
  RETURN_IF_ERROR(WriteMergedSegment(rebuilt, &batch));
  std::unique_lock lock(memory_mu_);
  index_ = std::move(rebuilt);
  for (auto& [d, m] : new_metas) {
    metas_[d] = std::move(m);
    SyncRank(d);
  }
  corpus_.documents = numbers_.size();
  corpus_.superseded = superseded;
  corpus_.title_length = lengths[0];
  corpus_.body_length = lengths[1];
  return nlohmann::json{{"documents", new_metas.size()},
                        {"postings_written", written},
                        {"postings_removed", removed},
                        {"terms", terms}};
}

nlohmann::json Store::Stats() const {
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
