#include "stages/enricher/compounds.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::MakeField;
using testing::W;

std::vector<std::string> TermsOf(const std::vector<v1::Keyword>& keywords) {
  std::vector<std::string> terms;
  for (const auto& k : keywords) terms.push_back(k.term());
  return terms;
}

// A median of 10: 会议 (4) and 同志 (6) are common words, 高市 (12) a rare
// one; 早苗 and 穆特 are unknown.
std::unique_ptr<IdfTable> Table() {
  return IdfTable::FromEntries({{"会议", 4},
                                {"同志", 6},
                                {"日本", 8},
                                {"言论", 10},
                                {"高市", 12},
                                {"巴赫", 12},
                                {"撤回", 11}});
}

TEST(CompoundsTest, PiecesAlwaysWrittenTogetherAreOneKeyword) {
  auto idf = Table();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto title = MakeField(
      "title", {{"高市", "n"}, {"早苗", "n"}, {"撤回", "v"}, {"言论", "n"}});
  auto body = MakeField("body", {{"日本", "ns"},
                                 {"高市", "n"},
                                 {"早苗", "n"},
                                 {"，", "x"},
                                 {"言论", "n"},
                                 {"。", "x"},
                                 {"巴赫", "nr"},
                                 {"穆特", "nrt"},
                                 {"会议", "n"}});
  const FieldTerms terms = extractor.ArticleTerms(&title, &body);
  TermScores scores = extractor.Score(terms);
  std::vector<std::string> keywords =
      TermsOf(extractor.Keywords(scores, terms));
  auto has = [&](const std::string& t) {
    return std::find(keywords.begin(), keywords.end(), t) != keywords.end();
  };
  // Twice side by side: one name.
  EXPECT_TRUE(has("高市早苗"));
  EXPECT_FALSE(has("高市"));
  EXPECT_FALSE(has("早苗"));
  // Once, but with an unknown piece: a name the segmenter cut.
  EXPECT_TRUE(has("巴赫穆特"));
  // 撤回 is a verb; 言论 and 会议 stand apart once.
  EXPECT_TRUE(has("会议"));
  EXPECT_TRUE(has("撤回"));
  EXPECT_TRUE(has("言论"));
  // The summary's scores keep the pieces.
  EXPECT_TRUE(scores.count("高市"));
}

TEST(CompoundsTest, ScoreIsTheBestPartsAndRunsStayShort) {
  auto idf = Table();
  // p1..p5 always written together: too long for a name.
  std::vector<TermOccurrence> field;
  uint32_t at = 0;
  for (const char* t : {"p一", "p二", "p三", "p四", "p五"}) {
    std::string term = t;
    field.push_back({term, at, static_cast<uint32_t>(at + term.size()), "n"});
    at += term.size();
  }
  TermScores scores = {
      {"p一", 1}, {"p二", 2}, {"p三", 3}, {"p四", 4}, {"p五", 5}};
  TermScores merged = MergeCompounds(scores, {&field}, *idf);
  EXPECT_EQ(merged, scores);
  field.resize(3);
  scores = {{"p一", 1}, {"p二", 3}, {"p三", 2}};
  merged = MergeCompounds(scores, {&field}, *idf);
  EXPECT_EQ(merged, (TermScores{{"p一p二p三", 3}}));
  // A space between two pieces: apart.
  field[1].byte_begin += 1;
  merged = MergeCompounds(scores, {&field}, *idf);
  EXPECT_EQ(merged.size(), 2u);
  EXPECT_DOUBLE_EQ(merged["p二p三"], 3);
}

TEST(CompoundsTest, PiecesAlsoWrittenApartStayApart) {
  auto idf = Table();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"高市", "n"},
                                 {"早苗", "n"},
                                 {"，", "x"},
                                 {"高市", "n"},
                                 {"早苗", "n"},
                                 {"，", "x"},
                                 {"早苗", "n"}});
  const FieldTerms terms = extractor.ArticleTerms(nullptr, &body);
  std::vector<std::string> keywords =
      TermsOf(extractor.Keywords(extractor.Score(terms), terms));
  std::sort(keywords.begin(), keywords.end());
  EXPECT_EQ(keywords, (std::vector<std::string>{"早苗", "高市"}));
}

TEST(CompoundsTest, NounsAreCompoundPartsVerbsAreNot) {
  EXPECT_TRUE(MayBeCompoundPart({"李明", 0, 6, "nr"}));
  EXPECT_TRUE(MayBeCompoundPart({"早苗", 0, 6, "n"}));
  EXPECT_TRUE(MayBeCompoundPart({"防控", 0, 6, "vn"}));
  EXPECT_TRUE(MayBeCompoundPart({"乌军", 0, 6, "j"}));
  EXPECT_FALSE(MayBeCompoundPart({"出席", 0, 6, "v"}));
  EXPECT_FALSE(MayBeCompoundPart({"深切", 0, 6, "ad"}));
}

