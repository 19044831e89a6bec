// Markdown with YAML front matter, as blog engines (Hexo, Jekyll) store
// reposted news. Front matter gives title, categories, tags, author, date
// and the head image; the body is often HTML and goes through the HTML
// fragment path, otherwise through a small Markdown reader. Markdown that
// mixes its own blocks (headings, links) with blocks of HTML, as archives
// of scraped pages do, is rendered to HTML by cmark (CommonMark) first.
#include <cmark.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <memory>
#include <regex>
#include <string>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

constexpr auto kRe =
    std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

// Splits "---\n<yaml>\n---\n<body>"; returns false if there is no front
// matter (then *body is the whole text).
bool SplitFrontMatter(std::string_view text, std::string_view* yaml,
                      std::string_view* body) {
  *body = text;
  std::string_view t = text;
  while (!t.empty() && (t.front() == '\n' || t.front() == '\r'))
    t.remove_prefix(1);
  if (t.substr(0, 3) != "---") return false;
  size_t first_nl = t.find('\n');
  if (first_nl == std::string_view::npos ||
      !Trim(t.substr(3, first_nl - 3)).empty())
    return false;
  size_t pos = first_nl + 1;
  while (pos < t.size()) {
    size_t nl = t.find('\n', pos);
    std::string_view line = t.substr(
        pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (Trim(line) == "---" || Trim(line) == "...") {
      *yaml = t.substr(first_nl + 1, pos - first_nl - 1);
      *body =
          nl == std::string_view::npos ? std::string_view() : t.substr(nl + 1);
      return true;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return false;
}

std::vector<std::string> StringList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const auto& x : n) {
      if (x.IsScalar()) {
        std::string s(Trim(x.Scalar()));
        if (!s.empty()) out.push_back(s);
      }
    }
  } else if (n.IsScalar()) {
    static const std::regex sep("\\s*(?:,|，|;|；|、)\\s*", kRe);
    const std::string& v = n.Scalar();
    for (std::sregex_token_iterator it(v.begin(), v.end(), sep, -1), end;
         it != end; ++it) {
      std::string s(Trim(it->str()));
      if (!s.empty()) out.push_back(s);
    }
  }
  return out;
}

std::string Scalar(const YAML::Node& root, const char* key) {
  YAML::Node n = root[key];
  return n && n.IsScalar() ? std::string(Trim(n.Scalar())) : std::string();
}

// Reads the front matter into `out`. Malformed YAML is not fatal: the
// article is still cleaned, just without these fields.
void ReadFrontMatter(std::string_view yaml, const Options& options,
                     v1::CleanArticle* out) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception&) {
    (*out->mutable_field_rules())["front_matter"] = "invalid-yaml";
    return;
  }
  if (!root.IsMap()) return;
  auto& rules = *out->mutable_field_rules();
  try {
    if (std::string title = Scalar(root, "title"); !title.empty()) {
      out->set_title(CollapseSpace(title));
      rules["title"] = "front-matter";
    }
    if (std::string sub = Scalar(root, "subtitle"); !sub.empty()) {
      out->set_subtitle(sub);
      rules["subtitle"] = "front-matter";
    }
    for (const char* key : {"categories", "category"}) {
      for (std::string& c : StringList(root[key]))
        out->add_categories(std::move(c));
    }
    if (out->categories_size() > 0) rules["categories"] = "front-matter";
    for (const char* key : {"tags", "keywords"}) {
      for (std::string& t : StringList(root[key])) out->add_tags(std::move(t));
    }
    if (out->tags_size() > 0) rules["tags"] = "front-matter";
    for (const char* key : {"author", "authors"}) {
      for (std::string& a : StringList(root[key]))
        out->add_authors(std::move(a));
    }
    if (out->authors_size() > 0) rules["authors"] = "front-matter";
    for (const char* key : {"source", "publisher"}) {
      if (std::string s = Scalar(root, key);
          !s.empty() && out->source().empty()) {
        out->set_source(s);
        rules["source"] = "front-matter";
      }
    }
    for (const char* key : {"date", "published", "pubdate"}) {
      std::string d = Scalar(root, key);
      if (auto iso = ParseDate(d, options.default_utc_offset_minutes)) {
        out->set_date(*iso);
        rules["date"] = "front-matter";
        break;
      }
    }
    for (const char* key : {"url", "link", "permalink"}) {
      if (std::string u = Scalar(root, key);
          !u.empty() && u.find("://") != std::string::npos) {
        out->set_url(u);
        rules["url"] = "front-matter";
        break;
      }
    }
    for (const char* key :
         {"headimg", "thumbnail", "image", "cover", "banner"}) {
      if (std::string u = Scalar(root, key); !u.empty()) {
        out->add_images()->set_url(u);
        rules["images"] = std::string("front-matter:") + key;
        break;
      }
    }
  } catch (const YAML::Exception&) {
    rules["front_matter"] = "invalid-yaml";
  }
}

