// Metadata of an HTML page from <meta>, <link>, <time>, JSON-LD and
// byline-classed elements: title, dates, authors, source, url, sections.
#include "stages/cleaner/html_metadata.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/page_dates.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {

namespace {

// The class attribute of an element as written and lower-cased, read once
// for the name tests below (they run on every element of the page).
struct ClassOf {
  explicit ClassOf(const GumboNode* n)
      : raw(Attr(n, "class")), lower(AsciiLower(raw)) {}
  std::string_view raw;
  std::string lower;
};

// True if the name `v` (`lower` lower-cased) has "author", "byline" or
// "writer" as a word (see IsAuthorElement).
bool NamesAuthor(std::string_view v, std::string_view lower) {
  for (std::string_view w : {"author", "byline", "writer"}) {
    for (size_t i = lower.find(w); i != std::string_view::npos;
         i = lower.find(w, i + 1)) {
      auto sep = [](char c) { return c == ' ' || c == '_' || c == '-'; };
      auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
      // camelCase joins words too: "authorName", "postAuthor".
      bool start = i == 0 || sep(lower[i - 1]) || upper(v[i]);
      bool end = i + w.size() == lower.size() || sep(lower[i + w.size()]) ||
                 upper(v[i + w.size()]);
      if (start && end) return true;
    }
  }
  return false;
}

// class, itemprop or rel naming an author: "author", "byline", "post-author",
// "article_writer", "authorName" (the word between start, end, space, '_',
// '-' or a camelCase capital). `cls` is the class of `n`.
bool IsAuthorElement(const GumboNode* n, const ClassOf& cls) {
  if (!cls.raw.empty() && NamesAuthor(cls.raw, cls.lower)) return true;
  for (const char* attr : {"itemprop", "rel"}) {
    std::string_view v = Attr(n, attr);
    if (!v.empty() && NamesAuthor(v, AsciiLower(v))) return true;
  }
  return false;
}

// class or id naming a subtitle or standfirst: "subtitle", "sub-title",
// "sub_title", "subTitle", "fu-title" (副标题), "standfirst", "dek". `cls`
// is the class of `n`.
bool IsSubtitleElement(const GumboNode* n, const ClassOf& cls) {
  auto names_subtitle = [](std::string_view lower) {
    return HasAny(lower, {"subtitle", "sub-title", "sub_title", "subhead",
                          "fubiaoti", "fu-title", "standfirst"}) ||
           HasToken(lower, "dek");
  };
  if (!cls.raw.empty() && names_subtitle(cls.lower)) return true;
  std::string_view id = Attr(n, "id");
  return !id.empty() && names_subtitle(AsciiLower(id));
}

// class naming the date a post was published: "published-date",
// "post-date", "entry-date", "article__date", "date-published". Not
// "updated" or "modified" dates, nor "date-picker" widgets.
bool IsDateElement(const ClassOf& cls) {
  const std::string& lower = cls.lower;
  if (lower.empty() || !HasAny(lower, {"date", "published", "pubtime"}))
    return false;
  return !HasAny(lower, {"update", "modified", "picker", "comment", "event",
                         "validat", "candidate"});
}

// The datetime of the first <time datetime> below `n`, or "".
std::string FirstTimeDatetime(const GumboNode* n) {
  if (!IsElement(n)) return "";
  if (n->v.element.tag == GUMBO_TAG_TIME && !Trim(Attr(n, "datetime")).empty())
    return std::string(Attr(n, "datetime"));
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    std::string d =
        FirstTimeDatetime(static_cast<const GumboNode*>(kids.data[i]));
    if (!d.empty()) return d;
  }
  return "";
}

// Nodes ShortText reads at most: a date may sit in a <time> in a <span>.
constexpr size_t kShortTextNodes = 8;

// The walk of ShortText: appends the text below `x` to `out`, visiting at
// most `*budget` nodes; clears `*ok` when the budget or the length runs
// out. (A plain function, not a std::function: ShortText runs on every
// element of the page.)
void AppendShortText(const GumboNode* x, size_t limit, std::string* out,
                     size_t* budget, bool* ok) {
  if (!*ok) return;
  if ((*budget)-- == 0) {
    *ok = false;
    return;
  }
  if (x->type == GUMBO_NODE_TEXT || x->type == GUMBO_NODE_WHITESPACE ||
      x->type == GUMBO_NODE_CDATA) {
    *out += x->v.text.text;
    *out += ' ';
    *ok = out->size() <= limit * 2;
    return;
  }
  if (!IsElement(x)) return;
  const GumboVector& kids = Children(x);
  for (unsigned i = 0; i < kids.length && *ok; ++i)
    AppendShortText(static_cast<const GumboNode*>(kids.data[i]), limit, out,
                    budget, ok);
}

