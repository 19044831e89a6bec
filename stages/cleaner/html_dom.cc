// Gumbo tree helpers shared by the HTML page and fragment cleaners.
#include "stages/cleaner/html_dom.h"

#include <strings.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "stages/cleaner/text_util.h"

namespace ink::cleaner {

// Gumbo allocates every node, attribute, string and vector of a tree one by
// one (a million times on a few dozen pages), and gumbo_destroy_output
// walks the tree to free them again: about a twentieth of the cleaner's
// work. The tree's memory comes from chunks instead, which are freed
// together with the tree; what gumbo frees while it parses (grown buffers)
// stays in its chunk until then.
struct GumboArena {
  // Chunk size; larger requests get a chunk of their own.
  static constexpr size_t kChunk = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks;
  char* next = nullptr;
  size_t left = 0;
};

void GumboArenaDeleter::operator()(GumboOutput*) const { delete arena; }

namespace {

// A new chunk for a request that does not fit in the current one.
void* ArenaGrow(GumboArena* a, size_t size) {
  if (size > GumboArena::kChunk / 4) {
    a->chunks.emplace_back(new char[size]);
    return a->chunks.back().get();
  }
  a->chunks.emplace_back(new char[GumboArena::kChunk]);
  a->next = a->chunks.back().get() + size;
  a->left = GumboArena::kChunk - size;
  return a->chunks.back().get();
}

void* ArenaAllocate(void* userdata, size_t size) {
  auto* a = static_cast<GumboArena*>(userdata);
  // malloc's alignment, which gumbo's structures assume.
  size = (size + 15) & ~size_t{15};
  if (size > a->left) return ArenaGrow(a, size);
  void* p = a->next;
  a->next += size;
  a->left -= size;
  return p;
}

// Memory is given back with the whole arena.
void ArenaDeallocate(void*, void*) {}

// React's streaming server rendering (Next.js pages among them) sends a
// page in parts: where a part was not ready, the page holds a placeholder
// (<!--$?--><template id="B:1"></template>"Loading..."<!--/$-->, or a bare
// <template id="P:2"> inside another late part), and the part follows at
// the end of the body in <div hidden id="S:1">; a script then moves it
// into the placeholder's place. The script does not run
// here, so PlaceStreamedParts does what it does: without it the parts of
// the article are hidden, or out of their place at the end of the page.

// Fills `ids` with the elements below `root` whose id names an end of a
// streamed part ("B:1", "P:2", "S:1"), the first of each id. Iterative:
// the tree may be deep.
void IndexStreamEnds(GumboNode* root,
                     std::unordered_map<std::string, GumboNode*>* ids) {
  std::vector<GumboNode*> stack = {root};
  while (!stack.empty()) {
    GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    std::string_view id = Attr(n, "id");
    if (id.size() > 2 && id[1] == ':' &&
        (id[0] == 'B' || id[0] == 'P' || id[0] == 'S'))
      ids->emplace(std::string(id), n);
    GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<GumboNode*>(kids.data[i]));
  }
}

// Renumbers index_within_parent of the children of `n`.
void Reindex(GumboNode* n) {
  GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    GumboNode* k = static_cast<GumboNode*>(kids.data[i]);
    k->parent = n;
    k->index_within_parent = i;
  }
}

// The comment text of `n`, or nullptr when it is no comment.
const char* CommentText(const GumboNode* n) {
  return n->type == GUMBO_NODE_COMMENT ? n->v.text.text : nullptr;
}

// Moves the part `part` (<div hidden id="S:n">) into the place of its
// placeholder `tmpl` (<template id="B:n"> or "P:n"): for a `boundary`
// ("B:n"), the placeholder's fallback (the siblings after it up to the
// boundary's closing <!--/$-->) moves into the template, which the
// extractor skips; and the part stops being hidden.
void PlaceStreamedPart(GumboNode* tmpl, GumboNode* part, bool boundary,
                       const GumboOptions& o) {
  GumboNode* parent = tmpl->parent;
  GumboNode* part_parent = part->parent;
  if (!parent || !part_parent || !IsElement(parent) || !IsElement(part_parent))
    return;
  // Neither end may hold the other (a malformed page), or the swap below
  // would make a cycle.
  for (GumboNode* a = parent; a; a = a->parent) {
    if (a == part) return;
  }
  for (GumboNode* a = part_parent; a; a = a->parent) {
    if (a == tmpl) return;
  }
  GumboVector& kids = parent->v.element.children;
  const unsigned at = tmpl->index_within_parent;
  // The fallback: the siblings after the template up to the closing
  // comment of its boundary, nested boundaries counted.
  unsigned end = at + 1;
  int depth = 0;
  bool closed = false;
  for (; end < kids.length; ++end) {
    const char* c = CommentText(static_cast<const GumboNode*>(kids.data[end]));
    if (!c) continue;
    std::string_view text(c);
    if (text == "/$") {
      if (depth == 0) {
        closed = true;
        break;
      }
      --depth;
    } else if (text == "$" || text == "$?" || text == "$!") {
      ++depth;
    }
  }
  const bool part_in_fallback = part_parent == parent &&
                                part->index_within_parent > at &&
                                part->index_within_parent < end;
  if (boundary && closed && end > at + 1 && !part_in_fallback &&
      tmpl->v.element.children.length == 0) {
    const unsigned n = end - at - 1;
    void** moved =
        static_cast<void**>(o.allocator(o.userdata, n * sizeof(void*)));
    for (unsigned i = 0; i < n; ++i) moved[i] = kids.data[at + 1 + i];
    GumboVector& inner = tmpl->v.element.children;
    if (inner.data) o.deallocator(o.userdata, inner.data);
    inner.data = moved;
    inner.length = inner.capacity = n;
    Reindex(tmpl);
    for (unsigned i = end; i < kids.length; ++i)
      kids.data[i - n] = kids.data[i];
    kids.length -= n;
    Reindex(parent);
  }
  // Swap the part and the (now fallback-holding) template.
  kids.data[at] = part;
  part_parent->v.element.children.data[part->index_within_parent] = tmpl;
  Reindex(parent);
  Reindex(part_parent);
  // No longer hidden: the attribute's name (a copy the tree owns) is
  // renamed in place, which keeps the tree's memory as gumbo allocated it.
  GumboVector& attrs = part->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    GumboAttribute* a = static_cast<GumboAttribute*>(attrs.data[i]);
    if (std::string_view(a->name) == "hidden")
      std::memcpy(const_cast<char*>(a->name), "placed", 6);
  }
}

