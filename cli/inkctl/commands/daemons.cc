// inkctl up / down / status: start, stop and watch the five daemons.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/inkctl/context.h"
#include "cli/inkctl/supervisor.h"
#include "common/bus.h"
#include "common/fs.h"
#include "common/pipeline.h"

namespace ink::ctl {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};
void OnInterrupt(int) { g_interrupted.store(true); }

void CatchStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int StopStage(Context& ctx, const config::Config& c, const std::string& stage,
              int timeout_ms) {
  pid_t pid = ReadPid(c, stage);
  if (pid == 0) return 0;
  if (!bus::Request(ctx.zmq, ControlEndpoint(c, stage), "stop", 1000).ok())
    ::kill(pid, SIGTERM);
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    ::waitpid(pid, nullptr, WNOHANG);
    if (!IsAlive(pid)) return 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fprintf(stderr, "inkctl: %s (pid %d) did not stop in time; killing it\n",
               stage.c_str(), pid);
  ::kill(pid, SIGKILL);
  return 1;
}

// Waits until every daemon answers (a supervisor is starting or restarting
// them), or the supervisor `supervisor` exits, or `timeout` passes.
bool WaitAllReady(Context& ctx, const config::Config& c, pid_t supervisor,
                  std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    bool all = true;
    for (const auto& stage : StageNames()) {
      if (!AskStatus(ctx.zmq, c, stage, 200).ok()) {
        all = false;
        break;
      }
    }
    if (all) return true;
    ::waitpid(supervisor, nullptr, WNOHANG);
    if (!IsAlive(supervisor)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void PrintStarted(Context& ctx, const config::Config& c) {
  for (const auto& stage : StageNames()) {
    std::printf("%-10s up (pid %d)\n", stage.c_str(), ReadPid(c, stage));
  }
  std::printf("inbox: %s/inbox   logs: %s/log\n", c.home().c_str(),
              c.home().c_str());
  std::fflush(stdout);
}

// The detached supervisor: a process of its own (new session) that starts
// the daemons, restarts any that dies, and stops them all on SIGTERM.
[[noreturn]] void RunDetachedSupervisor(const config::Config& c,
                                        const std::string& bin_dir) {
  ::setsid();
  std::string log = c.home() + "/log/supervisor.log";
  int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
  }
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  CatchStopSignals();
  (void)fs::WriteFileAtomic(SupervisorPidFile(c),
                            std::to_string(::getpid()) + "\n");
  int rc = 0;
  {
    Supervisor supervisor(c, bin_dir);
    Status s = supervisor.StartAll();
    if (s.ok()) {
      std::fprintf(stderr, "inkctl: supervising the daemons (pid %d)\n",
                   ::getpid());
      std::fflush(stderr);
      supervisor.Run(g_interrupted);
      supervisor.StopAll();
    } else {
      std::fprintf(stderr, "inkctl: %s\n", s.ToString().c_str());
      rc = 1;
    }
  }
  ::unlink(SupervisorPidFile(c).c_str());
  std::fflush(nullptr);
  _exit(rc);
}

int Up(Context& ctx, bool foreground) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  for (const auto& dir : {c->home(), c->run_dir(), c->home() + "/log"}) {
    Status s = fs::EnsureDir(dir, dir == c->run_dir() ? 0700 : 0755);
    if (!s.ok()) return Fail(kError, s.ToString());
  }
  if (pid_t supervisor = ReadSupervisorPid(*c)) {
    if (foreground) {
      return Fail(kError, "a detached supervisor (pid " +
                              std::to_string(supervisor) +
                              ") runs these daemons; inkctl down first");
    }
    // It restarts whatever died; wait for that.
    if (!WaitAllReady(ctx, *c, supervisor, std::chrono::seconds(60)))
      return Fail(kError, "the daemons did not come up; see " + c->home() +
                              "/log/supervisor.log");
    PrintStarted(ctx, *c);
    return kOk;
  }

  if (!foreground) {
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return Fail(kError, "fork failed");
    if (pid == 0) RunDetachedSupervisor(*c, ctx.BinDir());
    if (!WaitAllReady(ctx, *c, pid, std::chrono::seconds(90))) {
      int st = 0;
      ::waitpid(pid, &st, WNOHANG);
      std::string tail = LogTail(*c, "supervisor");
      if (IsAlive(pid)) ::kill(pid, SIGTERM);
      return Fail(kError, "the daemons did not start; the end of " + c->home() +
                              "/log/supervisor.log:\n" + tail);
    }
    PrintStarted(ctx, *c);
    return kOk;
  }

  // Foreground: the same supervisor inside this process; Ctrl-C stops all.
  CatchStopSignals();
  Supervisor supervisor(*c, ctx.BinDir());
  Status s = supervisor.StartAll();
  if (!s.ok()) return Fail(kError, s.ToString());
  PrintStarted(ctx, *c);
  std::printf("running in the foreground; Ctrl-C stops every daemon\n");
  std::fflush(stdout);
  supervisor.Run(g_interrupted);
  std::printf("\nstopping...\n");
  supervisor.StopAll();
  for (const auto& stage : StageNames())
    std::printf("%-10s stopped\n", stage.c_str());
  return kOk;
}

