#include "stages/fetcher/fetcher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/hash.h"
#include "common/testing/temp_dir.h"

namespace ink::fetcher {
namespace {

namespace fsys = std::filesystem;
using ink::testing::ReadFile;
using ink::testing::TempDir;
using ink::testing::WriteFile;

class FetcherTest : public ::testing::Test {
 protected:
  Options Opts() {
    Options o;
    o.inbox = dir_.Sub("inbox");
    o.spool = dir_.Sub("spool");
    o.settle_ms = 0;
    o.scan_interval_ms = 0;
    o.ack_timeout_ms = 60000;
    return o;
  }
  std::unique_ptr<Fetcher> Make(const Options& o) {
    auto f = Fetcher::Create(o);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return std::move(f.value());
  }
  size_t Count(const std::string& sub, const std::string& suffix = "") {
    size_t n = 0;
    for (auto& e : fsys::directory_iterator(dir_.Sub(sub))) {
      std::string name = e.path().filename().string();
      if (suffix.empty() ? name.find('.') == std::string::npos ||
                               name.find(".state") == std::string::npos
                         : name.size() >= suffix.size() &&
                               name.compare(name.size() - suffix.size(),
                                            suffix.size(), suffix) == 0)
        ++n;
    }
    return n;
  }
  v1::DeliveryReport Ack(const v1::Envelope& env,
                         v1::DeliveryReport::Outcome o) {
    v1::DeliveryReport r;
    r.set_doc_id(env.doc_id());
    r.set_delivery_key(env.delivery_key());
    r.set_outcome(o);
    r.set_stage("store");
    r.set_reason("boom");
    return r;
  }
  TempDir dir_;
  CollectingEmitter out_;
};

TEST_F(FetcherTest, SendsADroppedFileWithItsContentHashAsId) {
  auto f = Make(Opts());
  WriteFile(dir_.Sub("inbox/a.txt"), "hello world");
  f->Tick(&out_);
  ASSERT_EQ(out_.emitted.size(), 1u);
  const auto& env = out_.emitted[0];
  EXPECT_EQ(env.doc_id(), DocIdForBytes("hello world"));
  EXPECT_EQ(env.source(), "a.txt");
  EXPECT_EQ(env.attempt(), 1u);
  EXPECT_EQ(env.raw().content(), "hello world");
  EXPECT_FALSE(fsys::exists(dir_.Sub("inbox/a.txt")));
  EXPECT_TRUE(fsys::exists(dir_.Sub("spool/inflight/" + env.delivery_key())));
}

TEST_F(FetcherTest, AckMovesTheFileToDone) {
  auto f = Make(Opts());
  WriteFile(dir_.Sub("inbox/a.txt"), "x");
  f->Tick(&out_);
  ASSERT_EQ(out_.emitted.size(), 1u);
  f->OnReport(Ack(out_.emitted[0], v1::DeliveryReport::STORED), &out_);
  EXPECT_EQ(f->in_flight(), 0u);
  EXPECT_TRUE(
      fsys::exists(dir_.Sub("spool/done/" + out_.emitted[0].delivery_key())));
  EXPECT_TRUE(fsys::is_empty(dir_.Sub("spool/inflight")));
}

TEST_F(FetcherTest, DeadLetterMovesTheFileToFailedWithItsReason) {
  auto f = Make(Opts());
  WriteFile(dir_.Sub("inbox/bad.txt"), "x");
  f->Tick(&out_);
  ASSERT_EQ(out_.emitted.size(), 1u);
  auto r = Ack(out_.emitted[0], v1::DeliveryReport::FAILED);
  r.set_stage("cleaner");
  r.set_reason("InvalidArgument: binary content");
  f->OnReport(r, &out_);
  std::string key = out_.emitted[0].delivery_key();
  ASSERT_TRUE(fsys::exists(dir_.Sub("spool/failed/" + key)));
  auto err = nlohmann::json::parse(
      ReadFile(dir_.Sub("spool/failed/" + key + ".error.json")));
  EXPECT_EQ(err["stage"], "cleaner");
  EXPECT_EQ(err["reason"], "InvalidArgument: binary content");
  EXPECT_EQ(err["source"], "bad.txt");
}

TEST_F(FetcherTest, ResendsWithoutAckAndGivesUpAfterMaxAttempts) {
  Options o = Opts();
  o.ack_timeout_ms = 0;
  o.max_attempts = 3;
  auto f = Make(o);
  WriteFile(dir_.Sub("inbox/slow.txt"), "x");
  for (int i = 0; i < 5; ++i) f->Tick(&out_);
  ASSERT_EQ(out_.emitted.size(), 3u);
  EXPECT_EQ(out_.emitted[2].attempt(), 3u);
  EXPECT_EQ(f->in_flight(), 0u);
  std::string key = out_.emitted[0].delivery_key();
  auto err = nlohmann::json::parse(
      ReadFile(dir_.Sub("spool/failed/" + key + ".error.json")));
  EXPECT_NE(err["reason"].get<std::string>().find("no acknowledgement"),
            std::string::npos);
}

TEST_F(FetcherTest, ResendsWhatARestartFindsInFlight) {
  std::string key;
  {
    auto f = Make(Opts());
    WriteFile(dir_.Sub("inbox/a.txt"), "abc");
    f->Tick(&out_);
    ASSERT_EQ(out_.emitted.size(), 1u);
    key = out_.emitted[0].delivery_key();
  }  // "Crash": no ack.
  CollectingEmitter again;
  auto f = Make(Opts());
  f->Tick(&again);
  ASSERT_EQ(again.emitted.size(), 1u);
  EXPECT_EQ(again.emitted[0].delivery_key(), key);
  EXPECT_EQ(again.emitted[0].source(), "a.txt");
  EXPECT_EQ(again.emitted[0].attempt(), 2u);
  EXPECT_EQ(again.emitted[0].doc_id(), DocIdForBytes("abc"));
}

TEST_F(FetcherTest, KeepsAtMostMaxInFlight) {
  Options o = Opts();
  o.max_in_flight = 2;
  auto f = Make(o);
  for (int i = 0; i < 5; ++i)
    WriteFile(dir_.Sub("inbox/f" + std::to_string(i)), std::to_string(i));
  f->Tick(&out_);
  EXPECT_EQ(out_.emitted.size(), 2u);
  EXPECT_EQ(f->in_flight(), 2u);
  f->OnReport(Ack(out_.emitted[0], v1::DeliveryReport::STORED), &out_);
  EXPECT_EQ(out_.emitted.size(), 3u);  // The freed slot is used at once.
}

TEST_F(FetcherTest, RejectsLinksAndOversizedFilesWithAReason) {
  Options o = Opts();
  o.max_file_bytes = 10;
  auto f = Make(o);
  WriteFile(dir_.Sub("outside.txt"), "secret");
  ASSERT_EQ(::symlink(dir_.Sub("outside.txt").c_str(),
                      dir_.Sub("inbox/link.txt").c_str()),
            0);
  WriteFile(dir_.Sub("inbox/big.txt"), std::string(100, 'x'));
  f->Tick(&out_);
  // The link is only seen by a scan (no close-write event): scan again.
  f->Tick(&out_);
  EXPECT_TRUE(out_.emitted.empty());
  std::vector<std::string> reasons;
  for (auto& e : fsys::directory_iterator(dir_.Sub("spool/failed"))) {
    std::string p = e.path().string();
    if (p.size() > 11 && p.substr(p.size() - 11) == ".error.json")
      reasons.push_back(nlohmann::json::parse(ReadFile(p))["reason"]);
  }
  ASSERT_EQ(reasons.size(), 2u);
  std::sort(reasons.begin(), reasons.end());
  EXPECT_NE(reasons[0].find("symbolic link"), std::string::npos);
  EXPECT_NE(reasons[1].find("over the limit"), std::string::npos);
  EXPECT_EQ(ReadFile(dir_.Sub("outside.txt")), "secret");
}

TEST_F(FetcherTest, WaitsForAFileStillOpenForWriting) {
  auto f = Make(Opts());  // settle_ms = 0: only the open writer holds it back.
  std::string path = dir_.Sub("inbox/slow.txt");
  FILE* w = std::fopen(path.c_str(), "w");
  ASSERT_NE(w, nullptr);
  std::fputs("first half", w);
  std::fflush(w);
  f->Tick(&out_);
  f->Tick(&out_);
  EXPECT_TRUE(out_.emitted.empty());
  std::fputs(", second half", w);
  std::fclose(w);
  ASSERT_TRUE(ink::testing::WaitFor([&] {
    f->Tick(&out_);
    return !out_.emitted.empty();
  }));
  EXPECT_EQ(out_.emitted[0].raw().content(), "first half, second half");
}

TEST_F(FetcherTest, IgnoresHiddenAndPartialFiles) {
  auto f = Make(Opts());
  WriteFile(dir_.Sub("inbox/.a.txt.swp"), "x");
  WriteFile(dir_.Sub("inbox/b.txt.part"), "x");
  f->Tick(&out_);
  f->Tick(&out_);
  EXPECT_TRUE(out_.emitted.empty());
}

TEST_F(FetcherTest, SplitsADumpIntoRecordsAndSendsEach) {
  auto f = Make(Opts());
  WriteFile(dir_.Sub("inbox/crawl.jsonl"),
            "{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
  // Split on one tick; the records, renamed into the inbox, go on the next.
  ASSERT_TRUE(ink::testing::WaitFor([&] {
    f->Tick(&out_);
    return out_.emitted.size() == 2;
  }));
  EXPECT_EQ(out_.emitted[0].source(), "crawl.000001.json");
  EXPECT_EQ(out_.emitted[1].raw().content(), "{\"text\":\"b\"}");
  EXPECT_EQ(Count("spool/done"), 1u);  // The dump itself.
}

}  // namespace
}  // namespace ink::fetcher
