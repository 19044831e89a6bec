// Strong content hashes (BLAKE2b from libsodium).
#pragma once

#include <string>
#include <string_view>

namespace ink {

// The document id of raw bytes: 128-bit BLAKE2b, 32 lower-case hex digits.
std::string DocIdForBytes(std::string_view bytes);

// 64-bit non-cryptographic hash (FNV-1a), stable across runs and machines.
uint64_t Hash64(std::string_view bytes);

}  // namespace ink
