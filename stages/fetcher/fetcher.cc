#include "stages/fetcher/fetcher.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "common/fs.h"
#include "common/hash.h"

namespace ink::fetcher {
namespace {

using Clock = std::chrono::steady_clock;

std::string IsoNow() {
  char buf[32];
  std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// Names that are not articles yet: hidden files (editors and rsync write
// ".name.XXXX" first) and temporary files.
bool Ignored(const std::string& name) {
  if (name.empty() || name[0] == '.') return true;
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return name.size() >= n && name.compare(name.size() - n, n, s) == 0;
  };
  return ends(".tmp") || ends(".part") || ends(".crdownload") || ends("~");
}

// Whether some process still has the file open for writing. A read lease
// is refused (EAGAIN) exactly then. Where leases are not allowed (another
// owner, a file system without them) this answers false and the settle
// time alone decides.
bool OpenForWriting(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  bool writing = false;
  if (::fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    ::fcntl(fd, F_SETLEASE, F_UNLCK);
  } else {
    writing = errno == EAGAIN;
  }
  ::close(fd);
  return writing;
}

}  // namespace

Fetcher::Fetcher(Options options)
    : options_(std::move(options)), spool_(options_.inbox, options_.spool) {}

Fetcher::~Fetcher() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

Result<std::unique_ptr<Fetcher>> Fetcher::Create(const Options& options) {
  std::unique_ptr<Fetcher> f(new Fetcher(options));
  RETURN_IF_ERROR(f->spool_.Init());
  f->inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (f->inotify_fd_ < 0 ||
      ::inotify_add_watch(f->inotify_fd_, options.inbox.c_str(),
                          IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
    spdlog::warn("inotify unavailable ({}); relying on scans",
                 std::strerror(errno));
    if (f->inotify_fd_ >= 0) ::close(f->inotify_fd_);
    f->inotify_fd_ = -1;
  }
  auto left = f->spool_.ListInflight();
  if (!left.ok()) return left.status();
  for (auto& e : left.value()) {
    InFlight in;
    in.entry = e;
    in.due = Clock::now();
    f->unsent_.push_back(e.key);
    f->inflight_[e.key] = std::move(in);
  }
  if (!left.value().empty()) {
    spdlog::info(
        "{} documents left in flight by a previous run will be sent again",
        left.value().size());
  }
  return f;
}

Status Fetcher::Process(v1::Envelope&, Emitter*) {
  return Status::Internal("the fetcher has no input");
}

void Fetcher::DrainInotify() {
  if (inotify_fd_ < 0) return;
  alignas(struct inotify_event) char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      if (ev->mask & IN_Q_OVERFLOW)
        last_scan_ = {};  // Missed events: scan now.
      if (ev->len > 0) {
        std::string name = ev->name;
        if (!Ignored(name)) ready_[name] = true;
      }
      p += sizeof(struct inotify_event) + ev->len;
    }
  }
}

void Fetcher::ScanInbox() {
  auto now = Clock::now();
  if (now - last_scan_ < std::chrono::milliseconds(options_.scan_interval_ms))
    return;
  last_scan_ = now;
  auto names = fs::ListDir(options_.inbox);
  if (!names.ok()) {
    spdlog::error("scan: {}", names.status().ToString());
    return;
  }
  std::map<std::string, Seen> still;
  for (const auto& name : names.value()) {
    if (Ignored(name) || ready_.count(name)) continue;
    struct stat st;
    if (::lstat((options_.inbox + "/" + name).c_str(), &st) != 0) continue;
    Seen s;
    s.size = st.st_size;
    s.mtime_ns = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    s.since = now;
    auto it = seen_.find(name);
    if (it != seen_.end() && it->second.size == s.size &&
        it->second.mtime_ns == s.mtime_ns) {
      s.since = it->second.since;
    }
    // Settled: unchanged for settle_ms, and last modified at least that long
    // ago.
    int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    int64_t age_ms = (now_ns - s.mtime_ns) / 1000000;
    if (now - s.since >= std::chrono::milliseconds(options_.settle_ms) &&
        age_ms >= options_.settle_ms &&
        !OpenForWriting(options_.inbox + "/" + name)) {
      ready_[name] = true;
    } else {
      still[name] = s;
    }
  }
  seen_ = std::move(still);
}