TEST(CompoundsTest, TitlesAndEventNounsStayOutsideNames) {
  EXPECT_FALSE(MayBeCompoundPart({"同志", 0, 6, "n"}));
  EXPECT_FALSE(MayBeCompoundPart({"会见", 0, 6, "n"}));
  auto idf = Table();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  // 王安邦同志 and 会见智利 every time: still a name, nouns and a place;
  // the unknown 安邦 still joins its surname.
  const std::vector<W> words = {{"王", "nr"}, {"安邦", "nr"}, {"同志", "n"},
                                {"，", "x"},  {"会见", "n"},  {"智利", "ns"},
                                {"。", "x"}};
  auto title = MakeField("title", words);
  auto body = MakeField("body", words);
  const FieldTerms terms = extractor.ArticleTerms(&title, &body);
  std::vector<std::string> keywords =
      TermsOf(extractor.Keywords(extractor.Score(terms), terms));
  std::sort(keywords.begin(), keywords.end());
  EXPECT_EQ(keywords,
            (std::vector<std::string>{"会见", "同志", "智利", "王安邦"}));
}

TEST(KeywordsTest, DropsTermsWrittenInsideBetterOnes) {
  auto idf = IdfTable::FromEntries(
      {{"新冠肺炎", 12}, {"肺炎", 9}, {"疫情", 10}, {"疫情防控", 8}});
  StopWords stop;
  KeywordExtractor extractor(idf.get(), &stop);
  TermScores scores = {{"新冠肺炎", 4}, {"疫情", 3}, {"肺炎", 2},
                       {"疫情防控", 1}, {"ab", 0.5}, {"abc", 0.4}};
  // 肺炎 is inside 新冠肺炎; 疫情防控 takes the place of 疫情, which it
  // contains, with its weight; Latin words are left alone.
  std::vector<v1::Keyword> top = extractor.Top(scores);
  EXPECT_EQ(TermsOf(top),
            (std::vector<std::string>{"新冠肺炎", "疫情防控", "ab", "abc"}));
  EXPECT_DOUBLE_EQ(top[1].weight(), 0.75);
  KeywordExtractor keep_all(idf.get(), &stop, {.drop_overlapping = false});
  EXPECT_EQ(keep_all.Top(scores).size(), 6u);
}

TEST(KeywordsTest, FunctionWordFragmentsAreNoKeywords) {
  // 俄称 ("Russia says") and 从代 (of 从代中央管理) are HMM words glued to a
  // function word; 称号 and 从事 are dictionary words; 诺沃亚 a name.
  auto idf = IdfTable::FromEntries({{"称号", 9}, {"从事", 7}});
  StopWords stop;
  KeywordExtractor extractor(idf.get(), &stop);
  TermScores scores = {{"俄称", 5},    {"从代", 4},   {"称号", 3},
                       {"从事", 2},    {"诺沃亚", 1}, {"为诺沃亚", 6},
                       {"杨振武作", 5}};
  EXPECT_EQ(TermsOf(extractor.Top(scores)),
            (std::vector<std::string>{"称号", "从事", "诺沃亚"}));
  KeywordExtractor keep(idf.get(), &stop,
                        {.skip_function_word_fragments = false});
  // 诺沃亚 is written inside 为诺沃亚 there.
  EXPECT_EQ(keep.Top(scores).size(), 6u);
}

// The keywords of scores by id are those of the same scores by term, also
// when a compound is itself a word of the article (高市早苗 written whole
// once) and when parts of one compound are scored in another field.
TEST(CompoundsTest, ScoresByIdMergeAsScoresByTerm) {
  auto idf = Table();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto title = MakeField("title", {{"巴赫", "nr"}, {"穆特", "nrt"}});
  auto body = MakeField("body", {{"高市", "n"},
                                 {"早苗", "n"},
                                 {"，", "x"},
                                 {"高市早苗", "nr"},
                                 {"。", "x"},
                                 {"高市", "n"},
                                 {"早苗", "n"},
                                 {"巴赫", "nr"},
                                 {"穆特", "nrt"},
                                 {"会议", "n"}});
  const FieldTerms terms = extractor.ArticleTerms(&title, &body);
  const TermScoreVector by_id = extractor.ScoreById(terms);
  const TermScores by_term = extractor.Score(terms);
  ASSERT_EQ(by_id.size(), by_term.size());
  for (uint32_t id = 0; id < by_id.size(); ++id) {
    EXPECT_EQ(by_id[id], by_term.at(std::string(terms.index.name(id))));
  }
  std::vector<v1::Keyword> a = extractor.KeywordsById(by_id, terms);
  std::vector<v1::Keyword> b = extractor.Keywords(by_term, terms);
  EXPECT_EQ(TermsOf(a), TermsOf(b));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].weight(), b[i].weight());
  std::vector<std::string> sorted = TermsOf(a);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{"会议", "巴赫穆特", "高市早苗"}));
}

}  // namespace
}  // namespace ink::enricher
