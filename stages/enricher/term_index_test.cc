#include "stages/enricher/term_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

TEST(TermIndexTest, NumbersDistinctTermsInOrderOfFirstAddition) {
  TermIndex index;
  EXPECT_EQ(index.Find("银行"), TermIndex::kNone);
  EXPECT_EQ(index.Add("银行"), 0u);
  EXPECT_EQ(index.Add("疫情"), 1u);
  EXPECT_EQ(index.Add("银行"), 0u);
  EXPECT_EQ(index.Add(""), 2u);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.Find("疫情"), 1u);
  EXPECT_EQ(index.Find(""), 2u);
  EXPECT_EQ(index.Find("银"), TermIndex::kNone);
  EXPECT_EQ(index.name(1), "疫情");
}

TEST(TermIndexTest, KeepsEveryTermAcrossGrowth) {
  // More terms than the reserved room, of every length the hash treats
  // differently (under 4, 4 to 8, several words).
  std::vector<std::string> terms;
  for (int i = 0; i < 2000; ++i) {
    terms.push_back(std::string(static_cast<size_t>(i % 23), 'x') +
                    std::to_string(i));
  }
  TermIndex index(4);
  for (size_t i = 0; i < terms.size(); ++i) {
    ASSERT_EQ(index.Add(terms[i]), i);
  }
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(index.Find(terms[i]), i);
    EXPECT_EQ(index.Add(terms[i]), i);
  }
  EXPECT_EQ(index.size(), terms.size());
  EXPECT_EQ(index.Find("x"), TermIndex::kNone);
}

TEST(TermIndexTest, ShortHashSeesEveryByte) {
  // Strings that differ in one byte anywhere hash differently (not a
  // guarantee of the hash, but a collision here would be a broken load).
  const std::string base = "新冠肺炎疫情防控";
  for (size_t n = 1; n <= base.size(); ++n) {
    const std::string s = base.substr(0, n);
    for (size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] ^= 1;
      EXPECT_NE(ShortHash(s), ShortHash(t)) << n << " " << i;
    }
  }
}

TEST(CodePointCountTest, CountsEveryLengthAndStrayBytes) {
  auto reference = [](std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  const std::string text = "ab银行\x80z疫情\xbf防控 Covid-19 新冠肺炎\xe4";
  for (size_t begin = 0; begin < text.size(); ++begin) {
    for (size_t end = begin; end <= text.size(); ++end) {
      std::string_view s = std::string_view(text).substr(begin, end - begin);
      ASSERT_EQ(CodePointCount(s), reference(s)) << begin << " " << end;
    }
  }
  EXPECT_EQ(CodePointCount("疫情防控"), 4u);
}

}  // namespace
}  // namespace ink::enricher
