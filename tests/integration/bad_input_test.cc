// Hostile inputs against the real daemons: each ends in failed/ with a clear
// reason, or is handled correctly (stored), and every daemon stays up.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <zmq.hpp>

#include "common/testing/gzip.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

std::string Bad(const std::string& name) {
  std::string path = SourceDir() + "/tests/testdata/bad/" + name;
  EXPECT_TRUE(std::filesystem::exists(path)) << "missing fixture " << path;
  return ReadFile(path);
}

std::string Nested(int depth) {
  std::string s = "<html><body>";
  for (int i = 0; i < depth; ++i) s += "<div>";
  s += "<p>深层嵌套</p>";
  for (int i = 0; i < depth; ++i) s += "</div>";
  return s + "</body></html>";
}

const char kGood[] =
    "分行开展金融知识宣传活动\n来源: 测试分行 2021-03-15 "
    "10:00\n本周分行在社区开展金融知识宣传，提醒居民防范非法集资。\n";

TEST(BadInputTest,
     EveryHostileInputFailsWithAReasonOrIsHandledAndDaemonsStayUp) {
  Pipeline p("  max_file_bytes: 2097152\n  max_dump_bytes: 10485760\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0);

  // name -> words the failure reason must contain ("" = must be stored).
  std::map<std::string, std::string> expect = {
      {"empty.txt", "empty"},
      {"program.bin", "binary"},
      {"image.png", "binary"},
      {"invalid-utf8.txt", ""},
      {"truncated-gbk.html", ""},
      {"yaml-bomb.md", ""},
      {"bad-front-matter.md", ""},
      {"oversize.txt", "over the limit"},
      {"one-long-line.txt", "over the limit"},
      {"nested.html", "nested deeper"},
      {"bomb.html.gz", "TooLarge"},
      {"bomb.jsonl.gz", "gzip bomb"},
      {"link.txt", "symbolic link"},
      {"name with spaces.txt", ""},
      {"name\nwith newline.txt", ""},
      {std::string("name-\xff\xfe-bytes.txt"), ""},
  };
  for (const char* f :
       {"empty.txt", "program.bin", "image.png", "invalid-utf8.txt",
        "truncated-gbk.html", "yaml-bomb.md", "bad-front-matter.md"}) {
    p.Drop(f, Bad(f));
  }
  p.Drop("oversize.txt", std::string(3 << 20, 'a'));
  p.Drop("one-long-line.txt", std::string(50 << 20, 'x'));
  p.Drop("nested.html", Nested(100000));
  p.Drop("bomb.html.gz", Gzip("<p>" + std::string(100 << 20, ' ')));
  p.Drop("bomb.jsonl.gz", Gzip(std::string(100 << 20, ' ')));
  WriteFile(p.home() + "/outside.txt", kGood);
  ASSERT_EQ(::symlink((p.home() + "/outside.txt").c_str(),
                      (p.Inbox() + "/link.txt").c_str()),
            0);
  int n = 0;
  for (const auto& [name, reason] : expect) {
    if (name.rfind("name", 0) == 0)
      p.Drop(name, std::string(kGood) + "编号" + std::to_string(++n) + "。\n");
  }

  // Garbage on a stage's input socket: logged and counted, never fatal.
  {
    zmq::context_t ctx;
    zmq::socket_t s(ctx, zmq::socket_type::push);
    s.set(zmq::sockopt::linger, 2000);
    s.connect("ipc://" + p.home() + "/run/cleaner.sock");
    s.send(
        zmq::str_buffer("\x08\x96\x01garbage that is not an envelope\xff\xff"),
        zmq::send_flags::none);
  }

  // A file still being written is not taken until it is closed.
  std::string slow = p.Inbox() + "/still-writing.txt";
  FILE* w = std::fopen(slow.c_str(), "w");
  ASSERT_NE(w, nullptr);
  std::fputs("分行召开年度工作会议\n", w);
  std::fflush(w);

  auto settled = [&] {
    return CountFiles(p.Inbox()) == 1 && CountFiles(p.Spool("inflight")) == 0;
  };
  ASSERT_TRUE(WaitFor(settled, std::chrono::seconds(90))) << p.LogOf("fetcher");
  EXPECT_TRUE(std::filesystem::exists(slow))
      << "taken while still open for writing";
  std::fputs("来源: 测试分行 2021-04-01 09:00\n会议总结了一年来的经营情况。\n",
             w);
  std::fclose(w);
  ASSERT_TRUE(WaitFor(
      [&] {
        return CountFiles(p.Inbox()) == 0 &&
               CountFiles(p.Spool("inflight")) == 0;
      },
      std::chrono::seconds(30)));

  // Each failure has its reason; everything else was stored.
  auto failed = p.CtlJson("failed --json");
  ASSERT_TRUE(failed.is_array()) << failed.dump();
  std::map<std::string, std::string> reasons;
  for (const auto& f : failed)
    reasons[f.value("source", "")] = f.value("reason", "");
  for (const auto& [name, want] : expect) {
    std::string shown = name;  // As shown: bytes that are not UTF-8 escaped.
    if (static_cast<unsigned char>(shown[5]) == 0xff)
      shown = "name-\\xFF\\xFE-bytes.txt";
    if (want.empty()) {
      EXPECT_EQ(reasons.count(shown), 0u)
          << name << " failed: " << reasons[shown];
    } else {
      ASSERT_EQ(reasons.count(shown), 1u)
          << name << " is not in failed/: " << failed.dump(2);
      EXPECT_NE(reasons[shown].find(want), std::string::npos)
          << name << ": " << reasons[shown];
    }
  }
  size_t want_failed = 0;
  for (const auto& [name, want] : expect) want_failed += !want.empty();
  EXPECT_EQ(reasons.size(), want_failed) << failed.dump(2);
  auto stats = p.CtlJson("stats --json");
  EXPECT_EQ(stats.value("documents", 0),
            static_cast<int>(expect.size() - want_failed + 1))
      << stats.dump();
  EXPECT_EQ(ReadFile(p.home() + "/outside.txt"),
            kGood);  // The link target is untouched.

  auto status = p.CtlJson("status --json");
  for (const char* stage :
       {"fetcher", "cleaner", "segmenter", "enricher", "store"}) {
    EXPECT_TRUE(status[stage].value("up", false)) << stage << " died:\n"
                                                  << p.LogOf(stage);
  }
  EXPECT_EQ(status["cleaner"]["counters"].value("garbage", 0), 1)
      << status.dump(2);
}

}  // namespace
}  // namespace ink::testing