bool LooksLikeHtml(std::string_view body) {
  static const std::regex re(
      "<(p|div|img|br|span|section|h[1-6]|ul|table|figure)\\b", kRe);
  std::string head(body.substr(0, 8192));
  return std::regex_search(head, re);
}

// True if the body has Markdown blocks of its own, outside any HTML: an
// ATX heading ("## 详细新闻") or a line that is a link or an image
// ("[查看原文](https://...)"). An HTML body has none of these.
bool HasMarkdownBlocks(std::string_view body) {
  for (std::string_view line : SplitLines(body)) {
    size_t indent = 0;
    while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
    if (indent > 3) continue;  // Indented code.
    std::string_view t = Trim(line.substr(indent));
    size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && hashes + 1 < t.size() &&
        (t[hashes] == ' ' || t[hashes] == '\t'))
      return true;
    // [text](url) or ![alt](url), alone on its line.
    if (!t.empty() && t[0] == '!') t.remove_prefix(1);
    if (t.size() >= 4 && t[0] == '[' && t.back() == ')' &&
        t.find("](") != std::string_view::npos)
      return true;
  }
  return false;
}

// CommonMark rendered to HTML by cmark; blocks of raw HTML pass through
// (CMARK_OPT_UNSAFE: this HTML is only read, never shown).
std::string MarkdownToHtml(std::string_view markdown) {
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(),
                             CMARK_OPT_UNSAFE),
      &std::free);
  return html ? std::string(html.get()) : std::string();
}

