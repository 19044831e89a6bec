// Throughput of Cut() and the cost of loading the dictionary.
//   segmenter_bench [--benchmark_filter=...] ; INK_BENCH_TEXT=file picks the
//   text (default: a built-in news paragraph repeated).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "stages/segmenter/segmenter.h"

namespace ink::segmenter {
namespace {

std::string BenchText() {
  if (const char* path = std::getenv("INK_BENCH_TEXT")) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
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

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    auto seg = Segmenter::Create(Options());
    benchmark::DoNotOptimize(seg.ok());
  }
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

}  // namespace
}  // namespace ink::segmenter

BENCHMARK_MAIN();
