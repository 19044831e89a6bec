#include "stages/cleaner/page_author.h"

#include <algorithm>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// Words of company, publication and site names; a person's name has none.
bool IsOrgWord(std::string_view lower) {
  static constexpr std::string_view kWords[] = {"the",         "and",
                                                "of",          "for",
                                                "in",          "on",
                                                "at",          "by",
                                                "to",          "my",
                                                "our",         "your",
                                                "blog",        "weblog",
                                                "news",        "team",
                                                "media",       "group",
                                                "lab",         "labs",
                                                "data",        "digital",
                                                "online",      "magazine",
                                                "journal",     "review",
                                                "times",       "post",
                                                "daily",       "studio",
                                                "design",      "tech",
                                                "health",      "home",
                                                "guide",       "company",
                                                "inc",         "llc",
                                                "ltd",         "network",
                                                "press",       "center",
                                                "centre",      "institute",
                                                "university",  "foundation",
                                                "association", "society",
                                                "club",        "academy",
                                                "school",      "college",
                                                "consulting",  "services",
                                                "solutions",   "systems",
                                                "software",    "marketing",
                                                "agency",      "partners",
                                                "insights",    "world",
                                                "life",        "travel",
                                                "food",        "kitchen",
                                                "coffee",      "garden",
                                                "project",     "hub",
                                                "today",       "weekly",
                                                "report",      "official",
                                                "store",       "shop",
                                                "notes",       "diary",
                                                "writes",      "podcast",
                                                "newsletter",  "editorial",
                                                "staff",       "admin",
                                                "editor",      "editors",
                                                "desk",        "wire",
                                                "radio",       "tv",
                                                "books",       "reviews",
                                                "community",   "cloud",
                                                "finance",     "capital",
                                                "global",      "international",
                                                "national",    "city",
                                                "now",         "construction",
                                                "reports",     "designs",
                                                "tested",      "dad",
                                                "mom",         "mama",
                                                "papa"};
  // "Express-News": each part of a hyphenated word counts.
  for (size_t i = 0; i <= lower.size();) {
    size_t j = lower.find('-', i);
    if (j == std::string_view::npos) j = lower.size();
    std::string_view part = lower.substr(i, j - i);
    for (std::string_view w : kWords) {
      if (part == w) return true;
    }
    i = j + 1;
  }
  return false;
}

// Lower-case particles of surnames: "van der Merwe", "de la Cruz".
bool IsParticle(std::string_view lower) {
  for (std::string_view p :
       {"van", "der", "den", "de", "la", "le", "von", "da", "di", "del", "du",
        "bin", "al", "el", "ter", "dos"}) {
    if (lower == p) return true;
  }
  return false;
}

// "A" or "A.".
bool IsInitial(std::string_view w) {
  return !w.empty() && w[0] >= 'A' && w[0] <= 'Z' &&
         (w.size() == 1 || (w.size() == 2 && w[1] == '.'));
}

// One word of an English name: an initial ("A", "A.") or a capital and
// at least one lower-case letter ("Doe", "McNamara", "O'Sullivan",
// "Martínez-Beltrán"). Letters outside ASCII count as letters.
bool IsNameWord(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c0 = static_cast<unsigned char>(w[0]);
  if (IsInitial(w)) return true;
  if (!(c0 >= 'A' && c0 <= 'Z') && c0 < 0x80) return false;
  bool lower = false;
  for (size_t i = 1; i < w.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(w[i]);
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 0x80) {
      lower = true;  // An accented letter.
    } else if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '\'') {
      return false;
    }
  }
  return lower;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// A name a link or a blog's title may give: a full name, a Chinese pen
// name of two to six characters ("太小心", "海姑娘"), or a user name
// ("BeauHD", "h.szeyee", "zboygirl").
bool LooksLikeNameOrHandle(std::string_view s) {
  s = Trim(s);
  if (s.empty() || CharCount(s) > 40) return false;
  if (LooksLikeFullName(s)) return true;
  const size_t n = CharCount(s);
  if (HanCount(s) == n) return n >= 2 && n <= 6 && !LooksLikeOrgName(s);
  if (HanCount(s) > 0 || s.size() < 3 || s.size() > 20) return false;
  bool letter = false;
  for (char c : s) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    letter |= alpha;
    if (!alpha && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-')
      return false;
  }
  return letter && !IsOrgWord(AsciiLower(s));
}

// Lower-case ASCII letters and digits and every non-ASCII byte of `s`:
// "USA TODAY" and "usatoday", "Paperium.net" and "paperiumnet" compare
// equal.
std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The parts of a <title> between the separators sites put around their
// name: "Post | Site", "Post - Site", "Post — Site", "Post_Site".
// With `strong`, only the separators that never occur inside a headline
// count (" - " and "_" often do: "Apps Compared - Personally Tested").
std::vector<std::string> TitleParts(std::string_view title,
                                    bool strong = false) {
  std::vector<std::string> parts;
  std::string cur;
  std::string_view s = title;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    for (std::string_view sep :
         {" | ", " – ", " — ", " :: ", " · ", " » ", "｜", "|", " - ", "_"}) {
      if (strong && (sep == " - " || sep == "_")) continue;
      if (s.compare(i, sep.size(), sep) == 0) {
        len = sep.size();
        break;
      }
    }
    if (len == 0) {
      cur += s[i++];
      continue;
    }
    std::string t(Trim(cur));
    if (!t.empty()) parts.push_back(std::move(t));
    cur.clear();
    i += len;
  }
  std::string t(Trim(cur));
  if (!t.empty()) parts.push_back(std::move(t));
  return parts;
}

