// The English sentences of a text as words, numbers and symbols, for the
// English date and amount rules (english_dates.h, english_amounts.h).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "stages/enricher/text_scan.h"

namespace ink::enricher {

struct Lexeme {
  enum Kind { kWord, kNumber, kSymbol };
  Kind kind = kSymbol;
  std::string_view text;        // As written.
  uint32_t begin = 0, end = 0;  // Code points.
  bool space_before = false;    // Whitespace (or the span start) before it.
  // Numbers: the value ("1,400.5" -> 1400.5), digits before the point and
  // whether a point or thousands commas were written.
  double value = 0;
  int int_digits = 0;
  bool fraction = false;
  bool commas = false;
};

// Lexemes of code points [begin, end) of `cps`: ASCII words ([A-Za-z]+,
// with inner apostrophes), numbers (ASCII digits with thousands commas and
// one decimal point), and every other non-space code point alone.
std::vector<Lexeme> LexEnglish(const CodePoints& cps, uint32_t begin,
                               uint32_t end);

}  // namespace ink::enricher
