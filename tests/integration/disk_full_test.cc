// A full disk under the store: the store refuses (no ack, so nothing goes
// to done/ or failed/) and stores everything once space returns. The store
// lives on a small tmpfs this test mounts (it needs root; skipped without).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

// A tmpfs mounted for the test's lifetime.
class SmallDisk {
 public:
  SmallDisk(const std::string& dir, const std::string& size) : dir_(dir) {
    std::filesystem::create_directories(dir);
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0,
                       ("size=" + size).c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes a file until the disk refuses more; returns the bytes written.
  size_t Fill(const std::string& name) {
    std::FILE* f = std::fopen((dir_ + "/" + name).c_str(), "wb");
    if (!f) return 0;
    std::string block(64 << 10, 'x');
    size_t total = 0;
    while (true) {
      size_t n = std::fwrite(block.data(), 1, block.size(), f);
      total += n;
      if (n < block.size() || std::fflush(f) != 0) break;
    }
    std::fclose(f);
    // Small writes too, down to the last free byte.
    int fd = ::open((dir_ + "/" + name).c_str(), O_WRONLY | O_APPEND);
    while (fd >= 0 && ::write(fd, "x", 1) == 1) ++total;
    if (fd >= 0) ::close(fd);
    return total;
  }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

// How often the supervisor restarted the store (-1 when status fails).
int64_t StoreRestarts(const Pipeline& p) {
  auto s = p.CtlJson("status --json");
  if (!s.is_object() || !s.contains("store")) return -1;
  return s["store"].value("restarts", 0);
}

// A failed write makes the store exit (RocksDB does not reliably resume a
// database after a failed WAL write; a fresh open does) and the supervisor
// start it again, with back-off while the disk stays full.
TEST(DiskFullTest, TheStoreRefusesWhileTheDiskIsFullAndRecovers) {
  TempDir mount_point;
  // Smaller than the write-ahead log RocksDB would preallocate, so that
  // writes reach the end of the disk.
  SmallDisk disk(mount_point.path(), "8m");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs (" << disk.error() << "); needs root";
  Pipeline p("  ack_timeout_ms: 400\n  max_attempts: 1000\nstore:\n  path: " +
             mount_point.path() + "/store\n");
  ASSERT_EQ(p.Ctl("up").exit_code, 0) << p.LogOf("store");

  p.Drop("before.txt",
         "磁盘写满之前的稿件\n来源: 测试分行 2021-06-01 10:00\n"
         "这是一篇在磁盘写满之前存入的测试文章。\n");
  ASSERT_TRUE(WaitFor([&] { return CountFiles(p.Spool("done")) == 1; },
                      std::chrono::seconds(30)))
      << p.LogOf("store");

  ASSERT_GT(disk.Fill("filler"), 0u);
  constexpr int kFiles = 5;
  for (int i = 0; i < kFiles; ++i) {
    // Large enough bodies that the write-ahead log must grow.
    std::string body;
    for (int k = 0; k < 400; ++k)
      body += "第" + std::to_string(i) + "篇稿件的第" + std::to_string(k) +
              "段，分行开展金融服务。";
    p.Drop("full" + std::to_string(i) + ".txt",
           "磁盘写满时的稿件" + std::to_string(i) +
               "\n来源: 测试分行 2021-06-02 10:00\n" + body + "\n");
  }
  // The store's writes fail: it exits and is restarted, and acknowledges
  // nothing.
  ASSERT_TRUE(
      WaitFor([&] { return StoreRestarts(p) >= 2; }, std::chrono::seconds(60)))
      << "done " << CountFiles(p.Spool("done")) << "\n"
      << p.LogOf("store");
  EXPECT_EQ(CountFiles(p.Spool("done")), 1u);
  EXPECT_EQ(CountFiles(p.Spool("failed")), 0u);

  // Space returns: every document is stored, none failed, the store is
  // consistent.
  std::filesystem::remove(mount_point.path() + "/filler");
  ASSERT_TRUE(
      WaitFor([&] { return CountFiles(p.Spool("done")) == 1u + kFiles; },
              std::chrono::seconds(90)))
      << "done " << CountFiles(p.Spool("done")) << "\n"
      << p.LogOf("store");
  EXPECT_EQ(CountFiles(p.Spool("failed")), 0u);
  EXPECT_EQ(p.CtlJson("stats --json").value("documents", 0), 1 + kFiles);
  EXPECT_EQ(p.Ctl("verify").exit_code, 0);
  ASSERT_EQ(p.Ctl("down").exit_code, 0);
}

}  // namespace
}  // namespace ink::testing