int Down(Context& ctx) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  int stopped = 0;
  // The supervisor first, so it does not restart what we stop; it stops
  // the daemons it runs itself.
  if (pid_t supervisor = ReadSupervisorPid(*c)) {
    std::vector<std::string> running;
    for (const auto& stage : StageNames())
      if (ReadPid(*c, stage)) running.push_back(stage);
    ::kill(supervisor, SIGTERM);
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (IsAlive(supervisor) && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (IsAlive(supervisor)) {
      std::fprintf(stderr, "inkctl: the supervisor (pid %d) did not stop\n",
                   supervisor);
      ::kill(supervisor, SIGKILL);
    }
    for (const auto& stage : running) {
      if (!ReadPid(*c, stage)) {
        std::printf("%-10s stopped\n", stage.c_str());
        ++stopped;
      }
    }
  }
  for (const auto& stage : StageNames()) {
    if (StopStage(ctx, *c, stage, 20000)) {
      std::printf("%-10s stopped\n", stage.c_str());
      ++stopped;
    }
  }
  if (stopped == 0)
    std::printf("no daemon was running under %s\n", c->home().c_str());
  return kOk;
}

int StatusCmd(Context& ctx, bool json) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  nlohmann::json all = nlohmann::json::object();
  const nlohmann::json supervised = ReadSupervisorPid(*c)
                                        ? ReadSupervisorState(*c)["stages"]
                                        : nlohmann::json();
  int up = 0;
  for (const auto& stage : StageNames()) {
    auto st = AskStatus(ctx.zmq, *c, stage, 1000);
    if (st.ok()) {
      ++up;
      all[stage] = st.value();
      all[stage]["up"] = true;
    } else {
      all[stage] = {{"up", false}};
    }
    // Restarts by the supervisor of `inkctl up`, when one runs.
    if (supervised.is_object() && supervised.contains(stage))
      all[stage]["restarts"] = supervised[stage].value("restarts", 0);
  }
  if (json) {
    std::printf("%s\n", all.dump(2).c_str());
  } else {
    bool tty = StdoutIsTty();
    for (const auto& stage : StageNames()) {
      const auto& s = all[stage];
      if (!s["up"].get<bool>()) {
        std::printf("%-10s %sdown%s\n", stage.c_str(), tty ? "\033[31m" : "",
                    tty ? "\033[0m" : "");
        continue;
      }
      const auto& k = s["counters"];
      std::printf(
          "%-10s %sup%s   pid %-7d received %-7llu sent %-7llu failed %-5llu",
          stage.c_str(), tty ? "\033[32m" : "", tty ? "\033[0m" : "",
          s["pid"].get<int>(), k["received"].get<unsigned long long>(),
          (k["emitted"].get<unsigned long long>() +
           k["reports"].get<unsigned long long>()),
          k["failed"].get<unsigned long long>());
      if (s.contains("restarts"))
        std::printf(" restarts %-3d", s["restarts"].get<int>());
      // Processing time per document since the daemon started (the
      // ink_processing_seconds histogram of its /metrics).
      if (s.contains("latency") && s["latency"].value("count", 0) > 0)
        std::printf(" p50 %.2f ms p99 %.2f ms",
                    s["latency"].value("p50_ms", 0.0),
                    s["latency"].value("p99_ms", 0.0));
      if (s.contains("metrics_url"))
        std::printf("  %s", s["metrics_url"].get<std::string>().c_str());
      if (!s["details"].empty())
        std::printf("  %s", s["details"].dump().c_str());
      std::printf("\n");
    }
  }
  return up == static_cast<int>(StageNames().size()) ? kOk : kUnavailable;
}

}  // namespace

void AddDaemonCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* up = app.add_subcommand(
      "up",
      "Start all five daemons under --home, with a detached supervisor "
      "that restarts one that dies (log/supervisor.log)");
  up->footer(
      "Examples:\n"
      "  inkctl up             start them; inkctl status shows restarts\n"
      "  inkctl up -f          the same, attached; Ctrl-C stops all");
  auto* fg = AddFlag(up, "--foreground,-f",
                     "Stay attached (the supervisor runs in inkctl); "
                     "Ctrl-C stops all");
  up->callback(
      [&ctx, exit_code, fg] { *exit_code = Up(ctx, fg->count() > 0); });

  auto* down = app.add_subcommand(
      "down",
      "Stop the supervisor, then every daemon (each finishes the message in "
      "hand)");
  down->callback([&ctx, exit_code] { *exit_code = Down(ctx); });

  auto* status = app.add_subcommand("status",
                                    "Each daemon up or down, with its counters "
                                    "(exit 3 if any is down)");
  auto* json = AddFlag(status, "--json", "Print JSON");
  status->callback([&ctx, exit_code, json] {
    *exit_code = StatusCmd(ctx, json->count() > 0);
  });
}

}  // namespace ink::ctl
