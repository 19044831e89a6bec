// A UTF-8 text as code points, for the rules that read characters (names,
// dates, amounts). Offsets are code points, as in v1::Token::char_begin.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ink::enricher {

class CodePoints {
 public:
  // Invalid bytes decode as U+FFFD, one per byte.
  explicit CodePoints(std::string_view text);

  size_t size() const { return cps_.size(); }
  // The code point at i, or 0 past either end.
  char32_t at(size_t i) const { return i < cps_.size() ? cps_[i] : 0; }
  // True if the code points from i are exactly `s`. Inline: the name
  // rules try every title at every character.
  bool Matches(size_t i, std::u32string_view s) const {
    if (i + s.size() > cps_.size()) return false;
    for (size_t k = 0; k < s.size(); ++k) {
      if (cps_[i + k] != s[k]) return false;
    }
    return true;
  }
  // The first i >= from at which Matches(i, s), or npos.
  size_t Find(std::u32string_view s, size_t from) const {
    return std::u32string_view(cps_.data(), cps_.size()).find(s, from);
  }
  // The UTF-8 text of code points [begin, end).
  std::string_view Sub(size_t begin, size_t end) const;

 private:
  std::string_view text_;
  std::vector<char32_t> cps_;
  std::vector<uint32_t> bytes_;  // Byte offset of each code point, + end.
};

// CJK unified ideographs (basic block and extension A).
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}
// ASCII or full-width decimal digit value, or -1.
inline int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  return -1;
}
// A set of code points for the scans that test every character of a text
// (does a date, an amount, a title start here?): a bitmap of the Basic
// Multilingual Plane, one test per character instead of a search of a
// string. Characters above it are never members.
class CharSet {
 public:
  explicit CharSet(std::u32string_view chars) : bits_(kWords, 0) {
    for (char32_t c : chars) {
      if (c < kLimit) bits_[c >> 6] |= uint64_t{1} << (c & 63);
    }
  }
  bool Contains(char32_t c) const {
    return c < kLimit && ((bits_[c >> 6] >> (c & 63)) & 1) != 0;
  }

 private:
  static constexpr char32_t kLimit = 0x10000;
  static constexpr size_t kWords = kLimit / 64;
  std::vector<uint64_t> bits_;
};

// True if `c` occurs in `set`.
inline bool In(char32_t c, std::u32string_view set) {
  return c != 0 && set.find(c) != std::u32string_view::npos;
}
// UTF-8 of one code point / of a UTF-32 string.
std::string ToUtf8(std::u32string_view s);
// UTF-32 of a UTF-8 string (invalid bytes as U+FFFD).
std::u32string ToUtf32(std::string_view s);

}  // namespace ink::enricher

namespace ink::enricher {

// A number read from a text.
struct Number {
  double value = 0;
  size_t end = 0;         // Code point after the number.
  size_t digits = 0;      // Digits written (Arabic or Chinese).
  bool arabic = false;    // Written with Arabic digits.
  bool fraction = false;  // Has a decimal point.
};

// Reads the number at `i`: Arabic digits (ASCII or full-width) with
// optional thousands commas and one decimal point, or Chinese numerals
// (〇零一二两三四五六七八九 with 十百千, and 万亿 unless `small`; a run of
// digits such as 二〇二〇 reads positionally). Returns false if none is
// there or `i` continues a number.
bool ReadNumber(const CodePoints& cps, size_t i, bool small, Number* out);

// Value of a Chinese digit character, or -1.
int ChineseDigit(char32_t c);

}  // namespace ink::enricher
