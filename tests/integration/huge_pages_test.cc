// The store daemon takes its heap's memory in huge pages (its descriptor
// asks RunStageMain for it), the other daemons do not, and
// INK_HUGE_PAGES=0 in the environment turns it off; each daemon's status
// says which.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/integration/pipeline_harness.h"

namespace ink::testing {
namespace {

// Each daemon's "huge_pages" in `inkctl status --json` of a pipeline
// started with INK_HUGE_PAGES set to `env` (unset when empty).
nlohmann::json HugePagesByDaemon(const std::string& env) {
  if (env.empty()) {
    unsetenv("INK_HUGE_PAGES");
  } else {
    setenv("INK_HUGE_PAGES", env.c_str(), 1);
  }
  Pipeline p;
  const int up = p.Ctl("up").exit_code;
  unsetenv("INK_HUGE_PAGES");
  if (up != 0) {
    ADD_FAILURE() << "inkctl up: " << up << "\n" << p.LogOf("store");
    return nullptr;
  }
  const nlohmann::json status = p.CtlJson("status --json");
  nlohmann::json out = nlohmann::json::object();
  for (const char* d :
       {"fetcher", "cleaner", "segmenter", "enricher", "store"}) {
    out[d] = status.contains(d) && status[d].contains("huge_pages")
                 ? status[d]["huge_pages"]
                 : nlohmann::json("missing");
  }
  return out;
}

TEST(HugePagesTest, TheStoreTakesItsHeapInHugePagesUnlessTurnedOff) {
  const nlohmann::json on = HugePagesByDaemon("");
#if defined(INK_TCMALLOC)
  EXPECT_EQ(on["store"], true) << on.dump();
#else
  EXPECT_EQ(on["store"], false) << "only with tcmalloc: " << on.dump();
#endif
  for (const char* d : {"fetcher", "cleaner", "segmenter", "enricher"})
    EXPECT_EQ(on[d], false) << d << ": " << on.dump();

  const nlohmann::json off = HugePagesByDaemon("0");
  EXPECT_EQ(off["store"], false) << off.dump();
}

}  // namespace
}  // namespace ink::testing