// The text of `n` if it is short: at most `limit` bytes of text in few
// nodes (a label or a date, not a block of the page). nullopt otherwise,
// without walking a large subtree.
std::optional<std::string> ShortText(const GumboNode* n, size_t limit) {
  std::string out;
  size_t budget = kShortTextNodes;
  bool ok = true;
  AppendShortText(n, limit, &out, &budget, &ok);
  if (!ok) return std::nullopt;
  std::string text = CollapseSpace(out);
  if (text.size() > limit) return std::nullopt;
  return text;
}

// ShortText(n, 24) when it can be a date label (IsDateLabel), nullopt
// otherwise. Every label of IsDateLabel has a "d": text without one is
// dropped before it is collapsed, as most text of a page is (this runs on
// every element).
std::optional<std::string> ShortDateLabel(const GumboNode* n) {
  constexpr size_t kLimit = 24;
  std::string out;
  size_t budget = kShortTextNodes;
  bool ok = true;
  AppendShortText(n, kLimit, &out, &budget, &ok);
  if (!ok || std::none_of(out.begin(), out.end(),
                          [](char c) { return c == 'd' || c == 'D'; }))
    return std::nullopt;
  std::string text = CollapseSpace(out);
  if (text.size() > kLimit) return std::nullopt;
  return text;
}

// Whether `text` is a label that names the date after it: "Date",
// "Published:", "Publication date", "Posted on".
bool IsDateLabel(std::string_view text) {
  text = Trim(text);
  while (!text.empty() && (text.back() == ':' || text.back() == ' '))
    text.remove_suffix(1);
  const std::string lower = AsciiLower(text);
  for (std::string_view label :
       {"date", "published", "publication date", "date published",
        "published on", "posted", "posted on", "publish date", "issued",
        "release date", "date of publication"})
    if (lower == label) return true;
  return false;
}

// The date a label among `n`'s children names: the first child whose text
// is a date label, then the next child that holds text, if that text is a
// short date or month of a year. "" if there is none.
std::string LabelledDate(const GumboNode* n) {
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i + 1 < kids.length; ++i) {
    const auto* kid = static_cast<const GumboNode*>(kids.data[i]);
    if (!IsElement(kid)) continue;
    std::optional<std::string> label = ShortDateLabel(kid);
    if (!label || !IsDateLabel(*label)) continue;
    for (unsigned j = i + 1; j < kids.length; ++j) {
      const auto* next = static_cast<const GumboNode*>(kids.data[j]);
      if (next->type == GUMBO_NODE_WHITESPACE ||
          next->type == GUMBO_NODE_COMMENT)
        continue;
      std::optional<std::string> text = ShortText(next, 40);
      if (!text || text->empty()) return "";
      if (auto d = FindDate(*text); d && d->iso.size() >= 10)
        return d->iso.substr(0, 10);
      if (auto m = FindMonthOfYear(*text)) return m->iso;
      return "";
    }
  }
  return "";
}

// LabelledDate of the first element below `n` (or `n` itself) that has
// one.
std::string FirstLabelledDate(const GumboNode* n) {
  if (!IsElement(n)) return "";
  std::string d = LabelledDate(n);
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length && d.empty(); ++i)
    d = FirstLabelledDate(static_cast<const GumboNode*>(kids.data[i]));
  return d;
}

}  // namespace

