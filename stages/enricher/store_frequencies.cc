#include "stages/enricher/store_frequencies.h"

#include <algorithm>
#include <utility>

namespace ink::enricher {

void StoreFrequencies::Note(const std::vector<std::string>& terms) {
  due_ = true;
  for (const std::string& term : terms) {
    if (known_.find(term) != known_.end()) continue;
    if (known_.size() + pending_.size() >= max_terms_) break;
    pending_.insert(term);
  }
}

v1::StoreRequest StoreFrequencies::MakeRequest() const {
  v1::StoreRequest request;
  request.set_op(v1::StoreRequest::TERM_STATS);
  request.mutable_terms()->Reserve(static_cast<int>(noted()));
  for (const auto& [term, df] : known_) request.add_terms(term);
  for (const std::string& term : pending_) request.add_terms(term);
  return request;
}

Result<std::shared_ptr<const DocumentFrequencies>> StoreFrequencies::Apply(
    const v1::StoreRequest& request, const v1::StoreReply& reply) {
  if (!reply.ok()) {
    return Status::InvalidArgument("store refused TERM_STATS: " +
                                   reply.error());
  }
  if (reply.document_frequencies_size() != request.terms_size()) {
    return Status::InvalidArgument(
        "store answered " + std::to_string(reply.document_frequencies_size()) +
        " document frequencies for " + std::to_string(request.terms_size()) +
        " terms");
  }
  for (int i = 0; i < request.terms_size(); ++i) {
    known_[request.terms(i)] = reply.document_frequencies(i);
    pending_.erase(request.terms(i));
  }
  if (known_.size() > max_terms_) {
    std::vector<std::pair<uint64_t, std::string>> by_df;
    by_df.reserve(known_.size());
    for (auto& [term, df] : known_) by_df.emplace_back(df, term);
    const size_t drop = known_.size() - max_terms_;
    std::nth_element(by_df.begin(), by_df.begin() + drop, by_df.end());
    for (size_t i = 0; i < drop; ++i) known_.erase(by_df[i].second);
  }
  due_ = false;
  table_ = DocumentFrequencies::FromCounts(reply.total(),
                                           {known_.begin(), known_.end()});
  return table_;
}

}  // namespace ink::enricher
