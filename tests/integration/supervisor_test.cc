// inkctl up as a supervisor, the run directory's mode, and a stage that
// stays down: real daemons on a temporary home.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

int PidOf(const Pipeline& p, const std::string& stage) {
  return std::atoi(ReadFile(p.home() + "/run/" + stage + ".pid").c_str());
}

std::string Article(int i) {
  std::string n = std::to_string(i);
  return "第" + n + "号稿件：分行推进普惠金融\n来源: 测试分行 2021-06-0" +
         std::to_string(1 + i % 9) + " 10:00\n本行第" + n +
         "次开展普惠金融专题活动，服务客户" + std::to_string(100 + i) +
         "户。\n";
}

TEST(SupervisorTest, ADaemonKilledUnderDetachedUpComesBackAndIsCounted) {
  Pipeline p;
  // A run directory left too open is closed to other users at start.
  std::filesystem::create_directories(p.home() + "/run");
  ::chmod((p.home() + "/run").c_str(), 0777);
  auto up = p.Ctl("up");
  ASSERT_EQ(up.exit_code, 0)
      << up.out << ReadFile(p.home() + "/log/supervisor.log");
  struct stat st;
  ASSERT_EQ(::stat((p.home() + "/run").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // Control and query sockets are local: ipc:// inside that directory.
  for (const char* sock : {"cleaner.ctl", "store.ctl", "query.sock"}) {
    EXPECT_TRUE(std::filesystem::exists(p.home() + "/run/" + sock)) << sock;
  }
  const int supervisor =
      std::atoi(ReadFile(p.home() + "/run/supervisor.pid").c_str());
  ASSERT_GT(supervisor, 0);

  const int old_pid = PidOf(p, "cleaner");
  ASSERT_GT(old_pid, 0);
  ASSERT_EQ(::kill(old_pid, SIGKILL), 0);
  nlohmann::json status;
  ASSERT_TRUE(WaitFor(
      [&] {
        status = p.CtlJson("status --json");
        return status.is_object() && status["cleaner"].value("up", false) &&
               status["cleaner"].value("pid", 0) != old_pid &&
               status["cleaner"].value("restarts", 0) == 1;
      },
      std::chrono::seconds(30)))
      << status.dump(2) << ReadFile(p.home() + "/log/supervisor.log");
  EXPECT_EQ(status["store"].value("restarts", -1), 0);
  auto text = p.Ctl("status");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("restarts 1"), std::string::npos) << text.out;

  // The restarted cleaner does its work.
  p.Drop("after-restart.txt", Article(1));
  EXPECT_TRUE(WaitFor([&] { return CountFiles(p.Spool("done")) == 1; },
                      std::chrono::seconds(30)))
      << p.LogOf("cleaner");

  // down stops the supervisor first, so nothing comes back.
  ASSERT_EQ(p.Ctl("down").exit_code, 0);
  // Gone (or a zombie its new parent has yet to reap).
  EXPECT_TRUE(
      ::kill(supervisor, 0) != 0 ||
      ReadFile("/proc/" + std::to_string(supervisor) + "/stat").find(") Z") !=
          std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(p.home() + "/run/supervisor.pid"));
  EXPECT_EQ(p.Ctl("status").exit_code, 3);
}

TEST(SupervisorTest, AStageThatStaysDownPausesIntakeAndLosesNothing) {
  // Short ack time-outs so that many resend rounds pass while a stage is
  // frozen; max_attempts is left high enough that its backoff outlasts it.
  Pipeline p("  ack_timeout_ms: 300\n  max_attempts: 8\n  max_in_flight: 4\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0);
  const int enricher = PidOf(p, "enricher");
  ASSERT_GT(enricher, 0);
  ASSERT_EQ(::kill(enricher, SIGSTOP), 0);  // Down, yet not dead.
  constexpr int kFiles = 20;
  for (int i = 0; i < kFiles; ++i)
    p.Drop("held" + std::to_string(i) + ".txt", Article(i));

  // Wait until every in-flight document was resent several times.
  nlohmann::json status;
  ASSERT_TRUE(WaitFor(
      [&] {
        status = p.CtlJson("status --json");
        return status.is_object() &&
               status["fetcher"]["details"].value("resent", 0) >= 12;
      },
      std::chrono::seconds(60)))
      << status.dump(2);
  // Intake paused: only max_in_flight documents left the inbox, none failed.
  EXPECT_EQ(status["fetcher"]["details"].value("in_flight", 0), 4);
  EXPECT_EQ(CountFiles(p.Spool("done")), 0u);
  EXPECT_GE(CountFiles(p.Inbox()), static_cast<size_t>(kFiles - 4));
  EXPECT_EQ(CountFiles(p.Spool("failed")), 0u);

  ASSERT_EQ(::kill(enricher, SIGCONT), 0);
  ASSERT_TRUE(WaitFor(
      [&] {
        return CountFiles(p.Spool("done")) == static_cast<size_t>(kFiles);
      },
      std::chrono::seconds(120)))
      << "done " << CountFiles(p.Spool("done")) << p.LogOf("fetcher");
  EXPECT_EQ(CountFiles(p.Spool("failed")), 0u);
  EXPECT_EQ(p.CtlJson("stats --json").value("documents", 0), kFiles);
}

}  // namespace
}  // namespace ink::testing
