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
            "AND(bank, source:a.html, after:2020-01-01, before:2021-01-01)");
  EXPECT_EQ(Parse("source:\"Xinhua News\" -source:b"),
            "AND(source:Xinhua News, NOT(source:b))");
  EXPECT_EQ(Parse("Source:x"), "AND(source:x)");
  EXPECT_EQ(Parse("10:30 http://x.org/a"), "AND(10:30, http://x.org/a)");
  EXPECT_EQ(Parse("author:\"Li Wei\" lang:ZH-Hans entity:工行三明分行"),
            "AND(author:li wei, lang:zh-hans, entity:工行三明分行)");
  EXPECT_EQ(Parse("keyword:Bank cluster:abc -entity:x"),
            "AND(keyword:bank, cluster:abc, NOT(entity:x))");
  EXPECT_EQ(Parse("title:bank title:\"bank rates\" -title:x"),
            "AND(title:bank, title:\"bank rates\", NOT(title:x))");
  EXPECT_EQ(Parse("-after:2020-01-01"), "AND(NOT(after:2020-01-01))");
}

TEST(QueryParserTest, Parentheses) {
  EXPECT_EQ(Parse("(a OR b) c"), "AND(OR(a, b), c)");
  EXPECT_EQ(Parse("x (a b) OR c"), "AND(x, OR(AND(a, b), c))");
  EXPECT_EQ(Parse("-(a b) c"), "AND(NOT(AND(a, b)), c)");
  EXPECT_EQ(Parse("((a))"), "AND(a)");
  EXPECT_EQ(Parse("(a OR source:s) -(b OR \"c d\")"),
            "AND(OR(a, source:s), NOT(OR(b, \"c d\")))");
  EXPECT_EQ(Parse("a OR -b"), "AND(OR(a, NOT(b)))");
  EXPECT_EQ(Parse("f(x)"), "AND(f, x)");
}

TEST(QueryParserTest, ErrorsNameTheProblem) {
  auto message = [](std::string_view q) {
    return ParseQuery(q, testing::WhitespaceAnalyzer()).status().ToString();
  };
  EXPECT_NE(message("(a b").find("'(' at character 0 is never closed"),
            std::string::npos);
  EXPECT_NE(message("a b)").find("')' at character 3 has no matching"),
            std::string::npos);
  EXPECT_NE(message("a ()").find("empty parentheses"), std::string::npos);
  EXPECT_NE(message("foo:bar").find("unknown field 'foo:'"), std::string::npos);
  EXPECT_NE(message("after:2020-02-40").find("bad date"), std::string::npos);
  EXPECT_NE(message("a OR").find("OR at character 2"), std::string::npos);
  EXPECT_NE(message(std::string(100, '(') + "a" + std::string(100, ')'))
                .find("nested deeper"),
            std::string::npos);
}

TEST(QueryParserTest, ArbitraryBytesNeverCrash) {
  // A small deterministic fuzz: every result is a query or InvalidArgument.
  std::string alphabet = "ab \"()-:OR\xE2\x80\x9C\xE2\x80\x9D\xFF";
  alphabet.push_back('\0');
  uint64_t state = 42;
  for (int round = 0; round < 20000; ++round) {
    std::string q;
    size_t len = state % 24;
    for (size_t i = 0; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      q.push_back(alphabet[(state >> 33) % alphabet.size()]);
    }
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    auto r = ParseQuery(q, testing::WhitespaceAnalyzer());
    if (!r.ok()) {
      EXPECT_TRUE(r.status().IsInvalidArgument()) << r.status().ToString();
    } else {
      EXPECT_FALSE(r->root.children.empty());
    }
  }
}

TEST(QueryParserTest, PhraseOffsetsAreRelative) {
  auto q = ParseQuery("\"a b c\"", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->root.children.size(), 1u);
  const Clause& c = q->root.children[0].clause;
  EXPECT_TRUE(c.phrase);
  ASSERT_EQ(c.terms.size(), 3u);
  EXPECT_EQ(c.terms[2].offset, 2u);
  EXPECT_EQ(q->PositiveTerms(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(QueryParserTest, MalformedQueriesAreInvalidArgument) {
  for (const char* bad :
       {"\"unbalanced", "bank \"rates", "", "   ", "OR bank", "bank OR",
        "a OR OR b", "after:2020-13-01", "after:yesterday", "before:2020-1-1",
        "source:", "(a", "a)", "()", "x:y", "(a OR)",
        "title:", "entity:\"\""}) {
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
  EXPECT_EQ(q->root.children[0].clause.terms[1].offset,
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
