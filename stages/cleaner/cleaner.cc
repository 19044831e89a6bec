#include "stages/cleaner/cleaner.h"

#include <zlib.h>

#include <algorithm>
#include <utility>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/decode.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

enum class Format { kText, kMarkdown, kHtml, kJson };

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Inflates gzip data, refusing output above `max_bytes` so a small bomb
// cannot exhaust memory.
Result<std::string> Gunzip(std::string_view in, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    return Status::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return Status::TooLarge("gzip content inflates beyond max_bytes");
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // Truncated stream.
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END && out.empty())
    return Status::InvalidArgument("binary content (corrupt gzip data)");
  return out;
}

Format FormatOf(std::string_view filename, std::string_view text) {
  std::string name = AsciiLower(filename);
  if (EndsWith(name, ".txt")) return Format::kText;
  if (EndsWith(name, ".md") || EndsWith(name, ".markdown"))
    return Format::kMarkdown;
  if (EndsWith(name, ".html") || EndsWith(name, ".htm") ||
      EndsWith(name, ".xhtml"))
    return Format::kHtml;
  if (EndsWith(name, ".json")) return Format::kJson;
  // Sniff: a JSON object, front matter, then markup near the start.
  std::string_view head = Trim(text.substr(0, 2048));
  if (!head.empty() && head[0] == '{' && Trim(text).back() == '}')
    return Format::kJson;
  if (head.substr(0, 4) == "---\n" || head.substr(0, 5) == "---\r\n")
    return Format::kMarkdown;
  std::string lower = AsciiLower(head);
  for (std::string_view tag :
       {"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>"}) {
    if (lower.find(tag) != std::string::npos) return Format::kHtml;
  }
  return Format::kText;
}

const char* FormatName(Format f) {
  switch (f) {
    case Format::kText:
      return "txt";
    case Format::kMarkdown:
      return "md";
    case Format::kHtml:
      return "html";
    case Format::kJson:
      return "json";
  }
  return "txt";
}

}  // namespace

void FinishParagraphs(const Options& options, v1::CleanArticle* out) {
  std::vector<std::string> kept;
  // How many paragraphs came before the byline line that named the
  // authors (none yet).
  size_t byline_authors_at = std::string::npos;
  const int n = out->paragraphs_size();
  for (int i = 0; i < n; ++i) {
    std::string p = CollapseSpace(out->paragraphs(i));
    if (p.empty()) continue;
    Chrome chrome = ClassifyChrome(p);
    if (chrome == Chrome::kEnd && !kept.empty()) break;
    if (chrome != Chrome::kNone) continue;
    if (auto byline = ParseByline(p, options.default_utc_offset_minutes)) {
      const bool had_authors = out->authors_size() > 0;
      MergeByline(*byline, "", out);
      if (!had_authors && out->authors_size() > 0)
        byline_authors_at = kept.size();
      if (byline->rest.empty()) continue;
      p = byline->rest;
    }
    if (!kept.empty() || (p != out->title() && p != out->subtitle()))
      kept.push_back(std::move(p));
  }
  // Credits close the article: look at the last paragraphs only, so a
  // "(记者 张三)" inside the text is left alone.
  for (size_t k = kept.size() >= 2 ? kept.size() - 2 : 0; k < kept.size();
       ++k) {
    std::vector<std::string> names = TakeCredit(&kept[k]);
    for (const std::string& name : names) {
      if (std::find(out->authors().begin(), out->authors().end(), name) ==
          out->authors().end()) {
        out->add_authors(name);
        out->mutable_field_rules()->emplace("authors", "credit");
      }
    }
  }
  // Reporter credits ("本报记者 张三", "（总台记者 李四）") open or close
  // Chinese articles. They name the writer more precisely than a meta tag,
  // which often names the site.
  auto& rules = *out->mutable_field_rules();
  const bool weak_authors =
      out->authors_size() == 0 || rules["authors"].rfind("meta:", 0) == 0;
  // A blog's or portal's footer ("作者：流泉 访问统计：...") after the
  // article names its uploader; a credit line opening the article (below
  // the headline lines it may repeat) names the reporters and wins.
  const bool after_body_authors =
      !weak_authors &&
      (rules["authors"].rfind("page-after-", 0) == 0 ||
       (rules["authors"] == "author-line" && kept.size() >= 6 &&
        byline_authors_at != std::string::npos &&
        byline_authors_at + 2 >= kept.size()));
  if (weak_authors) {
    std::vector<size_t> order;
    for (size_t k = 0; k < std::min<size_t>(3, kept.size()); ++k)
      order.push_back(k);
    for (size_t k = kept.size() > 3 ? kept.size() - 3 : 0; k < kept.size();
         ++k) {
      if (std::find(order.begin(), order.end(), k) == order.end())
        order.push_back(k);
    }
    for (size_t k : order) {
      bool whole = false;
      std::vector<std::string> names = FindReporterCredit(kept[k], &whole);
      if (names.empty()) continue;
      out->clear_authors();
      for (const std::string& name : names) out->add_authors(name);
      rules["authors"] = "reporter-credit";
      if (whole) kept[k].clear();
      break;
    }
  } else if (after_body_authors) {
    for (size_t k = 0; k < std::min<size_t>(5, kept.size()); ++k) {
      bool whole = false;
      std::vector<std::string> names = FindReporterCredit(kept[k], &whole);
      if (names.empty() || !whole) continue;
      out->clear_authors();
      // Credits may go on over the next lines: "本报实习生 X" "本报记者 Y".
      for (; k < kept.size(); ++k) {
        names = FindReporterCredit(kept[k], &whole);
        if (names.empty() || !whole) break;
        for (const std::string& name : names) {
          if (std::find(out->authors().begin(), out->authors().end(), name) ==
              out->authors().end())
            out->add_authors(name);
        }
        kept[k].clear();
      }
      rules["authors"] = "reporter-credit";
      break;
    }
  }
  if (rules["authors"].empty()) rules.erase("authors");
  kept.erase(std::remove(kept.begin(), kept.end(), std::string()), kept.end());
  out->clear_paragraphs();
  for (std::string& p : kept) out->add_paragraphs(std::move(p));
}

