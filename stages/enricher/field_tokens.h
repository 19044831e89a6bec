// Reading the segmenter's output: fields by name, word tokens without the
// search-mode sub-words, and a sanity check of the offsets. Every part of the
// enricher reads tokens through these helpers so they agree on what a word is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"

namespace ink::enricher {

// Returns the field named `name` ("title", "body"), or nullptr if absent.
const v1::SegmentedField* FindField(const v1::SegmentedArticle& article,
                                    std::string_view name);

// Gives every token of the field that has no text the bytes of its range
// in the field text: the segmenter sends tokens without it (the range is
// the text), and the enricher reads Token.text. Tokens whose range is
// reversed or outside the text keep no text (ValidateField rejects them);
// tokens that have a text keep it.
void FillTokenTexts(v1::SegmentedField* field);

// Returns the field's word tokens in order: every token except search-mode
// sub-words. A sub-word is a token whose character span lies inside the
// previous word token with the same position. Pointers borrow from `field`.
std::vector<const v1::Token*> WordTokens(const v1::SegmentedField& field);

// The form of a token used as a term: its norm, or its text if the norm is
// empty.
std::string_view TermOf(const v1::Token& token);

// Number of UTF-8 code points in `text` (bytes that are not continuation
// bytes; a stray continuation byte is not counted). Inline and a word at a
// time: the rules ask it of nearly every word.
inline size_t CodePointCount(std::string_view text) {
  // The number of bytes 10xxxxxx among the eight of x: their bit 7, moved
  // to bit 0 and summed.
  auto continuation = [](uint64_t x) -> size_t {
    const uint64_t c = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
    return (c * 0x0101010101010101ull) >> 56;
  };
  const char* p = text.data();
  const size_t size = text.size();
  size_t n = 0;  // Continuation bytes.
  if (size >= 8) {
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      uint64_t x;
      std::memcpy(&x, p + i, 8);
      n += continuation(x);
    }
    if (i < size) {  // The last eight bytes, those counted above masked.
      uint64_t x;
      std::memcpy(&x, p + size - 8, 8);
      n += continuation(x & (~uint64_t{0} << (8 * (8 - (size - i)))));
    }
  } else if (size >= 4) {  // Two four-byte loads, the overlap masked.
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + size - 4, 4);
    n = continuation(lo) +
        continuation(hi & (~uint64_t{0} << (8 * (8 - size))) & 0xFFFFFFFFull);
  } else {
    for (size_t i = 0; i < size; ++i) {
      n += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
    }
  }
  return size - n;
}

// InvalidArgument naming the field if a token's or sentence's byte range
// is reversed, lies outside the field text, or starts or ends inside a
// UTF-8 character; OK otherwise.
Status ValidateField(const v1::SegmentedField& field);

}  // namespace ink::enricher
