// HTML pages and fragments. Metadata comes from <meta>, JSON-LD, <time> and
// byline text near the article; the body is the block of the page that
// scores highest on text and punctuation with few links, the way
// Readability (arc90) scores paragraphs into their ancestors, with
// Chinese punctuation counted as commas.
#include <gumbo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/dom_limits.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

constexpr auto kRe =
    std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

// Less body text than this after class filtering means the filter
// probably removed the article.
constexpr size_t kMinArticleChars = 150;
// Up to this much body text, a result of the class filter is compared with
// the unfiltered page's (see CleanHtmlPage).
constexpr size_t kMaxRecheckChars = 3000;

using GumboPtr = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

GumboPtr Parse(std::string_view html) {
  return GumboPtr(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

// Case-insensitive "does `s` at `i` start with lower-case `word`".
bool StartsWithAt(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[k]) return false;
  }
  return true;
}

// Returns `html` without the contents of <script> and <style> elements
// (the tags stay, so the tree is the same), except JSON-LD scripts, which
// carry metadata. Script bodies are often half of a page's bytes and cost
// the HTML tokenizer as much as text; nothing in them is article text.
// Comments are skipped whole so a "<script" inside one is left alone.
std::string StripScriptBodies(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;  // html[copied, i) is still to be copied.
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (StartsWithAt(html, i, "<!--")) {
      size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    std::string_view name;
    if (StartsWithAt(html, i, "<script"))
      name = "script";
    else if (StartsWithAt(html, i, "<style"))
      name = "style";
    size_t after = i + 1 + name.size();
    if (name.empty() || after >= html.size() ||
        !(html[after] == '>' || html[after] == ' ' || html[after] == '\t' ||
          html[after] == '\n' || html[after] == '\r' || html[after] == '/')) {
      ++i;
      continue;
    }
    size_t open_end = html.find('>', after);
    if (open_end == std::string_view::npos) break;
    std::string open_tag = AsciiLower(html.substr(i, open_end - i));
    std::string close = "</" + std::string(name);
    size_t close_at = open_end + 1;
    while ((close_at = html.find("</", close_at)) != std::string_view::npos &&
           !StartsWithAt(html, close_at, close))
      close_at += 2;
    if (close_at == std::string_view::npos) break;
    if (open_tag.find("ld+json") == std::string::npos) {
      out.append(html.substr(copied, open_end + 1 - copied));
      copied = close_at;
    }
    i = close_at + close.size();
  }
  out.append(html.substr(copied));
  return out;
}

bool IsElement(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

std::string_view Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

const GumboVector& Children(const GumboNode* n) {
  return n->v.element.children;
}

// Elements whose content is never article text.
bool IsSkipTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    // Not <form>: ASP.NET pages wrap the whole page in one.
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

// Elements that start a new paragraph.
bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_FIGCAPTION:
      return true;
    default:
      return false;
  }
}

// True if `n` has a <main> or <article> below it (or, with `h1`, an <h1>).
bool HoldsArticle(const GumboNode* n, bool h1 = false) {
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type != GUMBO_NODE_ELEMENT) continue;
    GumboTag t = k->v.element.tag;
    if (t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ARTICLE ||
        (h1 && t == GUMBO_TAG_H1) || HoldsArticle(k, h1))
      return true;
  }
  return false;
}

// Elements whose content is never article text: IsSkipTag, except that a
// <nav>, <aside> or <footer> holding the <main> or <article> is a page
// whose sidebar was left unclosed (the parser then nests the whole page in
// it), not chrome; nor is an <aside> holding the <h1>.
bool IsSkipElement(const GumboNode* n) {
  GumboTag t = n->v.element.tag;
  if (!IsSkipTag(t)) return false;
  // Mobile pages put the headline and its date in an <aside>.
  if (t == GUMBO_TAG_ASIDE) return !HoldsArticle(n, /*h1=*/true);
  if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_FOOTER) return !HoldsArticle(n);
  return true;
}

