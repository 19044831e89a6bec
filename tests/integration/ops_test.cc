// Operating the pipeline, as an operator does: Prometheus metrics scraped
// from real daemons, `inkctl ingest` into a running pipeline, `inkctl
// export`, `inkctl top`.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "common/testing/http.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

std::string Fixture(const std::string& name) {
  std::string path = SourceDir() + "/tests/testdata/" + name;
  EXPECT_TRUE(std::filesystem::exists(path)) << "missing fixture " << path;
  return ReadFile(path);
}

// Every stage serves metrics on a free port of 127.0.0.1.
std::string MetricsConfig() {
  std::string y = "metrics:\n";
  for (const char* s : {"fetcher", "cleaner", "segmenter", "enricher", "store"})
    y += std::string("  ") + s + ": \"127.0.0.1:0\"\n";
  return y;
}

std::map<std::string, double> Scrape(const std::string& url) {
  auto body = HttpGet(url);
  EXPECT_TRUE(body.ok()) << url << ": " << body.status().ToString();
  if (!body.ok()) return {};
  auto parsed = ParsePrometheusText(body.value());
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? parsed.value() : std::map<std::string, double>{};
}

TEST(OpsTest, IngestMetricsTopAndExportOnRealDaemons) {
  Pipeline p(MetricsConfig());
  auto up = p.Ctl("up");
  ASSERT_EQ(up.exit_code, 0) << up.out << p.LogOf("store");

  // A tree to ingest: two articles in subdirectories, a copy of one (a
  // duplicate), a file no stage can read, a JSON Lines dump of two
  // records, and a hidden file that is skipped.
  TempDir src;
  WriteFile(src.Sub("drop/2021/nanping.txt"),
            Fixture("articles/abc-nanping-2021-05-12.txt"));
  WriteFile(src.Sub("drop/2022/xiangyang.md"),
            Fixture("articles/boc-xiangyang-2022-01-20.md"));
  WriteFile(src.Sub("drop/copy-of-nanping.txt"),
            Fixture("articles/abc-nanping-2021-05-12.txt"));
  WriteFile(src.Sub("drop/.hidden.txt"), "not for the inbox");
  WriteFile(src.Sub("broken.png"), Fixture("broken-image.png"));
  WriteFile(
      src.Sub("crawl.jsonl"),
      "{\"url\": \"https://news.example.com/a\", \"title\": "
      "\"江城夜市重新开张\", \"text\": \"江城夜市重新开张，摊主们陆续回归。"
      "市场监管部门现场检查食品安全。\", \"fetched_at\": "
      "\"2023-04-01T08:00:00Z\"}\n"
      "{\"url\": \"https://news.example.com/b\", \"title\": "
      "\"港口吞吐量创新高\", \"text\": "
      "\"今年一季度港口货物吞吐量同比增长百分之八，"
      "集装箱航线新增三条。\", \"fetched_at\": \"2023-04-02T08:00:00Z\"}\n");

  auto r = p.Ctl("ingest --json " + ShellQuote(src.Sub("drop")) + " " +
                 ShellQuote(src.Sub("broken.png")) + " " +
                 ShellQuote(src.Sub("crawl.jsonl")));
  auto summary = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(summary.is_object()) << r.out << p.LogOf("fetcher");
  EXPECT_EQ(r.exit_code, 1) << "a document failed: " << r.out;
  EXPECT_EQ(summary["files"], 5) << r.out;
  EXPECT_EQ(summary["archives"], 1) << r.out;
  EXPECT_EQ(summary["documents"], 6) << r.out;  // 3 + broken + 2 records
  EXPECT_EQ(summary["stored"], 4) << r.out;
  EXPECT_EQ(summary["duplicates"], 1) << r.out;
  ASSERT_EQ(summary["failed"].size(), 1u) << r.out;
  EXPECT_NE(summary["failed"][0]["file"].get<std::string>().find("broken.png"),
            std::string::npos);
  EXPECT_FALSE(summary["failed"][0]["reason"].get<std::string>().empty());
  ASSERT_EQ(summary["skipped"].size(), 1u) << r.out;
  EXPECT_FALSE(summary.contains("pending")) << r.out;

  // The same article again: a duplicate, and nothing failed (exit 0).
  r = p.Ctl("ingest --json " + ShellQuote(src.Sub("drop/2021/nanping.txt")));
  summary = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(summary.value("duplicates", -1), 1) << r.out;
  EXPECT_EQ(summary.value("stored", -1), 0) << r.out;

  // Metrics: each daemon names its URL in its status; the numbers agree.
  auto status = p.CtlJson("status --json");
  for (const char* stage :
       {"fetcher", "cleaner", "segmenter", "enricher", "store"}) {
    ASSERT_TRUE(status[stage].contains("metrics_url")) << status.dump(2);
    EXPECT_TRUE(status[stage]["latency"].contains("p99_ms"));
  }
  const std::string store_url = status["store"]["metrics_url"];
  std::map<std::string, double> m;
  // Gauges are sampled once a second: wait for the last figures.
  ASSERT_TRUE(WaitFor([&] {
    m = Scrape(store_url);
    return m["ink_store_documents{stage=\"store\"}"] == 4;
  })) << m.size();
  EXPECT_GE(m["ink_documents_received_total{stage=\"store\"}"], 5);
  EXPECT_GE(m["ink_processing_seconds_count{stage=\"store\"}"], 5);
  EXPECT_GT(m["ink_store_disk_bytes{stage=\"store\"}"], 0);
  EXPECT_GT(m["ink_process_resident_memory_bytes{stage=\"store\"}"], 0);
  EXPECT_EQ(m["ink_documents_received_total{stage=\"store\"}"],
            status["store"]["counters"]["received"].get<double>());
  auto cleaner = Scrape(status["cleaner"]["metrics_url"]);
  EXPECT_EQ(cleaner["ink_documents_failed_total{stage=\"cleaner\"}"] +
                Scrape(status["segmenter"]["metrics_url"])
                    ["ink_documents_failed_total{stage=\"segmenter\"}"] +
                Scrape(status["enricher"]["metrics_url"])
                    ["ink_documents_failed_total{stage=\"enricher\"}"],
            1);
  std::map<std::string, double> f;
  ASSERT_TRUE(WaitFor([&] {
    f = Scrape(status["fetcher"]["metrics_url"]);
    return f["ink_fetcher_done{stage=\"fetcher\"}"] >= 6;
  }));
  EXPECT_EQ(f["ink_fetcher_in_flight{stage=\"fetcher\"}"], 0);

  // top: one frame, every stage up.
  auto top = p.CtlJson("top --json --interval 0.2");
  for (const char* stage :
       {"fetcher", "cleaner", "segmenter", "enricher", "store"})
    EXPECT_EQ(top[stage]["up"], true) << top.dump(2);
  EXPECT_EQ(top["fetcher"]["in_flight"], 0) << top.dump(2);
  auto frame = p.Ctl("top --once --interval 0.2");
  EXPECT_EQ(frame.exit_code, 0);
  EXPECT_NE(frame.out.find("store: 4 documents"), std::string::npos)
      << frame.out;

  // export: one JSON document per line, with the daemon up and down.
  auto count_lines = [](const std::string& out, std::set<std::string>* ids) {
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_TRUE(j.is_object()) << line;
      if (j.is_object()) ids->insert(j.value("doc_id", ""));
    }
  };
  std::set<std::string> up_ids, down_ids;
  auto ex = p.Ctl("export --json");
  EXPECT_EQ(ex.exit_code, 0);
  count_lines(ex.out, &up_ids);
  EXPECT_EQ(up_ids.size(), 4u) << ex.out.substr(0, 500);
  EXPECT_NE(ex.out.find("港口吞吐量创新高"), std::string::npos);
  EXPECT_NE(ex.out.find("\"enrichment\""), std::string::npos);
  // reindex: the daemon works on a worker thread; inkctl waits for the
  // outcome, and the store still answers and verifies afterwards.
  auto ri = p.Ctl("reindex --json");
  auto reindexed = nlohmann::json::parse(ri.out, nullptr, false);
  ASSERT_TRUE(reindexed.is_object()) << ri.exit_code << ": " << ri.out;
  EXPECT_EQ(reindexed.value("documents", -1), 4) << reindexed.dump(2);
  EXPECT_GT(reindexed.value("terms", 0), 0) << reindexed.dump(2);
  EXPECT_EQ(p.Ctl("verify").exit_code, 0);
  EXPECT_NE(p.Ctl("search 港口吞吐量").out.find("港口吞吐量创新高"),
            std::string::npos);

  ASSERT_EQ(p.Ctl("down").exit_code, 0);
  // With the daemon down, inkctl reindexes in its own process.
  ri = p.Ctl("reindex --json");
  reindexed = nlohmann::json::parse(ri.out, nullptr, false);
  ASSERT_TRUE(reindexed.is_object()) << ri.exit_code << ": " << ri.out;
  EXPECT_EQ(reindexed.value("documents", -1), 4) << reindexed.dump(2);
  ex = p.Ctl("export --json -o " + ShellQuote(src.Sub("out.jsonl")));
  EXPECT_EQ(ex.exit_code, 0);
  count_lines(ReadFile(src.Sub("out.jsonl")), &down_ids);
  EXPECT_EQ(down_ids, up_ids);
}

