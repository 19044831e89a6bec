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
