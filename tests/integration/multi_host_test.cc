// The multi-host example of deploy/multi-host/ on one machine: its three
// host configs, with the addresses moved to 127.0.0.2-4 and fresh keys,
// each host with its own home. A file dropped on "ingest" is stored on
// "store" and acknowledged back, every hop between hosts over CURVE.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/integration/daemon_process.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

std::string Replace(std::string s, const std::string& from,
                    const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos;
       pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

TEST(MultiHostTest, TheDeployExampleRunsOnThreeLoopbackAddresses) {
  TempDir dir;
  const std::string keys = dir.Sub("keys");
  auto made =
      ink::testing::Run(BinDir() + "/inkctl --home " + ShellQuote(dir.path()) +
                        " keys ingest process store --dir " + ShellQuote(keys));
  ASSERT_EQ(made.exit_code, 0) << made.out;

  // Ports of this run, so that tests running at once do not collide.
  const std::map<std::string, std::string> ports = {
      {":7100", ":" + std::to_string(FreePort("127.0.0.2"))},
      {":7101", ":" + std::to_string(FreePort("127.0.0.3"))},
      {":7104", ":" + std::to_string(FreePort("127.0.0.4"))}};
  const std::map<std::string, std::vector<std::string>> hosts = {
      {"store", {"store"}},
      {"process", {"enricher", "segmenter", "cleaner"}},
      {"ingest", {"fetcher"}}};
  zmq::context_t ctx(1);
  std::vector<std::unique_ptr<DaemonProcess>> daemons;
  for (const std::string host : {"store", "process", "ingest"}) {
    const std::string example =
        SourceDir() + "/deploy/multi-host/" + host + ".yaml";
    std::string yaml = ReadFile(example);
    ASSERT_FALSE(yaml.empty()) << "missing " << example;
    yaml = Replace(yaml, "10.0.0.11", "127.0.0.2");
    yaml = Replace(yaml, "10.0.0.12", "127.0.0.3");
    yaml = Replace(yaml, "10.0.0.13", "127.0.0.4");
    yaml = Replace(yaml, "/etc/inkstream/keys", keys);
    for (const auto& [from, to] : ports) yaml = Replace(yaml, from, to);
    ASSERT_EQ(yaml.find("10.0.0."), std::string::npos);
    yaml +=
        "common:\n  tick_ms: 50\nfetcher:\n  settle_ms: 200\n"
        "  scan_interval_ms: 200\n  ack_timeout_ms: 3000\n";
    const std::string config = dir.Sub(host + ".yaml");
    WriteFile(config, yaml);
    auto check = ink::testing::Run(BinDir() + "/inkctl --config " +
                                   ShellQuote(config) + " check-config");
    ASSERT_EQ(check.exit_code, 0) << host << ": " << check.out;
    for (const std::string& stage : hosts.at(host)) {
      daemons.push_back(std::make_unique<DaemonProcess>(
          stage, dir.Sub(host), config, dir.Sub(host + "-" + stage + ".log")));
      ASSERT_TRUE(daemons.back()->WaitReady(ctx))
          << host << "/" << stage << ":\n"
          << daemons.back()->Log();
    }
  }

  const std::string inbox = dir.Sub("ingest/inbox");
  WriteFile(dir.Sub("ingest/drop.tmp"),
            "三地部署测试稿件\n来源: 测试分行 2021-06-01 10:00\n"
            "这篇文章经过三台主机的加密通道存入索引。\n");
  std::filesystem::rename(dir.Sub("ingest/drop.tmp"), inbox + "/three.txt");

  // Acknowledged back on ingest, stored on store.
  ASSERT_TRUE(
      WaitFor([&] { return CountFiles(dir.Sub("ingest/spool/done")) == 1; },
              std::chrono::seconds(60)))
      << daemons.back()->Log();
  EXPECT_EQ(CountFiles(dir.Sub("ingest/spool/failed")), 0u);
  auto store_status =
      nlohmann::json::parse(daemons.front()->AskStatus(ctx).value());
  EXPECT_EQ(store_status["details"].value("documents", 0), 1)
      << store_status.dump(2);
  // The store admitted the process host and refused nobody.
  EXPECT_GE(store_status["curve"].value("admitted", 0), 1);
  EXPECT_EQ(store_status["curve"].value("refused", -1), 0);
  for (auto& d : daemons) {
    d->Stop();
    EXPECT_EQ(d->exit_code(), 0) << d->Log();
  }
}

}  // namespace
}  // namespace ink::testing