void Gather(const GumboNode* n, PageFacts* f) {
  if (!IsElement(n)) return;
  GumboTag t = n->v.element.tag;
  switch (t) {
    case GUMBO_TAG_META: {
      std::string_view content = Attr(n, "content");
      for (const char* key : {"name", "property", "itemprop", "http-equiv"}) {
        std::string_view k = Attr(n, key);
        if (!k.empty() && !content.empty())
          f->meta.emplace(AsciiLower(Trim(k)), std::string(Trim(content)));
      }
      return;
    }
    case GUMBO_TAG_TITLE:
      if (f->title_tag.empty()) f->title_tag = TextOf(n);
      return;
    case GUMBO_TAG_LINK:
      if (f->canonical.empty() &&
          AsciiLower(Trim(Attr(n, "rel"))) == "canonical")
        f->canonical = std::string(Trim(Attr(n, "href")));
      return;
    case GUMBO_TAG_SCRIPT: {
      if (AsciiLower(Attr(n, "type")) == "application/ld+json" &&
          Children(n).length > 0) {
        const GumboNode* text =
            static_cast<const GumboNode*>(Children(n).data[0]);
        if (text->type == GUMBO_NODE_TEXT || text->type == GUMBO_NODE_CDATA)
          f->ld_json.emplace_back(text->v.text.text);
      }
      return;
    }
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
      f->headings.push_back(TextOf(n));
      f->heading_is_h1.push_back(t == GUMBO_TAG_H1);
      break;
    case GUMBO_TAG_TIME:
      if (f->time_datetime.empty() && !Trim(Attr(n, "datetime")).empty())
        f->time_datetime = std::string(Attr(n, "datetime"));
      break;
    case GUMBO_TAG_BODY:
      if (!f->body) f->body = n;
      break;
    default:
      break;
  }
  if (IsSkipElement(n) && t != GUMBO_TAG_HEAD) {
    // Blog themes put the post's <time> in an <aside> or <header> beside
    // the article: read it there too (meta tags and the printed date
    // still come first).
    if (f->time_datetime.empty()) f->time_datetime = FirstTimeDatetime(n);
    // So do report pages their metadata box ("Date" over "November
    // 2003"); navigation and footers label other pages' dates.
    if (f->labelled_date.empty() && t == GUMBO_TAG_ASIDE)
      f->labelled_date = FirstLabelledDate(n);
    return;
  }
  const ClassOf cls(n);
  if (f->subtitle.empty() && t != GUMBO_TAG_BODY && IsSubtitleElement(n, cls)) {
    std::string text = TextOf(n);
    if (CharCount(text) >= 4 && CharCount(text) <= 150)
      f->subtitle = std::move(text);
  }
  // A date is a short run of text: a container with many children is a
  // list or a form, not a date (and its text is not worth collecting).
  if (f->date_element.empty() && t != GUMBO_TAG_BODY &&
      Children(n).length <= 4 && IsDateElement(cls)) {
    std::string text = TextOf(n);
    if (CharCount(text) <= 40 && FindDate(text)) f->date_element = text;
  }
  if (f->labelled_date.empty() && t != GUMBO_TAG_HEAD)
    f->labelled_date = LabelledDate(n);
  if (t != GUMBO_TAG_BODY && t != GUMBO_TAG_META && IsAuthorElement(n, cls)) {
    std::string text = TextOf(n);
    if (!text.empty() && CharCount(text) <= 80) f->author_texts.push_back(text);
  }
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i)
    Gather(static_cast<const GumboNode*>(kids.data[i]), f);
}

std::string DecodeCharRefs(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  // Gumbo decodes references as an HTML5 parser does (every named one;
  // broken ones stay as written): the text of `s` parsed as a page.
  GumboPtr doc = Parse(s);
  std::string text = TextOf(doc->root);
  // No-break spaces are spaces in a title.
  for (size_t i = text.find("\u00a0"); i != std::string::npos;
       i = text.find("\u00a0", i))
    text.replace(i, 2, " ");
  return CollapseSpace(text);
}