// "Colin Watson's blog" -> "Colin Watson", "[太小心]的博客" -> "太小心"; ""
// when `s` does not name a blog's owner that way.
std::string BlogOf(std::string_view s) {
  s = Trim(s);
  for (std::string_view suffix :
       {"'s blog", "’s blog", "'s weblog", "’s weblog", "'s homepage", "的博客",
        "的blog", "的部落格", "的网志", "的空间"}) {
    if (s.size() <= suffix.size()) continue;
    std::string tail = AsciiLower(s.substr(s.size() - suffix.size()));
    if (tail != suffix) continue;
    std::string_view name = Trim(s.substr(0, s.size() - suffix.size()));
    for (auto [open, close] :
         {std::pair<std::string_view, std::string_view>{"[", "]"},
          {"【", "】"},
          {"《", "》"}}) {
      if (name.size() > open.size() + close.size() &&
          name.substr(0, open.size()) == open &&
          name.substr(name.size() - close.size()) == close)
        name = Trim(
            name.substr(open.size(), name.size() - open.size() - close.size()));
    }
    if (LooksLikeNameOrHandle(name)) return std::string(name);
  }
  return "";
}

// True if `href` leads to an author's page: ".../author/jdoe/",
// "/authors/jdoe", "/contributors/x", "?author=12", "?_author=Jane".
bool IsAuthorHref(std::string_view href) {
  std::string h = AsciiLower(href);
  // Every part below holds one of these words: most links hold none, and
  // are answered with three searches instead of eleven.
  if (h.find("author") == std::string::npos &&
      h.find("contributor") == std::string::npos &&
      h.find("writer") == std::string::npos)
    return false;
  for (std::string_view part :
       {"/author/", "/authors/", "/contributor/", "/contributors/", "/writer/",
        "/writers/",
        "?author=", "&author=", "&amp;author=", "_author=", "/author-"}) {
    if (h.find(part) != std::string::npos) return true;
  }
  return false;
}

// The name a link to an author's page shows: its text, or for an avatar
// its title ("Posts by Jane Doe"), aria-label or image alt.
std::string LinkName(const GumboNode* a) {
  std::string text(Trim(TextOf(a)));
  if (!text.empty()) return text;
  std::string_view title = Attr(a, "title");
  if (title.empty()) title = Attr(a, "aria-label");
  std::string t(Trim(title));
  for (std::string_view lead : {"Posts by ", "View all posts by ", "By "}) {
    if (t.compare(0, lead.size(), lead) == 0) t = t.substr(lead.size());
  }
  return t;
}

struct AuthorLink {
  const GumboNode* node;
  std::string name;
};

void CollectAuthorLinks(const GumboNode* n, std::vector<AuthorLink>* out) {
  if (!IsElement(n) || out->size() >= 64) return;
  const GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_HEAD)
    return;
  if (t == GUMBO_TAG_A) {
    const bool rel = HasToken(AsciiLower(Attr(n, "rel")), "author");
    if (rel || IsAuthorHref(Attr(n, "href"))) {
      std::string name = CollapseSpace(LinkName(n));
      for (std::string_view lead : {"By ", "by "}) {
        if (name.compare(0, lead.size(), lead) == 0)
          name = name.substr(lead.size());
      }
      if (LooksLikeNameOrHandle(name))
        out->push_back({n, std::string(Trim(name))});
    }
    return;
  }
  const GumboVector& kids = Children(n);
  for (unsigned i = 0; i < kids.length; ++i)
    CollectAuthorLinks(static_cast<const GumboNode*>(kids.data[i]), out);
}

bool IsInside(const GumboNode* n, const GumboNode* block) {
  for (; n; n = n->parent) {
    if (n == block) return true;
  }
  return false;
}

}  // namespace

bool LooksLikeFullName(std::string_view s) {
  s = Trim(s);
  if (HanCount(s) > 0) return LooksLikePersonName(s);
  std::vector<std::string_view> words = Words(s);
  if (words.size() < 2 || words.size() > 4 || s.size() > 40) return false;
  size_t named = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string lower = AsciiLower(words[i]);
    if (IsOrgWord(lower)) return false;
    if (i > 0 && i + 1 < words.size() && IsParticle(lower)) continue;
    if (!IsNameWord(words[i])) return false;
    named += !IsInitial(words[i]);
  }
  // "Jane A." ends in an initial: a name ends in a surname.
  return named >= 1 && !IsInitial(words.back());
}

