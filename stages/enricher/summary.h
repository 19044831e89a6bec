// Extractive summary: the most central sentences of the body.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/enricher/keywords.h"

namespace ink::enricher {

struct SummaryOptions {
  // Most sentences returned.
  size_t max_sentences = 3;
  // Sentences shorter than this (in code points, trimmed) are not chosen.
  size_t min_chars = 8;
  // The first sentence's score is multiplied by 1 + early_bonus, falling
  // linearly to 1 for the last sentence.
  double early_bonus = 0.25;
  // Sentences that do not end in sentence punctuation (headings, captions)
  // have their score multiplied by this.
  double unterminated_factor = 0.5;
  // Only the first this many sentences are ranked. Ranking compares every
  // pair of sentences, so a 1 MB dump pasted as one article (20,000
  // sentences) would take minutes; a news article's summary comes from its
  // opening anyway.
  size_t max_ranked_sentences = 400;
};

// Chooses up to max_sentences sentences of `body` and returns their texts,
// trimmed, in original order. Sentences are the field's sentence spans (the
// segmenter's), further split at line breaks since paragraphs never share
// a sentence; if the field has none, the text is split at 。！？!? and line
// breaks. Sentences are ranked by TextRank: PageRank over the graph whose
// edges weigh two sentences' similarity, the sum of `scores` of the terms
// they share divided by ln(1 + terms of one) + ln(1 + terms of the other),
// with random jumps biased to sentences by the scores of their own terms
// (divided by the square root of their number, at least 4); the rank is
// then adjusted as in SummaryOptions. Sentences without a
// scored term are never chosen. The field's offsets must be valid
// (ValidateField()).
std::vector<std::string> Summarize(const v1::SegmentedField& body,
                                   const TermScores& scores,
                                   const SummaryOptions& options = {});
// The same with the scores by id of the article's terms
// (KeywordExtractor::ScoreById()).
std::vector<std::string> Summarize(const v1::SegmentedField& body,
                                   const FieldTerms& terms,
                                   const TermScoreVector& scores,
                                   const SummaryOptions& options = {});

}  // namespace ink::enricher
