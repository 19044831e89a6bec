#include "stages/enricher/summary.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

struct Span {
  uint32_t begin = 0, end = 0;  // Bytes into the field text.
};

bool StartsWithAt(std::string_view text, size_t i, std::string_view what) {
  return text.compare(i, what.size(), what) == 0;
}

// Length in bytes of sentence-final punctuation at text[i], or 0.
size_t TerminatorAt(std::string_view text, size_t i) {
  if (text[i] == '!' || text[i] == '?') return 1;
  // A full stop ends a sentence only before a space or the end ("3.5").
  if (text[i] == '.' &&
      (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
    return 1;
  }
  for (std::string_view p : {"。", "！", "？", "…", "；"}) {
    if (StartsWithAt(text, i, p)) return p.size();
  }
  return 0;
}

// Splits [begin, end) of `text` at line breaks.
void SplitLines(std::string_view text, Span span, std::vector<Span>* out) {
  uint32_t start = span.begin;
  for (uint32_t i = span.begin; i < span.end; ++i) {
    if (text[i] == '\n') {
      if (i > start) out->push_back({start, i});
      start = i + 1;
    }
  }
  if (span.end > start) out->push_back({start, span.end});
}

std::vector<Span> SentenceSpans(const v1::SegmentedField& body) {
  std::string_view text = body.text();
  std::vector<Span> spans;
  if (body.sentences_size() > 0) {
    for (const v1::Sentence& s : body.sentences()) {
      SplitLines(text, {s.byte_begin(), s.byte_end()}, &spans);
    }
    return spans;
  }
  uint32_t start = 0;
  for (uint32_t i = 0; i < text.size();) {
    size_t n = TerminatorAt(text, i);
    if (n == 0) {
      ++i;
      continue;
    }
    i += n;
    SplitLines(text, {start, i}, &spans);
    start = i;
  }
  SplitLines(text, {start, static_cast<uint32_t>(text.size())}, &spans);
  return spans;
}

bool IsSpaceAt(std::string_view text, size_t i, size_t* n) {
  unsigned char c = text[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    *n = 1;
    return true;
  }
  if (StartsWithAt(text, i, "\u3000")) {  // Ideographic space.
    *n = 3;
    return true;
  }
  if (StartsWithAt(text, i, "\u00a0")) {
    *n = 2;
    return true;
  }
  return false;
}

Span Trim(std::string_view text, Span span) {
  size_t n = 0;
  while (span.begin < span.end && IsSpaceAt(text, span.begin, &n) &&
         span.begin + n <= span.end) {
    span.begin += n;
  }
  // Trailing: only single-byte spaces and the two multi-byte ones above.
  for (bool trimmed = true; trimmed && span.end > span.begin;) {
    trimmed = false;
    for (size_t len : {1, 2, 3}) {
      if (span.end - span.begin >= len && IsSpaceAt(text, span.end - len, &n) &&
          n == len) {
        span.end -= len;
        trimmed = true;
        break;
      }
    }
  }
  return span;
}

bool EndsTerminated(std::string_view text, Span span) {
  std::string_view s = text.substr(span.begin, span.end - span.begin);
  // Closing quotes and brackets may follow the terminator.
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view q : {"”", "’", "」", "』", "）", ")", "\"", "'"}) {
      if (s.size() >= q.size() && s.substr(s.size() - q.size()) == q) {
        s.remove_suffix(q.size());
        stripped = true;
      }
    }
  }
  for (std::string_view p : {"。", "！", "？", "…", "!", "?", "."}) {
    if (s.size() >= p.size() && s.substr(s.size() - p.size()) == p) return true;
  }
  return false;
}

}  // namespace

