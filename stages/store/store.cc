#include "stages/store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

namespace ink::store {
namespace {

constexpr char kDocumentsCf[] = "documents";
constexpr char kPostingsCf[] = "postings";
constexpr char kTermStatsCf[] = "term_stats";
constexpr char kDocMetaCf[] = "doc_meta";
constexpr char kSourcesCf[] = "sources";
constexpr char kMetaCf[] = "meta";

constexpr char kDocumentsKey[] = "documents";
constexpr char kSupersededKey[] = "superseded";
std::string LengthKey(Field f) {
  return std::string("length:") + static_cast<char>(f);
}

constexpr char kDocMetaVersion = 1;
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
  return out;
}

bool DecodeDocMeta(std::string_view in, DocMeta* m) {
  if (in.empty() || in[0] != kDocMetaVersion) return false;
  in.remove_prefix(1);
  uint64_t title = 0, body = 0;
  std::string_view date, source, publisher;
  if (!GetVarint64(&in, &title) || !GetVarint64(&in, &body) ||
      !GetLengthPrefixed(&in, &date) || !GetLengthPrefixed(&in, &source) ||
      !GetLengthPrefixed(&in, &publisher) || in.size() != 1) {
    return false;
  }
  m->title_length = static_cast<uint32_t>(title);
  m->body_length = static_cast<uint32_t>(body);
  m->date = date;
  m->source = source;
  m->publisher = publisher;
  m->superseded = in[0] != 0;
  return true;
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
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {kDocumentsCf, plain},
      {kPostingsCf, plain},
      {kTermStatsCf, counters},
      {kDocMetaCf, plain},
      {kSourcesCf, plain},
      {kMetaCf, counters},
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

Status Store::Put(const v1::Envelope& env, bool* duplicate) {
  *duplicate = false;
  if (read_only_) return Status::Unavailable("store is open read-only");
  if (env.doc_id().empty())
    return Status::InvalidArgument("envelope has no doc_id");
  if (!env.has_clean()) {
    return Status::InvalidArgument("envelope " + env.doc_id() +
                                   " has no clean article");
  }

  std::string existing;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), documents_, env.doc_id(), &existing);
  if (s.ok()) {
    *duplicate = true;
    return Status::OK();
  }
  if (!s.IsNotFound()) return FromRocks(s, "read document " + env.doc_id());

  v1::StoredDocument doc;
  doc.set_doc_id(env.doc_id());
  doc.set_source(env.source());
  doc.set_stored_unix_ms(NowUnixMs());
  *doc.mutable_clean() = env.clean();
  if (env.has_enrichment()) *doc.mutable_enrichment() = env.enrichment();
  *doc.mutable_trace() = env.trace();

  DocMeta meta;
  meta.date = DatePart(env.clean().date());
  meta.source = env.source();
  meta.publisher = env.clean().source();

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
      batch.Put(postings_, PostingsKey(f, term, env.doc_id()),
                EncodePostingValue(positions));
      batch.Merge(term_stats_, TermKey(f, term), Fixed64(1));
    }
    batch.Merge(meta_, LengthKey(f), Fixed64(index.length));
  }
  if (!have_body_text) doc.set_body(segmenter::BodyText(env.clean()));
  batch.Merge(meta_, kDocumentsKey, Fixed64(1));

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
      std::string prev_doc_bytes, prev_meta_bytes;
      v1::StoredDocument prev_doc;
      DocMeta prev_meta;
      s = db_->Get(rocksdb::ReadOptions(), documents_, previous,
                   &prev_doc_bytes);
      if (s.ok())
        s = db_->Get(rocksdb::ReadOptions(), doc_meta_, previous,
                     &prev_meta_bytes);
      if (!s.ok()) return FromRocks(s, "read previous version " + previous);
      if (!prev_doc.ParseFromString(prev_doc_bytes) ||
          !DecodeDocMeta(prev_meta_bytes, &prev_meta)) {
        return Status::Corruption("previous version " + previous);
      }
      prev_doc.set_superseded_by(env.doc_id());
      batch.Put(documents_, previous, prev_doc.SerializeAsString());
      if (!prev_meta.superseded) {
        prev_meta.superseded = true;
        batch.Put(doc_meta_, previous, EncodeDocMeta(prev_meta));
        batch.Merge(meta_, kSupersededKey, Fixed64(1));
      }
    }
    versions.push_back(env.doc_id());
    batch.Put(sources_, env.source(), EncodeVersions(versions));
  }
  doc.set_version(versions.empty() ? 1
                                   : static_cast<uint32_t>(versions.size()));

  batch.Put(documents_, env.doc_id(), doc.SerializeAsString());
  batch.Put(doc_meta_, env.doc_id(), EncodeDocMeta(meta));

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
      FromRocks(db_->Write(wo, &batch), "write document " + env.doc_id());
  write_failed_ = !written.ok();
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
  return doc;
}

Result<std::vector<std::string>> Store::Versions(
    std::string_view source) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), sources_,
               rocksdb::Slice(source.data(), source.size()), &value);
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
