#include "stages/enricher/english_dates.h"

#include <cstdio>
#include <optional>
#include <string>

#include "stages/enricher/dates.h"
#include "stages/enricher/english_lexer.h"

namespace ink::enricher {
namespace {

using calendar::Ymd;

// The month (1-12) named by `w` (March, Mar, Sept), or 0.
int MonthOf(std::string_view w) {
  static constexpr std::string_view kFull[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static constexpr std::string_view kShort[] = {"Jan", "Feb", "Mar", "Apr",
                                                "May", "Jun", "Jul", "Aug",
                                                "Sep", "Oct", "Nov", "Dec"};
  for (int m = 0; m < 12; ++m) {
    if (w == kFull[m] || w == kShort[m]) return m + 1;
  }
  return w == "Sept" ? 9 : 0;
}

// The weekday (0 Sunday - 6 Saturday) named by `w`, or -1.
int WeekdayOf(std::string_view w) {
  static constexpr std::string_view kDays[] = {
      "Sunday",   "Monday", "Tuesday", "Wednesday",
      "Thursday", "Friday", "Saturday"};
  for (int d = 0; d < 7; ++d) {
    if (w == kDays[d]) return d;
  }
  return -1;
}

bool IsCapitalWord(const Lexeme& l) {
  return l.kind == Lexeme::kWord && l.text[0] >= 'A' && l.text[0] <= 'Z';
}

// Lower-case form of an ASCII word.
std::string Lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

class DateScanner {
 public:
  DateScanner(const CodePoints& cps, std::optional<Ymd> ref,
              std::vector<Lexeme> lex, std::vector<Mention>* out)
      : cps_(cps), ref_(ref), lex_(std::move(lex)), out_(out) {}

  void Scan() {
    for (size_t i = 0; i < lex_.size();) {
      size_t next = Match(i);
      i = next > i ? next : i + 1;
    }
  }

 private:
  const Lexeme* At(size_t i) const {
    return i < lex_.size() ? &lex_[i] : nullptr;
  }
  bool WordAt(size_t i, std::initializer_list<std::string_view> words) const {
    const Lexeme* l = At(i);
    return l != nullptr && l->kind == Lexeme::kWord &&
           OneOf(Lower(l->text), words);
  }
  // A day number 1-31 at i, with an ordinal suffix: the lexeme after it.
  size_t Day(size_t i, int* day) const {
    const Lexeme* l = At(i);
    if (l == nullptr || l->kind != Lexeme::kNumber || l->fraction ||
        l->commas || l->int_digits > 2 || l->value < 1 || l->value > 31) {
      return 0;
    }
    *day = static_cast<int>(l->value);
    const Lexeme* s = At(i + 1);
    if (s != nullptr && !s->space_before && s->kind == Lexeme::kWord) {
      if (!OneOf(s->text, {"st", "nd", "rd", "th"})) return 0;  // 3pm, 20m
      return i + 2;
    }
    return i + 1;
  }
  // A year 1900-2100 at i (not 2007-08 or 2007.5): the lexeme after it.
  size_t Year(size_t i, int* year) const {
    const Lexeme* l = At(i);
    if (l == nullptr || l->kind != Lexeme::kNumber || l->fraction ||
        l->commas || l->int_digits != 4 || l->value < 1900 || l->value > 2100) {
      return 0;
    }
    const Lexeme* s = At(i + 1);
    if (s != nullptr && !s->space_before &&
        (s->kind != Lexeme::kSymbol || s->text == "%" ||
         (s->text == "-" && At(i + 2) != nullptr &&
          At(i + 2)->kind == Lexeme::kNumber))) {
      return 0;
    }
    *year = static_cast<int>(l->value);
    return i + 1;
  }
  // A month name at i, with a full stop after a short form: the lexeme
  // after it.
  size_t Month(size_t i, int* month) const {
    const Lexeme* l = At(i);
    if (l == nullptr || l->kind != Lexeme::kWord) return 0;
    *month = MonthOf(l->text);
    if (*month == 0) return 0;
    const Lexeme* s = At(i + 1);
    if (l->text.size() <= 4 && s != nullptr && !s->space_before &&
        s->text == ".") {
      return i + 2;
    }
    return i + 1;
  }

  void Emit(size_t first, size_t last, std::string normalized) {
    Mention m;
    m.type = "date";
    m.char_begin = lex_[first].begin;
    m.char_end = lex_[last - 1].end;
    m.text = std::string(cps_.Sub(m.char_begin, m.char_end));
    m.normalized = std::move(normalized);
    out_->push_back(std::move(m));
  }

  // A month and day without a year: the nearest to the reference, or
  // --MM-DD.
  std::string MonthDay(int m, int d) const {
    if (ref_) {
      auto best = calendar::Nearest(
          {{ref_->y - 1, m, d}, {ref_->y, m, d}, {ref_->y + 1, m, d}}, *ref_);
      return best ? calendar::Format(*best, 3) : std::string();
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "--%02d-%02d", m, d);
    return buf;
  }

  std::string Shift(int days) const {
    return calendar::Format(
        calendar::CivilFromDays(
            calendar::DaysFromCivil(ref_->y, ref_->m, ref_->d) + days),
        3);
  }

  // Tries every pattern at lexeme i; returns the lexeme after a match, or
  // i if none.
  size_t Match(size_t i) {
    const Lexeme& l = lex_[i];
    int day = 0, month = 0, year = 0;
    // Tuesday, March 3: the weekday is part of the date.
    size_t start = i;
    size_t k = i;
    if (WeekdayOf(l.text) >= 0 && l.kind == Lexeme::kWord) {
      k = i + 1;
      if (At(k) != nullptr && At(k)->text == ",") ++k;
      int m = 0, d = 0;
      if (!(Month(k, &m) || Day(k, &d))) {
        return MatchWeekday(i);
      }
    }
    // 3 March 2021, 3rd of March.
    if (size_t a = Day(k, &day)) {
      size_t b = WordAt(a, {"of"}) ? a + 1 : a;
      if (size_t c = Month(b, &month)) {
        size_t d = At(c) != nullptr && At(c)->text == "," ? c + 1 : c;
        if (size_t e = Year(d, &year)) {
          Ymd date{year, month, day};
          if (calendar::Valid(date)) Emit(start, e, calendar::Format(date, 3));
          return e;
        }
        std::string n = MonthDay(month, day);
        if (!n.empty()) Emit(start, c, n);
        return c;
      }
      return i;
    }
    // March 3, 2021; March 2021; March 3.
    if (size_t a = Month(k, &month)) {
      if (size_t b = Day(a, &day)) {
        size_t c = At(b) != nullptr && At(b)->text == "," ? b + 1 : b;
        if (size_t e = Year(c, &year)) {
          Ymd date{year, month, day};
          if (calendar::Valid(date)) Emit(start, e, calendar::Format(date, 3));
          return e;
        }
        // "May 5" needs the capital; a number after a comma is no day.
        std::string n = MonthDay(month, day);
        if (!n.empty() && IsCapitalWord(lex_[k])) Emit(start, b, n);
        return b;
      }
      size_t b = At(a) != nullptr && At(a)->text == "," ? a + 1 : a;
      if (size_t e = Year(b, &year)) {
        if (IsCapitalWord(lex_[k])) {
          Emit(start, e, calendar::Format({year, month, 1}, 2));
        }
        return e;
      }
      // A month alone after a preposition: the nearest such month.
      if (ref_ && i > 0 && IsCapitalWord(lex_[k]) &&
          (lex_[k].text.size() > 3 || lex_[k].text == "May") &&
          WordAt(i - 1, {"in", "since", "until", "by", "from", "last", "next",
                         "early", "late", "during", "mid", "this"})) {
        int y = ref_->y;
        if (WordAt(i - 1, {"last"})) {
          if (month >= ref_->m) --y;
        } else if (WordAt(i - 1, {"next"})) {
          if (month <= ref_->m) ++y;
        } else {
          auto best = calendar::Nearest(
              {{y - 1, month, 1}, {y, month, 1}, {y + 1, month, 1}},
              {ref_->y, ref_->m, 1});
          if (best) y = best->y;
        }
        Emit(i, a, calendar::Format({y, month, 1}, 2));
        return a;
      }
      return i;
    }
    // in 2007
    if (l.kind == Lexeme::kNumber && i > 0 &&
        WordAt(i - 1, {"in", "since", "by", "until", "from", "before", "after",
                       "during", "of", "early", "late", "mid"})) {
      if (size_t e = Year(i, &year)) {
        Emit(i, e, calendar::Format({year, 1, 1}, 1));
        return e;
      }
      return i;
    }
    if (l.kind != Lexeme::kWord || !ref_) return i;
    const std::string w = Lower(l.text);
    if (w == "yesterday" || w == "today" || w == "tomorrow") {
      // today's: still the day.
      Emit(i, i + 1, Shift(w == "yesterday" ? -1 : w == "today" ? 0 : 1));
      return i + 1;
    }
    if ((w == "last" || w == "this" || w == "next") &&
        WordAt(i + 1, {"year", "month"})) {
      const int step = w == "last" ? -1 : w == "next" ? 1 : 0;
      if (Lower(lex_[i + 1].text) == "year") {
        Emit(i, i + 2, calendar::Format({ref_->y + step, 1, 1}, 1));
      } else {
        int m = ref_->m + step, y = ref_->y;
        if (m == 0) m = 12, --y;
        if (m == 13) m = 1, ++y;
        Emit(i, i + 2, calendar::Format({y, m, 1}, 2));
      }
      return i + 2;
    }
    return i;
  }

  // A weekday at i (no date after it).
  size_t MatchWeekday(size_t i) {
    const Lexeme& l = lex_[i];
    if (!ref_) return i + 1;
    // In a name: Sunday Times, Super Tuesday, Mail on Sunday.
    const Lexeme* next = At(i + 1);
    if (next != nullptr && next->space_before && IsCapitalWord(*next)) {
      return i + 1;
    }
    if (i > 0 && IsCapitalWord(lex_[i - 1]) && !lex_[i - 1].text.empty() &&
        WeekdayOf(lex_[i - 1].text) < 0 && MonthOf(lex_[i - 1].text) == 0 &&
        !OneOf(lex_[i - 1].text, {"On", "By", "Last", "Next", "This", "Until",
                                  "Since", "From", "Before", "After"})) {
      return i + 1;
    }
    if (i > 1 && WordAt(i - 1, {"on"}) &&
        OneOf(lex_[i - 2].text, {"Mail", "Independent", "Observer"})) {
      return i + 1;
    }
    const long today = calendar::DaysFromCivil(ref_->y, ref_->m, ref_->d);
    const int weekday = static_cast<int>(((today + 4) % 7 + 7) % 7);
    const int back = (weekday - WeekdayOf(l.text) + 7) % 7;
    size_t begin = i;
    long day;
    if (i > 0 && WordAt(i - 1, {"last"})) {
      day = today - (back == 0 ? 7 : back);
      begin = i - 1;
    } else if (i > 0 && WordAt(i - 1, {"next"})) {
      day = today + (back == 0 ? 7 : 7 - back);
      begin = i - 1;
    } else {
      day = back == 0 || back <= 3 * (7 - back) ? today - back
                                                : today + (7 - back);
    }
    Emit(begin, i + 1, calendar::Format(calendar::CivilFromDays(day), 3));
    return i + 1;
  }

  const CodePoints& cps_;
  std::optional<Ymd> ref_;
  std::vector<Lexeme> lex_;
  std::vector<Mention>* out_;
};

}  // namespace

std::vector<Mention> FindEnglishDates(const CodePoints& text,
                                      std::string_view reference_date,
                                      const CharSpans& spans) {
  std::vector<Mention> out;
  const std::optional<Ymd> ref = calendar::ParseReference(reference_date);
  for (const auto& [begin, end] : spans) {
    DateScanner(text, ref, LexEnglish(text, begin, end), &out).Scan();
  }
  return out;
}

}  // namespace ink::enricher
