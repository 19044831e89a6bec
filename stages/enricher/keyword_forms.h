// The form a keyword is shown in. Latin words are indexed and scored by
// their Snowball stem (crisis -> crisi, people -> peopl), which is right
// for matching and unreadable in a keyword list or a `keyword:` filter.
#pragma once

#include <string_view>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/enricher/keywords.h"

namespace ink::enricher {

// Replaces each keyword that is one Latin term of `terms` by the word the
// article writes for it most often (ties: the first), lower-cased unless
// the article always capitalises it (Argentina, NATO). The texts are the
// fields' texts that `terms` point into ("" for a missing field). Keywords
// in other scripts and compounds are left as they are.
void ShowKeywordsAsWritten(const FieldTerms& terms, std::string_view title,
                           std::string_view body, std::string_view captions,
                           std::vector<v1::Keyword>* keywords);

}  // namespace ink::enricher
