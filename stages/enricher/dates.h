// Dates and times written in a text, normalised to ISO 8601.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stages/enricher/entities.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {

// The calendar arithmetic of the date rules, shared with the English ones
// (english_dates.h).
namespace calendar {

struct Ymd {
  int y = 0, m = 0, d = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
long DaysFromCivil(int y, int m, int d);
Ymd CivilFromDays(long z);
// True for a real date of the years 1900-2100.
bool Valid(const Ymd& d);
// The date of an ISO 8601 text ("2021-08-17", "2021-08-17T06:56:06Z"), or
// nullopt.
std::optional<Ymd> ParseReference(std::string_view iso);
// "YYYY" (parts 1), "YYYY-MM" (2) or "YYYY-MM-DD" (3).
std::string Format(const Ymd& d, int parts);
// Of the valid candidates, the one nearest to `ref`, a future one counting
// three times as far (news tells of the past); nullopt if none is valid.
std::optional<Ymd> Nearest(const std::vector<Ymd>& candidates, const Ymd& ref);

}  // namespace calendar

// Date ("date") and time ("time") mentions of `text`:
//  - 2020年1月24日 -> 2020-01-24, 2020年1月 -> 2020-01, 2020年 -> 2020,
//    二〇二〇年一月二十四日 likewise; 2020-03-31, 2020/3/31, 2020.3.31;
//  - without a year (8月3日, 3日) the year and month come from
//    `reference_date` (ISO 8601, the article's date): the candidate nearest
//    to it (8月3日 in an article of 2021-08-17 is 2021-08-03; 12月28日 in one
//    of 2021-01-05 is 2020-12-28); left out if there is no reference;
//  - 今天/今日/昨天/昨日/前天/明天, 今年/去年/明年/前年, 本月/上月 resolved
//    against the reference; 同日/当天/当日 repeat the date written before;
//  - times: 16:40, 下午3点, 夜里十二点, 10时30分 -> HH:MM, prefixed with the
//    date (2021-08-03T10:00) when one is written just before.
std::vector<Mention> FindDates(const CodePoints& text,
                               std::string_view reference_date);

}  // namespace ink::enricher
