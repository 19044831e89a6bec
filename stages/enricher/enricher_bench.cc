// Cost of the enricher's per-article work, on articles segmented by the
// real segmenter as the pipeline does. The budget of issue #7 is 0.3 ms of
// one core per xwlb_zh article.
//   enricher_bench [--benchmark_filter=...]
//   INK_BENCH_CORPUS=dir  the xwlb_zh corpus (its "### " items, up to
//                         INK_BENCH_ARTICLES, default 2000); without it a
//                         few built-in news articles.
// BM_Enrich is Enricher::Enrich() alone; BM_Process is what the stage does
// per article (its candidate terms noted for the store statistics too);
// BM_Keywords, BM_Entities, BM_Summary and BM_Fingerprint are its parts.
//   INK_BENCH_DUMP=file   instead of benchmarking, writes each article's
//                         Enrichment (protobuf text format, one article
//                         after another) to the file: diff two dumps to see
//                         that a speed change left the output alone.
#include <benchmark/benchmark.h>
#include <google/protobuf/text_format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/bench/news_corpus.h"
#include "stages/enricher/enricher.h"
#include "stages/enricher/entities.h"
#include "stages/enricher/field_tokens.h"
#include "stages/enricher/simhash.h"
#include "stages/enricher/store_frequencies.h"
#include "stages/enricher/summary.h"
#include "stages/segmenter/segmenter.h"

namespace ink::enricher {
namespace {

struct Article {
  v1::CleanArticle clean;
  v1::SegmentedArticle segmented;
};

// Built-in articles in the style of the corpus: a dated broadcast item, a
// bank branch notice and a short bilingual wire item.
const char* const kBuiltIn[][2] = {
    {"国务院新闻办公室举行新闻发布会 介绍一季度经济运行情况",
     "新华社北京3月31日电 国务院新闻办公室31日举行新闻发布会，介绍2020年"
     "一季度经济运行情况。国家统计局新闻发言人毛盛勇表示，初步核算，一季度"
     "国内生产总值206504亿元，按可比价格计算，同比下降6.8%。\n\n"
     "分产业看，第一产业增加值10186亿元，下降3.2%；第二产业增加值73638亿"
     "元，下降9.6%；第三产业增加值122680亿元，下降5.2%。3月份，全国规模以"
     "上工业增加值同比下降1.1%，降幅比1-2月份收窄12.4个百分点。\n\n"
     "毛盛勇指出，随着疫情防控形势持续向好，复工复产加快推进，主要指标降幅"
     "明显收窄，经济运行秩序逐步恢复。"},
    {"中国银行襄阳分行全力做好疫情期间金融服务",
     "疫情发生以来，中国银行襄阳分行认真贯彻落实总行和湖北省分行部署，"
     "在做好员工防护的同时，全力保障基本金融服务。\n\n"
     "该行营业网点坚持正常营业，每日对网点进行消毒，为客户提供口罩和"
     "免洗洗手液。截至2月20日，该行已向12家防疫物资生产企业发放贷款3.5"
     "亿元，并开通绿色通道，最快当天完成审批。\n\n"
     "襄阳市副市长李明对中国银行的支持表示感谢。"},
    {"世卫组织：欧洲新增病例上升",
     "The World Health Organization said on Tuesday that cases rose 50% in "
     "Europe.\n\n世界卫生组织总干事谭德塞在日内瓦表示，欧洲过去一周新增病例"
     "上升五成，呼吁各国加强检测和追踪。"},
};

std::vector<std::string> Paragraphs(const std::string& body) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= body.size()) {
    size_t end = body.find("\n\n", begin);
    if (end == std::string::npos) end = body.size();
    if (end > begin) out.push_back(body.substr(begin, end - begin));
    begin = end + 2;
  }
  return out;
}

const std::vector<Article>& Articles() {
  static const std::vector<Article>* articles = [] {
    auto* out = new std::vector<Article>();
    auto seg = segmenter::Segmenter::Create(segmenter::Options()).value();
    auto add = [&](const std::string& title, const std::string& body,
                   const std::string& date) {
      Article& a = out->emplace_back();
      a.clean.set_title(title);
      a.clean.set_date(date);
      a.clean.set_source("新闻联播");
      for (std::string& p : Paragraphs(body)) a.clean.add_paragraphs(p);
      seg->SegmentArticle(a.clean, &a.segmented);
    };
    size_t limit = 2000;
    if (const char* n = std::getenv("INK_BENCH_ARTICLES")) {
      limit = std::strtoul(n, nullptr, 10);
    }
    if (const char* dir = std::getenv("INK_BENCH_CORPUS")) {
      std::vector<bench::NewsItem> items = bench::LoadNewsItems(dir);
      // An even spread over the years, not the first days only.
      const size_t n = std::min(limit, items.size());
      for (size_t i = 0; i < n; ++i) {
        const bench::NewsItem& item = items[i * items.size() / n];
        add(item.title, item.body, item.date);
      }
    }
    if (out->empty()) {
      for (const auto& [title, body] : kBuiltIn) add(title, body, "2020-03-31");
    }
    return out;
  }();
  return *articles;
}