namespace {

bool IsLdPerson(const nlohmann::json& x) {
  return x.is_object() && x.contains("@type") && x["@type"].is_string() &&
         x["@type"].get<std::string>() == "Person";
}

// Calls `visit` on every object node of a JSON-LD document: the members of
// arrays and of "@graph" (before the object that holds the graph).
template <typename Visit>
void ForEachLdNode(const nlohmann::json& j, const Visit& visit) {
  if (j.is_array()) {
    for (const auto& x : j) ForEachLdNode(x, visit);
    return;
  }
  if (!j.is_object()) return;
  if (j.contains("@graph")) ForEachLdNode(j["@graph"], visit);
  visit(j);
}

// Records the name of a Person node under its "@id".
void IndexLdPerson(const nlohmann::json& j, LdFacts* out) {
  if (IsLdPerson(j) && j.contains("@id") && j["@id"].is_string() &&
      j.contains("name") && j["name"].is_string())
    out->persons.emplace(j["@id"].get<std::string>(),
                         j["name"].get<std::string>());
}

// Reads the headline, date and author of an Article-typed node.
void ScanLdNode(const nlohmann::json& j, LdFacts* out) {
  auto name_of = [out](const nlohmann::json& x) -> std::string {
    if (x.is_string()) return x.get<std::string>();
    if (!x.is_object()) return "";
    if (x.contains("name") && x["name"].is_string())
      return x["name"].get<std::string>();
    if (x.contains("@id") && x["@id"].is_string()) {
      auto it = out->persons.find(x["@id"].get<std::string>());
      if (it != out->persons.end()) return it->second;
    }
    return "";
  };
  auto str = [&](const nlohmann::json& v) -> std::string {
    if (v.is_array()) {
      std::string all;
      for (const auto& x : v) {
        std::string s = name_of(x);
        if (!s.empty()) all += (all.empty() ? "" : ", ") + s;
      }
      return all;
    }
    return name_of(v);
  };
  std::string type = j.contains("@type") ? str(j["@type"]) : "";
  bool article = type.find("Article") != std::string::npos ||
                 type == "BlogPosting" || type == "Report" ||
                 type == "LiveBlogPosting";
  if (type == "WebPage" && out->page_date.empty() &&
      j.contains("datePublished"))
    out->page_date = str(j["datePublished"]);
  if (type == "WebPage" && out->page_modified.empty() &&
      j.contains("dateModified"))
    out->page_modified = str(j["dateModified"]);
  if (!article) return;
  if (out->headline.empty() && j.contains("headline"))
    out->headline = DecodeCharRefs(str(j["headline"]));
  if (out->date.empty() && j.contains("datePublished"))
    out->date = str(j["datePublished"]);
  if (out->modified.empty() && j.contains("dateModified"))
    out->modified = str(j["dateModified"]);
  if (out->author.empty() && j.contains("author")) {
    const nlohmann::json& a = j["author"];
    out->author = str(a);
    auto person = [out](const nlohmann::json& x) {
      return IsLdPerson(x) ||
             (x.is_object() && x.contains("@id") && x["@id"].is_string() &&
              out->persons.count(x["@id"].get<std::string>()) > 0);
    };
    out->author_is_person = person(a);
    if (a.is_array()) {
      for (const auto& x : a) out->author_is_person |= person(x);
    }
    // People listed with their newspaper: the organisation is the
    // publisher, not a co-author.
    if (a.is_array() && out->author_is_person) {
      std::string people;
      for (const auto& x : a) {
        if (x.is_object() && x.contains("@type") &&
            str(x["@type"]) == "Organization")
          continue;
        std::string s = name_of(x);
        if (!s.empty()) people += (people.empty() ? "" : ", ") + s;
      }
      out->author = people;
    }
  }
}

}  // namespace

// Words of a title for comparing headings: lower-cased Latin words and
// numbers, and single Han characters.
std::vector<std::string> TitleWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t c = NextChar(s, &i);
    if (c < 0x80 && std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      continue;
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
    if (IsHan(c)) out.emplace_back(s.substr(start, i - start));
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

LdFacts ReadLd(const std::vector<std::string>& scripts) {
  LdFacts ld;
  std::vector<nlohmann::json> docs;
  for (const std::string& s : scripts) {
    nlohmann::json j =
        nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) continue;
    ForEachLdNode(j, [&ld](const nlohmann::json& x) { IndexLdPerson(x, &ld); });
    docs.push_back(std::move(j));
  }
  for (const nlohmann::json& j : docs)
    ForEachLdNode(j, [&ld](const nlohmann::json& x) { ScanLdNode(x, &ld); });
  return ld;
}

namespace {}  // namespace

std::string ModifiedDate(const PageFacts& f, const LdFacts& ld,
                         int default_offset) {
  for (const char* k : {"article:modified_time", "og:updated_time",
                        "datemodified", "dcterms.modified"}) {
    auto it = f.meta.find(k);
    if (it == f.meta.end()) continue;
    if (auto d = ParseDate(it->second, default_offset)) return *d;
  }
  for (const std::string* s : {&ld.modified, &ld.page_modified}) {
    if (auto d = ParseDate(*s, default_offset)) return *d;
  }
  return "";
}

