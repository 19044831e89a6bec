#include "stages/segmenter/case_fold.h"

#include <unicode/unistr.h>

#include "stages/segmenter/utf8.h"

namespace ink::segmenter {

Result<CaseFolder> CaseFolder::Create() {
  CaseFolder f;
  UErrorCode err = U_ZERO_ERROR;
  f.nfkc_ = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) {
    return Status::Internal(std::string("ICU NFKC: ") + u_errorName(err));
  }
  // The candidates joined by a separator that folds to itself and never
  // interacts: one ICU call folds them all, and no fold contains it.
  constexpr char16_t kSeparator = 0x0001;
  f.entry_.assign(0x10000, kIcu);
  icu::UnicodeString all;
  std::vector<char32_t> chars;
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;  // Surrogates.
    if (!f.nfkc_->hasBoundaryBefore(c) || !f.nfkc_->hasBoundaryAfter(c)) {
      continue;
    }
    chars.push_back(c);
    all.append(static_cast<UChar32>(c));
    all.append(kSeparator);
  }
  icu::UnicodeString folded = f.nfkc_->normalize(all, err);
  if (U_FAILURE(err)) {
    return Status::Internal(std::string("ICU NFKC: ") + u_errorName(err));
  }
  folded.foldCase(U_FOLD_CASE_DEFAULT);
  std::string utf8;
  folded.toUTF8String(utf8);
  size_t pos = 0;
  for (char32_t c : chars) {
    const size_t end = utf8.find('\x01', pos);
    if (end == std::string::npos) break;  // Cannot happen; c stays kIcu.
    std::string_view fold(utf8.data() + pos, end - pos);
    pos = end + 1;
    std::string self;
    if (c < 0x800) {
      self.push_back(static_cast<char>(0xC0 | (c >> 6)));
      self.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      self.push_back(static_cast<char>(0xE0 | (c >> 12)));
      self.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      self.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    if (fold == self) {
      f.entry_[c] = kSelf;
    } else if (fold.size() < 256 && f.pool_.size() < (1u << 24)) {
      f.entry_[c] = static_cast<uint32_t>(f.pool_.size() << 8 | fold.size());
      f.pool_.append(fold);
    }
  }
  return f;
}

void CaseFolder::Fold(std::string_view text, std::string* out) const {
  const size_t start = out->size();
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
      ++i;
      continue;
    }
    int len;
    const char32_t c = DecodeUtf8(text, i, &len);
    const uint32_t e = c < 0x10000 ? entry_[c] : kIcu;
    if (e == kSelf) {
      out->append(text.data() + i, len);
    } else if (e == kIcu) {
      out->resize(start);
      FoldWithIcu(text, out);
      return;
    } else {
      out->append(pool_, e >> 8, e & 0xFF);
    }
    i += len;
  }
}

void CaseFolder::FoldWithIcu(std::string_view text, std::string* out) const {
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString n = nfkc_->normalize(u, err);
  if (U_FAILURE(err)) n = u;
  n.foldCase(U_FOLD_CASE_DEFAULT);
  n.toUTF8String(*out);
}

}  // namespace ink::segmenter
