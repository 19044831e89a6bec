// The whole pipeline, as a user runs it: five real daemons on a temporary
// home, articles dropped into the inbox, queries through inkctl.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

std::string Fixture(const std::string& name) {
  std::string path = SourceDir() + "/tests/testdata/" + name;
  EXPECT_TRUE(std::filesystem::exists(path)) << "missing fixture " << path;
  return ReadFile(path);
}

nlohmann::json FindHit(const nlohmann::json& result,
                       const std::string& title_part) {
  for (const auto& h : result["hits"]) {
    if (h["title"].get<std::string>().find(title_part) != std::string::npos)
      return h;
  }
  return nlohmann::json();
}

TEST(PipelineTest,
     ArticlesBecomeSearchableBrokenFilesFailAndDuplicatesAreNoOps) {
  Pipeline p;
  auto up = p.Ctl("up");
  ASSERT_EQ(up.exit_code, 0)
      << up.out << p.LogOf("store") << p.LogOf("fetcher");

  p.Drop("abc-nanping.txt", Fixture("articles/abc-nanping-2021-05-12.txt"));
  p.Drop("boc-xiangyang.md", Fixture("articles/boc-xiangyang-2022-01-20.md"));
  p.Drop("ccb-yichang.html", Fixture("articles/ccb-yichang-2020-02-08.html"));
  p.Drop("broken.png", Fixture("broken-image.png"));

  nlohmann::json result;
  ASSERT_TRUE(WaitFor(
      [&] {
        result = p.CtlJson("search 疫情 --json --limit 10");
        return result.is_object() && result.value("total", 0) == 3;
      },
      std::chrono::seconds(60)))
      << result.dump() << p.LogOf("fetcher") << p.LogOf("store");

  auto txt = FindHit(result, "农行南平分行多措并举做好疫情防控常态化金融服务");
  ASSERT_FALSE(txt.is_null()) << result.dump(2);
  EXPECT_EQ(txt["date"].get<std::string>().substr(0, 10), "2021-05-12");
  EXPECT_EQ(txt["source"], "农行南平分行");
  auto md = FindHit(result, "中行襄阳分行：春节前夕开展疫情防控与反诈宣传");
  ASSERT_FALSE(md.is_null()) << result.dump(2);
  EXPECT_EQ(md["date"].get<std::string>().substr(0, 10), "2022-01-20");
  auto html = FindHit(result, "建行宜昌分行开辟绿色通道支持疫情防控物资生产");
  ASSERT_FALSE(html.is_null()) << result.dump(2);
  EXPECT_EQ(html["date"].get<std::string>().substr(0, 10), "2020-02-08");
  EXPECT_NE(txt["snippet"].get<std::string>().find("[[疫情]]"),
            std::string::npos);

  // The body is stored without the page chrome, with its metadata kept.
  auto doc = p.CtlJson("get " + txt["id"].get<std::string>() + " --json");
  std::string body = doc.value("body", "");
  EXPECT_NE(body.find("春茶收购旺季"), std::string::npos) << doc.dump(2);
  for (const char* chrome : {"文章正文", "我要评论", "责任编辑", "相关链接",
                             "已有3条评论", "来源:"}) {
    EXPECT_EQ(body.find(chrome), std::string::npos) << chrome << " left in:\n"
                                                    << body;
  }

  // Each stage before the store stamped when it started and finished the
  // article, in the envelope it passed on (int64 is a string in JSON).
  std::vector<std::string> stages;
  for (const auto& hop : doc["trace"]) {
    stages.push_back(hop.value("stage", ""));
    if (hop["stage"] == "store") continue;  // Stored while still at work.
    const int64_t started = std::stoll(hop.value("started_us", "0"));
    const int64_t finished = std::stoll(hop.value("finished_us", "0"));
    EXPECT_GT(started, 0) << hop.dump();
    EXPECT_GE(finished, started) << hop.dump();
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"cleaner", "segmenter",
                                              "enricher", "store"}))
      << doc.dump(2);

  // The broken file lies in failed/ with its reason.
  ASSERT_TRUE(WaitFor(
      [&] { return CountFiles(p.Spool("failed"), ".error.json") == 1; }));
  auto failed = p.CtlJson("failed --json");
  ASSERT_EQ(failed.size(), 1u) << failed.dump();
  EXPECT_EQ(failed[0]["source"], "broken.png");
  EXPECT_EQ(failed[0]["stage"], "cleaner");
  EXPECT_FALSE(failed[0]["reason"].get<std::string>().empty());

  // The same bytes again, under another name: acknowledged as a duplicate,
  // no new document. Count done/ once every earlier file has left inflight/
  // (a stored article is searchable just before its ack moves it).
  ASSERT_TRUE(WaitFor([&] { return CountFiles(p.Spool("inflight")) == 0; }));
  size_t done_before = CountFiles(p.Spool("done"));
  p.Drop("copy-of-nanping.txt", Fixture("articles/abc-nanping-2021-05-12.txt"));
  ASSERT_TRUE(
      WaitFor([&] { return CountFiles(p.Spool("done")) == done_before + 1; }));
  auto stats = p.CtlJson("stats --json");
  EXPECT_EQ(stats.value("documents", 0), 3) << stats.dump();
  auto status = p.CtlJson("status --json");
  EXPECT_EQ(status["fetcher"]["details"].value("duplicates", 0), 1)
      << status.dump(2);
  EXPECT_TRUE(CountFiles(p.Spool("inflight")) == 0);
  EXPECT_EQ(CountFiles(p.Inbox()), 0u);

  // Every daemon is still up, and stops cleanly.
  EXPECT_EQ(p.Ctl("status").exit_code, 0);
  EXPECT_EQ(p.Ctl("down").exit_code, 0);
  EXPECT_EQ(p.Ctl("status").exit_code, 3);
  for (const char* stage :
       {"fetcher", "cleaner", "segmenter", "enricher", "store"}) {
    EXPECT_FALSE(std::filesystem::exists(p.home() + "/run/" + stage + ".pid"))
        << stage;
  }
  // With the daemons down, inkctl reads the store directly.
  auto offline = p.CtlJson("search 疫情 --json");
  EXPECT_EQ(offline.value("total", 0), 3) << offline.dump();
}

