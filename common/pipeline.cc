#include "common/pipeline.h"

#include <cstdlib>
#include <filesystem>

namespace ink {

std::string NextStage(const std::string& name) {
  const auto& names = StageNames();
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    if (names[i] == name) return names[i + 1];
  }
  return "";
}

config::SectionSchema CommonSchema() {
  using config::Type;
  return {"common",
          "Settings every daemon shares.",
          {
              {"log_level", Type::kString, "info",
               "trace, debug, info, warn or error."},
              {"tick_ms", Type::kInt, "100",
               "How often a daemon wakes without input (ms): timers, signals, "
               "scans."},
          }};
}

config::SectionSchema BusSchema() {
  using config::Type;
  return {
      "bus",
      "ZeroMQ endpoints. A stage binds its own input; the stage before it "
      "connects. "
      "ipc:// endpoints live in the run directory; tcp://host:port works "
      "across machines.",
      {
          {"cleaner", Type::kString, "ipc://{run}/cleaner.sock",
           "Input of the cleaner."},
          {"segmenter", Type::kString, "ipc://{run}/segmenter.sock",
           "Input of the segmenter."},
          {"enricher", Type::kString, "ipc://{run}/enricher.sock",
           "Input of the enricher."},
          {"store", Type::kString, "ipc://{run}/store.sock",
           "Input of the store."},
          {"reports", Type::kString, "ipc://{run}/reports.sock",
           "Acks and dead letters: the fetcher binds, every stage connects."},
          {"query", Type::kString, "ipc://{run}/query.sock",
           "The store's query socket (REQ/REP), used by inkctl."},
          {"control_dir", Type::kString, "{run}",
           "Directory of each daemon's control socket <stage>.ctl (status, "
           "stop)."},
          {"send_hwm", Type::kInt, "1000",
           "High-water mark of every sending queue."},
          {"receive_hwm", Type::kInt, "1000",
           "High-water mark of every receiving queue."},
          {"max_message_bytes", Type::kInt, "67108864",
           "Larger messages are refused by the receiving socket."},
      }};
}

std::string DefaultConfigPath() {
  if (const char* env = std::getenv("INK_CONFIG"); env && *env) return env;
  if (std::filesystem::exists("deploy/inkstream.yaml"))
    return "deploy/inkstream.yaml";
  return "";
}

std::string ControlEndpoint(const config::Config& config,
                            const std::string& stage) {
  return "ipc://" + config.section("bus").GetString("control_dir") + "/" +
         stage + ".ctl";
}

}  // namespace ink
