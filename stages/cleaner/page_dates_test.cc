#include "stages/cleaner/page_dates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;

TEST(PageDatesTest, UrlDateReadsTheDayOfThePath) {
  EXPECT_EQ(UrlDate("https://blog.example.org/2025/12/18/a-post-title/"),
            "2025-12-18");
  EXPECT_EQ(UrlDate("https://example.org/articles/2025-12-15+Why+and+how"),
            "2025-12-15");
  // Written percent-encoded.
  EXPECT_EQ(UrlDate("https://example.org%2Farticles%2F2021-02-27%2BTitle"),
            "2021-02-27");
  EXPECT_EQ(UrlDate("https://example.org/2024/09/16"), "2024-09-16");
}

TEST(PageDatesTest, UrlDateNeedsAWholeDayInThePath) {
  EXPECT_EQ(UrlDate("https://example.org/2025/12/a-post/"), std::nullopt);
  EXPECT_EQ(UrlDate("https://example.org/post?d=2025-12-15"), std::nullopt);
  EXPECT_EQ(UrlDate("https://example.org/2025/13/01/x"), std::nullopt);
  EXPECT_EQ(UrlDate("https://example.org/2025/12/181234"), std::nullopt);
  EXPECT_EQ(UrlDate("https://example.org/x2025-12-15"), std::nullopt);
  EXPECT_EQ(UrlDate(""), std::nullopt);
}

TEST(PageDatesTest, PrintedDaysAreShortTextRunsOutsideScripts) {
  const std::string long_run(120, 'x');
  const std::string html =
      "<div><span>Updated September 28, 2025</span>"
      "<time>2024-01-05</time><script>var d = '2023-03-03';</script>"
      "<p>" +
      long_run +
      " on 2022-02-02 we met</p>"
      "<p>By Ann, 2024-01-05</p></div>";
  GumboOutput* doc = gumbo_parse(html.c_str());
  EXPECT_THAT(PrintedDays(doc->root, 480),
              ElementsAre("2024-01-05", "2025-09-28"));
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
}

TEST(PageDatesTest, IsPrintedComparesTheCalendarDay) {
  const std::vector<std::string> days = {"2024-01-05", "2025-09-28"};
  EXPECT_TRUE(IsPrinted(days, "2025-09-28T06:58:21-04:00"));
  EXPECT_FALSE(IsPrinted(days, "2025-09-27T23:00:00+00:00"));
  EXPECT_FALSE(IsPrinted(days, "2025"));
}

TEST(PageDatesTest, DayNumberCountsDaysAcrossMonthsAndYears) {
  ASSERT_TRUE(DayNumber("1970-01-01").has_value());
  EXPECT_EQ(*DayNumber("1970-01-01"), 0);
  EXPECT_EQ(*DayNumber("2024-03-01") - *DayNumber("2024-02-28"), 2);
  EXPECT_EQ(*DayNumber("2025-01-01T10:00:00+08:00") - *DayNumber("2024-12-31"),
            1);
  EXPECT_EQ(DayNumber("2025-13-01"), std::nullopt);
  EXPECT_EQ(DayNumber("Dec 2025"), std::nullopt);
}

TEST(PageDatesTest, PrintedDayContradictsPublishedOnlyFarFromItAndTheUpdate) {
  EXPECT_TRUE(ContradictsPublished("2022-10-08", "2022-10-24T12:40:59+00:00",
                                   "2022-12-02T08:16:16+00:00"));
  EXPECT_TRUE(ContradictsPublished("2013-12-30", "2024-08-07", ""));
  // A day away: the same instant in another zone.
  EXPECT_FALSE(ContradictsPublished("2025-07-04", "2025-07-05T00:04:00Z", ""));
  // The modification day: an "Updated" date.
  EXPECT_FALSE(
      ContradictsPublished("2025-11-06", "2025-02-12", "2025-11-06T10:00:00Z"));
  EXPECT_FALSE(ContradictsPublished("2025-11-06", "", ""));
}

}  // namespace
}  // namespace ink::cleaner
