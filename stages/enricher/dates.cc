#include "stages/enricher/dates.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace ink::enricher {
namespace calendar {

// Days since 1970-01-01 of a proleptic Gregorian date.
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  Ymd r;
  r.d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  r.m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  r.y = static_cast<int>(yoe + era * 400 + (r.m <= 2));
  return r;
}

namespace {
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

}  // namespace

bool Valid(const Ymd& d) {
  return d.y >= 1900 && d.y <= 2100 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
         d.d <= DaysInMonth(d.y, d.m);
}

std::optional<Ymd> ParseReference(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  Ymd d;
  d.y = std::atoi(std::string(iso.substr(0, 4)).c_str());
  d.m = std::atoi(std::string(iso.substr(5, 2)).c_str());
  d.d = std::atoi(std::string(iso.substr(8, 2)).c_str());
  if (!Valid(d)) return std::nullopt;
  return d;
}

std::string Format(const Ymd& d, int parts) {
  char buf[32];
  if (parts == 1) {
    std::snprintf(buf, sizeof buf, "%04d", d.y);
  } else if (parts == 2) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.y, d.m);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
  }
  return buf;
}

// Of the candidates, the one nearest to the reference.
std::optional<Ymd> Nearest(const std::vector<Ymd>& candidates, const Ymd& ref) {
  std::optional<Ymd> best;
  long best_gap = 0;
  long r = DaysFromCivil(ref.y, ref.m, ref.d);
  for (const Ymd& c : candidates) {
    if (!Valid(c)) continue;
    // News tells of the past: a future date counts three times as far.
    long diff = DaysFromCivil(c.y, c.m, c.d) - r;
    long gap = diff > 0 ? 3 * diff : -diff;
    if (!best || gap < best_gap) {
      best = c;
      best_gap = gap;
    }
  }
  return best;
}

}  // namespace calendar

namespace {

using calendar::CivilFromDays;
using calendar::DaysFromCivil;
using calendar::Format;
using calendar::Nearest;
using calendar::ParseReference;
using calendar::Valid;
using calendar::Ymd;

constexpr std::u32string_view kDayParts[] = {U"上午", U"下午", U"晚上", U"早上",
                                             U"中午", U"凌晨", U"夜里", U"傍晚",
                                             U"早晨", U"晚间", U"夜间"};

}  // namespace

