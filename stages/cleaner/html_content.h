// The article body of an HTML page: content scoring and block collection.
#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/cleaner/cleaner.h"

namespace ink::cleaner {

struct ExtractedContent {
  std::vector<std::string> paragraphs;
  std::vector<v1::Image> images;  // With captions where the page has them.
  std::string rule;  // Which pass found the paragraphs ("density"...).
};

// The article's paragraphs and images below `body`: the densest block of
// text and its siblings, first with page furniture dropped by class and id
// names, then, when that leaves little text, without that filter.
// Empty paragraphs if no block of the page holds text.
ExtractedContent ExtractContent(const GumboNode* body, const Options& options);

// Every block below `n` as a paragraph, in order, with images (no scoring):
// for fragments that are all article. In html_paragraphs.cc.
ExtractedContent CollectAll(const GumboNode* n, const Options& options);

// Every text line of the page below `n`, in order (bylines, dates, the
// headline and the body alike). In html_paragraphs.cc.
std::vector<std::string> LinesOf(const GumboNode* n, const Options& options);

}  // namespace ink::cleaner