namespace {

// The canonical URL of the page (<link rel=canonical>, else og:url).
std::string_view PageUrl(const PageFacts& f) {
  if (!f.canonical.empty()) return f.canonical;
  auto it = f.meta.find("og:url");
  return it == f.meta.end() ? std::string_view() : std::string_view(it->second);
}

// Checks the meta date in `out` against the page's printed days and URL
// (see ChooseMetaDate in the header).
void CheckMetaDate(const PageFacts& f, const LdFacts& ld,
                   const Options& options, v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  // OpenGraph's published time is what the site itself states as the
  // publication: an "Updated" date printed beside it does not replace it.
  auto rule = rules.find("date");
  if (!out->date().empty() && rule != rules.end() &&
      rule->second != "meta:article:published_time") {
    std::string modified =
        ModifiedDate(f, ld, options.default_utc_offset_minutes);
    if (!modified.empty() &&
        modified.substr(0, 10) != out->date().substr(0, 10)) {
      std::vector<std::string> days =
          PrintedDays(f.body, options.default_utc_offset_minutes);
      if (!IsPrinted(days, out->date()) && IsPrinted(days, modified)) {
        out->set_date(modified);
        rules["date"] = "printed-modified-date";
      }
    }
  }
  std::optional<std::string> url_day = UrlDate(PageUrl(f));
  if (!url_day) return;
  if (out->date().empty()) {
    out->set_date(*url_day);
    rules["date"] = "url-date";
    return;
  }
  std::optional<long> have = DayNumber(out->date());
  std::optional<long> want = DayNumber(*url_day);
  if (have && want && std::labs(*have - *want) == 1) {
    out->set_date(*url_day);
    rules["date"] = "url-date";
  }
}

// The first date the meta tags, JSON-LD or <time> give, with its rule.
void FindMetaDate(const PageFacts& f, const LdFacts& ld, const Options& options,
                  v1::CleanArticle* out) {
  static constexpr const char* kKeys[] = {"article:published_time",
                                          "og:article:published_time",
                                          "article:published",
                                          "published_time",
                                          "pubdate",
                                          "publishdate",
                                          "publish-date",
                                          "publish_date",
                                          "publication_date",
                                          "datepublished",
                                          "og:release_date",
                                          "sailthru.date",
                                          "parsely-pub-date",
                                          "cxenseparse:publishtime",
                                          "dc.date.issued",
                                          "dc.date",
                                          "dcterms.created",
                                          "article.published",
                                          "published",
                                          "weibo: article:create_at",
                                          "og:time",
                                          "date",
                                          "created"};
  for (const char* k : kKeys) {
    auto it = f.meta.find(k);
    if (it == f.meta.end()) continue;
    if (auto d = ParseDate(it->second, options.default_utc_offset_minutes)) {
      out->set_date(*d);
      (*out->mutable_field_rules())["date"] = std::string("meta:") + k;
      return;
    }
  }
  // Site-specific names such as "w-published-date" or "cms.publish_time".
  for (const auto& [k, v] : f.meta) {
    if (k.find("publish") == std::string::npos ||
        k.find("publisher") != std::string::npos ||
        (k.find("date") == std::string::npos &&
         k.find("time") == std::string::npos))
      continue;
    if (auto d = ParseDate(v, options.default_utc_offset_minutes)) {
      out->set_date(*d);
      (*out->mutable_field_rules())["date"] = "meta:" + k;
      return;
    }
  }
  if (auto d = ParseDate(ld.date, options.default_utc_offset_minutes)) {
    out->set_date(*d);
    (*out->mutable_field_rules())["date"] = "json-ld";
    return;
  }
  if (auto d = ParseDate(f.time_datetime, options.default_utc_offset_minutes)) {
    out->set_date(*d);
    (*out->mutable_field_rules())["date"] = "time-element";
    return;
  }
}

}  // namespace

void ChooseMetaDate(const PageFacts& f, const LdFacts& ld,
                    const Options& options, v1::CleanArticle* out) {
  FindMetaDate(f, ld, options, out);
  CheckMetaDate(f, ld, options, out);
}

void ChooseWebPageDate(const LdFacts& ld, const Options& options,
                       v1::CleanArticle* out) {
  if (auto d = ParseDate(ld.page_date, options.default_utc_offset_minutes)) {
    out->set_date(*d);
    (*out->mutable_field_rules())["date"] = "json-ld:webpage";
  }
}

