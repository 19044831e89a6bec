#include "stages/enricher/keywords.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/testing/temp_dir.h"
#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::MakeField;
using testing::W;

std::unique_ptr<IdfTable> SmallTable() {
  return IdfTable::FromEntries({{"银行", 4.7},
                                {"疫情", 8.1},
                                {"网点", 9.0},
                                {"员工", 6.0},
                                {"来源", 5.2},
                                {"责任编辑", 11.8},
                                {"服务", 3.0}});
}

std::vector<std::string> Terms(const std::vector<v1::Keyword>& keywords) {
  std::vector<std::string> terms;
  for (const auto& k : keywords) terms.push_back(k.term());
  return terms;
}

TEST(IdfTableTest, UnknownWordGetsMedian) {
  auto table = IdfTable::FromEntries({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}});
  EXPECT_DOUBLE_EQ(table->median(), 3);  // sorted[4 / 2], as jieba.
  EXPECT_DOUBLE_EQ(table->Idf("b"), 2);
  EXPECT_DOUBLE_EQ(table->Idf("zzz"), 3);
  EXPECT_TRUE(table->Contains("a"));
  EXPECT_FALSE(table->Contains("zzz"));
}

TEST(IdfTableTest, LoadsFileAndRejectsBadLines) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("idf.txt"),
                          "银行 4.5\n\n疫情 8.25\r\nword 1e1\n");
  auto table = IdfTable::Load(dir.Sub("idf.txt"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->size(), 3u);
  EXPECT_DOUBLE_EQ((*table)->Idf("疫情"), 8.25);
  EXPECT_DOUBLE_EQ((*table)->Idf("word"), 10);

  ink::testing::WriteFile(dir.Sub("bad.txt"), "银行 4.5\n疫情 lots\n");
  auto bad = IdfTable::Load(dir.Sub("bad.txt"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kCorruption);
  EXPECT_NE(bad.status().message().find(":2:"), std::string::npos);

  ink::testing::WriteFile(dir.Sub("empty.txt"), "\n");
  EXPECT_FALSE(IdfTable::Load(dir.Sub("empty.txt")).ok());
  EXPECT_FALSE(IdfTable::Load(dir.Sub("missing.txt")).ok());
}

TEST(IdfTableTest, LoadsJiebaTable) {
  if (!std::filesystem::exists(kDefaultIdfPath)) {
    GTEST_SKIP() << "python3-jieba not installed";
  }
  auto table = IdfTable::Load(kDefaultIdfPath);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_GT((*table)->size(), 200000u);
  EXPECT_LT((*table)->Idf("的"), (*table)->Idf("疫情"));
  EXPECT_GT((*table)->median(), 5);
  EXPECT_LT((*table)->median(), 15);
}

TEST(KeywordsTest, RanksRepeatedDiscriminativeTermFirst) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"员工", "n"},
                                 {"在", "p", false, true},
                                 {"网点", "n"},
                                 {"服务", "vn"},
                                 {"，", "x"},
                                 {"网点", "n"},
                                 {"疫情", "n"},
                                 {"。", "x"},
                                 {"网点", "n"},
                                 {"银行", "n"},
                                 {"。", "x"}});
  auto keywords = extractor.Top(extractor.Score(nullptr, &body));
  ASSERT_FALSE(keywords.empty());
  EXPECT_EQ(keywords[0].term(), "网点");
  EXPECT_DOUBLE_EQ(keywords[0].weight(), 1.0);
  for (size_t i = 1; i < keywords.size(); ++i) {
    EXPECT_LE(keywords[i].weight(), keywords[i - 1].weight());
    EXPECT_GT(keywords[i].weight(), 0);
  }
}

TEST(KeywordsTest, SkipsStopChromePunctuationNumbersAndSingleChars) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"来源", "n"},
                                 {"：", "x"},
                                 {"责任编辑", "n"},
                                 {"作者", "n"},
                                 {"评论", "vn"},
                                 {"相关链接", "n"},
                                 {"我们", "r"},
                                 {"the", "eng"},
                                 {"mr", "eng"},
                                 {"two", "eng"},
                                 {"2020", "m"},
                                 {"３５", "n"},
                                 {"3.5%", "n"},
                                 {"行", "n"},
                                 {"——", "x"},
                                 {"疫情", "n"},
                                 {"进行", "v"},
                                 {"flagged", "eng", false, true}});
  TermScores scores = extractor.Score(nullptr, &body);
  ASSERT_EQ(scores.size(), 1u)
      << ::testing::PrintToString(Terms(extractor.Top(scores)));
  EXPECT_TRUE(scores.count("疫情"));
}

