#include "stages/store/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/testing/temp_dir.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

using testing::MakeEnvelope;

// A store indexed from hand-made tokens, queried with the whitespace
// analyzer: the index, boolean logic and ranking without the dictionary.
class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.path = dir_.Sub("db");
    auto store = Store::Open(options, nullptr);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    searcher_ = std::make_unique<Searcher>(store_.get());
  }

  void Put(const v1::Envelope& env) {
    bool duplicate = false;
    ASSERT_TRUE(store_->Put(env, &duplicate).ok());
  }

  // doc_ids of the hits, best first; "error: ..." on failure.
  std::vector<std::string> HitIds(std::string_view query, size_t limit = 10,
                                  size_t offset = 0) {
    SearchResult r = Run(query, limit, offset);
    std::vector<std::string> ids;
    for (const auto& hit : r.hits) ids.push_back(hit.doc_id());
    return ids;
  }

  SearchResult Run(std::string_view query, size_t limit = 10,
                   size_t offset = 0) {
    auto q = ParseQuery(query, testing::WhitespaceAnalyzer());
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    if (!q.ok()) return {};
    SearchOptions options;
    options.limit = limit;
    options.offset = offset;
    auto r = searcher_->Search(*q, options);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : SearchResult{};
  }

  ink::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Searcher> searcher_;
};

using Ids = std::vector<std::string>;

TEST_F(SearchTest, Bm25RanksMoreOccurrencesHigher) {
  Put(MakeEnvelope("d1", "s1", "news",
                   "bank opens a new branch in town today"));
  Put(MakeEnvelope("d2", "s2", "news",
                   "bank and bank and bank again in town today"));
  Put(MakeEnvelope("d3", "s3", "news",
                   "nothing to see here at all today folks"));
  SearchResult r = Run("bank");
  EXPECT_EQ(r.total, 2u);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].doc_id(), "d2");
  EXPECT_GT(r.hits[0].score(), r.hits[1].score());
  EXPECT_GT(r.hits[1].score(), 0);
}

// Cuts a query word into its single characters, as a segmenter may cut a
// word typed alone that it cut differently inside the article.
std::vector<QueryTerm> CharAnalyzer(std::string_view text) {
  std::vector<QueryTerm> terms;
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    const unsigned char c = text[i];
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    terms.push_back(
        {std::string(text.substr(i, n)), static_cast<uint32_t>(terms.size())});
    i += n;
  }
  return terms;
}

TEST_F(SearchTest, WordCutIntoPiecesStillFindsItsIndexedWhole) {
  Put(MakeEnvelope("d1", "s1", "新闻", "泽连 斯基 今天 发表 讲话"));
  Put(MakeEnvelope("d2", "s2", "新闻", "泽 的 连 是 另外 的 字"));
  Put(MakeEnvelope("d3", "s3", "新闻", "没有 相关 的 词"));
  auto ids = [&](std::string_view text) {
    auto q = ParseQuery(text, CharAnalyzer);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    auto r = searcher_->Search(*q, SearchOptions());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    Ids out;
    for (const auto& hit : r->hits) out.push_back(hit.doc_id());
    std::sort(out.begin(), out.end());
    return out;
  };
  // The whole word as indexed (d1), and the pieces as before (d2).
  EXPECT_EQ(ids("泽连"), (Ids{"d1", "d2"}));
  // A run whose whole form is not indexed keeps only the pieces' meaning.
  EXPECT_EQ(ids("泽的"), (Ids{"d2"}));
  // Excluding the word excludes both readings.
  EXPECT_EQ(ids("今天 OR 字 -泽连"), Ids{});
}

TEST_F(SearchTest, WordLeftWithOnePieceStillFindsItsIndexedWhole) {
  Put(MakeEnvelope("d1", "s1", "新闻", "他 因病 缺席 会议"));
  Put(MakeEnvelope("d2", "s2", "新闻", "医院 里 的 病 人"));
  // The query's analyzer drops 因 as a stop word, as the segmenter does:
  // 因病 typed alone leaves the single piece 病.
  auto analyzer = [](std::string_view text) {
    std::vector<QueryTerm> terms = CharAnalyzer(text);
    std::erase_if(terms, [](const QueryTerm& t) { return t.norm == "因"; });
    return terms;
  };
  auto q = ParseQuery("因病", analyzer);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  auto r = searcher_->Search(*q, SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 2u);
  EXPECT_EQ(r->hits[0].doc_id(), "d1");  // The whole word is the rarer term.
}