// A small Markdown reader: blocks separated by blank lines; headings,
// quotes and list markers stripped; ![alt](url) becomes an image (its alt
// text, or the short paragraph after it, the caption); [text](url) keeps
// the text; emphasis marks are dropped.
void ReadMarkdownBody(std::string_view body, const Options& options,
                      v1::CleanArticle* out) {
  static const std::regex image_re(
      "!\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)", kRe);
  static const std::regex link_re("\\[([^\\]]*)\\]\\([^)]*\\)", kRe);
  static const std::regex emph_re("(\\*\\*|__|\\*|`)", kRe);
  static const std::regex prefix_re(
      "^\\s{0,3}(#{1,6}\\s+|>\\s?|[-*+]\\s+|\\d+[.)]\\s+)", kRe);
  std::vector<std::string> blocks;
  std::string cur;
  bool in_fence = false;
  for (std::string_view line : SplitLines(body)) {
    std::string_view t = Trim(line);
    if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") {
      in_fence = !in_fence;
      continue;
    }
    if (t.empty() && !in_fence) {
      if (!cur.empty()) blocks.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    std::string l(line);
    if (!in_fence) l = std::regex_replace(l, prefix_re, "");
    // Headings and list items are blocks of their own.
    bool own_block =
        !in_fence && std::regex_search(std::string(line), prefix_re);
    if (own_block && !cur.empty()) {
      blocks.push_back(std::move(cur));
      cur.clear();
    }
    if (!cur.empty()) cur += HanCount(l) > 0 ? "" : " ";
    cur += l;
    if (own_block) {
      blocks.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) blocks.push_back(std::move(cur));

  bool pending_image = false;
  for (std::string& b : blocks) {
    std::smatch m;
    std::string rest;
    bool had_image = false;
    std::string s = b;
    while (std::regex_search(s, m, image_re)) {
      v1::Image* img = out->add_images();
      img->set_url(m[2].str());
      img->set_caption(std::string(Trim(m[1].str())));
      rest += m.prefix().str();
      s = m.suffix().str();
      had_image = true;
    }
    rest += s;
    rest = std::regex_replace(rest, link_re, "$1");
    rest = std::regex_replace(rest, emph_re, "");
    std::string p = CollapseSpace(rest);
    if (had_image) {
      pending_image = p.empty();
      if (p.empty()) continue;
    } else if (pending_image) {
      pending_image = false;
      v1::Image* last = out->mutable_images(out->images_size() - 1);
      if (!p.empty() && CharCount(p) <= options.max_caption_chars) {
        if (last->caption().empty() || last->caption() == p) {
          last->set_caption(p);
          continue;
        }
      }
    }
    if (!p.empty()) out->add_paragraphs(p);
  }
  FinishParagraphs(options, out);
}

}  // namespace

Status CleanMarkdown(std::string_view text, const Options& options,
                     v1::CleanArticle* out) {
  std::string_view yaml, body;
  if (SplitFrontMatter(text, &yaml, &body)) ReadFrontMatter(yaml, options, out);
  // The front matter's head image usually repeats the first picture of the
  // body; keep one entry per address.
  v1::CleanArticle body_part;
  if (LooksLikeHtml(body) && HasMarkdownBlocks(body)) {
    RETURN_IF_ERROR(
        CleanHtmlFragment(MarkdownToHtml(body), options, &body_part));
    (*out->mutable_field_rules())["body"] = "markdown-with-html";
  } else if (LooksLikeHtml(body)) {
    RETURN_IF_ERROR(CleanHtmlFragment(body, options, &body_part));
  } else {
    ReadMarkdownBody(body, options, &body_part);
  }
  for (const v1::Image& img : body_part.images()) {
    bool merged = false;
    for (v1::Image& have : *out->mutable_images()) {
      if (have.url() == img.url()) {
        if (have.caption().empty()) have.set_caption(img.caption());
        merged = true;
      }
    }
    if (!merged) *out->add_images() = img;
  }
  for (const std::string& p : body_part.paragraphs()) out->add_paragraphs(p);
  // Credits and bylines found in the body; front matter wins.
  for (const std::string& a : body_part.authors()) out->add_authors(a);
  for (const auto& [field, rule] : body_part.field_rules())
    out->mutable_field_rules()->emplace(field, rule);
  if (out->source().empty()) out->set_source(body_part.source());
  if (out->editor().empty()) out->set_editor(body_part.editor());
  if (out->date().empty()) out->set_date(body_part.date());
  if (out->title().empty()) {
    // No front matter title: a first short paragraph is the title.
    if (out->paragraphs_size() > 1 && CharCount(out->paragraphs(0)) <= 100 &&
        !EndsLikeSentence(out->paragraphs(0))) {
      out->set_title(out->paragraphs(0));
      out->mutable_paragraphs()->erase(out->mutable_paragraphs()->begin());
      (*out->mutable_field_rules())["title"] = "first-line";
    }
  }
  // A title repeated as the first body line is not body.
  if (out->paragraphs_size() > 0 && out->paragraphs(0) == out->title())
    out->mutable_paragraphs()->erase(out->mutable_paragraphs()->begin());
  return Status::OK();
}

}  // namespace ink::cleaner
