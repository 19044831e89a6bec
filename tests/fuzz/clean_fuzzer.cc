// Fuzzes the cleaner's library entry point, Cleaner::Clean(), on one input
// format: INK_FUZZ_FILENAME (set per target by CMake: article.txt,
// article.md, article.html, record.json) picks the parser by extension, as
// the inbox file name does in the pipeline.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stages/cleaner/cleaner.h"
#include "tests/fuzz/fuzz_check.h"

#ifndef INK_FUZZ_FILENAME
#error "INK_FUZZ_FILENAME must name the input file, e.g. article.html"
#endif

namespace {

const ink::cleaner::Cleaner& TheCleaner() {
  // Smaller than the default 20 MB so the limit itself is reachable.
  static const ink::cleaner::Cleaner* cleaner = [] {
    ink::cleaner::Options options;
    options.max_bytes = 1 << 20;
    return new ink::cleaner::Cleaner(options);
  }();
  return *cleaner;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ink::v1::RawDocument raw;
  raw.set_content(data, size);
  raw.set_filename(INK_FUZZ_FILENAME);
  ink::v1::CleanArticle article;
  ink::Status s = TheCleaner().Clean(raw, &article);
  ink::fuzz::CheckRefusal(s);
  if (s.ok()) {
    if (article.paragraphs_size() == 0)
      ink::fuzz::Fail("Clean() succeeded without a paragraph", "");
    ink::fuzz::CheckRoundTrips(article);
  } else if (s.code() != ink::Status::Code::kInvalidArgument &&
             s.code() != ink::Status::Code::kTooLarge) {
    ink::fuzz::Fail("Clean() returned an undocumented status", s.ToString());
  }
  return 0;
}
