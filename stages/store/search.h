// Query evaluation over the store: boolean matching on the postings,
// BM25 ranking, filters, paging and snippets.
//
// Evaluation runs on the store's in-memory index: candidates of the rarest
// term in document-number order, the other terms' posting cursors skip
// forward to each candidate, positions are decoded for phrases only, and
// only the requested page is ordered. A query of words and phrases only
// (no OR, exclusion or filter) skips the candidate list: the rarest term's
// cursors lead and jump to the next doc of any term a candidate lacks.
// Ranked by relevance with many candidates, such a query also skips the
// ranges of docs whose posting blocks' bounds (BlockBound) put every
// score below the page's current worst hit, verifies phrase positions only
// for candidates that score above it, and estimates the total.
//
// Thread-safety: a Searcher is immutable; Search() may run concurrently with
// other Search() calls and with the store's Put(), Delete() and Reindex()
// (it holds Store::ReadLock() while it evaluates).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ink/v1/store.pb.h"
#include "stages/store/query_parser.h"
#include "stages/store/store.h"

namespace ink::store {

enum class SortOrder {
  kRelevance,  // BM25 score, then date (newest first), then doc_id.
  kDate,       // Date (newest first; undated last), then score, then doc_id.
};

struct SearchOptions {
  size_t limit = 10;  // Hits returned; 0 means the default of 10.
  size_t offset = 0;  // Hits skipped, for paging.
  SortOrder sort = SortOrder::kRelevance;
  // One hit per near-duplicate cluster: its best in the sort order, with
  // Hit::collapsed counting the others. total then counts clusters.
  bool collapse = false;
  // Fill SearchResult::facets.
  bool facets = false;
  // Totals. A query of words and phrases ranked by relevance (no facets,
  // no collapsing) whose rarest word has more than exact_total_postings
  // postings is a top-k search: documents that cannot reach the page are
  // skipped, so the total is estimated (SearchResult::total_exact false)
  // whenever some were. The hits are the same either way. exact_total
  // counts every match (and skips nothing).
  bool exact_total = false;
  uint64_t exact_total_postings = 2048;
  // Entities are counted over at most this many best matches (the other
  // facets over every match).
  size_t facet_entity_docs = 200;
  size_t facet_top_entities = 10;
  // BM25 parameters and field weights.
  double k1 = 1.2;
  double b = 0.75;
  double title_weight = 2.0;
  double body_weight = 1.0;
  // Fetch each hit's document for its title and snippet. Without, hits
  // carry doc_id, score, date, file, source, cluster and language from the
  // in-memory metadata only (ranking without reading a document).
  bool documents = true;
  // Snippet window in characters, and how many come before the first match.
  size_t snippet_chars = 80;
  size_t snippet_lead_chars = 20;
};

struct SearchResult {
  // Matching documents before paging; an estimate when total_exact is
  // false (see SearchOptions::exact_total).
  uint64_t total = 0;
  bool total_exact = true;
  std::vector<v1::Hit> hits;  // The requested page, best first.
  // With SearchOptions::facets: {"source": {publisher: count}, "language":
  // {...}, "month": {"YYYY-MM": count}, "entity": [[name, count]...]}.
  // Documents without a publisher count under "(none)", without a date
  // under "undated"; entities are people, places and organisations.
  nlohmann::json facets;
};

// "relevance" or "date"; InvalidArgument otherwise (empty is relevance).
Result<SortOrder> ParseSortOrder(std::string_view name);

// Largest accepted limit; larger requests are clamped.
inline constexpr size_t kMaxLimit = 1000;

class Searcher {
 public:
  // `store` is borrowed and must outlive the Searcher. Its segmenter parses
  // queries and places highlights.
  explicit Searcher(const Store* store) : store_(store) {}

  // Parses and evaluates `query`. Matches exclude superseded versions; hits
  // are ordered by options.sort. Parse errors are InvalidArgument;
  // Unavailable when the store has no segmenter.
  Result<SearchResult> Search(std::string_view query,
                              const SearchOptions& options) const;

  // Evaluates a parsed query. Candidates come from the postings and tags of
  // the query's positive parts; a query of only exclusions and unindexed
  // filters (source:, after:, before:) scans every document's metadata.
  Result<SearchResult> Search(const Query& query,
                              const SearchOptions& options) const;

 private:
  const Store* store_;
};

// Fills hit->snippet_plain (a window of about options.snippet_chars
// characters of `text` around the first token whose norm is in `terms`, line
// breaks turned into spaces), hit->highlights (char offsets into
// snippet_plain of every such token in the window, overlaps merged) and
// hit->snippet (snippet_plain with highlights wrapped in [[ ]]). Tokens come
// from `seg` cutting `text` in search mode, as indexing does, so offsets are
// in code points and right for Chinese. Without `seg`, the window is the
// start of the text and nothing is highlighted.
void MakeSnippet(std::string_view text, const std::vector<std::string>& terms,
                 const segmenter::Segmenter* seg, const SearchOptions& options,
                 v1::Hit* hit);

}  // namespace ink::store
