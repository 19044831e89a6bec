#include "stages/store/search.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
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
           (!c.title_only && PhraseInField(postings, c, Field::kBody, doc_id));
  }
  return std::all_of(c.terms.begin(), c.terms.end(), [&](const QueryTerm& t) {
    if (c.title_only) {
      auto it = postings.find(t.norm);
      return it != postings.end() && Find(it->second.title, doc_id) != nullptr;
    }
    return HasTerm(postings, t.norm, doc_id);
  });
}

using DocSet = std::unordered_set<std::string>;

// What a query's evaluation loads up front: the postings of its terms and
// the documents of its indexed filters.
struct Loaded {
  PostingsMap postings;
  std::unordered_map<std::string, DocSet> filter_docs;  // FilterKey -> docs.
};

std::string FilterKey(const QueryNode& n) {
  return std::string(1, static_cast<char>('0' + static_cast<int>(n.filter))) +
         n.value;
}

bool IsIndexedFilter(FilterKind k) {
  return k == FilterKind::kAuthor || k == FilterKind::kLanguage ||
         k == FilterKind::kEntity || k == FilterKind::kKeyword ||
         k == FilterKind::kCluster;
}

Tag TagOf(FilterKind k) {
  switch (k) {
    case FilterKind::kAuthor:
      return Tag::kAuthor;
    case FilterKind::kLanguage:
      return Tag::kLanguage;
    case FilterKind::kKeyword:
      return Tag::kKeyword;
    default:
      return Tag::kEntity;
  }
}

Status Load(const Store& store, const QueryNode& n, Loaded* out) {
  std::vector<Posting> list;
  if (n.kind == QueryNode::Kind::kClause) {
    for (const QueryTerm& t : n.clause.terms) {
      if (out->postings.count(t.norm)) continue;
      TermPostings& tp = out->postings[t.norm];
      for (Field f : kFields) {
        RETURN_IF_ERROR(store.ReadPostings(f, t.norm, &list));
        FieldPostings& fp = f == Field::kTitle ? tp.title : tp.body;
        for (Posting& p : list)
          fp.emplace(std::move(p.doc_id), std::move(p.positions));
      }
    }
  } else if (n.kind == QueryNode::Kind::kFilter && IsIndexedFilter(n.filter)) {
    const std::string key = FilterKey(n);
    if (!out->filter_docs.count(key)) {
      std::vector<std::string> ids;
      if (n.filter == FilterKind::kCluster) {
        RETURN_IF_ERROR(store.ReadClusterMembers(n.value, &ids));
      } else {
        RETURN_IF_ERROR(store.ReadTagDocs(TagOf(n.filter), n.value, &ids));
      }
      out->filter_docs[key] = DocSet(ids.begin(), ids.end());
    }
  }
  for (const QueryNode& c : n.children) RETURN_IF_ERROR(Load(store, c, out));
  return Status::OK();
}

// The documents that can match `n`, or nullopt when that is not known
// without looking at every document (exclusions, unindexed filters).
std::optional<DocSet> Candidates(const QueryNode& n, const Loaded& loaded) {
  switch (n.kind) {
    case QueryNode::Kind::kClause: {
      // Every term is required: the rarest one bounds the matches.
      const TermPostings* best = nullptr;
      size_t best_size = SIZE_MAX;
      for (const QueryTerm& t : n.clause.terms) {
        const TermPostings& tp = loaded.postings.at(t.norm);
        size_t size =
            tp.title.size() + (n.clause.title_only ? 0 : tp.body.size());
        if (size < best_size) {
          best = &tp;
          best_size = size;
        }
      }
      DocSet out;
      for (const auto& [id, unused] : best->title) out.insert(id);
      if (!n.clause.title_only) {
        for (const auto& [id, unused] : best->body) out.insert(id);
      }
      return out;
    }
    case QueryNode::Kind::kFilter:
      if (!IsIndexedFilter(n.filter)) return std::nullopt;
      return loaded.filter_docs.at(FilterKey(n));
    case QueryNode::Kind::kNot:
      return std::nullopt;
    case QueryNode::Kind::kOr: {
      DocSet out;
      for (const QueryNode& c : n.children) {
        std::optional<DocSet> s = Candidates(c, loaded);
        if (!s) return std::nullopt;
        out.insert(s->begin(), s->end());
      }
      return out;
    }
    case QueryNode::Kind::kAnd: {
      std::optional<DocSet> out;
      for (const QueryNode& c : n.children) {
        std::optional<DocSet> s = Candidates(c, loaded);
        if (!s) continue;
        if (!out) {
          out = std::move(s);
        } else {
          std::erase_if(
              *out, [&s](const std::string& id) { return s->count(id) == 0; });
        }
      }
      return out;
    }
  }
  return std::nullopt;
}

