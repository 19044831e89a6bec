#include "stages/store/search.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "stages/store/query_expansion.h"
#include "stages/store/search_top_k.h"

namespace ink::store {
namespace {

// People, places and organisations: what a facet of "top entities" is
// for. Dates, amounts and percentages are entities of an article too, but
// "15%" as a top entity of a search says nothing.
bool IsNamedEntity(const v1::Entity& e) {
  return e.type().empty() || e.type() == "person" || e.type() == "place" ||
         e.type() == "organization";
}

// Snippets are cut from at most this much of the text.
constexpr size_t kMaxSnippetSourceBytes = 64 * 1024;

// A query compiled against the in-memory index: terms become indexes into
// one array of posting-list cursors, filters become sorted document-number
// sets. Candidates are visited in ascending number order, so every cursor
// only moves forward (PostingList::Cursor::SkipTo).
struct TermState {
  std::string norm;
  const PostingList* lists[2] = {nullptr, nullptr};  // kFields order.
  PostingList::Cursor cursors[2];
  // Whether the term is in field slot i of `doc` (moves the cursor there).
  bool In(int slot, DocNum doc) {
    return lists[slot] != nullptr && cursors[slot].SkipTo(doc) == doc;
  }
  uint64_t Size(bool title_only) const {
    uint64_t n = 0;
    for (int i = 0; i < (title_only ? 1 : 2); ++i)
      n += lists[i] == nullptr ? 0 : lists[i]->size();
    return n;
  }
};

using DocList = std::vector<DocNum>;  // Ascending, distinct.

struct Node {
  QueryNode::Kind kind = QueryNode::Kind::kAnd;
  std::vector<Node> children;
  // kClause.
  std::vector<int> terms;
  std::vector<uint32_t> offsets;
  bool phrase = false;
  bool title_only = false;
  // kFilter.
  FilterKind filter = FilterKind::kSource;
  std::string value;
  DocList filter_docs;  // Indexed filters.
};

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

class Evaluator {
 public:
  explicit Evaluator(const Store& store) : store_(store) {}

  Status Compile(const QueryNode& in, Node* out) {
    out->kind = in.kind;
    if (in.kind == QueryNode::Kind::kClause) {
      out->phrase = in.clause.phrase;
      out->title_only = in.clause.title_only;
      for (const QueryTerm& t : in.clause.terms) {
        out->terms.push_back(TermIndex(t.norm));
        out->offsets.push_back(t.offset);
      }
    } else if (in.kind == QueryNode::Kind::kFilter) {
      out->filter = in.filter;
      out->value = in.value;
      if (IsIndexedFilter(in.filter)) {
        std::vector<std::string> ids;
        if (in.filter == FilterKind::kCluster) {
          RETURN_IF_ERROR(store_.ReadClusterMembers(in.value, &ids));
        } else {
          RETURN_IF_ERROR(store_.ReadTagDocs(TagOf(in.filter), in.value, &ids));
        }
        for (const std::string& id : ids) {
          if (std::optional<DocNum> n = store_.Number(id))
            out->filter_docs.push_back(*n);
        }
        std::sort(out->filter_docs.begin(), out->filter_docs.end());
        out->filter_docs.erase(
            std::unique(out->filter_docs.begin(), out->filter_docs.end()),
            out->filter_docs.end());
      }
    }
    for (const QueryNode& c : in.children) {
      RETURN_IF_ERROR(Compile(c, &out->children.emplace_back()));
    }
    return Status::OK();
  }

  int TermIndex(const std::string& norm) {
    auto [it, inserted] = term_index_.emplace(norm, terms_.size());
    if (inserted) {
      TermState& t = terms_.emplace_back();
      t.norm = norm;
      for (int i = 0; i < 2; ++i) {
        t.lists[i] = store_.index().Find(kFields[i], norm);
        if (t.lists[i] != nullptr) t.cursors[i] = t.lists[i]->cursor();
      }
    }
    return it->second;
  }
  // -1 when the term is not in the query.
  int FindTerm(const std::string& norm) const {
    auto it = term_index_.find(norm);
    return it == term_index_.end() ? -1 : it->second;
  }
  TermState& term(int i) { return terms_[i]; }

