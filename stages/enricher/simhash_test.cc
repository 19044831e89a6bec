#include "stages/enricher/simhash.h"

#include <gtest/gtest.h>

#include <random>

#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::EnglishField;

// `n` words drawn from a vocabulary of 400 words starting with `prefix`,
// with a sentence end every 12.
std::string RandomText(uint32_t seed, int n, const std::string& prefix = "w") {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 399);
  std::string text;
  for (int i = 0; i < n; ++i) {
    if (!text.empty()) text += ' ';
    text += prefix;
    text += std::to_string(pick(rng));
    if (i % 12 == 11) text += '.';
  }
  return text;
}

TEST(SimHashTest, HammingDistance) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0001), 2);
}

TEST(SimHashTest, IdenticalTokensSameHash) {
  std::string text = RandomText(1, 300);
  EXPECT_EQ(SimHash(EnglishField("body", text)),
            SimHash(EnglishField("body", text)));
}

TEST(SimHashTest, NearIdenticalTextsAreClose) {
  std::string text = RandomText(1, 400);
  std::string edited = text;
  // Replace one word in the middle and append a short sentence.
  size_t at = edited.find(' ', edited.size() / 2);
  edited.insert(at, " inserted");
  edited += " extra words.";
  uint64_t a = SimHash(EnglishField("body", text));
  uint64_t b = SimHash(EnglishField("body", edited));
  EXPECT_LE(HammingDistance(a, b), 3) << std::hex << a << " " << b;
}

TEST(SimHashTest, PunctuationAndStopTokensDoNotCount) {
  std::string text = RandomText(2, 200);
  std::string with_commas;  // A comma before every fifth space.
  int spaces = 0;
  for (char c : text) {
    if (c == ' ' && ++spaces % 5 == 0) with_commas += ',';
    with_commas += c;
  }
  EXPECT_EQ(SimHash(EnglishField("body", text)),
            SimHash(EnglishField("body", with_commas)));
}

TEST(SimHashTest, DifferentTextsAreFarApart) {
  int total = 0;
  for (uint32_t seed = 10; seed < 20; ++seed) {
    uint64_t a = SimHash(EnglishField("body", RandomText(seed, 300)));
    uint64_t b =
        SimHash(EnglishField("body", RandomText(seed + 100, 300, "v")));
    int d = HammingDistance(a, b);
    EXPECT_GT(d, 12) << "seed " << seed;
    total += d;
  }
  EXPECT_GT(total / 10, 24);  // About 32 on average.
}

TEST(SimHashTest, EmptyFieldIsZero) {
  EXPECT_EQ(SimHash(EnglishField("body", "")), 0u);
  EXPECT_EQ(SimHash(EnglishField("body", ", . !")), 0u);
}

TEST(BodyHashTest, NormalizeStripsSpacePunctuationAndCase) {
  EXPECT_EQ(NormalizeForHash("Hello,  World！\n"), "helloworld");
  EXPECT_EQ(NormalizeForHash("ＡＢＣ　１２３"), "abc123");
  EXPECT_EQ(NormalizeForHash("“新冠”疫情，\t防控。"), "新冠疫情防控");
  EXPECT_EQ(NormalizeForHash("a\xff\xfe b"), "ab");  // Invalid bytes dropped.
}

v1::CleanArticle Article(std::vector<std::string> paragraphs) {
  v1::CleanArticle article;
  for (auto& p : paragraphs) article.add_paragraphs(std::move(p));
  return article;
}

TEST(BodyHashTest, EqualUnderDifferentWhitespaceAndPunctuation) {
  std::string a = BodyHash(
      Article({"新年伊始，一场突如其来的疫情。", "三明分行坚守服务阵地！"}));
  std::string b = BodyHash(
      Article({"  新年伊始 一场突如其来的疫情  三明分行", "坚守服务阵地 ……"}));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, BodyHash(Article({"新年伊始，一场突如其来的疫情。"})));
}

TEST(BodyHashTest, EmptyBodyHasNoHash) {
  EXPECT_EQ(BodyHash(Article({})), "");
  EXPECT_EQ(BodyHash(Article({" ", "——"})), "");
}

}  // namespace
}  // namespace ink::enricher
