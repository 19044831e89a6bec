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

}  // namespace
}  // namespace ink::cleaner
