// Finds the article in a page: the block that scores highest on text and
// punctuation with few links, the way Readability (arc90) scores
// paragraphs into their ancestors, with Chinese punctuation counted as
// commas, with the sections, intro boxes and other parts of the article
// that sit beside it. What each element holds and which are furniture is
// in html_page_analysis.cc; turning the blocks found into paragraphs and
// images with captions in html_paragraphs.cc.
#include "stages/cleaner/html_content.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/html_page_analysis.h"
#include "stages/cleaner/html_paragraphs.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// Less body text than this after class filtering means the filter
// probably removed the article.
constexpr size_t kMinArticleChars = 150;
// Up to this much body text, a result of the class filter is compared with
// the unfiltered page's (see ExtractContent).
constexpr size_t kMaxRecheckChars = 3000;
// How many ancestors of the top block ClimbToSections looks at.
constexpr int kMaxSectionClimb = 7;
// Sibling sections must hold this much prose, with fewer links than this.
constexpr size_t kMinSectionChars = 200;
constexpr double kMaxSectionLinkDensity = 0.5;
// A box above the article with this many paragraphs of prose, and fewer
// links than this, is a part of it (see FindContent).
constexpr int kMinLeadBoxParagraphs = 2;
constexpr double kMaxLeadBoxLinkDensity = 0.25;
// An introduction block above the article has fewer links than this (see
// AddIntroBlocksAbove).
constexpr double kMaxIntroLinkDensity = 0.25;

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
    // The end of the name, found by hand: find_first_of searches the set
    // of spaces anew for every character.
    size_t j = i;
    while (j < cls.size() && cls[j] != ' ' && cls[j] != '\t' &&
           cls[j] != '\n' && cls[j] != '\r' && cls[j] != '\f')
      ++j;
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

// The first name in the class attribute of `n`, or "".
std::string FirstClass(const GumboNode* n) {
  std::string_view cls = Trim(Attr(n, "class"));
  return std::string(cls.substr(0, cls.find_first_of(" \t\n\r\f")));
}

