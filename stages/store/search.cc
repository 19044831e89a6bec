#include "stages/store/search.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ink::store {
namespace {

// Snippets are cut from at most this much of the text.
constexpr size_t kMaxSnippetSourceBytes = 64 * 1024;

using Positions = std::vector<uint32_t>;
// doc_id -> positions of a term in one field.
using FieldPostings = std::unordered_map<std::string, Positions>;

// The postings of one term in each field.
struct TermPostings {
  FieldPostings title;
  FieldPostings body;
  const FieldPostings& of(Field f) const {
    return f == Field::kTitle ? title : body;
  }
};

using PostingsMap = std::unordered_map<std::string, TermPostings>;

const Positions* Find(const FieldPostings& p, const std::string& doc_id) {
  auto it = p.find(doc_id);
  return it == p.end() ? nullptr : &it->second;
}

bool HasTerm(const PostingsMap& postings, const std::string& term,
             const std::string& doc_id) {
  auto it = postings.find(term);
  if (it == postings.end()) return false;
  return Find(it->second.title, doc_id) || Find(it->second.body, doc_id);
}

bool PhraseInField(const PostingsMap& postings, const Clause& c, Field f,
                   const std::string& doc_id) {
  std::vector<const Positions*> lists;
  for (const QueryTerm& t : c.terms) {
    auto it = postings.find(t.norm);
    if (it == postings.end()) return false;
    const Positions* p = Find(it->second.of(f), doc_id);
    if (p == nullptr) return false;
    lists.push_back(p);
  }
  for (uint32_t start : *lists[0]) {
    bool all = true;
    for (size_t i = 1; i < lists.size() && all; ++i) {
      uint32_t want = start + c.terms[i].offset;  // offsets[0] is 0.
      all = std::binary_search(lists[i]->begin(), lists[i]->end(), want);
    }
    if (all) return true;
  }
  return false;
}

bool ClauseMatches(const PostingsMap& postings, const Clause& c,
                   const std::string& doc_id) {
  if (c.phrase) {
    return PhraseInField(postings, c, Field::kTitle, doc_id) ||
           PhraseInField(postings, c, Field::kBody, doc_id);
  }
  return std::all_of(c.terms.begin(), c.terms.end(), [&](const QueryTerm& t) {
    return HasTerm(postings, t.norm, doc_id);
  });
}

bool PassesFilters(const Query& q, const DocMeta& m) {
  auto same_source = [&m](const std::string& s) {
    return s == m.source || s == m.publisher;
  };
  if (!q.sources.empty() &&
      std::none_of(q.sources.begin(), q.sources.end(), same_source)) {
    return false;
  }
  if (std::any_of(q.excluded_sources.begin(), q.excluded_sources.end(),
                  same_source)) {
    return false;
  }
  if (!q.after.empty() && (m.date.empty() || m.date < q.after)) return false;
  if (!q.before.empty() && (m.date.empty() || m.date >= q.before)) return false;
  return true;
}

struct Scored {
  std::string doc_id;
  double score = 0;
  std::string date;
};

// Byte offset of every code point start in `s`, plus s.size() at the end.
std::vector<size_t> CharStarts(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

// The longest prefix of `s` of at most `max` bytes ending on a code point.
std::string_view CapUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace

void MakeSnippet(std::string_view full_text,
                 const std::vector<std::string>& terms,
                 const segmenter::Segmenter* seg, const SearchOptions& options,
                 v1::Hit* hit) {
  const std::string_view text = CapUtf8(full_text, kMaxSnippetSourceBytes);
  const std::vector<size_t> starts = CharStarts(text);
  const size_t n_chars = starts.size() - 1;

  std::vector<std::pair<uint32_t, uint32_t>> spans;  // Char spans in `text`.
  if (seg != nullptr && !terms.empty()) {
    const std::unordered_set<std::string> wanted(terms.begin(), terms.end());
    for (const segmenter::Token& t : seg->Cut(text, segmenter::Mode::kSearch)) {
      if (!t.stop && wanted.count(t.norm) > 0 && t.char_end <= n_chars) {
        spans.emplace_back(t.char_begin, t.char_end);
      }
    }
    std::sort(spans.begin(), spans.end());
  }

  size_t width = std::max<size_t>(options.snippet_chars, 1);
  size_t begin = 0;
  if (!spans.empty() && spans[0].first > options.snippet_lead_chars) {
    begin = spans[0].first - options.snippet_lead_chars;
  }
  if (begin + width > n_chars) begin = n_chars > width ? n_chars - width : 0;
  size_t end = std::min(n_chars, begin + width);

  std::string plain(text.substr(starts[begin], starts[end] - starts[begin]));
  for (char& c : plain) {
    if (c == '\n' || c == '\r' || c == '\t')
      c = ' ';  // One byte, one char each.
  }

  // Spans inside the window, relative to it, overlaps merged.
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (auto [b, e] : spans) {
    if (b < begin || e > end || b >= e) continue;
    b -= begin;
    e -= begin;
    if (!merged.empty() && b < merged.back().second) {
      merged.back().second = std::max(merged.back().second, e);
    } else {
      merged.emplace_back(b, e);
    }
  }

  const std::vector<size_t> plain_starts = CharStarts(plain);
  std::string marked;
  size_t cursor = 0;  // Byte offset in plain.
  hit->clear_highlights();
  for (auto [b, e] : merged) {
    auto* span = hit->add_highlights();
    span->set_char_begin(b);
    span->set_char_end(e);
    marked.append(plain, cursor, plain_starts[b] - cursor);
    marked += "[[";
    marked.append(plain, plain_starts[b], plain_starts[e] - plain_starts[b]);
    marked += "]]";
    cursor = plain_starts[e];
  }
  marked.append(plain, cursor, std::string::npos);
  hit->set_snippet(std::move(marked));
  hit->set_snippet_plain(std::move(plain));
}

Result<SearchResult> Searcher::Search(std::string_view query,
                                      const SearchOptions& options) const {
  if (store_->segmenter() == nullptr) {
    return Status::Unavailable("the store has no segmenter to parse queries");
  }
  ASSIGN_OR_RETURN(Query parsed,
                   ParseQuery(query, SegmenterAnalyzer(store_->segmenter())));
  return Search(parsed, options);
}

Result<SearchResult> Searcher::Search(const Query& q,
                                      const SearchOptions& options) const {
  // Load the postings of every term the query names.
  std::set<std::string> all_terms;
  for (const auto& group : q.required) {
    for (const Clause& c : group) {
      for (const QueryTerm& t : c.terms) all_terms.insert(t.norm);
    }
  }
  for (const Clause& c : q.excluded) {
    for (const QueryTerm& t : c.terms) all_terms.insert(t.norm);
  }
  PostingsMap postings;
  std::vector<Posting> list;
  for (const std::string& term : all_terms) {
    TermPostings& tp = postings[term];
    for (Field f : kFields) {
      RETURN_IF_ERROR(store_->ReadPostings(f, term, &list));
      FieldPostings& fp = f == Field::kTitle ? tp.title : tp.body;
      for (Posting& p : list)
        fp.emplace(std::move(p.doc_id), std::move(p.positions));
    }
  }

  // Candidates: documents holding the first term of a clause of the first
  // group (every match must), or every document when nothing is required.
  std::vector<std::pair<std::string, DocMeta>> candidates;
  if (q.required.empty()) {
    RETURN_IF_ERROR(
        store_->ForEachDocMeta([&](std::string_view id, const DocMeta& m) {
          if (!m.superseded && PassesFilters(q, m))
            candidates.emplace_back(std::string(id), m);
          return true;
        }));
  } else {
    std::set<std::string> ids;
    for (const Clause& c : q.required[0]) {
      const TermPostings& tp = postings[c.terms[0].norm];
      for (const auto& [id, unused] : tp.title) ids.insert(id);
      for (const auto& [id, unused] : tp.body) ids.insert(id);
    }
    for (const std::string& id : ids) {
      bool match = std::all_of(
          q.required.begin(), q.required.end(), [&](const auto& group) {
            return std::any_of(group.begin(), group.end(),
                               [&](const Clause& c) {
                                 return ClauseMatches(postings, c, id);
                               });
          });
      if (!match) continue;
      Result<DocMeta> meta = store_->ReadDocMeta(id);
      if (!meta.ok()) {
        if (meta.status().IsNotFound())
          continue;  // Postings without a document.
        return meta.status();
      }
      if (meta->superseded || !PassesFilters(q, *meta)) continue;
      candidates.emplace_back(id, std::move(meta.value()));
    }
  }

  // Exclusions, then BM25 over the positive terms.
  const CorpusStats corpus = store_->ReadCorpusStats();
  const double n_docs =
      static_cast<double>(std::max<uint64_t>(corpus.documents, 1));
  std::map<std::pair<Field, std::string>, double> idf;
  const std::vector<std::string> positive = q.PositiveTerms();
  for (const std::string& term : positive) {
    for (Field f : kFields) {
      double df = static_cast<double>(store_->DocumentFrequency(f, term));
      idf[{f, term}] = std::log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
    }
  }
  std::vector<Scored> scored;
  for (auto& [id, meta] : candidates) {
    const std::string& doc_id = id;
    if (std::any_of(q.excluded.begin(), q.excluded.end(), [&](const Clause& c) {
          return ClauseMatches(postings, c, doc_id);
        })) {
      continue;
    }
    double score = 0;
    for (const std::string& term : positive) {
      const TermPostings& tp = postings[term];
      for (Field f : kFields) {
        const Positions* p = Find(tp.of(f), doc_id);
        if (p == nullptr) continue;
        const double tf = static_cast<double>(p->size());
        double avg = corpus.AverageLength(f);
        if (avg <= 0) avg = 1;
        const double norm =
            options.k1 * (1 - options.b + options.b * meta.length(f) / avg);
        const double weight =
            f == Field::kTitle ? options.title_weight : options.body_weight;
        score += weight * idf[{f, term}] * tf * (options.k1 + 1) / (tf + norm);
      }
    }
    scored.push_back({doc_id, score, meta.date});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.date != b.date) return a.date > b.date;
    return a.doc_id < b.doc_id;
  });

  SearchResult result;
  result.total = scored.size();
  const size_t limit =
      std::min(options.limit == 0 ? size_t{10} : options.limit, kMaxLimit);
  for (size_t i = options.offset;
       i < scored.size() && result.hits.size() < limit; ++i) {
    ASSIGN_OR_RETURN(v1::StoredDocument doc, store_->Get(scored[i].doc_id));
    v1::Hit hit;
    hit.set_doc_id(doc.doc_id());
    hit.set_title(doc.clean().title());
    hit.set_date(doc.clean().date());
    hit.set_source(doc.clean().source().empty() ? doc.source() : doc.clean().source());
    hit.set_file(doc.source());
    hit.set_score(scored[i].score);
    MakeSnippet(doc.body().empty() ? doc.clean().title() : doc.body(), positive,
                store_->segmenter(), options, &hit);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace ink::store
