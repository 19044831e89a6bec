// Dates a page states outside its meta tags: printed days and URL days.
#include "stages/cleaner/page_dates.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/html_dom.h"

namespace ink::cleaner {
namespace {

// "%2F" -> "/": canonical URLs are sometimes written encoded.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(
          std::strtol(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The number written by the `n` digits at `at`, or -1.
int Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Text runs longer than this are prose: a date in them is one the article
// talks about, not the one it was published or updated on.
constexpr size_t kMaxRun = 100;

void CollectDays(const GumboNode* n, int offset,
                 std::vector<std::string>* out) {
  if (n->type == GUMBO_NODE_TEXT) {
    std::string_view text = n->v.text.text;
    if (text.size() > kMaxRun) return;
    if (auto d = FindDate(text, offset); d && d->iso.size() >= 10)
      out->push_back(d->iso.substr(0, 10));
    return;
  }
  if (!IsElement(n)) return;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
      t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE)
    return;
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i)
    CollectDays(static_cast<const GumboNode*>(kids.data[i]), offset, out);
}

}  // namespace

std::optional<std::string> UrlDate(std::string_view url) {
  std::string u = PercentDecode(url);
  // Only the path: a date in the query string is a tracking parameter.
  size_t scheme = u.find("://");
  size_t path = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return std::nullopt;
  size_t end = u.find_first_of("?#", path);
  std::string_view p = std::string_view(u).substr(path, end - path);
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '/') continue;
    // "/2025/12/18/" or "/2025-12-15+Title".
    size_t y = i + 1;
    int year = Digits(p, y, 4);
    if (year < 1990 || year > 2100 || y + 10 > p.size()) continue;
    char sep = p[y + 4];
    if ((sep != '/' && sep != '-') || p[y + 7] != sep) continue;
    int month = Digits(p, y + 5, 2);
    int day = Digits(p, y + 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    // The day must end the segment or be followed by a word separator,
    // not more digits ("/2025/12/181234").
    if (y + 10 < p.size() &&
        std::isalnum(static_cast<unsigned char>(p[y + 10])))
      continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return std::string(buf);
  }
  return std::nullopt;
}

std::vector<std::string> PrintedDays(const GumboNode* n,
                                     int default_offset_minutes) {
  std::vector<std::string> days;
  if (n) CollectDays(n, default_offset_minutes, &days);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::optional<long> DayNumber(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  const int y0 = Digits(iso, 0, 4);
  const int m0 = Digits(iso, 5, 2);
  const int d0 = Digits(iso, 8, 2);
  if (y0 <= 0 || m0 < 1 || m0 > 12 || d0 < 1 || d0 > 31) return std::nullopt;
  const auto m = static_cast<unsigned>(m0);
  const auto d = static_cast<unsigned>(d0);
  const int y = y0 - (m <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

bool ContradictsPublished(std::string_view printed, std::string_view published,
                          std::string_view modified) {
  const std::optional<long> p = DayNumber(printed);
  const std::optional<long> pub = DayNumber(published);
  if (!p || !pub || std::labs(*p - *pub) <= 1) return false;
  const std::optional<long> mod = DayNumber(modified);
  return !mod || *mod != *p;
}

bool IsPrinted(const std::vector<std::string>& days, std::string_view iso) {
  if (iso.size() < 10) return false;
  return std::binary_search(days.begin(), days.end(), iso.substr(0, 10));
}

}  // namespace ink::cleaner