// The first `n` names in the class attribute of `n`, space-separated.
std::string FirstClasses(const GumboNode* node, int n) {
  std::string out;
  std::string_view cls = Trim(Attr(node, "class"));
  size_t i = 0;
  for (int k = 0; k < n && i < cls.size(); ++k) {
    size_t j = cls.find_first_of(" \t\n\r\f", i);
    if (j == std::string_view::npos) j = cls.size();
    if (!out.empty()) out += ' ';
    out += cls.substr(i, j - i);
    i = cls.find_first_not_of(" \t\n\r\f", j);
    if (i == std::string_view::npos) break;
  }
  return out;
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

// True if `n` is `a` or inside it.
bool Within(const GumboNode* n, const GumboNode* a) {
  for (; n; n = n->parent) {
    if (n == a) return true;
  }
  return false;
}

// Page builders lay a post out as a column of blocks of one kind (the
// same tag and classes, numbers aside: "thrv-page-section sb-style"):
// an introduction block, often one paragraph under a drop cap, then the
// block the density scoring finds. When an ancestor of the article (up to
// kMaxSectionClimb levels) has siblings above it of its own kind that
// hold prose, hardly linked, those are the introduction; they join
// `content` in front. (One holding the headline is the article's header
// box: its title, standfirst and byline are read elsewhere. Below the
// article, blocks of the same kind are as often related posts and
// promotions.)
std::vector<const GumboNode*> AddIntroBlocksAbove(
    const GumboNode* body, const PageAnalysis& page, const GumboNode* top,
    std::vector<const GumboNode*> content) {
  const GumboNode* a = top;
  for (int level = 0; level < kMaxSectionClimb && a && IsElement(a) &&
                      a != body && a->parent && IsElement(a->parent);
       ++level, a = a->parent) {
    const std::string shape = SectionShape(a);
    if (shape.empty()) continue;
    std::vector<const GumboNode*> intro;
    const GumboVector& sibs = Children(a->parent);
    for (unsigned i = 0; i < sibs.length; ++i) {
      const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
      if (s == a) break;
      if (!IsElement(s) || page.Of(s).excluded || SectionShape(s) != shape ||
          page.LinkDensity(s) >= kMaxIntroLinkDensity ||
          !HoldsProseParagraph(page, s) || HasFormControls(s) ||
          HoldsArticle(s, /*h1=*/true))
        continue;
      bool taken = false;
      for (const GumboNode* c : content) taken |= Within(c, s) || Within(s, c);
      if (!taken) intro.push_back(s);
    }
    if (intro.empty()) continue;
    intro.insert(intro.end(), content.begin(), content.end());
    return intro;
  }
  return content;
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
      // A box of several paragraphs of prose (a paper's abstract above its
      // main text) is one too, whatever short lines close it (keywords).
      const Stats& st = page.Of(s);
      append = !HasFormControls(s) &&
               ((st.chars > 80 && page.LinkDensity(s) < 0.1 &&
                 EndsLikeSentence(TextOf(s))) ||
                (page.LinkDensity(s) < kMaxLeadBoxLinkDensity &&
                 ProseParagraphs(page, s, kMinLeadBoxParagraphs) >=
                     kMinLeadBoxParagraphs));
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
    // Below it, a section of the same kind as one taken above (the first
    // two class names: "section wysiwyg" again after "section
    // product-fieldset") is more of the guide's prose, not a block of
    // another kind such as related articles.
    std::unordered_set<std::string> kinds;
    for (const GumboNode* b : before) kinds.insert(FirstClasses(b, 2));
    std::vector<const GumboNode*> after;
    bool below = false;
    for (unsigned i = 0; i < secs.length && !kinds.empty(); ++i) {
      const GumboNode* s = static_cast<const GumboNode*>(secs.data[i]);
      if (s == section) {
        below = true;
        continue;
      }
      if (!below || !IsElement(s) || s->v.element.tag != GUMBO_TAG_SECTION ||
          page.Of(s).excluded || !kinds.count(FirstClasses(s, 2)) ||
          page.LinkDensity(s) >= 0.5 || !HoldsProseParagraph(page, s) ||
          std::find(content.begin(), content.end(), s) != content.end())
        continue;
      after.push_back(s);
    }
    if (!before.empty()) {
      before.insert(before.end(), content.begin(), content.end());
      content = std::move(before);
    }
    content.insert(content.end(), after.begin(), after.end());
  }
  return AddIntroBlocksAbove(body, page, top, std::move(content));
}

// How many ancestors of the article AddPartsElsewhere searches, and how
// much prose, how few links another part must have (less is a teaser,
// a promotion or a sign-up line in the same type).
constexpr int kMaxPartsClimb = 5;
constexpr size_t kMinPartChars = 200;
constexpr double kMaxPartLinkDensity = 0.3;
// A box of one paragraph in the same type is a quote or a call-out.
constexpr int kMinPartParagraphs = 2;

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
    ExtractedContent blocks = CollectBlocks(content, page, options);
    std::vector<std::string>& got = blocks.paragraphs;
    RestoreDropCap(content[0], &got);
    size_t chars = 0;
    for (const std::string& p : got) chars += CharCount(p);
    if (!class_filter && filtered_chars >= kMinArticleChars &&
        (chars < 3 * filtered_chars || InCommentBlock(content[0]) ||
         InCommentBlock(top) || wraps(content, top, filtered_top)))
      break;
    filtered_top = top;
    result.paragraphs = DropRepeats(std::move(got));
    result.images = std::move(blocks.images);
    result.rule = class_filter ? "density" : "density-unfiltered";
    filtered_chars = chars;
    if (chars >= kMaxRecheckChars) break;
  }

  return result;
}

}  // namespace ink::cleaner