TEST(PipelineTest, AKilledStoreLosesNothing) {
  Pipeline p("  ack_timeout_ms: 1500\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0);
  auto pid_of = [&](const std::string& stage) {
    return std::atoi(ReadFile(p.home() + "/run/" + stage + ".pid").c_str());
  };
  // Kill the store, feed articles while it is gone, then start it again.
  int store_pid = pid_of("store");
  ASSERT_GT(store_pid, 0);
  ASSERT_EQ(::kill(store_pid, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ::kill(store_pid, 0) != 0; }));
  std::filesystem::remove(p.home() + "/run/store.pid");
  for (int i = 0; i < 5; ++i) {
    p.Drop("n" + std::to_string(i) + ".txt",
           "第" + std::to_string(i) + "号测试稿件\n来源: 测试分行 2021-06-0" +
               std::to_string(i + 1) + " 10:00\n这是第" + std::to_string(i) +
               "篇关于金融服务和乡村振兴的测试文章，内容各不相同。\n");
  }
  ASSERT_EQ(p.Ctl("up").exit_code, 0);  // Starts only the missing store.
  nlohmann::json result;
  ASSERT_TRUE(WaitFor(
      [&] {
        result = p.CtlJson("search 乡村振兴 --json");
        return result.value("total", 0) == 5;
      },
      std::chrono::seconds(60)))
      << result.dump() << p.LogOf("fetcher");
  ASSERT_TRUE(WaitFor([&] { return CountFiles(p.Spool("inflight")) == 0; },
                      std::chrono::seconds(30)));
  EXPECT_EQ(CountFiles(p.Spool("done")), 5u);
  EXPECT_EQ(p.CtlJson("stats --json").value("documents", 0), 5);
}

TEST(PipelineTest, StoppingEveryDaemonUnderLoadLosesNothing) {
  Pipeline p("  ack_timeout_ms: 1500\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0);
  constexpr int kArticles = 1000;
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < kArticles; ++i) {
    files.emplace_back("t" + std::to_string(i) + ".txt",
                       "第" + std::to_string(i) +
                           "号停机测试稿件\n来源: 测试分行 " +
                           "2021-07-01 10:00\n第" + std::to_string(i) +
                           "篇稿件：分行开展普惠金融服务，支持小微企业，编号" +
                           std::to_string(i * 7919) + "。\n");
  }
  p.DropAll(files);
  // SIGTERM to every daemon while the articles are in flight.
  ASSERT_TRUE(WaitFor([&] { return CountFiles(p.Spool("done")) > 0; },
                      std::chrono::seconds(30)));
  const size_t done_before_stop = CountFiles(p.Spool("done"));
  ASSERT_EQ(p.Ctl("down").exit_code, 0);
  EXPECT_LT(done_before_stop, static_cast<size_t>(kArticles))
      << "the stop came too late to be under load";
  ASSERT_EQ(p.Ctl("up").exit_code, 0);
  ASSERT_TRUE(
      WaitFor([&] { return CountFiles(p.Spool("done")) == size_t{kArticles}; },
              std::chrono::seconds(90)))
      << "done " << CountFiles(p.Spool("done")) << "\n"
      << p.LogOf("fetcher");
  EXPECT_EQ(CountFiles(p.Spool("failed")), 0u);
  EXPECT_EQ(p.CtlJson("stats --json").value("documents", 0), kArticles);
  EXPECT_EQ(p.Ctl("verify").exit_code, 0);
}

}  // namespace
}  // namespace ink::testing
