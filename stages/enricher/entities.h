// Named entities, dates and amounts of an article's body, found by rules
// over the segmenter's tokens and the characters of the text.
//
//  - organization: bank branches and sub-branches (工行三明分行,
//  荆门月亮湖支行),
//    banks (建行 -> 中国建设银行), government and party bodies (…局, …委,
//    …政府, …党委), hospitals, companies, hotels, associations, schools;
//    short forms are linked to the longest form of the article
//    (三明分行 -> 工行三明分行), also to forms found in the title, source and
//    authors only.
//  - person: a surname and given name after a title (行长陈飞斌), before an
//    honorific (王先生), after "org的" (分行的孙文艺), or an unknown word
//    written twice (张富清); every occurrence of the name is counted.
//  - place: the segmenter's place words, names ending in 省/市/县/区/镇/村/
//    街道/社区, and the items of a list of places (荆州、荆门、仙桃); 湖北省
//    and 湖北 are one place, normalised to 湖北.
//  - date, time: see dates.h; money, quantity, percent: see amounts.h.
//  - English sentences (EnglishSpans()) get their own rules: names in
//    english_names.h, dates in english_dates.h, money and percentages in
//    english_amounts.h. A field without Latin words costs them one look at
//    each token.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ink/v1/envelope.pb.h"

namespace ink::enricher {

// One occurrence of an entity in a text, before grouping.
struct Mention {
  std::string type;        // person, place, organization, date, time, ...
  std::string text;        // As written.
  std::string normalized;  // Grouping key: the normalised form.
  uint32_t char_begin = 0, char_end = 0;  // Code points into the text.
  double value = 0;                       // Amounts: see v1::Entity.
  std::string unit;
  std::string currency;
  bool approximate = false;
  // False for a mention in another field (captions): it counts, with no
  // offset into the body.
  bool in_body = true;
};

// What the extractor knows about the article besides its body.
struct EntityContext {
  // The article's date (ISO 8601, CleanArticle.date), against which
  // relative dates (8月3日, 去年) are resolved; empty leaves them out.
  std::string reference_date;
  // Other texts of the article (title, source, authors): organisations
  // written there become link targets for the body's short forms.
  std::vector<std::string> other_texts;
  // Other segmented fields whose names count too, without offsets (image
  // captions: "captions"). Borrowed.
  std::vector<const v1::SegmentedField*> other_fields;
};

// Person, place and organisation mentions among the tokens of `field`
// (whose offsets must be valid, see ValidateField()). Organisations are
// normalised only to themselves here; LinkOrganizations() links them.
std::vector<Mention> FindNames(const v1::SegmentedField& field);

// Sets the normalized form of every organisation mention to the longest
// organisation name among `mentions` and `targets` that it abbreviates:
// one that ends with it (三明分行 in 工行三明分行), or, with the same last
// two characters, contains its characters in order with its first two
// together (武汉经济开发区支行 in 建行湖北武汉经济技术开发区支行). Linking is
// transitive (省分行 -> 湖北省分行 -> 建行湖北省分行).
void LinkOrganizations(const std::vector<std::string>& targets,
                       std::vector<Mention>* mentions);

// Groups mentions by (type, normalized) into entities: text as first
// written, count, char_offsets of every occurrence, aliases (the other
// written forms), and the amount fields of the first mention. Ordered by
// type (organization, person, place, date, time, money, quantity,
// percent), then count (descending), then first occurrence.
std::vector<v1::Entity> GroupMentions(std::vector<Mention> mentions);

// Every entity of the body: FindNames() of the body linked against the
// organisations of the body, of `title` (may be null) and of the context's
// other texts (a whitespace-separated piece ending like an organisation),
// FindDates() and FindAmounts(), grouped. At most `max_entities` are
// returned (the lowest counts of each type go first).
std::vector<v1::Entity> ExtractEntities(const v1::SegmentedField& body,
                                        const v1::SegmentedField* title,
                                        const EntityContext& context,
                                        size_t max_entities = 100);

}  // namespace ink::enricher