TEST(OpsTest, IngestExitCodesWithoutDaemons) {
  Pipeline p;
  TempDir src;
  WriteFile(src.Sub("a.txt"), "标题\n\n正文。\n");
  // The fetcher is not running: 3, and the file is not copied.
  EXPECT_EQ(p.Ctl("ingest " + ShellQuote(src.Sub("a.txt"))).exit_code, 3);
  EXPECT_EQ(CountFiles(p.Inbox()), 0u);
  // A path that does not exist: 2.
  EXPECT_EQ(p.Ctl("ingest " + ShellQuote(src.Sub("missing.txt"))).exit_code, 2);
  // --no-wait copies it for later, under its own name.
  EXPECT_EQ(p.Ctl("ingest --no-wait " + ShellQuote(src.Sub("a.txt"))).exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(p.Inbox() + "/a.txt"));
  // A second copy while the first still waits gets another name.
  EXPECT_EQ(p.Ctl("ingest --no-wait " + ShellQuote(src.Sub("a.txt"))).exit_code,
            0);
  EXPECT_TRUE(std::filesystem::exists(p.Inbox() + "/2-a.txt"));
  // Two directories holding the same path are different documents, not
  // versions of one: each file takes its directory's name.
  WriteFile(src.Sub("politics/001.txt"), "议会\n\n议会开会。\n");
  WriteFile(src.Sub("tech/001.txt"), "芯片\n\n芯片发布。\n");
  WriteFile(src.Sub("tech/002.txt"), "手机\n\n手机发布。\n");
  EXPECT_EQ(p.Ctl("ingest --no-wait " + ShellQuote(src.Sub("politics")) + " " +
                  ShellQuote(src.Sub("tech/")))
                .exit_code,
            0);
  EXPECT_EQ(ReadFile(p.Inbox() + "/politics_001.txt"), "议会\n\n议会开会。\n");
  EXPECT_EQ(ReadFile(p.Inbox() + "/tech_001.txt"), "芯片\n\n芯片发布。\n");
  EXPECT_TRUE(std::filesystem::exists(p.Inbox() + "/002.txt"));
  // No daemon: top says so with 3.
  EXPECT_EQ(p.Ctl("top --once").exit_code, 3);
}

}  // namespace
}  // namespace ink::testing
