// HTML pages and fragments: the cleaner's entry points for HTML. Metadata
// comes from html_metadata (meta tags, JSON-LD, <time>) and from byline text
// printed near the article, which this file reads; the body comes from
// html_content's scoring.
#include <gumbo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/dom_limits.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/html_content.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/html_metadata.h"
#include "stages/cleaner/page_author.h"
#include "stages/cleaner/page_dates.h"
#include "stages/cleaner/page_mojibake.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {

namespace {

// Links printed side by side lose their spaces ("Wedding ChecklistsJust
// Engaged"): a capital after three lower-case letters of a word marks a
// list of links, not a name ("McNamara", "DeLuca" have fewer).
bool HasGluedWords(std::string_view line) {
  size_t lower_run = 0;
  for (char c : line) {
    if (c >= 'A' && c <= 'Z' && lower_run >= 3) return true;
    lower_run = c >= 'a' && c <= 'z' ? lower_run + 1 : 0;
  }
  return false;
}

// "page.head.extra.author": a template's key left in the author tag.
bool IsTemplateKey(std::string_view name) {
  return name.find(' ') == std::string_view::npos &&
         std::count(name.begin(), name.end(), '.') >= 2 && HanCount(name) == 0;
}

// What an author element picked up from a comment section: "Jane says",
// the form's "Name *".
bool IsCommentChrome(std::string_view name) {
  std::string lower = AsciiLower(Trim(name));
  if (lower.find('*') != std::string::npos) return true;
  for (std::string_view w : {" says", " said", " wrote", " replied"}) {
    if (lower.size() > w.size() &&
        lower.compare(lower.size() - w.size(), w.size(), w) == 0)
      return true;
  }
  return false;
}

// An author tag that only repeats the site's name ("USA TODAY",
// "Paperium.net", "网易") or leaks a template key names no writer: the
// meta author rules run again without those values, and a person they
// find (a Person in JSON-LD, an author element), or else a link to an
// author's page, replaces it. With none the site's name stays: it is
// still the publisher that signs the page. A site named after a person
// ("Derek Roe") is that person's.
void ReplaceSiteNamedAuthors(const PageFacts& facts, const LdFacts& ld,
                             const GumboNode* body, v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  auto it = rules.find("authors");
  if (it == rules.end() ||
      (it->second.rfind("meta:", 0) != 0 && it->second != "json-ld"))
    return;
  std::string url = out->url();
  if (url.empty()) {
    auto og = facts.meta.find("og:url");
    if (og != facts.meta.end()) url = og->second;
  }
  auto bad = [&](std::string_view name) {
    return IsTemplateKey(name) ||
           (IsSiteName(name, facts, url) && !LooksLikeFullName(name));
  };
  if (std::none_of(out->authors().begin(), out->authors().end(), bad)) return;
  const v1::CleanArticle before = *out;
  std::vector<std::string> kept;
  for (const std::string& a : out->authors()) {
    if (!bad(a)) kept.push_back(a);
  }
  out->clear_authors();
  for (std::string& a : kept) out->add_authors(std::move(a));
  if (out->authors_size() > 0) return;
  rules.erase("authors");
  PageFacts without = facts;
  for (auto m = without.meta.begin(); m != without.meta.end();) {
    if (bad(m->second))
      m = without.meta.erase(m);
    else
      ++m;
  }
  LdFacts ld_without = ld;
  if (bad(ld_without.author)) {
    ld_without.author.clear();
    ld_without.author_is_person = false;
  }
  ChooseMetaAuthor(without, ld_without, out);
  for (const std::string& a : out->authors()) {
    if (bad(a) || IsCommentChrome(a)) {
      out->clear_authors();
      break;
    }
  }
  if (out->authors_size() == 0) {
    for (std::string& name : AuthorLinkNames(body)) {
      out->add_authors(std::move(name));
      (*out->mutable_field_rules())["authors"] = "author-link";
    }
  }
  if (out->authors_size() == 0) {
    std::string source = out->source();
    *out = before;
    if (out->source().empty()) out->set_source(source);
  }
}

// Whether line `at` of `lines` prints `d` as the page's date: the date
// with little else ("On 8 Oct 2022", "March 20, 2023 | Wellness"), not a
// dated entry of a list ("2021-08-09 Emphasizing the ..."), and not an
// update ("Last Updated:" on it or on the line before).
bool IsPrintedDateLine(const std::vector<std::string>& lines, size_t at,
                       const DateMatch& d) {
  if (at >= lines.size()) return false;
  const std::string& line = lines[at];
  if (CharCount(line) >
      CharCount(std::string_view(line).substr(d.begin, d.end - d.begin)) + 40)
    return false;
  for (size_t i = at > 0 ? at - 1 : at; i <= at; ++i) {
    const std::string lower = AsciiLower(lines[i]);
    if (lower.find("updated") != std::string::npos ||
        lower.find("modified") != std::string::npos)
      return false;
  }
  return true;
}

}  // namespace