bool IsHeading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
         t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Class and id words of page furniture (Readability's "unlikely candidates"
// plus the names Chinese portals use), and of article containers. Matched
// as substrings of the lower-cased class and id, like Readability's
// regular expressions, but without a regex engine: this runs on every
// element of the page.
bool HasAny(std::string_view lower,
            std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (lower.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// True if `lower` has `word` as a whole space-separated token.
bool HasToken(std::string_view lower, std::string_view word) {
  for (size_t i = lower.find(word); i != std::string_view::npos;
       i = lower.find(word, i + 1)) {
    bool start = i == 0 || lower[i - 1] == ' ';
    bool end = i + word.size() == lower.size() || lower[i + word.size()] == ' ';
    if (start && end) return true;
  }
  return false;
}

bool IsUnlikelyName(std::string_view lower) {
  return HasAny(
      lower,
      {"-ad-",       "ai2html",    "banner",     "breadcrumb", "combx",
       "comment",    "community",  "cover-wrap", "disqus",     "extra",
       "footer",     "gdpr",       "header",     "legends",    "menu",
       "related",    "remark",     "replies",    "rss",        "shoutbox",
       "sidebar",    "skyscraper", "social",     "sponsor",    "supplemental",
       "ad-break",   "agegate",    "pagination", "pager",      "popup",
       "yom-remote", "share",      "recommend",  "hotnews",    "hot-news",
       "rank",       "copyright",  "crumb",      "login",      "toolbar",
       "navbar",     "topbar",     "subnav",     "sitenav",    "dialog",
       "modal",      "cookie",     "newsletter"});
}
bool IsMaybeName(std::string_view lower) {
  return HasAny(lower, {"and", "article", "body", "column", "content", "main",
                        "shadow", "text", "zw"});
}
bool IsNegativeName(std::string_view lower) {
  return HasToken(lower, "hid") ||
         HasAny(lower,
                {"-ad-",    "hidden",     "banner",  "combx",    "comment",
                 "com-",    "contact",    "foot",    "footer",   "footnote",
                 "gdpr",    "masthead",   "media",   "meta",     "outbrain",
                 "promo",   "related",    "scroll",  "share",    "shoutbox",
                 "sidebar", "skyscraper", "sponsor", "shopping", "tags",
                 "tool",    "widget",     "nav",     "list",     "link"});
}
bool IsPositiveName(std::string_view lower) {
  return HasAny(
      lower,
      {"article",  "body",     "content",  "entry", "hentry",  "h-entry",
       "main",     "page",     "post",     "text",  "blog",    "story",
       "detail",   "artibody", "zhengwen", "zw",    "con_txt", "trs_editor",
       "news_txt", "endtext",  "cont"});
}

std::string TextOf(const GumboNode* n) {
  std::string out;
  // Depth-first, children in order.
  std::function<void(const GumboNode*)> rec = [&](const GumboNode* x) {
    if (x->type == GUMBO_NODE_TEXT || x->type == GUMBO_NODE_CDATA ||
        x->type == GUMBO_NODE_WHITESPACE) {
      out += x->v.text.text;
      return;
    }
    if (!IsElement(x) || IsSkipElement(x)) return;
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      rec(static_cast<const GumboNode*>(kids.data[i]));
    if (IsBlockTag(x->v.element.tag)) out += ' ';
  };
  rec(n);
  return CollapseSpace(out);
}

struct Stats {
  size_t chars = 0;       // Non-space characters of visible text.
  size_t link_chars = 0;  // Of which inside <a>.
  size_t own_chars = 0;   // In text and inline children (not in child blocks).
  size_t own_punct = 0;
  bool excluded = false;  // Chrome by tag, class or id: ignored entirely.
};

size_t VisibleChars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c = NextChar(s, &i);
    if (c > ' ' && c != 0xA0 && c != 0x3000) ++n;
  }
  return n;
}

class PageAnalysis {
 public:
  // `class_filter` drops elements whose class or id names page furniture;
  // without it only tags and hidden styles exclude.
  PageAnalysis(const GumboNode* root, bool class_filter)
      : class_filter_(class_filter) {
    Compute(root, false);
  }

  const Stats& Of(const GumboNode* n) const {
    static const Stats kNone;
    auto it = stats_.find(n);
    return it == stats_.end() ? kNone : it->second;
  }

  double LinkDensity(const GumboNode* n) const {
    const Stats& s = Of(n);
    return s.chars == 0 ? 0.0 : static_cast<double>(s.link_chars) / s.chars;
  }

 private:
  bool Excluded(const GumboNode* n) const {
    GumboTag t = n->v.element.tag;
    if (IsSkipElement(n)) return true;
    if (!Attr(n, "hidden").empty() ||
        gumbo_get_attribute(&n->v.element.attributes, "hidden"))
      return true;
    std::string style = AsciiLower(Attr(n, "style"));
    if (style.find("display:none") != std::string::npos ||
        style.find("display: none") != std::string::npos)
      return true;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
        t == GUMBO_TAG_HTML)
      return false;
    if (!class_filter_) return false;
    std::string cls = AsciiLower(std::string(Attr(n, "class")) + " " +
                                 std::string(Attr(n, "id")));
    if (cls.size() <= 1) return false;
    return IsUnlikelyName(cls) && !IsMaybeName(cls);
  }

  // Returns the subtree's (chars, link chars); fills stats_ for elements.
  std::pair<size_t, size_t> Compute(const GumboNode* n, bool in_link) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      size_t c = VisibleChars(n->v.text.text);
      return {c, in_link ? c : 0};
    }
    if (!IsElement(n)) return {0, 0};
    Stats& s = stats_[n];
    if (Excluded(n)) {
      s.excluded = true;
      return {0, 0};
    }
    bool link = in_link || n->v.element.tag == GUMBO_TAG_A;
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      auto [c, l] = Compute(k, link);
      s.chars += c;
      s.link_chars += l;
      bool inline_kid = !IsElement(k) || !IsBlockTag(k->v.element.tag);
      if (inline_kid) {
        s.own_chars += c - l;
        if (k->type == GUMBO_NODE_TEXT)
          s.own_punct += PunctuationCount(k->v.text.text);
        else if (IsElement(k))
          s.own_punct += stats_[k].own_punct;
      }
    }
    return {s.chars, s.link_chars};
  }

  bool class_filter_;
  std::unordered_map<const GumboNode*, Stats> stats_;
};

