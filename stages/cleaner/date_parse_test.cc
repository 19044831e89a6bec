#include "stages/cleaner/date_parse.h"

#include <gtest/gtest.h>

namespace ink::cleaner {
namespace {

std::string P(std::string_view s) { return ParseDate(s).value_or("none"); }

TEST(DateParseTest, Formats) {
  EXPECT_EQ(P("2020-03-31 16:40"), "2020-03-31T16:40:00+08:00");
  EXPECT_EQ(P("2019年09月07日 13:43"), "2019-09-07T13:43:00+08:00");
  EXPECT_EQ(P("2019年9月7日13:43:45"), "2019-09-07T13:43:45+08:00");
  EXPECT_EQ(P("Tue, 17 Aug 2021 06:56:06 GMT"), "2021-08-17T06:56:06+00:00");
  EXPECT_EQ(P("17 Aug 2021 06:56:06 +0200"), "2021-08-17T06:56:06+02:00");
  EXPECT_EQ(P("2021-08-17T06:56:06Z"), "2021-08-17T06:56:06+00:00");
  EXPECT_EQ(P("2021-08-17T06:56:06.123-05:00"), "2021-08-17T06:56:06-05:00");
  EXPECT_EQ(P("2020/3/31"), "2020-03-31");
  EXPECT_EQ(P("2020.03.31"), "2020-03-31");
  EXPECT_EQ(P("2005-5-7 21:23:57"), "2005-05-07T21:23:57+08:00");
  EXPECT_EQ(P("September 4, 2025"), "2025-09-04");
  EXPECT_EQ(P("Sep. 4, 2025 at 3:05 PM EDT"), "2025-09-04T15:05:00-04:00");
  EXPECT_EQ(P("4 September 2025"), "2025-09-04");
  EXPECT_EQ(P("发布时间：2022年1月3日"), "2022-01-03");
}

TEST(DateParseTest, RejectsImpossibleAndMissing) {
  EXPECT_EQ(P("2020-13-45"), "none");
  EXPECT_EQ(P("no date here"), "none");
  EXPECT_EQ(P(""), "none");
}

TEST(DateParseTest, FindDateGivesPosition) {
  std::string s = "来源: 工行 2020-03-31 16:40新年伊始";
  auto m = FindDate(s);
  ASSERT_TRUE(m);
  EXPECT_EQ(s.substr(m->end), "新年伊始");
  EXPECT_TRUE(m->has_time);
}

TEST(DateParseTest, DefaultOffsetApplies) {
  EXPECT_EQ(ParseDate("2020-03-31 16:40", 0).value(),
            "2020-03-31T16:40:00+00:00");
}

TEST(DateParseTest, UsNumericMonthFirst) {
  EXPECT_EQ(P("Thu, 09/25/2025 - 11:38"), "2025-09-25T11:38:00+08:00");
  EXPECT_EQ(P("Updated: 10/31/2024"), "2024-10-31");
  EXPECT_EQ(P("7/5/2005 9:23:57 PM"), "2005-07-05T21:23:57+08:00");
  // A month over 12 can only be read day first.
  EXPECT_EQ(P("Posted on the 15/12/2025 at 19:00"),
            "2025-12-15T19:00:00+08:00");
  EXPECT_EQ(P("31/13/2024"), "none");
  // An impossible first candidate does not hide a later one.
  EXPECT_EQ(P("ref 44/44/2020, sent 3/4/2021"), "2021-03-04");
}

TEST(DateParseTest, DottedDayFirst) {
  EXPECT_EQ(P("17.05.2021"), "2021-05-17");
  EXPECT_EQ(P("Published 23.07.2025 · 5 min read"), "2025-07-23");
  EXPECT_EQ(P("on 1.2.2020."), "2020-02-01");
  // Version numbers and addresses are not dates.
  EXPECT_EQ(P("v1.2.2020.4"), "none");
  EXPECT_EQ(P("12.31.2020"), "none");
}

TEST(DateParseTest, EarliestPatternWins) {
  auto m = FindDate("Updated 2/3/2021, first published March 1, 2020");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->iso, "2021-02-03");
}

TEST(DateParseTest, MonthNameGluedByMarkup) {
  // "<span>Editorial</span><span>November 22, 2018</span>".
  EXPECT_EQ(P("EditorialNovember 22, 2018"), "2018-11-22");
  // Not a month inside a lower-case word.
  EXPECT_EQ(P("dismay 4, 2020"), "none");
}

TEST(DateParseTest, MonthOfYear) {
  auto m = FindMonthOfYear("AoAH Day 15 / Dec 2025");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->iso, "2025-12");
  EXPECT_EQ(m->begin, 14u);
  EXPECT_FALSE(m->has_time);
  EXPECT_EQ(FindMonthOfYear("Date: November, 2003")->iso, "2003-11");
  EXPECT_EQ(FindMonthOfYear("Sept. 2024 issue")->iso, "2024-09");
  // Not a month name inside a word, nor a year that is a time or longer.
  EXPECT_FALSE(FindMonthOfYear("summary 2025"));
  EXPECT_FALSE(FindMonthOfYear("Dec 20251"));
  EXPECT_FALSE(FindMonthOfYear("no month in 2025"));
}

