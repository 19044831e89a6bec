#include "stages/enricher/language.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "stages/enricher/text_scan.h"

namespace ink::enricher {
namespace {

// Common characters whose simplified and traditional forms differ, as
// "simplified traditional" pairs. Only pairs where neither form is in
// ordinary use in the other script (so not 后/後, 里/裡, 干/乾, 台/臺...).
constexpr std::array<std::pair<char32_t, char32_t>, 90> kPairs = {{
    {U'这', U'這'}, {U'国', U'國'}, {U'说', U'說'}, {U'们', U'們'},
    {U'来', U'來'}, {U'会', U'會'}, {U'时', U'時'}, {U'为', U'為'},
    {U'与', U'與'}, {U'对', U'對'}, {U'个', U'個'}, {U'过', U'過'},
    {U'还', U'還'}, {U'进', U'進'}, {U'动', U'動'}, {U'发', U'發'},
    {U'经', U'經'}, {U'现', U'現'}, {U'关', U'關'}, {U'开', U'開'},
    {U'问', U'問'}, {U'题', U'題'}, {U'学', U'學'}, {U'长', U'長'},
    {U'实', U'實'}, {U'间', U'間'}, {U'点', U'點'}, {U'业', U'業'},
    {U'东', U'東'}, {U'门', U'門'}, {U'车', U'車'}, {U'书', U'書'},
    {U'让', U'讓'}, {U'认', U'認'}, {U'话', U'話'}, {U'员', U'員'},
    {U'机', U'機'}, {U'体', U'體'}, {U'没', U'沒'}, {U'区', U'區'},
    {U'银', U'銀'}, {U'务', U'務'}, {U'产', U'產'}, {U'电', U'電'},
    {U'报', U'報'}, {U'华', U'華'}, {U'种', U'種'}, {U'战', U'戰'},
    {U'级', U'級'}, {U'线', U'線'}, {U'资', U'資'}, {U'济', U'濟'},
    {U'场', U'場'}, {U'变', U'變'}, {U'应', U'應'}, {U'结', U'結'},
    {U'网', U'網'}, {U'记', U'記'}, {U'马', U'馬'}, {U'见', U'見'},
    {U'觉', U'覺'}, {U'鱼', U'魚'}, {U'买', U'買'}, {U'卖', U'賣'},
    {U'钱', U'錢'}, {U'边', U'邊'}, {U'头', U'頭'}, {U'听', U'聽'},
    {U'讲', U'講'}, {U'医', U'醫'}, {U'险', U'險'}, {U'单', U'單'},
    {U'费', U'費'}, {U'总', U'總'}, {U'组', U'組'}, {U'织', U'織'},
    {U'领', U'領'}, {U'导', U'導'}, {U'设', U'設'}, {U'数', U'數'},
    {U'无', U'無'}, {U'从', U'從'}, {U'两', U'兩'}, {U'样', U'樣'},
    {U'将', U'將'}, {U'并', U'並'}, {U'众', U'眾'}, {U'万', U'萬'},
    {U'处', U'處'}, {U'岁', U'歲'},
}};

// Bitmaps: every Han character of a text is looked up in both.
struct VariantTables {
  CharSet simplified{Forms(0)}, traditional{Forms(1)};
  static std::u32string Forms(int which) {
    std::u32string forms;
    for (auto [s, t] : kPairs) forms += which == 0 ? s : t;
    return forms;
  }
};

const VariantTables& Variants() {
  static const VariantTables* tables = new VariantTables();
  return *tables;
}

constexpr std::string_view kEnglishFunctionWords[] = {
    "the",  "of",   "and",  "to",   "in",   "is",  "a",     "for",
    "that", "on",   "with", "as",   "was",  "are", "by",    "it",
    "at",   "from", "be",   "this", "have", "has", "an",    "or",
    "not",  "but",  "were", "will", "said", "its", "their", "which",
};

bool IsEnglishFunctionWord(const std::string& lower) {
  for (std::string_view w : kEnglishFunctionWords) {
    if (std::string_view(lower) == w) return true;
  }
  return false;
}

}  // namespace

ScriptCounts CountScripts(std::string_view text) {
  const VariantTables& variants = Variants();
  ScriptCounts counts;
  std::string word;  // Current run of ASCII letters, lower-cased.
  bool in_latin_word = false;
  auto end_word = [&] {
    if (in_latin_word) {
      ++counts.latin_words;
      if (IsEnglishFunctionWord(word)) ++counts.english_words;
    }
    in_latin_word = false;
    word.clear();
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    // Most characters are three bytes led by E4..E9 (U+4000..U+9FFF):
    // decoded here, without U8_NEXT's general checks.
    if (bytes[i] >= 0xE4 && bytes[i] <= 0xE9 && i + 2 < length &&
        (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80) {
      c = ((bytes[i] & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) |
          (bytes[i + 2] & 0x3F);
      i += 3;
    } else {
      U8_NEXT(bytes, i, length, c);
    }
    if (c < 0) continue;
    // The two common cases without ICU: basic CJK ideographs (all Han) and
    // ASCII that is no letter (script Common, not alphabetic).
    if (c >= 0x4E00 && c <= 0x9FFF) {
      end_word();
      ++counts.han;
      if (variants.simplified.Contains(c)) ++counts.simplified;
      if (variants.traditional.Contains(c)) ++counts.traditional;
      continue;
    }
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      end_word();
      continue;
    }
    UErrorCode error = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &error);
    if (U_FAILURE(error)) script = USCRIPT_UNKNOWN;
    if (script == USCRIPT_LATIN && u_isalpha(c)) {
      ++counts.latin;
      in_latin_word = true;
      if (c < 0x80)
        word.push_back(static_cast<char>(u_tolower(c)));
      else
        word.push_back('?');  // Never matches a function word.
      continue;
    }
    end_word();
    if (script == USCRIPT_HAN) {
      ++counts.han;
      if (variants.simplified.Contains(c)) ++counts.simplified;
      if (variants.traditional.Contains(c)) ++counts.traditional;
    } else if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
               script == USCRIPT_HANGUL) {
      ++counts.kana_hangul;
    } else if (u_isalpha(c) && script != USCRIPT_COMMON &&
               script != USCRIPT_INHERITED) {
      ++counts.other_letters;
    }
  }
  end_word();
  return counts;
}

std::string DetectLanguage(std::string_view text) {
  ScriptCounts c = CountScripts(text);
  const size_t han_weight = 3 * c.han;
  if (c.han == 0 && c.latin == 0) return "other";
  if (han_weight >= c.latin && c.han > 0) {
    // Japanese mixes kana with kanji; Korean may contain hanja.
    if (c.kana_hangul * 5 >= c.han || c.other_letters > c.han) return "other";
    return c.traditional > c.simplified ? "zh-Hant" : "zh-Hans";
  }
  if (c.latin < c.kana_hangul + c.other_letters) return "other";
  if (c.latin_words >= 20 && c.english_words * 100 < c.latin_words * 3) {
    return "other";
  }
  return "en";
}

}  // namespace ink::enricher
