// ZeroMQ plumbing shared by the runner and inkctl. Sockets are cppzmq RAII
// handles; "would block" and time-outs are values, not exceptions.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <zmq.hpp>

#include "common/config.h"
#include "common/curve.h"
#include "common/status.h"

namespace ink::bus {

// Queue bounds and limits from the "bus" config section.
struct SocketOptions {
  int send_hwm = 1000;
  int receive_hwm = 1000;
  int64_t max_message_bytes = 64 << 20;
  int linger_ms = 2000;
  // CURVE for tcp:// endpoints (borrowed; null or disabled: plain text).
  const curve::Settings* curve = nullptr;
};
SocketOptions OptionsFrom(const config::Section& bus);

// Makes a socket with the options applied; binds (bind=true) or connects.
// For ipc:// endpoints the directory is created first. `name` is the bus
// key of the endpoint ("cleaner", "reports", ...): a CURVE client looks up
// the server key it expects under that name.
Result<zmq::socket_t> Open(zmq::context_t& ctx, zmq::socket_type type,
                           const std::string& endpoint, bool bind,
                           const SocketOptions& options,
                           const std::string& name = "");

// Sends one message, waiting while the queue is full until it is sent,
// `stop` becomes true, or `timeout_ms` passes (-1: no limit). Returns
// whether it was sent.
bool Send(zmq::socket_t& socket, const std::string& bytes,
          const std::atomic<bool>& stop, int timeout_ms = -1);

// One request/reply exchange on a fresh REQ socket: Unavailable when no
// reply arrives within `timeout_ms` (the peer is down or busy).
Result<std::string> Request(zmq::context_t& ctx, const std::string& endpoint,
                            const std::string& request, int timeout_ms);

}  // namespace ink::bus
