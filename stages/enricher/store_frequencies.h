// The store's own document frequencies for the keyword IDF. The enricher
// notes the candidate terms of the articles it enriches; now and then its
// daemon asks the store (StoreRequest TERM_STATS on the query socket) for
// the frequencies of every term noted so far and swaps in the new table.
// Terms never asked about keep jieba's IDF alone (KeywordExtractor::Idf),
// so a term first seen since the last refresh is not taken for the rarest.
// No sockets here: the caller sends MakeRequest() and hands the reply to
// Apply().
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "ink/v1/store.pb.h"
#include "stages/enricher/keywords.h"

namespace ink::enricher {

// Not thread-safe: the daemon's loop thread owns it.
class StoreFrequencies {
 public:
  // Keeps at most `max_terms` terms; past that, the rarest known terms are
  // dropped first (they fall back to jieba's IDF, which rates them high
  // too).
  explicit StoreFrequencies(size_t max_terms) : max_terms_(max_terms) {}

  StoreFrequencies(const StoreFrequencies&) = delete;
  StoreFrequencies& operator=(const StoreFrequencies&) = delete;

  // Notes the terms of an enriched article: they are asked for at the next
  // refresh, and the refresh is due.
  void Note(const std::vector<std::string>& terms);
  // True if an article was noted since the last Apply().
  bool due() const { return due_; }
  size_t noted() const { return known_.size() + pending_.size(); }

  // A TERM_STATS request for every known and pending term.
  v1::StoreRequest MakeRequest() const;

  // Makes the table from the store's reply to `request` (as made by
  // MakeRequest()); the pending terms become known. InvalidArgument if the
  // reply is an error or does not answer every term; nothing changes then.
  Result<std::shared_ptr<const DocumentFrequencies>> Apply(
      const v1::StoreRequest& request, const v1::StoreReply& reply);

  // The last table made; null before the first Apply().
  std::shared_ptr<const DocumentFrequencies> table() const { return table_; }

 private:
  size_t max_terms_;
  bool due_ = false;
  std::unordered_map<std::string, uint64_t> known_;  // term -> df.
  std::unordered_set<std::string> pending_;
  std::shared_ptr<const DocumentFrequencies> table_;
};

}  // namespace ink::enricher