TEST(KeywordsTest, IgnoresSubWords) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"中华人民共和国", "ns"},
                                 {"中华", "nz", true},
                                 {"人民", "n", true},
                                 {"共和国", "n", true},
                                 {"人民", "n"}});
  TermScores scores = extractor.Score(nullptr, &body);
  EXPECT_EQ(scores.size(), 2u);
  ASSERT_TRUE(scores.count("人民"));
  ASSERT_TRUE(scores.count("中华人民共和国"));
  EXPECT_FALSE(scores.count("共和国"));
  // 人民 once as a word, not again as a sub-word: same TF, same IDF (median).
  EXPECT_DOUBLE_EQ(scores.at("人民"), scores.at("中华人民共和国"));
}

TEST(KeywordsTest, TitleOccurrencesWeighMore) {
  auto idf = IdfTable::FromEntries({{"甲乙", 5}, {"丙丁", 5}});
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto title = MakeField("title", {{"甲乙", "n"}});
  auto body = MakeField("body", {{"丙丁", "n"}});
  auto keywords = extractor.Top(extractor.Score(&title, &body));
  ASSERT_EQ(keywords.size(), 2u);
  EXPECT_EQ(keywords[0].term(), "甲乙");
  EXPECT_LT(keywords[1].weight(), 1.0);
}

TEST(KeywordsTest, CaptionsCount) {
  auto idf = IdfTable::FromEntries({{"甲乙", 5}, {"丙丁", 5}, {"戊己", 5}});
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"甲乙", "n"}, {"丙丁", "n"}});
  auto captions = MakeField("captions", {{"戊己", "n"}, {"丙丁", "n"}});
  TermScores without = extractor.TfIdf(nullptr, &body);
  TermScores with = extractor.TfIdf(nullptr, &body, &captions);
  EXPECT_FALSE(without.count("戊己"));
  ASSERT_TRUE(with.count("戊己"));
  EXPECT_GT(with.at("丙丁"), with.at("甲乙"));  // Twice, once in a caption.
  EXPECT_EQ(extractor.Top(extractor.Score(nullptr, &body, &captions))[0].term(),
            "丙丁");
}

TEST(KeywordsTest, SkipsUnknownWordsWhenAsked) {
  auto idf = IdfTable::FromEntries({{"乌克兰", 9}});
  StopWords stop = StopWords::BuiltIn();
  // 泽连 (tag n, not in the table) is what the HMM cuts from 泽连斯基.
  auto body = MakeField(
      "body", {{"乌克兰", "ns"}, {"泽连", "n"}, {"斯基", "n"}, {"李明", "nr"}});
  KeywordExtractor keep_all(idf.get(), &stop);
  EXPECT_EQ(keep_all.TfIdf(nullptr, &body).size(), 4u);
  KeywordExtractor skip(idf.get(), &stop, {.skip_unknown_words = true});
  TermScores scores = skip.TfIdf(nullptr, &body);
  EXPECT_EQ(scores.size(), 2u);
  EXPECT_TRUE(scores.count("乌克兰"));
  EXPECT_TRUE(scores.count("李明"));  // Names stay.
}

TEST(KeywordsTest, ReturnsAtMostMaxKeywords) {
  auto idf = IdfTable::FromEntries({});
  StopWords stop;
  KeywordExtractor extractor(idf.get(), &stop, {.max_keywords = 3});
  auto body =
      testing::EnglishField("body", "alpha beta gamma delta epsilon alpha");
  auto keywords = extractor.Top(extractor.Score(nullptr, &body));
  ASSERT_EQ(keywords.size(), 3u);
  EXPECT_EQ(keywords[0].term(), "alpha");
  EXPECT_TRUE(extractor.Top({}).empty());
}

TEST(KeywordsTest, MarkupAndSplitNamesInTerms) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(idf.get(), &stop);
  auto body = MakeField("body", {{"<", "x"},
                                 {"strong", "eng"},
                                 {">", "x"},
                                 {"李", "nr"},
                                 {"克强", "nr"},
                                 {"会见", "v"},
                                 {"网点", "n"}});
  std::vector<std::string> terms;
  for (const TermOccurrence& t : extractor.Terms(body)) terms.push_back(t.term);
  EXPECT_EQ(terms, (std::vector<std::string>{"李克强", "会见", "网点"}));
}

