// One document of an SGML news archive shaped like Reuters-21578 (see
// sgml_splitter.h for the archive and the record it becomes), and the
// small pieces of SGML lexing that the splitter shares with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ink::fetcher {

// The record for one document, from "<REUTERS" to "</REUTERS>" inclusive,
// as JSON text. Never fails: a document with no text gives a record with
// an "error" that names the reason.
std::string SgmlRecord(std::string_view document);

// The record standing for a document longer than `limit` bytes: its NEWID
// and an "error", so that it ends in failed/ with the reason.
std::string SgmlOverlongRecord(std::string_view document, uint64_t limit);

// The NEWID of the start tag at the front of `document` ("" if none).
std::string SgmlNewId(std::string_view document);

// Whether `what` is at s[pos], ignoring ASCII case (SGML names are
// case-insensitive).
bool SgmlHasAt(std::string_view s, size_t pos, std::string_view what);

// Whether the start tag "<NAME" is at s[pos]: followed by white space or
// '>', so that <TEXT is not taken for <TEXTS.
bool SgmlStartTagAt(std::string_view s, size_t pos, std::string_view name);

}  // namespace ink::fetcher
