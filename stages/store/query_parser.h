// Query language of the store, parsed into a small boolean tree.
//
//   word            A chunk of text without spaces. It is cut by the
//                   segmenter (exact mode) into terms; a Chinese run such
//                   as 央行降息 gives several terms. All terms of a chunk
//                   are required, anywhere in title or body; adjacency is
//                   not, because a run may be segmented differently in the
//                   query than in the context of a document. Quote it to
//                   require adjacency. A word inside a longer indexed word
//                   matches (肺炎 finds 新冠肺炎): indexing keeps the
//                   search-mode sub-words at their parent's position.
//   "a phrase"      Terms at consecutive word positions within one field
//                   (title or body). “Chinese quotes” work too.
//   a b             AND (the default).
//   a OR b          Either; OR binds tighter than AND: `x a OR b` is
//                   x AND (a OR b).
//   ( ... )         Grouping: `(a OR b) (c OR -d)`, `-(a b)`.
//   -item           Excludes documents that match item (a word, phrase,
//                   filter or group).
//   title:WORD  title:"a phrase"   The terms (or phrase) in the title.
//   source:NAME     The envelope source (inbox file name) or the article's
//                   publisher equals NAME.
//   author:NAME  lang:TAG  entity:NAME  keyword:WORD
//                   Exact (case-insensitive) match of an author, the
//                   language (lang:zh matches zh-Hans and zh-Hant), an
//                   entity (normalised form or text) or a keyword.
//   cluster:ID      Members of a near-duplicate cluster.
//   after:YYYY-MM-DD   Article date on or after the day.
//   before:YYYY-MM-DD  Article date strictly before the day. Documents
//                   without a date never pass a date filter.
//   Filter values may be quoted: source:"Xinhua News".
//
// Stop words and punctuation are dropped as they are at indexing; a word of
// stop words only drops out of its AND or OR. An unknown `name:value` with
// an ASCII letter name is an error (a value starting with "//", as in a
// URL, keeps the chunk an ordinary word).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "stages/segmenter/segmenter.h"

namespace ink::store {

struct QueryTerm {
  std::string norm;     // The indexed form (Token::norm).
  uint32_t offset = 0;  // Word position relative to the clause's first term.
};

// A word chunk or a phrase.
struct Clause {
  std::string text;              // As written, for messages.
  bool phrase = false;           // Terms at offset-consecutive positions.
  bool title_only = false;       // title: the terms must be in the title.
  std::vector<QueryTerm> terms;  // Never empty after parsing.
};

enum class FilterKind {
  kSource,
  kAuthor,
  kLanguage,
  kEntity,
  kKeyword,
  kCluster,
  kAfter,   // value: inclusive "YYYY-MM-DD".
  kBefore,  // value: exclusive.
};

// The query name of a filter ("source", "lang", ...).
const char* FilterName(FilterKind kind);

struct QueryNode {
  enum class Kind { kAnd, kOr, kNot, kClause, kFilter };
  Kind kind = Kind::kAnd;
  std::vector<QueryNode> children;  // kAnd, kOr: one or more; kNot: one.
  Clause clause;                    // kClause.
  FilterKind filter = FilterKind::kSource;  // kFilter.
  std::string value;  // kFilter: NormalizeTagValue'd, except source/cluster.
};

struct Query {
  QueryNode root;  // Always a kAnd.

  // Every distinct term of the clauses not under a NOT: what is scored and
  // highlighted.
  std::vector<std::string> PositiveTerms() const;
  // A canonical rendering for tests and logs, e.g.
  // `AND(OR(a, "b c"), NOT(d), source:x, after:2020-01-01)`.
  std::string DebugString() const;
};

// Cuts a chunk of query text into terms (norm and absolute word position),
// stop words and punctuation already removed.
using QueryAnalyzer =
    std::function<std::vector<QueryTerm>(std::string_view text)>;

// The analyzer of the store: the segmenter in exact mode, the same
// normalisation as indexing. `seg` is borrowed by the returned function.
QueryAnalyzer SegmenterAnalyzer(const segmenter::Segmenter* seg);

// Parses `text`. InvalidArgument with a message naming the problem and its
// character position for an unbalanced quote or parenthesis, an empty
// group, a misplaced OR, an unknown field, a filter without a value, a
// malformed date, an empty query, or a query that keeps no term and no
// filter. Never aborts, whatever the bytes; nesting deeper than
// kMaxQueryDepth is an error.
Result<Query> ParseQuery(std::string_view text, const QueryAnalyzer& analyze);

inline constexpr int kMaxQueryDepth = 32;

}  // namespace ink::store
