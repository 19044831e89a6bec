#include "stages/enricher/entities.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {

const char* EntityTypeForTag(std::string_view tag) {
  if (tag.starts_with("nr")) return "person";
  if (tag.starts_with("ns")) return "place";
  if (tag.starts_with("nt")) return "organization";
  return "";
}

std::vector<v1::Entity> ExtractEntities(const v1::SegmentedField& body,
                                        size_t max_entities) {
  std::vector<v1::Entity> entities;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const v1::Token* token : WordTokens(body)) {
    const char* type = EntityTypeForTag(token->tag());
    if (*type == '\0' || token->stop()) continue;
    std::string_view norm = TermOf(*token);
    if (CodePointCount(norm) < 2) continue;
    auto [it, inserted] =
        index.try_emplace({type, std::string(norm)}, entities.size());
    if (inserted) {
      v1::Entity& e = entities.emplace_back();
      e.set_type(type);
      e.set_text(token->text());
      e.set_normalized(std::string(norm));
    }
    v1::Entity& e = entities[it->second];
    e.set_count(e.count() + 1);
    e.add_char_offsets(token->char_begin());
  }
  // Stable: equal counts keep first-occurrence order.
  std::stable_sort(entities.begin(), entities.end(),
                   [](const v1::Entity& a, const v1::Entity& b) {
                     return a.count() > b.count();
                   });
  if (entities.size() > max_entities) entities.resize(max_entities);
  return entities;
}

}  // namespace ink::enricher
