#include "stages/cleaner/text_util.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ink::cleaner
