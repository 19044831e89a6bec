// Near- and exact-duplicate fingerprints of an article body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ink/v1/envelope.pb.h"

namespace ink::enricher {

// 64-bit SimHash (Charikar) of a field's word tokens (sub-words excluded,
// stop words and punctuation skipped). Features are the words' norms and
// the pairs of adjacent kept words, each weighted by how often it occurs;
// a feature's hash is Hash64 mixed by a 64-bit finaliser so every bit is
// usable. Texts that differ in a few words are a few bits apart; unrelated
// texts about 32 bits. A field with no kept tokens yields 0.
uint64_t SimHash(const v1::SegmentedField& field);

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
