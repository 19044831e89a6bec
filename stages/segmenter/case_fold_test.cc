#include "stages/segmenter/case_fold.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

std::string Fold(const CaseFolder& f, std::string_view s) {
  std::string out;
  f.Fold(s, &out);
  return out;
}
std::string Icu(const CaseFolder& f, std::string_view s) {
  std::string out;
  f.FoldWithIcu(s, &out);
  return out;
}

TEST(CaseFolderTest, FoldsLikeIcuForEveryCharacter) {
  auto f = CaseFolder::Create();
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(c, &s);
    ASSERT_EQ(Fold(*f, s), Icu(*f, s)) << "U+" << std::hex << uint32_t{c};
  }
}

TEST(CaseFolderTest, FoldsLikeIcuForMixedStrings) {
  auto f = CaseFolder::Create();
  ASSERT_TRUE(f.ok());
  // Characters that fold, combine with their neighbours or stand alone:
  // ASCII, combining marks, Hangul jamo and syllables, full-width forms,
  // CJK punctuation and compatibility characters, ligatures, Greek final
  // sigma, astral characters.
  const std::u32string pool =
      U"aZe9 .-'\u0301\u0308\u0327\u1100\u1161\u11A8\uAC00\uAC01\uFF21\uFF41"
      U"\uFF11\uFF05\u3000\u3001\u3002\u201C\u201D\u2014\u2026\u00BD\u2460"
      U"\uFB01\u00DF\u03A3\u03C2\u0130\u212B\u2126\uF900\u4E2D\u570B\u3400"
      U"\U00020000\U0001D400\u0E33\u0F77\u1E9B";
  std::mt19937 rng(42);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < len; ++i) AppendUtf8(pool[rng() % pool.size()], &s);
    ASSERT_EQ(Fold(*f, s), Icu(*f, s)) << s;
  }
}

TEST(CaseFolderTest, FoldsWidthCaseAndCompatibilityForms) {
  auto f = CaseFolder::Create();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(Fold(*f, "ＡＢＣ１２３％"), "abc123%");
  EXPECT_EQ(Fold(*f, "Straße"), "strasse");
  EXPECT_EQ(Fold(*f, "……"), "......");
  EXPECT_EQ(Fold(*f, "e\xCC\x81"), "\xC3\xA9");  // e + U+0301 -> é.
  // Invalid bytes never fail; ICU turns them into U+FFFD.
  EXPECT_EQ(Fold(*f, "a\xFF"), "a\xEF\xBF\xBD");
  EXPECT_EQ(Fold(*f, ""), "");
}

}  // namespace
}  // namespace ink::segmenter
