// One date parser for every format the cleaner meets: ISO 8601, RFC 2822,
// Chinese (2019年09月07日 13:43), numeric (2020-03-31 16:40, 2020/3/31),
// US month first (9/25/2025; 15/12/2025 can only be day first), European
// dotted day first (17.05.2021), hyphenated numeric day first with the year
// last (02-12-2025; 12-25-2025 can only be month first), English (September
// 4, 2025) and hyphenated day-month-year with English or Romance short months
// (04-ago-2021). Results
// are ISO 8601:
//   - with a time: YYYY-MM-DDTHH:MM:SS+HH:MM. A stated zone is kept as
//     written (RFC 2822 "GMT" gives +00:00: the instant is kept, not moved to
//     +08:00), otherwise the default offset applies (+08:00 for the Chinese
//     sites we mostly read);
//   - date only: YYYY-MM-DD (no zone: a calendar day has none).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ink::cleaner {

struct DateMatch {
  std::string iso;   // Normalised as above.
  size_t begin = 0;  // Byte range of the match in the searched text.
  size_t end = 0;
  bool has_time = false;
};

// Finds the first date in `text` (a line or a short string). Returns nullopt
// if there is none or the only candidates are impossible dates.
// `default_offset_minutes` is used when a time has no zone.
std::optional<DateMatch> FindDate(std::string_view text,
                                  int default_offset_minutes = 480);

// Finds the first month of a year named in `text` ("Dec 2025", "November
// 2003") where FindDate finds no whole date. The iso is "YYYY-MM" (ISO 8601
// for a month). Kept apart from FindDate: a month alone is rarely the day a
// page was published, and callers decide where it may stand for one.
std::optional<DateMatch> FindMonthOfYear(std::string_view text);

// The day a file's name gives, as archives and blog engines name them
// ("20220929.md", "2021-08-17-branch-news.md", "xwlb_2022_09_29.html"):
// YYYYMMDD or YYYY-MM-DD (or _) in the base name, not part of a longer
// number, and a real calendar day. "YYYY-MM-DD", or nullopt.
std::optional<std::string> DateInFileName(std::string_view filename);

// Parses a string that is meant to be a date (a meta tag, front matter).
// Same as FindDate but returns only the normalised value.
std::optional<std::string> ParseDate(std::string_view text,
                                     int default_offset_minutes = 480);

}  // namespace ink::cleaner
