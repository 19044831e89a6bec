#include "stages/enricher/simhash.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <bit>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "common/hash.h"
#include "stages/enricher/field_tokens.h"
#include "stages/enricher/term_index.h"

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

// For each byte value, the sign bit for each of its eight bits that is
// clear (bit k of the byte votes against bit k of the fingerprint).
constexpr std::array<std::array<uint64_t, 8>, 256> MakeSignFlips() {
  std::array<std::array<uint64_t, 8>, 256> flips{};
  for (int b = 0; b < 256; ++b) {
    for (int k = 0; k < 8; ++k) {
      flips[b][k] = ((b >> k) & 1) ? 0 : uint64_t{1} << 63;
    }
  }
  return flips;
}
constexpr std::array<std::array<uint64_t, 8>, 256> kSignFlips = MakeSignFlips();

// FingerprintFeatures() with the IDF of the occurrences' ids
// (FieldTerms::idf) if `idf_by_id` is not null, else of `idf`.
TermScores Features(const v1::SegmentedField& field,
                    const std::vector<TermOccurrence>& occurrences,
                    const KeywordExtractor& terms, const IdfTable& idf,
                    const std::vector<double>* idf_by_id,
                    const FingerprintOptions& options);

}  // namespace

TermScores FingerprintFeatures(const v1::SegmentedField& field,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options) {
  return FingerprintFeatures(field, terms.Terms(field), terms, idf, options);
}

TermScores FingerprintFeatures(const v1::SegmentedField& field,
                               const std::vector<TermOccurrence>& occurrences,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options) {
  return Features(field, occurrences, terms, idf, nullptr, options);
}

TermScores FingerprintFeatures(const v1::SegmentedField& body,
                               const FieldTerms& article,
                               const KeywordExtractor& terms,
                               const IdfTable& idf,
                               const FingerprintOptions& options) {
  return Features(body, article.body, terms, idf, &article.idf, options);
}

namespace {

TermScores Features(const v1::SegmentedField& field,
                    const std::vector<TermOccurrence>& occurrences,
                    const KeywordExtractor& terms, const IdfTable& idf,
                    const std::vector<double>* idf_by_id,
                    const FingerprintOptions& options) {
  const std::vector<const v1::Token*> words = WordTokens(field);
  // Sentences, also cut at line breaks: a source line without a full stop
  // is a sentence of its own.
  std::vector<std::pair<uint32_t, uint32_t>> sentences;
  auto add = [&](uint32_t begin, uint32_t end) {
    const std::string_view text = field.text();
    while (begin < end) {
      size_t eol = text.find('\n', begin);
      uint32_t stop = eol == std::string_view::npos || eol >= end
                          ? end
                          : static_cast<uint32_t>(eol);
      if (stop > begin) sentences.emplace_back(begin, stop);
      begin = stop + 1;
    }
  };
  for (const v1::Sentence& s : field.sentences()) {
    add(s.byte_begin(), s.byte_end());
  }
  if (field.sentences_size() == 0) {
    add(0, static_cast<uint32_t>(field.text().size()));
  }
  // Counts by id first: the maps below then see each distinct term once.
  TermIndex index(occurrences.size());
  std::vector<double> counts, weights;  // By id of `index`; weights: IDF.
  size_t o = 0, w = 0;  // Occurrences and words are in text order.
  for (const auto& [begin, end] : sentences) {
    while (o < occurrences.size() && occurrences[o].byte_begin < begin) ++o;
    while (w < words.size() && words[w]->byte_begin() < begin) ++w;
    size_t o_end = o;
    while (o_end < occurrences.size() && occurrences[o_end].byte_begin < end) {
      ++o_end;
    }
    const size_t w_begin = w;
    while (w < words.size() && words[w]->byte_begin() < end) ++w;
    const size_t candidates = o_end - o;
    // Only a sentence of few terms can be boilerplate: count its listed
    // words then only.
    bool kept = candidates > options.boilerplate_max_terms;
    if (!kept) {
      size_t listed = 0;
      for (size_t k = w_begin; k < w; ++k) {
        if (terms.stop_words().Contains(TermOf(*words[k]))) ++listed;
      }
      kept = listed < candidates;
    }
    if (kept) {
      for (; o < o_end; ++o) {
        const uint32_t id = index.Add(occurrences[o].term);
        if (id == counts.size()) {
          counts.push_back(0);
          weights.push_back(idf_by_id != nullptr
                                ? (*idf_by_id)[occurrences[o].id]
                                : idf.Idf(occurrences[o].term));
        }
        counts[id] += 1;
      }
    }
    o = o_end;
  }
  // The features are made in the order of the map the counts used to be
  // kept in, distinct terms inserted in order of first occurrence: SimHash()
  // adds the votes in the features' order, and must add them as it always
  // has for the fingerprints of stored articles to stay the same.
  std::unordered_map<std::string_view, uint32_t> tf;
  for (uint32_t id = 0; id < counts.size(); ++id)
    tf.emplace(index.name(id), id);
  TermScores features;
  for (const auto& [term, id] : tf) {
    features.emplace(term,
                     weights[id] * std::pow(counts[id], options.tf_power));
  }
  return features;
}

}  // namespace

