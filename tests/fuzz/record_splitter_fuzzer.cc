// Fuzzes the fetcher's splitting of crawler dumps (SplitRecordDump) on a
// JSON Lines file, a gzipped one, a JSON array and news feeds (RSS, Atom). The
// first input byte picks the dump's name; the rest is the file. Each record
// file written must be whole: JSON the cleaner can be handed, or the marker of
// an over-long record, or a line the cleaner will reject with its reason.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "stages/fetcher/record_splitter.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace stdfs = std::filesystem;

// A directory of this process's own, removed at exit.
class ScratchDir {
 public:
  ScratchDir()
      : path_(stdfs::temp_directory_path() /
              ("ink-fuzz-splitter-" + std::to_string(getpid()))) {
    stdfs::create_directories(path_ / "inbox");
  }
  ~ScratchDir() {
    std::error_code ec;
    stdfs::remove_all(path_, ec);
  }
  const stdfs::path& path() const { return path_; }

 private:
  stdfs::path path_;
};

const stdfs::path& WorkDir() {
  static ScratchDir dir;
  return dir.path();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"dump.jsonl",    "dump.ndjson",
                                       "dump.jsonl.gz", "dump.json",
                                       "dump.rss",      "dump.xml"};
  FuzzedDataProvider in(data, size);
  const std::string name = kNames[in.ConsumeIntegralInRange<size_t>(0, 5)];
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  const stdfs::path dump = WorkDir() / name;
  const stdfs::path inbox = WorkDir() / "inbox";
  {
    std::ofstream out(dump, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  const bool is_dump = name == "dump.xml"
                           ? ink::fetcher::IsRecordDumpFile(name, dump.string())
                           : ink::fetcher::IsRecordDump(
                                 name, bytes.empty() ? '\0' : bytes.front());
  if (is_dump || (name != "dump.json" && name != "dump.xml")) {
    auto stats = ink::fetcher::SplitRecordDump(dump.string(), name,
                                               inbox.string(), 4096, 1 << 20);
    if (!stats.ok()) ink::fuzz::CheckRefusal(stats.status());
    uint64_t files = 0;
    for (const auto& entry : stdfs::directory_iterator(inbox)) {
      if (entry.path().filename().string().front() == '.')
        ink::fuzz::Fail("a temporary record file was left behind",
                        entry.path().string());
      ++files;
    }
    if (stats.ok() && files != stats->records)
      ink::fuzz::Fail("record count differs from the files written",
                      std::to_string(files));
  }
  for (const auto& entry : stdfs::directory_iterator(inbox))
    stdfs::remove(entry.path());
  return 0;
}