  // The documents that can match `n` (ascending), or nullopt when that is
  // not known without looking at every document (exclusions, unindexed
  // filters).
  std::optional<DocList> Candidates(const Node& n) const {
    switch (n.kind) {
      case QueryNode::Kind::kClause: {
        // Every term is required: the rarest one bounds the matches.
        const TermState* best = nullptr;
        for (int i : n.terms) {
          if (best == nullptr ||
              terms_[i].Size(n.title_only) < best->Size(n.title_only))
            best = &terms_[i];
        }
        DocList out;
        for (int f = 0; f < (n.title_only ? 1 : 2); ++f) {
          if (best->lists[f] == nullptr) continue;
          DocList docs;
          docs.reserve(best->lists[f]->size());
          PostingList::Cursor c = best->lists[f]->cursor();
          for (DocNum d = c.Next(); d != kNoDoc; d = c.Next())
            docs.push_back(d);
          out = Union(out, docs);
        }
        return out;
      }
      case QueryNode::Kind::kFilter:
        if (!IsIndexedFilter(n.filter)) return std::nullopt;
        return n.filter_docs;
      case QueryNode::Kind::kNot:
        return std::nullopt;
      case QueryNode::Kind::kOr: {
        DocList out;
        for (const Node& c : n.children) {
          std::optional<DocList> s = Candidates(c);
          if (!s) return std::nullopt;
          out = Union(out, *s);
        }
        return out;
      }
      case QueryNode::Kind::kAnd: {
        // Every child is checked by Matches(): the candidates of the
        // smallest one are enough, and the others are never decoded.
        const Node* best = nullptr;
        uint64_t best_size = UINT64_MAX;
        for (const Node& c : n.children) {
          std::optional<uint64_t> size = Estimate(c);
          if (size && *size < best_size) {
            best = &c;
            best_size = *size;
          }
        }
        if (best == nullptr) return std::nullopt;
        return Candidates(*best);
      }
    }
    return std::nullopt;
  }

  // An upper bound of the size of Candidates(n) without computing it;
  // nullopt when Candidates(n) is.
  std::optional<uint64_t> Estimate(const Node& n) const {
    switch (n.kind) {
      case QueryNode::Kind::kClause: {
        uint64_t best = UINT64_MAX;
        for (int i : n.terms)
          best = std::min(best, terms_[i].Size(n.title_only));
        return best;
      }
      case QueryNode::Kind::kFilter:
        if (!IsIndexedFilter(n.filter)) return std::nullopt;
        return n.filter_docs.size();
      case QueryNode::Kind::kNot:
        return std::nullopt;
      case QueryNode::Kind::kOr: {
        uint64_t sum = 0;
        for (const Node& c : n.children) {
          std::optional<uint64_t> s = Estimate(c);
          if (!s) return std::nullopt;
          sum += *s;
        }
        return sum;
      }
      case QueryNode::Kind::kAnd: {
        std::optional<uint64_t> best;
        for (const Node& c : n.children) {
          std::optional<uint64_t> s = Estimate(c);
          if (s && (!best || *s < *best)) best = s;
        }
        return best;
      }
    }
    return std::nullopt;
  }

  // The terms every match must hold, when a query is an AND of clauses
  // only (words and phrases, the common query). Such a query is evaluated
  // by intersecting posting cursors directly (ForEachConjunctionMatch),
  // without building candidate lists or walking the query tree per doc.
  struct Conjunction {
    struct Required {
      int term;
      bool title_only;  // Some clause wants it in the title.
    };
    std::vector<Required> terms;       // Distinct, rarest first.
    std::vector<const Node*> phrases;  // Checked on positions as well.
  };

  // The conjunction of `root`, or nullopt when it holds anything but
  // clauses (filters, exclusions, alternatives).
  std::optional<Conjunction> AsConjunction(const Node& root) const {
    if (root.kind != QueryNode::Kind::kAnd || root.children.empty())
      return std::nullopt;
    Conjunction c;
    for (const Node& child : root.children) {
      if (child.kind != QueryNode::Kind::kClause || child.terms.empty())
        return std::nullopt;
      for (int t : child.terms) {
        auto it = std::find_if(
            c.terms.begin(), c.terms.end(),
            [t](const Conjunction::Required& r) { return r.term == t; });
        if (it == c.terms.end()) {
          c.terms.push_back({t, child.title_only});
        } else {
          it->title_only = it->title_only || child.title_only;
        }
      }
      if (child.phrase) c.phrases.push_back(&child);
    }
    std::stable_sort(
        c.terms.begin(), c.terms.end(),
        [this](const Conjunction::Required& a, const Conjunction::Required& b) {
          return terms_[a.term].Size(a.title_only) <
                 terms_[b.term].Size(b.title_only);
        });
    return c;
  }