double ClassWeight(const GumboNode* n) {
  double w = 0;
  for (const char* attr : {"class", "id"}) {
    std::string s = AsciiLower(Attr(n, attr));
    if (s.empty()) continue;
    if (IsNegativeName(s)) w -= 25;
    if (IsPositiveName(s)) w += 25;
  }
  return w;
}

double TagWeight(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

// Finds the element holding the article text, and the siblings that belong
// with it. Empty if the page has no paragraph of text at all.
std::vector<const GumboNode*> FindContent(const GumboNode* body,
                                          const PageAnalysis& page) {
  std::unordered_map<const GumboNode*, double> score;
  std::vector<const GumboNode*> order;  // Candidates in first-seen order.
  auto add = [&](const GumboNode* n, double s) {
    auto [it, inserted] = score.emplace(n, 0.0);
    if (inserted) {
      it->second = TagWeight(n->v.element.tag) + ClassWeight(n);
      order.push_back(n);
    }
    it->second += s;
  };
  // Paragraph-like elements: <p>, <pre>, <td>, and any block that holds
  // text of its own (sites that separate paragraphs with <br>).
  std::vector<const GumboNode*> stack = {body};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    const Stats& st = page.Of(n);
    if (st.excluded) continue;
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
    GumboTag t = n->v.element.tag;
    bool para = t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD;
    size_t chars = para ? st.chars - st.link_chars : st.own_chars;
    if (!para && !IsBlockTag(t)) continue;
    if (chars < 10 || (st.own_chars == 0 && !para)) continue;
    if (!para && t != GUMBO_TAG_DIV && t != GUMBO_TAG_SECTION &&
        t != GUMBO_TAG_ARTICLE && t != GUMBO_TAG_BLOCKQUOTE &&
        t != GUMBO_TAG_TD && t != GUMBO_TAG_CENTER && t != GUMBO_TAG_FONT &&
        t != GUMBO_TAG_SPAN && t != GUMBO_TAG_MAIN)
      continue;
    double s = 1.0 + static_cast<double>(st.own_punct) +
               std::min(3.0, static_cast<double>(chars) / 100.0);
    // A text-holding block is itself the paragraph's container.
    const GumboNode* first = para ? n->parent : n;
    int level = 0;
    for (const GumboNode* a = first; a && IsElement(a) && level < 5;
         a = a->parent, ++level) {
      if (a->type == GUMBO_NODE_DOCUMENT) break;
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      add(a, s / divider);
    }
  }
  const GumboNode* top = nullptr;
  double top_score = 0;
  for (const GumboNode* n : order) {
    double s = score[n] * (1.0 - page.LinkDensity(n));
    score[n] = s;
    if (!top || s > top_score) {
      top = n;
      top_score = s;
    }
  }
  if (!top) return {};
  // An article split into sections gives several blocks of nearly the
  // same score; when three of the best share an ancestor of the top one,
  // that ancestor is the article (Readability's alternative candidates).
  {
    std::vector<std::pair<double, const GumboNode*>> ranked;
    for (const GumboNode* n : order) ranked.emplace_back(score[n], n);
    std::partial_sort(
        ranked.begin(), ranked.begin() + std::min<size_t>(6, ranked.size()),
        ranked.end(),
        [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<const GumboNode*> alternatives;
    for (size_t i = 1; i < std::min<size_t>(6, ranked.size()); ++i) {
      if (ranked[i].first >= top_score * 0.75)
        alternatives.push_back(ranked[i].second);
    }
    if (alternatives.size() >= 3) {
      for (const GumboNode* a = top->parent; a && IsElement(a) && a != body;
           a = a->parent) {
        int holds = 0;
        for (const GumboNode* alt : alternatives) {
          for (const GumboNode* x = alt; x; x = x->parent) {
            if (x == a) {
              ++holds;
              break;
            }
          }
        }
        if (holds >= 3) {
          top = a;
          top_score = std::max(top_score, score.count(a) ? score[a] : 0.0);
          break;
        }
      }
    }
  }
  // Parents of the top block carry part of its score; climb while they
  // score higher (the block was one part of the article).
  {
    double last = top_score;
    const double floor = top_score / 3;
    for (const GumboNode* a = top->parent; a && IsElement(a) && a != body;
         a = a->parent) {
      auto it = score.find(a);
      if (it == score.end()) continue;
      if (it->second < floor) break;
      if (it->second > last) {
        top = a;
        top_score = it->second;
        break;
      }
      last = it->second;
    }
  }
  // Siblings that look like more of the same article.
  std::vector<const GumboNode*> content;
  const GumboNode* parent = top->parent;
  if (!parent || !IsElement(parent)) return {top};
  double threshold = std::max(10.0, top_score * 0.2);
  const GumboVector& sibs = Children(parent);
  for (unsigned i = 0; i < sibs.length; ++i) {
    const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
    if (s == top) {
      content.push_back(s);
      continue;
    }
    if (!IsElement(s) || page.Of(s).excluded) continue;
    auto it = score.find(s);
    bool append = it != score.end() && it->second >= threshold;
    if (!append && s->v.element.tag == GUMBO_TAG_P) {
      const Stats& st = page.Of(s);
      double ld = page.LinkDensity(s);
      append = (st.chars > 80 && ld < 0.25) ||
               (st.chars > 0 && st.chars <= 80 && ld == 0 &&
                EndsLikeSentence(TextOf(s)));
    }
    if (append) content.push_back(s);
  }
  return content;
}

// True if `n` or an ancestor is classed or named as comments or replies.
bool InCommentBlock(const GumboNode* n) {
  for (; n && IsElement(n); n = n->parent) {
    std::string cls = AsciiLower(std::string(Attr(n, "class")) + " " +
                                 std::string(Attr(n, "id")));
    if (HasAny(cls, {"comment", "reply", "replies", "respond", "disqus"}))
      return true;
  }
  return false;
}

// Walks a subtree and turns its blocks into paragraphs and images. A short
// paragraph right after an image is the image's caption (not body).
class BlockCollector {
 public:
  BlockCollector(const Options& options, const PageAnalysis* page)
      : options_(options), page_(page) {}

  void Walk(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      cur_ += n->v.text.text;
      return;
    }
    if (n->type == GUMBO_NODE_WHITESPACE) {
      cur_ += ' ';
      return;
    }
    if (!IsElement(n)) return;
    GumboTag t = n->v.element.tag;
    if (IsSkipElement(n)) return;
    if (page_) {
      const Stats& st = page_->Of(n);
      if (st.excluded) return;
      // Lists and boxes of links inside the article (related stories).
      if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DIV ||
           t == GUMBO_TAG_TABLE || t == GUMBO_TAG_SECTION ||
           t == GUMBO_TAG_DL) &&
          st.chars > 0 && page_->LinkDensity(n) > 0.5)
        return;
    }
    if (t == GUMBO_TAG_IMG) {
      Flush();
      AddImage(n);
      return;
    }
    if (t == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (t == GUMBO_TAG_FIGCAPTION) {
      Flush();
      std::string saved = std::move(cur_);
      cur_.clear();
      WalkChildren(n);
      std::string caption = CollapseSpace(cur_);
      cur_ = std::move(saved);
      if (!images_.empty() && images_.back().caption().empty()) {
        images_.back().set_caption(caption);
        pending_image_ = false;
      } else if (!caption.empty()) {
        paragraphs_.push_back(caption);
      }
      return;
    }
    bool block = IsBlockTag(t);
    if (block) Flush();
    bool heading = IsHeading(t);
    if (heading) in_heading_ = true;
    WalkChildren(n);
    if (block) Flush();
    if (heading) in_heading_ = false;
  }

  std::vector<std::string> TakeParagraphs() { return std::move(paragraphs_); }
  std::vector<v1::Image> TakeImages() { return std::move(images_); }

 private:
  void WalkChildren(const GumboNode* n) {
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i)
      Walk(static_cast<const GumboNode*>(kids.data[i]));
  }

  void AddImage(const GumboNode* n) {
    std::string_view src = Attr(n, "src");
    // Lazy-loading pages keep the real address elsewhere.
    for (const char* alt :
         {"data-src", "data-original", "data-url", "data-lazy-src"}) {
      if (src.empty() || src.substr(0, 5) == "data:") {
        std::string_view v = Attr(n, alt);
        if (!v.empty()) src = v;
      }
    }
    if (src.empty() || src.substr(0, 5) == "data:") return;
    // Icons and spacers are not pictures of the article.
    for (const char* dim : {"width", "height"}) {
      std::string_view v = Attr(n, dim);
      if (!v.empty() && v.find('%') == std::string_view::npos &&
          std::atoi(std::string(v).c_str()) > 0 &&
          std::atoi(std::string(v).c_str()) < 60)
        return;
    }
    v1::Image img;
    img.set_url(std::string(Trim(src)));
    images_.push_back(std::move(img));
    pending_image_ = true;
  }

  void Flush() {
    std::string p = CollapseSpace(cur_);
    cur_.clear();
    if (p.empty()) return;
    if (pending_image_) {
      pending_image_ = false;
      if (!in_heading_ && CharCount(p) <= options_.max_caption_chars &&
          images_.back().caption().empty() &&
          ClassifyChrome(p) == Chrome::kNone &&
          !ParseByline(p, options_.default_utc_offset_minutes)) {
        images_.back().set_caption(p);
        return;
      }
    }
    paragraphs_.push_back(std::move(p));
  }

  const Options& options_;
  const PageAnalysis* page_;
  std::string cur_;
  bool pending_image_ = false;
  bool in_heading_ = false;
  std::vector<std::string> paragraphs_;
  std::vector<v1::Image> images_;
};

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
  std::vector<std::string> ld_json;   // Bodies of application/ld+json scripts.
  std::vector<std::string> author_texts;  // class/itemprop/rel author elements.
  const GumboNode* body = nullptr;
};