TEST_F(SearchTest, TitleMatchesWeighMore) {
  Put(MakeEnvelope("d1", "s1", "weather", "rates are up in the market"));
  Put(MakeEnvelope("d2", "s2", "rates", "weather is up in the market"));
  EXPECT_EQ(HitIds("rates"), (Ids{"d2", "d1"}));
}

TEST_F(SearchTest, WordsAreAndedAndRareTermsCount) {
  Put(MakeEnvelope("d1", "s1", "t", "bank rates"));
  Put(MakeEnvelope("d2", "s2", "t", "bank"));
  Put(MakeEnvelope("d3", "s3", "t", "rates"));
  EXPECT_EQ(HitIds("bank rates"), (Ids{"d1"}));
}

TEST_F(SearchTest, PhraseMatchesOnlyAdjacentTerms) {
  Put(MakeEnvelope("d1", "s1", "t", "the central bank cut rates"));
  Put(MakeEnvelope("d2", "s2", "t", "the bank in the central square"));
  Put(MakeEnvelope("d3", "s3", "central bank", "nothing else"));
  EXPECT_EQ(HitIds("\"central bank\""), (Ids{"d3", "d1"}));
  EXPECT_EQ(Run("central bank").total, 3u);
  EXPECT_EQ(HitIds("\"bank central\""), Ids{});
  // A phrase does not span title and body.
  Put(MakeEnvelope("d4", "s4", "x central", "bank y"));
  EXPECT_EQ(Run("\"central bank\"").total, 2u);
}

TEST_F(SearchTest, QueriesOfWordsAndPhrasesAgreeWithTheGeneralEvaluation) {
  // Queries of clauses only are evaluated by intersecting the posting
  // cursors; an exclusion of a word in no document sends the same query
  // through the general evaluation. Both must give the same matches and
  // scores over documents spanning many posting blocks, with words of
  // different frequencies, titles, repeated words and superseded versions.
  const std::vector<std::string> vocab = {"a", "b", "c", "d", "e", "f",
                                          "g", "h", "i", "j", "k", "l"};
  std::mt19937 rng(7);
  auto word = [&] {
    // Skewed: "a" in most documents, "l" in few.
    return vocab[std::min<size_t>(rng() % 13, rng() % 13) % vocab.size()];
  };
  for (int i = 0; i < 700; ++i) {
    std::string title = word() + " " + word();
    std::string body;
    const int n = 3 + static_cast<int>(rng() % 25);
    for (int k = 0; k < n; ++k) body += word() + " ";
    // Every tenth document is a newer version of the one before it.
    std::string id = "d", source = "s";
    id += std::to_string(i);
    source += std::to_string(i % 10 == 9 ? i - 1 : i);
    Put(MakeEnvelope(id, source, title, body));
  }
  const std::vector<std::string> queries = {"a b",
                                            "l k",
                                            "a l",
                                            "c c",
                                            "d e f",
                                            "\"a b\"",
                                            "\"k l\"",
                                            "\"b a\" c",
                                            "title:a b",
                                            "title:l k",
                                            "\"a b\" \"c d\"",
                                            "\"a a\"",
                                            "a zzz",
                                            "title:\"a b\""};
  for (const std::string& q : queries) {
    SCOPED_TRACE(q);
    const SearchResult fast = Run(q, 1000);
    const SearchResult general = Run(q + " -zzz", 1000);
    ASSERT_EQ(fast.total, general.total);
    ASSERT_EQ(fast.hits.size(), general.hits.size());
    for (size_t i = 0; i < fast.hits.size(); ++i) {
      ASSERT_EQ(fast.hits[i].doc_id(), general.hits[i].doc_id()) << i;
      ASSERT_EQ(fast.hits[i].score(), general.hits[i].score()) << i;
    }
  }
  // A page is the same slice of the full ranking however many matches
  // were kept to make it (only offset + limit are), in either order.
  for (const std::string& q : queries) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
      SCOPED_TRACE(q);
      auto parsed = ParseQuery(q, testing::WhitespaceAnalyzer());
      ASSERT_TRUE(parsed.ok());
      SearchOptions options;
      options.sort = sort;
      options.limit = 1000;
      auto all = searcher_->Search(*parsed, options);
      ASSERT_TRUE(all.ok());
      for (size_t offset : {0, 1, 7, 40}) {
        options.limit = 7;
        options.offset = offset;
        auto page = searcher_->Search(*parsed, options);
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->total, all->total);
        const size_t want = std::min<size_t>(
            7, all->hits.size() > offset ? all->hits.size() - offset : 0);
        ASSERT_EQ(page->hits.size(), want) << offset;
        for (size_t i = 0; i < want; ++i) {
          EXPECT_EQ(page->hits[i].doc_id(), all->hits[offset + i].doc_id())
              << offset << " " << i;
        }
      }
    }
  }
  EXPECT_GT(Run("a b").total, 100u);  // The lists span several blocks.
  EXPECT_GT(Run("\"a b\"").total, 0u);
  EXPECT_EQ(Run("a zzz").total, 0u);
}