void PlaceStreamedParts(GumboNode* root, const GumboOptions& options) {
  std::unordered_map<std::string, GumboNode*> ids;
  IndexStreamEnds(root, &ids);
  for (auto& [id, part] : ids) {
    if (id[0] != 'S' || part->type != GUMBO_NODE_ELEMENT ||
        part->v.element.tag != GUMBO_TAG_DIV ||
        !gumbo_get_attribute(&part->v.element.attributes, "hidden"))
      continue;
    // A boundary's placeholder is "B:n"; a segment of a part that was
    // itself streamed later is "P:n" and has no fallback.
    auto t = ids.find("B" + id.substr(1));
    if (t == ids.end()) t = ids.find("P" + id.substr(1));
    if (t == ids.end() || t->second->v.element.tag != GUMBO_TAG_TEMPLATE)
      continue;
    PlaceStreamedPart(t->second, part, t->first[0] == 'B', options);
  }
}

}  // namespace

GumboPtr Parse(std::string_view html) {
  auto arena = std::make_unique<GumboArena>();
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = ArenaAllocate;
  options.deallocator = ArenaDeallocate;
  options.userdata = arena.get();
  GumboPtr doc(gumbo_parse_with_options(&options, html.data(), html.size()),
               GumboArenaDeleter{arena.release()});
  if (html.find("<template id=\"B:") != std::string_view::npos)
    PlaceStreamedParts(doc->root, options);
  return doc;
}

namespace {

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

}  // namespace

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

const GumboAttribute* FindAttr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return nullptr;
  // gumbo_get_attribute's search (the first attribute named `name`, in any
  // case), with the first letters compared before strcasecmp is called:
  // this runs several times on every element of the page, and most
  // attributes differ from the name at once.
  auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const char first = lower(name[0]);
  const GumboVector& attrs = n->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (lower(a->name[0]) == first && strcasecmp(a->name, name) == 0) return a;
  }
  return nullptr;
}

std::string_view Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = FindAttr(n, name);
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
    // Their text is shown only by browsers that cannot play the media
    // ("您的浏览器暂时无法播放此视频").
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
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
bool HoldsArticle(const GumboNode* n, bool h1) {
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

namespace {

// Substrings looked for all at once: the needles are grouped by their
// first byte, so each position of the haystack is compared only with the
// needles that can start there (rather than one scan of the haystack per
// needle: the furniture names run on the class and id of every element).
class NeedleSet {
 public:
  NeedleSet(std::initializer_list<std::string_view> needles) {
    for (std::string_view n : needles)
      by_first_[static_cast<unsigned char>(n[0])].push_back(n);
  }
  // True if `hay` contains any of the needles, as HasAny.
  bool FoundIn(std::string_view hay) const {
    for (size_t i = 0; i < hay.size(); ++i) {
      for (std::string_view n : by_first_[static_cast<unsigned char>(hay[i])]) {
        if (hay.size() - i >= n.size() && hay.compare(i, n.size(), n) == 0)
          return true;
      }
    }
    return false;
  }

 private:
  std::vector<std::string_view> by_first_[256];
};

}  // namespace

bool IsUnlikelyName(std::string_view lower) {
  static const NeedleSet kUnlikely(
      {"-ad-",       "ai2html",    "banner",     "breadcrumb", "combx",
       "comment",    "community",  "cover-wrap", "disqus",     "extra",
       "footer",     "gdpr",       "header",     "legends",    "menu",
       "related",    "remark",     "replies",    "rss",        "shoutbox",
       "sidebar",    "skyscraper", "social",     "sponsor",    "supplemental",
       "ad-break",   "agegate",    "pagination", "pager",      "popup",
       "yom-remote", "share",      "recommend",  "hotnews",    "hot-news",
       "rank",       "copyright",  "crumb",      "login",      "toolbar",
       "navbar",     "topbar",     "subnav",     "sitenav",    "dialog",
       "modal",      "cookie",     "newsletter", "subscri",    "disclaimer",
       "signup",     "sign-up",    "author-bio", "authorbio",  "about-author",
       "author-box", "consent",    "gallery"});
  return kUnlikely.FoundIn(lower);
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

std::string RoleNames(const GumboNode* n) {
  std::string out;
  for (const char* attr : {"class", "id"}) {
    std::string_view v = Attr(n, attr);
    size_t i = 0;
    while (i < v.size()) {
      size_t j = v.find_first_of(" \t\n\r\f", i);
      if (j == std::string_view::npos) j = v.size();
      std::string_view name = v.substr(i, j - i);
      size_t bem = name.rfind("__");
      if (bem != std::string_view::npos && bem + 2 < name.size())
        name = name.substr(bem + 2);
      if (!name.empty()) {
        if (!out.empty()) out += ' ';
        out += AsciiLower(name);
      }
      i = j + 1;
    }
  }
  return out;
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

}  // namespace ink::cleaner
