// One crawler record as JSON: {"url", "html" or "text", "fetched_at",
// optional "title", "author(s)", "date"/"published_at", "tags",
// "categories"...}. The page inside goes through the HTML or text path;
// what the crawler states explicitly fills the fields the page left empty
// (the title), or replaces guesses (an explicit publication date or author
// beats one read from the page text). Splitting .jsonl files and JSON
// arrays into records is the fetcher's job.
#include <nlohmann/json.hpp>
#include <string>

#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

std::string StringField(const nlohmann::json& j,
                        std::initializer_list<const char*> keys,
                        std::string* key_out = nullptr) {
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it != j.end() && it->is_string() &&
        !Trim(it->get_ref<const std::string&>()).empty()) {
      if (key_out) *key_out = k;
      return std::string(Trim(it->get_ref<const std::string&>()));
    }
  }
  return "";
}

// A string or an array of strings (or of {"name": ...} objects).
std::vector<std::string> ListField(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  auto add = [&](const nlohmann::json& v) {
    std::string s;
    if (v.is_string())
      s = v.get<std::string>();
    else if (v.is_object() && v.contains("name") && v["name"].is_string())
      s = v["name"].get<std::string>();
    s = std::string(Trim(s));
    if (!s.empty()) out.push_back(s);
  };
  if (it->is_array()) {
    for (const auto& v : *it) add(v);
  } else {
    add(*it);
  }
  return out;
}

// Markup, judged by tags that only HTML writes: a wire story's "<P and O
// Ferries>" or "<IBM>" (company names in angle brackets) is plain text.
bool LooksLikeHtml(std::string_view text) {
  std::string head = AsciiLower(Trim(text.substr(0, 2048)));
  for (std::string_view tag : {"<!doctype html", "<html", "<body", "</div>",
                               "</p>", "<p>", "<br>", "<br/>", "<br />"}) {
    if (head.find(tag) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Status CleanJsonRecord(std::string_view text, const Options& options,
                       v1::CleanArticle* out) {
  nlohmann::json j =
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("json: not valid JSON");
  if (!j.is_object()) {
    return Status::InvalidArgument(
        "json: expected one record object (arrays and JSON Lines are split by "
        "the fetcher)");
  }
  auto& rules = *out->mutable_field_rules();
  // A splitter that found a broken item says why in "error" (a feed item or
  // an archived story with no text): that is the reason to report.
  if (std::string error = StringField(j, {"error"}); !error.empty())
    return Status::InvalidArgument("json: the record reports: " + error);
  std::string html = StringField(j, {"html", "raw_html", "content_html"});
  std::string body = StringField(j, {"text", "content", "body"});
  std::string key;
  const std::string title =
      CollapseSpace(StringField(j, {"title", "headline"}, &key));
  if (!html.empty()) {
    RETURN_IF_ERROR(CleanHtmlPage(html, options, out));
  } else if (!body.empty() && LooksLikeHtml(body)) {
    RETURN_IF_ERROR(CleanHtmlFragment(body, options, out));
  } else if (!body.empty()) {
    // Plain text has no markup to tell its headline: with the record's own
    // title, the text's first short line is body, not a guessed title (a
    // first line that repeats the title is still dropped).
    if (!title.empty()) {
      out->set_title(title);
      rules["title"] = "json:" + key;
    }
    RETURN_IF_ERROR(CleanPlainText(body, options, out));
    // A wire flash is only its headline: it stays an article, with the
    // headline as its one paragraph, rather than failing for want of a body.
    if (out->paragraphs_size() == 0 && !title.empty() &&
        CollapseSpace(body) == title) {
      out->add_paragraphs(title);
      rules["body"] = "json:headline-only";
    }
  } else {
    return Status::InvalidArgument("json: record has no \"html\" or \"text\"");
  }

  if (!title.empty() && out->title().empty()) {
    out->set_title(title);
    rules["title"] = "json:" + key;
  }
  if (std::string url = StringField(j, {"url", "link"}, &key);
      !url.empty() && out->url().empty()) {
    out->set_url(url);
    rules["url"] = "json:" + key;
  }
  if (std::string d = StringField(
          j, {"published_at", "date", "pubdate", "published", "datePublished"},
          &key);
      !d.empty()) {
    if (auto iso = ParseDate(d, options.default_utc_offset_minutes)) {
      out->set_date(*iso);
      rules["date"] = "json:" + key;
    }
  }
  for (const char* k : {"authors", "author"}) {
    std::vector<std::string> authors = ListField(j, k);
    if (authors.empty()) continue;
    out->clear_authors();
    for (std::string& a : authors) out->add_authors(std::move(a));
    rules["authors"] = std::string("json:") + k;
    break;
  }
  if (std::string s = StringField(j, {"source", "publisher", "site"}, &key);
      !s.empty()) {
    out->set_source(s);
    rules["source"] = "json:" + key;
  }
  for (const char* k : {"tags", "keywords"}) {
    std::vector<std::string> tags = ListField(j, k);
    if (tags.empty()) continue;
    out->clear_tags();
    for (std::string& t : tags) out->add_tags(std::move(t));
    rules["tags"] = std::string("json:") + k;
    break;
  }
  std::vector<std::string> cats = ListField(j, "categories");
  if (cats.empty()) cats = ListField(j, "category");
  if (!cats.empty()) {
    out->clear_categories();
    for (std::string& c : cats) out->add_categories(std::move(c));
    rules["categories"] = "json:categories";
  }
  return Status::OK();
}

}  // namespace ink::cleaner
