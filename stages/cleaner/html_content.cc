// Finds the article in a page: the block that scores highest on text and
// punctuation with few links, the way Readability (arc90) scores
// paragraphs into their ancestors, with Chinese punctuation counted as
// commas; then turns its blocks into paragraphs and images with captions.
#include "stages/cleaner/html_content.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// Less body text than this after class filtering means the filter
// probably removed the article.
constexpr size_t kMinArticleChars = 150;
// Up to this much body text, a result of the class filter is compared with
// the unfiltered page's (see ExtractContent).
constexpr size_t kMaxRecheckChars = 3000;
// Text a frame around an image and its caption may hold besides the caption
// (a photo credit, "enlarge").
constexpr size_t kMaxFrameExtraChars = 20;
// How many ancestors of the top block ClimbToSections looks at.
constexpr int kMaxSectionClimb = 7;
// Sibling sections must hold this much prose, with fewer links than this.
constexpr size_t kMinSectionChars = 200;
constexpr double kMaxSectionLinkDensity = 0.5;
// A block this short that holds a form is a sign-up box (see Walk).
constexpr size_t kMaxFormBoxChars = 600;
// Repeats of paragraphs this long are dropped (see DropRepeats).
constexpr size_t kMinRepeatChars = 40;

struct Stats {
  size_t chars = 0;       // Non-space characters of visible text.
  size_t link_chars = 0;  // Of which inside <a>.
  size_t own_chars = 0;   // In text and inline children (not in child blocks).
  size_t own_punct = 0;
  bool excluded = false;  // Chrome by tag, class or id: ignored entirely.
  bool form = false;      // Holds a form or a text field.
};

size_t VisibleChars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c = NextChar(s, &i);
    if (c > ' ' && c != 0xA0 && c != 0x3000) ++n;
  }
  return n;
}

// True if `n` is a collapsed panel of an accordion or of tabs: a region
// labelled by the button that opens it. Pages hide such panels until a
// click, but their text is the article's (the answers of an FAQ, the steps
// of a guide).
bool IsCollapsedPanel(const GumboNode* n) {
  std::string role = AsciiLower(Attr(n, "role"));
  if (role == "region" || role == "tabpanel") return true;
  return role.empty() &&
         gumbo_get_attribute(&n->v.element.attributes, "aria-labelledby");
}