std::vector<Mention> FindDates(const CodePoints& cps,
                               std::string_view reference_date) {
  std::vector<Mention> out;
  std::optional<Ymd> ref = ParseReference(reference_date);
  std::string last_date;     // Normalised form of the last full date.
  size_t last_date_end = 0;  // Where it ended.
  auto emit = [&](std::string type, size_t begin, size_t end,
                  std::string normalized) {
    Mention m;
    m.type = std::move(type);
    m.char_begin = static_cast<uint32_t>(begin);
    m.char_end = static_cast<uint32_t>(end);
    m.text = std::string(cps.Sub(begin, end));
    m.normalized = std::move(normalized);
    if (m.type == "date" && m.normalized.size() == 10) {
      last_date = m.normalized;
      last_date_end = end;
    }
    out.push_back(std::move(m));
  };
  auto shift = [&](int days) {
    long z = DaysFromCivil(ref->y, ref->m, ref->d) + days;
    return Format(CivilFromDays(z), 3);
  };

  for (size_t i = 0; i < cps.size();) {
    // Relative words.
    struct Rel {
      std::u32string_view word;
      int days;   // For day words.
      int years;  // For year words (days unused).
      int kind;   // 0 day, 1 year, 2 month, 3 same day as before.
    };
    static constexpr Rel kRelative[] = {
        {U"今天", 0, 0, 0},  {U"今日", 0, 0, 0},  {U"昨天", -1, 0, 0},
        {U"昨日", -1, 0, 0}, {U"前天", -2, 0, 0}, {U"明天", 1, 0, 0},
        {U"今年", 0, 0, 1},  {U"去年", 0, -1, 1}, {U"明年", 0, 1, 1},
        {U"前年", 0, -2, 1}, {U"本月", 0, 0, 2},  {U"上月", 0, -1, 2},
        {U"同日", 0, 0, 3},  {U"当天", 0, 0, 3},  {U"当日", 0, 0, 3}};
    // The characters a date or time can start with: digits, Chinese
    // numerals and the first of a relative or day-part word. Most
    // characters start none, and are passed over at once.
    static const CharSet kStarts = [] {
      std::u32string starts = U"〇零一二两三四五六七八九十";
      for (const Rel& r : kRelative) starts += r.word[0];
      for (std::u32string_view p : kDayParts) starts += p[0];
      return CharSet(starts);
    }();
    if (DigitValue(cps.at(i)) < 0 && !kStarts.Contains(cps.at(i))) {
      ++i;
      continue;
    }
    bool matched = false;
    for (const Rel& r : kRelative) {
      if (!cps.Matches(i, r.word)) continue;
      size_t end = i + r.word.size();
      if (r.kind == 3) {
        if (!last_date.empty()) emit("date", i, end, last_date);
      } else if (ref) {
        if (r.kind == 0) {
          emit("date", i, end, shift(r.days));
        } else if (r.kind == 1) {
          emit("date", i, end, Format({ref->y + r.years, 1, 1}, 1));
        } else {
          int m = ref->m + r.years, y = ref->y;
          if (m < 1) {
            m += 12;
            --y;
          }
          emit("date", i, end, Format({y, m, 1}, 2));
        }
      }
      i = end;
      matched = true;
      break;
    }
    if (matched) continue;

    // Times of day: 下午3点, 夜里十二点, 10时30分.
    size_t t0 = i;
    int part = -1;
    for (size_t p = 0; p < std::size(kDayParts); ++p) {
      if (cps.Matches(i, kDayParts[p])) {
        part = static_cast<int>(p);
        t0 = i + kDayParts[p].size();
        break;
      }
    }
    Number n;
    if (!ReadNumber(cps, t0, /*small=*/true, &n)) {
      i = t0 > i ? t0 : i + 1;
      continue;
    }
    char32_t next = cps.at(n.end);
    // ISO and slashed dates, and 16:40.
    if (n.arabic && n.digits == 4 && !n.fraction && In(next, U"-/.") &&
        part < 0) {
      Number m, d;
      if (ReadNumber(cps, n.end + 1, true, &m) && m.arabic && m.digits <= 2 &&
          cps.at(m.end) == next && ReadNumber(cps, m.end + 1, true, &d) &&
          d.arabic && d.digits <= 2 && !d.fraction) {
        Ymd date{static_cast<int>(n.value), static_cast<int>(m.value),
                 static_cast<int>(d.value)};
        if (Valid(date)) {
          emit("date", i, d.end, Format(date, 3));
          i = d.end;
          continue;
        }
      }
    }
    if (n.arabic && n.digits <= 2 && !n.fraction &&
        (next == ':' || next == 0xFF1A) && DigitValue(cps.at(n.end + 1)) >= 0 &&
        DigitValue(cps.at(n.end + 2)) >= 0 &&
        DigitValue(cps.at(n.end + 3)) < 0) {
      int h = static_cast<int>(n.value);
      int mi =
          DigitValue(cps.at(n.end + 1)) * 10 + DigitValue(cps.at(n.end + 2));
      if (h <= 23 && mi <= 59) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
        std::string norm = buf;
        if (!last_date.empty() && t0 <= last_date_end + 2) {
          norm = last_date + "T" + norm;
        }
        emit("time", i, n.end + 3, norm);
        i = n.end + 3;
        continue;
      }
    }
    if ((next == U'点' || next == U'时') && !n.fraction && n.value <= 24 &&
        (part >= 0 || cps.at(n.end + 2) == U'分' ||
         cps.at(n.end + 3) == U'分' ||
         (!last_date.empty() && t0 <= last_date_end))) {
      int h = static_cast<int>(n.value);
      size_t end = n.end + 1;
      int mi = 0;
      Number mn;
      if (cps.at(end) == U'半') {
        mi = 30;
        ++end;
      } else if (ReadNumber(cps, end, true, &mn) && cps.at(mn.end) == U'分' &&
                 mn.value < 60) {
        mi = static_cast<int>(mn.value);
        end = mn.end + 1;
      }
      if (part >= 0) {
        std::u32string_view p = kDayParts[part];
        bool pm = p == U"下午" || p == U"晚上" || p == U"傍晚" ||
                  p == U"晚间" || p == U"夜里" || p == U"夜间";
        if (pm && h < 12) h += 12;
        if ((p == U"夜里" || p == U"夜间" || p == U"凌晨") && h >= 12 &&
            h <= 24) {
          h = h == 12 || h == 24 ? 0 : h;
        }
      }
      if (h == 24) h = 0;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
      std::string norm = buf;
      if (!last_date.empty() && i <= last_date_end)
        norm = last_date + "T" + norm;
      emit("time", i, end, norm);
      i = end;
      continue;
    }
    if (part >= 0) {
      i = t0;
      continue;
    }
    // 2020年1月24日 and its shorter forms.
    Ymd date;
    int parts = 0;
    size_t end = n.end;
    if (next == U'年' && n.digits == 4 && !n.fraction && n.value >= 1900 &&
        n.value <= 2100) {
      date.y = static_cast<int>(n.value);
      parts = 1;
      end = n.end + 1;
      Number m;
      if (ReadNumber(cps, end, true, &m) && cps.at(m.end) == U'月' &&
          m.value >= 1 && m.value <= 12 && !m.fraction) {
        date.m = static_cast<int>(m.value);
        parts = 2;
        end = m.end + 1;
        Number d;
        if (ReadNumber(cps, end, true, &d) &&
            (cps.at(d.end) == U'日' || cps.at(d.end) == U'号') && !d.fraction &&
            d.value >= 1 && d.value <= 31) {
          date.d = static_cast<int>(d.value);
          parts = 3;
          end = d.end + 1;
        }
      }
      if (parts == 3 && !Valid(date)) parts = 0;
      if (parts > 0) {
        if (parts < 3) date.d = 1;
        if (parts < 2) date.m = 1;
        emit("date", i, end, Format(date, parts));
        i = end;
        continue;
      }
    }
    if (next == U'月' && !n.fraction && n.value >= 1 && n.value <= 12 &&
        n.digits <= 2) {
      Number d;
      size_t dstart = n.end + 1;
      if (ReadNumber(cps, dstart, true, &d) &&
          (cps.at(d.end) == U'日' || cps.at(d.end) == U'号') && !d.fraction &&
          d.value >= 1 && d.value <= 31) {
        int m = static_cast<int>(n.value), dd = static_cast<int>(d.value);
        if (ref) {
          auto best = Nearest(
              {{ref->y - 1, m, dd}, {ref->y, m, dd}, {ref->y + 1, m, dd}},
              *ref);
          if (best) emit("date", i, d.end + 1, Format(*best, 3));
        } else {
          char buf[16];
          std::snprintf(buf, sizeof buf, "--%02d-%02d", m, dd);
          emit("date", i, d.end + 1, buf);
        }
        i = d.end + 1;
        continue;
      }
    }
    if (next == U'日' && n.arabic && !n.fraction && n.value >= 1 &&
        n.value <= 31 && n.digits <= 2 && ref && cps.at(i - 1) != U'月' &&
        !In(cps.at(n.end + 1), U"内电")) {
      int dd = static_cast<int>(n.value);
      int pm = ref->m == 1 ? 12 : ref->m - 1,
          py = ref->m == 1 ? ref->y - 1 : ref->y;
      int nm = ref->m == 12 ? 1 : ref->m + 1,
          ny = ref->m == 12 ? ref->y + 1 : ref->y;
      auto best =
          Nearest({{py, pm, dd}, {ref->y, ref->m, dd}, {ny, nm, dd}}, *ref);
      if (best) emit("date", i, n.end + 1, Format(*best, 3));
      i = n.end + 1;
      continue;
    }
    i = n.end > i ? n.end : i + 1;
  }
  return out;
}

}  // namespace ink::enricher
