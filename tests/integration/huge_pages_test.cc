// Every daemon takes its heap's memory in huge pages (RunStageMain calls
// UseHugePagesForHeap), unless its environment sets INK_HUGE_PAGES=0; its
// status says which.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/integration/daemon_process.h"
#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

// The status of a cleaner daemon started with INK_HUGE_PAGES set to `env`
// (unset when empty).
nlohmann::json CleanerStatus(const std::string& env) {
  TempDir dir;
  const std::string config = dir.Sub("cleaner.yaml");
  WriteFile(config,
            "common:\n  tick_ms: 50\nbus:\n  cleaner: tcp://127.0.0.1:" +
                std::to_string(FreePort()) + "\n  segmenter: tcp://127.0.0.1:" +
                std::to_string(FreePort()) + "\n");
  if (env.empty()) {
    unsetenv("INK_HUGE_PAGES");
  } else {
    setenv("INK_HUGE_PAGES", env.c_str(), 1);
  }
  DaemonProcess daemon("cleaner", dir.Sub("home"), config,
                       dir.Sub("cleaner.log"));
  unsetenv("INK_HUGE_PAGES");
  zmq::context_t ctx(1);
  if (!daemon.WaitReady(ctx)) {
    ADD_FAILURE() << daemon.Log();
    return nullptr;
  }
  auto status = daemon.AskStatus(ctx);
  if (!status.ok()) {
    ADD_FAILURE() << status.status().ToString();
    return nullptr;
  }
  return nlohmann::json::parse(*status);
}

TEST(HugePagesTest, ADaemonTakesItsHeapInHugePagesUnlessTurnedOff) {
  const nlohmann::json on = CleanerStatus("");
  const nlohmann::json off = CleanerStatus("0");
  ASSERT_TRUE(on.contains("huge_pages")) << on.dump(2);
  ASSERT_TRUE(off.contains("huge_pages")) << off.dump(2);
#if defined(INK_TCMALLOC)
  EXPECT_EQ(on["huge_pages"], true);
#else
  EXPECT_EQ(on["huge_pages"], false) << "only with tcmalloc";
#endif
  EXPECT_EQ(off["huge_pages"], false);
}

}  // namespace
}  // namespace ink::testing