TEST_F(SearchTest, TopKSearchGivesTheExhaustivePageAndEstimatesTheTotal) {
  // Randomised indexes: skewed words, field lengths from 1 to a few
  // hundred, repeated words, documents stored several times (equal
  // scores, as a corpus indexed twice), superseded versions. The pruned
  // search (every conjunction is a top-k search) must return exactly the
  // exhaustive page: ids, order and scores. Then again after a reopen
  // (lists from segment blobs, impacts computed when asked).
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    ink::testing::TempDir dir;
    Options store_options;
    store_options.path = dir.Sub("db");
    store_options.segment_docs = 300;
    auto opened = Store::Open(store_options, nullptr);
    ASSERT_TRUE(opened.ok());
    std::unique_ptr<Store> store = std::move(opened).value();
    std::mt19937 rng(seed);
    const std::vector<std::string> vocab = {"a", "b", "c", "d", "e", "f",
                                            "g", "h", "i", "j", "k", "l"};
    auto word = [&] {
      return vocab[std::min<size_t>(rng() % 13, rng() % 13) % vocab.size()];
    };
    std::vector<std::pair<std::string, std::string>> texts;
    for (int i = 0; i < 1500; ++i) {
      if (i > 0 && rng() % 4 == 0) {
        texts.push_back(texts[rng() % texts.size()]);  // A copy.
      } else {
        std::string title = word();
        for (int k = rng() % 4; k > 0; --k) title += " " + word();
        std::string body;
        const int n =
            1 + static_cast<int>(rng() % 8 == 0 ? rng() % 400 : rng() % 30);
        for (int k = 0; k < n; ++k) body += word() + " ";
        texts.emplace_back(title, body);
      }
      std::string source = "s";
      source += std::to_string(i % 25 == 24 ? i - 1 : i);
      bool duplicate = false;
      ASSERT_TRUE(
          store
              ->Put(MakeEnvelope("d" + std::to_string(i), source,
                                 texts.back().first, texts.back().second),
                    &duplicate)
              .ok());
    }
    std::vector<std::string> queries = {
        "a b",       "a",   "a b c",   "\"a b\"", "\"b a\" c",
        "title:a b", "a a", "\"a a\"", "d e f",   "title:\"a b\""};
    for (int i = 0; i < 30; ++i) {
      const std::string x = word(), y = word();
      queries.push_back(x + " " + y);
      queries.push_back("\"" + x + " " + y + "\"");
    }
    int estimated = 0;
    for (bool reopen : {false, true}) {
      if (reopen) {
        store.reset();
        opened = Store::Open(store_options, nullptr);
        ASSERT_TRUE(opened.ok());
        store = std::move(opened).value();
      }
      Searcher searcher(store.get());
      for (const std::string& q : queries) {
        SCOPED_TRACE(q);
        auto parsed = ParseQuery(q, testing::WhitespaceAnalyzer());
        ASSERT_TRUE(parsed.ok());
        for (auto [limit, offset] :
             {std::pair<size_t, size_t>{10, 0}, {1, 0}, {3, 5}, {20, 30}}) {
          SearchOptions exact;
          exact.limit = limit;
          exact.offset = offset;
          exact.documents = false;
          exact.exact_total = true;
          SearchOptions pruned = exact;
          pruned.exact_total = false;
          pruned.exact_total_postings = 0;
          auto want = searcher.Search(*parsed, exact);
          auto got = searcher.Search(*parsed, pruned);
          ASSERT_TRUE(want.ok() && got.ok());
          EXPECT_TRUE(want->total_exact);
          ASSERT_EQ(got->hits.size(), want->hits.size()) << limit << offset;
          for (size_t i = 0; i < got->hits.size(); ++i) {
            ASSERT_EQ(got->hits[i].doc_id(), want->hits[i].doc_id()) << i;
            ASSERT_EQ(got->hits[i].score(), want->hits[i].score()) << i;
          }
          if (got->total_exact) {
            EXPECT_EQ(got->total, want->total);
          } else {
            ++estimated;
            // Never below what the page shows; in the right range.
            EXPECT_GE(got->total, offset + got->hits.size());
            EXPECT_GE(got->total, want->total / 4);
            EXPECT_LE(got->total, want->total * 4);
          }
          // Below the threshold the total is counted.
          SearchOptions counted = pruned;
          counted.exact_total_postings = 1u << 30;
          auto all = searcher.Search(*parsed, counted);
          ASSERT_TRUE(all.ok());
          EXPECT_TRUE(all->total_exact);
          EXPECT_EQ(all->total, want->total);
        }
      }
    }
    // The pruning took effect (else this test would show nothing).
    EXPECT_GT(estimated, 20);
  }
}

