#include "stages/cleaner/dom_limits.h"

#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ink::cleaner {
namespace {

bool IsVoid(std::string_view tag) {
  // Grouped by length: each tag of the page is compared with the few
  // names of its own length only.
  auto any_of = [tag](std::initializer_list<std::string_view> names) {
    for (std::string_view v : names) {
      if (tag == v) return true;
    }
    return false;
  };
  // Void elements, and elements often left unclosed.
  switch (tag.size()) {
    case 1:
      return tag == "p";
    case 2:
      return any_of({"br", "hr", "li", "td", "tr", "th"});
    case 3:
      return any_of({"col", "img", "wbr"});
    case 4:
      return any_of({"area", "base", "link", "meta"});
    case 5:
      return any_of({"embed", "input", "param", "track"});
    case 6:
      return any_of({"source", "option"});
    default:
      return false;
  }
}

// Letters and digits of ASCII, as std::isalnum reads them in the "C"
// locale, without the call.
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

}  // namespace

Status CheckHtmlNesting(std::string_view html, int max_depth) {
  int depth = 0;
  int deepest = 0;
  // The tag name, lower-cased; names are cut at 16 characters (no void
  // element is that long).
  char tag[16];
  const char* const begin = html.data();
  const size_t size = html.size();
  // Every page passes through here before it is parsed: tags are found
  // with memchr rather than byte by byte, and names are read without
  // allocating.
  for (size_t i = 0; i + 1 < size; ++i) {
    const void* lt = std::memchr(begin + i, '<', size - 1 - i);
    if (lt == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(lt) - begin);
    bool closing = html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    size_t len = 0;
    while (j < size && len < sizeof tag && IsAsciiAlnum(html[j])) {
      char c = html[j];
      tag[len++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      ++j;
    }
    if (len == 0 || IsVoid(std::string_view(tag, len))) continue;
    size_t end = html.find('>', j);
    if (end == std::string_view::npos) break;
    if (closing) {
      if (depth > 0) --depth;
    } else if (html[end - 1] != '/') {
      if (++depth > deepest) deepest = depth;
      if (deepest > max_depth) {
        return Status::InvalidArgument("HTML nested deeper than " +
                                       std::to_string(max_depth) +
                                       " elements; refused as hostile");
      }
    }
    i = end;
  }
  return Status::OK();
}

}  // namespace ink::cleaner
