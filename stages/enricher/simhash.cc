#include "stages/enricher/simhash.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <bit>
#include <unordered_map>
#include <vector>

#include "common/hash.h"
#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

// splitmix64's finaliser: FNV-1a's low bits depend only on the inputs' low
// bits, so they are mixed before being used as independent votes.
uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

bool Kept(const v1::Token& token) {
  return !token.stop() && token.tag() != "x" && !TermOf(token).empty();
}

}  // namespace

uint64_t SimHash(const v1::SegmentedField& field) {
  std::unordered_map<uint64_t, double> features;
  std::string_view previous;
  std::string pair;
  for (const v1::Token* token : WordTokens(field)) {
    if (!Kept(*token)) continue;
    std::string_view term = TermOf(*token);
    features[Mix64(Hash64(term))] += 1.0;
    if (!previous.empty()) {
      pair.assign(previous);
      pair.push_back('\x1f');  // Unit separator: no word contains it.
      pair.append(term);
      features[Mix64(Hash64(pair))] += 1.0;
    }
    previous = term;
  }
  if (features.empty()) return 0;
  std::array<double, 64> votes{};
  for (const auto& [hash, weight] : features) {
    for (int bit = 0; bit < 64; ++bit) {
      votes[bit] += ((hash >> bit) & 1) ? weight : -weight;
    }
  }
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) result |= uint64_t{1} << bit;
  }
  return result;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::string NormalizeForHash(std::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf =
      icu::Normalizer2::getNFKCCasefoldInstance(error);
  // Decoded by hand so invalid bytes are dropped rather than becoming U+FFFD.
  icu::UnicodeString kept;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) kept.append(c);
  }
  icu::UnicodeString folded = kept;
  if (U_SUCCESS(error)) {
    icu::UnicodeString normalized = nfkc_cf->normalize(kept, error);
    if (U_SUCCESS(error)) folded = std::move(normalized);
  }
  constexpr uint32_t kDropped = U_GC_Z_MASK | U_GC_P_MASK | U_GC_S_MASK |
                                U_GC_CC_MASK | U_GC_CF_MASK | U_GC_CN_MASK |
                                U_GC_CS_MASK;
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if ((U_GET_GC_MASK(c) & kDropped) != 0 || u_isUWhiteSpace(c)) continue;
    char buf[4];
    int32_t n = 0;
    UBool unused = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, unused);
    (void)unused;
    out.append(buf, n);
  }
  return out;
}

std::string BodyHash(const v1::CleanArticle& article) {
  std::string normalized;
  for (const std::string& paragraph : article.paragraphs()) {
    normalized += NormalizeForHash(paragraph);
  }
  if (normalized.empty()) return "";
  return DocIdForBytes(normalized);
}

}  // namespace ink::enricher
