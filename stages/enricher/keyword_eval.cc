// keyword_eval: are the enricher's keywords discriminative? Splits the
// xwlb_zh corpus into items at each "### " heading, runs every item through
// the cleaner, segmenter and enricher in-process, stores them all in a
// temporary store, then searches the top keywords of a sample of items and
// reports the share of searches that rank the item itself first.
//
//   INK_BENCH_CORPUS   corpus folder (default ../shared/corpus/xwlb_zh);
//                      skipped cleanly when absent
//   INK_EVAL_SAMPLE    items queried, evenly spread (default 2000; 0 = all)
//   INK_EVAL_KEYWORDS  keywords per query (default 5)
//   INK_EVAL_LIMIT     items indexed at most, first files first (default 0 =
//                      all)
//   INK_EVAL_VERBOSE   1 prints every miss: title, query, matches
//   INK_EVAL_QUOTED    1 quotes each keyword (a phrase); default: the
//                      keywords as plain query words
//   INK_EVAL_CORPUS_DF 0 ranks with jieba's IDF alone (default 1: blended
//                      with the items' own document frequencies)
//   INK_EVAL_TEXTRANK_WEIGHT, INK_EVAL_TITLE_WEIGHT, INK_EVAL_CORPUS_WEIGHT,
//   INK_EVAL_SUBLINEAR, INK_EVAL_IDF_POWER override the enricher's
//   KeywordOptions, for tuning
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/bench/news_corpus.h"
#include "stages/cleaner/cleaner.h"
#include "stages/enricher/enricher.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/search.h"
#include "stages/store/store.h"