const Enricher& Shared() {
  static Enricher* e = Enricher::Create(Options()).value().release();
  return *e;
}

bool Ready(benchmark::State& state) {
  if (Articles().empty()) {
    state.SkipWithError("no articles");
    return false;
  }
  return true;
}

// One iteration is every article once, so that every run (and a profile of
// it) averages the same articles; seconds_per_article is the figure.
void CountArticles(benchmark::State& state) {
  const double n = static_cast<double>(state.iterations() * Articles().size());
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.counters["seconds_per_article"] = benchmark::Counter(
      n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Enrich(benchmark::State& state) {
  if (!Ready(state)) return;
  const Enricher& enricher = Shared();
  const std::vector<Article>& articles = Articles();
  v1::Enrichment out;
  for (auto _ : state) {
    for (const Article& a : articles) {
      Status s = enricher.Enrich(a.clean, a.segmented, &out);
      benchmark::DoNotOptimize(s.ok());
    }
  }
  CountArticles(state);
}
BENCHMARK(BM_Enrich)->Unit(benchmark::kMillisecond);

void BM_Process(benchmark::State& state) {
  if (!Ready(state)) return;
  const Enricher& enricher = Shared();
  const std::vector<Article>& articles = Articles();
  StoreFrequencies frequencies(300000);
  v1::Enrichment out;
  std::vector<std::string> terms;
  for (auto _ : state) {
    for (const Article& a : articles) {
      Status s = enricher.Enrich(a.clean, a.segmented, &out, &terms);
      frequencies.Note(terms);
      benchmark::DoNotOptimize(s.ok());
    }
  }
  CountArticles(state);
}
BENCHMARK(BM_Process)->Unit(benchmark::kMillisecond);

// The parts, each over the same articles.
template <typename F>
void RunPart(benchmark::State& state, F part) {
  if (!Ready(state)) return;
  static const v1::SegmentedField kEmpty;
  for (auto _ : state) {
    for (const Article& a : Articles()) {
      const v1::SegmentedField* body = FindField(a.segmented, "body");
      part(a, FindField(a.segmented, "title"),
           body != nullptr ? body : &kEmpty);
    }
  }
  CountArticles(state);
}

void BM_Keywords(benchmark::State& state) {
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(&Shared().idf(), &stop);
  RunPart(state, [&](const Article&, const v1::SegmentedField* title,
                     const v1::SegmentedField* body) {
    const FieldTerms terms = extractor.ArticleTerms(title, body);
    auto top = extractor.Keywords(extractor.Score(terms), terms);
    benchmark::DoNotOptimize(top.data());
  });
}
BENCHMARK(BM_Keywords)->Unit(benchmark::kMillisecond);

void BM_Entities(benchmark::State& state) {
  RunPart(state, [&](const Article& a, const v1::SegmentedField* title,
                     const v1::SegmentedField* body) {
    EntityContext context;
    context.reference_date = a.clean.date();
    auto entities = ExtractEntities(*body, title, context, 100);
    benchmark::DoNotOptimize(entities.data());
  });
}
BENCHMARK(BM_Entities)->Unit(benchmark::kMillisecond);

void BM_Summary(benchmark::State& state) {
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(&Shared().idf(), &stop);
  RunPart(state, [&](const Article&, const v1::SegmentedField* title,
                     const v1::SegmentedField* body) {
    TermScores scores = extractor.Score(title, body);
    auto summary = Summarize(*body, scores, SummaryOptions());
    benchmark::DoNotOptimize(summary.data());
  });
}
BENCHMARK(BM_Summary)->Unit(benchmark::kMillisecond);

void BM_Fingerprint(benchmark::State& state) {
  StopWords stop = StopWords::BuiltIn();
  KeywordExtractor extractor(&Shared().idf(), &stop);
  RunPart(state, [&](const Article&, const v1::SegmentedField*,
                     const v1::SegmentedField* body) {
    uint64_t h = SimHash(FingerprintFeatures(*body, extractor, Shared().idf(),
                                             FingerprintOptions()));
    benchmark::DoNotOptimize(h);
  });
}
BENCHMARK(BM_Fingerprint)->Unit(benchmark::kMillisecond);

// INK_BENCH_DUMP: every article's enrichment, in order.
int Dump(const char* path) {
  std::FILE* f = std::fopen(path, "w");
  if (f == nullptr) {
    std::perror(path);
    return 1;
  }
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  v1::Enrichment out;
  std::string text;
  for (const Article& a : Articles()) {
    Status s = Shared().Enrich(a.clean, a.segmented, &out);
    text = "# " + a.clean.date() + " " + a.clean.title() + "\n";
    if (!s.ok()) {
      text += "error: " + s.ToString() + "\n";
    } else {
      std::string proto;
      printer.PrintToString(out, &proto);
      text += proto;
    }
    std::fwrite(text.data(), 1, text.size(), f);
  }
  return std::fclose(f) == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ink::enricher

int main(int argc, char** argv) {
  if (const char* dump = std::getenv("INK_BENCH_DUMP")) {
    return ink::enricher::Dump(dump);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
