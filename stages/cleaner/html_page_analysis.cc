// Per-element statistics of a page (text, link text, punctuation, forms)
// and the decisions on page furniture: what is hidden, what class and id
// names exclude, which link-heavy blocks are the article's nonetheless.
#include "stages/cleaner/html_page_analysis.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// True if `n` is a collapsed panel of an accordion or of tabs: a region
// labelled by the button that opens it. Pages hide such panels until a
// click, but their text is the article's (the answers of an FAQ, the steps
// of a guide).
bool IsCollapsedPanel(const GumboNode* n) {
  std::string role = AsciiLower(Attr(n, "role"));
  if (role == "region" || role == "tabpanel") return true;
  return role.empty() && FindAttr(n, "aria-labelledby");
}

// A box named like a page header that holds this many paragraphs of prose
// is a part of the article (see PageAnalysis::Excluded).
constexpr int kMinProseInHeaderBox = 3;

// True if the class and id names `cls` name furniture only by "header".
bool HoldsHeaderOnlyName(std::string cls) {
  if (cls.find("header") == std::string::npos) return false;
  for (size_t at = cls.find("header"); at != std::string::npos;
       at = cls.find("header", at))
    cls.replace(at, 6, " ");
  return !IsUnlikelyName(cls);
}

// How many <p>s below `n` read as prose (60 characters or more, ending
// like a sentence), counting up to `enough`. Works on the bare tree, for
// use before the page's statistics exist.
int CountProseParagraphs(const GumboNode* n, int enough) {
  int found = 0;
  std::vector<const GumboNode*> stack = {n};
  while (!stack.empty() && found < enough) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!IsElement(x) || IsSkipElement(x)) continue;
    if (x->v.element.tag == GUMBO_TAG_P) {
      std::string text = TextOf(x);
      if (CharCount(text) >= 60 && EndsLikeSentence(text)) ++found;
      continue;
    }
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return found;
}

// True if `a` and `lower` (lower-case) are the same ASCII letters in any
// case.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    char c = a[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[k]) return false;
  }
  return true;
}

// True if `n` is the bubble of a tooltip: role="tooltip", or a class
// whose last word is "tooltip" ("term-tooltip", CSS modules'
// "Term_tooltip__8VNIW") on an element without text of its own. Pages
// show it on hover only, and it repeats the definition of a word of the
// sentence inside that sentence ("search enginesearch engine A search
// engine is..."). The word it explains sits outside it, and so does its
// trigger ("js-tooltip-trigger"); a trigger named "tooltip" holds the
// word as its own text (<span class="tooltip">word<span>...</span>) and
// stays.
bool IsTooltip(const GumboNode* n) {
  // Without attributes there is neither a role nor a class to read.
  if (n->v.element.attributes.length == 0) return false;
  if (AsciiLower(Attr(n, "role")) == "tooltip") return true;
  std::string_view cls = Attr(n, "class");
  bool named = false;
  size_t i = 0;
  // Read in place, without copies: every element with a class comes here.
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (i < cls.size() && !named) {
    size_t j = i;
    while (j < cls.size() && !is_space(cls[j])) ++j;
    std::string_view name = cls.substr(i, j - i);
    size_t hash = name.find("__");
    if (hash != std::string_view::npos) name = name.substr(0, hash);
    size_t word = name.size();
    while (word > 0 && name[word - 1] != '-' && name[word - 1] != '_') --word;
    named = EqualsIgnoreAsciiCase(name.substr(word), "tooltip");
    i = j + 1;
  }
  if (!named) return false;
  const GumboVector& kids = Children(n);
  for (unsigned k = 0; k < kids.length; ++k) {
    const GumboNode* c = static_cast<const GumboNode*>(kids.data[k]);
    if (c->type == GUMBO_NODE_TEXT && VisibleChars(c->v.text.text) > 0)
      return false;
  }
  return true;
}

// True if `n` is inside a <pre> or <code> element.
bool InCode(const GumboNode* n) {
  for (const GumboNode* a = n->parent; a && IsElement(a); a = a->parent) {
    GumboTag t = a->v.element.tag;
    if (t == GUMBO_TAG_PRE || t == GUMBO_TAG_CODE) return true;
  }
  return false;
}

// Text of its own this long around an inline element makes its parent a
// sentence (see InRunningText).
constexpr size_t kMinRunningTextChars = 20;

// True if `n` sits inside a sentence: its parent holds at least
// kMinRunningTextChars of text of its own (text nodes, not counting
// elements), as a paragraph does around a link; a box of buttons or a
// "Read more" line holds little or none.
bool InRunningText(const GumboNode* n) {
  const GumboNode* parent = n->parent;
  if (!parent || !IsElement(parent)) return false;
  size_t chars = 0;
  const GumboVector& kids = Children(parent);
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_TEXT) chars += VisibleChars(k->v.text.text);
  }
  return chars >= kMinRunningTextChars;
}

}  // namespace

