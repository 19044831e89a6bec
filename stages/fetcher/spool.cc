#include "stages/fetcher/spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "common/fs.h"

namespace ink::fetcher {
namespace {

constexpr char kStateSuffix[] = ".state";  // Left by older versions.
constexpr char kErrorSuffix[] = ".error.json";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status Move(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    if (errno == ENOENT) return Status::NotFound(from + " is gone");
    return Status::IOError("rename " + from + " to " + to + ": " +
                           std::strerror(errno));
  }
  return Status::OK();
}

// JSON strings must be UTF-8; names may hold any bytes.
std::string Utf8Safe(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80         ? 1
              : (c >> 5) == 6  ? 2
              : (c >> 4) == 14 ? 3
              : (c >> 3) == 30 ? 4
                               : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
    }
  }
  return out;
}

}  // namespace

Spool::Spool(std::string inbox, std::string spool_dir)
    : inbox_(std::move(inbox)),
      dir_(std::move(spool_dir)),
      log_(dir_ + "/inflight.log") {}

Status Spool::Init() {
  RETURN_IF_ERROR(fs::EnsureDir(inbox_));
  for (const char* sub : {"/inflight", "/done", "/failed"}) {
    RETURN_IF_ERROR(fs::EnsureDir(dir_ + sub));
  }
  return Status::OK();
}

std::string Spool::InflightPath(const std::string& key) const {
  return dir_ + "/inflight/" + key;
}

std::string Spool::DisplayName(const std::string& name) {
  return Utf8Safe(name);
}

std::string Spool::SanitiseName(const std::string& name) {
  std::string safe = Utf8Safe(name);
  std::string out;
  for (char c : safe) {
    unsigned char u = c;
    out += (u < 0x20 || c == '/' || c == '\\' || c == '~') ? '_' : c;
  }
  if (out.size() > 120) {
    size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) >> 6) == 2) --cut;
    out.resize(cut);
  }
  return out;
}

std::string Spool::NewKey(const std::string& source) {
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "%016llx-%d-%llu~",
                static_cast<unsigned long long>(now),
                static_cast<int>(::getpid()),
                static_cast<unsigned long long>(++seq_));
  return prefix + SanitiseName(source);
}

Result<SpoolEntry> Spool::Take(const std::string& name) {
  SpoolEntry e;
  e.source = name;
  e.key = NewKey(name);
  RETURN_IF_ERROR(Move(inbox_ + "/" + name, InflightPath(e.key)));
  AttemptLog::Record r{e.key, Utf8Safe(name), 0};
  // The key holds the name when sanitising leaves it alone; otherwise the
  // name must be on record before a crash could lose it.
  const bool key_holds_name = SanitiseName(name) == name;
  live_[e.key] = r;
  if (!key_holds_name) {
    // The file is taken either way: failing here would leave it in
    // inflight/ untracked until a restart.
    if (Status s = log_.Append(r); !s.ok())
      spdlog::warn("{} (the source name of {} is kept only in its key)",
                   s.ToString(), e.key);
  }
  return e;
}

Status Spool::SaveState(const SpoolEntry& entry) {
  AttemptLog::Record r{entry.key, Utf8Safe(entry.source), entry.attempts};
  live_[entry.key] = r;
  // Rewritten once it holds several lines per live entry: the log stays
  // small, and a rewrite costs one file creation per many sends.
  if (log_.appended() > 4 * live_.size() + 1024) {
    std::vector<AttemptLog::Record> records;
    records.reserve(live_.size());
    for (const auto& [key, rec] : live_) records.push_back(rec);
    return log_.Rewrite(records);
  }
  return log_.Append(r);
}

void Spool::Forget(const std::string& key) { live_.erase(key); }

Result<std::vector<SpoolEntry>> Spool::ListInflight() {
  auto names = fs::ListDir(dir_ + "/inflight");
  if (!names.ok()) return names.status();
  auto logged = log_.Load();
  if (!logged.ok()) return logged.status();
  std::vector<SpoolEntry> out;
  live_.clear();
  for (const auto& name : names.value()) {
    if (EndsWith(name, kStateSuffix) || EndsWith(name, ".tmp")) continue;
    SpoolEntry e;
    e.key = name;
    auto tilde = name.find('~');
    e.source = tilde == std::string::npos ? name : name.substr(tilde + 1);
    if (auto it = logged->find(name); it != logged->end()) {
      e.source = it->second.source;
      e.attempts = it->second.attempts;
    } else if (auto state =
                   fs::ReadFile(InflightPath(name) + kStateSuffix, 1 << 20);
               state.ok()) {
      auto j = nlohmann::json::parse(state.value(), nullptr, false);
      if (j.is_object()) {
        e.source = j.value("source", e.source);
        e.attempts = j.value("attempts", 0u);
      }
    }
    live_[e.key] = {e.key, Utf8Safe(e.source), e.attempts};
    out.push_back(std::move(e));
  }
  // The log keeps only what is still in flight; then the older versions'
  // state files (now in the log) and their temporaries can go.
  std::vector<AttemptLog::Record> records;
  for (const auto& [key, rec] : live_) records.push_back(rec);
  RETURN_IF_ERROR(log_.Rewrite(records));
  for (const auto& name : names.value()) {
    if (EndsWith(name, kStateSuffix) ||
        EndsWith(name, std::string(kStateSuffix) + ".tmp"))
      ::unlink(InflightPath(name).c_str());
  }
  return out;
}

Status Spool::MarkDone(const SpoolEntry& entry) {
  std::string to = DoneDir() + "/" + entry.key;
  RETURN_IF_ERROR(Move(InflightPath(entry.key), to));
  Forget(entry.key);
  // Retention counts from the ack.
  ::utimensat(AT_FDCWD, to.c_str(), nullptr, 0);
  return Status::OK();
}

Status Spool::MarkFailed(const SpoolEntry& entry, const nlohmann::json& error) {
  // The reason goes first, durably: a failed file without its reason would
  // be a silent loss of information.
  RETURN_IF_ERROR(fs::WriteFileAtomic(
      FailedDir() + "/" + entry.key + kErrorSuffix, error.dump(2) + "\n"));
  RETURN_IF_ERROR(Move(InflightPath(entry.key), FailedDir() + "/" + entry.key));
  Forget(entry.key);
  return Status::OK();
}

Status Spool::RejectFromInbox(const std::string& name,
                              const nlohmann::json& error) {
  std::string key = NewKey(name);
  RETURN_IF_ERROR(fs::WriteFileAtomic(FailedDir() + "/" + key + kErrorSuffix,
                                      error.dump(2) + "\n"));
  Status s = Move(inbox_ + "/" + name, FailedDir() + "/" + key);
  if (!s.ok()) ::unlink((FailedDir() + "/" + key + kErrorSuffix).c_str());
  return s;
}

int Spool::PruneDone(int64_t max_age_s) {
  auto names = fs::ListDir(DoneDir());
  if (!names.ok()) return 0;
  int removed = 0;
  time_t now = std::time(nullptr);
  for (const auto& name : names.value()) {
    std::string path = DoneDir() + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) == 0 && now - st.st_mtime > max_age_s) {
      if (::unlink(path.c_str()) == 0) ++removed;
    }
  }
  return removed;
}

}  // namespace ink::fetcher
