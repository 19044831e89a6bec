// Throughput of Cleaner::Clean() on real HTML pages, in bytes of HTML per
// second on one thread.
//   cleaner_bench [--benchmark_filter=...]
// INK_BENCH_HTML_DIR names a directory of .html pages (default
// ../shared/eval/extract/gne_zh/html, relative to the working directory);
// without it the benchmark skips with a message.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stages/cleaner/cleaner.h"

namespace ink::cleaner {
namespace {

struct Page {
  std::string name;
  std::string bytes;
};

std::vector<Page> LoadPages(std::string* dir_out) {
  const char* env = std::getenv("INK_BENCH_HTML_DIR");
  std::string dir = env && *env ? env : "../shared/eval/extract/gne_zh/html";
  *dir_out = dir;
  std::vector<Page> pages;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return pages;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || (name.find(".htm") == std::string::npos))
      continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    pages.push_back({name, ss.str()});
  }
  return pages;
}

void BM_CleanHtml(benchmark::State& state) {
  std::string dir;
  static const std::vector<Page> pages = LoadPages(&dir);
  if (pages.empty()) {
    state.SkipWithError(
        ("no .html pages in " + dir + " (set INK_BENCH_HTML_DIR)").c_str());
    return;
  }
  Cleaner cleaner{Options()};
  std::vector<v1::RawDocument> docs;
  int64_t total = 0;
  for (const Page& p : pages) {
    v1::RawDocument raw;
    raw.set_filename(p.name);
    raw.set_content(p.bytes);
    total += static_cast<int64_t>(p.bytes.size());
    docs.push_back(std::move(raw));
  }
  v1::CleanArticle out;
  for (auto _ : state) {
    for (const v1::RawDocument& raw : docs) {
      Status s = cleaner.Clean(raw, &out);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetBytesProcessed(state.iterations() * total);
  state.counters["pages"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_CleanHtml)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ink::cleaner

BENCHMARK_MAIN();
