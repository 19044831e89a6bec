// Limits that keep hostile HTML from hurting the cleaner: a page nested
// deeper than any real article (100,000 <div>s) makes an HTML5 parser spend
// time quadratic in the depth and recursive tree walks overflow the stack.
// Such pages are refused with a clear reason before they are parsed.
#pragma once

#include <string_view>

#include "common/status.h"

namespace ink::cleaner {

// Real pages stay far below this; browsers flatten past 512.
inline constexpr int kMaxHtmlNesting = 1000;

// Estimates the element nesting of `html` from its tags in one linear pass
// (void elements and self-closing tags do not nest) and returns
// InvalidArgument when it passes `max_depth`.
Status CheckHtmlNesting(std::string_view html, int max_depth = kMaxHtmlNesting);

}  // namespace ink::cleaner