// A date under a label, an element classed as the post's date, then when
// the page was last changed: better than no date at all, worse than any date
// printed in the page's lines (an element classed "date" is as often a related
// post's or an event's as the article's, so it comes after them).
void ChooseLastResortDate(const PageFacts& f, const Options& options,
                          v1::CleanArticle* out) {
  // A date under a label of its own ("Date" over "November 2003") is the
  // page's: the label says what it is. Reports and archive pages print
  // only the month of their issue.
  if (!f.labelled_date.empty()) {
    out->set_date(f.labelled_date);
    (*out->mutable_field_rules())["date"] = "labelled-date";
    return;
  }
  if (auto d = ParseDate(f.date_element, options.default_utc_offset_minutes)) {
    out->set_date(*d);
    (*out->mutable_field_rules())["date"] = "date-element";
    return;
  }
  for (const char* k : {"article:modified_time", "og:updated_time", "lastmod",
                        "last-modified", "dcterms.modified"}) {
    auto it = f.meta.find(k);
    if (it == f.meta.end()) continue;
    if (auto d = ParseDate(it->second, options.default_utc_offset_minutes)) {
      out->set_date(*d);
      (*out->mutable_field_rules())["date"] = std::string("meta:") + k;
      return;
    }
  }
}

// The date printed between the headline and the body, with the byline
// ("By Jane Doe · Updated Dec 4, 2025"), is the one readers see and cite;
// meta tags often carry a first-draft or a republication date instead.
// Looks from the headline's line (or, without one, a few lines above the
// body) to just inside the body, top-down, at short lines only; then
// around the headline's first line on the page.
// `first` is the first line of the content, `lead` its first line of prose.
std::optional<DateMatch> HeaderDate(const std::vector<std::string>& lines,
                                    size_t first, size_t lead,
                                    const std::string& title,
                                    const Options& options, size_t* line) {
  if (first >= lines.size()) return std::nullopt;
  size_t from = first > 6 ? first - 6 : 0;
  if (!title.empty()) {
    for (size_t i = lead; i-- > (first > 25 ? first - 25 : 0);) {
      if (lines[i].find(title) != std::string::npos) {
        from = i + 1;
        break;
      }
    }
  }
  for (size_t i = from; i < std::min(lead + 2, lines.size()); ++i) {
    if (CharCount(lines[i]) > 120) continue;
    if (auto d = FindDate(lines[i], options.default_utc_offset_minutes)) {
      if (line) *line = i;
      return d;
    }
  }
  // The content may have been found away from the headline (a repeated
  // heading, a misread body).
  return DateAroundHeadline(lines, title, options, line);
}

std::optional<DateMatch> DateAroundHeadline(
    const std::vector<std::string>& lines, const std::string& title,
    const Options& options, size_t* line) {
  if (title.empty()) return std::nullopt;
  // The headline alone, or with the tagline the title was cut from
  // ("Best Movers in NYC | Top 19 Companies").
  auto is_headline = [&title](std::string_view line) {
    line = Trim(line);
    if (line.size() < title.size() || line.compare(0, title.size(), title))
      return false;
    std::string_view rest = line.substr(title.size());
    return rest.empty() || rest.rfind(" | ", 0) == 0 ||
           rest.rfind(" - ", 0) == 0 || rest.rfind(" – ", 0) == 0 ||
           rest.rfind(" — ", 0) == 0;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!is_headline(lines[i])) continue;
    for (size_t j = i + 1; j < std::min(lines.size(), i + 4); ++j) {
      if (CharCount(lines[j]) > 60) break;
      if (auto d = FindDate(lines[j], options.default_utc_offset_minutes)) {
        if (line) *line = j;
        return d;
      }
    }
    if (i > 0) {
      std::string_view above = Trim(lines[i - 1]);
      auto d = FindDate(above, options.default_utc_offset_minutes);
      if (d && above.size() <= d->end - d->begin + 4) {
        if (line) *line = i - 1;
        return d;
      }
    }
    break;
  }
  return std::nullopt;
}