  // Calls fn(doc), in ascending order, for every doc holding each term of
  // `c` in its field(s) and, with `check_phrases`, matching its phrases
  // (else fn checks them: PhrasesMatch). The rarest term's cursors lead;
  // when another term is missing from a doc, the lead jumps to that term's
  // next doc. fn may move the term cursors to `doc` (scoring).
  //
  // window(d) is the first doc >= d worth looking at (kNoDoc for none):
  // a top-k search skips the ranges that cannot reach the page. Returns
  // the lead docs looked at.
  template <typename Fn, typename Window>
  uint64_t ForEachConjunctionMatch(const Conjunction& c, bool check_phrases,
                                   Fn fn, Window window) {
    TermState& lead = terms_[c.terms[0].term];
    const int lead_fields = c.terms[0].title_only ? 1 : 2;
    auto lead_doc = [&] {
      DocNum d = kNoDoc;
      for (int f = 0; f < lead_fields; ++f) {
        if (lead.lists[f] != nullptr) d = std::min(d, lead.cursors[f].doc());
      }
      return d;
    };
    uint64_t visited = 0;
    DocNum target = window(0);
    if (target == kNoDoc) return visited;
    for (int f = 0; f < lead_fields; ++f) {
      if (lead.lists[f] != nullptr) lead.cursors[f].SkipTo(target);
    }
    DocNum doc = lead_doc();
    while (doc != kNoDoc) {
      if (doc > target) {
        // The lead moved past the range looked at: its doc may be in one
        // that is skipped.
        const DocNum w = window(doc);
        if (w != doc) {
          if (w == kNoDoc) break;
          target = w;
          for (int f = 0; f < lead_fields; ++f) {
            if (lead.lists[f] != nullptr) lead.cursors[f].SkipTo(target);
          }
          doc = lead_doc();
          continue;
        }
      }
      ++visited;
      DocNum next = doc + 1;  // The first doc that can match after `doc`.
      bool all = true;
      for (size_t k = 1; k < c.terms.size(); ++k) {
        TermState& t = terms_[c.terms[k].term];
        const bool title_only = c.terms[k].title_only;
        if (t.In(0, doc) || (!title_only && t.In(1, doc))) continue;
        // Both cursors now stand past `doc`, on the term's next docs.
        DocNum after = kNoDoc;
        for (int f = 0; f < (title_only ? 1 : 2); ++f) {
          if (t.lists[f] != nullptr)
            after = std::min(after, t.cursors[f].doc());
        }
        next = after;
        all = false;
        break;
      }
      if (all && (!check_phrases || PhrasesMatch(c, doc))) fn(doc);
      if (next == kNoDoc) break;
      target = next = window(next);
      if (next == kNoDoc) break;
      for (int f = 0; f < lead_fields; ++f) {
        if (lead.lists[f] == nullptr) continue;
        PostingList::Cursor& cursor = lead.cursors[f];
        // Next() steps within the decoded block inline; SkipTo() to the
        // following doc would take the cursor's slow path.
        if (next == doc + 1 && cursor.doc() == doc) {
          cursor.Next();
        } else {
          cursor.SkipTo(next);
        }
      }
      doc = lead_doc();
    }
    return visited;
  }

  // Whether `doc`, holding every term of `c`, matches its phrases.
  bool PhrasesMatch(const Conjunction& c, DocNum doc) {
    for (const Node* phrase : c.phrases) {
      if (!ClauseMatches(*phrase, doc)) return false;
    }
    return true;
  }

  // Whether `doc` matches; calls must come in ascending doc order.
  bool Matches(const Node& n, DocNum doc, const DocMeta& m) {
    switch (n.kind) {
      case QueryNode::Kind::kClause:
        return ClauseMatches(n, doc);
      case QueryNode::Kind::kNot:
        return !Matches(n.children[0], doc, m);
      case QueryNode::Kind::kAnd:
        for (const Node& c : n.children) {
          if (!Matches(c, doc, m)) return false;
        }
        return true;
      case QueryNode::Kind::kOr:
        for (const Node& c : n.children) {
          if (Matches(c, doc, m)) return true;
        }
        return false;
      case QueryNode::Kind::kFilter:
        switch (n.filter) {
          case FilterKind::kSource:
            return n.value == m.source || n.value == m.publisher;
          case FilterKind::kAfter:
            return !m.date.empty() && m.date >= n.value;
          case FilterKind::kBefore:
            return !m.date.empty() && m.date < n.value;
          default:
            return std::binary_search(n.filter_docs.begin(),
                                      n.filter_docs.end(), doc);
        }
    }
    return false;
  }

