#include "stages/cleaner/text_util.h"

#include <gtest/gtest.h>
#include <unicode/uchar.h>

namespace ink::cleaner {
namespace {

TEST(TextUtilTest, CollapseSpaceJoinsRunsAndTrimsTheEnds) {
  EXPECT_EQ(CollapseSpace("  a \t b\n\nc  "), "a b c");
  EXPECT_EQ(CollapseSpace("\u3000新闻\u00A0发布\u3000"), "新闻 发布");
}

TEST(TextUtilTest, ZeroWidthMarksAreRemovedNotTurnedIntoSpaces) {
  EXPECT_EQ(CollapseSpace("B\uFEFFest of \u200Bthe\u2060 year"),
            "Best of the year");
  EXPECT_EQ(CollapseSpace("\uFEFF标题\u200D"), "标题");
  EXPECT_EQ(Trim("\uFEFF title \u200B"), "title");
}

// ASCII takes a fast path in CollapseSpace: every ASCII white space
// (and only those: control characters stay) collapses as before, between
// and around other characters.
TEST(TextUtilTest, CollapseSpaceFastPathKeepsAsciiRules) {
  EXPECT_EQ(CollapseSpace("a\x0B\x0C\rb \x1F c\x01"), "a b \x1F c\x01");
  EXPECT_EQ(CollapseSpace("\t\u00A0 x\u2003y \u200B"), "x y");
  EXPECT_EQ(CollapseSpace("中 文\nEnglish\t\t text "), "中 文 English text");
}

// IsSpaceChar answers for code points above U+3000 without ICU: none of
// them is white space in ICU's table, so CJK text trims and collapses as
// before (U+FEFF, zero-width, is removed as ever).
TEST(TextUtilTest, NoWhiteSpaceAboveIdeographicSpace) {
  for (UChar32 c = 0x3001; c <= 0x10FFFF; ++c)
    ASSERT_FALSE(u_isUWhiteSpace(c)) << std::hex << c;
  EXPECT_EQ(CollapseSpace("\u3000新\u3000闻\uFEFF。\u3001"), "新 闻。\u3001");
  EXPECT_EQ(Trim("\u3000\u2003新闻\u205F"), "新闻");
}

TEST(TextUtilTest, AsciiLowerChangesOnlyAsciiCapitals) {
  EXPECT_EQ(AsciiLower("Hello WORLD-09_Z@[`{"), "hello world-09_z@[`{");
  EXPECT_EQ(AsciiLower("ÄÖ Straße 新闻"), "ÄÖ straße 新闻");
}

}  // namespace
}  // namespace ink::cleaner