void Fetcher::TakeReady() {
  for (auto it = ready_.begin();
       it != ready_.end() &&
       inflight_.size() < static_cast<size_t>(options_.max_in_flight);) {
    const std::string name = it->first;
    it = ready_.erase(it);
    const std::string path = options_.inbox + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) continue;  // Gone (taken or removed).
    if (S_ISDIR(st.st_mode)) continue;  // Directories are not articles.
    auto reject = [&](const std::string& reason) {
      spdlog::warn("rejected {}: {}", name, reason);
      nlohmann::json err = {{"source", Spool::DisplayName(name)},
                            {"stage", "fetcher"},
                            {"reason", reason},
                            {"attempts", 0},
                            {"failed_at", IsoNow()}};
      Status s = spool_.RejectFromInbox(name, err);
      if (!s.ok())
        spdlog::error("cannot move {} to failed/: {}", name, s.ToString());
      ++counters_.failed;
    };
    if (S_ISLNK(st.st_mode)) {
      reject(
          "a symbolic link: the fetcher never follows links out of the inbox");
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      reject("not a regular file");
      continue;
    }
    if (OpenForWriting(path))
      continue;  // A scan picks it up once it is closed.
    if (IsRecordDumpFile(name, path)) {
      SplitDump(name);
      continue;
    }
    if (st.st_size > options_.max_file_bytes) {
      reject("file has " + std::to_string(st.st_size) +
             " bytes, over the limit of " +
             std::to_string(options_.max_file_bytes) +
             " (fetcher.max_file_bytes)");
      continue;
    }
    auto taken = spool_.Take(name);
    if (!taken.ok()) {
      if (!taken.status().IsNotFound())
        spdlog::error("take {}: {}", name, taken.status().ToString());
      continue;
    }
    ++counters_.taken;
    InFlight f;
    f.entry = taken.value();
    f.due = Clock::now();
    unsent_.push_back(f.entry.key);
    inflight_[f.entry.key] = std::move(f);
  }
}

void Fetcher::SplitDump(const std::string& name) {
  const std::string path = options_.inbox + "/" + name;
  auto split =
      SplitRecordDump(path, name, options_.inbox, options_.max_file_bytes,
                      options_.max_dump_bytes);
  nlohmann::json note = {{"source", Spool::DisplayName(name)},
                         {"stage", "fetcher"},
                         {"failed_at", IsoNow()},
                         {"attempts", 0}};
  if (!split.ok()) {
    note["reason"] = "cannot split the dump: " + split.status().ToString();
    Status s = spool_.RejectFromInbox(name, note);
    if (!s.ok())
      spdlog::error("cannot move {} to failed/: {}", name, s.ToString());
    ++counters_.failed;
    return;
  }
  // The records are in the inbox now; the dump itself is done.
  auto taken = spool_.Take(name);
  if (taken.ok()) (void)spool_.MarkDone(taken.value());
  ++counters_.dumps;
  spdlog::info("split {} into {} records", name, split->records);
}