TEST_F(SearchTest, PhraseKeepsTheGapOfStopWords) {
  Put(MakeEnvelope("d1", "s1", "t", "bank ~of china"));
  Put(MakeEnvelope("d2", "s2", "t", "bank china"));
  // With a stop word analyzer the query "bank of china" has offsets 0 and 2.
  QueryAnalyzer drop_of = [](std::string_view text) {
    std::vector<QueryTerm> out;
    uint32_t pos = 0;
    for (const std::string& w : testing::Words(std::string(text))) {
      if (w != "of") out.push_back({w, pos});
      ++pos;
    }
    return out;
  };
  auto q = ParseQuery("\"bank of china\"", drop_of);
  ASSERT_TRUE(q.ok());
  auto r = searcher_->Search(*q, SearchOptions());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].doc_id(), "d1");
  EXPECT_EQ(HitIds("\"bank china\""), (Ids{"d2"}));
}

TEST_F(SearchTest, ExcludeRemovesMatches) {
  Put(MakeEnvelope("d1", "s1", "t", "bank rates"));
  Put(MakeEnvelope("d2", "s2", "t", "bank loans"));
  EXPECT_EQ(HitIds("bank -rates"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("bank -\"bank loans\""), (Ids{"d1"}));
  EXPECT_EQ(HitIds("-rates"), (Ids{"d2"}));  // Only exclusions: all the others.
}

TEST_F(SearchTest, OrMatchesEither) {
  Put(MakeEnvelope("d1", "s1", "t", "bank rates"));
  Put(MakeEnvelope("d2", "s2", "t", "bank loans"));
  Put(MakeEnvelope("d3", "s3", "t", "bank stocks"));
  Put(MakeEnvelope("d4", "s4", "t", "rates alone"));
  EXPECT_EQ(Run("rates OR loans").total, 3u);
  auto ids = HitIds("bank rates OR loans");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{"d1", "d2"}));
}

