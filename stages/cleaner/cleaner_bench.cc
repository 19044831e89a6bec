// Throughput of Cleaner::Clean() on one thread: on real HTML pages
// (BM_CleanHtml), and per article on the two short inputs the pipeline
// mostly sees, written here as fixtures: a news item in Markdown around HTML
// (BM_CleanNewsItemMd) and a plain-text article with chrome lines
// (BM_CleanChromeTxt).
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

// A broadcast news item as the pipeline benchmark feeds it: a Markdown
// heading over an HTML body (written for this benchmark).
constexpr char kNewsItemMd[] =
    "# 【在希望的田野上】秋粮陆续登场 各地抢抓农时保丰收\n\n"
    "<p><strong>本台消息</strong>（晚间新闻）：眼下，全国秋粮收获进度过半，"
    "各地抢抓晴好天气，组织农机开展跨区作业，确保颗粒归仓。</p>"
    "<p>在黑龙江建三江，三千多台收割机在稻田里来回穿梭，金黄的稻谷经过烘干、"
    "仓储，一部分直接送进加工企业。当地农业部门介绍，今年水稻平均亩产比去年"
    "提高了二十多公斤，优质稻比例超过九成。</p>"
    "<p>在河南周口，玉米收获已经进入尾声，农民趁着墒情适宜抢种小麦。"
    "农技人员深入田间地头，指导农户科学施肥、精细整地，为明年夏粮丰收打下"
    "基础。</p>"
    "<p>农业农村部数据显示，截至目前，全国秋粮已收获百分之五十六，进度同比"
    "略快。各地还加强粮食收购组织，收购价格总体平稳，农民售粮顺畅。</p>"
    "<p>专家表示，今年秋粮面积稳中有增，虽然部分地区遭遇高温干旱，但通过"
    "抗旱保苗等措施，损失得到有效控制，全年粮食有望再获丰收。</p>\n\n"
    "[查看原文](https://tv.example.com/2022/09/25/VIDE0000000000.shtml)\n";

// A bank's news release copied as text, with the site's chrome around it
// (navigation, comment counters, byline, related-links trailer), written
// for this benchmark.
constexpr char kChromeTxt[] =
    "- 文章正文\n"
    "- 我要评论(0)\n"
    "同心协力 稳企保供——某市分行多措并举支持春耕生产\n"
    "来源: 某银行某市分行 2021-04-12 09:30\n"
    "春耕时节，某市分行坚决落实上级行关于支持乡村振兴的工作部署，主动对接"
    "农业龙头企业、家庭农场和种粮大户，加大信贷投放力度，为春耕生产提供有力"
    "的金融支持。\n"
    "精准对接需求\n"
    "该分行组织客户经理深入田间地头，逐户了解农资采购、农机购置等资金需求，"
    "建立春耕生产客户清单，做到早对接、早审批、早投放。截至三月末，该分行已"
    "累计发放涉农贷款二亿三千万元，惠及农户一千二百余户。\n"
    "创新服务方式\n"
    "针对农户贷款“短、小、频、急”的特点，该分行推广线上信用贷款产品，农户"
    "通过手机银行即可申请，最快当天放款；同时在乡镇网点开辟绿色通道，安排"
    "专人受理涉农业务，减少客户往返奔波。\n"
    "降低融资成本\n"
    "该分行对春耕贷款实行优惠利率，并减免部分服务费用，切实降低农户和涉农"
    "企业的融资成本。一位种粮大户表示，贷款及时到位，化肥种子都已备齐，今年"
    "扩种了两百亩水稻，心里更有底了。\n"
    "下一步，该分行将继续加大对农业生产的支持力度，丰富金融产品，提升服务"
    "效率，为巩固脱贫攻坚成果、全面推进乡村振兴贡献金融力量。\n"
    "作者：某市分行 王某某\n"
    "[责任编辑：XYer]\n"
    "分享到：\n"
    "【打印】【关闭】\n"
    "【相关链接】\n"
    "已有0条评论\n";

void RunOne(benchmark::State& state, const char* filename, const char* text) {
  Cleaner cleaner{Options()};
  v1::RawDocument raw;
  raw.set_filename(filename);
  raw.set_content(text);
  v1::CleanArticle out;
  for (auto _ : state) {
    Status s = cleaner.Clean(raw, &out);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(raw.content().size()));
}

// One short news item (Markdown around HTML), the pipeline's common case.
void BM_CleanNewsItemMd(benchmark::State& state) {
  RunOne(state, "item.md", kNewsItemMd);
}
BENCHMARK(BM_CleanNewsItemMd)->Unit(benchmark::kMicrosecond);

// One plain-text article with chrome lines, bylines and a trailer.
void BM_CleanChromeTxt(benchmark::State& state) {
  RunOne(state, "article.txt", kChromeTxt);
}
BENCHMARK(BM_CleanChromeTxt)->Unit(benchmark::kMicrosecond);

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
