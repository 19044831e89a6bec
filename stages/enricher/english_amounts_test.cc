#include "stages/enricher/english_amounts.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ink::enricher {
namespace {

std::map<std::string, Mention> Amounts(std::string_view text) {
  CodePoints cps(text);
  CharSpans all = {{0, static_cast<uint32_t>(cps.size())}};
  std::map<std::string, Mention> out;
  for (const Mention& m : FindEnglishAmounts(cps, all)) {
    EXPECT_EQ(m.text, cps.Sub(m.char_begin, m.char_end));
    out[m.text] = m;
  }
  return out;
}

TEST(EnglishAmountsTest, SignsMultipliersAndWords) {
  auto a = Amounts(
      "It cost $4.5bn, then £20m and £1,400 more, plus €3 billion, "
      "5 million euros, US$2.5m, HK$300, 10 pounds and 50p.");
  EXPECT_EQ(a["$4.5bn"].normalized, "4500000000 USD");
  EXPECT_EQ(a["$4.5bn"].type, "money");
  EXPECT_EQ(a["$4.5bn"].currency, "USD");
  EXPECT_DOUBLE_EQ(a["$4.5bn"].value, 4.5e9);
  EXPECT_EQ(a["£20m"].normalized, "20000000 GBP");
  EXPECT_EQ(a["£1,400"].normalized, "1400 GBP");
  EXPECT_EQ(a["€3 billion"].normalized, "3000000000 EUR");
  EXPECT_EQ(a["5 million euros"].normalized, "5000000 EUR");
  EXPECT_EQ(a["US$2.5m"].normalized, "2500000 USD");
  EXPECT_EQ(a["HK$300"].normalized, "300 HKD");
  EXPECT_EQ(a["10 pounds"].normalized, "10 GBP");
  EXPECT_EQ(a["50p"].normalized, "0.5 GBP");
  EXPECT_EQ(a.size(), 9u);
}

TEST(EnglishAmountsTest, ApproximationsAndPercentages) {
  auto a = Amounts(
      "Nearly $2bn went on more than £102.80 a week; sales rose 12.5 per "
      "cent and about 40 percent.");
  EXPECT_EQ(a["Nearly $2bn"].normalized, "~2000000000 USD");
  EXPECT_TRUE(a["Nearly $2bn"].approximate);
  EXPECT_EQ(a["more than £102.80"].normalized, "~102.8 GBP");
  EXPECT_EQ(a["12.5 per cent"].normalized, "12.5%");
  EXPECT_EQ(a["12.5 per cent"].type, "percent");
  EXPECT_EQ(a["about 40 percent"].normalized, "~40%");
}

TEST(EnglishAmountsTest, NumbersWithoutCurrencyAreNone) {
  EXPECT_TRUE(Amounts("He ran the 100m in 2004, aged 21, with 5 million fans "
                      "and 3pm kick-offs on the 20th.")
                  .empty());
}

}  // namespace
}  // namespace ink::enricher
