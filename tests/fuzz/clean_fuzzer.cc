// Fuzzes the cleaner's library entry point, Cleaner::Clean(), on one input
// format: INK_FUZZ_FILENAME (set per target by CMake: article.txt,
// article.md, article.html, record.json) picks the parser by extension, as
// the inbox file name does in the pipeline.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/clean_check.h"

#ifndef INK_FUZZ_FILENAME
#error "INK_FUZZ_FILENAME must name the input file, e.g. article.html"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ink::v1::RawDocument raw;
  raw.set_content(data, size);
  raw.set_filename(INK_FUZZ_FILENAME);
  ink::fuzz::CleanAndCheck(raw);
  return 0;
}
