// English person, place and organisation names, found by rules over the
// segmenter's Latin words ("eng" tokens) in the English sentences of a
// field. Precision before recall: a name needs a cue, else it is left out.
//
//  - person: the capitalised words after a title (Mr Blair, Prime Minister
//    Tony Blair, Trade Secretary Patricia Hewitt), after a lower-case role
//    word (chief executive Terry Leahy), before or after "said"/"told"
//    (Jo Smith said, said Jo Smith.), or before ", who"/", the ...". Every
//    occurrence of a found name counts, and a surname alone (Blair, Mr
//    Blair) is grouped under the full name when one full name ends with it.
//    Such a surname with a cue (Reagan said, Mr Reagan) also makes a person
//    of a capitalised run of the field that ends with it (Ronald Reagan).
//  - organization: capitalised words ending with an organisation word (Inc,
//    plc, Bank, Party, University, Council, Commission, FC...) or holding
//    one before "of"/"for" (Bank of England, Ministry of Defence), a table
//    of names known bare (Labour, Nato, Microsoft), and capitalised
//    abbreviations of 2-6 letters (IMF, BBC; not GDP, CEO). An abbreviation
//    written in brackets after a name, or made of a name's initials, is
//    grouped under the name. A known place with a club's word (Real
//    Madrid, Manchester United) is a sports club; a place before a
//    player's or a manager's role (Liverpool striker X) is a team in the
//    whole field. Runs of web headings' words (Related Topics, Most Read)
//    and runs on a line of their own (Event Management Systems) name no
//    organisation by their words alone.
//  - place: names of english_gazetteer.h written as a whole capitalised run
//    (London, New York, UK -> United Kingdom; not the London of London
//    Underground).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/enricher/entities.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {

// Code point ranges [first, second) of a field's text.
using CharSpans = std::vector<std::pair<uint32_t, uint32_t>>;

// The sentences of `field` written in English: at least one Latin word and
// more Latin words than half the Han characters (a Chinese sentence naming
// GDP or 5G is not one). Empty, at the cost of one look at each token, when
// the field has no Latin word.
CharSpans EnglishSpans(const v1::SegmentedField& field);

// True if [begin, end) lies inside one of `spans` (sorted, disjoint).
bool InSpans(const CharSpans& spans, uint32_t begin, uint32_t end);

// Person, place and organisation mentions among the word tokens `words`
// of `field` (WordTokens()), in the English `spans` of it; `cps` is the
// field text. Organisations and people come normalised to the name they
// are grouped under.
std::vector<Mention> FindEnglishNames(
    const CodePoints& cps, const std::vector<const v1::Token*>& words,
    const CharSpans& spans);

}  // namespace ink::enricher
