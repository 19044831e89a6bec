// The store's internal byte encodings: varints, little-endian fixed64 and
// length-prefixed strings, plus the key layouts of the column families.
// Internal to ink_store; nothing outside stages/store/ should depend on it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ink::store {

// The indexed text fields. The byte value is the first byte of every
// postings and term_stats key.
enum class Field : char { kTitle = 'T', kBody = 'B' };
inline constexpr Field kFields[] = {Field::kTitle, Field::kBody};

void PutVarint64(std::string* dst, uint64_t v);
// Writes v as a varint at `p`, which has room for 5 bytes; returns the
// byte after it. For encoders that size their output once instead of
// appending byte by byte.
inline char* EncodeVarint32(char* p, uint32_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}
inline constexpr size_t kMaxVarint32Bytes = 5;
// Reads a varint from the front of *in and advances it. False when *in is
// truncated or malformed (then *in is unspecified).
bool GetVarint64(std::string_view* in, uint64_t* v);

void PutFixed64(std::string* dst, uint64_t v);
// Decodes exactly 8 little-endian bytes; false when the size is not 8.
bool DecodeFixed64(std::string_view in, uint64_t* v);

void PutLengthPrefixed(std::string* dst, std::string_view s);
bool GetLengthPrefixed(std::string_view* in, std::string_view* s);

// term_stats key: field byte + term.
std::string TermKey(Field field, std::string_view term);
// Prefix of every postings key of (field, term): field byte + term + '\0'.
std::string PostingsPrefix(Field field, std::string_view term);
// postings key: PostingsPrefix(field, term) + doc_id.
std::string PostingsKey(Field field, std::string_view term,
                        std::string_view doc_id);

// postings value: varint tf, then tf varint position deltas (the first
// delta is from 0). `positions` must be sorted ascending.
std::string EncodePostingValue(const std::vector<uint32_t>& positions);
bool DecodePostingValue(std::string_view value,
                        std::vector<uint32_t>* positions);

// The exact-match values of the filters, the first byte of every tags key.
enum class Tag : char {
  kEntity = 'E',    // Enrichment entity: normalized form and text.
  kKeyword = 'K',   // Enrichment keyword term.
  kLanguage = 'L',  // Language tag and its primary subtag (zh-hans, zh).
  kAuthor = 'A',    // CleanArticle author.
};

// How filter values are compared, the same at indexing and in queries:
// surrounding whitespace trimmed, ASCII letters lower-cased.
std::string NormalizeTagValue(std::string_view value);

// Prefix of the tags keys of one value: tag byte + value + '\0'.
std::string TagPrefix(Tag tag, std::string_view value);
// tags key: TagPrefix(tag, value) + doc_id; the value is empty.
std::string TagKey(Tag tag, std::string_view value, std::string_view doc_id);

// SimHash bands: 4 bands of 16 bits. Two fingerprints within Hamming
// distance 3 agree on at least one band (pigeonhole).
inline constexpr int kSimHashBands = 4;
inline constexpr int kMaxSimHashDistance = 3;
// Prefix of the fingerprints keys of one band value: 'S', band index byte,
// the band's 16 bits big-endian.
std::string BandPrefix(int band, uint64_t simhash);
// fingerprints key: BandPrefix + doc_id; the value is the fixed64 simhash.
std::string BandKey(int band, uint64_t simhash, std::string_view doc_id);
// fingerprints key of an exact body hash: 'H' + body_hash + '\0' (prefix)
// + doc_id; the value is empty.
std::string BodyHashPrefix(std::string_view body_hash);
// clusters key: cluster id + '\0' + doc_id (prefix without the doc_id).
std::string ClusterPrefix(std::string_view cluster);

}  // namespace ink::store