void ChooseMetaAuthor(const PageFacts& f, const LdFacts& ld,
                      v1::CleanArticle* out) {
  std::string value;
  std::string rule;
  // JSON-LD that types the author as a Person names the writer; meta tags
  // often hold the site's or the company's name.
  if (ld.author_is_person && !ld.author.empty()) {
    value = ld.author;
    rule = "json-ld";
  }
  for (const char* k :
       {"author", "article:author", "byl", "dc.creator", "sailthru.author",
        "parsely-author", "cxenseparse:author"}) {
    if (!value.empty()) break;
    auto it = f.meta.find(k);
    // Some CMSs leak markup or a URL into the author tag.
    if (it == f.meta.end() || it->second.substr(0, 4) == "http" ||
        it->second.find_first_of("=<>{}") != std::string::npos ||
        CharCount(it->second) > 60)
      continue;
    value = it->second;
    rule = std::string("meta:") + k;
    break;
  }
  // Yoast's reading card: twitter:label1 "Written by", twitter:data1 name.
  for (const char* n : {"1", "2"}) {
    auto label = f.meta.find(std::string("twitter:label") + n);
    auto data = f.meta.find(std::string("twitter:data") + n);
    if (!value.empty() || label == f.meta.end() || data == f.meta.end() ||
        AsciiLower(label->second) != "written by")
      continue;
    value = data->second;
    rule = "meta:twitter:data";
  }
  if (value.empty() && !ld.author.empty()) {
    value = ld.author;
    rule = "json-ld";
  }
  for (const std::string& text : f.author_texts) {
    if (!value.empty()) break;
    // "Written by", "Authored by:", a lone "By": the name is in a child
    // element of its own, or in the next author element.
    static const std::regex lead(
        "^(?:.{0,20}\\b)?(?:written|authored|posted|reviewed)?\\s*by\\s*:?\\s*",
        kRe);
    std::string name = std::regex_replace(
        text, lead, "", std::regex_constants::format_first_only);
    if (TitleWords(name).empty()) continue;
    value = name;
    rule = "author-element";
  }
  if (value.empty()) return;
  // "By Jane Doe" and "作者：张三" forms go through the byline rules.
  Byline b;
  if (auto parsed = ParseByline(value, 0)) {
    b.authors = parsed->authors;
    b.author_orgs = parsed->author_orgs;
  } else {
    SplitAuthors(value, &b.authors, &b.author_orgs);
  }
  for (const std::string& a : b.authors) {
    // Long values are sentences, not names; a job title after the name
    // ("Jo Frew, Home Security Expert") does not count.
    if (CharCount(a.substr(0, a.find(", "))) > 40) continue;
    out->add_authors(a);
    (*out->mutable_field_rules())["authors"] = rule;
  }
  if (out->authors_size() == 0 && !b.author_orgs.empty() &&
      out->source().empty()) {
    out->set_source(b.author_orgs[0]);
    (*out->mutable_field_rules())["source"] = rule;
  }
}

void ChooseLinksAndTags(const PageFacts& facts, v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  if (!facts.canonical.empty()) {
    out->set_url(facts.canonical);
    rules["url"] = "link:canonical";
  } else if (auto it = facts.meta.find("og:url"); it != facts.meta.end()) {
    out->set_url(it->second);
    rules["url"] = "meta:og:url";
  }
  // Sections the page files the article under.
  for (const char* k : {"article:section", "category", "og:article:section"}) {
    auto it = facts.meta.find(k);
    if (it == facts.meta.end() || it->second.empty() ||
        CharCount(it->second) > 40)
      continue;
    out->add_categories(it->second);
    rules["categories"] = std::string("meta:") + k;
    break;
  }
  for (const char* k : {"og:image", "twitter:image"}) {
    auto it = facts.meta.find(k);
    if (it == facts.meta.end()) continue;
    v1::Image* img = out->add_images();
    img->set_url(it->second);
    rules["images"] = std::string("meta:") + k;
    break;
  }
  if (auto it = facts.meta.find("keywords"); it != facts.meta.end()) {
    static const std::regex sep("\\s*(?:,|，|;|；|、)\\s*", kRe);
    const std::string& kw = it->second;
    for (std::sregex_token_iterator t(kw.begin(), kw.end(), sep, -1), end;
         t != end; ++t) {
      std::string tag(Trim(t->str()));
      if (!tag.empty() && CharCount(tag) <= 20) out->add_tags(tag);
    }
    if (out->tags_size() > 0) rules["tags"] = "meta:keywords";
  }
}

void ChooseSiteSource(const PageFacts& f, v1::CleanArticle* out) {
  if (!out->source().empty()) return;
  for (const char* k : {"og:site_name", "application-name"}) {
    auto it = f.meta.find(k);
    if (it == f.meta.end()) continue;
    std::string name = CollapseSpace(it->second);
    // A site named "/" or "|" (an empty template) names no one.
    if (!HasLetterOrDigit(name) || CharCount(name) > 60) continue;
    out->set_source(std::move(name));
    (*out->mutable_field_rules())["source"] = std::string("meta:") + k;
    return;
  }
}

}  // namespace ink::cleaner