 private:
  static DocList Union(const DocList& a, const DocList& b) {
    if (a.empty()) return b;
    DocList out;
    out.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(),
                   std::back_inserter(out));
    return out;
  }

  bool ClauseMatches(const Node& n, DocNum doc) {
    if (n.phrase) {
      return PhraseIn(n, 0, doc) || (!n.title_only && PhraseIn(n, 1, doc));
    }
    for (int i : n.terms) {
      TermState& t = terms_[i];
      if (!t.In(0, doc) && (n.title_only || !t.In(1, doc))) return false;
    }
    return true;
  }

  bool PhraseIn(const Node& n, int slot, DocNum doc) {
    for (int i : n.terms) {
      if (!terms_[i].In(slot, doc)) return false;
    }
    // The buffers only grow, so that decoding reuses their memory.
    if (positions_.size() < n.terms.size()) positions_.resize(n.terms.size());
    for (size_t k = 0; k < n.terms.size(); ++k)
      terms_[n.terms[k]].cursors[slot].Positions(&positions_[k]);
    // Two words, the common phrase: one merge of the two position lists.
    if (n.terms.size() == 2)
      return HasPairAtGap(positions_[0], positions_[1], n.offsets[1]);
    // Starts ascend, so each term's positions are walked once, forward.
    walk_.assign(n.terms.size(), 0);
    for (uint32_t start : positions_[0]) {
      bool all = true;
      for (size_t k = 1; k < n.terms.size() && all; ++k) {
        const std::vector<uint32_t>& p = positions_[k];
        const uint32_t want = start + n.offsets[k];  // offsets[0] is 0.
        size_t& at = walk_[k];
        while (at < p.size() && p[at] < want) ++at;
        if (at == p.size()) return false;  // No later start can match.
        all = p[at] == want;
      }
      if (all) return true;
    }
    return false;
  }

  // Whether some position p of `a` has p + gap in `b` (both ascending).
  static bool HasPairAtGap(const std::vector<uint32_t>& a,
                           const std::vector<uint32_t>& b, uint32_t gap) {
    const uint32_t* x = a.data();
    const uint32_t* const x_end = x + a.size();
    const uint32_t* y = b.data();
    const uint32_t* const y_end = y + b.size();
    while (x != x_end && y != y_end) {
      const uint32_t want = *x + gap;
      if (*y < want) {
        ++y;
      } else if (*y > want) {
        ++x;
      } else {
        return true;
      }
    }
    return false;
  }

  const Store& store_;
  std::vector<TermState> terms_;
  std::unordered_map<std::string, int> term_index_;
  std::vector<std::vector<uint32_t>> positions_;  // Scratch for phrases.
  std::vector<size_t> walk_;                      // Likewise.
};

struct Scored {
  DocNum doc = 0;
  double score = 0;
  const DocMeta* meta = nullptr;
  uint32_t collapsed = 0;
};

// The order of hits (SortOrder), ending on doc_id so that it is total: a
// page is the same whichever way the matches were gathered (TopK).
struct Order {
  const Store* store;
  SortOrder sort;
  bool operator()(const Scored& a, const Scored& b) const {
    if (sort == SortOrder::kDate && a.meta->date != b.meta->date)
      return a.meta->date > b.meta->date;
    if (a.score != b.score) return a.score > b.score;
    if (a.meta->date != b.meta->date) return a.meta->date > b.meta->date;
    return store->DocId(a.doc) < store->DocId(b.doc);
  }
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
  // The index and metadata stay as they are until the result is made.
  const auto lock = store_->ReadLock();
  Query expanded = q;
  ExpandIndexedWholeWords(*store_, &expanded.root);
  SplitUnindexedTerms(*store_, &expanded.root);
  Evaluator eval(*store_);
  Node root;
  RETURN_IF_ERROR(eval.Compile(expanded.root, &root));