void Fetcher::Send(InFlight& f, Emitter* out) {
  int64_t mtime_unix = 0;
  auto bytes =
      fs::ReadFile(spool_.InflightPath(f.entry.key), options_.max_file_bytes,
                   fs::Links::kRefuse, &mtime_unix);
  if (!bytes.ok()) {
    Fail(f, "fetcher", "cannot read the file: " + bytes.status().ToString());
    return;
  }
  if (f.entry.attempts >= static_cast<uint32_t>(options_.max_attempts)) {
    Fail(f, "fetcher",
         "no acknowledgement after " + std::to_string(f.entry.attempts) +
             " attempts (a stage is down, or crashes on this document)");
    return;
  }
  f.doc_id = DocIdForBytes(bytes.value());
  ++f.entry.attempts;
  if (f.entry.attempts > 1) {
    ++counters_.resent;
    spdlog::info("resending {} ({}), attempt {}", f.entry.source, f.doc_id,
                 f.entry.attempts);
  }
  // Recorded before sending, so a crash loop still counts attempts.
  Status s = spool_.SaveState(f.entry);
  if (!s.ok()) spdlog::warn("{}", s.ToString());

  v1::Envelope env;
  env.set_doc_id(f.doc_id);
  env.set_attempt(f.entry.attempts);
  // Protobuf strings must be UTF-8; names need not be.
  const std::string display = Spool::DisplayName(f.entry.source);
  env.set_source(display);
  env.set_delivery_key(f.entry.key);
  env.set_received_unix_ms(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  auto* raw = env.mutable_raw();
  raw->set_filename(display);
  raw->set_content(std::move(bytes.value()));
  raw->set_mtime_unix(mtime_unix);
  out->Emit(env);
  ++counters_.sent;
  f.sent = true;
  // Each resend waits twice as long (up to 16x): a stage that is down for
  // minutes pauses intake (in-flight slots stay taken) instead of using up
  // the attempts meant to catch a document that crashes a stage.
  const int64_t backoff = int64_t{1}
                          << std::min<uint32_t>(f.entry.attempts - 1, 4);
  f.due = Clock::now() +
          std::chrono::milliseconds(options_.ack_timeout_ms * backoff);
}

void Fetcher::Fail(InFlight& f, const std::string& stage,
                   const std::string& reason) {
  nlohmann::json err = {{"source", Spool::DisplayName(f.entry.source)},
                        {"doc_id", f.doc_id},
                        {"stage", stage},
                        {"reason", reason},
                        {"attempts", f.entry.attempts},
                        {"failed_at", IsoNow()}};
  Status s = spool_.MarkFailed(f.entry, err);
  if (!s.ok())
    spdlog::error("cannot move {} to failed/: {}", f.entry.key, s.ToString());
  spdlog::warn("failed {} at {}: {}", f.entry.source, stage, reason);
  ++counters_.failed;
  inflight_.erase(f.entry.key);
}

void Fetcher::Tick(Emitter* out) {
  DrainInotify();
  ScanInbox();
  TakeReady();
  auto now = Clock::now();
  std::vector<std::string> due;
  for (auto& [key, f] : inflight_) {
    if (f.due <= now) due.push_back(key);
  }
  for (const auto& key : due) {
    auto it = inflight_.find(key);
    if (it != inflight_.end()) Send(it->second, out);
  }
  unsent_.clear();  // Everything taken was due now, and has been sent.
  if (options_.done_retention_s > 0 &&
      now - last_prune_ > std::chrono::minutes(1)) {
    last_prune_ = now;
    int n = spool_.PruneDone(options_.done_retention_s);
    if (n > 0) spdlog::info("pruned {} files from done/", n);
  }
}

void Fetcher::OnReport(const v1::DeliveryReport& report, Emitter* out) {
  auto it = inflight_.find(report.delivery_key());
  if (it == inflight_.end()) {
    // A second ack after a resend, or a report for a file already failed.
    spdlog::debug("report for {} which is no longer in flight",
                  report.delivery_key());
    return;
  }
  InFlight& f = it->second;
  if (!f.doc_id.empty() && f.doc_id != report.doc_id()) {
    spdlog::warn("report for {} names doc {} but {} was sent; ignored",
                 f.entry.key, report.doc_id(), f.doc_id);
    return;
  }
  switch (report.outcome()) {
    case v1::DeliveryReport::STORED:
    case v1::DeliveryReport::DUPLICATE: {
      Status s = spool_.MarkDone(f.entry);
      if (!s.ok())
        spdlog::error("cannot move {} to done/: {}", f.entry.key, s.ToString());
      if (report.outcome() == v1::DeliveryReport::DUPLICATE)
        ++counters_.duplicates;
      ++counters_.done;
      spdlog::debug("stored {} as {}", f.entry.source, report.doc_id());
      inflight_.erase(it);
      break;
    }
    case v1::DeliveryReport::FAILED:
      Fail(f, report.stage(), report.reason());
      break;
    default:
      spdlog::warn("report with unknown outcome for {}", f.entry.key);
  }
  // A free slot: take the next file now rather than at the next tick.
  TakeReady();
  while (!unsent_.empty()) {
    auto next = inflight_.find(unsent_.front());
    unsent_.pop_front();
    if (next != inflight_.end() && !next->second.sent) {
      Send(next->second, out);
      break;
    }
  }
}

nlohmann::json Fetcher::StatusJson() const {
  return {{"in_flight", inflight_.size()},
          {"waiting", ready_.size() + seen_.size()},
          {"taken", counters_.taken},
          {"sent", counters_.sent},
          {"resent", counters_.resent},
          {"done", counters_.done},
          {"duplicates", counters_.duplicates},
          {"failed", counters_.failed},
          {"dumps_split", counters_.dumps}};
}

StageDescriptor Descriptor() {
  using config::Type;
  StageDescriptor d;
  d.name = "fetcher";
  d.schema = {
      "fetcher",
      "Watches the inbox and owns delivery: spool, send, resend, done/failed.",
      {
          {"inbox", Type::kString, "{home}/inbox", "The drop folder."},
          {"spool", Type::kString, "{home}/spool",
           "inflight/, done/, failed/ (same file system as the inbox)."},
          {"max_in_flight", Type::kInt, "256",
           "Documents sent but not yet acknowledged; more files wait in the "
           "inbox."},
          {"ack_timeout_ms", Type::kInt, "30000",
           "A document without an ack after this long is sent again; the wait "
           "doubles at each resend, up to 16 times this."},
          {"max_attempts", Type::kInt, "5",
           "Sends before a document goes to failed/ for lack of an ack."},
          {"max_file_bytes", Type::kInt, "20971520",
           "Larger files (and larger records of a dump) go straight to "
           "failed/."},
          {"max_dump_bytes", Type::kInt, "1073741824",
           "A .jsonl/.ndjson(.gz) or JSON-array dump is split into one file "
           "per "
           "record; past this many uncompressed bytes it goes to failed/."},
          {"settle_ms", Type::kInt, "1000",
           "A file found by a scan (not announced by inotify) must be "
           "unchanged "
           "this long."},
          {"scan_interval_ms", Type::kInt, "1000",
           "Full inbox scans besides inotify."},
          {"done_retention_hours", Type::kInt, "168",
           "Files in done/ older than this are removed; 0 keeps them."},
      }};
  d.create = [](const config::Config& c) -> Result<std::unique_ptr<Stage>> {
    const auto& s = c.section("fetcher");
    Options o;
    o.inbox = s.GetString("inbox");
    o.spool = s.GetString("spool");
    o.max_in_flight = static_cast<int>(s.GetInt("max_in_flight"));
    o.ack_timeout_ms = s.GetInt("ack_timeout_ms");
    o.max_attempts = static_cast<int>(s.GetInt("max_attempts"));
    o.max_file_bytes = s.GetInt("max_file_bytes");
    o.max_dump_bytes = s.GetInt("max_dump_bytes");
    o.settle_ms = s.GetInt("settle_ms");
    o.scan_interval_ms = s.GetInt("scan_interval_ms");
    o.done_retention_s = s.GetInt("done_retention_hours") * 3600;
    auto f = Fetcher::Create(o);
    if (!f.ok()) return f.status();
    return std::unique_ptr<Stage>(std::move(f.value()));
  };
  return d;
}

}  // namespace ink::fetcher
