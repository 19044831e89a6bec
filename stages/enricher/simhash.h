// Near- and exact-duplicate fingerprints of an article body.
//
// The near-duplicate fingerprint is a 64-bit SimHash (Charikar) of the
// body's content terms weighted by IDF. The store links two articles whose
// fingerprints are within Hamming distance 3, so the fingerprint must move
// by at most a few bits when a repost edits a few sentences, and by many
// bits between two articles of one press office, which share its name,
// its branches and its stock phrases. Hence:
//  - the features are the keyword candidates (KeywordExtractor::Terms):
//    no stop words, chrome (记者, 来源, 编辑...), punctuation or numbers, so
//    "1200余户" -> "1200多户" or a new date changes nothing;
//  - short boilerplate sentences (a byline "记者李明报道。": mostly chrome
//    words) are skipped;
//  - each term weighs idf * tf^tf_power: the article's repeated, telling
//    terms dominate the vote and a sentence added or dropped moves it
//    little, while shared low-IDF office words weigh little;
//  - the IDF is jieba's fixed table, never the store's statistics, so an
//    article's fingerprint does not drift as the archive grows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ink/v1/envelope.pb.h"
#include "stages/enricher/keywords.h"

namespace ink::enricher {

struct FingerprintOptions {
  // A term that occurs tf times weighs idf * tf^tf_power. Above 1 the
  // repeated terms decide more of the vote, so a sentence added or a word
  // changed moves fewer bits; too far above, two articles on one event
  // collide. On 6000 xwlb_zh items (near_duplicate_eval): 1.5 keeps 91% of
  // one-word edits and 71% of one-sentence additions within distance 3
  // (1.0: 87%, 49%) with 2 of 39632 same-day pairs that close (1.0: 0;
  // 2.0: 27).
  double tf_power = 1.5;
  // A sentence with at most this many candidate terms and at least as
  // many listed stop words or chrome words (StopWords) is boilerplate
  // (bylines, credits, source lines) and is skipped.
  size_t boilerplate_max_terms = 3;
};

// The weighted features of `field` as described above. `terms` supplies
// the candidate terms (its corpus statistics are not used); `idf` the
// weights.
TermScores FingerprintFeatures(const v1::SegmentedField& field,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options = {});
// The same, with the field's candidate terms already made
// (`terms.Terms(field)`).
TermScores FingerprintFeatures(const v1::SegmentedField& field,
                               const std::vector<TermOccurrence>& occurrences,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options = {});
// The same for the body of an article whose terms are `article`
// (KeywordExtractor::ArticleTerms() with `terms`' table, so article.idf
// holds `idf`'s values, which are not looked up again).
TermScores FingerprintFeatures(const v1::SegmentedField& body,
                               const FieldTerms& article,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options = {});

// 64-bit SimHash of weighted features: each feature's 64-bit hash (Hash64
// mixed by a finaliser, so every bit is usable) votes its weight for each
// bit it has set and against each bit it has clear. Features that differ
// in a small share of the weight give hashes a few bits apart; unrelated
// ones about 32 bits. No features (or no positive weight) yields 0.
uint64_t SimHash(const TermScores& features);

// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// The text that BodyHash() hashes: NFKC case-folded, with whitespace,
// punctuation, symbols, control and format characters removed, so texts
// that differ only there (spacing, full-width forms, quotes, separators)
// compare equal. Invalid UTF-8 bytes are dropped.
std::string NormalizeForHash(std::string_view text);

// Exact-duplicate key of an article body: 32 lower-case hex digits of a
// 128-bit BLAKE2b of NormalizeForHash() of the paragraphs in order. Empty
// if nothing remains after normalisation, so empty bodies never match.
std::string BodyHash(const v1::CleanArticle& article);

}  // namespace ink::enricher
