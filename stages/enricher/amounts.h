// Money, quantities and percentages written in a text, normalised.
#pragma once

#include <string>
#include <vector>

#include "stages/enricher/entities.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {

// Amount mentions of `text`, each with value, unit/currency and
// approximate set (see v1::Entity); normalized is "VALUE CURRENCY",
// "VALUE UNIT" or "VALUE%", with a leading "~" when approximate:
//  - money ("money"): a number with 万/亿/千万 multipliers and a currency
//    word before or after it: 日元4.33亿元 -> 433000000 JPY, 折人民币2500万元
//    -> 25000000 CNY, 3.5亿美元 -> 350000000 USD; 元 alone is CNY. A round
//    amount after 金额/资金 without a unit is CNY too (金额上千万 ->
//    ~10000000 CNY);
//  - approximations: 上千万, 数百, 近2万, 约300, 100余, 100多, 超过5000;
//  - quantities ("quantity"): an Arabic number (or a Chinese one counting
//    people) and a measure word; 名/人/位 count people (unit "person":
//    43名员工 -> 43 person, 近2万人 -> ~20000 person), others keep the
//    measure word (5200余户 -> ~5200 户, 30公里 -> 30 公里);
//  - percentages ("percent"): 12.5%, 12.5％, 百分之三十 -> 30%.
std::vector<Mention> FindAmounts(const CodePoints& text);

// An amount's value as written in `normalized`: an integer without a
// fraction ("2500"), else up to six significant digits ("4.5").
std::string FormatAmount(double value);

}  // namespace ink::enricher
