// The supervisor behind `inkctl up`: starts the five daemons (downstream
// first, each waited on until it answers on its control socket), restarts
// one that dies with an exponential backoff, and stops them all (upstream
// first) when asked. Detached, it runs as its own process (pid in
// run/supervisor.pid, output in log/supervisor.log); in the foreground it
// runs inside inkctl. It records each daemon's pid and restart count in
// run/supervisor.json, which `inkctl status` reads.
//
// Not thread-safe: one thread drives a Supervisor.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <zmq.hpp>

#include "common/config.h"
#include "common/status.h"

namespace ink::ctl {

// Alive and not a zombie.
bool IsAlive(pid_t pid);
// The live pid recorded in run/<stage>.pid, or 0.
pid_t ReadPid(const config::Config& c, const std::string& stage);
// The daemon's status reply on its control socket.
Result<nlohmann::json> AskStatus(zmq::context_t& zmq, const config::Config& c,
                                 const std::string& stage, int timeout_ms);
// The last lines of log/<stage>.log, indented, for error messages.
std::string LogTail(const config::Config& c, const std::string& stage);

// run/supervisor.pid and run/supervisor.json.
std::string SupervisorPidFile(const config::Config& c);
std::string SupervisorStateFile(const config::Config& c);
// The live supervisor's pid, or 0.
pid_t ReadSupervisorPid(const config::Config& c);
// The state the supervisor last wrote ({} when none).
nlohmann::json ReadSupervisorState(const config::Config& c);

class Supervisor {
 public:
  // `bin_dir` holds the ink-* binaries.
  Supervisor(const config::Config& config, std::string bin_dir);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts every daemon that is not already running, downstream first.
  // On failure stops those it started and returns why (with the log tail).
  Status StartAll();
  // Watches the daemons until `stop` becomes true, restarting any that
  // dies after a backoff that doubles with each quick death (from 200 ms up
  // to 5 s; a daemon that ran 5 s counts as healthy again).
  void Run(const std::atomic<bool>& stop);
  // Stops every daemon (SIGTERM upstream first; SIGKILL after 20 s).
  void StopAll();
  // stage -> pid, for printing.
  std::map<std::string, pid_t> Pids() const;

 private:
  struct Child {
    pid_t pid = 0;
    bool own = false;  // Our child (reaped with waitpid), or adopted.
    int restarts = 0;
    int quick_deaths = 0;
    std::string last_exit;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point restart_due;
    bool waiting = false;  // Dead, restart scheduled.
  };
  Result<pid_t> Spawn(const std::string& stage);
  bool WaitReady(const std::string& stage, pid_t pid, int timeout_ms);
  void SaveState();

  const config::Config& config_;
  const std::string bin_dir_;
  zmq::context_t zmq_{1};
  std::map<std::string, Child> children_;
};

}  // namespace ink::ctl
