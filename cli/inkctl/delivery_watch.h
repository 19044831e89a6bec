// Watches the fetcher's spool for what became of files dropped into the
// inbox: each file the fetcher takes gets a spool key
// "<hex µs>-<pid>-<seq>~<sanitised name>" (stages/fetcher/spool.h), and
// moves to done/<key> once the store acknowledged it, or to failed/<key>
// with failed/<key>.error.json when a stage gave it up.
//
// inotify on done/ and failed/ announces each move; when the kernel's event
// queue overflows, both directories are scanned again. Only keys taken
// since the watch started are reported, each once.
//
// Not thread-safe: one thread polls.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace ink::ctl {

struct DeliveryOutcome {
  bool done = false;     // done/ (stored or a duplicate); else failed/.
  std::string key;       // The spool key.
  std::string name;      // The sanitised inbox name (the key after '~').
  std::string path;      // spool/done/<key> or spool/failed/<key>.
  nlohmann::json error;  // failed/: the .error.json (stage, reason, ...).
};

class DeliveryWatch {
 public:
  // Starts watching `spool_dir` (its done/ and failed/ must exist).
  static Result<std::unique_ptr<DeliveryWatch>> Start(
      const std::string& spool_dir);
  ~DeliveryWatch();
  DeliveryWatch(const DeliveryWatch&) = delete;
  DeliveryWatch& operator=(const DeliveryWatch&) = delete;

  // Waits up to `timeout_ms` for moves and returns the outcomes not yet
  // reported (possibly none).
  std::vector<DeliveryOutcome> Poll(int timeout_ms);

  // Sanitised names of files of this run still in inflight/.
  std::vector<std::string> InflightNames() const;

 private:
  DeliveryWatch(std::string spool_dir, int fd, int64_t start_us);
  void Consider(bool done, const std::string& key,
                std::vector<DeliveryOutcome>* out);
  void Rescan(std::vector<DeliveryOutcome>* out);

  std::string dir_;
  int fd_;
  int done_wd_ = -1;
  int64_t start_us_;
  std::set<std::string> reported_;
};

// The name the fetcher gives a spool key for an inbox name
// (fetcher::Spool::SanitiseName).
std::string SpoolName(const std::string& inbox_name);

}  // namespace ink::ctl
