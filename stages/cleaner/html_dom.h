// Gumbo tree helpers shared by the HTML page and fragment cleaners: parsing,
// element predicates (chrome tags, block tags), the class and id names of
// page furniture and of article containers, and visible text.
#pragma once

#include <gumbo.h>

#include <initializer_list>
#include <memory>
#include <regex>
#include <string>
#include <string_view>

namespace ink::cleaner {

// Flags of every regular expression run on page text.
inline constexpr auto kRe =
    std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

// The memory of one parsed tree (see Parse).
struct GumboArena;

// Frees a tree by freeing its arena.
struct GumboArenaDeleter {
  GumboArena* arena = nullptr;
  void operator()(GumboOutput* out) const;
};

using GumboPtr = std::unique_ptr<GumboOutput, GumboArenaDeleter>;

// Parses `html` (which must outlive the tree) with gumbo's defaults, except
// that the tree's memory comes from an arena freed with it at once.
GumboPtr Parse(std::string_view html);

// Returns `html` without the contents of <script> and <style> elements,
// except JSON-LD scripts (see html_dom.cc).
std::string StripScriptBodies(std::string_view html);

bool IsElement(const GumboNode* n);
// The value of attribute `name` of element `n`, or "" (also for non-elements).
std::string_view Attr(const GumboNode* n, const char* name);
// Attribute `name` of element `n` (names compared in any case, as
// gumbo_get_attribute does), or null (also for non-elements).
const GumboAttribute* FindAttr(const GumboNode* n, const char* name);
const GumboVector& Children(const GumboNode* n);

// Elements whose content is never article text, by tag alone.
bool IsSkipTag(GumboTag t);
// Elements that start a new paragraph.
bool IsBlockTag(GumboTag t);
// True if `n` has a <main> or <article> below it (or, with `h1`, an <h1>).
bool HoldsArticle(const GumboNode* n, bool h1 = false);
// IsSkipTag, except for sidebars the parser wrapped around the article.
bool IsSkipElement(const GumboNode* n);
bool IsHeading(GumboTag t);

// True if `lower` contains any of `needles` as a substring.
bool HasAny(std::string_view lower,
            std::initializer_list<std::string_view> needles);
// True if `lower` has `word` as a whole space-separated token.
bool HasToken(std::string_view lower, std::string_view word);
// Class/id names (lower-cased) of page furniture, possible containers,
// negative and positive signals, after Readability.
bool IsUnlikelyName(std::string_view lower);
bool IsMaybeName(std::string_view lower);
bool IsNegativeName(std::string_view lower);
bool IsPositiveName(std::string_view lower);

// The lower-cased class and id of `n`, space-separated, for the name
// tests above. A BEM name ("article-body__newsletter") is cut to its
// element part ("newsletter"): the block part names the component the
// element sits in, the element part what it is.
std::string RoleNames(const GumboNode* n);

// The visible text of `n`, blocks separated by spaces, whitespace collapsed.
std::string TextOf(const GumboNode* n);

}  // namespace ink::cleaner
