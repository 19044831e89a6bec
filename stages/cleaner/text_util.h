// Small UTF-8 text helpers shared by the cleaner's format handlers. All take
// and return UTF-8; none allocates more than its result.
#pragma once

#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ink::cleaner {

// Removes leading and trailing white space, including U+3000 (ideographic
// space), U+00A0 (no-break space) and zero-width characters, which pasted
// Chinese pages are full of.
std::string_view Trim(std::string_view s);

// Replaces every run of white space (ASCII and the Unicode spaces above) by
// one ASCII space and trims the ends.
std::string CollapseSpace(std::string_view s);

// Splits on \n, dropping a trailing \r from each line.
std::vector<std::string_view> SplitLines(std::string_view s);

// Number of code points (invalid bytes count one each).
size_t CharCount(std::string_view s);

// True for Han ideographs (CJK unified, extensions, compatibility).
bool IsHan(char32_t c);

// Decodes the code point at `*i` and advances `*i`; invalid bytes yield
// U+FFFD and advance one byte. Inline: the character counts and space
// tests call it on every character of a page's text.
inline char32_t NextChar(std::string_view s, size_t* i) {
  UChar32 c;
  int32_t pos = static_cast<int32_t>(*i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos,
          static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

// Appends `c` as UTF-8.
void AppendChar(std::string* out, char32_t c);

// ASCII lower-casing; other bytes unchanged.
std::string AsciiLower(std::string_view s);

// Number of Han ideographs in `s`.
size_t HanCount(std::string_view s);

// True if `s` holds a letter or a digit of any script (a name; "/" or
// "|" is none).
bool HasLetterOrDigit(std::string_view s);

// Sentence and clause punctuation, CJK and Latin: the "commas" that tell
// prose from navigation.
size_t PunctuationCount(std::string_view s);

// True if `s` ends in sentence-final punctuation (。！？.!? and closing
// quotes after them).
bool EndsLikeSentence(std::string_view s);

// Best guess of the language of `text`: "zh-Hans", "zh-Hant", "en", "other",
// or "" for no letters at all. Han share decides Chinese; a few very common
// characters that differ between the scripts decide Hans vs Hant.
std::string GuessLanguage(std::string_view text);

}  // namespace ink::cleaner
