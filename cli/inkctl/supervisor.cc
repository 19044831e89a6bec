#include "cli/inkctl/supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "common/bus.h"
#include "common/fs.h"
#include "common/pipeline.h"

namespace ink::ctl {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kHealthyAfter = std::chrono::seconds(5);
constexpr auto kFirstBackoff = std::chrono::milliseconds(200);
constexpr auto kMaxBackoff = std::chrono::seconds(5);

std::string ExitText(int status) {
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

bool IsAlive(pid_t pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
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
  return IsAlive(pid) ? pid : 0;
}

Result<nlohmann::json> AskStatus(zmq::context_t& zmq, const config::Config& c,
                                 const std::string& stage, int timeout_ms) {
  auto reply =
      bus::Request(zmq, ControlEndpoint(c, stage), "status", timeout_ms);
  if (!reply.ok()) return reply.status();
  auto j = nlohmann::json::parse(reply.value(), nullptr, false);
  if (j.is_discarded())
    return Status::Corruption("bad status reply from " + stage);
  return j;
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

std::string SupervisorPidFile(const config::Config& c) {
  return c.run_dir() + "/supervisor.pid";
}

std::string SupervisorStateFile(const config::Config& c) {
  return c.run_dir() + "/supervisor.json";
}

pid_t ReadSupervisorPid(const config::Config& c) {
  auto data = fs::ReadFile(SupervisorPidFile(c), 64);
  if (!data.ok()) return 0;
  pid_t pid = static_cast<pid_t>(std::atol(data.value().c_str()));
  return IsAlive(pid) ? pid : 0;
}

nlohmann::json ReadSupervisorState(const config::Config& c) {
  auto data = fs::ReadFile(SupervisorStateFile(c), 1 << 20);
  if (!data.ok()) return nlohmann::json::object();
  auto j = nlohmann::json::parse(data.value(), nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

Supervisor::Supervisor(const config::Config& config, std::string bin_dir)
    : config_(config), bin_dir_(std::move(bin_dir)) {}

Supervisor::~Supervisor() { zmq_.close(); }

Result<pid_t> Supervisor::Spawn(const std::string& stage) {
  std::string log_dir = config_.home() + "/log";
  RETURN_IF_ERROR(fs::EnsureDir(log_dir));
  std::string bin = bin_dir_ + "/ink-" + stage;
  if (::access(bin.c_str(), X_OK) != 0)
    return Status::NotFound(bin + " is not built");
  std::string log = log_dir + "/" + stage + ".log";
  std::vector<std::string> args = {bin, "--home", config_.home()};
  if (!config_.path().empty()) {
    args.push_back("--config");
    args.push_back(std::filesystem::absolute(config_.path()).string());
  }
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    int fd =
        ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    // The supervisor's signal dispositions must not leak into the daemon.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

bool Supervisor::WaitReady(const std::string& stage, pid_t pid,
                           int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (AskStatus(zmq_, config_, stage, 200).ok()) return true;
    int st;
    if (::waitpid(pid, &st, WNOHANG) == pid) return false;
  }
  return false;
}

Status Supervisor::StartAll() {
  const auto& names = StageNames();
  // Downstream first, so each stage finds its next one listening.
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    const std::string& stage = *it;
    Child& child = children_[stage];
    if (pid_t running = ReadPid(config_, stage)) {
      child.pid = running;
      child.own = false;
      child.started = Clock::now();
      continue;
    }
    auto pid = Spawn(stage);
    if (!pid.ok()) {
      StopAll();
      return pid.status();
    }
    child.pid = pid.value();
    child.own = true;
    child.started = Clock::now();
    if (!WaitReady(stage, child.pid, 15000)) {
      StopAll();
      return Status::Unavailable(stage + " did not start; the end of " +
                                 config_.home() + "/log/" + stage + ".log:\n" +
                                 LogTail(config_, stage));
    }
  }
  SaveState();
  return Status::OK();
}

void Supervisor::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    bool changed = false;
    const auto now = Clock::now();
    for (auto& [stage, child] : children_) {
      if (!child.waiting) {
        int st = 0;
        bool dead = false;
        if (child.own) {
          pid_t r = ::waitpid(child.pid, &st, WNOHANG);
          dead = r == child.pid || (r < 0 && errno == ECHILD);
          if (dead) child.last_exit = ExitText(st);
        } else if (!IsAlive(child.pid)) {
          dead = true;
          child.last_exit = "exited";
        }
        if (!dead) continue;
        child.quick_deaths =
            now - child.started >= kHealthyAfter ? 0 : child.quick_deaths + 1;
        auto backoff = std::min<Clock::duration>(
            kFirstBackoff * (1 << std::min(child.quick_deaths, 6)),
            kMaxBackoff);
        child.waiting = true;
        child.restart_due = now + backoff;
        std::fprintf(
            stderr, "inkctl: %s (pid %d) died (%s); restarting it in %lld ms\n",
            stage.c_str(), child.pid, child.last_exit.c_str(),
            static_cast<long long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(backoff)
                    .count()));
        changed = true;
      }
      if (child.waiting && now >= child.restart_due) {
        auto pid = Spawn(stage);
        if (!pid.ok()) {
          std::fprintf(stderr, "inkctl: cannot restart %s: %s\n", stage.c_str(),
                       pid.status().ToString().c_str());
          child.restart_due = now + kMaxBackoff;
          continue;
        }
        child.pid = pid.value();
        child.own = true;
        child.waiting = false;
        child.started = now;
        ++child.restarts;
        changed = true;
      }
    }
    if (changed) SaveState();
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void Supervisor::StopAll() {
  // Upstream first: nothing new flows in while the rest drain.
  for (const auto& stage : StageNames()) {
    auto it = children_.find(stage);
    if (it == children_.end() || it->second.waiting || it->second.pid <= 0)
      continue;
    Child& child = it->second;
    if (!IsAlive(child.pid)) continue;
    if (!bus::Request(zmq_, ControlEndpoint(config_, stage), "stop", 1000).ok())
      ::kill(child.pid, SIGTERM);
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      if (child.own) ::waitpid(child.pid, nullptr, WNOHANG);
      if (!IsAlive(child.pid)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (IsAlive(child.pid)) {
      std::fprintf(stderr, "inkctl: %s (pid %d) did not stop; killing it\n",
                   stage.c_str(), child.pid);
      ::kill(child.pid, SIGKILL);
      if (child.own) ::waitpid(child.pid, nullptr, 0);
    }
  }
  children_.clear();
  ::unlink(SupervisorStateFile(config_).c_str());
}

std::map<std::string, pid_t> Supervisor::Pids() const {
  std::map<std::string, pid_t> out;
  for (const auto& [stage, child] : children_) out[stage] = child.pid;
  return out;
}

void Supervisor::SaveState() {
  nlohmann::json j;
  j["pid"] = ::getpid();
  for (const auto& [stage, child] : children_) {
    j["stages"][stage] = {{"pid", child.pid},
                          {"restarts", child.restarts},
                          {"last_exit", child.last_exit},
                          {"restarting", child.waiting}};
  }
  Status s = fs::WriteFileAtomic(SupervisorStateFile(config_), j.dump() + "\n");
  if (!s.ok()) std::fprintf(stderr, "inkctl: %s\n", s.ToString().c_str());
}

}  // namespace ink::ctl
