// Text encoded as UTF-8 twice: a page whose UTF-8 was read once as Latin-1
// or Windows-1252 and saved as UTF-8 again ("Investorâ\u0080\u0099s" for
// "Investor’s"). The HTML parser turns the C1 controls such text holds
// into U+FFFD, after which nothing can be restored, so pages are repaired
// before parsing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ink::cleaner {

// `text` with every doubly encoded character restored, or nullopt if it
// has none. Only text holding a C1 control (U+0080..U+009F), which real
// text never does, is read as doubly encoded: without one, "Ã©" may be
// real text and is left as it is. Then every sequence that reads as one
// UTF-8 character once its characters are taken back to Latin-1 or
// Windows-1252 bytes is restored ("Ã©" -> "é", "â€™" -> "’"). Cheap on
// text without C1 controls (one scan for the byte 0xC2).
std::optional<std::string> RepairDoubleUtf8(std::string_view text);

}  // namespace ink::cleaner
