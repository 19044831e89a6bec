#include "stages/fetcher/attempt_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/fs.h"

namespace ink::fetcher {
namespace {

// Far more than a log of live entries needs; a larger file is not ours.
constexpr uint64_t kMaxLogBytes = uint64_t{1} << 30;

std::string Line(const AttemptLog::Record& r) {
  return nlohmann::json{{"k", r.key}, {"s", r.source}, {"a", r.attempts}}
             .dump() +
         "\n";
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("write " + path + ": " + std::strerror(errno));
    }
    done += n;
  }
  return Status::OK();
}

}  // namespace

AttemptLog::AttemptLog(std::string path) : path_(std::move(path)) {}

AttemptLog::~AttemptLog() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unordered_map<std::string, AttemptLog::Record>> AttemptLog::Load()
    const {
  std::unordered_map<std::string, Record> out;
  if (::access(path_.c_str(), F_OK) != 0 && errno == ENOENT) return out;
  auto bytes = fs::ReadFile(path_, kMaxLogBytes);
  if (!bytes.ok()) return bytes.status();
  std::string_view rest = bytes.value();
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view()
                                         : rest.substr(end + 1);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;  // Torn by a crash.
    auto k = j.find("k");
    auto s = j.find("s");
    auto a = j.find("a");
    if (k == j.end() || !k->is_string() || s == j.end() || !s->is_string() ||
        a == j.end() || !a->is_number_unsigned())
      continue;
    Record r;
    r.key = k->get<std::string>();
    r.source = s->get<std::string>();
    r.attempts = a->get<uint32_t>();
    out[r.key] = std::move(r);
  }
  return out;
}

Status AttemptLog::Append(const Record& record) {
  if (fd_ < 0) {
    fd_ =
        ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0)
      return Status::IOError("open " + path_ + ": " + std::strerror(errno));
  }
  ++appended_;
  return WriteAll(fd_, Line(record), path_);
}

Status AttemptLog::Rewrite(const std::vector<Record>& live) {
  std::string data;
  for (const auto& r : live) data += Line(r);
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return Status::IOError("create " + tmp + ": " + std::strerror(errno));
  Status s = WriteAll(fd, data, tmp);
  if (::close(fd) != 0 && s.ok())
    s = Status::IOError("close " + tmp + ": " + std::strerror(errno));
  if (s.ok() && ::rename(tmp.c_str(), path_.c_str()) != 0)
    s = Status::IOError("rename " + tmp + ": " + std::strerror(errno));
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  // The open descriptor still points at the replaced file.
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  appended_ = 0;
  return Status::OK();
}

}  // namespace ink::fetcher
