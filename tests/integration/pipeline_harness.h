// Runs the real daemons for integration tests: a temporary home with its
// own config, `inkctl up` to start them and `inkctl down` at the end.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/testing/temp_dir.h"

namespace ink::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command and captures its stdout.
inline CommandResult Run(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = ::pclose(p);
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class Pipeline {
 public:
  // `extra_config` is appended to the generated YAML (sections may repeat
  // keys only if not given here).
  explicit Pipeline(const std::string& fetcher_extra = "") {
    bin_ = BinDir();
    config_ = home_.Sub("inkstream.yaml");
    WriteFile(config_,
              "common:\n  log_level: debug\n  tick_ms: 50\n"
              "fetcher:\n  ack_timeout_ms: 5000\n  settle_ms: 200\n  "
              "scan_interval_ms: 200\n" +
                  fetcher_extra);
  }
  ~Pipeline() { Ctl("down"); }

  // inkctl with this pipeline's --home and --config.
  CommandResult Ctl(const std::string& args) const {
    return Run(bin_ + "/inkctl --home " + ShellQuote(home_.path()) +
               " --config " + ShellQuote(config_) + " " + args +
               " 2>/dev/null");
  }
  nlohmann::json CtlJson(const std::string& args) const {
    auto r = Ctl(args);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }

  // Drops a file into the inbox atomically (written aside, renamed in).
  void Drop(const std::string& name, const std::string& bytes) const {
    std::string tmp = home_.Sub(".drop-" + name);
    WriteFile(tmp, bytes);
    std::filesystem::create_directories(Inbox());
    std::filesystem::rename(tmp, Inbox() + "/" + name);
  }

  // Writes every file first, then moves them all into the inbox in one
  // quick loop, so the pipeline sees a burst rather than a trickle.
  void DropAll(
      const std::vector<std::pair<std::string, std::string>>& files) const {
    std::filesystem::create_directories(Inbox());
    for (const auto& [name, bytes] : files)
      WriteFile(home_.Sub(".drop-" + name), bytes);
    for (const auto& [name, bytes] : files)
      std::filesystem::rename(home_.Sub(".drop-" + name), Inbox() + "/" + name);
  }

  std::string Inbox() const { return home_.Sub("inbox"); }
  std::string Spool(const std::string& sub) const {
    return home_.Sub("spool/" + sub);
  }
  const std::string& home() const { return home_.path(); }
  std::string LogOf(const std::string& stage) const {
    return ReadFile(home_.Sub("log/" + stage + ".log"));
  }

 private:
  TempDir home_;
  std::string bin_;
  std::string config_;
};

inline size_t CountFiles(const std::string& dir,
                         const std::string& suffix = "") {
  size_t n = 0;
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (suffix.empty() ||
        (name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0))
      ++n;
  }
  return n;
}

}  // namespace ink::testing