  // BM25 over the positive terms, title matches weighted up.
  const CorpusStats corpus = store_->ReadCorpusStats();
  const double n_docs =
      static_cast<double>(std::max<uint64_t>(corpus.documents, 1));
  const std::vector<std::string> positive = expanded.PositiveTerms();
  struct Weighted {
    int term;
    double idf[2];  // Then the constant factor of its BM25 (below).
  };
  std::vector<Weighted> weighted;
  for (const std::string& norm : positive) {
    const int t = eval.FindTerm(norm);
    if (t < 0) continue;
    Weighted w{t, {0, 0}};
    for (int i = 0; i < 2; ++i) {
      const PostingList* list = eval.term(t).lists[i];
      const double df = list == nullptr ? 0 : list->size();
      w.idf[i] = std::log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
    }
    weighted.push_back(w);
  }
  double avg[2];
  for (int i = 0; i < 2; ++i) {
    avg[i] = corpus.AverageLength(kFields[i]);
    if (avg[i] <= 0) avg[i] = 1;
  }
  const double weight[2] = {options.title_weight, options.body_weight};
  // BM25 of a term in a field is c * tf / (tf + k1 * (1 - b + b * len /
  // avg)), c = weight * idf * (k1 + 1): the constants are folded once per
  // query, the length norm once per document and field.
  for (Weighted& w : weighted) {
    for (int i = 0; i < 2; ++i) w.idf[i] *= weight[i] * (options.k1 + 1);
  }
  double norm_base[2], norm_per_len[2];
  for (int i = 0; i < 2; ++i) {
    norm_base[i] = options.k1 * (1 - options.b);
    norm_per_len[i] = options.k1 * options.b / avg[i];
  }
  auto score_of = [&](DocNum doc, const RankInfo& rank) {
    const double norm[2] = {norm_base[0] + norm_per_len[0] * rank.length[0],
                            norm_base[1] + norm_per_len[1] * rank.length[1]};
    double score = 0;
    for (const Weighted& w : weighted) {
      TermState& t = eval.term(w.term);
      for (int i = 0; i < 2; ++i) {
        if (!t.In(i, doc)) continue;
        const double tf = t.cursors[i].tf();
        score += w.idf[i] * tf / (tf + norm[i]);
      }
    }
    return score;
  };