// class, itemprop or rel naming an author: "author", "byline", "post-author",
// "article_writer" (the word between start, end, space, '_' or '-').
bool IsAuthorElement(const GumboNode* n) {
  for (const char* attr : {"class", "itemprop", "rel"}) {
    std::string_view v = Attr(n, attr);
    if (v.empty()) continue;
    std::string lower = AsciiLower(v);
    for (std::string_view w : {"author", "byline", "writer"}) {
      for (size_t i = lower.find(w); i != std::string::npos;
           i = lower.find(w, i + 1)) {
        auto sep = [](char c) { return c == ' ' || c == '_' || c == '-'; };
        bool start = i == 0 || sep(lower[i - 1]);
        bool end = i + w.size() == lower.size() || sep(lower[i + w.size()]);
        if (start && end) return true;
      }
    }
  }
  return false;
}

// class or id naming a subtitle or standfirst: "subtitle", "sub-title",
// "sub_title", "subTitle", "fu-title" (副标题), "standfirst", "dek".
bool IsSubtitleElement(const GumboNode* n) {
  for (const char* attr : {"class", "id"}) {
    std::string_view v = Attr(n, attr);
    if (v.empty()) continue;
    std::string lower = AsciiLower(v);
    if (HasAny(lower, {"subtitle", "sub-title", "sub_title", "subhead",
                       "fubiaoti", "fu-title", "standfirst"}) ||
        HasToken(lower, "dek"))
      return true;
  }
  return false;
}

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
  if (IsSkipElement(n) && t != GUMBO_TAG_HEAD) return;
  if (f->subtitle.empty() && t != GUMBO_TAG_BODY && IsSubtitleElement(n)) {
    std::string text = TextOf(n);
    if (CharCount(text) >= 4 && CharCount(text) <= 150)
      f->subtitle = std::move(text);
  }
  if (t != GUMBO_TAG_BODY && t != GUMBO_TAG_META && IsAuthorElement(n)) {
    std::string text = TextOf(n);
    if (!text.empty() && CharCount(text) <= 80) f->author_texts.push_back(text);
  }
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i)
    Gather(static_cast<const GumboNode*>(kids.data[i]), f);
}

