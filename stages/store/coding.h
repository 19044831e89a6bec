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

}  // namespace ink::store
