#include "stages/enricher/summary.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::EnglishField;

// Three sentences about the bank's outbreak among three of filler.
constexpr char kBankStory[] =
    "Filler words here today only. Bank outbreak staff served customers. "
    "Nothing else happens in this sentence. Bank staff reopened outbreak "
    "branch. More filler comes along now. Outbreak bank branch staff "
    "customers.";

TermScores Scores(std::initializer_list<std::pair<const char*, double>> s) {
  TermScores scores;
  for (auto [term, score] : s) scores.emplace(term, score);
  return scores;
}

TEST(SummaryTest, PicksCentralSentencesInOriginalOrder) {
  auto body = EnglishField("body", kBankStory);
  TermScores scores = Scores({{"bank", 1},
                              {"outbreak", 1},
                              {"staff", 1},
                              {"customers", 1},
                              {"branch", 1},
                              {"filler", 0.1}});
  auto summary = Summarize(body, scores);
  ASSERT_EQ(summary.size(), 3u);
  EXPECT_EQ(summary[0], "Bank outbreak staff served customers.");
  EXPECT_EQ(summary[1], "Bank staff reopened outbreak branch.");
  EXPECT_EQ(summary[2], "Outbreak bank branch staff customers.");
}

TEST(SummaryTest, AtMostMaxSentencesAndNeverZeroScore) {
  auto body =
      EnglishField("body", "Alpha beta gamma delta. Nothing in here at all.");
  auto summary = Summarize(body, Scores({{"alpha", 1}}));
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0], "Alpha beta gamma delta.");
  EXPECT_TRUE(Summarize(body, {}).empty());
  EXPECT_TRUE(
      Summarize(EnglishField("body", ""), Scores({{"alpha", 1}})).empty());
  SummaryOptions one;
  one.max_sentences = 1;
  auto body3 = EnglishField(
      "body",
      "Alpha one two three. Alpha four five six. Alpha seven eight nine.");
  EXPECT_EQ(Summarize(body3, Scores({{"alpha", 1}}), one).size(), 1u);
}

TEST(SummaryTest, RanksOnlyTheOpeningOfAVeryLongBody) {
  // The central sentences come late; past max_ranked_sentences they are
  // never compared, so the summary comes from the opening.
  std::string text;
  for (int i = 0; i < 6; ++i) text += "Harbour filler line number here. ";
  text += "Bank outbreak staff served customers. ";
  text += "Bank staff reopened outbreak branch. ";
  auto body = EnglishField("body", text);
  TermScores scores =
      Scores({{"bank", 1}, {"outbreak", 1}, {"staff", 1}, {"harbour", 0.1}});
  auto has = [](const std::vector<std::string>& summary, const char* s) {
    return std::find(summary.begin(), summary.end(), s) != summary.end();
  };
  auto summary = Summarize(body, scores, SummaryOptions());
  EXPECT_TRUE(has(summary, "Bank outbreak staff served customers."));
  SummaryOptions opening;
  opening.max_ranked_sentences = 6;
  summary = Summarize(body, scores, opening);
  EXPECT_FALSE(summary.empty());
  EXPECT_FALSE(has(summary, "Bank outbreak staff served customers."));
  EXPECT_FALSE(has(summary, "Bank staff reopened outbreak branch."));
}

TEST(SummaryTest, FavoursEarlySentencesOnTies) {
  auto body = EnglishField("body",
                           "Alpha one two three. Alpha four five six. Alpha "
                           "seven eight nine. Alpha ten eleven twelve.");
  SummaryOptions two;
  two.max_sentences = 2;
  auto summary = Summarize(body, Scores({{"alpha", 1}}), two);
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0], "Alpha one two three.");
  EXPECT_EQ(summary[1], "Alpha four five six.");
}

TEST(SummaryTest, SplitsAtLineBreaksAndWithoutSentenceSpans) {
  // A heading paragraph without punctuation, then body sentences; no spans.
  v1::SegmentedField body = EnglishField("body", "x");
  body.clear_sentences();
  body.clear_tokens();
  body.set_text(
      "Bank outbreak heading here\n\nBank outbreak staff served well。Another "
      "bank line.");
  auto summary = Summarize(body, Scores({{"bank", 1}}));
  // Without tokens nothing scores.
  EXPECT_TRUE(summary.empty());

  auto field = EnglishField("body", "Bank outbreak heading here");
  auto rest = EnglishField("body", "Bank outbreak staff served here.");
  // Join as two paragraphs and shift the second field's tokens.
  v1::SegmentedField joined = field;
  const uint32_t shift = field.text().size() + 2;
  joined.set_text(field.text() + "\n\n" + rest.text());
  joined.clear_sentences();
  for (v1::Token t : rest.tokens()) {
    t.set_byte_begin(t.byte_begin() + shift);
    t.set_byte_end(t.byte_end() + shift);
    t.set_char_begin(t.char_begin() + shift);
    t.set_char_end(t.char_end() + shift);
    t.set_position(t.position() + 100);
    *joined.add_tokens() = t;
  }
  SummaryOptions one;
  one.max_sentences = 1;
  summary = Summarize(joined, Scores({{"bank", 1}, {"outbreak", 1}}), one);
  ASSERT_EQ(summary.size(), 1u);
  // The unterminated heading loses to the sentence despite coming first.
  EXPECT_EQ(summary[0], "Bank outbreak staff served here.");
}

TEST(SummaryTest, ScoresByIdSummarizeAsScoresByTerm) {
  auto idf = IdfTable::FromEntries(
      {{"bank", 5}, {"outbreak", 9}, {"staff", 4}, {"filler", 2}});
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = EnglishField("body", kBankStory);
  const FieldTerms terms = extractor.ArticleTerms(nullptr, &body);
  SummaryOptions two;
  two.max_sentences = 2;
  auto by_id = Summarize(body, terms, extractor.ScoreById(terms), two);
  EXPECT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id, Summarize(body, extractor.Score(terms), two));
}

}  // namespace
}  // namespace ink::enricher