namespace ink {
namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

using Item = bench::NewsItem;

size_t EnvSize(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoul(v, nullptr, 10) : fallback;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

int Main() {
  const char* env_corpus = std::getenv("INK_BENCH_CORPUS");
  const std::string corpus =
      env_corpus != nullptr ? env_corpus : "../shared/corpus/xwlb_zh";
  const size_t sample = EnvSize("INK_EVAL_SAMPLE", 2000);
  const size_t n_keywords = EnvSize("INK_EVAL_KEYWORDS", 5);
  const size_t limit = EnvSize("INK_EVAL_LIMIT", 0);
  const bool verbose = EnvSize("INK_EVAL_VERBOSE", 0) > 0;
  const bool quoted = EnvSize("INK_EVAL_QUOTED", 0) > 0;
  std::error_code ec;
  if (!stdfs::is_directory(corpus, ec)) {
    std::printf(
        "keyword_eval: corpus %s not found; skipping (set "
        "INK_BENCH_CORPUS)\n",
        corpus.c_str());
    return 0;
  }
  std::vector<bench::NewsItem> items = bench::LoadNewsItems(corpus);
  std::set<std::string> days;
  for (const auto& it : items) days.insert(it.date);
  if (limit > 0 && items.size() > limit) items.resize(limit);
  if (items.empty()) {
    std::printf("keyword_eval: no items in %s; skipping\n", corpus.c_str());
    return 0;
  }

  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  if (!seg.ok()) {
    std::fprintf(stderr, "segmenter: %s\n", seg.status().ToString().c_str());
    return 1;
  }
  enricher::Options enricher_options;
  if (const char* w = std::getenv("INK_EVAL_TEXTRANK_WEIGHT")) {
    enricher_options.keywords.textrank_weight = std::strtod(w, nullptr);
  }
  if (const char* w = std::getenv("INK_EVAL_CORPUS_WEIGHT")) {
    enricher_options.keywords.corpus_weight = std::strtod(w, nullptr);
  }
  if (const char* w = std::getenv("INK_EVAL_IDF_POWER")) {
    enricher_options.keywords.idf_power = std::strtod(w, nullptr);
  }
  if (const char* w = std::getenv("INK_EVAL_SUBLINEAR")) {
    enricher_options.keywords.sublinear_tf = std::strtod(w, nullptr) > 0;
  }
  if (const char* w = std::getenv("INK_EVAL_TITLE_WEIGHT")) {
    enricher_options.keywords.title_weight = std::strtod(w, nullptr);
  }
  // The store's own document frequencies, as the enricher would get them
  // once the archive holds these articles (INK_EVAL_CORPUS_DF=0: jieba's
  // IDF alone).
  std::shared_ptr<const enricher::DocumentFrequencies> corpus_df;
  if (EnvSize("INK_EVAL_CORPUS_DF", 1) > 0) {
    std::unordered_map<std::string, uint64_t> df;
    std::unordered_set<std::string> seen;
    for (const Item& it : items) {
      seen.clear();
      for (std::string_view text :
           {std::string_view(it.title), std::string_view(it.body)}) {
        for (const auto& t : (*seg)->Cut(text, segmenter::Mode::kExact)) {
          if (!t.norm.empty()) seen.insert(t.norm);
        }
      }
      for (const std::string& term : seen) ++df[term];
    }
    corpus_df = enricher::DocumentFrequencies::FromCounts(
        items.size(), {df.begin(), df.end()});
  }
  auto idf = enricher::IdfTable::Load(enricher_options.idf_path);
  if (!idf.ok()) {
    std::fprintf(stderr, "idf: %s\n", idf.status().ToString().c_str());
    return 1;
  }
  auto enricher = enricher::Enricher::Create(enricher_options,
                                             std::move(idf).value(), corpus_df);
  if (!enricher.ok()) {
    std::fprintf(stderr, "enricher: %s\n",
                 enricher.status().ToString().c_str());
    return 1;
  }
  cleaner::Cleaner cleaner{cleaner::Options()};

  const char* tmp = std::getenv("TMPDIR");
  std::string dir =
      std::string(tmp != nullptr ? tmp : "/tmp") + "/ink-keyword-eval-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  struct Scratch {
    std::string path;
    ~Scratch() {
      std::error_code ignored;
      stdfs::remove_all(path, ignored);
    }
  } scratch{dir};
  store::Options store_options;
  store_options.path = dir + "/store";
  auto db = store::Store::Open(store_options, seg->get());
  if (!db.ok()) {
    std::fprintf(stderr, "store: %s\n", db.status().ToString().c_str());
    return 1;
  }

  // Clean, segment, enrich and store every item; keep the keywords.
  std::vector<std::vector<std::string>> keywords(items.size());
  std::vector<std::string> ids(items.size());
  size_t failed = 0;
  auto t0 = Clock::now();
  for (size_t i = 0; i < items.size(); ++i) {
    v1::Envelope env;
    char id[32];
    std::snprintf(id, sizeof id, "%016zx", i + 1);
    ids[i] = id;
    env.set_doc_id(id);
    env.set_source("item-" + std::to_string(i) + ".txt");
    v1::RawDocument* raw = env.mutable_raw();
    raw->set_filename(env.source());
    raw->set_content(items[i].title + "\n\n" + items[i].body + "\n");
    Status s = cleaner.Clean(*raw, env.mutable_clean());
    if (!s.ok()) {
      ++failed;
      continue;
    }
    if (env.clean().date().empty())
      env.mutable_clean()->set_date(items[i].date);
    (*seg)->SegmentArticle(env.clean(), env.mutable_segmented());
    s = (*enricher)->Enrich(env.clean(), env.segmented(),
                            env.mutable_enrichment());
    if (!s.ok()) {
      ++failed;
      continue;
    }
    for (const v1::Keyword& k : env.enrichment().keywords()) {
      if (keywords[i].size() < n_keywords) keywords[i].push_back(k.term());
    }
    env.clear_raw();
    bool duplicate = false;
    s = (*db)->Put(env, &duplicate);
    if (!s.ok()) {
      std::fprintf(stderr, "put: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  const double index_s = Seconds(t0, Clock::now());

  // Search the keywords of an even spread of items.
  store::Searcher searcher(db->get());
  store::SearchOptions options;
  options.limit = 1;
  const size_t n = sample == 0 ? items.size() : std::min(sample, items.size());
  size_t first = 0, queried = 0, no_keywords = 0;
  auto t1 = Clock::now();
  for (size_t q = 0; q < n; ++q) {
    size_t i = q * items.size() / n;
    if (keywords[i].empty()) {
      ++no_keywords;
      ++queried;
      continue;
    }
    std::string query;
    for (const std::string& k : keywords[i]) {
      // Quoted, a keyword must be found as written; unquoted, the query
      // parser's cut of it (which may differ from the cut in context:
      // 美制 alone is 美 + 制) is searched word by word.
      if (quoted) {
        query += (query.empty() ? "\"" : " \"") + k + "\"";
      } else {
        query += (query.empty() ? "" : " ") + k;
      }
    }
    ++queried;
    auto result = searcher.Search(query, options);
    if (result.ok() && !result->hits.empty() &&
        result->hits[0].doc_id() == ids[i]) {
      ++first;
    } else if (verbose) {
      std::printf(
          "miss: %s | %s | total %llu\n", items[i].title.c_str(), query.c_str(),
          result.ok() ? static_cast<unsigned long long>(result->total) : 0ULL);
    }
  }
  const double query_s = Seconds(t1, Clock::now());
  std::printf(
      "keyword_eval: %zu files, %zu items indexed (%zu failed) in %.1f s; "
      "%zu queried with their top %zu keywords in %.1f s (%zu without "
      "keywords)\n",
      days.size(), items.size(), failed, index_s, queried, n_keywords, query_s,
      no_keywords);
  std::printf("ranked first: %zu / %zu = %.2f%%\n", first, queried,
              queried > 0 ? 100.0 * first / queried : 0.0);
  return 0;
}

}  // namespace
}  // namespace ink

int main() { return ink::Main(); }
