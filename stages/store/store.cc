#include "stages/store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
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

constexpr char kDocumentsKey[] = "documents";
constexpr char kSupersededKey[] = "superseded";
constexpr char kSequenceKey[] = "sequence";
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

// Terms of one field: norm -> ascending, distinct positions.
struct FieldIndex {
  std::map<std::string, std::vector<uint32_t>> terms;
  uint32_t length = 0;  // Distinct positions holding an indexed term.
};

FieldIndex IndexField(const v1::SegmentedField& field) {
  FieldIndex out;
  std::vector<uint32_t> all_positions;
  for (const v1::Token& t : field.tokens()) {
    // '\0' separates term from doc_id in postings keys.
    if (t.stop() || t.norm().empty() ||
        t.norm().find('\0') != std::string::npos)
      continue;
    out.terms[t.norm()].push_back(t.position());
    all_positions.push_back(t.position());
  }
  for (auto& [term, positions] : out.terms) {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()),
                    positions.end());
  }
  std::sort(all_positions.begin(), all_positions.end());
  out.length = static_cast<uint32_t>(
      std::unique(all_positions.begin(), all_positions.end()) -
      all_positions.begin());
  return out;
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
  // Every posting and document-frequency merge is a memtable insert, and
  // skiplist inserts dominate ingest time. Small memtables keep the
  // skiplists shallow and in cache; flushes are cheap and in the
  // background.
  for (auto* cf : {&plain, &counters}) {
    cf->write_buffer_size = 8 << 20;
    cf->max_write_buffer_number = 4;
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
  store->sequence_ = store->ReadCounter(kSequenceKey);
  return store;
}

Store::Store() = default;

Store::~Store() {
  if (db_ == nullptr) return;
  for (auto* h : handles_)
    db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  handles_.clear();
  db_->Close().PermitUncheckedError();
}

Status Store::ScanPrefix(
    rocksdb::ColumnFamilyHandle* cf, std::string_view prefix,
    const std::function<void(std::string_view, std::string_view)>& fn) const {
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
    fn(key, it->value().ToStringView());
  }
  return FromRocks(it->status(), "scan");
}

Status Store::FindNearDuplicates(const v1::Enrichment& e,
                                 std::vector<std::string>* doc_ids) const {
  std::set<std::string> found;
  if (e.simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band) {
      const std::string prefix = BandPrefix(band, e.simhash());
      RETURN_IF_ERROR(ScanPrefix(
          fingerprints_, prefix,
          [&](std::string_view key, std::string_view value) {
            uint64_t other = 0;
            if (DecodeFixed64(value, &other) &&
                SimHashDistance(other, e.simhash()) <= kMaxSimHashDistance) {
              found.emplace(key.substr(prefix.size()));
            }
          }));
    }
  }
  if (!e.body_hash().empty()) {
    const std::string prefix = BodyHashPrefix(e.body_hash());
    RETURN_IF_ERROR(ScanPrefix(fingerprints_, prefix,
                               [&](std::string_view key, std::string_view) {
                                 found.emplace(key.substr(prefix.size()));
                               }));
  }
  doc_ids->assign(found.begin(), found.end());
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

  std::string existing;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), documents_, doc_id, &existing);
  if (s.ok()) {
    *duplicate = true;
    return Status::OK();
  }
  if (!s.IsNotFound()) return FromRocks(s, "read document " + doc_id);

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
  for (const v1::SegmentedField& field : env.segmented().fields()) {
    Field f;
    if (field.name() == "title") {
      f = Field::kTitle;
    } else if (field.name() == "body") {
      f = Field::kBody;
      // Snippets are cut from the text the positions refer to.
      doc.set_body(field.text());
      have_body_text = true;
    } else {
      continue;
    }
    FieldIndex index = IndexField(field);
    (f == Field::kTitle ? meta.title_length : meta.body_length) = index.length;
    for (const auto& [term, positions] : index.terms) {
      batch.Put(postings_, PostingsKey(f, term, doc_id),
                EncodePostingValue(positions));
      batch.Merge(term_stats_, TermKey(f, term), Fixed64(1));
    }
    batch.Merge(meta_, LengthKey(f), Fixed64(index.length));
  }
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
      batch.Put(documents_, previous, prev_doc.SerializeAsString());
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
  for (const std::string& id : near) {
    ASSIGN_OR_RETURN(DocMeta * m, touch(id));
    clusters.insert(ClusterOf(id, *m));
  }
  std::string cluster = doc_id;
  if (!clusters.empty()) {
    // A cluster's id is its first member; a deleted (or pre-sequence) first
    // member sorts last.
    uint64_t oldest = UINT64_MAX;
    for (const std::string& c : clusters) {
      Result<DocMeta*> first = touch(c);
      uint64_t seq = first.ok() && (*first)->sequence != 0 ? (*first)->sequence
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
  batch.Put(documents_, doc_id, doc.SerializeAsString());
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
  if (written.ok()) ++sequence_;
  return written;
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

CorpusStats Store::ReadCorpusStats() const {
  CorpusStats c;
  c.documents = ReadCounter(kDocumentsKey);
  c.superseded = ReadCounter(kSupersededKey);
  c.title_length = ReadCounter(LengthKey(Field::kTitle));
  c.body_length = ReadCounter(LengthKey(Field::kBody));
  return c;
}

uint64_t Store::DocumentFrequency(Field field, std::string_view term) const {
  std::string value;
  uint64_t v = 0;
  if (db_->Get(rocksdb::ReadOptions(), term_stats_, TermKey(field, term),
               &value)
          .ok()) {
    DecodeFixed64(value, &v);
  }
  return v;
}

Status Store::ReadPostings(Field field, std::string_view term,
                           std::vector<Posting>* out) const {
  out->clear();
  const std::string prefix = PostingsPrefix(field, term);
  std::string upper = prefix;
  upper.back() = '\1';  // The next key after every "prefix + doc_id".
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, postings_));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    Posting p;
    p.doc_id = it->key().ToString().substr(prefix.size());
    if (!DecodePostingValue(it->value().ToStringView(), &p.positions)) {
      return Status::Corruption("posting of " + std::string(term) + " in " +
                                p.doc_id);
    }
    out->push_back(std::move(p));
  }
  return FromRocks(it->status(), "read postings");
}

