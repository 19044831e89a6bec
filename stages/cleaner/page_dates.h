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

// Whether `days` (as PrintedDays returns them) holds the calendar day of
// the ISO 8601 `iso`.
bool IsPrinted(const std::vector<std::string>& days, std::string_view iso);

}  // namespace ink::cleaner
