#include "stages/fetcher/feed_splitter.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

namespace ink::fetcher {
namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

bool NameIs(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && std::strcmp(Chars(n->name), name) == 0;
}

// The element's namespace URI, or its prefix when a feed declares a module
// under a wrong URI (it happens: content:encoded with a typo in the URI).
bool InNamespace(const xmlNode* n, const char* uri, const char* prefix) {
  if (!n->ns) return false;
  if (n->ns->href && std::strcmp(Chars(n->ns->href), uri) == 0) return true;
  return n->ns->prefix && std::strcmp(Chars(n->ns->prefix), prefix) == 0;
}

bool IsAtom(const xmlNode* n) {
  return n->ns && n->ns->href && std::strcmp(Chars(n->ns->href), kAtomNs) == 0;
}

// The feed's own elements: RSS 2.0 has no namespace, RSS 1.0 and 0.90 have
// theirs, Atom its own, and a feed may borrow the others' names.
bool Plain(const xmlNode* n) {
  if (!n->ns || IsAtom(n) || !n->ns->href) return true;
  const char* href = Chars(n->ns->href);
  return std::strcmp(href, "http://purl.org/rss/1.0/") == 0 ||
         std::strcmp(href, "http://my.netscape.com/rdf/simple/0.9/") == 0;
}

std::string Trimmed(std::string s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (!c) return "";
  std::string s = Chars(c);
  xmlFree(c);
  return Trimmed(std::move(s));
}

std::string Attribute(const xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!c) return "";
  std::string s = Chars(c);
  xmlFree(c);
  return Trimmed(std::move(s));
}

// Atom content: type "xhtml" holds markup as child elements (serialised
// here), "html" holds escaped markup (its text), anything else plain text.
std::string AtomContent(xmlDoc* doc, const xmlNode* n, bool* is_html) {
  std::string type = Attribute(n, "type");
  *is_html = type == "html" || type == "xhtml" || type == "text/html";
  if (type != "xhtml") return Text(n);
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buf(xmlBufferCreate(),
                                                           xmlBufferFree);
  for (xmlNode* c = n->children; c; c = c->next) {
    xmlNodeDump(buf.get(), doc, c, 0, 0);
  }
  return Trimmed(Chars(xmlBufferContent(buf.get())));
}

std::string AtomLink(const xmlNode* n) {
  std::string rel = Attribute(n, "rel");
  if (!rel.empty() && rel != "alternate") return "";
  return Attribute(n, "href");
}

// The names of an Atom <author> or <contributor>, or the text of an RSS
// <author> ("jane@example.com (Jane Doe)" keeps the name in brackets).
std::string AuthorName(const xmlNode* n) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (NameIs(c, "name")) return Text(c);
  }
  std::string s = Text(n);
  size_t open = s.find('(');
  size_t close = s.rfind(')');
  if (s.find('@') != std::string::npos && open != std::string::npos &&
      close != std::string::npos && close > open + 1) {
    return Trimmed(s.substr(open + 1, close - open - 1));
  }
  return s;
}

