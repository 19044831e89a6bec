#include "stages/fetcher/spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "common/fs.h"

namespace ink::fetcher {
namespace {

constexpr char kStateSuffix[] = ".state";
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
    : inbox_(std::move(inbox)), dir_(std::move(spool_dir)) {}

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
  RETURN_IF_ERROR(SaveState(e));
  return e;
}

Status Spool::SaveState(const SpoolEntry& entry) const {
  nlohmann::json j = {{"source", Utf8Safe(entry.source)},
                      {"attempts", entry.attempts}};
  // Not fsynced: losing it only resets the attempt count.
  std::string path = InflightPath(entry.key) + kStateSuffix;
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IOError("create " + tmp + ": " + std::strerror(errno));
  std::string data = j.dump();
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return Status::IOError("write " + tmp);
  return Move(tmp, path);
}

Result<std::vector<SpoolEntry>> Spool::ListInflight() const {
  auto names = fs::ListDir(dir_ + "/inflight");
  if (!names.ok()) return names.status();
  std::vector<SpoolEntry> out;
  for (const auto& name : names.value()) {
    if (EndsWith(name, kStateSuffix) || EndsWith(name, ".tmp")) continue;
    SpoolEntry e;
    e.key = name;
    auto tilde = name.find('~');
    e.source = tilde == std::string::npos ? name : name.substr(tilde + 1);
    auto state = fs::ReadFile(InflightPath(name) + kStateSuffix, 1 << 20);
    if (state.ok()) {
      auto j = nlohmann::json::parse(state.value(), nullptr, false);
      if (j.is_object()) {
        e.source = j.value("source", e.source);
        e.attempts = j.value("attempts", 0u);
      }
    }
    out.push_back(std::move(e));
  }
  // Remove state files whose data file is gone (a crash between moves).
  for (const auto& name : names.value()) {
    if (!EndsWith(name, kStateSuffix)) continue;
    std::string data = name.substr(0, name.size() - std::strlen(kStateSuffix));
    if (::access(InflightPath(data).c_str(), F_OK) != 0)
      ::unlink(InflightPath(name).c_str());
  }
  return out;
}

Status Spool::MarkDone(const SpoolEntry& entry) {
  std::string to = DoneDir() + "/" + entry.key;
  RETURN_IF_ERROR(Move(InflightPath(entry.key), to));
  ::utimensat(AT_FDCWD, to.c_str(), nullptr,
              0);  // Retention counts from the ack.
  ::unlink((InflightPath(entry.key) + kStateSuffix).c_str());
  return Status::OK();
}

Status Spool::MarkFailed(const SpoolEntry& entry, const nlohmann::json& error) {
  // The reason goes first, durably: a failed file without its reason would
  // be a silent loss of information.
  RETURN_IF_ERROR(fs::WriteFileAtomic(
      FailedDir() + "/" + entry.key + kErrorSuffix, error.dump(2) + "\n"));
  RETURN_IF_ERROR(Move(InflightPath(entry.key), FailedDir() + "/" + entry.key));
  ::unlink((InflightPath(entry.key) + kStateSuffix).c_str());
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
