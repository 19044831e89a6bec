// keyword_eval: are the enricher's keywords discriminative? Splits the
// xwlb_zh corpus into items at each "### " heading and runs every item
// through the cleaner, segmenter and enricher in-process, storing them all
// in a temporary store, as the pipeline does. Then it searches the store
// (the real query parser and BM25) with the top keywords of a sample of
// items and reports the share of searches that rank the item itself first,
// twice:
//   - with keywords from jieba's IDF alone (the enricher of an empty
//     archive);
//   - with jieba's IDF blended with the store's own document frequencies,
//     fetched as the enricher daemon fetches them: a TERM_STATS request for
//     the candidate terms of every article enriched, answered by the store
//     stage's request handler. The sample is enriched again with them.
//
//   INK_BENCH_CORPUS   corpus folder (default ../shared/corpus/xwlb_zh);
//                      skipped cleanly when absent
//   INK_EVAL_SAMPLE    items queried, evenly spread (default 2000; 0 = all)
//   INK_EVAL_KEYWORDS  keywords per query (default 5)
//   INK_EVAL_LIMIT     items indexed at most, first files first (default 0 =
//                      all)
//   INK_EVAL_VERBOSE   1 prints every miss: date, title, query, matches
//                      and the item ranked first instead
//   INK_EVAL_QUOTED    1 quotes each keyword (a phrase); default: the
//                      keywords as plain query words
//   INK_EVAL_TEXTRANK_WEIGHT, INK_EVAL_TITLE_WEIGHT, INK_EVAL_CORPUS_WEIGHT,
//   INK_EVAL_SUBLINEAR, INK_EVAL_IDF_POWER, INK_EVAL_SKIP_UNKNOWN,
//   INK_EVAL_SKIP_FRAGMENTS override the enricher's KeywordOptions, for
//   tuning
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
#include "stages/enricher/store_frequencies.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/search.h"
#include "stages/store/store.h"
#include "stages/store/store_stage.h"

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

// The keywords of items[i], as the pipeline makes them: cleaned,
// segmented and enriched. Fills *env (raw bytes dropped) for the store.
Status Enrich(const bench::NewsItem& item, size_t i,
              const cleaner::Cleaner& cleaner, const segmenter::Segmenter& seg,
              const enricher::Enricher& enricher, v1::Envelope* env) {
  char id[32];
  std::snprintf(id, sizeof id, "%016zx", i + 1);
  env->set_doc_id(id);
  env->set_source("item-" + std::to_string(i) + ".txt");
  v1::RawDocument* raw = env->mutable_raw();
  raw->set_filename(env->source());
  raw->set_content(item.title + "\n\n" + item.body + "\n");
  RETURN_IF_ERROR(cleaner.Clean(*raw, env->mutable_clean()));
  if (env->clean().date().empty()) env->mutable_clean()->set_date(item.date);
  seg.SegmentArticle(env->clean(), env->mutable_segmented());
  RETURN_IF_ERROR(enricher.Enrich(env->clean(), env->segmented(),
                                  env->mutable_enrichment()));
  env->clear_raw();
  return Status::OK();
}

std::vector<std::string> TopTerms(const v1::Enrichment& e, size_t n) {
  std::vector<std::string> terms;
  for (const v1::Keyword& k : e.keywords()) {
    if (terms.size() < n) terms.push_back(k.term());
  }
  return terms;
}

