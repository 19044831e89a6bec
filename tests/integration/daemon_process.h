// One daemon started directly (as systemd would, without inkctl), for
// tests that give each daemon its own config and home: CURVE peers and
// the multi-host example. Stopped with SIGTERM when the object goes away.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>
#include <zmq.hpp>

#include "common/bus.h"
#include "common/testing/temp_dir.h"

namespace ink::testing {

class DaemonProcess {
 public:
  // Runs <bin_dir>/ink-<stage> --home HOME --config CONFIG, output appended
  // to `log`.
  DaemonProcess(const std::string& stage, const std::string& home,
                const std::string& config, const std::string& log)
      : stage_(stage), home_(home), log_(log) {
    std::string bin = BinDir() + "/ink-" + stage;
    std::vector<std::string> args = {bin, "--home", home, "--config", config};
    pid_ = ::fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      _exit(127);
    }
  }
  ~DaemonProcess() { Stop(); }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Waits until the daemon answers on its control socket; false if it
  // exited first (then exit_code() says how) or `timeout` passed.
  bool WaitReady(zmq::context_t& ctx,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return WaitFor(
               [&] {
                 if (Exited()) return true;
                 return AskStatus(ctx).ok();
               },
               timeout) &&
           !Exited();
  }

  // The daemon's status reply (JSON text).
  Result<std::string> AskStatus(zmq::context_t& ctx) const {
    return bus::Request(ctx, "ipc://" + home_ + "/run/" + stage_ + ".ctl",
                        "status", 500);
  }

  // True once the process has exited; exit_code() is then its status.
  bool Exited() {
    if (pid_ <= 0) return true;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      pid_ = 0;
      return true;
    }
    return false;
  }
  int exit_code() const { return exit_code_; }
  std::string Log() const { return ReadFile(log_); }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    exit_code_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    pid_ = 0;
  }

 private:
  std::string stage_, home_, log_;
  pid_t pid_ = 0;
  int exit_code_ = -1;
};

// A free tcp port on `host`, read back from a socket bound to port 0.
inline int FreePort(const std::string& host = "127.0.0.1") {
  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::pull);
  s.set(zmq::sockopt::linger, 0);
  s.bind("tcp://" + host + ":*");
  std::string ep = s.get(zmq::sockopt::last_endpoint);
  return std::atoi(ep.substr(ep.rfind(':') + 1).c_str());
}

}  // namespace ink::testing
