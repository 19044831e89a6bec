// Fixed word lists and character classes behind the segmenter's rules:
// Chinese numerals, units, classifiers, surnames and stop words. They follow
// the Peking University segmentation standard (a number keeps its date and
// magnitude unit, "２０００年", "１２月", "３１日", "５０万"; a numeral and its
// classifier are two words, "一 年"; a name is surname + given name,
// "江 泽民").
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <cstdint>
#include <string_view>

namespace ink::segmenter {

namespace lexicon_internal {
// The numerals by a perfect hash into 64 slots: the segmenter asks for
// every Han character, and 256 bytes stay in the cache where the 64 KB
// table of the other classes does not.
inline constexpr std::u32string_view kNumerals =
    U"〇○零一二三四五六七八九两十百千万亿";
constexpr uint32_t NumeralSlot(char32_t c) {
  return (static_cast<uint32_t>(c) * 0x9E3779B3u) >> 26;
}
struct NumeralTable {
  char32_t slot[64];
};
constexpr NumeralTable MakeNumeralTable() {
  NumeralTable t{};
  for (char32_t& x : t.slot) x = 0xFFFFFFFF;  // Matches no character.
  for (char32_t c : kNumerals) t.slot[NumeralSlot(c)] = c;
  return t;
}
inline constexpr NumeralTable kNumeralTable = MakeNumeralTable();
constexpr bool EveryNumeralHasItsSlot() {
  for (char32_t c : kNumerals) {
    if (kNumeralTable.slot[NumeralSlot(c)] != c) return false;
  }
  return true;
}
static_assert(EveryNumeralHasItsSlot(), "numerals collide: change the hash");
}  // namespace lexicon_internal

// 〇 ○ 零 一 二 两 三 ... 九 十 百 千 万 亿: characters of a Chinese numeral.
inline bool IsChineseNumeral(char32_t c) {
  return lexicon_internal::kNumeralTable
             .slot[lexicon_internal::NumeralSlot(c)] == c;
}

// 〇 ○ 零 一 ... 九: the digits that spell years ("二○○一").
bool IsChineseDigit(char32_t c);

// The value of a Chinese numeral below 100 ("三十一" -> 31, "十二" -> 12),
// or -1 if s[0, n) is not one.
int SmallChineseNumber(const char32_t* s, size_t n);

// 万 亿 千 百: a magnitude that stays with the digits before it ("50万").
bool IsMagnitude(char32_t c);

// A classifier or measure word that is a word of its own after a numeral
// ("一 年", "两 个", "多 名", "万 元").
bool IsClassifier(char32_t c);

// Single-character Chinese surnames ("王", "江") and two-character ones
// ("欧阳"), for splitting person names into surname and given name.
bool IsSurname(char32_t c);
bool IsCompoundSurname(char32_t a, char32_t b);

// Chinese function words and English stop words (lower case), for
// Token::stop.
bool IsStopWord(std::string_view norm);

// IsStopWord() for a word of Han characters, given as code points: one
// table load decides unless the word starts as a stop word does.
bool IsHanStopWord(const char32_t* s, size_t n, std::string_view norm);

}  // namespace ink::segmenter
