// The title of an HTML page: og:title, the JSON-LD headline, the <h1> and
// the <title>, compared and cut at site separators, taglines and dates.
#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/html_metadata.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// "标题 - 新浪网" -> "标题": the longest part between site separators.
std::string StripSiteSuffix(const std::string& title) {
  static const std::regex sep(
      "\\s+(?:-|\\||–|—|·|:){1,2}\\s+|\\s*(?:_|｜|\\|)\\s*|\\s*--\\s*", kRe);
  std::string best;
  for (std::sregex_token_iterator it(title.begin(), title.end(), sep, -1), end;
       it != end; ++it) {
    std::string part(Trim(it->str()));
    if (CharCount(part) > CharCount(best)) best = part;
  }
  return best.empty() ? title : best;
}

// Dice coefficient of two sorted word sets.
double Dice(const std::vector<std::string>& a,
            const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j])
      ++common, ++i, ++j;
    else if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return 2.0 * static_cast<double>(common) /
         static_cast<double>(a.size() + b.size());
}

// "Headline | Site" or "Headline - Tagline" -> "Headline": the part before
// the first spaced separator, if it is not empty.
std::string CutAtSeparator(const std::string& title) {
  static constexpr std::string_view kSeps[] = {" | ", " – ", " — ", " - ",
                                               " :: "};
  size_t cut = std::string::npos;
  for (std::string_view sep : kSeps) cut = std::min(cut, title.find(sep));
  if (cut == std::string::npos || cut == 0) return title;
  return std::string(Trim(title.substr(0, cut)));
}

// A heading without the tagline or site name after its first spaced
// separator ("Headline | Opinion" -> "Headline"), unless the part after it
// continues the sentence ("Headline — and a second clause", "... — but ...",
// "... – From an Expert")
// or the part before it is too short to be a headline ("Zero Waste - A
// Beginner's Guide").
std::string CutAtTagline(const std::string& heading) {
  std::string cut = CutAtSeparator(heading);
  if (cut.size() == heading.size() || TitleWords(cut).size() < 3)
    return heading;
  std::string_view tail = std::string_view(heading).substr(cut.size());
  while (!tail.empty() && !std::isalnum(static_cast<unsigned char>(tail[0])))
    tail.remove_prefix(1);
  std::string first = AsciiLower(tail.substr(0, tail.find(' ')));
  // A conjunction or a preposition carries the sentence on ("... — and
  // It May Replace My Gym", "... – From an ASE-Certified Mechanic").
  for (std::string_view conj : {"and", "but", "or", "so", "yet", "from", "with",
                                "for", "in", "of", "to", "at", "on"})
    if (first == conj) return heading;
  return cut;
}

// A headline without a date glued before it ("Dec 18 2025 Headline") or
// after it ("Headline / December 15, 2025"): the date is the post's,
// printed in the heading by some blog themes. A month alone is cut only
// after a slash or bar ("Headline / Dec 2025"): after a colon or dash it is
// part of the headline ("Rates to watch: December 2025").
std::string StripHeadlineDate(const std::string& heading) {
  auto is_sep = [](char c) {
    return c == '|' || c == '-' || c == '/' || c == ':' || c == ',';
  };
  std::string h = heading;
  auto d = FindDate(h);
  if (d && Trim(std::string_view(h).substr(0, d->begin)).empty()) {
    std::string_view rest = Trim(std::string_view(h).substr(d->end));
    while (!rest.empty() && is_sep(rest.front())) rest = Trim(rest.substr(1));
    if (TitleWords(rest).size() >= 3) return std::string(rest);
  }
  bool month_only = false;
  if (!d) {
    d = FindMonthOfYear(h);
    month_only = d.has_value();
  }
  if (d && Trim(std::string_view(h).substr(d->end)).empty()) {
    std::string_view head = Trim(std::string_view(h).substr(0, d->begin));
    if (!head.empty() && is_sep(head.back()) &&
        (!month_only || head.back() == '/' || head.back() == '|')) {
      while (!head.empty() && is_sep(head.back()))
        head = Trim(head.substr(0, head.size() - 1));
      if (TitleWords(head).size() >= 3) return std::string(head);
    }
  }
  return h;
}

// Lower-cased Latin words and numbers of `s`, in order.
std::vector<std::string> LatinWords(std::string_view s) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.back().push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.back().empty()) {
      out.emplace_back();
    }
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