  const Order order{store_, options.sort};
  const size_t limit =
      std::min(options.limit == 0 ? size_t{10} : options.limit, kMaxLimit);
  // Collapsing and facets look at every match; otherwise only the matches
  // up to the end of the requested page are kept (the others are counted).
  // No page can start past the last document: the cap keeps a huge
  // offset from overflowing or sizing a buffer.
  const size_t page_end =
      std::min<size_t>(options.offset, store_->doc_limit()) + limit;
  const bool keep_all = options.collapse || options.facets;
  TopK<Scored, Order> top(keep_all ? 0 : page_end, order);
  auto consider = [&](DocNum doc) {
    // The packed RankInfo decides and scores; the DocMeta is read only by
    // filters and for the hits.
    const RankInfo& rank = store_->Rank(doc);
    if (!rank.live || rank.superseded) return;
    const DocMeta& meta = store_->MetaOf(doc);
    if (!eval.Matches(root, doc, meta)) return;
    top.Add({doc, score_of(doc, rank), &meta, 0});
  };
  bool total_exact = true;
  double estimated_total = 0;
  if (std::optional<Evaluator::Conjunction> conj = eval.AsConjunction(root)) {
    // The rarest term's postings bound the matches.
    const Evaluator::Conjunction::Required& lead = conj->terms[0];
    const uint64_t lead_size = eval.term(lead.term).Size(lead.title_only);
    top.Reserve(std::min<uint64_t>(lead_size, store_->doc_limit()));
    // A page by relevance of many matches is a top-k search: ranges of
    // docs whose blocks' impacts cannot reach the page are skipped, and
    // so are the positions of phrase candidates that cannot. The total is
    // then estimated, unless nothing was skipped.
    const bool prune = !options.exact_total && !keep_all &&
                       options.sort == SortOrder::kRelevance &&
                       lead_size > options.exact_total_postings;
    if (!prune) {
      eval.ForEachConjunctionMatch(
          *conj, /*check_phrases=*/true,
          [&](DocNum doc) {
            const RankInfo& rank = store_->Rank(doc);
            if (!rank.live || rank.superseded) return;
            top.Add({doc, score_of(doc, rank), &store_->MetaOf(doc), 0});
          },
          [](DocNum d) { return d; });
    } else {
      // Every (weighted term, field) list bounds its share of a score.
      struct Bounded {
        const PostingList* list;
        PostingList::Cursor* cursor;  // The term's, shared with matching.
        double c;  // The weighted term's constant in the field.
        int field;
        uint32_t block = 0;  // Where the last window started.
        double share = 0;    // Its bound in the window.
      };
      std::vector<Bounded> bounded;
      for (const Weighted& w : weighted) {
        TermState& t = eval.term(w.term);
        for (int i = 0; i < 2; ++i) {
          if (t.lists[i] != nullptr)
            bounded.push_back({t.lists[i], &t.cursors[i], w.idf[i], i});
        }
      }
      TermState& lead_term = eval.term(lead.term);
      const int lead_fields = lead.title_only ? 1 : 2;
      DocNum window_end = 0;
      bool in_window = false;   // [.., window_end] may reach the page.
      double skipped_lead = 0;  // Lead postings in skipped ranges.
      auto window = [&](DocNum from) -> DocNum {
        if (in_window && from <= window_end) return from;
        in_window = false;
        for (;;) {
          const Scored* bar = top.bar();
          if (bar == nullptr) return from;  // Not k matches yet.
          double bound = 0;
          DocNum end = kNoDoc;
          for (Bounded& b : bounded) {
            b.share = 0;
            b.block = b.list->BlockOf(from, b.block);
            if (b.block == b.list->blocks()) continue;  // Nothing >= from.
            end = std::min(end, b.list->BlockLast(b.block));
            b.share = b.c * b.list->BlockBound(
                                b.block, norm_base[b.field],
                                norm_per_len[b.field], [&](DocNum d) {
                                  return store_->Rank(d).length[b.field];
                                });
            bound += b.share;
          }
          if (end == kNoDoc) return kNoDoc;  // Every list is done.
          if (bound * (1 + 1e-9) >= bar->score) {
            // Blocks are wide where a list is sparse (titles): a list
            // whose next doc lies past the window adds nothing to it, and
            // the window ends before that doc.
            const DocNum window_last = end;
            for (Bounded& b : bounded) {
              if (b.share == 0) continue;
              const DocNum next = b.cursor->SkipTo(from);
              if (next > window_last) {
                bound -= b.share;
                end = std::min(end, next - 1);
              }
            }
          }
          // The margin covers rounding: the bound sums other terms in
          // another order than the score does.
          if (bound * (1 + 1e-9) >= bar->score) {
            window_end = end;
            in_window = true;
            return from;
          }
          // No doc in [from, end] can beat the bar.
          double skipped = 0;
          for (int f = 0; f < lead_fields; ++f) {
            if (const PostingList* l = lead_term.lists[f]) {
              skipped = std::max(skipped,
                                 l->CountBelow(end + 1) - l->CountBelow(from));
            }
          }
          skipped_lead += skipped;
          total_exact = false;
          if (end == kNoDoc - 1) return kNoDoc;
          from = end + 1;
        }
      };
      uint64_t unverified = 0, verified = 0, phrase_matches = 0;
      const bool phrases = !conj->phrases.empty();
      const uint64_t visited = eval.ForEachConjunctionMatch(
          *conj, /*check_phrases=*/false,
          [&](DocNum doc) {
            const RankInfo& rank = store_->Rank(doc);
            if (!rank.live || rank.superseded) return;
            const double score = score_of(doc, rank);
            if (phrases) {
              // Positions only for a candidate that can enter the page.
              const Scored* bar = top.bar();
              if (bar != nullptr && score < bar->score) {
                ++unverified;
                return;
              }
              ++verified;
              if (!eval.PhrasesMatch(*conj, doc)) return;
              ++phrase_matches;
            }
            top.Add({doc, score, &store_->MetaOf(doc), 0});
          },
          window);
      if (unverified > 0) total_exact = false;
      if (!total_exact) {
        // The matches found, the candidates left unverified at the rate
        // the verified ones matched, and the lead's skipped postings at
        // the rate the visited ones matched.
        const double found = static_cast<double>(top.added());
        double est = found;
        if (unverified > 0) {
          est += static_cast<double>(unverified) *
                 (verified == 0 ? 1.0
                                : static_cast<double>(phrase_matches) /
                                      static_cast<double>(verified));
        }
        if (visited > 0) est += skipped_lead * est / visited;
        estimated_total = est;
      }
    }
  } else if (std::optional<DocList> candidates = eval.Candidates(root)) {
    top.Reserve(candidates->size());
    for (DocNum d : *candidates) consider(d);
  } else {
    for (DocNum d = 0; d < store_->doc_limit(); ++d) consider(d);
  }
  const uint64_t matches = top.added();
  // Without collapsing only the requested page needs ordering.
  std::vector<Scored> scored =
      std::move(top).Take(options.collapse ? SIZE_MAX : page_end);
  const size_t needed =
      options.collapse ? scored.size() : std::min(scored.size(), page_end);

