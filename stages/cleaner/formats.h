// The per-format halves of the cleaner (internal to the stage). Each reads
// decoded UTF-8 and fills the fields it finds into `out`, recording a rule
// name in out->field_rules per field; the caller sets format, encoding,
// replaced_bytes and language.
#pragma once

#include <string_view>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "stages/cleaner/cleaner.h"

namespace ink::cleaner {

// Plain text copied from a web page: one paragraph per line (or per block
// of lines separated by blank lines), chrome and metadata lines mixed in.
Status CleanPlainText(std::string_view text, const Options& options,
                      v1::CleanArticle* out);

// Markdown with optional YAML front matter; the body may be HTML.
Status CleanMarkdown(std::string_view text, const Options& options,
                     v1::CleanArticle* out);

// A whole HTML page: metadata from <meta>, JSON-LD and byline text; body
// from the densest block of text.
Status CleanHtmlPage(std::string_view html, const Options& options,
                     v1::CleanArticle* out);

// An HTML fragment that is all article (a Markdown body): every block
// becomes a paragraph, in order; no content scoring.
Status CleanHtmlFragment(std::string_view html, const Options& options,
                         v1::CleanArticle* out);

// One crawler record: a JSON object with "html" or "text" and metadata
// ("url", "title", "fetched_at", "date", "authors", "tags"...). Returns
// InvalidArgument for invalid JSON, an array or a record without content.
Status CleanJsonRecord(std::string_view text, const Options& options,
                       v1::CleanArticle* out);

// Shared tail of every format: moves trailing credits ("(图/文 X)") and
// metadata lines out of the paragraphs into fields, and drops chrome, empty
// paragraphs and a repeat of the title.
void FinishParagraphs(const Options& options, v1::CleanArticle* out);

}  // namespace ink::cleaner
