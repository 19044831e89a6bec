// Named entities (first version): the segmenter's person, place and
// organisation tags, counted over the body.
#pragma once

#include <vector>

#include "ink/v1/envelope.pb.h"

namespace ink::enricher {

// Entities among the word tokens (sub-words excluded) of `body` whose tag
// is nr* (person), ns* (place) or nt* (organization) and which have at
// least two characters. One Entity per (type, norm): text as first
// written, normalized = the norm, count, and the char_begin of every
// occurrence in the body text. Ordered by count, then first occurrence.
// At most `max_entities` are returned.
std::vector<v1::Entity> ExtractEntities(const v1::SegmentedField& body,
                                        size_t max_entities = 50);

// "person", "place", "organization" for a jieba tag, or "" for others.
const char* EntityTypeForTag(std::string_view tag);

}  // namespace ink::enricher