TEST(KeywordsTest, TextRankFavoursConnectedTerms) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  KeywordOptions options;
  options.textrank_window = 2;
  KeywordExtractor extractor(idf.get(), &stop, options);
  // 网点 sits between every other term.
  auto body = MakeField("body", {{"员工", "n"},
                                 {"网点", "n"},
                                 {"疫情", "n"},
                                 {"网点", "n"},
                                 {"银行", "n"},
                                 {"网点", "n"},
                                 {"服务", "vn"}});
  TermScores rank = extractor.TextRank(nullptr, &body);
  ASSERT_EQ(rank.size(), 5u);
  for (const auto& [term, r] : rank) {
    if (term != "网点") {
      EXPECT_LT(r, rank["网点"]) << term;
    }
  }
}

TEST(KeywordsTest, CorpusFrequenciesTakeOverIdf) {
  auto idf = SmallTable();
  StopWords stop = StopWords::BuiltIn();
  // In this corpus 网点 is everywhere and 员工 rare.
  auto corpus =
      DocumentFrequencies::FromCounts(2000, {{"网点", 1990}, {"员工", 3}});
  KeywordOptions options;
  options.corpus_weight = 1.0;
  KeywordExtractor plain(idf.get(), &stop, options);
  KeywordExtractor blended(idf.get(), &stop, options, corpus.get());
  EXPECT_GT(plain.Idf("网点"), plain.Idf("员工"));
  EXPECT_LT(blended.Idf("网点"), blended.Idf("员工"));
  // Below corpus_min_documents the corpus counts in proportion.
  auto small = DocumentFrequencies::FromCounts(100, {{"网点", 99}});
  KeywordExtractor partly(idf.get(), &stop, options, small.get());
  EXPECT_GT(partly.Idf("网点"), blended.Idf("网点"));
  EXPECT_LT(partly.Idf("网点"), plain.Idf("网点"));
}

TEST(DocumentFrequenciesTest, LoadsFileAndRejectsBadOnes) {
  ink::testing::TempDir dir;
  std::string good = dir.path() + "/df.txt";
  std::string bad = dir.path() + "/bad.txt";
  {
    std::ofstream(good) << "documents 10\n网点 9\n\n员工 1\n";
    std::ofstream(bad) << "网点 9\n";
  }
  auto df = DocumentFrequencies::Load(good);
  ASSERT_TRUE(df.ok()) << df.status().ToString();
  EXPECT_EQ((*df)->documents(), 10u);
  EXPECT_LT((*df)->Idf("网点"), (*df)->Idf("员工"));
  EXPECT_GT((*df)->Idf("未见"), (*df)->Idf("员工"));
  EXPECT_EQ(DocumentFrequencies::Load(bad).status().code(),
            Status::Code::kCorruption);
  EXPECT_FALSE(DocumentFrequencies::Load(dir.path() + "/none").ok());
}

TEST(StopWordsTest, AddsFileWords) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("stop.txt"), "# comment\n网点\n\n  服务 \n");
  StopWords stop = StopWords::BuiltIn();
  EXPECT_TRUE(stop.Contains("责任编辑"));
  EXPECT_TRUE(stop.Contains("責任編輯"));
  EXPECT_FALSE(stop.Contains("网点"));
  ASSERT_TRUE(stop.AddFile(dir.Sub("stop.txt")).ok());
  EXPECT_TRUE(stop.Contains("网点"));
  EXPECT_TRUE(stop.Contains("服务"));
  EXPECT_FALSE(stop.Contains("# comment"));
  EXPECT_FALSE(stop.AddFile(dir.Sub("missing.txt")).ok());
}

TEST(StopWordsTest, FindsEveryWordAddedAndNoOther) {
  StopWords stop;
  for (int i = 0; i < 5000; ++i) stop.Add("词" + std::to_string(i));
  for (int i = 0; i < 5000; ++i) {
    ASSERT_TRUE(stop.Contains("词" + std::to_string(i))) << i;
    ASSERT_FALSE(stop.Contains("字" + std::to_string(i))) << i;
  }
  EXPECT_FALSE(stop.Contains(""));
  EXPECT_EQ(stop.size(), 5000u);
}

}  // namespace
}  // namespace ink::enricher