// Share of the sampled items ranked first by a search of their keywords.
struct Outcome {
  size_t first = 0, queried = 0, no_keywords = 0;
  double seconds = 0;
};

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
  if (const char* w = std::getenv("INK_EVAL_SKIP_UNKNOWN")) {
    enricher_options.keywords.skip_unknown_words = std::strtod(w, nullptr) > 0;
  }
  if (const char* w = std::getenv("INK_EVAL_SKIP_FRAGMENTS")) {
    enricher_options.keywords.skip_function_word_fragments =
        std::strtod(w, nullptr) > 0;
  }
  auto idf = enricher::IdfTable::Load(enricher_options.idf_path);
  if (!idf.ok()) {
    std::fprintf(stderr, "idf: %s\n", idf.status().ToString().c_str());
    return 1;
  }
  std::shared_ptr<const enricher::IdfTable> idf_table = std::move(idf).value();
  auto jieba_only = enricher::Enricher::Create(enricher_options, idf_table);
  if (!jieba_only.ok()) {
    std::fprintf(stderr, "enricher: %s\n",
                 jieba_only.status().ToString().c_str());
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
  store::Store* store = db->get();
  const segmenter::Segmenter* segmenter = seg->get();
  // The store daemon's request handler, for TERM_STATS.
  store::StoreStage store_stage(std::move(seg).value(), std::move(db).value());

  // Clean, segment, enrich (jieba's IDF) and store every item; keep the
  // keywords and note the terms as the enricher daemon does.
  std::vector<std::vector<std::string>> keywords(items.size());
  std::vector<std::string> ids(items.size());
  enricher::StoreFrequencies frequencies(SIZE_MAX);
  size_t failed = 0;
  auto t0 = Clock::now();
  for (size_t i = 0; i < items.size(); ++i) {
    v1::Envelope env;
    Status s = Enrich(items[i], i, cleaner, *segmenter, **jieba_only, &env);
    if (!s.ok()) {
      ++failed;
      continue;
    }
    ids[i] = env.doc_id();
    keywords[i] = TopTerms(env.enrichment(), n_keywords);
    frequencies.Note((*jieba_only)->CandidateTerms(env.segmented()));
    bool duplicate = false;
    s = store->Put(env, &duplicate);
    if (!s.ok()) {
      std::fprintf(stderr, "put: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  const double index_s = Seconds(t0, Clock::now());

  // The store's document frequencies, through its request handler.
  v1::StoreRequest request = frequencies.MakeRequest();
  v1::StoreReply reply;
  if (!reply.ParseFromString(
          store_stage.HandleRequest(request.SerializeAsString()))) {
    std::fprintf(stderr, "TERM_STATS: malformed reply\n");
    return 1;
  }
  auto table = frequencies.Apply(request, reply);
  if (!table.ok()) {
    std::fprintf(stderr, "TERM_STATS: %s\n", table.status().ToString().c_str());
    return 1;
  }
  auto blended =
      enricher::Enricher::Create(enricher_options, idf_table, *table);
  if (!blended.ok()) {
    std::fprintf(stderr, "enricher: %s\n", blended.status().ToString().c_str());
    return 1;
  }

  // Search the keywords of an even spread of items.
  store::Searcher searcher(store);
  store::SearchOptions options;
  options.limit = 1;
  const size_t n = sample == 0 ? items.size() : std::min(sample, items.size());
  auto evaluate = [&](const char* label,
                      const std::vector<std::vector<std::string>>& kw) {
    Outcome o;
    auto t1 = Clock::now();
    for (size_t q = 0; q < n; ++q) {
      size_t i = q * items.size() / n;
      ++o.queried;
      if (kw[i].empty()) {
        ++o.no_keywords;
        continue;
      }
      std::string query;
      for (const std::string& k : kw[i]) {
        // Quoted, a keyword must be found as written; unquoted, the query
        // parser's cut of it (which may differ from the cut in context:
        // 美制 alone is 美 + 制) is searched word by word.
        if (quoted) {
          query += (query.empty() ? "\"" : " \"") + k + "\"";
        } else {
          query += (query.empty() ? "" : " ") + k;
        }
      }
      auto result = searcher.Search(query, options);
      if (result.ok() && !result->hits.empty() &&
          result->hits[0].doc_id() == ids[i]) {
        ++o.first;
      } else if (verbose) {
        // The item ranked first instead (ids are item index + 1, in hex).
        std::string winner = "-";
        if (result.ok() && !result->hits.empty()) {
          size_t w =
              std::strtoull(result->hits[0].doc_id().c_str(), nullptr, 16);
          if (w >= 1 && w <= items.size()) {
            winner = items[w - 1].date + " " + items[w - 1].title;
          }
        }
        std::printf(
            "miss (%s): %s %s | %s | total %llu | first: %s\n", label,
            items[i].date.c_str(), items[i].title.c_str(), query.c_str(),
            result.ok() ? static_cast<unsigned long long>(result->total) : 0ULL,
            winner.c_str());
        // A keyword that does not find the item itself (cut differently
        // alone than in the item) makes the whole query miss it. The
        // searcher may return fewer hits than it counts: a common keyword
        // whose hits are all returned is the one to look at.
        store::SearchOptions all;
        all.limit = 100000;
        for (const std::string& k : kw[i]) {
          auto alone = searcher.Search(k, all);
          bool found = false;
          if (alone.ok()) {
            for (const auto& hit : alone->hits) found |= hit.doc_id() == ids[i];
          }
          if (!found) {
            std::printf(
                "  keyword does not find the item: %s (%zu of %llu hits "
                "returned)\n",
                k.c_str(), alone.ok() ? alone->hits.size() : size_t{0},
                alone.ok() ? static_cast<unsigned long long>(alone->total)
                           : 0ULL);
          }
        }
      }
    }
    o.seconds = Seconds(t1, Clock::now());
    return o;
  };
  const Outcome jieba = evaluate("jieba", keywords);

  // The sample again, enriched with the store's frequencies.
  auto t2 = Clock::now();
  for (size_t q = 0; q < n; ++q) {
    size_t i = q * items.size() / n;
    v1::Envelope env;
    if (Enrich(items[i], i, cleaner, *segmenter, **blended, &env).ok()) {
      keywords[i] = TopTerms(env.enrichment(), n_keywords);
    }
  }
  const double reenrich_s = Seconds(t2, Clock::now());
  const Outcome store_df = evaluate("store", keywords);

  std::printf(
      "keyword_eval: %zu files, %zu items indexed (%zu failed) in %.1f s; "
      "%zu queried with their top %zu keywords\n",
      days.size(), items.size(), failed, index_s, n, n_keywords);
  auto print = [](const char* what, const Outcome& o) {
    std::printf(
        "ranked first, %s: %zu / %zu = %.2f%% (%zu without keywords, "
        "%.1f s)\n",
        what, o.first, o.queried,
        o.queried > 0 ? 100.0 * o.first / o.queried : 0.0, o.no_keywords,
        o.seconds);
  };
  print("jieba IDF alone", jieba);
  std::printf(
      "store statistics: %llu documents, %d terms; sample enriched "
      "again in %.1f s\n",
      static_cast<unsigned long long>((*table)->documents()),
      request.terms_size(), reenrich_s);
  print("IDF blended with the store's", store_df);
  return 0;
}

}  // namespace
}  // namespace ink

int main() { return ink::Main(); }
