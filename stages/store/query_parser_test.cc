#include "stages/store/query_parser.h"

#include <gtest/gtest.h>

#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

std::string Parse(std::string_view q) {
  auto r = ParseQuery(q, testing::WhitespaceAnalyzer());
  return r.ok() ? r->DebugString() : r.status().ToString();
}

TEST(QueryParserTest, WordsAreAndedByDefault) {
  EXPECT_EQ(Parse("bank rates"), "AND(bank, rates)");
  EXPECT_EQ(Parse("  bank \t rates  "), "AND(bank, rates)");
}

TEST(QueryParserTest, OrBindsTighterThanAnd) {
  EXPECT_EQ(Parse("x a OR b"), "AND(x, OR(a, b))");
  EXPECT_EQ(Parse("a OR b OR \"c d\" y"), "AND(OR(a, b, \"c d\"), y)");
  EXPECT_EQ(Parse("a or b"), "AND(a, or, b)");  // Only upper-case OR.
}

TEST(QueryParserTest, PhrasesAndExclusions) {
  EXPECT_EQ(Parse("\"bank rates\" -cut -\"new york\""),
            "AND(\"bank rates\", NOT(cut), NOT(\"new york\"))");
  EXPECT_EQ(Parse("“bank rates”"), "AND(\"bank rates\")");
  EXPECT_EQ(Parse("\"single\""), "AND(single)");
  EXPECT_EQ(Parse("a-b"), "AND(a-b)");
}

TEST(QueryParserTest, Filters) {
  EXPECT_EQ(Parse("bank source:a.html after:2020-01-01 before:2021-01-01"),
            "AND(bank) source=a.html after=2020-01-01 before=2021-01-01");
  EXPECT_EQ(Parse("source:\"Xinhua News\" -source:b"),
            "AND() source=Xinhua News -source=b");
  EXPECT_EQ(Parse("after:2020-01-01 after:2020-06-01"),
            "AND() after=2020-06-01");
  EXPECT_EQ(Parse("Source:x"), "AND() source=x");
  EXPECT_EQ(Parse("time:10:30"), "AND(time:10:30)");  // Unknown field: a word.
}

TEST(QueryParserTest, PhraseOffsetsAreRelative) {
  auto q = ParseQuery("\"a b c\"", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->required.size(), 1u);
  const Clause& c = q->required[0][0];
  EXPECT_TRUE(c.phrase);
  ASSERT_EQ(c.terms.size(), 3u);
  EXPECT_EQ(c.terms[2].offset, 2u);
  EXPECT_EQ(q->PositiveTerms(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(QueryParserTest, MalformedQueriesAreInvalidArgument) {
  for (const char* bad :
       {"\"unbalanced", "bank \"rates", "", "   ", "OR bank", "bank OR",
        "a OR OR b", "a OR -b", "after:2020-13-01", "after:yesterday",
        "before:2020-1-1", "source:", "-after:2020-01-01"}) {
    auto r = ParseQuery(bad, testing::WhitespaceAnalyzer());
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.status().IsInvalidArgument())
        << bad << ": " << r.status().ToString();
  }
  auto r = ParseQuery("bank \"rates", testing::WhitespaceAnalyzer());
  EXPECT_NE(r.status().message().find("unbalanced quote"), std::string::npos)
      << r.status().ToString();
}

TEST(QueryParserTest, StopWordOnlyClausesAreDropped) {
  QueryAnalyzer drop_the = [](std::string_view text) {
    std::vector<QueryTerm> out;
    uint32_t pos = 0;
    for (const std::string& w : testing::Words(std::string(text))) {
      if (w != "the") out.push_back({w, pos});
      ++pos;  // Stop words keep their position.
    }
    return out;
  };
  EXPECT_EQ(ParseQuery("x the OR y", drop_the)->DebugString(), "AND(x, y)");
  EXPECT_EQ(ParseQuery("the", drop_the).status().code(),
            Status::Code::kInvalidArgument);
  auto q = ParseQuery("\"bank the rates\"", drop_the);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->required[0][0].terms[1].offset,
            2u);  // The gap of the stop word.
}

TEST(QueryParserTest, ChineseRunBecomesRequiredTerms) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  auto q = ParseQuery("央行降息", SegmenterAnalyzer(seg->get()));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->DebugString(), "AND(央行+降息)");
  q = ParseQuery("\"金融服务\" -股市", SegmenterAnalyzer(seg->get()));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->DebugString(), "AND(金融服务, NOT(股市))");
}

}  // namespace
}  // namespace ink::store
