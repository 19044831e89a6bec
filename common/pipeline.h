// The shape of the pipeline: which stage follows which, and the config
// sections every daemon shares (common, bus).
#pragma once

#include <string>
#include <vector>

#include "common/config.h"

namespace ink {

// The five stages in pipeline order.
inline const std::vector<std::string>& StageNames() {
  static const std::vector<std::string> k = {"fetcher", "cleaner", "segmenter",
                                             "enricher", "store"};
  return k;
}

// The stage after `name`, or "" for the store.
std::string NextStage(const std::string& name);

// Keys of the "common" section: logging and the loop's tick.
config::SectionSchema CommonSchema();
// Keys of the "bus" section: every ZeroMQ endpoint and queue bound.
config::SectionSchema BusSchema();
// Keys of the "metrics" section: where each daemon serves Prometheus
// metrics over HTTP (off unless an address is given).
config::SectionSchema MetricsSchema();

// The config file used when --config is not given: $INK_CONFIG if set, else
// deploy/inkstream.yaml when it exists in the working directory, else none
// (built-in defaults).
std::string DefaultConfigPath();

// The control endpoint of a stage ("ipc://<run>/<stage>.ctl" by default).
std::string ControlEndpoint(const config::Config& config,
                            const std::string& stage);

}  // namespace ink