namespace {

// Summarize() with the scored terms numbered by `index` and scored by
// `score` (by id).
std::vector<std::string> SummarizeIndexed(const v1::SegmentedField& body,
                                          const TermIndex& index,
                                          const std::vector<double>& score,
                                          const SummaryOptions& options) {
  std::string_view text = body.text();
  std::vector<Span> spans = SentenceSpans(body);
  if (spans.size() > options.max_ranked_sentences)
    spans.resize(options.max_ranked_sentences);
  for (Span& span : spans) span = Trim(text, span);
  std::vector<const v1::Token*> words = WordTokens(body);

  // The distinct scored terms of each sentence, as ids numbered in the
  // terms' byte order (so sorted ids are sorted terms, and sums over shared
  // terms add up in the same order as over the strings), and each id's
  // score.
  std::vector<std::vector<uint32_t>> terms(spans.size());
  std::vector<uint32_t> distinct;  // Ids of `index`.
  std::vector<uint32_t> position(index.size(), TermIndex::kNone);
  size_t w = 0;  // Words are in order of offset; spans are too.
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& span = spans[i];
    while (w < words.size() && words[w]->byte_begin() < span.begin) ++w;
    for (size_t j = w; j < words.size() && words[j]->byte_end() <= span.end;
         ++j) {
      const uint32_t id = index.Find(TermOf(*words[j]));
      if (id == TermIndex::kNone) continue;
      terms[i].push_back(id);
      if (position[id] == TermIndex::kNone) {
        position[id] = 0;
        distinct.push_back(id);
      }
    }
  }
  std::sort(distinct.begin(), distinct.end(), [&](uint32_t a, uint32_t b) {
    return index.name(a) < index.name(b);
  });
  std::vector<double> score_of(distinct.size());
  for (size_t k = 0; k < distinct.size(); ++k) {
    position[distinct[k]] = static_cast<uint32_t>(k);
    score_of[k] = score[distinct[k]];
  }
  for (std::vector<uint32_t>& ids : terms) {
    for (uint32_t& id : ids) id = position[id];
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  // TextRank: sentences linked by the scores of their shared terms,
  // divided by ln of their sizes (Mihalcea and Tarau's similarity).
  const size_t n_spans = spans.size();
  std::vector<std::vector<std::pair<size_t, double>>> edges(n_spans);
  std::vector<double> out_weight(n_spans, 0), log_size(n_spans);
  for (size_t i = 0; i < n_spans; ++i) {
    log_size[i] = std::log(terms[i].size() + 1.0);
  }
  for (size_t i = 0; i < n_spans; ++i) {
    for (size_t j = i + 1; j < n_spans; ++j) {
      if (terms[i].empty() || terms[j].empty()) continue;
      double shared = 0;
      for (size_t a = 0, b = 0; a < terms[i].size() && b < terms[j].size();) {
        if (terms[i][a] < terms[j][b]) {
          ++a;
        } else if (terms[j][b] < terms[i][a]) {
          ++b;
        } else {
          shared += score_of[terms[i][a]];
          ++a;
          ++b;
        }
      }
      if (shared <= 0) continue;
      double sim = shared / (log_size[i] + log_size[j]);
      edges[i].emplace_back(j, sim);
      edges[j].emplace_back(i, sim);
      out_weight[i] += sim;
      out_weight[j] += sim;
    }
  }
  // The random jump favours sentences by their own terms' scores (mean 1),
  // so a pair of filler sentences linked only to each other does not rank
  // as high as the linked sentences that carry the article's terms.
  std::vector<double> jump(n_spans, 0);
  double mass = 0;
  for (size_t i = 0; i < n_spans; ++i) {
    for (uint32_t t : terms[i]) jump[i] += score_of[t];
    jump[i] /= std::sqrt(std::max<double>(terms[i].size(), 4));
    mass += jump[i];
  }
  for (double& j : jump) j = mass > 0 ? j * n_spans / mass : 1.0;
  std::vector<double> rank(jump), next(n_spans);
  constexpr double kDamping = 0.85;
  for (int it = 0; it < 30; ++it) {
    for (size_t i = 0; i < n_spans; ++i) {
      double sum = 0;
      for (const auto& [j, sim] : edges[i])
        sum += sim / out_weight[j] * rank[j];
      next[i] = (1 - kDamping) * jump[i] + kDamping * sum;
    }
    rank.swap(next);
  }

  struct Candidate {
    size_t index;
    double score;
  };
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < n_spans; ++i) {
    const Span& span = spans[i];
    std::string_view sentence = text.substr(span.begin, span.end - span.begin);
    if (terms[i].empty() || CodePointCount(sentence) < options.min_chars) {
      continue;
    }
    double score = rank[i];
    double position =
        n_spans > 1 ? static_cast<double>(i) / (n_spans - 1) : 0.0;
    score *= 1.0 + options.early_bonus * (1.0 - position);
    if (!EndsTerminated(text, span)) score *= options.unterminated_factor;
    candidates.push_back({i, score});
  }
  size_t n = std::min(options.max_sentences, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + n,
                    candidates.end(), [](const auto& a, const auto& b) {
                      return a.score != b.score ? a.score > b.score
                                                : a.index < b.index;
                    });
  candidates.resize(n);
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  std::vector<std::string> summary;
  summary.reserve(n);
  for (const Candidate& c : candidates) {
    const Span& span = spans[c.index];
    summary.emplace_back(text.substr(span.begin, span.end - span.begin));
  }
  return summary;
}

}  // namespace

std::vector<std::string> Summarize(const v1::SegmentedField& body,
                                   const TermScores& scores,
                                   const SummaryOptions& options) {
  TermIndex index(scores.size());
  std::vector<double> score(scores.size());
  for (const auto& [term, value] : scores) score[index.Add(term)] = value;
  return SummarizeIndexed(body, index, score, options);
}

std::vector<std::string> Summarize(const v1::SegmentedField& body,
                                   const FieldTerms& terms,
                                   const TermScoreVector& scores,
                                   const SummaryOptions& options) {
  return SummarizeIndexed(body, terms.index, scores, options);
}

}  // namespace ink::enricher