TEST_F(SearchTest, DateAndSourceFilters) {
  Put(MakeEnvelope("d1", "a.html", "t", "bank", "2019-12-31T23:00:00+08:00"));
  Put(MakeEnvelope("d2", "b.html", "t", "bank", "2020-01-01"));
  Put(MakeEnvelope("d3", "c.html", "t", "bank", "2020-06-15T08:00:00Z"));
  Put(MakeEnvelope("d4", "d.html", "t", "bank", ""));  // No date.
  EXPECT_EQ(HitIds("bank after:2020-01-01"),
            (Ids{"d3", "d2"}));  // Newest first on ties.
  EXPECT_EQ(HitIds("bank before:2020-01-01"), (Ids{"d1"}));
  EXPECT_EQ(HitIds("bank after:2020-01-01 before:2020-06-15"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("bank source:c.html"), (Ids{"d3"}));
  EXPECT_EQ(Run("bank (source:a.html OR source:d.html)").total, 2u);
  EXPECT_EQ(Run("bank source:a.html source:d.html").total, 0u);  // AND.
  EXPECT_EQ(Run("bank -source:a.html").total, 3u);
  EXPECT_EQ(HitIds("source:b.html"), (Ids{"d2"}));  // Filters alone.
}

TEST_F(SearchTest, SourceFilterMatchesThePublisherToo) {
  auto env = MakeEnvelope("d1", "a.html", "t", "bank");
  env.mutable_clean()->set_source("Xinhua");
  Put(env);
  Put(MakeEnvelope("d2", "b.html", "t", "bank"));
  EXPECT_EQ(HitIds("bank source:Xinhua"), (Ids{"d1"}));
}

TEST_F(SearchTest, SupersededVersionsAreHidden) {
  Put(MakeEnvelope("d1", "report.html", "t", "bank old"));
  Put(MakeEnvelope("d2", "report.html", "t", "bank new"));
  EXPECT_EQ(HitIds("bank"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("old"), Ids{});
  EXPECT_EQ(HitIds("source:report.html"), (Ids{"d2"}));
  EXPECT_TRUE(store_->Get("d1").ok());  // Still retrievable.
}

TEST_F(SearchTest, PagingWithLimitAndOffset) {
  for (int i = 0; i < 5; ++i) {
    std::string body = "bank";
    for (int j = 0; j < i; ++j) body += " bank";
    const std::string n = std::to_string(i);
    Put(MakeEnvelope(std::string("d").append(n), std::string("s").append(n),
                     "t", body));
  }
  SearchResult page = Run("bank", 2, 1);
  EXPECT_EQ(page.total, 5u);
  ASSERT_EQ(page.hits.size(), 2u);
  EXPECT_EQ(HitIds("bank", 5), (Ids{"d4", "d3", "d2", "d1", "d0"}));
  EXPECT_EQ(HitIds("bank", 2, 1), (Ids{"d3", "d2"}));
  EXPECT_EQ(HitIds("bank", 2, 4), (Ids{"d0"}));
  EXPECT_EQ(HitIds("bank", 2, 9), Ids{});
  // An offset past any page is an empty page, not a huge buffer.
  SearchResult far = Run("bank", 10, SIZE_MAX - 3);
  EXPECT_EQ(far.total, 5u);
  EXPECT_TRUE(far.hits.empty());
}

TEST_F(SearchTest, HitCarriesDocumentFields) {
  Put(MakeEnvelope("d1", "a.html", "central bank",
                   "the central bank cut rates"));
  SearchResult r = Run("rates");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].title(), "central bank");
  EXPECT_EQ(r.hits[0].source(), "a.html");  // No publisher: the file name.
  EXPECT_EQ(r.hits[0].file(), "a.html");
  EXPECT_EQ(r.hits[0].date(), "2020-03-31T16:40:00+08:00");
  EXPECT_EQ(r.hits[0].snippet_plain(), "the central bank cut rates");
}

