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
          {"curve_secret_key_file", Type::kString, "",
           "This host's CURVE secret key (made by inkctl keys). When set, "
           "every tcp:// endpoint is encrypted and authenticated with "
           "ZeroMQ CURVE; ipc:// endpoints stay plain."},
          {"curve_allowed_clients", Type::kStringList, "",
           "Public keys (Z85, or .pub files) of the hosts allowed to connect "
           "to this host's tcp:// endpoints; any other peer is refused."},
          {"curve_server_keys", Type::kStringList, "",
           "The public key of the host behind each tcp:// endpoint this host "
           "connects to, as NAME=KEY_OR_FILE with NAME one of cleaner, "
           "segmenter, enricher, store, reports, query."},
      }};
}

config::SectionSchema MetricsSchema() {
  using config::Type;
  config::SectionSchema schema{
      "metrics",
      "Prometheus metrics: each daemon serves GET /metrics over HTTP on its "
      "host:port (port 0 picks a free one, shown by inkctl status). Empty: "
      "off. inkctl status and inkctl top read the same numbers through the "
      "control socket, with or without this.",
      {}};
  int port = 9461;
  for (const auto& stage : StageNames()) {
    schema.keys.push_back(
        {stage, Type::kString, "",
         "Address of ink-" + stage +
             "'s metrics, e.g. 127.0.0.1:" + std::to_string(port++) + "."});
  }
  return schema;
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
