// Dates written in English, normalised to ISO 8601 as FindDates() does.
#pragma once

#include <string_view>
#include <vector>

#include "stages/enricher/english_names.h"
#include "stages/enricher/entities.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {

// Date mentions ("date") of the English `spans` of `text`:
//  - 3 March 2021, 3rd of March 2021, March 3, 2021, Tuesday, March 3,
//    2021 -> 2021-03-03; March 2021 -> 2021-03; a year after in, since,
//    by, until, from, before, after, during or of (in 2007) -> 2007;
//  - without a year (3 March, March 3) the year comes from
//    `reference_date` as for 8月3日 (the candidate nearest to it), or the
//    date is written --03-03 without one; a month alone after in, since,
//    until, by, from, last, next, early, late or during (in December) is
//    the nearest such month, left out without a reference;
//  - yesterday, today, tomorrow, last/this/next year and month, and
//    weekdays (on Tuesday: the nearest Tuesday, a future one counting three
//    times as far; last Tuesday: the one before; next Tuesday: the one
//    after) resolved against the reference, left out without one. A
//    weekday in a name (Sunday Times, Super Tuesday) is none.
std::vector<Mention> FindEnglishDates(const CodePoints& text,
                                      std::string_view reference_date,
                                      const CharSpans& spans);

}  // namespace ink::enricher