Result<DocMeta> Store::ReadDocMeta(std::string_view doc_id) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), doc_meta_,
               rocksdb::Slice(doc_id.data(), doc_id.size()), &value);
  if (!s.ok()) return FromRocks(s, "metadata of " + std::string(doc_id));
  DocMeta meta;
  if (!DecodeDocMeta(value, &meta)) {
    return Status::Corruption("metadata of " + std::string(doc_id));
  }
  return meta;
}

Status Store::ForEachDocMeta(
    const std::function<bool(std::string_view, const DocMeta&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), doc_meta_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    DocMeta meta;
    if (!DecodeDocMeta(it->value().ToStringView(), &meta)) {
      return Status::Corruption("metadata of " + it->key().ToString());
    }
    if (!fn(it->key().ToStringView(), meta)) break;
  }
  return FromRocks(it->status(), "scan metadata");
}

Status Store::ReadTagDocs(Tag tag, std::string_view value,
                          std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  const std::string prefix = TagPrefix(tag, NormalizeTagValue(value));
  return ScanPrefix(tags_, prefix, [&](std::string_view key, std::string_view) {
    doc_ids->emplace_back(key.substr(prefix.size()));
  });
}

Status Store::ReadClusterMembers(std::string_view cluster,
                                 std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  const std::string prefix = ClusterPrefix(cluster);
  return ScanPrefix(clusters_, prefix,
                    [&](std::string_view key, std::string_view) {
                      doc_ids->emplace_back(key.substr(prefix.size()));
                    });
}

