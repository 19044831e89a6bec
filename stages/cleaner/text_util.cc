#include "stages/cleaner/text_util.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace ink::cleaner {
namespace {

// Zero-width space, joiners, word joiner and the BOM: invisible marks that
// pages scatter inside words ("B\uFEFFest").
bool IsZeroWidth(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 ||
         c == 0xFEFF;
}

bool IsSpaceChar(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return true;
  if (IsZeroWidth(c)) return true;  // Trimmed like white space.
  // Unicode has no white space above U+3000 (the ideographic space): Han
  // characters and the rest of CJK text, which every character test of a
  // Chinese page meets, are answered without asking ICU. (Tested against
  // ICU's table.)
  if (c > 0x3000) return false;
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

}  // namespace

void AppendChar(std::string* out, char32_t c) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, static_cast<UChar32>(c), error);
  if (!error) out->append(reinterpret_cast<const char*>(buf), n);
}

std::string_view Trim(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next = begin;
    if (!IsSpaceChar(NextChar(s, &next))) break;
    begin = next;
  }
  size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    size_t start = end - 1;
    while (start > begin && (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80)
      --start;
    size_t probe = start;
    if (!IsSpaceChar(NextChar(s, &probe))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::string CollapseSpace(std::string_view s) {
  // The result is never longer than `s` (a run of spaces becomes at most
  // one, characters are copied as they are): it is written in place and
  // cut to length at the end, without a capacity check per character.
  std::string out(s.size(), '\0');
  char* const begin = out.data();
  char* w = begin;
  bool pending_space = false;
  // Whether each ASCII character is a space, as IsSpaceChar says: page
  // text is mostly ASCII, which then needs neither decoding nor ICU.
  static const std::array<bool, 128> kAsciiSpace = [] {
    std::array<bool, 128> t{};
    for (char32_t c = 0; c < 128; ++c) t[c] = IsSpaceChar(c);
    return t;
  }();
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      if (kAsciiSpace[b]) {
        pending_space = w != begin;
        continue;
      }
      if (pending_space) *w++ = ' ';
      pending_space = false;
      *w++ = static_cast<char>(b);
      continue;
    }
    size_t start = i;
    char32_t c = NextChar(s, &i);
    // Above U+3000 only U+FEFF is a space or zero-width character (see
    // IsSpaceChar): Han characters and the rest of CJK are copied at once.
    if (c > 0x3000 && c != 0xFEFF) {
      if (pending_space) *w++ = ' ';
      pending_space = false;
      for (size_t k = start; k < i; ++k) *w++ = s[k];
      continue;
    }
    if (IsZeroWidth(c)) continue;  // Removed: it separates nothing visible.
    if (IsSpaceChar(c)) {
      pending_space = w != begin;
      continue;
    }
    if (pending_space) *w++ = ' ';
    pending_space = false;
    for (size_t k = start; k < i; ++k) *w++ = s[k];
  }
  out.resize(static_cast<size_t>(w - begin));
  return out;
}

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = s.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) NextChar(s, &i);
  return n;
}

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  // std::tolower in the "C" locale (the cleaner never sets another), but
  // inline: class names, attributes and lines of every page go through
  // here.
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

bool HasLetterOrDigit(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (u_isalnum(static_cast<UChar32>(NextChar(s, &i)))) return true;
  }
  return false;
}

size_t HanCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) n += IsHan(NextChar(s, &i));
  return n;
}

size_t PunctuationCount(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    switch (NextChar(s, &i)) {
      case U'，':
      case U'。':
      case U'、':
      case U'；':
      case U'！':
      case U'？':
      case U',':
      case U';':
      case U'：':
        ++n;
        break;
      default:
        break;
    }
  }
  return n;
}

bool EndsLikeSentence(std::string_view s) {
  s = Trim(s);
  // Strip closing quotes and brackets that may follow the full stop.
  static constexpr std::string_view kClosers[] = {"”",  "’", "」", "』",
                                                  "）", ")", "\"", "'"};
  for (bool stripped = true; stripped && !s.empty();) {
    stripped = false;
    for (std::string_view c : kClosers) {
      if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) {
        s.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  static constexpr std::string_view kEnds[] = {"。", "！", "？", "…",
                                               ".",  "!",  "?"};
  for (std::string_view e : kEnds) {
    if (s.size() >= e.size() && s.substr(s.size() - e.size()) == e) return true;
  }
  return false;
}

std::string GuessLanguage(std::string_view text) {
  // Frequent characters whose simplified and traditional forms differ.
  static constexpr std::u32string_view kHans =
      U"这们个来说为国时会对后于与过还从学发经实当体关电长门间开应头问题见现让";
  static constexpr std::u32string_view kHant =
      U"這們個來說為國時會對後於與過還從學發經實當體關電長門間開應頭問題見現讓";
  // Which script each character of the BMP's main Han block marks (1
  // simplified, 2 traditional): one look-up per character instead of two
  // scans of the lists, as this runs on every article.
  static constexpr char32_t kBlock = 0x4E00, kBlockEnd = 0xA000;
  static const std::vector<uint8_t> kMark = [] {
    std::vector<uint8_t> mark(kBlockEnd - kBlock, 0);
    for (char32_t c : kHans) mark[c - kBlock] |= 1;
    for (char32_t c : kHant) mark[c - kBlock] |= 2;
    return mark;
  }();
  size_t han = 0, latin = 0, hans = 0, hant = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t c = NextChar(text, &i);
    if (IsHan(c)) {
      ++han;
      if (c >= kBlock && c < kBlockEnd) {
        hans += kMark[c - kBlock] & 1;
        hant += kMark[c - kBlock] >> 1;
      }
    } else if (c < 0x250 && u_isalpha(static_cast<UChar32>(c))) {
      ++latin;
    }
  }
  if (han == 0 && latin == 0) return "";
  // Latin letters come ~5 to a word while a Han character is a word on its
  // own, so weigh them accordingly.
  if (han * 5 >= latin) return hant > hans ? "zh-Hant" : "zh-Hans";
  // Mostly Latin: call it English when the commonest English words occur.
  std::string lower = " " + AsciiLower(text) + " ";
  size_t hits = 0;
  for (std::string_view w :
       {" the ", " and ", " of ", " to ", " in ", " is ", " a "}) {
    for (size_t p = lower.find(w); p != std::string::npos;
         p = lower.find(w, p + 1))
      ++hits;
  }
  return hits * 20 >= latin / 5 ? "en" : "other";
}

}  // namespace ink::cleaner