// Facts from JSON-LD (schema.org Article types).
struct LdFacts {
  std::string headline, date, author;
  bool author_is_person = false;  // The author has "@type": "Person".
  // "@id" -> name of every Person node: Yoast-style graphs name the
  // article's author by reference ("author": {"@id": "...#/person/1"}).
  std::unordered_map<std::string, std::string> persons;
};

bool IsLdPerson(const nlohmann::json& x) {
  return x.is_object() && x.contains("@type") && x["@type"].is_string() &&
         x["@type"].get<std::string>() == "Person";
}

void IndexLdPersons(const nlohmann::json& j, LdFacts* out) {
  if (j.is_array()) {
    for (const auto& x : j) IndexLdPersons(x, out);
    return;
  }
  if (!j.is_object()) return;
  if (j.contains("@graph")) IndexLdPersons(j["@graph"], out);
  if (IsLdPerson(j) && j.contains("@id") && j["@id"].is_string() &&
      j.contains("name") && j["name"].is_string())
    out->persons.emplace(j["@id"].get<std::string>(),
                         j["name"].get<std::string>());
}

void ScanLd(const nlohmann::json& j, LdFacts* out) {
  if (j.is_array()) {
    for (const auto& x : j) ScanLd(x, out);
    return;
  }
  if (!j.is_object()) return;
  if (j.contains("@graph")) ScanLd(j["@graph"], out);
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
  if (!article) return;
  if (out->headline.empty() && j.contains("headline"))
    out->headline = str(j["headline"]);
  if (out->date.empty() && j.contains("datePublished"))
    out->date = str(j["datePublished"]);
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
  }
}

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

