#include "stages/enricher/compounds.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

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

namespace {

// A compound: terms [begin, end] of fields[field].
struct Run {
  size_t field, begin, end;
};

// The compounds of `fields` in order (see MergeCompounds()); id_of(f, i)
// is the id, below `n_ids`, of term i of fields[f], equal ids for equal
// terms.
template <typename IdOf>
std::vector<Run> FindRuns(
    const std::vector<const std::vector<TermOccurrence>*>& fields, size_t n_ids,
    IdOf id_of, const IdfTable& idf, const CompoundOptions& options) {
  std::vector<Run> runs;
  if (options.max_parts < 2) return runs;
  std::vector<uint32_t> occurrences(n_ids, 0);
  // Adjacent pairs (first id << 32 | second id), sorted: a pair's count is
  // the length of its range.
  std::vector<uint64_t> pairs;
  for (size_t f = 0; f < fields.size(); ++f) {
    const std::vector<TermOccurrence>& terms = *fields[f];
    for (size_t i = 0; i < terms.size(); ++i) {
      ++occurrences[id_of(f, i)];
      if (i + 1 < terms.size() && Adjacent(terms[i], terms[i + 1])) {
        pairs.push_back(uint64_t{id_of(f, i)} << 32 | id_of(f, i + 1));
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  // a and b are bound if every a is directly followed by b and every b
  // directly follows an a.
  auto bound = [&](uint32_t a, uint32_t b) {
    auto [lo, hi] =
        std::equal_range(pairs.begin(), pairs.end(), uint64_t{a} << 32 | b);
    const size_t n = static_cast<size_t>(hi - lo);
    return n > 0 && n == occurrences[a] && n == occurrences[b];
  };
  auto fragment = [&](std::string_view term) {
    return !idf.Contains(term) && CodePointCount(term) <= 2;
  };
  for (size_t f = 0; f < fields.size(); ++f) {
    const std::vector<TermOccurrence>& terms = *fields[f];
    for (size_t i = 0; i < terms.size();) {
      // Seen often enough, any nouns written together are a compound; seen
      // less, only the pieces of a name the segmenter cut.
      const bool repeated = occurrences[id_of(f, i)] >= options.min_occurrences;
      auto part = [&](const TermOccurrence& t) {
        return repeated ? MayBeCompoundPart(t)
                        : !NeverCompoundPart(t.term) &&
                              (t.tag.starts_with("nr") || fragment(t.term));
      };
      size_t j = i;
      while (j + 1 < terms.size() && Adjacent(terms[j], terms[j + 1]) &&
             bound(id_of(f, j), id_of(f, j + 1)) && part(terms[j]) &&
             part(terms[j + 1])) {
        ++j;
      }
      const size_t parts = j - i + 1;
      if (parts >= 2 && parts <= options.max_parts) runs.push_back({f, i, j});
      i = j + 1;
    }
  }
  return runs;
}

std::string CompoundOf(const std::vector<TermOccurrence>& terms,
                       const Run& run) {
  std::string compound;
  for (size_t k = run.begin; k <= run.end; ++k) compound += terms[k].term;
  return compound;
}

}  // namespace

TermScores MergeCompounds(
    const TermScores& scores,
    const std::vector<const std::vector<TermOccurrence>*>& fields,
    const IdfTable& idf, const CompoundOptions& options) {
  TermIndex index;
  std::vector<std::vector<uint32_t>> ids(fields.size());
  for (size_t f = 0; f < fields.size(); ++f) {
    for (const TermOccurrence& t : *fields[f])
      ids[f].push_back(index.Add(t.term));
  }
  const std::vector<Run> runs = FindRuns(
      fields, index.size(), [&](size_t f, size_t i) { return ids[f][i]; }, idf,
      options);
  TermScores out = scores;
  for (const Run& run : runs) {
    const std::vector<TermOccurrence>& terms = *fields[run.field];
    double best = 0;
    for (size_t k = run.begin; k <= run.end; ++k) {
      auto it = scores.find(terms[k].term);
      if (it != scores.end()) best = std::max(best, it->second);
    }
    for (size_t k = run.begin; k <= run.end; ++k) {
      auto it = out.find(terms[k].term);
      if (it != out.end()) out.erase(it);
    }
    double& score = out[CompoundOf(terms, run)];
    score = std::max(score, best);
  }
  return out;
}

void MergeCompounds(const TermScoreVector& scores, const FieldTerms& terms,
                    const IdfTable& idf, const CompoundOptions& options,
                    std::vector<std::pair<std::string_view, double>>* merged,
                    std::deque<std::string>* compounds) {
  const std::vector<const std::vector<TermOccurrence>*> fields = {
      &terms.title, &terms.body, &terms.captions};
  const std::vector<Run> runs = FindRuns(
      fields, terms.index.size(),
      [&](size_t f, size_t i) { return (*fields[f])[i].id; }, idf, options);
  // The map of the other MergeCompounds() by id; compounds that are no
  // term of the article get their own entries.
  std::vector<double> out(scores);
  std::vector<char> present(out.size(), 1);
  std::vector<double> compound_scores;
  compounds->clear();
  for (const Run& run : runs) {
    const std::vector<TermOccurrence>& field = *fields[run.field];
    double best = 0;
    for (size_t k = run.begin; k <= run.end; ++k) {
      best = std::max(best, scores[field[k].id]);
    }
    for (size_t k = run.begin; k <= run.end; ++k) present[field[k].id] = 0;
    std::string compound = CompoundOf(field, run);
    double* score = nullptr;
    const uint32_t id = terms.index.Find(compound);
    if (id != TermIndex::kNone) {
      if (!present[id]) out[id] = 0;
      present[id] = 1;
      score = &out[id];
    } else {
      auto it = std::find(compounds->begin(), compounds->end(), compound);
      if (it == compounds->end()) {
        compounds->push_back(std::move(compound));
        compound_scores.push_back(0);
        it = compounds->end() - 1;
      }
      score = &compound_scores[static_cast<size_t>(it - compounds->begin())];
    }
    *score = std::max(*score, best);
  }
  merged->clear();
  for (uint32_t id = 0; id < out.size(); ++id) {
    if (present[id]) merged->emplace_back(terms.index.name(id), out[id]);
  }
  for (size_t k = 0; k < compound_scores.size(); ++k) {
    merged->emplace_back((*compounds)[k], compound_scores[k]);
  }
}

}  // namespace ink::enricher
