// Query language of the store, parsed into a small AST.
//
//   word            A chunk of text without spaces. It is cut by the
//                   segmenter (exact mode) into terms; a Chinese run such
//                   as 央行降息 gives several terms. All terms of a chunk
//                   are required, anywhere in title or body; adjacency is
//                   not, because a run may be segmented differently in the
//                   query than in the context of a document. Quote it to
//                   require adjacency.
//   "a phrase"      Terms at consecutive word positions within one field
//                   (title or body). “Chinese quotes” work too.
//   a b             AND (the default).
//   a OR b          Either; OR binds tighter than AND: `x a OR b` is
//                   x AND (a OR b). Only words and phrases can be OR-ed.
//   -word -"a b"    Excludes documents that match.
//   source:NAME     The envelope source (inbox file name) or the article's
//                   publisher equals NAME; several source: filters are
//                   alternatives; -source:NAME excludes. NAME may be quoted.
//   after:YYYY-MM-DD   Article date on or after the day.
//   before:YYYY-MM-DD  Article date strictly before the day. Documents
//                   without a date never pass a date filter.
//
// Stop words and punctuation are dropped as they are at indexing. Not (yet)
// supported: parentheses, NOT/AND keywords (AND is implicit), wildcards,
// author:/lang:/entity: filters. An unknown `name:value` is an ordinary word.
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
  std::vector<QueryTerm> terms;  // Never empty after parsing.
};

struct Query {
  // AND of groups; each group is an OR of clauses (usually one).
  std::vector<std::vector<Clause>> required;
  std::vector<Clause> excluded;
  std::vector<std::string> sources;           // Any of them (when set).
  std::vector<std::string> excluded_sources;  // None of them.
  std::string after;                          // Inclusive, "YYYY-MM-DD".
  std::string before;                         // Exclusive.

  bool HasFilters() const {
    return !sources.empty() || !excluded_sources.empty() || !after.empty() ||
           !before.empty();
  }
  // Every distinct term of the required clauses: what is scored and
  // highlighted.
  std::vector<std::string> PositiveTerms() const;
  // A canonical rendering for tests and logs, e.g.
  // `AND(OR(a, "b c"), NOT(d)) source=x after=2020-01-01`.
  std::string DebugString() const;
};

// Cuts a chunk of query text into terms (norm and absolute word position),
// stop words and punctuation already removed.
using QueryAnalyzer =
    std::function<std::vector<QueryTerm>(std::string_view text)>;

// The analyzer of the store: the segmenter in exact mode, the same
// normalisation as indexing. `seg` is borrowed by the returned function.
QueryAnalyzer SegmenterAnalyzer(const segmenter::Segmenter* seg);

// Parses `text`. InvalidArgument with a message naming the problem for an
// unbalanced quote, a misplaced OR, a filter without a value or a malformed
// date, an empty query, or a query that keeps no term and no filter.
Result<Query> ParseQuery(std::string_view text, const QueryAnalyzer& analyze);

}  // namespace ink::store