TEST_F(SearchTest, ParenthesesGroupAndNegate) {
  Put(MakeEnvelope("d1", "s1", "t", "bank rates"));
  Put(MakeEnvelope("d2", "s2", "t", "bank loans"));
  Put(MakeEnvelope("d3", "s3", "t", "fund rates"));
  Put(MakeEnvelope("d4", "s4", "t", "fund loans"));
  EXPECT_EQ(Run("(bank OR fund) rates").total, 2u);
  EXPECT_EQ(HitIds("(bank rates) OR (fund loans)").size(), 2u);
  EXPECT_EQ(HitIds("-(bank rates) loans OR rates").size(), 3u);
  EXPECT_EQ(HitIds("bank -(rates OR x)"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("rates OR -bank").size(), 3u);  // d1, d3, d4.
}

TEST_F(SearchTest, TitleFilterLooksOnlyAtTitles) {
  Put(MakeEnvelope("d1", "s1", "bank news", "rates"));
  Put(MakeEnvelope("d2", "s2", "news", "bank rates"));
  EXPECT_EQ(HitIds("title:bank"), (Ids{"d1"}));
  EXPECT_EQ(HitIds("title:\"bank news\""), (Ids{"d1"}));
  EXPECT_EQ(HitIds("rates -title:bank"), (Ids{"d2"}));
}

TEST_F(SearchTest, TagFiltersUseTheEnrichmentAndArticle) {
  auto a = MakeEnvelope("d1", "s1", "t", "bank");
  a.mutable_clean()->add_authors("Li Wei");
  a.mutable_enrichment()->set_language("zh-Hans");
  auto* e = a.mutable_enrichment()->add_entities();
  e->set_type("organization");
  e->set_text("工行三明分行");
  e->set_normalized("工行三明分行");
  a.mutable_enrichment()->add_keywords()->set_term("金融服务");
  Put(a);
  auto b = MakeEnvelope("d2", "s2", "t", "bank");
  b.mutable_enrichment()->set_language("en");
  b.mutable_enrichment()->add_keywords()->set_term("Rates");
  Put(b);
  EXPECT_EQ(HitIds("author:\"li wei\""), (Ids{"d1"}));
  EXPECT_EQ(HitIds("bank lang:zh"), (Ids{"d1"}));
  EXPECT_EQ(HitIds("lang:zh-hans"), (Ids{"d1"}));
  EXPECT_EQ(HitIds("lang:EN"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("entity:工行三明分行"), (Ids{"d1"}));
  EXPECT_EQ(HitIds("keyword:金融服务 OR keyword:rates").size(), 2u);
  EXPECT_EQ(HitIds("bank -entity:工行三明分行"), (Ids{"d2"}));
  EXPECT_EQ(HitIds("entity:nobody"), Ids{});
}

TEST_F(SearchTest, SortByDate) {
  Put(MakeEnvelope("d1", "s1", "t", "bank bank bank", "2020-01-01"));
  Put(MakeEnvelope("d2", "s2", "t", "bank", "2021-05-01"));
  Put(MakeEnvelope("d3", "s3", "t", "bank x y z", ""));
  EXPECT_EQ(HitIds("bank"), (Ids{"d1", "d2", "d3"}));
  auto q = ParseQuery("bank", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(q.ok());
  SearchOptions options;
  options.sort = SortOrder::kDate;
  auto r = searcher_->Search(*q, options);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 3u);
  EXPECT_EQ(r->hits[0].doc_id(), "d2");
  EXPECT_EQ(r->hits[1].doc_id(), "d1");
  EXPECT_EQ(r->hits[2].doc_id(), "d3");  // Undated last.
  EXPECT_TRUE(ParseSortOrder("date").ok());
  EXPECT_FALSE(ParseSortOrder("size").ok());
}

TEST_F(SearchTest, CollapseKeepsTheBestHitOfEachCluster) {
  auto a = MakeEnvelope("d1", "s1", "t", "bank bank rates");
  a.mutable_enrichment()->set_simhash(0x0123456789ABCDEFULL);
  auto b = MakeEnvelope("d2", "s2", "t", "bank rates");
  b.mutable_enrichment()->set_simhash(0x0123456789ABCDEEULL);  // 1 bit off.
  auto c = MakeEnvelope("d3", "s3", "t", "bank x y z w");
  c.mutable_enrichment()->set_simhash(0xFEDCBA9876543210ULL);
  Put(a);
  Put(b);
  Put(c);
  auto q = ParseQuery("bank", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(q.ok());
  SearchOptions options;
  options.collapse = true;
  auto r = searcher_->Search(*q, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2u);
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_EQ(r->hits[0].doc_id(), "d1");
  EXPECT_EQ(r->hits[0].cluster(), "d1");
  EXPECT_EQ(r->hits[0].collapsed(), 1u);
  EXPECT_EQ(r->hits[1].doc_id(), "d3");
  EXPECT_EQ(HitIds("cluster:d1").size(), 2u);
  EXPECT_EQ(Run("bank").total, 3u);  // Without collapse.
}

TEST_F(SearchTest, FacetsCountTheMatches) {
  auto a = MakeEnvelope("d1", "a.html", "t", "bank", "2020-01-05");
  a.mutable_clean()->set_source("Xinhua");
  a.mutable_enrichment()->set_language("zh-Hans");
  auto* e = a.mutable_enrichment()->add_entities();
  e->set_text("三明");
  e->set_normalized("三明");
  Put(a);
  auto b = MakeEnvelope("d2", "b.html", "t", "bank", "2020-01-20");
  b.mutable_enrichment()->set_language("zh-Hans");
  *b.mutable_enrichment()->add_entities() = *e;
  auto* pct = b.mutable_enrichment()->add_entities();
  pct->set_type("percent");
  pct->set_text("15%");
  Put(b);
  Put(MakeEnvelope("d3", "c.html", "t", "other", "2020-02-01"));
  auto q = ParseQuery("bank", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(q.ok());
  SearchOptions options;
  options.facets = true;
  auto r = searcher_->Search(*q, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->facets["source"]["Xinhua"], 1);
  // No publisher: not the file name.
  EXPECT_EQ(r->facets["source"]["(none)"], 1);
  EXPECT_FALSE(r->facets["source"].contains("b.html"));
  EXPECT_EQ(r->facets["language"]["zh-Hans"], 2);
  EXPECT_EQ(r->facets["month"]["2020-01"], 2);
  EXPECT_FALSE(r->facets["month"].contains("2020-02"));
  // Named entities only: the percentage is left out.
  ASSERT_EQ(r->facets["entity"].size(), 1u);
  EXPECT_EQ(r->facets["entity"][0][0], "三明");
  EXPECT_EQ(r->facets["entity"][0][1], 2);
}

TEST_F(SearchTest, SearchByTextNeedsASegmenter) {
  auto r = searcher_->Search("bank", SearchOptions());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
}

// The real segmenter: Chinese indexing, queries and highlight offsets.
class ChineseSearchTest : public ::testing::Test {
 protected:
  // One dictionary load for the suite: the segmenter is immutable.
  static void SetUpTestSuite() {
    auto seg = segmenter::Segmenter::Create(segmenter::Options());
    if (seg.ok()) seg_ = std::move(seg).value().release();
  }
  static void TearDownTestSuite() {
    delete seg_;
    seg_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(seg_, nullptr) << "the jieba dictionary did not load";
    Options options;
    options.path = dir_.Sub("db");
    auto store = Store::Open(options, seg_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    searcher_ = std::make_unique<Searcher>(store_.get());
  }

  void Put(const std::string& id, const std::string& title,
           const std::vector<std::string>& paragraphs) {
    v1::Envelope env;
    env.set_doc_id(id);
    env.set_source(id + ".txt");
    env.mutable_clean()->set_title(title);
    env.mutable_clean()->set_date("2020-03-31");
    for (const auto& p : paragraphs) env.mutable_clean()->add_paragraphs(p);
    seg_->SegmentArticle(env.clean(), env.mutable_segmented());
    bool duplicate = false;
    ASSERT_TRUE(store_->Put(env, &duplicate).ok());
  }

  // The code points [begin, end) of UTF-8 `s`.
  static std::string Chars(const std::string& s, uint32_t begin, uint32_t end) {
    std::string out;
    uint32_t index = 0;
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      unsigned char c = s[i];
      if (c >= 0xF0)
        len = 4;
      else if (c >= 0xE0)
        len = 3;
      else if (c >= 0xC0)
        len = 2;
      if (index >= begin && index < end) out.append(s, i, len);
      ++index;
      i += len;
    }
    return out;
  }

  static inline segmenter::Segmenter* seg_ = nullptr;
  ink::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(ChineseSearchTest, HighlightsAreAtTheRightCharOffsets) {
  Put("c1", "银行动态",
      {"今天上午，多家银行宣布调整业务。",
       "记者了解到，这家银行将扩大金融服务范围，并加强对小微企业的金融服务。"});
  Put("c2", "天气", {"明天有雨。"});
  auto r = searcher_->Search("\"金融服务\"", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1u);
  const v1::Hit& hit = r->hits[0];
  EXPECT_EQ(hit.doc_id(), "c1");
  ASSERT_EQ(hit.highlights_size(), 2) << hit.snippet();
  for (const auto& span : hit.highlights()) {
    EXPECT_EQ(Chars(hit.snippet_plain(), span.char_begin(), span.char_end()),
              "金融服务")
        << hit.snippet();
  }
  EXPECT_NE(hit.snippet().find("[[金融服务]]"), std::string::npos)
      << hit.snippet();
  EXPECT_EQ(hit.snippet_plain().find('\n'), std::string::npos);
}

TEST_F(ChineseSearchTest, ChineseRunIsAndOfItsWords) {
  Put("c1", "央行宣布降息", {"中国人民银行今天宣布降息。"});
  Put("c2", "央行动态", {"央行今天召开会议。"});
  Put("c3", "降息预期", {"市场预期降息。"});
  auto r = searcher_->Search("央行降息", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1u);
  EXPECT_EQ(r->hits[0].doc_id(), "c1");
  r = searcher_->Search("央行 OR 降息", SearchOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 3u);
  r = searcher_->Search("降息 -央行", SearchOptions());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->total, 1u);
  EXPECT_EQ(r->hits[0].doc_id(), "c3");
}

TEST_F(ChineseSearchTest, LongBodySnippetWindowsAroundTheMatch) {
  std::string filler;
  for (int i = 0; i < 30; ++i) filler += "今天天气很好。";
  Put("c1", "标题", {filler + "央行宣布降息，市场反应积极。" + filler});
  auto r = searcher_->Search("降息", SearchOptions());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const v1::Hit& hit = r->hits[0];
  ASSERT_EQ(hit.highlights_size(), 1) << hit.snippet();
  EXPECT_EQ(Chars(hit.snippet_plain(), hit.highlights(0).char_begin(),
                  hit.highlights(0).char_end()),
            "降息");
  // The window starts at the sentence of the match, within the lead-in.
  EXPECT_EQ(Chars(hit.snippet_plain(), 0, 4), "央行宣布");
  EXPECT_EQ(hit.highlights(0).char_begin(), 4u);
  EXPECT_LE(Chars(hit.snippet_plain(), 0, 1000).size(),
            hit.snippet_plain().size());
}

TEST_F(ChineseSearchTest, SnippetNeverStartsInsideAWord) {
  std::string filler;
  for (int i = 0; i < 5; ++i) filler += "今天天气很好，";
  Put("c1", "标题",
      {filler + "新年伊始，新冠肺炎疫情牵动人心，各地积极防控。"});
  auto r = searcher_->Search("疫情", SearchOptions());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string plain = r->hits[0].snippet_plain();
  // No sentence starts in the lead-in, so it begins at a word.
  for (const char* cut : {"年伊始", "天气很好", "气很好", "很好", "好，"}) {
    EXPECT_NE(plain.rfind(cut, 0), 0u) << plain;
  }
}

TEST_F(ChineseSearchTest, MalformedQueryIsInvalidArgument) {
  auto r = searcher_->Search("\"金融服务", SearchOptions());
  EXPECT_TRUE(r.status().IsInvalidArgument()) << r.status().ToString();
}

TEST_F(ChineseSearchTest, QueriesAreNormalisedLikeTheIndex) {
  Put("c1", "银行动态", {"多家银行宣布调整利率。"});
  // Traditional characters fold to the simplified ones indexed.
  auto r = searcher_->Search("銀行", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1u);
  EXPECT_NE(r->hits[0].snippet().find("[[银行]]"), std::string::npos)
      << r->hits[0].snippet();
}

TEST_F(ChineseSearchTest, WordInsideALongerWordIsFound) {
  Put("c1", "疫情通报", {"新冠肺炎疫情防控工作取得进展。"});
  Put("c2", "天气", {"明天有雨。"});
  auto r = searcher_->Search("肺炎", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1u);
  EXPECT_EQ(r->hits[0].doc_id(), "c1");
  r = searcher_->Search("\"肺炎疫情\"", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 1u);
  r = searcher_->Search("新冠肺炎", SearchOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 1u);
}

TEST_F(ChineseSearchTest, WordOnlyInsideALongerWordInTheTextIsFound) {
  // The text's 武汉经济技术开发区 is one word holding 经济, 技术, 开发区;
  // the query alone is cut 经济|技术开发区, a word no article holds.
  Put("c1", "支行动态", {"建行湖北武汉经济技术开发区支行的员工照常上班。"});
  Put("c2", "技术", {"这项技术由开发商提供。"});
  for (const char* q : {"经济技术开发区", "经济技术开发区 支行"}) {
    auto r = searcher_->Search(q, SearchOptions());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->total, 1u) << q;
    EXPECT_EQ(r->hits[0].doc_id(), "c1");
    EXPECT_NE(r->hits[0].snippet().find("[["), std::string::npos);
  }
  // A word in no article, whole or in pieces, still finds nothing.
  auto r = searcher_->Search("量子计算机", SearchOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 0u);
}

TEST_F(ChineseSearchTest, UnknownNameKeptWholeInTheQueryFindsItsPieces) {
  // In a sentence the segmenter cuts 翁|丁|古寨; typed alone, the HMM keeps
  // 翁丁古寨 whole, a term no article holds.
  Put("c1", "古寨游", {"沧源县的翁丁古寨迎来了游客。"});
  Put("c2", "游客", {"古寨迎来了游客。"});
  auto r = searcher_->Search("翁丁古寨", SearchOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1u);
  EXPECT_EQ(r->hits[0].doc_id(), "c1");
}

}  // namespace
}  // namespace ink::store
