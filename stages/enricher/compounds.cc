#include "stages/enricher/compounds.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

struct PairHash {
  size_t operator()(
      const std::pair<std::string_view, std::string_view>& p) const {
    size_t a = std::hash<std::string_view>{}(p.first);
    return a ^ (std::hash<std::string_view>{}(p.second) + 0x9e3779b97f4a7c15 +
                (a << 6) + (a >> 2));
  }
};

bool Adjacent(const TermOccurrence& a, const TermOccurrence& b) {
  return a.byte_end == b.byte_begin && a.term != b.term;
}

}  // namespace

namespace {

// Nouns that stand beside a name without being part of it: forms of
// address and titles (任建新同志, 夫人彭丽媛, 蔡奇会见纳米比亚总统) and the
// nouns of official events that jieba tags n (会见, 会谈). Joined, they
// make a clause or a title-and-name a search never asks for, and hide the
// name itself.
constexpr std::string_view kNeverCompoundParts[] = {
    "同志", "先生", "女士", "夫人", "总书记", "书记", "主席",
    "总统", "总理", "首相", "国王", "议长",   "部长", "大使",
    "会见", "会谈", "通报", "讲话", "致电",   "贺电", "集会"};

bool NeverCompoundPart(std::string_view term) {
  return std::find(std::begin(kNeverCompoundParts),
                   std::end(kNeverCompoundParts),
                   term) != std::end(kNeverCompoundParts);
}

}  // namespace

bool MayBeCompoundPart(const TermOccurrence& term) {
  if (NeverCompoundPart(term.term)) return false;
  return term.tag.starts_with("n") || term.tag == "vn" || term.tag == "j";
}

TermScores MergeCompounds(
    const TermScores& scores,
    const std::vector<const std::vector<TermOccurrence>*>& fields,
    const IdfTable& idf, const CompoundOptions& options) {
  std::unordered_map<std::string_view, size_t> occurrences;
  std::unordered_map<std::pair<std::string_view, std::string_view>, size_t,
                     PairHash>
      pairs;
  for (const std::vector<TermOccurrence>* field : fields) {
    const std::vector<TermOccurrence>& terms = *field;
    for (size_t i = 0; i < terms.size(); ++i) {
      ++occurrences[terms[i].term];
      if (i + 1 < terms.size() && Adjacent(terms[i], terms[i + 1])) {
        ++pairs[{terms[i].term, terms[i + 1].term}];
      }
    }
  }
  // a and b are bound if every a is directly followed by b and every b
  // directly follows an a.
  auto bound = [&](std::string_view a, std::string_view b) {
    auto it = pairs.find({a, b});
    return it != pairs.end() && it->second == occurrences[a] &&
           it->second == occurrences[b];
  };
  auto fragment = [&](std::string_view term) {
    return !idf.Contains(term) && CodePointCount(term) <= 2;
  };
  TermScores out = scores;
  if (options.max_parts < 2) return out;
  for (const std::vector<TermOccurrence>* field : fields) {
    const std::vector<TermOccurrence>& terms = *field;
    for (size_t i = 0; i < terms.size();) {
      // Seen often enough, any nouns written together are a compound; seen
      // less, only the pieces of a name the segmenter cut.
      const bool repeated =
          occurrences[terms[i].term] >= options.min_occurrences;
      auto part = [&](const TermOccurrence& t) {
        return repeated ? MayBeCompoundPart(t)
                        : !NeverCompoundPart(t.term) &&
                              (t.tag.starts_with("nr") || fragment(t.term));
      };
      size_t j = i;
      while (j + 1 < terms.size() && Adjacent(terms[j], terms[j + 1]) &&
             bound(terms[j].term, terms[j + 1].term) && part(terms[j]) &&
             part(terms[j + 1])) {
        ++j;
      }
      const size_t parts = j - i + 1;
      if (parts >= 2 && parts <= options.max_parts) {
        double best = 0;
        std::string compound;
        for (size_t k = i; k <= j; ++k) {
          auto it = scores.find(terms[k].term);
          if (it != scores.end()) best = std::max(best, it->second);
          compound += terms[k].term;
        }
        for (size_t k = i; k <= j; ++k) {
          auto it = out.find(terms[k].term);
          if (it != out.end()) out.erase(it);
        }
        double& score = out[compound];
        score = std::max(score, best);
      }
      i = j + 1;
    }
  }
  return out;
}

}  // namespace ink::enricher
