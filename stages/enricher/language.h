// Language of a text, from its scripts: zh-Hans, zh-Hant, en or other.
#pragma once

#include <string>
#include <string_view>

namespace ink::enricher {

struct ScriptCounts {
  size_t han = 0;            // Han ideographs.
  size_t latin = 0;          // Latin letters (incl. full-width).
  size_t kana_hangul = 0;    // Japanese kana and Korean hangul.
  size_t other_letters = 0;  // Letters of any other script.
  size_t simplified = 0;     // Characters only used in simplified Chinese.
  size_t traditional = 0;    // Characters only used in traditional Chinese.
  size_t latin_words = 0;    // Runs of Latin letters.
  size_t english_words = 0;  // Of those, common English function words.
};

// Counts the scripts of UTF-8 `text`; invalid bytes are skipped.
ScriptCounts CountScripts(std::string_view text);

// "zh-Hans", "zh-Hant", "en" or "other" (also for text with no letters).
// Chinese when Han characters outweigh Latin letters (one Han character
// counts as three letters, about one English word's worth) and kana or
// hangul are rare; traditional when more characters from a table of common
// traditional-only forms (這 國 說 們 ...) occur than of their simplified
// counterparts. English when Latin letters dominate and, in texts of 20
// words or more, at least 3% of the words are English function words.
// Thread-safe.
std::string DetectLanguage(std::string_view text);

}  // namespace ink::enricher
