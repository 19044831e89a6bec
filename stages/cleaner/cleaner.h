// The cleaner turns a raw document (plain text copied from a news site,
// Markdown with YAML front matter, or an HTML page) into a CleanArticle:
// title, byline fields, date, images and body paragraphs without page chrome.
//
// Thread-safety: a Cleaner is immutable after construction; Clean() is const
// and may be called from several threads at once.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"

namespace ink::cleaner {

struct Options {
  // Larger inputs (before or after gunzip) are refused with TooLarge.
  size_t max_bytes = 20 << 20;

  // Zone for times written without one, in minutes east of UTC. Our sources
  // are mostly Chinese sites, which write Beijing time.
  int default_utc_offset_minutes = 8 * 60;

  // A short paragraph right after an image is taken as the image's caption
  // (and leaves the body) when it has at most this many characters.
  size_t max_caption_chars = 80;
};

class Cleaner {
 public:
  explicit Cleaner(Options options);

  Cleaner(const Cleaner&) = delete;
  Cleaner& operator=(const Cleaner&) = delete;

  // Turns raw bytes into a clean article. `raw.filename` (base name as
  // dropped) picks the format by extension: .txt, .md/.markdown, .html/.htm
  // (a trailing .gz is unpacked first); anything else is sniffed.
  //
  // On success `*out` is overwritten: paragraphs hold the body only, images
  // hold each picture with its caption (captions are not repeated in the
  // body), field_rules names the rule that found each field, and format,
  // encoding, replaced_bytes and language describe the input.
  //
  // Returns InvalidArgument with the reason for input it cannot use (empty,
  // binary, no text) and TooLarge for input above max_bytes; `*out` is then
  // unspecified. Never aborts on any input.
  Status Clean(const v1::RawDocument& raw, v1::CleanArticle* out) const;

  const Options& options() const { return options_; }

 private:
  const Options options_;
};

}  // namespace ink::cleaner
