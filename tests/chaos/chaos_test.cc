// Chaos: drop N articles while a random daemon is killed with SIGKILL every
// 1-3 s and started again. At the end every input is stored exactly once
// (counted by doc id and by source) or lies in failed/ with a reason.
// N comes from $INK_CHAOS_N (default 300; scripts/chaos.sh runs 5,000).
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <random>
#include <set>
#include <thread>

#include "common/hash.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/store.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Article(int i) {
  static const char* kTopics[] = {"乡村振兴", "普惠金融", "疫情防控",
                                  "绿色信贷", "科技创新", "小微企业",
                                  "跨境结算", "养老金融"};
  std::string topic = kTopics[i % 8];
  std::string n = std::to_string(i);
  return "第" + n + "号稿件：分行推进" + topic +
         "工作\n来源: 测试分行 2021-06-" + std::to_string(10 + i % 18) +
         " 10:" + std::to_string(10 + i % 50) + "\n本行第" + n + "次围绕" +
         topic + "开展专题活动，编号" + n + "，服务客户" +
         std::to_string(100 + i) + "户。\n作者:测试分行 张三\n";
}

int PidOf(const Pipeline& p, const std::string& stage) {
  return std::atoi(ReadFile(p.home() + "/run/" + stage + ".pid").c_str());
}

TEST(ChaosTest, KillingRandomDaemonsLosesAndDuplicatesNothing) {
  const char* env_n = std::getenv("INK_CHAOS_N");
  const int n = env_n ? std::atoi(env_n) : 300;
  Pipeline p(
      "  ack_timeout_ms: 3000\n  max_attempts: 1000\n  max_in_flight: 128\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0);

  std::atomic<bool> dropping_done{false};
  // Files arrive in batches over several seconds, so kills land mid-stream.
  std::thread dropper([&] {
    for (int i = 0; i < n; ++i) {
      p.Drop("a" + std::to_string(i) + ".txt", Article(i));
      if (i % 25 == 24)
        WaitFor([] { return false; }, std::chrono::milliseconds(250));
    }
    dropping_done = true;
  });

  const std::vector<std::string> stages = {"fetcher", "cleaner", "segmenter",
                                           "enricher", "store"};
  std::mt19937 rng(12345);
  int kills = 0;
  auto settled = [&] {
    return dropping_done.load() && CountFiles(p.Inbox()) == 0 &&
           CountFiles(p.Spool("inflight")) == 0;
  };
  const auto deadline = Clock::now() + std::chrono::seconds(60 + n / 5);
  while (!settled() && Clock::now() < deadline) {
    // The kill schedule: wait 1-3 s (returning early once all is settled).
    auto pause =
        std::chrono::milliseconds(kills == 0 ? 300 : 1000 + rng() % 2000);
    if (WaitFor(settled, pause)) break;
    const std::string& victim = stages[rng() % stages.size()];
    int pid = PidOf(p, victim);
    if (pid > 0 && ::kill(pid, SIGKILL) == 0) {
      ++kills;
      WaitFor([&] {
        return ::kill(pid, 0) != 0 ||
               ReadFile("/proc/" + std::to_string(pid) + "/stat").find(") Z") !=
                   std::string::npos;
      });
    }
    ASSERT_EQ(p.Ctl("up").exit_code, 0) << "could not restart " << victim;
  }
  dropper.join();
  ASSERT_TRUE(WaitFor(settled, std::chrono::seconds(120)))
      << "inbox " << CountFiles(p.Inbox()) << ", in flight "
      << CountFiles(p.Spool("inflight"));
  ASSERT_EQ(p.Ctl("down").exit_code, 0);
  // Postings and statistics agree with the documents.
  EXPECT_EQ(p.Ctl("verify").exit_code, 0);

  // Count what the store holds, by doc id and by source.
  auto seg = segmenter::Segmenter::Create({});
  ASSERT_TRUE(seg.ok());
  auto store =
      store::Store::OpenReadOnly({p.home() + "/store"}, seg.value().get());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::map<std::string, int> by_source;
  std::set<std::string> ids;
  ASSERT_TRUE(
      (*store)
          ->ForEachDocMeta([&](std::string_view id, const store::DocMeta& m) {
            ids.insert(std::string(id));
            ++by_source[m.source];
            return true;
          })
          .ok());
  size_t failed = CountFiles(p.Spool("failed"), ".error.json");
  int duplicated = 0, lost = 0;
  for (int i = 0; i < n; ++i) {
    std::string source = "a" + std::to_string(i) + ".txt";
    auto it = by_source.find(source);
    if (it == by_source.end()) {
      ++lost;
    } else if (it->second > 1) {
      ++duplicated;
    }
    EXPECT_TRUE(it == by_source.end() || ids.count(DocIdForBytes(Article(i))))
        << source;
  }
  std::printf(
      "chaos: N=%d kills=%d stored=%zu failed=%zu lost=%d duplicated=%d\n", n,
      kills, ids.size(), failed, lost - static_cast<int>(failed), duplicated);
  EXPECT_EQ(duplicated, 0);
  EXPECT_EQ(ids.size(), by_source.size());
  // Anything not stored must be in failed/ with its reason.
  EXPECT_EQ(static_cast<size_t>(lost), failed);
  EXPECT_EQ(ids.size() + failed, static_cast<size_t>(n));
  EXPECT_GE(kills, 1);
}

}  // namespace
}  // namespace ink::testing
