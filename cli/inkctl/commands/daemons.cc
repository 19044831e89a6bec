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
#include "common/bus.h"
#include "common/fs.h"
#include "common/pipeline.h"

namespace ink::ctl {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};
void OnInterrupt(int) { g_interrupted.store(true); }

// Downstream first, so each stage finds its next one listening.
std::vector<std::string> StartOrder() {
  auto names = StageNames();
  return {names.rbegin(), names.rend()};
}

// Alive and not a zombie waiting for its (possibly slow) reaper.
bool IsAlive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() ||
         line[paren + 2] != 'Z';
}

pid_t ReadPid(const config::Config& c, const std::string& stage) {
  auto data = fs::ReadFile(c.run_dir() + "/" + stage + ".pid", 64);
  if (!data.ok()) return 0;
  pid_t pid = static_cast<pid_t>(std::atol(data.value().c_str()));
  if (pid <= 0 || !IsAlive(pid)) return 0;
  return pid;
}

Result<nlohmann::json> AskStatus(Context& ctx, const config::Config& c,
                                 const std::string& stage,
                                 int timeout_ms = 1000) {
  auto reply =
      bus::Request(ctx.zmq, ControlEndpoint(c, stage), "status", timeout_ms);
  if (!reply.ok()) return reply.status();
  auto j = nlohmann::json::parse(reply.value(), nullptr, false);
  if (j.is_discarded())
    return Status::Corruption("bad status reply from " + stage);
  return j;
}

// Starts one daemon with stdout/stderr appended to log/<stage>.log.
Result<pid_t> Spawn(Context& ctx, const config::Config& c,
                    const std::string& stage, bool detach) {
  std::string log_dir = c.home() + "/log";
  RETURN_IF_ERROR(fs::EnsureDir(log_dir));
  std::string bin = ctx.BinDir() + "/ink-" + stage;
  if (::access(bin.c_str(), X_OK) != 0)
    return Status::NotFound(bin + " is not built");
  std::string log = log_dir + "/" + stage + ".log";
  std::vector<std::string> args = {bin, "--home", c.home()};
  if (!c.path().empty()) {
    args.push_back("--config");
    args.push_back(std::filesystem::absolute(c.path()).string());
  }
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    if (detach) ::setsid();
    int fd =
        ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

std::string LogTail(const config::Config& c, const std::string& stage) {
  std::ifstream in(c.home() + "/log/" + stage + ".log");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > 5) lines.erase(lines.begin());
  }
  std::string out;
  for (auto& l : lines) out += "    " + l + "\n";
  return out;
}

// Waits until the stage answers on its control socket, or it exits.
bool WaitReady(Context& ctx, const config::Config& c, const std::string& stage,
               pid_t pid, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (AskStatus(ctx, c, stage, 200).ok()) return true;
    int st;
    if (::waitpid(pid, &st, WNOHANG) == pid) return false;
  }
  return false;
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

int Up(Context& ctx, bool foreground) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  for (const auto& dir : {c->home(), c->run_dir()}) {
    Status s = fs::EnsureDir(dir, dir == c->run_dir() ? 0700 : 0755);
    if (!s.ok()) return Fail(kError, s.ToString());
  }
  std::map<std::string, pid_t> children;
  for (const auto& stage : StartOrder()) {
    if (pid_t running = ReadPid(*c, stage)) {
      std::printf("%-10s already running (pid %d)\n", stage.c_str(), running);
      continue;
    }
    auto pid = Spawn(ctx, *c, stage, !foreground);
    if (!pid.ok()) return Fail(kError, pid.status().ToString());
    if (!WaitReady(ctx, *c, stage, pid.value(), 15000)) {
      std::fprintf(stderr,
                   "inkctl: %s did not start; the end of %s/log/%s.log:\n%s",
                   stage.c_str(), c->home().c_str(), stage.c_str(),
                   LogTail(*c, stage).c_str());
      for (auto& [name, p] : children) ::kill(p, SIGTERM);
      return kError;
    }
    children[stage] = pid.value();
    std::printf("%-10s started (pid %d)\n", stage.c_str(), pid.value());
  }
  std::printf("inbox: %s/inbox   logs: %s/log\n", c->home().c_str(),
              c->home().c_str());
  std::fflush(stdout);
  if (!foreground) return kOk;

  // Foreground: watch the children, restart any that dies, stop all on
  // Ctrl-C or SIGTERM.
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::printf("running in the foreground; Ctrl-C stops every daemon\n");
  std::fflush(stdout);
  while (!g_interrupted.load()) {
    int st = 0;
    pid_t dead = ::waitpid(-1, &st, WNOHANG);
    if (dead > 0) {
      for (auto& [stage, pid] : children) {
        if (pid != dead) continue;
        std::fprintf(stderr,
                     "inkctl: %s (pid %d) exited (%s %d); restarting it\n",
                     stage.c_str(), dead, WIFSIGNALED(st) ? "signal" : "status",
                     WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        std::this_thread::sleep_for(std::chrono::seconds(1));
        auto again = Spawn(ctx, *c, stage, false);
        if (again.ok()) pid = again.value();
      }
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::printf("\nstopping...\n");
  for (const auto& stage :
       StageNames()) {  // Upstream first: nothing new flows in.
    auto it = children.find(stage);
    if (it != children.end()) ::kill(it->second, SIGTERM);
  }
  for (auto& [stage, pid] : children) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    std::printf("%-10s stopped\n", stage.c_str());
  }
  return kOk;
}

int Down(Context& ctx) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  int stopped = 0;
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
  int up = 0;
  for (const auto& stage : StageNames()) {
    auto st = AskStatus(ctx, *c, stage);
    if (st.ok()) {
      ++up;
      all[stage] = st.value();
      all[stage]["up"] = true;
    } else {
      all[stage] = {{"up", false}};
    }
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
      if (!s["details"].empty())
        std::printf("  %s", s["details"].dump().c_str());
      std::printf("\n");
    }
  }
  return up == static_cast<int>(StageNames().size()) ? kOk : kUnavailable;
}

}  // namespace

void AddDaemonCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* up = app.add_subcommand("up", "Start all five daemons under --home");
  auto* fg = AddFlag(up, "--foreground,-f",
                     "Stay attached, restart daemons that die, stop all "
                     "on Ctrl-C");
  up->callback(
      [&ctx, exit_code, fg] { *exit_code = Up(ctx, fg->count() > 0); });

  auto* down = app.add_subcommand(
      "down", "Stop every daemon (finishing the message in hand)");
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
