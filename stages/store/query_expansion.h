// Rewrites of a parsed query against what the index holds, for the cases
// where the query's segmentation and the documents' differ: a word typed
// alone can be cut otherwise than inside a sentence, and a word can exist
// in the text only inside a longer word.
#pragma once

#include "stages/store/query_parser.h"

namespace ink::store {

class Store;

// A clause written as one run of characters whose whole normalised form is
// an indexed term also matches that term: the clause becomes
// OR(whole, pieces). 泽连 alone is cut 泽|连, while an article's 泽连斯基说
// indexes 泽连; 因病 alone is 因|病 with the stop word 因 dropped. Phrases of
// several words (text with spaces) are left alone.
void ExpandIndexedWholeWords(const Store& store, QueryNode* n);

// A term of an unquoted clause that no document holds is replaced by the
// indexed words inside it (the segmenter's search-mode sub-words), all of
// them required: 技术开发区 is in no article when the articles say
// 武汉经济技术开发区, whose sub-words are 技术, 开发 and 开发区. A term
// without indexed sub-words is spelt with the indexed words that make it up
// end to end (翁丁古寨, an unknown name kept whole when typed alone, is
// 翁丁 and 古寨 in the articles). Phrases are
// left alone: their positions would no longer mean adjacency.
void SplitUnindexedTerms(const Store& store, QueryNode* n);

}  // namespace ink::store