Status CleanHtmlFragment(std::string_view html, const Options& options,
                         v1::CleanArticle* out) {
  RETURN_IF_ERROR(CheckHtmlNesting(html));
  GumboPtr doc = Parse(html);
  ExtractedContent all = CollectAll(doc->root, options);
  for (std::string& p : all.paragraphs) out->add_paragraphs(std::move(p));
  for (v1::Image& img : all.images) *out->add_images() = std::move(img);
  FinishParagraphs(options, out);
  return Status::OK();
}

Status CleanHtmlPage(std::string_view html, const Options& options,
                     v1::CleanArticle* out) {
  RETURN_IF_ERROR(CheckHtmlNesting(html));
  // A page encoded as UTF-8 twice is read as it was written: the parser
  // would turn its C1 controls into U+FFFD for good.
  const std::optional<std::string> repaired = RepairDoubleUtf8(html);
  const std::string stripped =
      StripScriptBodies(repaired ? std::string_view(*repaired) : html);
  GumboPtr doc = Parse(stripped);
  PageFacts facts;
  Gather(doc->root, &facts);
  const LdFacts ld = ReadLd(facts.ld_json);
  ChooseTitle(facts, ld, out);
  if (!facts.subtitle.empty() && facts.subtitle != out->title()) {
    out->set_subtitle(facts.subtitle);
    (*out->mutable_field_rules())["subtitle"] = "subtitle-element";
  }
  ChooseMetaDate(facts, ld, options, out);
  ChooseLinksAndTags(facts, out);
  auto& rules = *out->mutable_field_rules();

  const GumboNode* body = facts.body ? facts.body : doc->root;
  ExtractedContent extracted = ExtractContent(body, options);
  std::vector<std::string> paragraphs = std::move(extracted.paragraphs);
  std::vector<v1::Image> images = std::move(extracted.images);
  if (!extracted.rule.empty()) rules["paragraphs"] = extracted.rule;

  // Byline lines: the lines of the page just above the article body.
  std::vector<std::string> page_lines = LinesOf(body, options);
  if (paragraphs.empty()) {
    // No block scored at all (text only in headings or list items): keep
    // every line of the page rather than lose the document.
    paragraphs = page_lines;
    rules["paragraphs"] = "all-text";
  }
  // Where the content starts among the page's lines. The content's first
  // paragraphs need not be page lines: a caption kept as body text is an
  // image caption in the plain walk, so the first of a few that is wins.
  size_t first = page_lines.size();
  for (size_t p = 0;
       p < std::min<size_t>(paragraphs.size(), 4) && first == page_lines.size();
       ++p) {
    for (size_t i = 0; i < page_lines.size(); ++i) {
      if (page_lines[i] == paragraphs[p]) {
        first = i;
        break;
      }
    }
  }
  // Where the prose starts: the content may open with the headline and
  // byline lines (dates, "By ...") before the first real paragraph.
  size_t lead = first;
  for (size_t i = first; i < std::min(page_lines.size(), first + 12); ++i) {
    size_t n = CharCount(page_lines[i]);
    if (n >= 100 || (n >= 30 && PunctuationCount(page_lines[i]) >= 2)) {
      lead = i;
      break;
    }
  }
  // The printed date corrects JSON-LD and generic meta dates, which SEO
  // plugins fill with the draft's creation; OpenGraph's
  // article:published_time is kept (the printed one is often "Updated").
  const auto date_it = rules.find("date");
  const std::string date_rule =
      date_it == rules.end() ? std::string() : date_it->second;
  const bool weak_meta_date = date_rule == "json-ld" ||
                              date_rule == "time-element" ||
                              (date_rule.rfind("meta:", 0) == 0 &&
                               date_rule != "meta:article:published_time");
  const bool og_published = date_rule == "meta:article:published_time";
  std::optional<DateMatch> header_date;
  size_t header_line = 0;
  if (weak_meta_date || og_published)
    header_date = HeaderDate(page_lines, first, lead, out->title(), options,
                             &header_line);
  // Same day as the meta tag: keep the tag's more precise time.
  if (header_date &&
      out->date().substr(0, 10) != header_date->iso.substr(0, 10)) {
    bool take = false;
    if (og_published) {
      // OpenGraph's published time stands against an "Updated" date, but
      // not against a day that is neither it nor the last modification,
      // printed alone where the page's date goes (the date of a post
      // imported or re-stamped later), while the published day is printed
      // nowhere.
      take = IsPrintedDateLine(page_lines, header_line, *header_date) &&
             ContradictsPublished(
                 header_date->iso, out->date(),
                 ModifiedDate(facts, ld, options.default_utc_offset_minutes)) &&
             !IsPrinted(PrintedDays(body, options.default_utc_offset_minutes),
                        out->date());
    } else {
      // A meta date printed under the headline is confirmed: the header
      // date is then another one, such as under a second copy of it.
      std::optional<DateMatch> around =
          DateAroundHeadline(page_lines, out->title(), options);
      take = !around || around->iso.substr(0, 10) != out->date().substr(0, 10);
    }
    if (take) {
      out->set_date(header_date->iso);
      rules["date"] = "page-header-date";
    }
  }
  size_t from = first > 25 ? first - 25 : 0;
  std::optional<DateMatch> loose_date;
  size_t title_line = page_lines.size();
  // A bare name under the headline: the author if no rule finds another.
  std::string name_line;
  // "茉莉：我是怎样卷入八九民运的": commentary sites put the writer before
  // the headline; a line of that name alone under it confirms it is the
  // writer, not a speaker quoted.
  std::string headline_name;
  for (std::string_view colon : {"：", ":"}) {
    const size_t at = out->title().find(colon);
    if (at == std::string::npos || !headline_name.empty()) continue;
    std::string_view name = Trim(std::string_view(out->title()).substr(0, at));
    const size_t n = CharCount(name);
    if (n >= 2 && n <= 6 && PunctuationCount(name) == 0 &&
        name.find(' ') == std::string_view::npos)
      headline_name = std::string(name);
  }
  // The last line that gave a reporter credit (none yet: far before).
  size_t credit_line = 0;
  bool credit_seen = false;
  // Adds the reporters credited on line `at`; true if there were any.
  auto add_credit = [&](const std::vector<std::string>& names, size_t at) {
    for (const std::string& name : names) {
      if (std::find(out->authors().begin(), out->authors().end(), name) ==
          out->authors().end())
        out->add_authors(name);
    }
    if (names.empty()) return false;
    rules["authors"] = "page-reporter-credit";
    credit_line = at;
    credit_seen = true;
    return true;
  };
  for (size_t i = from; i < std::min(lead, page_lines.size()); ++i) {
    const std::string& line = page_lines[i];
    if (CharCount(line) > 200) continue;
    if (!out->title().empty() && title_line == page_lines.size() &&
        line.find(out->title()) != std::string::npos)
      title_line = i;
    // "胡平" alone on a line between the headline and the body.
    if (name_line.empty() && title_line < i && i <= title_line + 2 &&
        LooksLikePersonName(Trim(line))) {
      name_line = std::string(Trim(line));
      continue;
    }
    if (name_line.empty() && !headline_name.empty() && title_line < i &&
        Trim(line) == headline_name) {
      name_line = headline_name;
      continue;
    }
    // The same shape when the page's title is another: a line "茉莉：我是
    // 怎样..." above, then "我是怎样..." and "茉莉" alone.
    if (name_line.empty() && i > from && CharCount(Trim(line)) >= 2 &&
        CharCount(Trim(line)) <= 6 && PunctuationCount(Trim(line)) == 0) {
      const std::string name(Trim(line));
      const std::string& above = page_lines[i - 1];
      for (size_t j = from; j + 1 < i && name_line.empty(); ++j) {
        const std::string& l = page_lines[j];
        for (std::string_view colon : {"：", ":"}) {
          if (l.size() == name.size() + colon.size() + above.size() &&
              l.compare(0, name.size(), name) == 0 &&
              l.compare(name.size(), colon.size(), colon) == 0 &&
              l.compare(name.size() + colon.size(), std::string::npos, above) ==
                  0)
            name_line = name;
        }
      }
      if (!name_line.empty()) continue;
    }
    // "Written by" on a line of its own, the name on the next (above the
    // body or opening it: FinishParagraphs reads single lines only).
    if (out->authors_size() == 0 && IsBylineLabel(line) &&
        i + 1 < page_lines.size() && CharCount(page_lines[i + 1]) <= 80 &&
        !HasGluedWords(page_lines[i + 1]) &&
        !FindDate(page_lines[i + 1], options.default_utc_offset_minutes)) {
      std::optional<Byline> named = ParseByline(
          "By " + page_lines[i + 1], options.default_utc_offset_minutes);
      if (named && !named->authors.empty()) {
        MergeByline(*named, "page-", out);
        continue;
      }
    }
    // Lines of the content itself are read by FinishParagraphs, one at a
    // time: a credit split over two lines there is joined here.
    if (i >= first) {
      if (IsCreditLabel(line) && i + 1 < page_lines.size() &&
          (out->authors_size() == 0 || (credit_seen && credit_line + 2 >= i))) {
        bool whole = false;
        if (add_credit(
                FindReporterCredit(line + " " + page_lines[i + 1], &whole),
                i + 1))
          ++i;
      }
      continue;
    }
    std::optional<Byline> b =
        ParseByline(line, options.default_utc_offset_minutes);
    if (!b) {
      // "BUSINESS.SOHU.COM 2004年7月16日08:19 [ 黄宇 ] 来源：...": a site's
      // name before the byline.
      auto d = FindDate(line, options.default_utc_offset_minutes);
      if (d && d->begin > 0 && d->begin <= 40 &&
          HanCount(std::string_view(line).substr(0, d->begin)) == 0)
        b = ParseByline(std::string_view(line).substr(d->begin),
                        options.default_utc_offset_minutes);
    }
    if (b) {
      b->rest.clear();
      MergeByline(*b, "page-", out);
      continue;
    }
    // Credits may take several lines: "本报实习生 / 刘国栋 周炜 / 本报记者 /
    // 王燕平 方云凤": a job word alone names the people on the next line,
    // and credits on adjacent lines add up.
    if (out->authors_size() == 0 || (credit_seen && credit_line + 2 >= i)) {
      bool whole = false;
      std::vector<std::string> names;
      if (IsCreditLabel(line) && i + 1 < page_lines.size()) {
        names = FindReporterCredit(line + " " + page_lines[i + 1], &whole);
        if (!names.empty()) ++i;
      } else {
        names = FindReporterCredit(line, &whole);
      }
      add_credit(names, i);
    }
    if (!loose_date || !loose_date->has_time) {
      auto d = FindDate(line, options.default_utc_offset_minutes);
      if (d && (!loose_date || d->has_time)) loose_date = d;
    }
  }
  // Old portals print "作者：X" in a table under the article: read the
  // few lines after the body for a byline naming people.
  if (out->authors_size() == 0 && !paragraphs.empty() &&
      first < page_lines.size()) {
    size_t last = first;
    for (size_t i = first; i < page_lines.size(); ++i) {
      if (page_lines[i] == paragraphs.back()) {
        last = i;
        break;
      }
    }
    for (size_t i = last + 1; i < std::min(page_lines.size(), last + 9); ++i) {
      const std::string& line = page_lines[i];
      if (CharCount(line) > 200) continue;
      auto b = ParseByline(line, options.default_utc_offset_minutes);
      // An author box: "Written by" or "Author" over the name.
      if (!b && IsBylineLabel(line) && i + 1 < page_lines.size() &&
          CharCount(page_lines[i + 1]) <= 80 &&
          !HasGluedWords(page_lines[i + 1]) &&
          !FindDate(page_lines[i + 1], options.default_utc_offset_minutes))
        b = ParseByline("By " + page_lines[i + 1],
                        options.default_utc_offset_minutes);
      if (!b || b->authors.empty()) continue;
      b->rest.clear();
      b->date.clear();
      MergeByline(*b, "page-after-", out);
      break;
    }
  }
  // A byline printed on the page names the writer; meta tags often name
  // only the site, so they come second.
  if (out->authors_size() == 0) {
    ChooseMetaAuthor(facts, ld, out);
    ReplaceSiteNamedAuthors(facts, ld, body, out);
  }
  if (out->date().empty() && loose_date) {
    out->set_date(loose_date->iso);
    rules["date"] = "page-text-date";
  }

  for (std::string& p : paragraphs) out->add_paragraphs(std::move(p));
  for (v1::Image& img : images) *out->add_images() = std::move(img);
  FinishParagraphs(options, out);
  if (out->authors_size() == 0 && !name_line.empty()) {
    out->add_authors(name_line);
    rules["authors"] = "page-name-line";
  }
  // No byline: a link to the writer's author page, then the person a
  // personal site or blog is named after.
  if (out->authors_size() == 0) {
    for (std::string& name : AuthorLinkNames(body)) {
      out->add_authors(std::move(name));
      rules["authors"] = "author-link";
    }
  }
  if (out->authors_size() == 0) {
    std::string owner = SiteOwner(facts, out->title());
    if (!owner.empty()) {
      out->add_authors(std::move(owner));
      rules["authors"] = "site-owner";
    }
  }
  if (out->date().empty() && first < page_lines.size()) {
    // A date printed above the article ("Sweat · August 16, 2019"), the
    // closest to the body first.
    for (size_t i = std::min(lead + 3, page_lines.size()); i-- > 0;) {
      if (CharCount(page_lines[i]) > 200) continue;
      if (auto d =
              FindDate(page_lines[i], options.default_utc_offset_minutes)) {
        out->set_date(d->iso);
        rules["date"] = "page-text-date-above";
        break;
      }
    }
  }
  if (out->date().empty()) {
    // Last resort: the first date with a time anywhere in the page text.
    for (const std::string& line : page_lines) {
      auto d = FindDate(line, options.default_utc_offset_minutes);
      if (d && d->has_time) {
        out->set_date(d->iso);
        rules["date"] = "page-text-date";
        break;
      }
    }
  }
  if (out->date().empty() && first < page_lines.size() &&
      !out->paragraphs().empty()) {
    // Blogs print "Posted on April 13, 2023" under the article. The last
    // paragraph may repeat ("View Webcam" under each item): its last copy
    // ends the article.
    size_t last = first;
    for (size_t i = page_lines.size(); i-- > first;) {
      if (page_lines[i] == out->paragraphs(out->paragraphs_size() - 1)) {
        last = i;
        break;
      }
    }
    for (size_t i = last + 1; i < std::min(page_lines.size(), last + 10); ++i) {
      if (CharCount(page_lines[i]) > 60) continue;
      if (auto d =
              FindDate(page_lines[i], options.default_utc_offset_minutes)) {
        out->set_date(d->iso);
        rules["date"] = "page-text-date-after";
        break;
      }
    }
  }
  if (out->date().empty()) ChooseWebPageDate(ld, options, out);
  if (out->date().empty()) ChooseLastResortDate(facts, options, out);
  if (out->date().empty()) {
    // A reprint names its issue at the end: "——《北京之春》1996年6月号".
    // Only the month is known; ISO 8601 writes it YYYY-MM.
    static const std::regex issue_re(
        "((?:19|20)\\d\\d)年(\\d{1,2})月(?:号|刊)?\\s*$", kRe);
    const int n = out->paragraphs_size();
    for (int i = n - 1; i >= 0 && i >= n - 3; --i) {
      const std::string& p = out->paragraphs(i);
      std::smatch m;
      if (CharCount(p) > 200 || !std::regex_search(p, m, issue_re)) continue;
      int month = std::atoi(m[2].str().c_str());
      if (month < 1 || month > 12) continue;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%s-%02d", m[1].str().c_str(), month);
      out->set_date(buf);
      rules["date"] = "issue-credit";
      break;
    }
  }
  ChooseSiteSource(facts, out);
  return Status::OK();
}

}  // namespace ink::cleaner