TEST(DateParseTest, DashedDayMonthYear) {
  EXPECT_EQ(P("FlowGuard EMEA on 04-ago-2021 5:11:10"),
            "2021-08-04T05:11:10+08:00");
  EXPECT_EQ(P("Posted 17-Aug-2021"), "2021-08-17");
  EXPECT_EQ(P("12-dic-2020"), "2020-12-12");
  // Not inside a longer token or with a word that is no month.
  EXPECT_EQ(P("sku 12-abc-2020"), "none");
  EXPECT_EQ(P("x-04-ago-2021-y"), "none");
}

TEST(DateParseTest, HyphenatedNumericDateWithTheYearLastIsDayFirst) {
  EXPECT_EQ(P("02-12-2025"), "2025-12-02");
  EXPECT_EQ(P("Posted 3-4-2025"), "2025-04-03");
  EXPECT_EQ(P("02-12-2025 14:30"), "2025-12-02T14:30:00+08:00");
  // A month over 12 can only be the day.
  EXPECT_EQ(P("12-25-2025"), "2025-12-25");
  // ISO dates keep the year first; longer digit runs are not dates.
  EXPECT_EQ(P("2025-12-02"), "2025-12-02");
  EXPECT_EQ(P("(929) 990-2060"), "none");
  EXPECT_EQ(P("ref 123-12-2025"), "none");
  EXPECT_EQ(P("02-12-20250"), "none");
}

TEST(DateParseTest, DayInAFileName) {
  EXPECT_EQ(DateInFileName("20220929.md"), "2022-09-29");
  EXPECT_EQ(DateInFileName("/srv/inbox/2021-08-17-branch-news.md"),
            "2021-08-17");
  EXPECT_EQ(DateInFileName("xwlb_2022_09_29.html"), "2022-09-29");
  EXPECT_EQ(DateInFileName("2024-02-29.txt"), "2024-02-29");
  // Not a calendar day, part of a longer number, or mixed separators.
  EXPECT_EQ(DateInFileName("2023-02-29.txt"), std::nullopt);
  EXPECT_EQ(DateInFileName("report-20221399.md"), std::nullopt);
  EXPECT_EQ(DateInFileName("id-120220929.md"), std::nullopt);
  EXPECT_EQ(DateInFileName("2022-09_29.md"), std::nullopt);
  EXPECT_EQ(DateInFileName("20220929/page.html"), std::nullopt);
  EXPECT_EQ(DateInFileName("page.html"), std::nullopt);
}

}  // namespace
}  // namespace ink::cleaner
