// ZeroMQ plumbing shared by the runner and inkctl. Sockets are cppzmq RAII
// handles; "would block" and time-outs are values, not exceptions.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>
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
// whether it was sent. The message is handed to ZeroMQ without a copy (it
// is left empty once sent).
bool Send(zmq::socket_t& socket, zmq::message_t& message,
          const std::atomic<bool>& stop, int timeout_ms = -1);
// The same for bytes in a string (copied into a message).
bool Send(zmq::socket_t& socket, const std::string& bytes,
          const std::atomic<bool>& stop, int timeout_ms = -1);

// Sends `parts` as one multipart message, waiting for room as Send() does:
// ZeroMQ queues a multipart message whole or not at all, and moves it
// through its I/O thread and the peer's in one go, so a batch costs one
// wake-up on each side instead of one per part. A receiver that ignores
// ZMQ_RCVMORE reads the parts one by one, as separate messages. Returns
// whether every part was sent; the parts sent are left empty.
bool SendParts(zmq::socket_t& socket, std::vector<zmq::message_t>& parts,
               const std::atomic<bool>& stop, int timeout_ms = -1);

// `message` serialised straight into a ZeroMQ message: one allocation and
// no copy between the protobuf encoder and the socket.
template <typename Proto>
zmq::message_t Serialise(const Proto& message) {
  const size_t size = message.ByteSizeLong();
  zmq::message_t out(size);
  message.SerializeWithCachedSizesToArray(static_cast<uint8_t*>(out.data()));
  return out;
}

// The bytes of a message as received (`size` bytes at `received`)
// followed by the encoding of each of `additions`, in one ZeroMQ message.
// Protobuf parses a concatenation as a merge, so a receiver gets the
// received message with the additions merged in, and the received part is
// copied instead of being encoded again.
template <typename... Protos>
zmq::message_t SerialiseAfter(const void* received, size_t size,
                              const Protos&... additions) {
  const size_t sizes[] = {additions.ByteSizeLong()...};
  size_t total = size;
  for (size_t s : sizes) total += s;
  zmq::message_t out(total);
  uint8_t* at = static_cast<uint8_t*>(out.data());
  if (size > 0) std::memcpy(at, received, size);
  at += size;
  ((at = additions.SerializeWithCachedSizesToArray(at)), ...);
  return out;
}

// One request/reply exchange on a fresh REQ socket: Unavailable when no
// reply arrives within `timeout_ms` (the peer is down or busy).
Result<std::string> Request(zmq::context_t& ctx, const std::string& endpoint,
                            const std::string& request, int timeout_ms);

}  // namespace ink::bus