Status Store::Delete(std::string_view id, std::string* deleted_id) {
  if (read_only_) return Status::Unavailable("store is open read-only");
  ASSIGN_OR_RETURN(v1::StoredDocument doc, Get(id));
  const std::string doc_id = doc.doc_id();
  *deleted_id = doc_id;
  ASSIGN_OR_RETURN(DocMeta meta, ReadDocMeta(doc_id));

  rocksdb::WriteBatch batch;
  // Postings: keys end in '\0' + doc_id, and terms hold no '\0'.
  const std::string suffix = std::string(1, '\0') + doc_id;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), postings_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key = it->key().ToStringView();
      if (key.size() <= suffix.size() ||
          key.substr(key.size() - suffix.size()) != suffix)
        continue;
      std::string_view term_key = key.substr(0, key.size() - suffix.size());
      if (term_key.find('\0') != std::string_view::npos) continue;
      batch.Delete(postings_, it->key());
      batch.Merge(term_stats_, rocksdb::Slice(term_key.data(), term_key.size()),
                  Minus64(1));
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan postings"));
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
            batch.Put(documents_, prev, p->SerializeAsString());
          }
          Result<DocMeta> pm = ReadDocMeta(prev);
          if (was_current && pm.ok() && pm->superseded) {
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
  return FromRocks(db_->Write(wo, &batch), "delete document " + doc_id);
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
  const CorpusStats c = ReadCorpusStats();
  auto counter = [&](const char* name, uint64_t have, uint64_t want) {
    if (have != want)
      problem(std::string("counter ") + name + " is " + std::to_string(have) +
              ", documents say " + std::to_string(want));
  };
  counter("documents", c.documents, documents);
  counter("superseded", c.superseded, superseded);
  counter("length:T", c.title_length, lengths[0]);
  counter("length:B", c.body_length, lengths[1]);

  // Postings against document frequencies.
  std::unordered_map<std::string, uint64_t> df;
  uint64_t postings = 0;
  RETURN_IF_ERROR(
      scan(postings_, [&](std::string_view key, std::string_view v) {
        ++postings;
        size_t sep = key.find('\0');
        if (sep == std::string_view::npos) {
          problem("postings key without doc_id");
          return;
        }
        std::string_view doc_id = key.substr(sep + 1);
        std::vector<uint32_t> positions;
        if (!cluster_of.count(std::string(doc_id)))
          problem("posting of " + std::string(key.substr(1, sep - 1)) +
                  " names missing document " + std::string(doc_id));
        if (!DecodePostingValue(v, &positions) || positions.empty())
          problem("posting of " + std::string(key.substr(1, sep - 1)) + " in " +
                  std::string(doc_id) + " is malformed");
        ++df[std::string(key.substr(0, sep))];
      }));
  uint64_t terms = 0;
  RETURN_IF_ERROR(scan(term_stats_, [&](std::string_view key,
                                        std::string_view v) {
    uint64_t have = 0;
    DecodeFixed64(v, &have);
    auto it = df.find(std::string(key));
    uint64_t want = it == df.end() ? 0 : it->second;
    if (have != want)
      problem("document frequency of " + std::string(key.substr(1)) + " is " +
              std::to_string(have) + ", postings say " + std::to_string(want));
    if (it != df.end()) {
      df.erase(it);
      ++terms;
    }
  }));
  for (const auto& [key, n] : df)
    problem("term " + key.substr(1) + " has " + std::to_string(n) +
            " postings and no document frequency");

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

Status Store::Compact() {
  if (read_only_) return Status::Unavailable("store is open read-only");
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
  std::unordered_map<std::string, uint64_t> df;  // TermKey -> frequency.
  std::vector<uint64_t> keep;                    // Hash64 of live postings.
  uint64_t documents = 0, superseded = 0, lengths[2] = {0, 0};
  uint64_t written = 0, removed = 0;
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
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), documents_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      v1::StoredDocument doc;
      const std::string doc_id = it->key().ToString();
      if (!doc.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
        return Status::Corruption("document " + doc_id);
      }
      Result<DocMeta> meta = ReadDocMeta(doc_id);
      if (!meta.ok()) return meta.status();
      v1::SegmentedArticle segmented;
      segmenter_->SegmentArticle(doc.clean(), &segmented);
      for (const v1::SegmentedField& field : segmented.fields()) {
        Field f;
        if (field.name() == "title") {
          f = Field::kTitle;
        } else if (field.name() == "body") {
          f = Field::kBody;
        } else {
          continue;
        }
        FieldIndex index = IndexField(field);
        (f == Field::kTitle ? meta->title_length : meta->body_length) =
            index.length;
        for (const auto& [term, positions] : index.terms) {
          std::string key = PostingsKey(f, term, doc_id);
          keep.push_back(Hash64(key));
          batch.Put(postings_, key, EncodePostingValue(positions));
          ++df[TermKey(f, term)];
          ++written;
        }
        if (f == Field::kBody && field.text() != doc.body()) {
          doc.set_body(field.text());
          batch.Put(documents_, doc_id, doc.SerializeAsString());
        }
      }
      ++documents;
      superseded += meta->superseded ? 1 : 0;
      lengths[0] += meta->title_length;
      lengths[1] += meta->body_length;
      batch.Put(doc_meta_, doc_id, EncodeDocMeta(*meta));
      if (++in_batch >= kReindexBatchDocs) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan documents"));
  }
  RETURN_IF_ERROR(flush());

  // Postings the new segmentation no longer produces.
  std::sort(keep.begin(), keep.end());
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), postings_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!std::binary_search(keep.begin(), keep.end(),
                              Hash64(it->key().ToStringView()))) {
        batch.Delete(postings_, it->key());
        ++removed;
        if (batch.Count() >= 4096) RETURN_IF_ERROR(flush());
      }
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan postings"));
  }
  RETURN_IF_ERROR(flush());

  // Statistics as absolute values.
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), term_stats_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!df.count(it->key().ToString())) batch.Delete(term_stats_, it->key());
      if (batch.Count() >= 4096) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "scan term_stats"));
  }
  for (const auto& [key, n] : df) {
    batch.Put(term_stats_, key, Fixed64(n));
    if (batch.Count() >= 4096) RETURN_IF_ERROR(flush());
  }
  batch.Put(meta_, kDocumentsKey, Fixed64(documents));
  batch.Put(meta_, kSupersededKey, Fixed64(superseded));
  batch.Put(meta_, LengthKey(Field::kTitle), Fixed64(lengths[0]));
  batch.Put(meta_, LengthKey(Field::kBody), Fixed64(lengths[1]));
  RETURN_IF_ERROR(flush());
  return nlohmann::json{{"documents", documents},
                        {"postings_written", written},
                        {"postings_removed", removed},
                        {"terms", df.size()}};
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
  uint64_t terms = 0;
  db_->GetIntProperty(term_stats_, "rocksdb.estimate-num-keys", &terms);
  j["terms"] = terms;  // (field, term) pairs; an estimate.
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
