#include "stages/enricher/bus_store_query.h"

#include <memory>
#include <string>
#include <zmq.hpp>

#include "common/bus.h"

namespace ink::enricher {

StoreQuery BusStoreQuery(const config::Config& config, int timeout_ms) {
  auto zmq = std::make_shared<zmq::context_t>(1);
  return [zmq, endpoint = config.section("bus").GetString("query"),
          timeout_ms](const std::string& request) {
    return bus::Request(*zmq, endpoint, request, timeout_ms);
  };
}

}  // namespace ink::enricher
