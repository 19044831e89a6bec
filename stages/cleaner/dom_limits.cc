#include "stages/cleaner/dom_limits.h"

#include <cctype>
#include <string>

namespace ink::cleaner {
namespace {

bool IsVoid(std::string_view tag) {
  static const char* kVoid[] = {
      "area",  "base", "br",     "col",   "embed",  "hr",    "img",
      "input", "link", "meta",   "param", "source", "track", "wbr",
      "p",     "li",   "option", "td",    "tr",     "th"};  // Often unclosed.
  for (const char* v : kVoid) {
    if (tag == v) return true;
  }
  return false;
}

}  // namespace

Status CheckHtmlNesting(std::string_view html, int max_depth) {
  int depth = 0;
  int deepest = 0;
  std::string tag;
  for (size_t i = 0; i + 1 < html.size(); ++i) {
    if (html[i] != '<') continue;
    bool closing = html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    tag.clear();
    while (j < html.size() && tag.size() < 16 &&
           std::isalnum(static_cast<unsigned char>(html[j]))) {
      tag.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(html[j]))));
      ++j;
    }
    if (tag.empty() || IsVoid(tag)) continue;
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
