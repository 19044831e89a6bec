// Restores characters that were encoded as UTF-8 twice.
#include "stages/cleaner/page_mojibake.h"

#include <cstring>

#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// The byte Latin-1 or Windows-1252 decoded as `c`, if it is one of the
// bytes 0x80..0xBF that continue a UTF-8 sequence; -1 otherwise.
int ContinuationByte(char32_t c) {
  if (c >= 0x80 && c <= 0xBF) return static_cast<int>(c);
  // Windows-1252's signs in 0x80..0x9F.
  static constexpr char32_t kCp1252[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  for (int i = 0; i < 32; ++i) {
    if (kCp1252[i] != 0 && kCp1252[i] == c) return 0x80 + i;
  }
  return -1;
}

// Whether `text` holds a C1 control encoded as UTF-8 (C2 80..C2 9F):
// text never holds those as controls, so they prove the double encoding.
bool HasC1Control(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const void* hit = std::memchr(p, '\xC2', static_cast<size_t>(end - p));
    if (!hit) return false;
    p = static_cast<const char*>(hit) + 1;
    if (p < end && static_cast<unsigned char>(*p) >= 0x80 &&
        static_cast<unsigned char>(*p) <= 0x9F)
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> RepairDoubleUtf8(std::string_view text) {
  if (!HasC1Control(text)) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  bool changed = false;
  for (size_t i = 0; i < text.size();) {
    size_t next = i;
    const char32_t lead = NextChar(text, &next);
    // A lead byte of a two- to four-byte sequence read as one character.
    if (lead >= 0xC2 && lead <= 0xF4) {
      const int need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
      std::string bytes(1, static_cast<char>(lead));
      size_t j = next;
      for (int k = 0; k < need && j < text.size(); ++k) {
        const int b = ContinuationByte(NextChar(text, &j));
        if (b < 0) break;
        bytes.push_back(static_cast<char>(b));
      }
      if (bytes.size() == static_cast<size_t>(need) + 1) {
        size_t at = 0;
        const char32_t c = NextChar(bytes, &at);
        if (at == bytes.size() && c != 0xFFFD) {
          out += bytes;
          i = j;
          changed = true;
          continue;
        }
      }
    }
    out.append(text.substr(i, next - i));
    i = next;
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace ink::cleaner
