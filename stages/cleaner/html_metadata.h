// Metadata of an HTML page: what <meta>, <link>, <time>, JSON-LD and
// byline-classed elements say about the title, dates, authors and source.
// The page's printed text (bylines above the body) is read by
// CleanHtmlPage, which prefers it where noted.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/cleaner/cleaner.h"
#include "stages/cleaner/date_parse.h"

namespace ink::cleaner {

// Page-level facts gathered in one walk.
struct PageFacts {
  std::unordered_map<std::string, std::string>
      meta;  // name/property/itemprop -> content.
  std::string title_tag;
  std::vector<std::string> headings;  // h1..h3 text, in order.
  std::vector<bool> heading_is_h1;    // Parallel to headings.
  std::string canonical;              // <link rel=canonical href>.
  std::string subtitle;               // First element classed as a subtitle.
  std::string time_datetime;          // First <time datetime>.
  // Text of the first short element classed as a publication date
  // ("published-date", "post-date", "entry-date") that reads as a date.
  std::string date_element;
  // The first date printed under a label of its own ("<h6>Date</h6>
  // <p>November 2003</p>", "<dt>Published</dt><dd>4 May 2021</dd>") as
  // ISO 8601: a day, or only a month ("2003-11") when the page prints no
  // day.
  std::string labelled_date;
  std::vector<std::string> ld_json;  // Bodies of application/ld+json scripts.
  std::vector<std::string> author_texts;  // class/itemprop/rel author elements.
  const GumboNode* body = nullptr;
};

// Facts from JSON-LD (schema.org Article types).
struct LdFacts {
  std::string headline, date, author;
  std::string modified;  // dateModified of the article (or its WebPage).
  // datePublished of a WebPage node: some sites describe the article only
  // as the page; weaker than any date the page prints.
  std::string page_date;
  std::string page_modified;      // dateModified of that WebPage node.
  bool author_is_person = false;  // The author has "@type": "Person".
  // "@id" -> name of every Person node: Yoast-style graphs name the
  // article's author by reference ("author": {"@id": "...#/person/1"}).
  std::unordered_map<std::string, std::string> persons;
};

// Fills `f` from the tree below `n` (meta tags, title, headings, JSON-LD
// bodies, author and subtitle elements, the <body>).
void Gather(const GumboNode* n, PageFacts* f);

// Parses the JSON-LD script bodies (invalid ones are skipped).
LdFacts ReadLd(const std::vector<std::string>& scripts);

// `s` with HTML character references decoded ("Actuary&#8217;s" ->
// "Actuary’s", "&amp;" -> "&"; "&nbsp;" is a space), as an HTML parser
// reads them. JSON-LD is the text of a <script>, which HTML does not
// decode, and WordPress writes its headlines there escaped for HTML.
// Unknown references are kept.
std::string DecodeCharRefs(std::string_view s);

// Words of a title for comparing headings: lower-cased Latin words and
// numbers, and single Han characters, sorted and distinct.
std::vector<std::string> TitleWords(std::string_view s);

// Sets the title (og:title, JSON-LD headline, <h1>, <title> without the
// site's name), with its rule. In page_title.cc.
void ChooseTitle(const PageFacts& f, const LdFacts& ld, v1::CleanArticle* out);

// Sets the publication date from meta tags, JSON-LD or <time>, if any,
// then checks it against what the page itself states: a modified date that
// the page prints when it does not print the published one is the date
// readers see ("Updated September 28, 2025"); the day in the canonical URL
// is the local publication day, so a meta instant written in UTC that falls
// on the next or previous day gives way to it; and with no meta date at
// all, the URL's day is the date.
void ChooseMetaDate(const PageFacts& f, const LdFacts& ld,
                    const Options& options, v1::CleanArticle* out);

// The last-modified date the meta tags or JSON-LD give, normalised, or "".
std::string ModifiedDate(const PageFacts& f, const LdFacts& ld,
                         int default_offset);

// Sets the date from a JSON-LD WebPage's datePublished, if any: for pages
// where nothing else gives a date.
void ChooseWebPageDate(const LdFacts& ld, const Options& options,
                       v1::CleanArticle* out);

// Sets the date from the last resorts: a date under a label ("Date",
// "Published"), the first element classed as the post's date
// ("published-date", "entry-date"), else "modified" meta tags.
void ChooseLastResortDate(const PageFacts& f, const Options& options,
                          v1::CleanArticle* out);

// The date printed between the headline and the body of `lines` (the
// page's lines; `first` is the content's first line, `lead` its first line
// of prose), else DateAroundHeadline's, if any. Sets `*line` (if given)
// to the index of the line that holds it.
std::optional<DateMatch> HeaderDate(const std::vector<std::string>& lines,
                                    size_t first, size_t lead,
                                    const std::string& title,
                                    const Options& options,
                                    size_t* line = nullptr);

// The date printed around the first line of `lines` that is `title`
// alone (or with a tagline after a separator): on one of the short lines under
// it, or alone on the line just above it ("March 1, 2024" over "Healthy Eating
// Tips"). Sets `*line` as HeaderDate does.
std::optional<DateMatch> DateAroundHeadline(
    const std::vector<std::string>& lines, const std::string& title,
    const Options& options, size_t* line = nullptr);

// Sets authors (and the source) from JSON-LD, meta tags and author-classed
// elements.
void ChooseMetaAuthor(const PageFacts& f, const LdFacts& ld,
                      v1::CleanArticle* out);

// Sets the source from the site's own name (og:site_name, application-name)
// when no byline or author rule named one: a publisher, better than none.
void ChooseSiteSource(const PageFacts& f, v1::CleanArticle* out);

// Sets the canonical URL, categories, the lead image and tags from
// <link rel=canonical> and meta tags.
void ChooseLinksAndTags(const PageFacts& facts, v1::CleanArticle* out);

}  // namespace ink::cleaner
