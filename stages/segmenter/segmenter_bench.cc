// Throughput of Cut() and the cost of loading the dictionary.
//   segmenter_bench [--benchmark_filter=...] ; INK_BENCH_TEXT=file picks the
//   text, repeated to 10 MB (default: a built-in news paragraph repeated).
//   BM_Load reports dict_rss_mb, the resident memory a loaded Segmenter
//   adds to the process; BM_SegmentArticle the daemon's cost per article
//   (INK_BENCH_ARTICLE=file, see BenchArticle()).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "stages/segmenter/segmenter.h"

namespace ink::segmenter {
namespace {

std::string BenchText() {
  if (const char* path = std::getenv("INK_BENCH_TEXT")) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string once = ss.str();
    if (once.empty()) return once;
    // The measure: the text repeated to 10 MB, so that the figures
    // do not depend on one small file fitting in the cache.
    std::string text;
    while (text.size() < 10'000'000) text += once;
    return text;
  }
  std::string para =
      "新华社北京3月31日电 国务院新闻办公室31日举行新闻发布会，介绍2020年"
      "一季度经济运行情况。国家统计局新闻发言人表示，初步核算，一季度国内"
      "生产总值同比下降6.8%，其中第三产业增加值增长4.33%。The World Health "
      "Organization said on Tuesday that cases rose 50% in Europe.\n";
  std::string text;
  while (text.size() < (1 << 20)) text += para;
  return text;
}

const Segmenter& Shared() {
  static Segmenter* seg = Segmenter::Create(Options()).value().release();
  return *seg;
}

// Resident memory of the process in MB (/proc/self/statm).
double ResidentMb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * sysconf(_SC_PAGESIZE) / 1e6;
}

void BM_Load(benchmark::State& state) {
  double rss = 0;
  for (auto _ : state) {
    const double before = ResidentMb();
    auto seg = Segmenter::Create(Options());
    benchmark::DoNotOptimize(seg.ok());
    // Freed memory may stay in the allocator: the first load tells.
    rss = std::max(rss, ResidentMb() - before);
  }
  state.counters["dict_rss_mb"] = rss;
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_Cut(benchmark::State& state) {
  const Segmenter& seg = Shared();
  const std::string text = BenchText();
  Mode mode = state.range(0) ? Mode::kSearch : Mode::kExact;
  for (auto _ : state) {
    auto tokens = seg.Cut(text, mode);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}
BENCHMARK(BM_Cut)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same text cut one line (paragraph) at a time, as `inkctl segment`
// and the daemon (one article at a time) call Cut(): the tokens of one
// call stay in the cache instead of filling hundreds of fresh pages.
void BM_CutLines(benchmark::State& state) {
  const Segmenter& seg = Shared();
  const std::string text = BenchText();
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    lines.emplace_back(text.data() + pos, eol - pos);
    pos = eol + 1;
  }
  Mode mode = state.range(0) ? Mode::kSearch : Mode::kExact;
  for (auto _ : state) {
    for (std::string_view line : lines) {
      auto tokens = seg.Cut(line, mode);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}
BENCHMARK(BM_CutLines)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The daemon's work per document: SegmentArticle() on one article, tokens
// in search mode and sentences for each field, built into the protobuf.
// INK_BENCH_ARTICLE=file picks the article: its first line is the title
// (a leading "# " dropped), each further non-blank line a paragraph
// (default: the built-in news paragraph, twelve times).
v1::CleanArticle BenchArticle() {
  v1::CleanArticle article;
  std::string text;
  if (const char* path = std::getenv("INK_BENCH_ARTICLE")) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    text = "新华社北京3月31日电 国务院新闻发布会\n";
    for (int i = 0; i < 12; ++i) {
      text +=
          "国务院新闻办公室31日举行新闻发布会，介绍2020年一季度经济运行情况。"
          "国家统计局新闻发言人表示，初步核算，一季度国内生产总值同比下降"
          "6.8%。The World Health Organization said cases rose 50%.\n";
    }
  }
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (article.title().empty()) {
      if (line.rfind("# ", 0) == 0) line.erase(0, 2);
      article.set_title(line);
    } else {
      article.add_paragraphs(line);
    }
  }
  return article;
}

void BM_SegmentArticle(benchmark::State& state) {
  const Segmenter& seg = Shared();
  const v1::CleanArticle article = BenchArticle();
  const int64_t bytes =
      static_cast<int64_t>(article.title().size() + BodyText(article).size());
  for (auto _ : state) {
    v1::SegmentedArticle out;
    seg.SegmentArticle(article, &out);
    benchmark::DoNotOptimize(out.fields_size());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * bytes);
  state.counters["article_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SegmentArticle)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ink::segmenter

BENCHMARK_MAIN();