bool Matches(const QueryNode& n, const std::string& doc_id, const DocMeta& m,
             const Loaded& loaded) {
  switch (n.kind) {
    case QueryNode::Kind::kClause:
      return ClauseMatches(loaded.postings, n.clause, doc_id);
    case QueryNode::Kind::kNot:
      return !Matches(n.children[0], doc_id, m, loaded);
    case QueryNode::Kind::kAnd:
      return std::all_of(
          n.children.begin(), n.children.end(),
          [&](const QueryNode& c) { return Matches(c, doc_id, m, loaded); });
    case QueryNode::Kind::kOr:
      return std::any_of(
          n.children.begin(), n.children.end(),
          [&](const QueryNode& c) { return Matches(c, doc_id, m, loaded); });
    case QueryNode::Kind::kFilter:
      switch (n.filter) {
        case FilterKind::kSource:
          return n.value == m.source || n.value == m.publisher;
        case FilterKind::kAfter:
          return !m.date.empty() && m.date >= n.value;
        case FilterKind::kBefore:
          return !m.date.empty() && m.date < n.value;
        default:
          return loaded.filter_docs.at(FilterKey(n)).count(doc_id) > 0;
      }
  }
  return false;
}

struct Scored {
  std::string doc_id;
  double score = 0;
  DocMeta meta;
  uint32_t collapsed = 0;
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
  std::vector<uint32_t> word_starts;  // Where the window may begin.
  if (seg != nullptr && !terms.empty()) {
    const std::unordered_set<std::string> wanted(terms.begin(), terms.end());
    for (const segmenter::Token& t : seg->Cut(text, segmenter::Mode::kSearch)) {
      if (!t.sub_word) word_starts.push_back(t.char_begin);
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
  if (begin > 0 && !spans.empty()) {
    // Start at a sentence if one starts in the lead-in, else at a word:
    // never in the middle of one.
    bool at_sentence = false;
    for (size_t c = spans[0].first; c > begin; --c) {
      std::string_view prev =
          text.substr(starts[c - 1], starts[c] - starts[c - 1]);
      if (prev == "。" || prev == "！" || prev == "？" || prev == "\n" ||
          prev == "；") {
        begin = c;
        at_sentence = true;
        break;
      }
    }
    if (!at_sentence) {
      auto it = std::upper_bound(word_starts.begin(), word_starts.end(), begin);
      if (it != word_starts.begin()) begin = *(it - 1);
    }
  }
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

Result<SortOrder> ParseSortOrder(std::string_view name) {
  if (name.empty() || name == "relevance") return SortOrder::kRelevance;
  if (name == "date") return SortOrder::kDate;
  return Status::InvalidArgument("unknown sort order '" + std::string(name) +
                                 "' (relevance or date)");
}

Result<SearchResult> Searcher::Search(const Query& q,
                                      const SearchOptions& options) const {
  Loaded loaded;
  RETURN_IF_ERROR(Load(*store_, q.root, &loaded));

  std::vector<std::pair<std::string, DocMeta>> matches;
  std::optional<DocSet> candidates = Candidates(q.root, loaded);
  if (!candidates) {
    RETURN_IF_ERROR(
        store_->ForEachDocMeta([&](std::string_view id, const DocMeta& m) {
          std::string doc_id(id);
          if (!m.superseded && Matches(q.root, doc_id, m, loaded))
            matches.emplace_back(std::move(doc_id), m);
          return true;
        }));
  } else {
    // Sorted, so that results never depend on hash order.
    std::vector<std::string> ids(candidates->begin(), candidates->end());
    std::sort(ids.begin(), ids.end());
    for (std::string& id : ids) {
      Result<DocMeta> meta = store_->ReadDocMeta(id);
      if (!meta.ok()) {
        if (meta.status().IsNotFound())
          continue;  // Postings without a document.
        return meta.status();
      }
      if (meta->superseded || !Matches(q.root, id, *meta, loaded)) continue;
      matches.emplace_back(std::move(id), std::move(meta).value());
    }
  }

  // BM25 over the positive terms, title matches weighted up.
  const CorpusStats corpus = store_->ReadCorpusStats();
  const double n_docs =
      static_cast<double>(std::max<uint64_t>(corpus.documents, 1));
  const std::vector<std::string> positive = q.PositiveTerms();
  std::vector<std::array<double, 2>> idf;  // Per positive term: title, body.
  for (const std::string& term : positive) {
    std::array<double, 2> v{};
    for (int i = 0; i < 2; ++i) {
      double df =
          static_cast<double>(store_->DocumentFrequency(kFields[i], term));
      v[i] = std::log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
    }
    idf.push_back(v);
  }
  double avg[2];
  for (int i = 0; i < 2; ++i) {
    avg[i] = corpus.AverageLength(kFields[i]);
    if (avg[i] <= 0) avg[i] = 1;
  }
  std::vector<Scored> scored;
  scored.reserve(matches.size());
  for (auto& [doc_id, meta] : matches) {
    double score = 0;
    for (size_t t = 0; t < positive.size(); ++t) {
      auto it = loaded.postings.find(positive[t]);
      if (it == loaded.postings.end()) continue;
      for (int i = 0; i < 2; ++i) {
        const Field f = kFields[i];
        const Positions* p = Find(it->second.of(f), doc_id);
        if (p == nullptr) continue;
        const double tf = static_cast<double>(p->size());
        const double norm =
            options.k1 * (1 - options.b + options.b * meta.length(f) / avg[i]);
        const double weight =
            f == Field::kTitle ? options.title_weight : options.body_weight;
        score += weight * idf[t][i] * tf * (options.k1 + 1) / (tf + norm);
      }
    }
    scored.push_back({std::move(doc_id), score, std::move(meta), 0});
  }
  auto by_score = [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.meta.date != b.meta.date) return a.meta.date > b.meta.date;
    return a.doc_id < b.doc_id;
  };
  auto by_date = [](const Scored& a, const Scored& b) {
    if (a.meta.date != b.meta.date) return a.meta.date > b.meta.date;
    if (a.score != b.score) return a.score > b.score;
    return a.doc_id < b.doc_id;
  };
  if (options.sort == SortOrder::kDate) {
    std::sort(scored.begin(), scored.end(), by_date);
  } else {
    std::sort(scored.begin(), scored.end(), by_score);
  }

  if (options.collapse) {
    std::unordered_map<std::string, size_t> kept;  // Cluster -> index.
    std::vector<Scored> out;
    for (Scored& s : scored) {
      const std::string cluster =
          s.meta.cluster.empty() ? s.doc_id : s.meta.cluster;
      auto [it, inserted] = kept.emplace(cluster, out.size());
      if (inserted) {
        out.push_back(std::move(s));
      } else {
        ++out[it->second].collapsed;
      }
    }
    scored = std::move(out);
  }

  SearchResult result;
  result.total = scored.size();
  if (options.facets) {
    std::map<std::string, uint64_t> sources, languages, months;
    for (const Scored& s : scored) {
      ++sources[s.meta.publisher.empty() ? s.meta.source : s.meta.publisher];
      ++languages[s.meta.language.empty() ? "unknown" : s.meta.language];
      ++months[s.meta.date.size() >= 7 ? s.meta.date.substr(0, 7) : "undated"];
    }
    std::map<std::string, uint64_t> entities;
    for (size_t i = 0; i < scored.size() && i < options.facet_entity_docs;
         ++i) {
      Result<v1::StoredDocument> doc = store_->Get(scored[i].doc_id);
      if (!doc.ok()) continue;
      std::set<std::string> seen;
      for (const v1::Entity& e : doc->enrichment().entities()) {
        const std::string& name =
            e.normalized().empty() ? e.text() : e.normalized();
        if (seen.insert(name).second) ++entities[name];
      }
    }
    std::vector<std::pair<std::string, uint64_t>> top(entities.begin(),
                                                      entities.end());
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.second > b.second;
    });
    if (top.size() > options.facet_top_entities)
      top.resize(options.facet_top_entities);
    result.facets = {{"source", sources},
                     {"language", languages},
                     {"month", months},
                     {"entity", top}};
  }

  const size_t limit =
      std::min(options.limit == 0 ? size_t{10} : options.limit, kMaxLimit);
  for (size_t i = options.offset;
       i < scored.size() && result.hits.size() < limit; ++i) {
    ASSIGN_OR_RETURN(v1::StoredDocument doc, store_->Get(scored[i].doc_id));
    v1::Hit hit;
    hit.set_doc_id(doc.doc_id());
    hit.set_title(doc.clean().title());
    hit.set_date(doc.clean().date());
    hit.set_source(doc.clean().source().empty() ? doc.source()
                                                : doc.clean().source());
    hit.set_file(doc.source());
    hit.set_score(scored[i].score);
    hit.set_cluster(doc.cluster());
    hit.set_collapsed(scored[i].collapsed);
    hit.set_language(scored[i].meta.language);
    MakeSnippet(doc.body().empty() ? doc.clean().title() : doc.body(), positive,
                store_->segmenter(), options, &hit);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace ink::store
