// The title of an HTML page: og:title, the JSON-LD headline, the <h1> and
// the <title>, compared and cut at site separators, taglines and dates.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <regex>
#include <string>
#include <utility>
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
      "\\s+(?:-|\\||–|—|·|•|:){1,2}\\s+|\\s*(?:_|｜|\\|)\\s*|\\s*--\\s*", kRe);
  // The title rules cut the same few titles (og:title, <title>) again and
  // again, and the regex is slow: the last results are kept, per thread.
  constexpr size_t kRemembered = 4;
  thread_local std::vector<std::pair<std::string, std::string>> recent;
  for (const auto& [in, out] : recent) {
    if (in == title) return out;
  }
  std::string best;
  for (std::sregex_token_iterator it(title.begin(), title.end(), sep, -1), end;
       it != end; ++it) {
    std::string part(Trim(it->str()));
    if (CharCount(part) > CharCount(best)) best = part;
  }
  std::string result = best.empty() ? title : best;
  if (recent.size() == kRemembered) recent.erase(recent.begin());
  recent.emplace_back(title, result);
  return result;
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

// The words of `s` that carry its meaning, for matching a heading to a
// title the site reworded: TitleWords without English function words
// ("the", "to", "in", "where"), each cut to a crude stem ("Biking" and
// "Bike", "Trails" and "Trail" match). Han characters are kept as they
// are. Sorted and unique, as Dice wants them.
std::vector<std::string> MatchWords(std::string_view s) {
  static const std::vector<std::string_view> kFunction = {
      "a",     "an",   "and",  "are",  "as",  "at",   "be",   "by",
      "for",   "from", "here", "how",  "in",  "is",   "it",   "its",
      "of",    "on",   "or",   "our",  "s",   "that", "the",  "their",
      "these", "this", "to",   "was",  "we",  "what", "when", "where",
      "which", "who",  "why",  "with", "you", "your"};
  std::vector<std::string> out;
  for (std::string w : TitleWords(s)) {
    if (std::find(kFunction.begin(), kFunction.end(), w) != kFunction.end())
      continue;
    const bool latin = std::all_of(w.begin(), w.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    if (latin && w.size() > 5 && w.compare(w.size() - 3, 3, "ing") == 0)
      w.resize(w.size() - 3);
    if (latin && w.size() > 3 && w.back() == 's') w.pop_back();
    if (latin && w.size() > 3 && w.back() == 'e') w.pop_back();
    out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// "Headline | Site" or "Headline - Tagline" -> "Headline": the part before
// the first spaced separator, if it is not empty.
std::string CutAtSeparator(const std::string& title) {
  static constexpr std::string_view kSeps[] = {" | ", " – ",  " — ",
                                               " - ", " :: ", " • "};
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
// Beginner's Guide"), or the part after it is a second clause of six words
// or more, not a tagline ("Top 10 Cameras of 2025 | The Best Mirrorless
// Cameras on the Market").
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
  if (TitleWords(tail).size() >= 6) return heading;
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

// Lower-cased ASCII letters and digits of `s`, other bytes kept: "Spice
// AI" and "spice.ai" both give "spiceai".
std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80)
      out.push_back(c);
    else if (std::isalnum(u))
      out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

// The host of the page's canonical URL (else og:url) without "www.",
// lower-cased: "davidbau.com". "" if there is none.
std::string PageHost(const PageFacts& f) {
  std::string_view url = f.canonical;
  if (url.empty()) {
    auto it = f.meta.find("og:url");
    if (it != f.meta.end()) url = it->second;
  }
  size_t begin = url.find("://");
  if (begin == std::string_view::npos) return "";
  begin += 3;
  size_t end = url.find_first_of("/?#:", begin);
  std::string host = AsciiLower(url.substr(begin, end == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : end - begin));
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

// Whether `s` is a domain name alone ("davidbau.com", "blog.example.org"):
// how a site without a logo names itself in its heading and title.
bool IsDomainName(std::string_view s) {
  s = Trim(s);
  const size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string_view tld = s.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 6 ||
      !std::all_of(tld.begin(), tld.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c));
      }))
    return false;
  std::string_view name = s.substr(0, dot);
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

// Whether `part` of a title is the site's own name: the name its meta tags
// give, its host ("davidbau.com", "Spice AI" on spice.ai) or, when `loose`,
// a short name whose first word starts the host ("Thrive Internet
// Marketing" on thriveagency.com).
bool NamesTheSite(std::string_view part, const PageFacts& f,
                  std::string_view host, bool loose) {
  const std::string p = Squeeze(part);
  if (p.empty()) return false;
  for (const char* k :
       {"og:site_name", "application-name", "apple-mobile-web-app-title"}) {
    auto it = f.meta.find(k);
    if (it != f.meta.end() && Squeeze(it->second) == p) return true;
  }
  if (host.empty()) return false;
  const std::string label(host.substr(0, host.find('.')));
  if (p == Squeeze(host) || (label.size() >= 4 && p == Squeeze(label)))
    return true;
  if (!loose || TitleWords(part).size() > 4) return false;
  std::string_view first = Trim(part);
  first = first.substr(0, first.find(' '));
  const std::string w = Squeeze(first);
  return w.size() >= 4 && Squeeze(label).rfind(w, 0) == 0;
}

// A <title> or og:title without the site's name: a domain name written
// before or after it ("davidbau.com Vibe Coding"), then the longest of the
// parts between separators that do not name the site ("Website Design Portfolio
// | Thrive Internet Marketing" -> "Website Design Portfolio"). Without
// such a part, as StripSiteSuffix.
std::string StripSiteName(const std::string& title, const PageFacts& f,
                          std::string_view host) {
  std::string t = CollapseSpace(title);
  // Only a domain glued on by a space: after a separator it is a part
  // like any other ("海姑娘 | blog.example.com" names a blog, not a post).
  const size_t first_space = t.find(' ');
  const size_t last_space = t.rfind(' ');
  auto word = [](std::string_view w) {
    return !w.empty() && std::isalnum(static_cast<unsigned char>(w[0]));
  };
  if (first_space != std::string::npos &&
      IsDomainName(std::string_view(t).substr(0, first_space)) &&
      word(std::string_view(t).substr(first_space + 1)))
    t = t.substr(first_space + 1);
  else if (last_space != std::string::npos && last_space > 0 &&
           IsDomainName(std::string_view(t).substr(last_space + 1)) &&
           std::isalnum(static_cast<unsigned char>(t[last_space - 1])))
    t = t.substr(0, last_space);
  static const std::regex sep(
      "\\s+(?:-|\\||–|—|·|•|:){1,2}\\s+|\\s*(?:_|｜|\\|)\\s*|\\s*--\\s*", kRe);
  std::vector<std::string> parts;
  for (std::sregex_token_iterator it(t.begin(), t.end(), sep, -1), end;
       it != end; ++it) {
    std::string part(Trim(it->str()));
    if (!part.empty()) parts.push_back(std::move(part));
  }
  if (parts.size() < 2) return StripSiteSuffix(t);
  std::string best;
  bool dropped = false;
  for (const std::string& part : parts) {
    if (NamesTheSite(part, f, host, /*loose=*/true)) {
      dropped = true;
      continue;
    }
    if (CharCount(part) > CharCount(best)) best = part;
  }
  return dropped && !best.empty() ? best : StripSiteSuffix(t);
}

// `headline` as printed inside `heading` with chrome around it: a section
// label before it ("Blog: Best Agencies of 2025") or, after it, the source
// a link aggregator cites and a comment count ("Grads Find ... Jobs
// (latimes.com) 87"). True if the heading is exactly that.
bool IsHeadlineInChrome(std::string_view heading, std::string_view headline) {
  const std::string h = AsciiLower(CollapseSpace(heading));
  const std::string r = AsciiLower(CollapseSpace(headline));
  if (TitleWords(r).size() < 3) return false;
  const size_t at = h.find(r);
  if (at == std::string::npos || r.size() == h.size()) return false;
  std::string_view before = Trim(std::string_view(h).substr(0, at));
  std::string_view after = Trim(std::string_view(h).substr(at + r.size()));
  if (!before.empty()) {
    if (before.back() != ':') return false;
    before.remove_suffix(1);
    if (before.empty() || TitleWords(before).size() > 2 ||
        std::any_of(before.begin(), before.end(), [](char c) {
          return !std::isalnum(static_cast<unsigned char>(c)) && c != ' ';
        }))
      return false;
  }
  if (!after.empty()) {
    const size_t close = after.find(')');
    if (after.front() != '(' || close == std::string_view::npos) return false;
    std::string_view source = after.substr(1, close - 1);
    if (source.find('.') == std::string_view::npos ||
        source.find(' ') != std::string_view::npos)
      return false;
    std::string_view count = Trim(after.substr(close + 1));
    if (!std::all_of(count.begin(), count.end(), ::isdigit)) return false;
  }
  return true;
}

// Whether `s` is written in capitals only ("BEST DRIP COFFEE MAKER"): a
// styled heading, whose words the site's shared title spells properly.
bool IsAllCaps(std::string_view s) {
  size_t upper = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    upper += c >= 'A' && c <= 'Z';
  }
  return upper >= 6;
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
  const std::string host = PageHost(f);
  // The headline is the page's heading that reads most like the <title>,
  // og:title or JSON-LD headline, whole or with the site's name cut off
  // (word overlap, so an edited headline still matches and the site's logo
  // heading does not). A <h1> needs little overlap and is preferred; an
  // <h2>/<h3> must be nearly the title.
  // Each form of the titles is cut once (StripSiteSuffix runs a regex)
  // and read both ways.
  const std::string forms[] = {
      og,          StripSiteSuffix(og),          CutAtSeparator(og),
      f.title_tag, StripSiteSuffix(f.title_tag), CutAtSeparator(f.title_tag),
      ld.headline};
  std::vector<std::string> refs[std::size(forms)];
  std::vector<std::string> meaning[std::size(forms)];
  for (size_t i = 0; i < std::size(forms); ++i) {
    refs[i] = TitleWords(forms[i]);
    meaning[i] = MatchWords(forms[i]);
  }
  // A part cut from a title may be the site's name, which the site's logo
  // heading repeats: a heading matching a whole title wins a tie.
  constexpr bool kWhole[] = {true, false, false, true, false, false, true};
  std::string best;
  double best_score = 0;
  bool best_is_h1 = false;
  double best_whole = 0;  // The best heading's overlap with a whole title.
  // The <h1> that overlaps a title most, and that overlap.
  std::string h1;
  double h1_overlap = 0;
  for (size_t i = 0; i < f.headings.size(); ++i) {
    const std::string& h = f.headings[i];
    if (CharCount(h) < 2 || CharCount(h) > 200) continue;
    std::vector<std::string> w = TitleWords(h);
    // og:title is the headline as the site shares it: a short heading
    // without a word of it is the site's or the author's name ("Sam's
    // Blog"); a long one is a headline the og:title only summarises.
    if (!refs[0].empty() && w.size() <= 4 && Dice(w, refs[0]) == 0) continue;
    // The site's logo: its name or its domain ("davidbau.com").
    if (IsDomainName(h) ||
        (w.size() <= 4 && NamesTheSite(h, f, host, /*loose=*/false)))
      continue;
    double score = 0, whole = 0, overlap = 0;
    // Only an <h1> is matched by its words of meaning (below).
    const std::vector<std::string> m =
        f.heading_is_h1[i] ? MatchWords(h) : std::vector<std::string>();
    for (size_t r = 0; r < std::size(refs); ++r) {
      // An <h1> may reword the shared title ("The Best Trails ... for
      // Biking" shared as "Where to Bike in ..."): its words of meaning
      // count as much as all its words. Section headings must repeat the
      // title's words, function words included, and a single word of
      // meaning ("Denver", "Travel") names a section or a place, not a
      // reworded headline.
      double d = Dice(w, refs[r]);
      if (f.heading_is_h1[i] && m.size() >= 2)
        d = std::max(d, Dice(m, meaning[r]));
      overlap = std::max(overlap, d);
      if (kWhole[r]) whole = std::max(whole, d);
      score = std::max(score, d * (kWhole[r] ? 1.0 : 0.99));
    }
    double need = f.heading_is_h1[i] ? 0.2 : 0.6;
    if (f.heading_is_h1[i]) score += 0.25;
    if (score >= need && score > best_score) {
      best = h;
      best_score = score;
      best_is_h1 = f.heading_is_h1[i];
      best_whole = whole;
    }
    if (f.heading_is_h1[i] && overlap > h1_overlap) {
      h1 = h;
      h1_overlap = overlap;
    }
  }
  // A section heading of the body that repeats a part of the title ("What
  // is social commerce?" under the <h1> "An introduction to social
  // commerce: ...") is not the headline: the <h1> that shares the title's
  // words is, unless the section heading is a whole title itself.
  if (!best_is_h1 && !h1.empty() && h1_overlap >= 0.3 && best_whole < 0.95) {
    best = h1;
    best_is_h1 = true;
  }
  // The headline as the site shares it, without the site's name.
  const std::string shared[] = {CutAtSeparator(og), StripSiteName(og, f, host),
                                CutAtSeparator(f.title_tag),
                                StripSiteName(f.title_tag, f, host),
                                CollapseSpace(ld.headline)};
  if (!best.empty() && AddsOnlyTheYear(best, CutAtSeparator(og)) &&
      AddsOnlyTheYear(best, CutAtSeparator(f.title_tag))) {
    out->set_title(CutAtSeparator(og));
    rules["title"] = "og:title-dated-heading";
  } else if (!best.empty()) {
    rules["title"] = "heading~title";
    std::string title;
    const std::vector<std::string> w = TitleWords(best);
    // An <h2>/<h3> that only resembles the shared title, other words or
    // the same in another order, is a section of the body ("... Software
    // Platforms of 2026" under "... Software in 2026"): the shared title
    // is the headline.
    if (!best_is_h1) {
      const std::vector<std::string> in_order[] = {
          LatinWords(best), LatinWords(CutAtTagline(best))};
      double closest = 0;
      std::string nearest;
      bool same = false;
      for (const std::string& s : shared) {
        if (s.empty()) continue;
        const std::vector<std::string> words = LatinWords(s);
        same |= words == in_order[0] || words == in_order[1];
        const double d = Dice(w, TitleWords(s));
        if (d > closest) {
          closest = d;
          nearest = s;
        }
      }
      if (!same && !nearest.empty()) {
        title = nearest;
        rules["title"] = "title~section-heading";
      }
    }
    double caps_overlap = 0.8;
    for (const std::string& s : shared) {
      if (s.empty()) continue;
      if (IsHeadlineInChrome(best, s)) {
        title = s;
        rules["title"] = "heading~title-without-chrome";
        break;
      }
      if (IsAllCaps(best) && !IsAllCaps(s) &&
          Dice(w, TitleWords(s)) >= caps_overlap) {
        title = s;
        caps_overlap = Dice(w, TitleWords(s));
        rules["title"] = "title~capitalised-heading";
      }
    }
    if (title.empty()) title = StripHeadlineDate(CutAtTagline(best));
    out->set_title(title);
  } else if (!og.empty()) {
    out->set_title(StripSiteName(og, f, host));
    rules["title"] = "og:title";
  } else if (!ld.headline.empty()) {
    out->set_title(CollapseSpace(ld.headline));
    rules["title"] = "json-ld";
  } else if (!f.title_tag.empty()) {
    out->set_title(StripSiteName(f.title_tag, f, host));
    rules["title"] = "title-tag";
  } else if (!f.headings.empty() && CharCount(f.headings[0]) <= 100) {
    out->set_title(f.headings[0]);
    rules["title"] = "h1";
  }
}

}  // namespace ink::cleaner
