#include "cli/inkctl/delivery_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "common/fs.h"
#include "stages/fetcher/spool.h"

namespace ink::ctl {
namespace {

constexpr char kErrorSuffix[] = ".error.json";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The time a key was taken (µs since the epoch), or -1 for other names.
int64_t KeyTime(const std::string& key) {
  if (key.size() < 17 || key[16] != '-') return -1;
  int64_t t = 0;
  for (int i = 0; i < 16; ++i) {
    char c = key[i];
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                   : -1;
    if (v < 0) return -1;
    t = t * 16 + v;
  }
  return t;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string SpoolName(const std::string& inbox_name) {
  return fetcher::Spool::SanitiseName(inbox_name);
}

DeliveryWatch::DeliveryWatch(std::string spool_dir, int fd, int64_t start_us)
    : dir_(std::move(spool_dir)), fd_(fd), start_us_(start_us) {}

DeliveryWatch::~DeliveryWatch() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<DeliveryWatch>> DeliveryWatch::Start(
    const std::string& spool_dir) {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return Status::IOError(std::string("inotify: ") + std::strerror(errno));
  std::unique_ptr<DeliveryWatch> w(
      new DeliveryWatch(spool_dir, fd, NowMicros()));
  w->done_wd_ = ::inotify_add_watch(fd, (spool_dir + "/done").c_str(),
                                    IN_MOVED_TO | IN_CLOSE_WRITE);
  int failed_wd = ::inotify_add_watch(fd, (spool_dir + "/failed").c_str(),
                                      IN_MOVED_TO | IN_CLOSE_WRITE);
  if (w->done_wd_ < 0 || failed_wd < 0)
    return Status::IOError("cannot watch " + spool_dir +
                           "/{done,failed}: " + std::strerror(errno));
  return w;
}

void DeliveryWatch::Consider(bool done, const std::string& key,
                             std::vector<DeliveryOutcome>* out) {
  // failed/ holds <key> and <key>.error.json (written first); temporary
  // files end in .tmp.
  if (EndsWith(key, kErrorSuffix) || EndsWith(key, ".tmp")) return;
  if (KeyTime(key) < start_us_) return;
  const size_t tilde = key.find('~');
  if (tilde == std::string::npos) return;
  if (!reported_.insert(key).second) return;
  DeliveryOutcome o;
  o.done = done;
  o.key = key;
  o.name = key.substr(tilde + 1);
  o.path = dir_ + (done ? "/done/" : "/failed/") + key;
  if (!done) {
    auto data = fs::ReadFile(o.path + kErrorSuffix, 1 << 20);
    o.error = data.ok() ? nlohmann::json::parse(data.value(), nullptr, false)
                        : nlohmann::json();
    if (o.error.is_discarded() || !o.error.is_object())
      o.error = {{"reason", "(no readable .error.json)"}};
  }
  out->push_back(std::move(o));
}

void DeliveryWatch::Rescan(std::vector<DeliveryOutcome>* out) {
  for (bool done : {true, false}) {
    auto names = fs::ListDir(dir_ + (done ? "/done" : "/failed"));
    if (!names.ok()) continue;
    for (const auto& n : names.value()) Consider(done, n, out);
  }
}

std::vector<DeliveryOutcome> DeliveryWatch::Poll(int timeout_ms) {
  std::vector<DeliveryOutcome> out;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return out;
  alignas(struct inotify_event) char buf[64 * 1024];
  bool overflow = false;
  while (true) {
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (char* q = buf; q < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(q);
      if (ev->mask & IN_Q_OVERFLOW) overflow = true;
      if (ev->len > 0) Consider(ev->wd == done_wd_, ev->name, &out);
      q += sizeof(struct inotify_event) + ev->len;
    }
  }
  if (overflow) Rescan(&out);
  return out;
}

std::vector<std::string> DeliveryWatch::InflightNames() const {
  std::vector<std::string> out;
  auto names = fs::ListDir(dir_ + "/inflight");
  if (!names.ok()) return out;
  for (const auto& key : names.value()) {
    if (EndsWith(key, ".state") || EndsWith(key, ".tmp")) continue;
    if (KeyTime(key) < start_us_) continue;
    const size_t tilde = key.find('~');
    if (tilde != std::string::npos) out.push_back(key.substr(tilde + 1));
  }
  return out;
}

}  // namespace ink::ctl
