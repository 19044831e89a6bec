// Rules that tell page chrome (navigation, widgets, comment counters,
// related-link trailers) from body text, shared by the plain-text and HTML
// paths so a rule added once applies to both. Every rule is a row of a
// table, not code of its own.
#pragma once

#include <string_view>

namespace ink::cleaner {

enum class Chrome {
  kNone,  // Body text, or metadata (see ParseByline).
  kLine,  // Navigation or widget text: drop this line.
  kEnd,  // Starts the trailer ("【相关链接】", "相关新闻"): drop it and the
         // rest.
};

// Classifies one line (leading "- " list markers are ignored).
Chrome ClassifyChrome(std::string_view line);

// Strips "- ", "* ", "· ", "• " list markers that copied navigation keeps.
std::string_view StripListMarker(std::string_view s);

}  // namespace ink::cleaner
