#include "stages/cleaner/date_parse.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <utility>

#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

struct Parts {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  std::optional<int> offset_minutes;  // Zone as written, if any.
};

int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  // Spanish, Portuguese and Italian short names that differ from the
  // English ones ("04-ago-2021"), month by month.
  static constexpr std::array<std::string_view, 12> kRomance = {
      "ene", "fev", "mag", "abr", "mai", "giu",
      "lug", "ago", "set", "out", "ott", "dic"};
  static constexpr int kRomanceMonth[] = {1, 2, 5, 4,  5,  6,
                                          7, 8, 9, 10, 10, 12};
  std::string lower = AsciiLower(name.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  }
  for (size_t i = 0; i < kRomance.size(); ++i) {
    if (lower == kRomance[i]) return kRomanceMonth[i];
  }
  if (lower == "gen") return 1;
  if (lower == "dez") return 12;
  return 0;
}

// "Z", "GMT", "+0800", "+08:00", "EST"... -> minutes east of UTC.
std::optional<int> ZoneOffset(std::string_view zone) {
  if (zone.empty()) return std::nullopt;
  std::string z = AsciiLower(zone);
  if (z == "z" || z == "gmt" || z == "utc" || z == "ut") return 0;
  if (z[0] == '+' || z[0] == '-') {
    std::string digits;
    for (char c : z)
      if (c >= '0' && c <= '9') digits.push_back(c);
    if (digits.size() == 2) digits += "00";
    if (digits.size() != 4) return std::nullopt;
    int minutes =
        std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2));
    return z[0] == '-' ? -minutes : minutes;
  }
  // North American zones of RFC 2822, and the Chinese one.
  static const std::pair<std::string_view, int> kNamed[] = {
      {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
      {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
      {"bst", 60},   {"cet", 60},   {"cest", 120}, {"jst", 540}};
  for (const auto& [name, off] : kNamed) {
    if (z == name) return off;
  }
  return std::nullopt;
}

bool Valid(const Parts& p) {
  return p.year >= 1900 && p.year <= 2100 && p.month >= 1 && p.month <= 12 &&
         p.day >= 1 && p.day <= 31 && p.hour < 24 && p.minute < 60 &&
         p.second < 61;
}

std::string Format(const Parts& p, int default_offset) {
  char buf[64];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    return buf;
  }
  int off = p.offset_minutes.value_or(default_offset);
  char sign = off < 0 ? '-' : '+';
  off = std::abs(off);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                p.year, p.month, p.day, p.hour, p.minute, p.second, sign,
                off / 60, off % 60);
  return buf;
}

int ToInt(const std::ssub_match& m) {
  return m.matched ? std::atoi(m.str().c_str()) : 0;
}

void ApplyMeridiem(const std::ssub_match& m, Parts* p) {
  if (!m.matched || p->hour < 0) return;
  char c =
      static_cast<char>(std::tolower(static_cast<unsigned char>(m.str()[0])));
  if (c == 'p' && p->hour < 12) p->hour += 12;
  if (c == 'a' && p->hour == 12) p->hour = 0;
}

constexpr char kMonthName[] =
    "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    "aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\."
    "?";
constexpr char kTime[] =
    "(?:,?\\s*(?:at\\s+)?(\\d{1,2})(?::|：)(\\d{2})(?:(?::|：)(\\d{2}))?"
    "(?:\\.\\d+)?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?\\s*"
    "(z|[+-]\\d{2}:?\\d{2}|gmt|utc|[a-z]{3,4}(?![a-z]))?)?";