uint64_t SimHash(const TermScores& features) {
  std::array<double, 64> votes{};
  bool any = false;
  for (const auto& [term, weight] : features) {
    if (!(weight > 0)) continue;
    any = true;
    const uint64_t hash = Mix64(Hash64(term));
    // +weight for a set bit, -weight for a clear one: the weight with its
    // sign bit flipped by a mask per byte of the hash (exact, and eight
    // votes at a time in vector registers).
    const uint64_t w = std::bit_cast<uint64_t>(weight);
    for (int byte = 0; byte < 8; ++byte) {
      const std::array<uint64_t, 8>& flip =
          kSignFlips[hash >> (8 * byte) & 255];
      double* v = &votes[8 * byte];
      for (int k = 0; k < 8; ++k) v[k] += std::bit_cast<double>(w ^ flip[k]);
    }
  }
  if (!any) return 0;
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) result |= uint64_t{1} << bit;
  }
  return result;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

namespace {

// Punctuation of Chinese text (and U+3000) that NFKC case folding leaves
// punctuation or space, that composes with nothing: NormalizeForHash()
// drops it either way.
constexpr std::u32string_view kDroppedPunctuation =
    U"\u3000\u3001\u3002\u3008\u3009\u300A\u300B\u300C\u300D\u300E"
    U"\u300F\u3010\u3011\u3014\u3015\u2014\u2013\u2018\u2019\u201C"
    U"\u201D\u2026\u00B7\u2022";

// NormalizeForHash() without ICU for the common case, a text of ASCII,
// basic CJK ideographs, full-width ASCII forms and the punctuation above:
// there NFKC case folding is per character (none of them composes or
// decomposes into a combining sequence) and known. Appends to *out; false,
// with what it appended unspecified, for any other character or an invalid
// byte.
bool NormalizeCommon(std::string_view text, std::string* out) {
  out->reserve(out->size() + text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    // Most characters: a basic CJK ideograph, three bytes led by E4..E9
    // (U+4000..U+9FFF), kept as they are.
    if (bytes[i] >= 0xE4 && bytes[i] <= 0xE9 && i + 2 < length &&
        (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80 &&
        (bytes[i] > 0xE4 || bytes[i + 1] >= 0xB8)) {
      out->append(text.data() + i, 3);
      i += 3;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
    // Full-width ASCII (U+FF01..FF5E) folds to ASCII.
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        out->push_back(static_cast<char>(c - 'A' + 'a'));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out->push_back(static_cast<char>(c));
      }
      // Any other ASCII is space, punctuation, a symbol or a control.
    } else if (c >= 0x4E00 && c <= 0x9FFF) {
      out->append(text.substr(start, i - start));
    } else if (kDroppedPunctuation.find(static_cast<char32_t>(c)) ==
               std::u32string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string NormalizeForHash(std::string_view text) {
  std::string common;
  if (NormalizeCommon(text, &common)) return common;
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
    const size_t size = normalized.size();
    if (!NormalizeCommon(paragraph, &normalized)) {
      normalized.resize(size);
      normalized += NormalizeForHash(paragraph);
    }
  }
  if (normalized.empty()) return "";
  return DocIdForBytes(normalized);
}

}  // namespace ink::enricher
