// Money and percentages written in English, normalised as FindAmounts()
// does ("VALUE CURRENCY", "VALUE%", a leading "~" when approximate).
#pragma once

#include <vector>

#include "stages/enricher/english_names.h"
#include "stages/enricher/entities.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {

// Amount mentions of the English `spans` of `text`:
//  - money: a currency sign before the number ($ US$ -> USD, £ -> GBP,
//    € -> EUR, A$ C$ HK$ NZ$ S$) or a currency word after it (dollars,
//    pounds, sterling, euros, yen, yuan, rupees, roubles, Swiss francs),
//    with a multiplier attached or after it (k, m, mn, bn, tn, thousand,
//    million, billion, trillion): $4.5bn -> 4500000000 USD, £1,400 -> 1400
//    GBP, 5 million euros -> 5000000 EUR, 50p -> 0.5 GBP;
//  - approximations before it: about, around, almost, nearly, roughly,
//    some, over, more than, approximately (~);
//  - percentages written in words: 12.5 per cent, 40 percent -> 12.5%
//    (12.5% itself is FindAmounts()').
std::vector<Mention> FindEnglishAmounts(const CodePoints& text,
                                        const CharSpans& spans);

}  // namespace ink::enricher
