// Dates a page states outside its meta tags: the calendar days printed in
// its text and the day written in its URL. They check and correct the date
// the meta tags give (html_metadata.cc).
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ink::cleaner {

// The day a URL's path names ("/2025/12/18/slug", "/articles/2025-12-15+Title",
// percent-encoded or not) as YYYY-MM-DD, or nullopt. Blogs and newspapers
// put the local publication day there; it never changes when the post is
// edited.
std::optional<std::string> UrlDate(std::string_view url);

// The calendar days (YYYY-MM-DD, sorted, unique) printed in the short text
// runs below `n` ("September 28, 2025", "Updated 2025-09-28"), outside
// scripts and styles. `default_offset_minutes` as for FindDate.
std::vector<std::string> PrintedDays(const GumboNode* n,
                                     int default_offset_minutes);

// Days since 1970-01-01 of the civil date "YYYY-MM-DD..." (H. Hinnant's
// days_from_civil), or nullopt if `iso` does not start with one.
std::optional<long> DayNumber(std::string_view iso);

// Whether the printed date `printed` contradicts the OpenGraph published
// date `published`: it is more than a day away from it (a day either way
// is the same instant in another zone) and it is not the day the page was
// last modified (`modified`, "" if unknown), which pages print as
// "Updated ..." beside an unprinted publication date.
bool ContradictsPublished(std::string_view printed, std::string_view published,
                          std::string_view modified);

// Whether `days` (as PrintedDays returns them) holds the calendar day of
// the ISO 8601 `iso`.
bool IsPrinted(const std::vector<std::string>& days, std::string_view iso);

}  // namespace ink::cleaner
