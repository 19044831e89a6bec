#include "stages/enricher/english_lexer.h"

namespace ink::enricher {
namespace {

bool IsAsciiLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
         c == 0x3000;
}

}  // namespace

std::vector<Lexeme> LexEnglish(const CodePoints& cps, uint32_t begin,
                               uint32_t end) {
  std::vector<Lexeme> out;
  bool space = true;
  for (uint32_t i = begin; i < end;) {
    const char32_t c = cps.at(i);
    if (IsSpace(c)) {
      space = true;
      ++i;
      continue;
    }
    Lexeme l;
    l.begin = i;
    l.space_before = space;
    space = false;
    if (IsAsciiLetter(c)) {
      l.kind = Lexeme::kWord;
      uint32_t k = i + 1;
      while (k < end &&
             (IsAsciiLetter(cps.at(k)) || (cps.at(k) == '\'' && k + 1 < end &&
                                           IsAsciiLetter(cps.at(k + 1))))) {
        ++k;
      }
      l.end = k;
    } else if (IsAsciiDigit(c)) {
      l.kind = Lexeme::kNumber;
      uint32_t k = i;
      double value = 0;
      while (k < end) {
        const char32_t d = cps.at(k);
        if (IsAsciiDigit(d)) {
          value = value * 10 + static_cast<double>(d - '0');
          ++l.int_digits;
          ++k;
        } else if (d == ',' && k + 3 < end && IsAsciiDigit(cps.at(k + 1)) &&
                   IsAsciiDigit(cps.at(k + 2)) && IsAsciiDigit(cps.at(k + 3)) &&
                   (k + 4 >= end || !IsAsciiDigit(cps.at(k + 4)))) {
          // Thousands: 1,400 (not the list 1,2,3).
          l.commas = true;
          ++k;
        } else {
          break;
        }
      }
      if (cps.at(k) == '.' && k + 1 < end && IsAsciiDigit(cps.at(k + 1))) {
        l.fraction = true;
        double scale = 0.1;
        ++k;
        while (k < end && IsAsciiDigit(cps.at(k))) {
          value += scale * static_cast<double>(cps.at(k) - '0');
          scale /= 10;
          ++k;
        }
      }
      l.value = value;
      l.end = k;
    } else {
      l.kind = Lexeme::kSymbol;
      l.end = i + 1;
    }
    l.text = cps.Sub(l.begin, l.end);
    out.push_back(l);
    i = l.end;
  }
  return out;
}

}  // namespace ink::enricher
