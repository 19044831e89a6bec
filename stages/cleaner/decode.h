// Turns raw document bytes into UTF-8. Knows UTF-8 (with or without BOM),
// UTF-16 with BOM, the GB family (GB2312/GBK declarations decode as
// GB18030, their superset), Big5, and whatever else uchardet names and ICU
// converts. Decoding errors are never fatal: invalid sequences become U+FFFD
// and are counted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ink::cleaner {

struct DecodedText {
  std::string text;             // UTF-8, without BOM.
  std::string encoding;         // Canonical name: UTF-8, GB18030, Big5...
  uint32_t replaced_bytes = 0;  // Input bytes that were replaced by U+FFFD.
  std::string how;  // Which rule chose it: bom, utf8-valid, meta, uchardet.
};

// Decodes `bytes`. The charset declared in an HTML <meta> (or an XML
// declaration) is used when present, but only if the bytes agree with it
// (bytes that are valid UTF-8 are UTF-8 whatever the page claims); otherwise
// uchardet guesses.
// Returns InvalidArgument("binary content ...") for bytes that are not text
// (NUL bytes, mostly control characters) and for empty input.
Result<DecodedText> DecodeToUtf8(std::string_view bytes);

// The charset named by a <meta charset>, <meta http-equiv content=...;
// charset=...> or <?xml encoding=...?> in the first bytes, lower-cased, or
// "" if none.
std::string DeclaredCharset(std::string_view bytes);

}  // namespace ink::cleaner