nlohmann::json Record(xmlDoc* doc, const xmlNode* item,
                      const std::string& source, const std::string& feed) {
  std::string url, title, content, description, published, updated, guid;
  bool content_html = true, description_html = true;
  std::vector<std::string> authors, categories;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (InNamespace(c, kContentNs, "content") && NameIs(c, "encoded")) {
      content = Text(c);
    } else if (InNamespace(c, kDcNs, "dc")) {
      if (NameIs(c, "creator") || NameIs(c, "contributor")) {
        if (std::string a = Text(c); !a.empty()) authors.push_back(a);
      } else if (NameIs(c, "date") && published.empty()) {
        published = Text(c);
      } else if (NameIs(c, "subject")) {
        if (std::string s = Text(c); !s.empty()) categories.push_back(s);
      }
    } else if (!Plain(c)) {
      continue;  // media:, slash:, wfw: and other modules.
    } else if (NameIs(c, "title")) {
      title = Text(c);
    } else if (NameIs(c, "link")) {
      // RSS: the text. Atom: the href of the alternate link.
      std::string href = IsAtom(c) ? AtomLink(c) : Text(c);
      if (href.empty() && !IsAtom(c)) href = Attribute(c, "href");
      if (url.empty() && !href.empty()) url = href;
    } else if (NameIs(c, "content")) {
      content = AtomContent(doc, c, &content_html);
    } else if (NameIs(c, "description") || NameIs(c, "summary")) {
      description =
          IsAtom(c) ? AtomContent(doc, c, &description_html) : Text(c);
    } else if (NameIs(c, "pubDate") || NameIs(c, "published")) {
      published = Text(c);
    } else if (NameIs(c, "updated")) {
      updated = Text(c);
    } else if (NameIs(c, "author") || NameIs(c, "contributor")) {
      if (std::string a = AuthorName(c); !a.empty()) authors.push_back(a);
    } else if (NameIs(c, "category")) {
      std::string term = IsAtom(c) ? Attribute(c, "term") : Text(c);
      if (term.empty()) term = Text(c);
      if (!term.empty()) categories.push_back(term);
    } else if (NameIs(c, "guid") || NameIs(c, "id")) {
      guid = Text(c);
    }
  }
  if (url.empty()) url = Attribute(item, "about");
  if (url.empty() && guid.rfind("http", 0) == 0) url = guid;

  nlohmann::json r = nlohmann::json::object();
  if (!url.empty()) r["url"] = url;
  if (!title.empty()) r["title"] = title;
  // The fuller text wins; RSS descriptions are HTML by convention.
  const std::string& body =
      content.size() >= description.size() ? content : description;
  bool html = &body == &content ? content_html : description_html;
  if (!body.empty()) r[html ? "html" : "text"] = body;
  if (published.empty()) published = updated;
  if (!published.empty()) r["published"] = published;
  if (!authors.empty()) r["authors"] = authors;
  if (!categories.empty()) r["categories"] = categories;
  if (!source.empty()) r["source"] = source;
  if (!guid.empty()) r["guid"] = guid;
  r["feed"] = feed;
  return r;
}

std::string ChildText(const xmlNode* n, const char* name) {
  for (const xmlNode* c = n ? n->children : nullptr; c; c = c->next) {
    if (NameIs(c, name) && Plain(c)) return Text(c);
  }
  return "";
}

}  // namespace

bool IsFeedName(const std::string& name) {
  return name.ends_with(".rss") || name.ends_with(".atom") ||
         name.ends_with(".rdf");
}

bool LooksLikeFeed(std::string_view head) {
  // Skip the declaration, comments, processing instructions and a doctype
  // to the first element.
  size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (i + 1 >= head.size()) return false;
    char c = head[i + 1];
    if (c == '?' || c == '!') {
      ++i;
      continue;
    }
    std::string_view tag = head.substr(i + 1, 8);
    return tag.substr(0, 3) == "rss" || tag.substr(0, 4) == "feed" ||
           tag == "rdf:RDF " || tag.substr(0, 7) == "rdf:RDF";
  }
  return false;
}

Result<std::vector<std::string>> FeedRecords(std::string_view xml,
                                             const std::string& feed_name) {
  xmlInitParser();
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                    options),
      xmlFreeDoc);
  if (!doc) return Status::InvalidArgument("feed: not well-formed XML");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return Status::InvalidArgument("feed: empty XML document");

  std::vector<const xmlNode*> items;
  std::string source;
  if (NameIs(root, "rss")) {
    for (const xmlNode* ch = root->children; ch; ch = ch->next) {
      if (!NameIs(ch, "channel")) continue;
      source = ChildText(ch, "title");
      for (const xmlNode* c = ch->children; c; c = c->next) {
        if (NameIs(c, "item")) items.push_back(c);
      }
    }
  } else if (NameIs(root, "RDF")) {
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (NameIs(c, "channel")) source = ChildText(c, "title");
      if (NameIs(c, "item")) items.push_back(c);
    }
  } else if (NameIs(root, "feed")) {
    source = ChildText(root, "title");
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (NameIs(c, "entry")) items.push_back(c);
    }
  } else {
    return Status::InvalidArgument(std::string("feed: root element <") +
                                   Chars(root->name) +
                                   "> is not rss, feed or rdf:RDF");
  }
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const xmlNode* item : items) {
    out.push_back(
        Record(doc.get(), item, source, feed_name)
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return out;
}

}  // namespace ink::fetcher