// 2020-03-31 16:40, 2020/3/31, 2019年09月07日 13:43, 2021-08-17T06:56:06Z.
const std::regex& NumericRe() {
  static const std::regex re(
      "((?:19|20)\\d\\d)\\s*(?:-|/|\\.|年)\\s*(\\d{1,2})\\s*(?:-|/|\\.|月)\\s*"
      "(\\d{1,2})(?!\\d)\\s*(?:日|号)?(?:\\s*(?:T|\\s)?\\s*(\\d{1,2})(?::|：)("
      "\\d{2})"
      "(?:(?::|：)(\\d{2}))?(?:\\.\\d+)?\\s*(Z|[+-]\\d{2}:?\\d{2}|GMT|UTC)?)?",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// Tue, 17 Aug 2021 06:56:06 GMT; 4 September 2025.
const std::regex& DayMonthRe() {
  static const std::regex re(
      std::string("(?:\\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s*)?\\b("
                  "\\d{1,2})\\s+") +
          kMonthName + ",?\\s+((?:19|20)\\d\\d)" + kTime,
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// September 4, 2025 10:00 AM EDT. No \\b before the month: inline elements
// glue words ("EditorialNovember 22, 2018"); GluedMonth() checks the start.
const std::regex& MonthDayRe() {
  static const std::regex re(
      std::string(kMonthName) +
          "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d\\d)" + kTime,
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// US numeric dates, month first: 09/25/2025, 9/25/2025 11:38 (only with a
// four-digit year last, so 2020/3/31 and ids are left to NumericRe).
const std::regex& UsNumericRe() {
  static const std::regex re(
      std::string("(?:^|[^\\d/.])(\\d{1,2})/(\\d{1,2})/((?:19|20)\\d\\d)"
                  "(?![\\d/])") +
          "(?:\\s*-?" + kTime + ")?",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// European dotted dates, day first: 17.05.2021, 23.07.2025 14:00. A dot
// after the year may end the sentence, a digit after it may not.
const std::regex& DottedDayFirstRe() {
  static const std::regex re(
      std::string("(?:^|[^\\d.])(\\d{1,2})\\.(\\d{1,2})\\.((?:19|20)\\d\\d)"
                  "(?!\\d|[./]\\d)") +
          "(?:\\s*-?" + kTime + ")?",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// Day, short month name and year joined by hyphens, as CMSs print them in
// English and in the Romance languages: 04-ago-2021 5:11:10, 17-Aug-2021.
const std::regex& DashedDayMonthRe() {
  static const std::regex re(
      std::string("(?:^|[^\\w-])(\\d{1,2})-(jan|feb|mar|apr|may|jun|jul|aug|"
                  "sep|oct|nov|dec|ene|fev|gen|mag|abr|mai|giu|lug|ago|set|out|"
                  "ott|dic|dez)\\.?-((?:19|20)\\d\\d)(?![\\w-])") +
          kTime,
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// Day-first numeric dates joined by hyphens, year last: 02-12-2025 (as
// printed in much of the world; US pages write month-first dates with
// slashes). "12-25-2025" can only be month first.
const std::regex& DashedDayFirstRe() {
  static const std::regex re(
      std::string("(?:^|[^\\d-])(\\d{1,2})-(\\d{1,2})-((?:19|20)\\d\\d)"
                  "(?![\\d-])") +
          "(?:\\s*" + kTime + ")?",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return re;
}

// Where each pattern puts its parts. `time` is the hour's group; minute and
// second follow it, then the meridiem (if the pattern has one), then the
// zone.
struct GroupOrder {
  int year, month, day, time;
  bool meridiem;
  bool month_named;  // The month group is a name, not a number.
  // "15/12/2025": a month over 12 can only be read day first.
  bool day_first_if_needed;
};
constexpr GroupOrder kIsoOrder{1, 2, 3, 4, false, false, false};
constexpr GroupOrder kDayMonthOrder{3, 2, 1, 4, true, true, false};
constexpr GroupOrder kMonthDayOrder{3, 1, 2, 4, true, true, false};
constexpr GroupOrder kUsOrder{3, 1, 2, 4, true, false, true};
constexpr GroupOrder kDottedOrder{3, 2, 1, 4, true, false, false};
constexpr GroupOrder kDashedOrder{3, 2, 1, 4, true, true, false};
constexpr GroupOrder kDashedDayFirstOrder{3, 2, 1, 4, true, false, true};

Parts PartsOf(const std::smatch& m, const GroupOrder& g) {
  Parts p;
  p.year = ToInt(m[g.year]);
  p.month = g.month_named ? MonthFromName(m[g.month].str()) : ToInt(m[g.month]);
  p.day = ToInt(m[g.day]);
  // "15/12/2025" read month first, "12-25-2025" read day first: a month
  // over 12 can only be the day.
  if (g.day_first_if_needed && p.month > 12 && p.day <= 12)
    std::swap(p.month, p.day);
  if (m[g.time].matched) {
    p.hour = ToInt(m[g.time]);
    p.minute = ToInt(m[g.time + 1]);
    p.second = ToInt(m[g.time + 2]);
    int zone = g.time + 3;
    if (g.meridiem) ApplyMeridiem(m[zone++], &p);
    if (m[zone].matched) p.offset_minutes = ZoneOffset(m[zone].str());
  }
  return p;
}

// Every pattern needs a four-digit year 19xx or 20xx: text without one is
// rejected before any regex runs (most lines of a page).
bool HasYear(std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      ++run;
      if (run >= 4) {
        std::string_view y = s.substr(i - 3, 2);
        if (y == "19" || y == "20") return true;
      }
    } else {
      run = 0;
    }
  }
  return false;
}

// NumericRe needs a year followed by a separator: "2020-", "2020 /",
// "2019年".
bool HasYearThenSeparator(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')))
      continue;
    if (!std::isdigit(static_cast<unsigned char>(s[i + 2])) ||
        !std::isdigit(static_cast<unsigned char>(s[i + 3])))
      continue;
    size_t j = i + 4;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j < s.size() && (s[j] == '-' || s[j] == '/' || s[j] == '.'))
      return true;
    if (s.compare(j, 3, "年") == 0) return true;
  }
  return false;
}

// The named-month patterns need the first three letters of a month.
bool HasMonthName(std::string_view s) {
  std::string lower = AsciiLower(s);
  for (std::string_view m : {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                             "aug", "sep", "oct", "nov", "dec"}) {
    if (lower.find(m) != std::string::npos) return true;
  }
  return false;
}

// DashedDayFirstRe needs "-12-2025": a year after a hyphen, one or two
// digits and another hyphen before it (ISO dates put the year first).
bool HasDashedYearLast(std::string_view s) {
  auto digit = [&s](size_t i) {
    return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
  };
  for (size_t i = s.find('-'); i != std::string_view::npos && i + 4 < s.size();
       i = s.find('-', i + 1)) {
    if (!((s[i + 1] == '1' && s[i + 2] == '9') ||
          (s[i + 1] == '2' && s[i + 2] == '0')) ||
        !digit(i + 3) || !digit(i + 4) || digit(i + 5) || i < 3 ||
        !digit(i - 1))
      continue;
    const size_t dash = digit(i - 2) ? i - 3 : i - 2;
    if (s[dash] == '-' && dash > 0 && digit(dash - 1)) return true;
  }
  return false;
}

// DashedDayMonthRe needs a digit, a hyphen and a letter in a row ("4-ago").
bool HasDayDashLetter(std::string_view s) {
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '-' && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
        std::isalpha(static_cast<unsigned char>(s[i + 1])))
      return true;
  }
  return false;
}

// A month name starts a word: at the start, after a non-letter, or
// capitalised after a lower-case letter (words glued by inline markup, as
// in "EditorialNovember"); not inside a word ("summary 4, 2020").
bool MonthStartsWord(std::string_view s, size_t at) {
  if (at == 0) return true;
  char before = s[at - 1];
  bool letter =
      (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
  if (!letter) return true;
  return before >= 'a' && before <= 'z' && s[at] >= 'A' && s[at] <= 'Z';
}

}  // namespace

std::optional<DateMatch> FindDate(std::string_view text,
                                  int default_offset_minutes) {
  // Very long inputs are not a "line"; bound the regex work.
  if (text.size() > 4096) text = text.substr(0, 4096);
  if (!HasYear(text)) return std::nullopt;
  std::string s(text);
  std::optional<DateMatch> best;
  // Each pattern contributes its first valid match; the earliest one wins.
  auto scan = [&](const std::regex& re, const GroupOrder& order) {
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re);
         it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      if (order.month_named &&
          !MonthStartsWord(s, static_cast<size_t>(m.position(order.month))))
        continue;
      Parts p = PartsOf(m, order);
      if (!Valid(p)) continue;
      size_t begin = static_cast<size_t>(m.position(0));
      if (!best || begin < best->begin)
        best = DateMatch{Format(p, default_offset_minutes), begin,
                         begin + static_cast<size_t>(m.length(0)), p.hour >= 0};
      return;
    }
  };
  // Literal prefilters: most lines with a year have no month name, slash
  // or dotted date, and the regexes cost far more than these scans.
  if (HasYearThenSeparator(s)) scan(NumericRe(), kIsoOrder);
  if (HasMonthName(s)) {
    scan(DayMonthRe(), kDayMonthOrder);
    scan(MonthDayRe(), kMonthDayOrder);
  }
  if (s.find('/') != std::string::npos) scan(UsNumericRe(), kUsOrder);
  if (s.find('.') != std::string::npos) scan(DottedDayFirstRe(), kDottedOrder);
  if (HasDayDashLetter(s)) scan(DashedDayMonthRe(), kDashedOrder);
  if (HasDashedYearLast(s)) scan(DashedDayFirstRe(), kDashedDayFirstOrder);
  return best;
}

std::optional<DateMatch> FindMonthOfYear(std::string_view text) {
  if (text.size() > 4096) text = text.substr(0, 4096);
  if (!HasYear(text) || !HasMonthName(text)) return std::nullopt;
  static const std::regex re(
      std::string(kMonthName) + ",?\\s+((?:19|20)\\d\\d)(?![\\d:])",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    size_t at = static_cast<size_t>(m.position(1));
    // The month name must be a word of its own ("Dec 2025", not
    // "Decade 2025" or "Maybe 2025").
    size_t name_end = at + static_cast<size_t>(m.length(1));
    if (!MonthStartsWord(s, at) ||
        (name_end < s.size() &&
         std::isalpha(static_cast<unsigned char>(s[name_end]))))
      continue;
    int month = MonthFromName(m[1].str());
    int year = ToInt(m[2]);
    if (month < 1 || year < 1900 || year > 2100) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    size_t begin = static_cast<size_t>(m.position(0));
    return DateMatch{buf, begin, begin + static_cast<size_t>(m.length(0)),
                     false};
  }
  return std::nullopt;
}

std::optional<std::string> ParseDate(std::string_view text,
                                     int default_offset_minutes) {
  auto m = FindDate(Trim(text), default_offset_minutes);
  if (!m) return std::nullopt;
  return m->iso;
}

std::optional<std::string> DateInFileName(std::string_view filename) {
  const size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  auto digit = [&](size_t i) {
    return i < filename.size() &&
           std::isdigit(static_cast<unsigned char>(filename[i]));
  };
  auto number = [&](size_t i, size_t n) {
    int v = 0;
    for (size_t k = i; k < i + n; ++k) v = v * 10 + (filename[k] - '0');
    return v;
  };
  for (size_t i = 0; i + 8 <= filename.size(); ++i) {
    if ((i > 0 && digit(i - 1)) || !digit(i)) continue;
    size_t run = 0;
    while (digit(i + run)) ++run;
    int y = 0, m = 0, d = 0;
    if (run == 8) {
      y = number(i, 4), m = number(i + 4, 2), d = number(i + 6, 2);
    } else if (run == 4 && i + 10 <= filename.size()) {
      const char sep = filename[i + 4];
      if ((sep != '-' && sep != '_') || filename[i + 7] != sep ||
          !digit(i + 5) || !digit(i + 6) || !digit(i + 8) || !digit(i + 9) ||
          digit(i + 10))
        continue;
      y = number(i, 4), m = number(i + 5, 2), d = number(i + 8, 2);
    } else {
      i += run;
      continue;
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
        (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
      continue;
    char out[16];  // Room for any int, to keep -Wformat-truncation quiet.
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return std::string(out);
  }
  return std::nullopt;
}

}  // namespace ink::cleaner
