// Test helpers: a temporary directory removed at scope exit, and waiting on
// a condition with a deadline (never a bare sleep as synchronisation).
#pragma once

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

namespace ink::testing {

class TempDir {
 public:
  TempDir();   // Creates a fresh directory under $TMPDIR (or /tmp).
  ~TempDir();  // Removes it recursively.
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string Sub(const std::string& name) const;

 private:
  std::string path_;
};

// Polls `done` until it returns true or `timeout` passes; returns its last
// value. Polling with a deadline, for conditions no event announces.
bool WaitFor(const std::function<bool()>& done,
             std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Directory of the built binaries and of the source tree, for tests that
// run daemons or read fixtures: $INK_BIN_DIR / $INK_SOURCE_DIR if set, else
// the build's own paths (compiled into each test binary).
#ifdef INK_TEST_BIN_DIR
inline std::string BinDir() {
  const char* e = std::getenv("INK_BIN_DIR");
  return e && *e ? e : INK_TEST_BIN_DIR;
}
inline std::string SourceDir() {
  const char* e = std::getenv("INK_SOURCE_DIR");
  return e && *e ? e : INK_TEST_SOURCE_DIR;
}
#endif

// Writes `contents` to `path`, creating parent directories.
void WriteFile(const std::string& path, const std::string& contents);
std::string ReadFile(const std::string& path);

}  // namespace ink::testing