// True if `n` is hidden by its `hidden` attribute or an inline style (and
// is not a collapsed panel, see IsCollapsedPanel).
bool IsHidden(const GumboNode* n) {
  if (IsCollapsedPanel(n)) return false;
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden")) return true;
  std::string style = AsciiLower(Attr(n, "style"));
  return style.find("display:none") != std::string::npos ||
         style.find("display: none") != std::string::npos;
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

class PageAnalysis {
 public:
  // `class_filter` drops elements whose class or id names page furniture;
  // without it only tags and hidden styles exclude.
  PageAnalysis(const GumboNode* root, bool class_filter)
      : class_filter_(class_filter) {
    if (class_filter) FindSoleArticle(root);
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
    if (IsSkipElement(n) || IsHidden(n)) return true;
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
        t == GUMBO_TAG_HTML)
      return false;
    if (!class_filter_) return false;
    std::string cls = AsciiLower(std::string(Attr(n, "class")) + " " +
                                 std::string(Attr(n, "id")));
    if (cls.size() <= 1 || !IsUnlikelyName(cls)) return false;
    // "header" inside a modifier ("pane-header-alignment-left", "has-
    // header-image") names a part of the box, not the box: a box holding
    // paragraphs of prose and not the headline is no page header. (One
    // with the <h1> is the article's header box, which the unfiltered pass
    // weighs.)
    if (HoldsHeaderOnlyName(cls) && !HoldsArticle(n, /*h1=*/true) &&
        CountProseParagraphs(n, kMinProseInHeaderBox) >= kMinProseInHeaderBox)
      return false;
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

  // Fills article_wrappers_ with the ancestors of the page's <article>
  // if it has exactly one. Several (cards of related stories, comments)
  // say nothing by the tag.
  void FindSoleArticle(const GumboNode* root) {
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

  // Returns the subtree's (chars, link chars); fills stats_ for elements.
  std::pair<size_t, size_t> Compute(const GumboNode* n, bool in_link) {
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
      if (IsElement(k)) s.form |= stats_[k].form;
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
  // Ancestors of the page's one <article>, innermost first (see Excluded).
  std::vector<const GumboNode*> article_wrappers_;
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

// How many element children `n` has; 2 (more than one) if it also holds
// text of its own.
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

// The class names of `n` that describe what kind of block it is, in order:
// names with digits ("elementor-element-ebc6630", "post-1234") number one
// block of a page builder and are left out, so the blocks of one article
// compare equal. One digit after a letter is a kind, not a number ("sect1",
// "h2"; but "row_7" is the seventh row).
std::string ClassShape(const GumboNode* n) {
  std::string out;
  std::string_view cls = Attr(n, "class");
  size_t i = 0;
  while (i < cls.size()) {
    size_t j = cls.find_first_of(" \t\n\r\f", i);
    if (j == std::string_view::npos) j = cls.size();
    std::string_view name = cls.substr(i, j - i);
    size_t digits = 0;
    for (char c : name) digits += c >= '0' && c <= '9';
    bool level =
        digits == 1 && name.size() >= 2 && name.back() >= '0' &&
        name.back() <= '9' &&
        std::isalpha(static_cast<unsigned char>(name[name.size() - 2]));
    if (!name.empty() && (digits == 0 || level)) {
      if (!out.empty()) out += ' ';
      out += name;
    }
    i = j + 1;
  }
  return out;
}

// True if `n` holds a form, button or input: a sign-up or promotion box,
// whatever prose it has.
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

// Text outside links below `n`.
size_t ProseChars(const PageAnalysis& page, const GumboNode* n) {
  const Stats& st = page.Of(n);
  return st.excluded ? 0 : st.chars - st.link_chars;
}

// A Chinese sentence introducing a list has at least this many characters.
constexpr size_t kMinIntroHanChars = 6;
// Prose in a paragraph of its own: a <p> this long, hardly linked and
// ending like a sentence.
constexpr size_t kMinProseParagraphChars = 60;

// How many <p>s below `n` hold a sentence of prose (see
// kMinProseParagraphChars), counting up to `enough`.
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

// True if a <p> below `n` holds a sentence of prose: `n` is a part of the
// article, whatever links it lists besides.
bool HoldsProseParagraph(const PageAnalysis& page, const GumboNode* n) {
  return ProseParagraphs(page, n, 1) >= 1;
}

// The first name in the class attribute of `n`, or "".
std::string FirstClass(const GumboNode* n) {
  std::string_view cls = Trim(Attr(n, "class"));
  return std::string(cls.substr(0, cls.find_first_of(" \t\n\r\f")));
}

// What ClimbToSections compares: the tag and class shape of `n`; for an
// element without classes, only a <section> is a section ("" otherwise).
std::string SectionShape(const GumboNode* n) {
  std::string shape = ClassShape(n);
  GumboTag t = n->v.element.tag;
  if (shape.empty() && t != GUMBO_TAG_SECTION) return shape;
  return std::string(gumbo_normalized_tagname(t)) + "." + shape;
}

// Long articles built from repeated section blocks (asciidoc "sect1",
// page builders' "block text", plain <section>s) score each section
// on its own, and the best section wins alone. When the top block's parent,
// or one of its nearest ancestors, has siblings of the same class holding
// prose, those are the other sections: the article is their parent.
const GumboNode* ClimbToSections(const GumboNode* top, const GumboNode* body,
                                 const PageAnalysis& page) {
  const GumboNode* a = top->parent;
  if (!a || !IsElement(a) || a == body) return top;
  for (int level = 0; level < kMaxSectionClimb && a->parent &&
                      IsElement(a->parent) && a->parent != body;
       ++level, a = a->parent) {
    std::string shape = SectionShape(a);
    if (shape.empty()) continue;
    size_t mine = ProseChars(page, a);
    size_t others = 0;
    const GumboVector& sibs = Children(a->parent);
    for (unsigned i = 0; i < sibs.length; ++i) {
      const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
      if (s == a || !IsElement(s) || page.Of(s).excluded) continue;
      if (page.LinkDensity(s) >= kMaxSectionLinkDensity) continue;
      if (SectionShape(s) != shape) continue;
      others += ProseChars(page, s);
    }
    if (others >= kMinSectionChars && others * 5 >= mine * 2) return a->parent;
  }
  return top;
}

// Finds the element holding the article text, and the siblings that belong
// with it, in page order; sets `*top` to the element. Empty if the page has
// no paragraph of text at all.
std::vector<const GumboNode*> FindContent(const GumboNode* body,
                                          const PageAnalysis& page,
                                          const GumboNode** top_out) {
  std::unordered_map<const GumboNode*, double> score;
  std::vector<const GumboNode*> order;  // Candidates in first-seen order.
  auto add = [&](const GumboNode* n, double s) {
    auto [it, inserted] = score.emplace(n, 0.0);
    if (inserted) order.push_back(n);
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
    // A class name that promises content ("container" holds "cont")
    // adds at most as much as the block's own text earned: on a page of
    // short paragraphs the name alone would outweigh the article.
    double text = score[n];
    double cls = ClassWeight(n);
    double s = (text + TagWeight(n->v.element.tag) + std::min(cls, text)) *
               (1.0 - page.LinkDensity(n));
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
  top = ClimbToSections(top, body, page);
  if (score.count(top)) top_score = std::max(top_score, score[top]);
  // A top block that is its parent's only child (a text widget inside a
  // layout cell) has no siblings to merge: the rest of the article sits in
  // the siblings of the wrapper, so the wrapper takes its place (as in
  // Readability).
  while (top->parent && IsElement(top->parent) && top->parent != body &&
         ElementChildren(top->parent) == 1)
    top = top->parent;
  // Siblings that look like more of the same article.
  std::vector<const GumboNode*> content;
  const GumboNode* parent = top->parent;
  *top_out = top;
  if (!parent || !IsElement(parent)) return {top};
  double threshold = std::max(10.0, top_score * 0.2);
  const std::string top_class = ClassShape(top);
  const GumboVector& sibs = Children(parent);
  bool before_top = true;
  for (unsigned i = 0; i < sibs.length; ++i) {
    const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
    if (s == top) {
      content.push_back(s);
      before_top = false;
      continue;
    }
    if (!IsElement(s) || page.Of(s).excluded) continue;
    auto it = score.find(s);
    double sib = it != score.end() ? it->second : 0.0;
    // Page builders give every block of an article the same class; a
    // sibling of the same class is probably more of it (Readability's
    // class bonus).
    bool same_class = !top_class.empty() && ClassShape(s) == top_class;
    if (same_class) sib += top_score * 0.2;
    bool append = (it != score.end() || same_class) && sib >= threshold &&
                  page.LinkDensity(s) < 0.5;
    if (!append && s->v.element.tag == GUMBO_TAG_P) {
      const Stats& st = page.Of(s);
      double ld = page.LinkDensity(s);
      append = (st.chars > 80 && ld < 0.25) ||
               (st.chars > 0 && st.chars <= 80 && ld == 0 &&
                EndsLikeSentence(TextOf(s)));
    } else if (!append && before_top && IsBlockTag(s->v.element.tag) &&
               ClassWeight(s) >= 0) {
      // Above the article, a lead or definition in a box of its own
      // ("excerpt", "summary") or the first sections of a page builder:
      // prose, hardly linked, ending like a sentence, and no form. (Below
      // the article, such boxes are author bios, disclaimers and sign-up
      // boxes.)
      const Stats& st = page.Of(s);
      append = st.chars > 80 && page.LinkDensity(s) < 0.1 &&
               EndsLikeSentence(TextOf(s)) && !HasFormControls(s);
    }
    if (append) content.push_back(s);
  }
  // Long guides stack <section>s that share their first class name and
  // differ in the rest ("section wysiwyg" for prose beside "section
  // product-list"): when the article found sits in such a section, the
  // sibling sections of that kind above it that hold prose are its
  // introduction. (Below it, such sections are related articles, promotions
  // and citations as often as the article's last parts.)
  const GumboNode* section = top;
  for (int level = 0; section && IsElement(section) && section != body &&
                      section->v.element.tag != GUMBO_TAG_SECTION;
       ++level)
    section = level < kMaxSectionClimb ? section->parent : nullptr;
  if (section && IsElement(section) && section != body && section->parent &&
      !FirstClass(section).empty()) {
    const std::string first = FirstClass(section);
    std::vector<const GumboNode*> before;
    const GumboVector& secs = Children(section->parent);
    for (unsigned i = 0; i < secs.length; ++i) {
      const GumboNode* s = static_cast<const GumboNode*>(secs.data[i]);
      if (s == section) break;
      if (!IsElement(s) || s->v.element.tag != GUMBO_TAG_SECTION ||
          page.Of(s).excluded || FirstClass(s) != first ||
          page.LinkDensity(s) >= 0.5 || !HoldsProseParagraph(page, s))
        continue;
      before.push_back(s);
    }
    if (!before.empty()) {
      before.insert(before.end(), content.begin(), content.end());
      content = std::move(before);
    }
  }
  return content;
}

// True if `n` has one element child, a list (a wrapper around a list).
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

// True if the list `n` (or the wrapper it is the only element of) follows
// a paragraph that ends with a colon and more prose follows it: the text
// introduces it, and its items are part of the article even when each is
// a link. (A list introduced at the end of the article, "Related posts:",
// is the site's.)
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

// True if `n` lists questions and their answers: every element child (two
// or more) holds a heading or other line ending in "?" and prose below
// it. The FAQ that closes a guide belongs to the article.
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

// How many ancestors of the article AddPartsElsewhere searches, and how
// much prose, how few links another part must have (less is a teaser,
// a promotion or a sign-up line in the same type).
constexpr int kMaxPartsClimb = 5;
constexpr size_t kMinPartChars = 200;
constexpr double kMaxPartLinkDensity = 0.3;
// A box of one paragraph in the same type is a quote or a call-out.
constexpr int kMinPartParagraphs = 2;

// True if `n` is `a` or inside it.
bool Within(const GumboNode* n, const GumboNode* a) {
  for (; n; n = n->parent) {
    if (n == a) return true;
  }
  return false;
}

// Sites that lay an article out in several boxes (an intro box above the
// photo, the body, a box of tips further down) print the prose of each in
// a container of one class, the site's rich-text class ("c-wysiwyg",
// "post-text"). The density scoring finds one box; near it (below a few of
// its ancestors), containers of the class its paragraphs sit in that hold
// prose are the other boxes. Returns `content` with them, in page order.
std::vector<const GumboNode*> AddPartsElsewhere(
    const GumboNode* body, const PageAnalysis& page, const GumboNode* top,
    std::vector<const GumboNode*> content) {
  // The classes of the containers of the article's prose paragraphs.
  std::unordered_set<std::string> classes;
  std::vector<const GumboNode*> stack(content.begin(), content.end());
  while (!stack.empty()) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!IsElement(x) || page.Of(x).excluded) continue;
    if (x->v.element.tag == GUMBO_TAG_P) {
      if (ProseChars(page, x) >= kMinProseParagraphChars && x->parent) {
        std::string shape = ClassShape(x->parent);
        if (!shape.empty()) classes.insert(shape);
      }
      continue;
    }
    const GumboVector& kids = Children(x);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  const GumboNode* area = top;
  for (int level = 0;
       level < kMaxPartsClimb && area->parent && IsElement(area->parent) &&
       area->parent != body && !page.Of(area->parent).excluded;
       ++level)
    area = area->parent;
  if (area == top) return content;
  // Walk the area in page order: content blocks stay, other containers of
  // those classes holding prose join.
  std::vector<const GumboNode*> out;
  bool added = false;
  std::vector<const GumboNode*> walk = {area};
  while (!walk.empty()) {
    const GumboNode* x = walk.back();
    walk.pop_back();
    if (!IsElement(x) || page.Of(x).excluded) continue;
    if (std::find(content.begin(), content.end(), x) != content.end()) {
      out.push_back(x);
      continue;
    }
    bool part =
        classes.count(ClassShape(x)) && !Within(top, x) &&
        ProseChars(page, x) >= kMinPartChars &&
        page.LinkDensity(x) < kMaxPartLinkDensity &&
        ProseParagraphs(page, x, kMinPartParagraphs) >= kMinPartParagraphs &&
        !HasFormControls(x);
    if (part || (!Within(top, x) && IsQuestionList(page, x))) {
      out.push_back(x);
      added = true;
      continue;
    }
    const GumboVector& kids = Children(x);
    for (unsigned i = kids.length; i-- > 0;)
      walk.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  // Content blocks outside the area (none expected) keep their place.
  if (!added || out.size() < content.size()) return content;
  return out;
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
      // Lists and boxes of links inside the article (related stories);
      // but not a list the text introduces ("Many patches were sent:"),
      // nor a section of the article that holds prose besides its lists
      // of links (those are judged on their own below).
      bool list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL;
      if ((list || t == GUMBO_TAG_DIV || t == GUMBO_TAG_TABLE ||
           t == GUMBO_TAG_SECTION) &&
          st.chars > 0 && page_->LinkDensity(n) > 0.5 &&
          !((list || WrapsList(n)) && IsIntroducedList(*page_, n)) &&
          !(!list && HoldsProseParagraph(*page_, n)))
        return;
      // Sign-up and contact boxes in the article: a few lines of prose
      // around a form. (A form that wraps the whole article is the page's.)
      if (st.form && !blocks_.empty() && st.chars < kMaxFormBoxChars &&
          (t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
           t == GUMBO_TAG_FORM || t == GUMBO_TAG_ASIDE))
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
    if (block) {
      Flush();
      blocks_.push_back(n);
    }
    bool heading = IsHeading(t);
    if (heading) in_heading_ = true;
    WalkChildren(n);
    if (block) {
      Flush();
      blocks_.pop_back();
    }
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
    image_node_ = n;
  }

  void Flush() {
    std::string p = CollapseSpace(cur_);
    cur_.clear();
    if (p.empty()) return;
    if (pending_image_) {
      pending_image_ = false;
      if (!in_heading_ && CharCount(p) <= options_.max_caption_chars &&
          SharesFrameWithImage(p) && images_.back().caption().empty() &&
          ClassifyChrome(p) == Chrome::kNone &&
          !ParseByline(p, options_.default_utc_offset_minutes)) {
        images_.back().set_caption(p);
        // A caption in the image's own paragraph (<p><img><br>text</p>,
        // as Chinese portals print them) is also a line of the article;
        // one in a figure or photo box is not.
        if (!blocks_.empty() && blocks_.back()->v.element.tag == GUMBO_TAG_P &&
            InBlock(image_node_, blocks_.back()))
          paragraphs_.push_back(std::move(p));
        return;
      }
    }
    paragraphs_.push_back(std::move(p));
  }

  // True if the text being flushed and the pending image sit in a frame
  // of their own (a <figure>, a photo box): the smallest element holding
  // both has little text besides `p`. A paragraph that merely follows an
  // image in the article's flow shares only the article with it, and is
  // body text however short.
  bool SharesFrameWithImage(std::string_view p) const {
    if (!page_ || blocks_.empty() || !image_node_) return true;
    const GumboNode* text_block = blocks_.back();
    const GumboNode* common = nullptr;
    for (const GumboNode* a = text_block; a && !common; a = a->parent) {
      for (const GumboNode* b = image_node_; b; b = b->parent) {
        if (a == b) {
          common = a;
          break;
        }
      }
    }
    if (!common) return false;
    return page_->Of(common).chars <= VisibleChars(p) + kMaxFrameExtraChars;
  }

  // True if `n` is `block` or inside it.
  static bool InBlock(const GumboNode* n, const GumboNode* block) {
    for (; n; n = n->parent) {
      if (n == block) return true;
    }
    return false;
  }

  const Options& options_;
  const PageAnalysis* page_;
  // Block elements being walked, innermost last.
  std::vector<const GumboNode*> blocks_;
  const GumboNode* image_node_ = nullptr;  // Of the pending image.
  std::string cur_;
  bool pending_image_ = false;
  bool in_heading_ = false;
  std::vector<std::string> paragraphs_;
  std::vector<v1::Image> images_;
};

// A drop cap printed in a box of its own before the article's block
// (<div class="first-letter">D</div><div><p>uring the...</p>): the letter
// belongs to the first paragraph, which then starts in lower case.
void RestoreDropCap(const GumboNode* first_block,
                    std::vector<std::string>* paragraphs) {
  if (paragraphs->empty() || !first_block->parent) return;
  const std::string& p = paragraphs->front();
  if (p.empty() || !std::islower(static_cast<unsigned char>(p[0]))) return;
  const GumboVector& sibs = Children(first_block->parent);
  const GumboNode* prev = nullptr;
  for (unsigned i = 0; i < sibs.length; ++i) {
    const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
    if (s == first_block) break;
    if (IsElement(s) && !IsSkipElement(s) && !IsHidden(s)) prev = s;
  }
  if (!prev) return;
  std::string letter = TextOf(prev);
  if (letter.size() == 1 && std::isupper(static_cast<unsigned char>(letter[0])))
    paragraphs->front().insert(0, letter);
}

// Removes the second and later copies of a paragraph of kMinRepeatChars or
// more: slideshows and responsive layouts print the same caption or teaser
// several times, while an article does not repeat a whole paragraph.
std::vector<std::string> DropRepeats(std::vector<std::string> paragraphs) {
  std::unordered_set<std::string> seen;
  std::vector<std::string> out;
  for (std::string& p : paragraphs) {
    if (CharCount(p) >= kMinRepeatChars && !seen.insert(p).second) continue;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

ExtractedContent ExtractContent(const GumboNode* body, const Options& options) {
  // Like Readability, first drop furniture by class names; if that leaves
  // too little text (the article sat inside a "post_header"), try again
  // without the class filter.
  ExtractedContent result;
  // The filter can also drop the article and leave a sidebar block (an
  // author bio) that is long enough: a short result is checked against the
  // unfiltered one, which wins when it holds several times more text.
  // When the unfiltered block is the filtered one, or wraps it, the extra
  // text is what the filter removed (comments, chrome), and the filter was
  // right. (An unfiltered block that merely has the filtered one among its
  // siblings is another part of the page.)
  size_t filtered_chars = 0;
  const GumboNode* filtered_top = nullptr;
  auto wraps = [](const std::vector<const GumboNode*>& outer,
                  const GumboNode* outer_top, const GumboNode* inner) {
    if (outer_top == inner) return true;
    for (const GumboNode* a = inner ? inner->parent : nullptr; a;
         a = a->parent) {
      if (std::find(outer.begin(), outer.end(), a) != outer.end()) return true;
    }
    return false;
  };
  for (bool class_filter : {true, false}) {
    PageAnalysis page(body, class_filter);
    const GumboNode* top = body;
    std::vector<const GumboNode*> content = FindContent(body, page, &top);
    if (content.empty()) content = {body};
    if (content[0] != body)
      content = AddPartsElsewhere(body, page, top, std::move(content));
    BlockCollector collector(options, &page);
    for (const GumboNode* n : content) collector.Walk(n);
    std::vector<std::string> got = collector.TakeParagraphs();
    RestoreDropCap(content[0], &got);
    size_t chars = 0;
    for (const std::string& p : got) chars += CharCount(p);
    if (!class_filter && filtered_chars >= kMinArticleChars &&
        (chars < 3 * filtered_chars || InCommentBlock(content[0]) ||
         InCommentBlock(top) || wraps(content, top, filtered_top)))
      break;
    filtered_top = top;
    result.paragraphs = DropRepeats(std::move(got));
    result.images = collector.TakeImages();
    result.rule = class_filter ? "density" : "density-unfiltered";
    filtered_chars = chars;
    if (chars >= kMaxRecheckChars) break;
  }

  return result;
}

ExtractedContent CollectAll(const GumboNode* n, const Options& options) {
  BlockCollector c(options, nullptr);
  c.Walk(n);
  ExtractedContent result;
  result.paragraphs = c.TakeParagraphs();
  result.images = c.TakeImages();
  return result;
}

std::vector<std::string> LinesOf(const GumboNode* n, const Options& options) {
  BlockCollector c(options, nullptr);
  c.Walk(n);
  return c.TakeParagraphs();
}

}  // namespace ink::cleaner
