#include "stages/enricher/keyword_forms.h"

#include <gtest/gtest.h>

namespace ink::enricher {
namespace {

// Occurrences of `stem` at each place `word` is written in `text`.
void Add(std::vector<TermOccurrence>* out, std::string_view text,
         std::string_view word, std::string_view stem) {
  for (size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    TermOccurrence o;
    o.term = std::string(stem);
    o.byte_begin = static_cast<uint32_t>(at);
    o.byte_end = static_cast<uint32_t>(at + word.size());
    out->push_back(o);
  }
}

std::vector<v1::Keyword> Keywords(std::initializer_list<const char*> terms) {
  std::vector<v1::Keyword> out;
  for (const char* t : terms) out.emplace_back().set_term(t);
  return out;
}

TEST(KeywordFormsTest, StemsAreShownAsTheArticleWritesThem) {
  const std::string title = "Crisis in Argentina";
  const std::string body =
      "The crisis deepened. Argentina said the crisis was over. Crises come "
      "and go, people said. NATO met.";
  FieldTerms terms;
  Add(&terms.title, title, "Crisis", "crisi");
  Add(&terms.title, title, "Argentina", "argentina");
  Add(&terms.body, body, "crisis", "crisi");
  Add(&terms.body, body, "Crises", "crisi");
  Add(&terms.body, body, "Argentina", "argentina");
  Add(&terms.body, body, "people", "peopl");
  Add(&terms.body, body, "NATO", "nato");
  auto keywords =
      Keywords({"crisi", "argentina", "peopl", "nato", "三明", "absent"});
  keywords[0].set_weight(1);
  ShowKeywordsAsWritten(terms, title, body, "", &keywords);
  // "crisis" 3 times (once capitalised at a headline's start), "crises" once.
  EXPECT_EQ(keywords[0].term(), "crisis");
  EXPECT_EQ(keywords[0].weight(), 1);
  EXPECT_EQ(keywords[1].term(), "Argentina");  // Always capitalised.
  EXPECT_EQ(keywords[2].term(), "people");
  EXPECT_EQ(keywords[3].term(), "NATO");
  EXPECT_EQ(keywords[4].term(), "三明");    // Not a Latin term.
  EXPECT_EQ(keywords[5].term(), "absent");  // Not in the article's terms.
}

}  // namespace
}  // namespace ink::enricher