Cleaner::Cleaner(Options options) : options_(std::move(options)) {}

Status Cleaner::Clean(const v1::RawDocument& raw, v1::CleanArticle* out) const {
  out->Clear();
  std::string_view bytes = raw.content();
  std::string_view filename = raw.filename();
  if (bytes.empty()) return Status::InvalidArgument("empty content");
  if (bytes.size() > options_.max_bytes) {
    return Status::TooLarge("content is " + std::to_string(bytes.size()) +
                            " bytes, above max_bytes " +
                            std::to_string(options_.max_bytes));
  }
  std::string inflated;
  if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {
    ASSIGN_OR_RETURN(inflated, Gunzip(bytes, options_.max_bytes));
    bytes = inflated;
    if (EndsWith(AsciiLower(filename), ".gz")) filename.remove_suffix(3);
    if (bytes.empty())
      return Status::InvalidArgument("empty content (after gunzip)");
  }

  ASSIGN_OR_RETURN(DecodedText decoded, DecodeToUtf8(bytes));
  Format format = FormatOf(filename, decoded.text);
  Status s;
  switch (format) {
    case Format::kText:
      s = CleanPlainText(decoded.text, options_, out);
      break;
    case Format::kMarkdown:
      s = CleanMarkdown(decoded.text, options_, out);
      break;
    case Format::kHtml:
      s = CleanHtmlPage(decoded.text, options_, out);
      break;
    case Format::kJson:
      s = CleanJsonRecord(decoded.text, options_, out);
      break;
  }
  RETURN_IF_ERROR(s);
  if (out->date().empty()) {
    // The last resort: the day the file is named after.
    if (std::optional<std::string> day = DateInFileName(filename)) {
      out->set_date(*day);
      (*out->mutable_field_rules())["date"] = "file-name";
    }
  }
  out->set_format(FormatName(format));
  out->set_encoding(decoded.encoding);
  out->set_replaced_bytes(decoded.replaced_bytes);
  (*out->mutable_field_rules())["encoding"] = decoded.how;

  std::string all = out->title();
  for (const std::string& p : out->paragraphs()) all += "\n" + p;
  if (out->paragraphs_size() == 0) {
    return Status::InvalidArgument(
        std::string("no text: no body paragraphs found in ") +
        FormatName(format) + " input");
  }
  out->set_language(GuessLanguage(all));
  if (out->language().empty()) out->set_language("other");
  return Status::OK();
}

}  // namespace ink::cleaner
