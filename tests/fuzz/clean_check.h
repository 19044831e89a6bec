// What every cleaner fuzz target runs: Cleaner::Clean() on one document,
// then the cleaner's contract on the outcome.
#pragma once

#include "stages/cleaner/cleaner.h"
#include "tests/fuzz/fuzz_check.h"

namespace ink::fuzz {

// One cleaner for the whole run, with a limit smaller than the default
// 20 MB so that the limit itself is reachable.
inline const cleaner::Cleaner& FuzzCleaner() {
  static const cleaner::Cleaner* the_cleaner = [] {
    cleaner::Options options;
    options.max_bytes = 1 << 20;
    return new cleaner::Cleaner(options);
  }();
  return *the_cleaner;
}

// Cleans `raw` and checks: a refusal has a reason and a documented code;
// a success has a paragraph and an output the next stage can parse.
inline void CleanAndCheck(const v1::RawDocument& raw) {
  v1::CleanArticle article;
  Status s = FuzzCleaner().Clean(raw, &article);
  CheckRefusal(s);
  if (s.ok()) {
    if (article.paragraphs_size() == 0)
      Fail("Clean() succeeded without a paragraph", "");
    CheckRoundTrips(article);
  } else if (s.code() != Status::Code::kInvalidArgument &&
             s.code() != Status::Code::kTooLarge) {
    Fail("Clean() returned an undocumented status", s.ToString());
  }
}

}  // namespace ink::fuzz