  if (options.collapse) {
    std::unordered_map<std::string_view, size_t> kept;  // Cluster -> index.
    std::vector<Scored> out;
    for (Scored& s : scored) {
      const std::string_view cluster = s.meta->cluster.empty()
                                           ? store_->DocId(s.doc)
                                           : std::string_view(s.meta->cluster);
      auto [it, inserted] = kept.emplace(cluster, out.size());
      if (inserted) {
        out.push_back(s);
      } else {
        ++out[it->second].collapsed;
      }
    }
    scored = std::move(out);
  }

  SearchResult result;
  result.total = options.collapse ? scored.size() : matches;
  if (!total_exact) {
    // Never fewer than were found.
    result.total = std::max<uint64_t>(
        matches, static_cast<uint64_t>(std::llround(estimated_total)));
    result.total_exact = false;
  }
  if (options.facets) {
    std::map<std::string, uint64_t> sources, languages, months;
    for (const Scored& s : scored) {
      const DocMeta& m = *s.meta;
      // The publisher; a file name is no source worth counting.
      ++sources[m.publisher.empty() ? "(none)" : m.publisher];
      ++languages[m.language.empty() ? "unknown" : m.language];
      ++months[m.date.size() >= 7 ? m.date.substr(0, 7) : "undated"];
    }
    // Entities over the best matches, in the requested order.
    const size_t n = std::min(scored.size(), options.facet_entity_docs);
    if (n > needed) {
      std::vector<Scored> best(scored.begin(), scored.end());
      std::partial_sort(best.begin(), best.begin() + n, best.end(), order);
      std::copy(best.begin(), best.begin() + n, scored.begin());
    }
    std::map<std::string, uint64_t> entities;
    for (size_t i = 0; i < n; ++i) {
      Result<v1::StoredDocument> doc =
          store_->Get(store_->DocId(scored[i].doc));
      if (!doc.ok()) continue;
      std::set<std::string> seen;
      for (const v1::Entity& e : doc->enrichment().entities()) {
        if (!IsNamedEntity(e)) continue;
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

  for (size_t i = options.offset;
       i < scored.size() && result.hits.size() < limit; ++i) {
    const Scored& s = scored[i];
    v1::Hit hit;
    hit.set_score(s.score);
    hit.set_collapsed(s.collapsed);
    hit.set_language(s.meta->language);
    if (!options.documents) {
      hit.set_doc_id(std::string(store_->DocId(s.doc)));
      hit.set_date(s.meta->date);
      hit.set_file(s.meta->source);
      hit.set_source(s.meta->publisher.empty() ? s.meta->source
                                               : s.meta->publisher);
      hit.set_cluster(s.meta->cluster.empty() ? hit.doc_id() : s.meta->cluster);
      result.hits.push_back(std::move(hit));
      continue;
    }
    ASSIGN_OR_RETURN(v1::StoredDocument doc, store_->Get(store_->DocId(s.doc)));
    hit.set_doc_id(doc.doc_id());
    hit.set_title(doc.clean().title());
    hit.set_date(doc.clean().date());
    hit.set_source(doc.clean().source().empty() ? doc.source()
                                                : doc.clean().source());
    hit.set_file(doc.source());
    hit.set_cluster(doc.cluster());
    MakeSnippet(doc.body().empty() ? doc.clean().title() : doc.body(), positive,
                store_->segmenter(), options, &hit);
    result.hits.push_back(std::move(hit));
  }
  return result;
}

}  // namespace ink::store
