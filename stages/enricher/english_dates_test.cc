#include "stages/enricher/english_dates.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ink::enricher {
namespace {

// normalized by text of the dates of an all-English text.
std::map<std::string, std::string> Dates(std::string_view text,
                                         std::string_view reference) {
  CodePoints cps(text);
  CharSpans all = {{0, static_cast<uint32_t>(cps.size())}};
  std::map<std::string, std::string> out;
  for (const Mention& m : FindEnglishDates(cps, reference, all)) {
    EXPECT_EQ(m.type, "date");
    EXPECT_EQ(m.text, cps.Sub(m.char_begin, m.char_end));
    out[m.text] = m.normalized;
  }
  return out;
}

TEST(EnglishDatesTest, FullDatesInBothOrders) {
  auto d = Dates(
      "The deal was signed on 3 March 2021 and again on March 4, 2021. "
      "It ends on the 5th of June 2022; talks began Tuesday, March 2, 2021. "
      "Sales fell in February 2020 and Sept. 9 2019 was quiet.",
      "");
  EXPECT_EQ(d["3 March 2021"], "2021-03-03");
  EXPECT_EQ(d["March 4, 2021"], "2021-03-04");
  EXPECT_EQ(d["5th of June 2022"], "2022-06-05");
  EXPECT_EQ(d["Tuesday, March 2, 2021"], "2021-03-02");
  EXPECT_EQ(d["February 2020"], "2020-02");
  EXPECT_EQ(d["Sept. 9 2019"], "2019-09-09");
  EXPECT_EQ(d.size(), 6u);
}

TEST(EnglishDatesTest, YearsAfterPrepositionsOnly) {
  auto d = Dates(
      "Leave rises to nine months by 2007. He scored 2007 points "
      "and 1999-2000 was a season; in 2004-05 too.",
      "");
  EXPECT_EQ(d["2007"], "2007");
  EXPECT_EQ(d.size(), 1u);
}

TEST(EnglishDatesTest, WithoutYearNearestTheArticle) {
  auto d =
      Dates("Talks resume on 28 December and end January 3.", "2021-01-05");
  EXPECT_EQ(d["28 December"], "2020-12-28");
  EXPECT_EQ(d["January 3"], "2021-01-03");
  // Without a reference: month and day only.
  auto n = Dates("Talks resume on 28 December.", "");
  EXPECT_EQ(n["28 December"], "--12-28");
}

TEST(EnglishDatesTest, RelativeDatesAndWeekdays) {
  // 2021-03-10 is a Wednesday.
  auto d = Dates(
      "The minister said on Monday that yesterday was busy. He will "
      "report next Monday, and last Wednesday was calm. Results come "
      "tomorrow; sales rose last year and in December.",
      "2021-03-10");
  EXPECT_EQ(d["Monday"], "2021-03-08");
  EXPECT_EQ(d["yesterday"], "2021-03-09");
  EXPECT_EQ(d["next Monday"], "2021-03-15");
  EXPECT_EQ(d["last Wednesday"], "2021-03-03");
  EXPECT_EQ(d["tomorrow"], "2021-03-11");
  EXPECT_EQ(d["last year"], "2020");
  EXPECT_EQ(d["December"], "2020-12");
  // Nothing relative without the article's date.
  EXPECT_TRUE(Dates("He said on Monday that yesterday was busy.", "").empty());
}

TEST(EnglishDatesTest, NamesAndNumbersAreNoDates) {
  auto d = Dates(
      "The Sunday Times and the Mail on Sunday backed Super Tuesday. "
      "Theresa May spoke; 3pm, 20m and 12 months passed. She may go.",
      "2021-03-10");
  EXPECT_TRUE(d.empty()) << d.begin()->first;
}

TEST(EnglishDatesTest, OnlyInsideTheSpans) {
  CodePoints cps("会议于3月召开。Signed on 3 March 2021.");
  CharSpans english = {{8, static_cast<uint32_t>(cps.size())}};
  auto out = FindEnglishDates(cps, "", english);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].normalized, "2021-03-03");
  EXPECT_EQ(out[0].char_begin, 18u);
  EXPECT_TRUE(FindEnglishDates(cps, "", {}).empty());
}

}  // namespace
}  // namespace ink::enricher
