#include "stages/fetcher/record_splitter.h"

#include <zlib.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/fs.h"
#include "stages/fetcher/feed_splitter.h"
#include "stages/fetcher/sgml_splitter.h"

namespace ink::fetcher {
namespace {

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

class RecordWriter {
 public:
  RecordWriter(std::string inbox, std::string stem)
      : inbox_(std::move(inbox)), stem_(std::move(stem)) {}
  Status Write(const std::string& record) {
    char num[32];
    std::snprintf(num, sizeof num, ".%06llu.json",
                  static_cast<unsigned long long>(++count_));
    std::string name = stem_ + num;
    std::string tmp = inbox_ + "/." + name + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
      return Status::IOError("create " + tmp + ": " + std::strerror(errno));
    bool ok = std::fwrite(record.data(), 1, record.size(), f) == record.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return Status::IOError("write " + tmp);
    if (std::rename(tmp.c_str(), (inbox_ + "/" + name).c_str()) != 0) {
      return Status::IOError("rename " + tmp + ": " + std::strerror(errno));
    }
    return Status::OK();
  }
  uint64_t count() const { return count_; }

 private:
  std::string inbox_, stem_;
  uint64_t count_ = 0;
};

// Records are re-serialised with dump(), which recurses once per level:
// 100,000 nested brackets overflow the stack. No crawler record nests this
// deep, so a deeper array is refused.
constexpr int kMaxJsonDepth = 512;

bool IsBlank(const std::string& s) {
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string DumpStem(const std::string& name) {
  for (const char* ext : {".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl",
                          ".ndjson", ".json", ".rss", ".atom", ".rdf", ".xml",
                          ".sgm.gz", ".sgml.gz", ".sgm", ".sgml", ".txt"}) {
    if (EndsWith(name, ext))
      return name.substr(0, name.size() - std::strlen(ext));
  }
  return name;
}

bool IsRecordDump(const std::string& name, char first_byte) {
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") ||
      EndsWith(name, ".jsonl.gz") || EndsWith(name, ".ndjson.gz")) {
    return true;
  }
  if (IsFeedName(name)) return true;
  return EndsWith(name, ".json") && first_byte == '[';
}

bool IsRecordDumpFile(const std::string& name, const std::string& path) {
  if (IsRecordDump(name, 0)) return true;
  if (IsSgmlName(name) || EndsWith(name, ".txt"))
    return IsSgmlArchiveFile(path);
  if (EndsWith(name, ".xml")) {
    const std::string head = FileHead(path);
    return LooksLikeFeed(head) || LooksLikeSgmlArchive(head);
  }
  return EndsWith(name, ".json") && IsRecordDump(name, FirstNonBlankByte(path));
}

Result<SplitStats> SplitRecordDump(const std::string& path,
                                   const std::string& name,
                                   const std::string& inbox,
                                   uint64_t max_record_bytes,
                                   uint64_t max_total_bytes) {
  RecordWriter writer(inbox, DumpStem(name));
  SplitStats stats;
  if (IsSgmlName(name) || ((EndsWith(name, ".xml") || EndsWith(name, ".txt")) &&
                           IsSgmlArchiveFile(path))) {
    SgmlSplitter sgml(max_record_bytes, [&](const std::string& record) {
      stats.bytes += record.size();
      return writer.Write(record.size() > max_record_bytes
                              ? R"({"error":"record longer than the limit"})"
                              : record);
    });
    Status s = sgml.SplitFile(path, max_total_bytes);
    stats.records = writer.count();
    if (!s.ok()) return s;
    return stats;
  }
  if (IsFeedName(name) || EndsWith(name, ".xml")) {
    auto bytes = fs::ReadFile(path, max_total_bytes);
    if (!bytes.ok()) return bytes.status();
    auto records = FeedRecords(bytes.value(), name);
    if (!records.ok()) return records.status();
    for (const std::string& record : records.value()) {
      RETURN_IF_ERROR(
          writer.Write(record.size() > max_record_bytes
                           ? R"({"error":"record longer than the limit"})"
                           : record));
      stats.bytes += record.size();
    }
    stats.records = writer.count();
    return stats;
  }
  if (EndsWith(name, ".json")) {
    auto bytes = fs::ReadFile(path, max_total_bytes);
    if (!bytes.ok()) return bytes.status();
    bool too_deep = false;
    nlohmann::json::parser_callback_t depth_check =
        [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
          // Discarding the deep value keeps the tree shallow while the
          // (iterative) parser finishes.
          if (depth > kMaxJsonDepth) too_deep = true;
          return !too_deep;
        };
    auto j = nlohmann::json::parse(bytes.value(), depth_check, false);
    if (too_deep) {
      return Status::InvalidArgument("JSON array nested deeper than " +
                                     std::to_string(kMaxJsonDepth) + " levels");
    }
    if (j.is_discarded() || !j.is_array()) {
      return Status::InvalidArgument("not a valid JSON array of records");
    }
    for (const auto& record : j) {
      std::string text = record.dump();
      RETURN_IF_ERROR(writer.Write(text));
      stats.bytes += text.size();
    }
    stats.records = writer.count();
    return stats;
  }
  // JSON Lines, plain or gzipped (gzread reads plain files as they are).
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) return Status::IOError("open " + path);
  gzbuffer(in, 1 << 16);
  std::string line;
  char buf[1 << 16];
  Status status;
  auto flush = [&]() -> Status {
    if (!IsBlank(line)) RETURN_IF_ERROR(writer.Write(line));
    line.clear();
    return Status::OK();
  };
  bool overlong = false;
  while (status.ok()) {
    int n = gzread(in, buf, sizeof buf);
    if (n < 0) {
      int err;
      status = Status::InvalidArgument(std::string("corrupt gzip data: ") +
                                       gzerror(in, &err));
      break;
    }
    if (n == 0) break;
    stats.bytes += n;
    if (stats.bytes > max_total_bytes) {
      status = Status::TooLarge("dump expands past " +
                                std::to_string(max_total_bytes) +
                                " bytes (a gzip bomb?)");
      break;
    }
    for (int i = 0; i < n && status.ok(); ++i) {
      if (buf[i] == '\n') {
        if (overlong) {
          line = R"({"error":"record longer than the limit"})";
          overlong = false;
        }
        status = flush();
      } else if (!overlong) {
        line.push_back(buf[i]);
        if (line.size() > max_record_bytes) {
          overlong =
              true;  // Keep reading to the end of the line, then mark it.
          line.clear();
        }
      }
    }
  }
  if (status.ok()) {
    if (overlong) line = R"({"error":"record longer than the limit"})";
    status = flush();
  }
  gzclose(in);
  stats.records = writer.count();
  if (!status.ok()) return status;
  return stats;
}

std::string FileHead(const std::string& path) {
  std::string head(4096, '\0');
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "";
  head.resize(std::fread(head.data(), 1, head.size(), f));
  std::fclose(f);
  return head;
}

char FirstNonBlankByte(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  int c;
  while ((c = std::fgetc(f)) != EOF && std::isspace(c)) {
  }
  std::fclose(f);
  return c == EOF ? 0 : static_cast<char>(c);
}

}  // namespace ink::fetcher
