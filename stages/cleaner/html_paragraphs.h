// The paragraphs and images of a part of a page, internal to the content
// extractor (html_content.cc): each block element is a paragraph, and a
// short line framed with an image is the image's caption. CollectAll and
// LinesOf (html_content.h) are defined in html_paragraphs.cc as well.
#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

#include "stages/cleaner/cleaner.h"
#include "stages/cleaner/html_content.h"
#include "stages/cleaner/html_page_analysis.h"

namespace ink::cleaner {

// The paragraphs and images of `roots`, walked in order as one run of
// text, without what `page` excludes and without the boxes of links and
// the sign-up forms inside them (a list the text introduces stays).
// Leaves `rule` empty.
ExtractedContent CollectBlocks(const std::vector<const GumboNode*>& roots,
                               const PageAnalysis& page,
                               const Options& options);

// A drop cap printed in a box of its own before the article's block
// (<div class="first-letter">D</div><div><p>uring the...</p>): the letter
// belongs to the first paragraph, which then starts in lower case.
void RestoreDropCap(const GumboNode* first_block,
                    std::vector<std::string>* paragraphs);

// Removes the second and later copies of a paragraph of kMinRepeatChars or
// more: slideshows and responsive layouts print the same caption or teaser
// several times, while an article does not repeat a whole paragraph.
std::vector<std::string> DropRepeats(std::vector<std::string> paragraphs);

}  // namespace ink::cleaner