// Whether `shared` is `heading` with only the year added ("15 Best Online
// Tutoring Platforms" shared as "... Platforms 2025" or "... in 2025"):
// sites date the title they share and leave the heading undated, and the
// dated title is the one readers are shown.
bool AddsOnlyTheYear(std::string_view heading, std::string_view shared) {
  std::vector<std::string> h = LatinWords(heading);
  std::vector<std::string> o = LatinWords(shared);
  if (h.size() < 3 || o.size() <= h.size() || o.size() > h.size() + 2 ||
      !std::equal(h.begin(), h.end(), o.begin()))
    return false;
  bool year = false;
  for (size_t i = h.size(); i < o.size(); ++i) {
    const std::string& w = o[i];
    if (w.size() == 4 && (w.rfind("19", 0) == 0 || w.rfind("20", 0) == 0) &&
        std::all_of(w.begin(), w.end(), ::isdigit))
      year = true;
    else if (w != "in" && w != "of" && w != "for")
      return false;
  }
  return year;
}

}  // namespace

void ChooseTitle(const PageFacts& f, const LdFacts& ld, v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  std::string og;
  for (const char* k : {"og:title", "twitter:title"}) {
    auto it = f.meta.find(k);
    if (it != f.meta.end() && !it->second.empty()) {
      og = it->second;
      break;
    }
  }
  // The headline is the page's heading that reads most like the <title>,
  // og:title or JSON-LD headline, whole or with the site's name cut off
  // (word overlap, so an edited headline still matches and the site's logo
  // heading does not). A <h1> needs little overlap and is preferred; an
  // <h2>/<h3> must be nearly the title.
  const std::vector<std::string> refs[] = {
      TitleWords(og),
      TitleWords(StripSiteSuffix(og)),
      TitleWords(CutAtSeparator(og)),
      TitleWords(f.title_tag),
      TitleWords(StripSiteSuffix(f.title_tag)),
      TitleWords(CutAtSeparator(f.title_tag)),
      TitleWords(ld.headline)};
  // A part cut from a title may be the site's name, which the site's logo
  // heading repeats: a heading matching a whole title wins a tie.
  constexpr bool kWhole[] = {true, false, false, true, false, false, true};
  std::string best;
  double best_score = 0;
  for (size_t i = 0; i < f.headings.size(); ++i) {
    const std::string& h = f.headings[i];
    if (CharCount(h) < 2 || CharCount(h) > 200) continue;
    std::vector<std::string> w = TitleWords(h);
    // og:title is the headline as the site shares it: a short heading
    // without a word of it is the site's or the author's name ("Sam's
    // Blog"); a long one is a headline the og:title only summarises.
    if (!refs[0].empty() && w.size() <= 4 && Dice(w, refs[0]) == 0) continue;
    double score = 0;
    for (size_t r = 0; r < std::size(refs); ++r)
      score = std::max(score, Dice(w, refs[r]) * (kWhole[r] ? 1.0 : 0.99));
    double need = f.heading_is_h1[i] ? 0.2 : 0.6;
    if (f.heading_is_h1[i]) score += 0.25;
    if (score >= need && score > best_score) {
      best = h;
      best_score = score;
    }
  }
  if (!best.empty() && AddsOnlyTheYear(best, CutAtSeparator(og)) &&
      AddsOnlyTheYear(best, CutAtSeparator(f.title_tag))) {
    out->set_title(CutAtSeparator(og));
    rules["title"] = "og:title-dated-heading";
  } else if (!best.empty()) {
    out->set_title(StripHeadlineDate(CutAtTagline(best)));
    rules["title"] = "heading~title";
  } else if (!og.empty()) {
    out->set_title(StripSiteSuffix(og));
    rules["title"] = "og:title";
  } else if (!ld.headline.empty()) {
    out->set_title(CollapseSpace(ld.headline));
    rules["title"] = "json-ld";
  } else if (!f.title_tag.empty()) {
    out->set_title(StripSiteSuffix(f.title_tag));
    rules["title"] = "title-tag";
  } else if (!f.headings.empty() && CharCount(f.headings[0]) <= 100) {
    out->set_title(f.headings[0]);
    rules["title"] = "h1";
  }
}

}  // namespace ink::cleaner