std::vector<std::string> AuthorLinkNames(const GumboNode* root) {
  std::vector<AuthorLink> links;
  CollectAuthorLinks(root, &links);
  std::vector<std::string> names;
  if (links.empty()) return names;
  // Co-authors share the first link's byline block: its grandparent, if
  // that holds a byline's worth of text and not a list of posts.
  const GumboNode* block = links[0].node->parent;
  if (block && block->parent) block = block->parent;
  if (block && CharCount(TextOf(block)) > 400) block = nullptr;
  // Five or more author links in one block are a list of columnists, not
  // a byline: none of them is known to have written this page.
  if (block &&
      std::count_if(links.begin(), links.end(), [&](const AuthorLink& l) {
        return IsInside(l.node, block);
      }) > 4)
    return names;
  for (const AuthorLink& l : links) {
    if (!names.empty() && (!block || !IsInside(l.node, block))) continue;
    if (std::find(names.begin(), names.end(), l.name) == names.end())
      names.push_back(l.name);
  }
  return names;
}

std::string SiteOwner(const PageFacts& f, std::string_view title) {
  const std::string title_squeezed = Squeeze(title);
  auto is_title = [&](std::string_view s) {
    const std::string q = Squeeze(s);
    return q.empty() || title_squeezed.find(q) != std::string::npos;
  };
  auto meta = [&](const char* k) -> std::string_view {
    auto it = f.meta.find(k);
    return it == f.meta.end() ? std::string_view() : it->second;
  };
  const std::vector<std::string> parts = TitleParts(f.title_tag, true);
  // "Colin Watson's blog", "[太小心]的博客": the blog is named after them.
  if (std::string owner = BlogOf(meta("og:site_name")); !owner.empty())
    return owner;
  for (const std::string& p : parts) {
    if (std::string owner = BlogOf(p); !owner.empty()) return owner;
  }
  // "海姑娘 | blog.wenxuecity.com": a title naming only a blog and a name
  // (an archive or home page of the blog).
  bool blog_part = false;
  for (const std::string& p : parts) {
    std::string lower = AsciiLower(p);
    blog_part |= lower.find("blog") != std::string::npos ||
                 p.find("博客") != std::string::npos;
  }
  if (blog_part && parts.size() == 2) {
    for (const std::string& p : parts) {
      std::string lower = AsciiLower(p);
      if (lower.find("blog") != std::string::npos ||
          p.find("博客") != std::string::npos || is_title(p))
        continue;
      if (LooksLikeNameOrHandle(p) && HanCount(p) > 0) return p;
    }
  }
  // A personal site named after its owner: og:site_name "Owain Brennan",
  // a <title> "Post | Pierce Freeman".
  std::string_view site = meta("og:site_name");
  if (LooksLikeFullName(site) && !is_title(site)) return std::string(site);
  if (parts.size() >= 2) {
    for (const std::string& p : {parts.back(), parts.front()}) {
      if (LooksLikeFullName(p) && !is_title(p)) return p;
    }
  }
  // The blog's heading above the article names a person: "<h1>李建忠</h1>"
  // then the post's own title. (English site headings are as often a
  // company's name: "Playful Tones", "Web Designs".)
  for (size_t i = 0; i < f.headings.size(); ++i) {
    if (!f.heading_is_h1[i]) continue;
    if (HanCount(f.headings[i]) > 0 && LooksLikeFullName(f.headings[i]) &&
        !is_title(f.headings[i]))
      return std::string(Trim(f.headings[i]));
    break;
  }
  return "";
}

bool IsSiteName(std::string_view name, const PageFacts& f,
                std::string_view url) {
  const std::string n = Squeeze(name);
  if (n.empty()) return false;
  auto same = [&](std::string_view site) {
    const std::string s = Squeeze(site);
    if (s.empty()) return false;
    if (s == n) return true;
    // "网易" on "网易新闻", "网易娱乐": the site's name and a section.
    return HanCount(name) >= 2 && HanCount(name) == CharCount(Trim(name)) &&
           s.compare(0, n.size(), n) == 0;
  };
  for (const char* k : {"og:site_name", "application-name",
                        "apple-mobile-web-app-title", "twitter:site"}) {
    auto it = f.meta.find(k);
    if (it != f.meta.end() && same(it->second)) return true;
  }
  const std::vector<std::string> parts = TitleParts(f.title_tag);
  if (parts.size() >= 2 && (same(parts.back()) || same(parts.front())))
    return true;
  // The host: "paperium.net", "www.digjitale.com" -> "digjitale".
  size_t begin = url.find("://");
  if (begin == std::string_view::npos) return false;
  begin += 3;
  size_t end = url.find_first_of("/?#:", begin);
  std::string host = AsciiLower(url.substr(begin, end == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : end - begin));
  if (host.compare(0, 4, "www.") == 0) host = host.substr(4);
  if (Squeeze(host) == n) return true;
  std::string label = host.substr(0, host.find('.'));
  return label.size() >= 4 && Squeeze(label) == n;
}

}  // namespace ink::cleaner