// A headline as printed: without a tagline or site name after a spaced
// separator ("Headline | Site") and without a date glued before it
// ("Dec 18 2025 Headline").
std::string CleanHeadline(const std::string& heading) {
  std::string h = CutAtSeparator(heading);
  auto d = FindDate(h);
  if (d && Trim(std::string_view(h).substr(0, d->begin)).empty()) {
    std::string_view rest = Trim(std::string_view(h).substr(d->end));
    while (!rest.empty() && (rest.front() == '|' || rest.front() == '-' ||
                             rest.front() == '/' || rest.front() == ':'))
      rest = Trim(rest.substr(1));
    if (TitleWords(rest).size() >= 3) h = std::string(rest);
  }
  return h;
}

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
  std::string best;
  double best_score = 0;
  for (size_t i = 0; i < f.headings.size(); ++i) {
    const std::string& h = f.headings[i];
    if (CharCount(h) < 2 || CharCount(h) > 200) continue;
    std::vector<std::string> w = TitleWords(h);
    double score = 0;
    for (const auto& r : refs) score = std::max(score, Dice(w, r));
    double need = f.heading_is_h1[i] ? 0.2 : 0.6;
    if (f.heading_is_h1[i]) score += 0.25;
    if (score >= need && score > best_score) {
      best = h;
      best_score = score;
    }
  }
  if (!best.empty()) {
    out->set_title(CleanHeadline(best));
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

void ChooseMetaDate(const PageFacts& f, const LdFacts& ld,
                    const Options& options, v1::CleanArticle* out) {
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

// When the page was last changed: better than no date at all, worse than
// any date printed on the page.
void ChooseModifiedDate(const PageFacts& f, const Options& options,
                        v1::CleanArticle* out) {
  for (const char* k :
       {"article:modified_time", "og:updated_time", "lastmod"}) {
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
// body) to just inside the body, top-down, at short lines only.
// `first` is the first line of the content, `lead` its first line of prose.
std::optional<DateMatch> HeaderDate(const std::vector<std::string>& lines,
                                    size_t first, size_t lead,
                                    const std::string& title,
                                    const Options& options) {
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
      return d;
    }
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
  for (const char* k : {"author", "article:author", "byl", "dc.creator",
                        "sailthru.author", "parsely-author"}) {
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
    if (CharCount(a) > 40) continue;
    out->add_authors(a);
    (*out->mutable_field_rules())["authors"] = rule;
  }
  if (out->authors_size() == 0 && !b.author_orgs.empty() &&
      out->source().empty()) {
    out->set_source(b.author_orgs[0]);
    (*out->mutable_field_rules())["source"] = rule;
  }
}

std::vector<std::string> LinesOf(const GumboNode* n, const Options& options) {
  BlockCollector c(options, nullptr);
  c.Walk(n);
  return c.TakeParagraphs();
}

}  // namespace

Status CleanHtmlFragment(std::string_view html, const Options& options,
                         v1::CleanArticle* out) {
  RETURN_IF_ERROR(CheckHtmlNesting(html));
  GumboPtr doc = Parse(html);
  BlockCollector c(options, nullptr);
  c.Walk(doc->root);
  for (std::string& p : c.TakeParagraphs()) out->add_paragraphs(std::move(p));
  for (v1::Image& img : c.TakeImages()) *out->add_images() = std::move(img);
  FinishParagraphs(options, out);
  return Status::OK();
}

Status CleanHtmlPage(std::string_view html, const Options& options,
                     v1::CleanArticle* out) {
  RETURN_IF_ERROR(CheckHtmlNesting(html));
  const std::string stripped = StripScriptBodies(html);
  GumboPtr doc = Parse(stripped);
  PageFacts facts;
  Gather(doc->root, &facts);
  LdFacts ld;
  std::vector<nlohmann::json> ld_docs;
  for (const std::string& s : facts.ld_json) {
    nlohmann::json j =
        nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) continue;
    IndexLdPersons(j, &ld);
    ld_docs.push_back(std::move(j));
  }
  for (const nlohmann::json& j : ld_docs) ScanLd(j, &ld);
  ChooseTitle(facts, ld, out);
  if (!facts.subtitle.empty() && facts.subtitle != out->title()) {
    out->set_subtitle(facts.subtitle);
    (*out->mutable_field_rules())["subtitle"] = "subtitle-element";
  }
  ChooseMetaDate(facts, ld, options, out);
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

  const GumboNode* body = facts.body ? facts.body : doc->root;
  // Like Readability, first drop furniture by class names; if that leaves
  // too little text (the article sat inside a "post_header"), try again
  // without the class filter.
  std::vector<std::string> paragraphs;
  std::vector<v1::Image> images;
  // The filter can also drop the article and leave a sidebar block (an
  // author bio) that is long enough: a short result is checked against the
  // unfiltered one, which wins when it holds several times more text.
  // When the unfiltered block merely wraps the filtered one, the extra text
  // is what the filter removed (comments, chrome), and the filter was right.
  size_t filtered_chars = 0;
  const GumboNode* filtered_top = nullptr;
  auto wraps = [](const std::vector<const GumboNode*>& outer,
                  const GumboNode* inner) {
    for (const GumboNode* a = inner; a; a = a->parent) {
      if (std::find(outer.begin(), outer.end(), a) != outer.end()) return true;
    }
    return false;
  };
  for (bool class_filter : {true, false}) {
    PageAnalysis page(body, class_filter);
    std::vector<const GumboNode*> content = FindContent(body, page);
    if (content.empty()) content = {body};
    BlockCollector collector(options, &page);
    for (const GumboNode* n : content) collector.Walk(n);
    std::vector<std::string> got = collector.TakeParagraphs();
    size_t chars = 0;
    for (const std::string& p : got) chars += CharCount(p);
    if (!class_filter && filtered_chars >= kMinArticleChars &&
        (chars < 3 * filtered_chars || InCommentBlock(content[0]) ||
         wraps(content, filtered_top)))
      break;
    filtered_top = content[0];
    paragraphs = std::move(got);
    images = collector.TakeImages();
    rules["paragraphs"] = class_filter ? "density" : "density-unfiltered";
    filtered_chars = chars;
    if (chars >= kMaxRecheckChars) break;
  }

  // Byline lines: the lines of the page just above the article body.
  std::vector<std::string> page_lines = LinesOf(body, options);
  if (paragraphs.empty()) {
    // No block scored at all (text only in headings or list items): keep
    // every line of the page rather than lose the document.
    paragraphs = page_lines;
    rules["paragraphs"] = "all-text";
  }
  size_t first = page_lines.size();
  if (!paragraphs.empty()) {
    for (size_t i = 0; i < page_lines.size(); ++i) {
      if (page_lines[i] == paragraphs[0]) {
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
  std::optional<DateMatch> header_date;
  if (weak_meta_date)
    header_date = HeaderDate(page_lines, first, lead, out->title(), options);
  if (header_date) {
    const std::optional<DateMatch>& d = header_date;
    // Same day as the meta tag: keep the tag's more precise time.
    if (out->date().substr(0, 10) != d->iso.substr(0, 10)) {
      out->set_date(d->iso);
      rules["date"] = "page-header-date";
    }
  }
  size_t from = first > 25 ? first - 25 : 0;
  std::optional<DateMatch> loose_date;
  size_t title_line = page_lines.size();
  // A bare name under the headline: the author if no rule finds another.
  std::string name_line;
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
    // Lines of the content itself are read by FinishParagraphs.
    if (i >= first) continue;
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
    if (out->authors_size() == 0) {
      bool whole = false;
      std::vector<std::string> names = FindReporterCredit(line, &whole);
      for (const std::string& name : names) out->add_authors(name);
      if (!names.empty()) rules["authors"] = "page-reporter-credit";
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
      if (!b || b->authors.empty()) continue;
      b->rest.clear();
      b->date.clear();
      MergeByline(*b, "page-after-", out);
      break;
    }
  }
  // A byline printed on the page names the writer; meta tags often name
  // only the site, so they come second.
  if (out->authors_size() == 0) ChooseMetaAuthor(facts, ld, out);
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
    // Blogs print "Posted on April 13, 2023" under the article.
    size_t last = first;
    for (size_t i = first; i < page_lines.size(); ++i) {
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
  if (out->date().empty()) ChooseModifiedDate(facts, options, out);
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
  return Status::OK();
}

}  // namespace ink::cleaner
