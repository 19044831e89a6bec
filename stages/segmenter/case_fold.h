// NFKC and default case folding: the first step of Segmenter::Normalize().
//
// ICU folds one string at a time through UTF-16, which costs more than
// the rest of segmentation for the tokens it touches (punctuation and
// full-width text). At start-up this class asks ICU once for the fold of
// every character of the Basic Multilingual Plane that normalises
// independently of its neighbours (a normalization boundary before and
// after it), so that a string made only of such characters folds one
// character at a time by table; anything else goes through ICU whole.
//
// Thread-safety: immutable after Create(); all methods are thread-safe.
#pragma once

#include <unicode/normalizer2.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace ink::segmenter {

class CaseFolder {
 public:
  static Result<CaseFolder> Create();

  // Appends NFKC(text), case folded, to *out. Invalid UTF-8 bytes become
  // U+FFFD, as in ICU.
  void Fold(std::string_view text, std::string* out) const;

  // The same through ICU alone: the reference Fold() must equal.
  void FoldWithIcu(std::string_view text, std::string* out) const;

 private:
  CaseFolder() = default;

  // entry_[c]: kSelf if c folds to itself, kIcu if c interacts with its
  // neighbours, else (offset << 8 | length) of its fold in pool_.
  static constexpr uint32_t kSelf = 0xFFFFFFFFu;
  static constexpr uint32_t kIcu = 0xFFFFFFFEu;
  const icu::Normalizer2* nfkc_ = nullptr;
  std::vector<uint32_t> entry_;
  std::string pool_;
};

}  // namespace ink::segmenter
