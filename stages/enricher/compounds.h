// Compound keywords: candidate terms that an article only ever writes side
// by side are one name to a reader and to a search. The segmenter cuts an
// unknown name into pieces (高市/早苗, 巴赫/穆特, 泽/连/斯基); alone, a piece
// is cut differently by a query (泽连 is one unknown word there, so it finds
// nothing), and two pieces of one name spend two of the few keywords on one
// thing. Cut in isolation, the whole name gives the pieces back, so
// "高市早苗" finds the article wherever "高市" and "早苗" did.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stages/enricher/keywords.h"

namespace ink::enricher {

struct CompoundOptions {
  // Most terms joined into one compound; a longer run is left apart (it is
  // a phrase, not a name).
  size_t max_parts = 4;
  // Occurrences a run of nouns (MayBeCompoundPart()) needs to be a
  // compound: a pair seen once together is a coincidence, seen every time
  // it is one thing. Seen fewer times, a run is a compound only if all its
  // pieces are name pieces (tag nr...) or unknown fragments of at most two
  // characters (not in the IDF table): a name the segmenter cut.
  size_t min_occurrences = 2;
};

// True if the term may be part of a compound: a noun (tag n..., names and
// places included, and the HMM's unknown words), a verbal noun (vn: 防控)
// or an abbreviation (j: 乌军). A verb beside a name (王沪宁 出席) is not
// part of it: a compound is a thing, not a clause. Neither are forms of
// address, titles and event nouns (同志, 夫人, 总统, 会见), whatever their
// tag: 任建新同志 is the name 任建新 and a word.
bool MayBeCompoundPart(const TermOccurrence& term);

// Replaces in `scores` the terms of every compound by the compound itself:
// a run of terms of `fields` (each field's TermOccurrences in text order)
// in which each term directly follows the one before it (no byte between
// them) at every occurrence of both, of terms that may be parts
// (CompoundOptions::min_occurrences).
// The compound's score is its best
// part's; the parts are removed. Terms not in a compound keep their score.
TermScores MergeCompounds(
    const TermScores& scores,
    const std::vector<const std::vector<TermOccurrence>*>& fields,
    const IdfTable& idf, const CompoundOptions& options = {});

// The same on the fields of `terms` scored by id (scores[id] for every id
// of terms.index): *merged receives every term left and every compound
// with its score, in no particular order; compounds that are no term of
// the article are appended to *compounds, which *merged's views borrow.
void MergeCompounds(const TermScoreVector& scores, const FieldTerms& terms,
                    const IdfTable& idf, const CompoundOptions& options,
                    std::vector<std::pair<std::string_view, double>>* merged,
                    std::deque<std::string>* compounds);

}  // namespace ink::enricher
