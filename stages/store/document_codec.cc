// Encodings of what the store keeps per document: doc_meta values, the
// stored document, the versions of a source, the indexed terms and tags.
#include <cctype>
#include <set>

#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

constexpr char kDocMetaVersion1 = 1;
constexpr char kDocMetaVersion = 2;  // Adds language and cluster.

}  // namespace

std::string DatePart(std::string_view iso) {
  if (iso.size() < 10) return {};
  for (size_t i = 0; i < 10; ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(iso[i])) != 0;
    if ((i == 4 || i == 7) ? iso[i] != '-' : !digit) return {};
  }
  return std::string(iso.substr(0, 10));
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

bool IsBodyText(std::string_view text, const v1::CleanArticle& article) {
  // BodyText: the paragraphs joined by a blank line.
  constexpr std::string_view kJoin = "\n\n";
  for (int i = 0; i < article.paragraphs_size(); ++i) {
    if (i > 0) {
      if (text.substr(0, kJoin.size()) != kJoin) return false;
      text.remove_prefix(kJoin.size());
    }
    const std::string& p = article.paragraphs(i);
    if (text.substr(0, p.size()) != p) return false;
    text.remove_prefix(p.size());
  }
  return text.empty();
}

namespace {

// Protobuf wire types.
constexpr uint32_t kVarint = 0, kLengthDelimited = 2;

void PutTag(std::string* out, uint32_t field, uint32_t wire_type) {
  PutVarint64(out, (field << 3) | wire_type);
}

// A length-delimited field (a string, bytes or an encoded message).
void PutDelimited(std::string* out, uint32_t field, std::string_view bytes) {
  PutTag(out, field, kLengthDelimited);
  PutLengthPrefixed(out, bytes);
}

// A proto3 singular string: absent when empty.
void PutString(std::string* out, uint32_t field, std::string_view s) {
  if (!s.empty()) PutDelimited(out, field, s);
}

// The wire form of a CleanArticle, as its SerializeAsString() gives it
// (fields in number order; map entries in the map's order), but without
// protobuf's UTF-8 check of every string, which cost as much as the rest
// of writing a document: the article's text was checked when the envelope
// was parsed. Every field of CleanArticle is written here (store_test
// fills each one through reflection and compares the parsed result).
void AppendCleanArticle(const v1::CleanArticle& a, std::string* out) {
  if (!a.GetReflection()->GetUnknownFields(a).empty()) {
    // Fields of a newer writer: protobuf keeps them.
    a.AppendToString(out);
    return;
  }
  PutString(out, 1, a.title());
  PutString(out, 2, a.subtitle());
  for (const std::string& s : a.authors()) PutDelimited(out, 3, s);
  PutString(out, 4, a.editor());
  PutString(out, 5, a.source());
  PutString(out, 6, a.date());
  PutString(out, 7, a.url());
  for (const std::string& s : a.categories()) PutDelimited(out, 8, s);
  for (const std::string& s : a.tags()) PutDelimited(out, 9, s);
  std::string entry;
  for (const v1::Image& image : a.images()) {
    entry.clear();
    image.AppendToString(&entry);  // Small: protobuf's own encoding.
    PutDelimited(out, 10, entry);
  }
  for (const std::string& s : a.paragraphs()) PutDelimited(out, 11, s);
  PutString(out, 12, a.language());
  for (const auto& [key, value] : a.field_rules()) {
    // A map entry: key 1, value 2, both always written.
    entry.clear();
    PutDelimited(&entry, 1, key);
    PutDelimited(&entry, 2, value);
    PutDelimited(out, 13, entry);
  }
  PutString(out, 14, a.format());
  PutString(out, 15, a.encoding());
  if (a.replaced_bytes() != 0) {
    PutTag(out, 16, kVarint);
    PutVarint64(out, a.replaced_bytes());
  }
}

}  // namespace

std::string_view EncodeNewDocument(const v1::Envelope& env,
                                   int64_t stored_unix_ms,
                                   const std::string* body, uint32_t version,
                                   std::string* buffer, std::string* scratch) {
  std::string& out = *buffer;
  out.clear();
  // StoredDocument, fields in number order as protobuf writes them.
  PutString(&out, 1, env.doc_id());
  PutString(&out, 2, env.source());
  if (stored_unix_ms != 0) {
    PutTag(&out, 3, kVarint);
    PutVarint64(&out, static_cast<uint64_t>(stored_unix_ms));
  }
  scratch->clear();
  AppendCleanArticle(env.clean(), scratch);
  PutDelimited(&out, 4, *scratch);
  if (env.has_enrichment()) {
    scratch->clear();
    env.enrichment().AppendToString(scratch);
    PutDelimited(&out, 5, *scratch);
  }
  if (body != nullptr) PutString(&out, 6, *body);
  if (version != 0) {
    PutTag(&out, 7, kVarint);
    PutVarint64(&out, version);
  }
  for (const v1::TraceHop& hop : env.trace()) {
    scratch->clear();
    hop.AppendToString(scratch);
    PutDelimited(&out, 9, *scratch);
  }
  return out;
}

std::string StoredBytes(v1::StoredDocument doc) {
  if (!doc.body().empty() && IsBodyText(doc.body(), doc.clean()))
    doc.clear_body();
  doc.clear_cluster();  // Filled from doc_meta on reads.
  return doc.SerializeAsString();
}

const std::string* IndexFields(const v1::SegmentedArticle& segmented,
                               DocTerms* terms) {
  terms->Clear();
  const std::string* body = nullptr;
  for (const v1::SegmentedField& field : segmented.fields()) {
    if (field.name() == "title") {
      terms->AddField(Field::kTitle, field);
    } else if (field.name() == "body") {
      terms->AddField(Field::kBody, field);
      body = &field.text();
    }
  }
  return body;
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

}  // namespace ink::store