size_t VisibleChars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    // Every text node of the page is counted here: ASCII, most of it, is
    // counted without decoding.
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b > ' ') ++n;
      ++i;
      continue;
    }
    char32_t c = NextChar(s, &i);
    if (c > ' ' && c != 0xA0 && c != 0x3000) ++n;
  }
  return n;
}

bool IsHidden(const GumboNode* n) {
  // Every element of the page is tested, most without any of the
  // attributes read below: one look at the attribute count spares the
  // lookups.
  if (n->v.element.attributes.length == 0) return false;
  if (IsCollapsedPanel(n)) return false;
  if (FindAttr(n, "hidden")) return true;
  std::string style = AsciiLower(Attr(n, "style"));
  return style.find("display:none") != std::string::npos ||
         style.find("display: none") != std::string::npos;
}

PageAnalysis::PageAnalysis(const GumboNode* root, bool class_filter)
    : class_filter_(class_filter) {
  if (class_filter) FindSoleArticle(root);
  Compute(root, false);
}

bool PageAnalysis::Excluded(const GumboNode* n) const {
  GumboTag t = n->v.element.tag;
  if (IsSkipElement(n) || IsHidden(n) || IsTooltip(n)) return true;
  if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
      t == GUMBO_TAG_HTML)
    return false;
  if (!class_filter_) return false;
  // No class and no id: no name to judge (most elements of a page).
  if (n->v.element.attributes.length == 0) return false;
  // "class id", lower-cased, built in one buffer (this runs on every
  // element with attributes).
  const std::string_view class_attr = Attr(n, "class");
  const std::string_view id_attr = Attr(n, "id");
  std::string cls;
  cls.reserve(class_attr.size() + 1 + id_attr.size());
  cls.append(class_attr).append(" ").append(id_attr);
  for (char& c : cls) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (cls.size() <= 1 || !IsUnlikelyName(cls)) return false;
  // Inside code, class names are the highlighter's ("hljs-comment",
  // "token comment"): they name the parts of the code, not furniture.
  // (Readability does not judge elements in code by name either.)
  if (InCode(n)) return false;
  // "header" inside a modifier ("pane-header-alignment-left", "has-
  // header-image") names a part of the box, not the box: a box holding
  // paragraphs of prose and not the headline is no page header. (One
  // with the <h1> is the article's header box, which the unfiltered pass
  // weighs.)
  if (HoldsHeaderOnlyName(cls) && !HoldsArticle(n, /*h1=*/true) &&
      CountProseParagraphs(n, kMinProseInHeaderBox) >= kMinProseInHeaderBox)
    return false;
  // A section heading named a "header" ("header-anchor-post", "section-
  // header") is a heading of the text, not the page's header box: blogging
  // platforms give every <h2> of the article such a class.
  if (IsHeading(t) && t != GUMBO_TAG_H1 && HoldsHeaderOnlyName(cls))
    return false;
  // A link inside a sentence is a word of it, whatever its class names
  // ("recommendation-inline-link" for a link to another article): dropping
  // it leaves a hole in the sentence. (Readability never drops links by
  // name either.) A link standing alone in its box is judged by its name.
  if (t == GUMBO_TAG_A && InRunningText(n)) return false;
  // "article-body__newsletter" is furniture inside the article body.
  if (IsMaybeName(RoleNames(n))) return false;
  // A box named like furniture ("section-hero cc-newsletter") around
  // the page's one <article> is the page's layout, not furniture; one
  // named as comments still is (a single comment can be an <article>).
  if (std::find(article_wrappers_.begin(), article_wrappers_.end(), n) !=
          article_wrappers_.end() &&
      !HasAny(cls, {"comment", "reply", "replies", "respond", "disqus"}))
    return false;
  return true;
}

void PageAnalysis::FindSoleArticle(const GumboNode* root) {
  const GumboNode* article = nullptr;
  int count = 0;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty() && count < 2) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!IsElement(x) || IsSkipElement(x)) continue;
    if (x->v.element.tag == GUMBO_TAG_ARTICLE) {
      article = x;
      ++count;
    }
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  if (count != 1) return;
  for (const GumboNode* a = article->parent; a && IsElement(a); a = a->parent)
    article_wrappers_.push_back(a);
}

std::pair<size_t, size_t> PageAnalysis::Compute(const GumboNode* n,
                                                bool in_link) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    size_t c = VisibleChars(n->v.text.text);
    return {c, in_link ? c : 0};
  }
  if (!IsElement(n)) return {0, 0};
  Stats& s = stats_[n];
  GumboTag tag = n->v.element.tag;
  s.form = tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_INPUT ||
           tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_SELECT;
  if (Excluded(n)) {
    s.excluded = true;
    return {0, 0};
  }
  bool link = in_link || n->v.element.tag == GUMBO_TAG_A;
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
    auto [c, l] = Compute(k, link);
    // The child's entry, looked up once (Compute made it for elements).
    const Stats* ks = IsElement(k) ? &stats_[k] : nullptr;
    if (ks) s.form |= ks->form;
    s.chars += c;
    s.link_chars += l;
    bool inline_kid = !ks || !IsBlockTag(k->v.element.tag);
    if (inline_kid) {
      s.own_chars += c - l;
      if (k->type == GUMBO_NODE_TEXT)
        s.own_punct += PunctuationCount(k->v.text.text);
      else if (ks)
        s.own_punct += ks->own_punct;
    }
  }
  return {s.chars, s.link_chars};
}

