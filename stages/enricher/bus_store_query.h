// The enricher daemon's StoreQuery: a REQ/REP exchange with the store's
// query socket (bus.query). Kept out of the stage library, which has no
// sockets; linked into ink-enricher and its process tests.
#pragma once

#include "common/config.h"
#include "stages/enricher/enricher_stage.h"

namespace ink::enricher {

// A StoreQuery on its own ZeroMQ context that sends each request to
// config's bus.query endpoint and waits `timeout_ms` for the reply
// (Unavailable after that: the store is down or busy).
StoreQuery BusStoreQuery(const config::Config& config, int timeout_ms = 2000);

}  // namespace ink::enricher
