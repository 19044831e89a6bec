#include "stages/enricher/simhash.h"

#include <gtest/gtest.h>

#include <memory>
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

// Fingerprints as the enricher makes them: built-in stop words, and an
// IDF table in which every word not listed weighs the median, 10.
class SimHashTest : public ::testing::Test {
 protected:
  uint64_t Hash(const v1::SegmentedField& field,
                const FingerprintOptions& options = {}) const {
    return SimHash(FingerprintFeatures(field, extractor_, *idf_, options));
  }
  uint64_t Hash(std::string_view text) const {
    return Hash(EnglishField("body", text));
  }

  std::unique_ptr<IdfTable> idf_ = IdfTable::FromEntries(
      {{"common", 1.0}, {"median", 10.0}, {"rare", 14.0}});
  StopWords stop_ = StopWords::BuiltIn();
  KeywordExtractor extractor_{idf_.get(), &stop_};
};

TEST(HammingDistanceTest, CountsDifferingBits) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0001), 2);
}

TEST_F(SimHashTest, IdenticalTokensSameHash) {
  std::string text = RandomText(1, 300);
  EXPECT_EQ(Hash(text), Hash(text));
  EXPECT_NE(Hash(text), 0u);
}

TEST_F(SimHashTest, NearIdenticalTextsAreClose) {
  std::string text = RandomText(1, 400);
  std::string edited = text;
  // Replace one word in the middle and append a short sentence.
  size_t at = edited.find(' ', edited.size() / 2);
  edited.insert(at, " inserted");
  edited += " extra words.";
  uint64_t a = Hash(text), b = Hash(edited);
  EXPECT_LE(HammingDistance(a, b), 3) << std::hex << a << " " << b;
}

TEST_F(SimHashTest, PunctuationStopWordsAndNumbersDoNotCount) {
  std::string text = RandomText(2, 200);
  std::string with_noise;  // ", the 2021" before every fifth space.
  int spaces = 0;
  for (char c : text) {
    if (c == ' ' && ++spaces % 5 == 0) with_noise += ", the 2021";
    with_noise += c;
  }
  EXPECT_EQ(Hash(text), Hash(with_noise));
}

TEST_F(SimHashTest, BoilerplateSentenceIsSkipped) {
  const std::string text = RandomText(3, 200) + ".";
  // A byline: chrome words outnumber its one candidate term.
  const std::string byline = " reporter editor source xiaoming.";
  EXPECT_EQ(Hash(text), Hash(text + byline));
  auto features = [&](const std::string& t, const FingerprintOptions& o) {
    return FingerprintFeatures(EnglishField("body", t), extractor_, *idf_, o);
  };
  EXPECT_FALSE(features(text + byline, {}).contains("xiaoming"));
  // A short sentence of content words counts.
  EXPECT_TRUE(features(text + " quartz zephyr.", {}).contains("quartz"));
  // So does a long one with chrome words in it.
  EXPECT_TRUE(features(text + " reporter editor source said quartz zephyr "
                              "lumen prism.",
                       {})
                  .contains("quartz"));
  // And the byline, with boilerplate_max_terms 0.
  FingerprintOptions keep_all;
  keep_all.boilerplate_max_terms = 0;
  EXPECT_TRUE(features(text + byline, keep_all).contains("xiaoming"));
}

TEST_F(SimHashTest, FeaturesWeighIdfTimesTf) {
  FingerprintOptions linear;
  linear.tf_power = 1.0;
  TermScores f = FingerprintFeatures(
      EnglishField("body", "common rare rare median. median median."),
      extractor_, *idf_, linear);
  EXPECT_DOUBLE_EQ(f["common"], 1.0);
  EXPECT_DOUBLE_EQ(f["rare"], 28.0);
  EXPECT_DOUBLE_EQ(f["median"], 30.0);
  FingerprintOptions sqrt_tf;
  sqrt_tf.tf_power = 0.5;
  f = FingerprintFeatures(EnglishField("body", "rare rare rare rare."),
                          extractor_, *idf_, sqrt_tf);
  EXPECT_DOUBLE_EQ(f["rare"], 28.0);
}

TEST_F(SimHashTest, HeavyFeaturesDecide) {
  // A feature of weight 100 outvotes 20 features of weight 1 on every bit.
  TermScores heavy{{"alpha", 100.0}};
  TermScores mixed = heavy;
  for (int i = 0; i < 20; ++i) mixed["w" + std::to_string(i)] = 1.0;
  EXPECT_EQ(SimHash(heavy), SimHash(mixed));
  EXPECT_EQ(SimHash(TermScores{{"alpha", 0.0}}), 0u);
}

TEST_F(SimHashTest, DifferentTextsAreFarApart) {
  int total = 0;
  for (uint32_t seed = 10; seed < 20; ++seed) {
    uint64_t a = Hash(RandomText(seed, 300));
    uint64_t b = Hash(RandomText(seed + 100, 300, "v"));
    int d = HammingDistance(a, b);
    EXPECT_GT(d, 12) << "seed " << seed;
    total += d;
  }
  EXPECT_GT(total / 10, 24);  // About 32 on average.
}

TEST_F(SimHashTest, EmptyFieldIsZero) {
  EXPECT_EQ(Hash(""), 0u);
  EXPECT_EQ(Hash(", . !"), 0u);
}

TEST(BodyHashTest, NormalizeStripsSpacePunctuationAndCase) {
  EXPECT_EQ(NormalizeForHash("Hello,  World！\n"), "helloworld");
  EXPECT_EQ(NormalizeForHash("ＡＢＣ　１２３"), "abc123");
  EXPECT_EQ(NormalizeForHash("“新冠”疫情，\t防控。"), "新冠疫情防控");
  EXPECT_EQ(NormalizeForHash("a\xff\xfe b"), "ab");  // Invalid bytes dropped.
}

// Common Chinese and ASCII text is normalised without ICU; one character
// outside that set (é, which NFKC case folding keeps) sends the whole text
// through ICU. Both must agree on every character of the common set.
TEST(BodyHashTest, CommonTextNormalizesAsIcuDoes) {
  const std::string kIcu = "\u00e9";
  for (const std::string text :
       {"Hello, World! 3.5% <b>x_y</b>~", "ＡＢＣ　１２３，ｘ＿ｙ＠",
        "\u3000\u3001\u3002\u3008\u3009\u300A\u300B\u300C\u300D",
        "\u300E\u300F\u3010\u3011\u3014\u3015\u2014\u2013\u2018",
        "\u2019\u201C\u201D\u2026\u00B7\u2022\t\r\n\x7f",
        "“新冠”疫情，防控。一丁龥鿿"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(NormalizeForHash(text) + kIcu, NormalizeForHash(text + kIcu));
  }
  // A combining mark after a common character composes with it.
  EXPECT_EQ(NormalizeForHash("e\u0301"), "\u00e9");
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