int ElementChildren(const GumboNode* n) {
  int k = 0;
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* c = static_cast<const GumboNode*>(kids.data[i]);
    if (IsElement(c))
      ++k;
    else if (c->type == GUMBO_NODE_TEXT && !Trim(c->v.text.text).empty())
      return 2;
  }
  return k;
}

bool HasFormControls(const GumboNode* n) {
  std::vector<const GumboNode*> stack = {n};
  while (!stack.empty()) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!IsElement(x)) continue;
    GumboTag t = x->v.element.tag;
    if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_INPUT)
      return true;
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return false;
}

size_t ProseChars(const PageAnalysis& page, const GumboNode* n) {
  const Stats& st = page.Of(n);
  return st.excluded ? 0 : st.chars - st.link_chars;
}

int ProseParagraphs(const PageAnalysis& page, const GumboNode* n, int enough) {
  int found = 0;
  std::vector<const GumboNode*> stack = {n};
  while (!stack.empty()) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!IsElement(x) || page.Of(x).excluded) continue;
    if (x->v.element.tag == GUMBO_TAG_P) {
      if (ProseChars(page, x) >= kMinProseParagraphChars &&
          page.LinkDensity(x) < 0.25 && EndsLikeSentence(TextOf(x)) &&
          ++found >= enough)
        return found;
      continue;
    }
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return found;
}

bool HoldsProseParagraph(const PageAnalysis& page, const GumboNode* n) {
  return ProseParagraphs(page, n, 1) >= 1;
}

bool WrapsList(const GumboNode* n) {
  if (ElementChildren(n) != 1) return false;
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
    if (!IsElement(k)) continue;
    GumboTag t = k->v.element.tag;
    return t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL;
  }
  return false;
}

// A Chinese sentence introducing a list has at least this many characters.
constexpr size_t kMinIntroHanChars = 6;

bool IsIntroducedList(const PageAnalysis& page, const GumboNode* n) {
  while (n->parent && IsElement(n->parent) && ElementChildren(n->parent) == 1)
    n = n->parent;
  const GumboNode* parent = n->parent;
  if (!parent) return false;
  const GumboVector& sibs = Children(parent);
  const GumboNode* prev = nullptr;
  bool after = false;
  bool prose_after = false;
  for (unsigned i = 0; i < sibs.length && !prose_after; ++i) {
    const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
    if (s == n) {
      after = true;
    } else if (after) {
      prose_after = IsElement(s) &&
                    ProseChars(page, s) >= kMinProseParagraphChars &&
                    page.LinkDensity(s) < 0.5;
    } else if (IsElement(s) ||
               (s->type == GUMBO_NODE_TEXT && !Trim(s->v.text.text).empty())) {
      prev = s;
    }
  }
  if (!prev || !prose_after) return false;
  // Words that introduce, not a label: "More:" names a box of links.
  std::string text =
      IsElement(prev) ? TextOf(prev) : CollapseSpace(prev->v.text.text);
  std::string_view t = Trim(text);
  if (t.size() >= 1 && t.back() == ':')
    return std::count(t.begin(), t.end(), ' ') >= 2;
  return t.size() >= 3 && t.substr(t.size() - 3) == "：" &&
         CharCount(t) >= kMinIntroHanChars;
}

// An FAQ needs this many questions, each answered in prose this long.
constexpr int kMinQuestions = 2;
constexpr size_t kMinAnswerChars = 60;
constexpr double kMaxAnswerLinkDensity = 0.3;

bool IsQuestionList(const PageAnalysis& page, const GumboNode* n) {
  if (page.LinkDensity(n) >= kMaxAnswerLinkDensity || HasFormControls(n))
    return false;
  int questions = 0;
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
    if (!IsElement(k)) continue;
    // The item's first block is the question, the rest the answer.
    const GumboVector& parts = Children(k);
    const GumboNode* question = nullptr;
    for (unsigned j = 0; j < parts.length && !question; ++j) {
      const GumboNode* q = static_cast<const GumboNode*>(parts.data[j]);
      if (IsElement(q)) question = q;
    }
    if (!question) return false;
    std::string q = TextOf(question);
    if (q.empty() || q.back() != '?') return false;
    if (ProseChars(page, k) < VisibleChars(q) + kMinAnswerChars) return false;
    ++questions;
  }
  return questions >= kMinQuestions;
}

}  // namespace ink::cleaner
