// What each element of an HTML page holds (text, links, punctuation, forms)
// and which elements are page furniture, internal to the content extractor
// (html_content.cc, html_paragraphs.cc): hidden and chrome elements, class
// and id names of furniture, and the link-heavy blocks that are the
// article's all the same (lists the text introduces, FAQs).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ink::cleaner {

// Prose in a paragraph of its own: a <p> this long, hardly linked and
// ending like a sentence.
inline constexpr size_t kMinProseParagraphChars = 60;

struct Stats {
  size_t chars = 0;       // Non-space characters of visible text.
  size_t link_chars = 0;  // Of which inside <a>.
  size_t own_chars = 0;   // In text and inline children (not in child blocks).
  size_t own_punct = 0;
  bool excluded = false;  // Chrome by tag, class or id: ignored entirely.
  bool form = false;      // Holds a form or a text field.
};

class PageAnalysis {
 public:
  // `class_filter` drops elements whose class or id names page furniture;
  // without it only tags and hidden styles exclude.
  PageAnalysis(const GumboNode* root, bool class_filter);

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
  bool Excluded(const GumboNode* n) const;

  // Fills article_wrappers_ with the ancestors of the page's <article>
  // if it has exactly one. Several (cards of related stories, comments)
  // say nothing by the tag.
  void FindSoleArticle(const GumboNode* root);

  // Returns the subtree's (chars, link chars); fills stats_ for elements.
  std::pair<size_t, size_t> Compute(const GumboNode* n, bool in_link);

  bool class_filter_;
  // Ancestors of the page's one <article>, innermost first (see Excluded).
  std::vector<const GumboNode*> article_wrappers_;
  std::unordered_map<const GumboNode*, Stats> stats_;
};

// The non-space characters of `s` (no-break and ideographic spaces are
// spaces).
size_t VisibleChars(std::string_view s);

// True if `n` is hidden by its `hidden` attribute or an inline style (and
// is not a collapsed panel, see IsCollapsedPanel).
bool IsHidden(const GumboNode* n);

// How many element children `n` has; 2 (more than one) if it also holds
// text of its own.
int ElementChildren(const GumboNode* n);

// True if `n` holds a form, button or input: a sign-up or promotion box,
// whatever prose it has.
bool HasFormControls(const GumboNode* n);

// Text outside links below `n`.
size_t ProseChars(const PageAnalysis& page, const GumboNode* n);

// How many <p>s below `n` hold a sentence of prose (see
// kMinProseParagraphChars), counting up to `enough`.
int ProseParagraphs(const PageAnalysis& page, const GumboNode* n, int enough);

// True if a <p> below `n` holds a sentence of prose: `n` is a part of the
// article, whatever links it lists besides.
bool HoldsProseParagraph(const PageAnalysis& page, const GumboNode* n);

// True if `n` has one element child, a list (a wrapper around a list).
bool WrapsList(const GumboNode* n);

// True if the list `n` (or the wrapper it is the only element of) follows
// a paragraph that ends with a colon and more prose follows it: the text
// introduces it, and its items are part of the article even when each is
// a link. (A list introduced at the end of the article, "Related posts:",
// is the site's.)
bool IsIntroducedList(const PageAnalysis& page, const GumboNode* n);

// True if `n` lists questions and their answers: every element child (two
// or more) holds a heading or other line ending in "?" and prose below
// it. The FAQ that closes a guide belongs to the article.
bool IsQuestionList(const PageAnalysis& page, const GumboNode* n);

}  // namespace ink::cleaner
