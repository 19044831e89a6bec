#include "common/bus.h"

#include <chrono>
#include <filesystem>

namespace ink::bus {

SocketOptions OptionsFrom(const config::Section& bus) {
  SocketOptions o;
  o.send_hwm = static_cast<int>(bus.GetInt("send_hwm"));
  o.receive_hwm = static_cast<int>(bus.GetInt("receive_hwm"));
  o.max_message_bytes = bus.GetInt("max_message_bytes");
  return o;
}

Result<zmq::socket_t> Open(zmq::context_t& ctx, zmq::socket_type type,
                           const std::string& endpoint, bool bind,
                           const SocketOptions& options,
                           const std::string& name) {
  try {
    zmq::socket_t s(ctx, type);
    s.set(zmq::sockopt::sndhwm, options.send_hwm);
    s.set(zmq::sockopt::rcvhwm, options.receive_hwm);
    s.set(zmq::sockopt::maxmsgsize, options.max_message_bytes);
    s.set(zmq::sockopt::linger, options.linger_ms);
    if (endpoint.rfind("ipc://", 0) == 0) {
      auto dir = std::filesystem::path(endpoint.substr(6)).parent_path();
      std::error_code ec;
      if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    }
    if (options.curve) {
      RETURN_IF_ERROR(curve::Secure(s, *options.curve, endpoint, name, bind));
    }
    if (bind) {
      s.bind(endpoint);
    } else {
      s.connect(endpoint);
    }
    return s;
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string(bind ? "bind " : "connect ") +
                               endpoint + ": " + e.what());
  }
}

namespace {

// Sends one message (or the first part of one) with `flags`, polling while
// the queue is full, until `stop` or the time-out.
bool SendWaiting(zmq::socket_t& socket, zmq::message_t& message,
                 zmq::send_flags flags, const std::atomic<bool>& stop,
                 int timeout_ms) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  flags = flags | zmq::send_flags::dontwait;
  while (true) {
    try {
      // Try first: the queue is rarely full, and a poll before every send
      // costs a system call per message.
      if (socket.send(message, flags)) return true;
      zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLOUT, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(100));
      if ((item.revents & ZMQ_POLLOUT) && socket.send(message, flags))
        return true;
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return false;
      if (e.num() != EINTR) return false;
    }
    if (stop.load()) return false;
    if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline)
      return false;
  }
}

}  // namespace

bool Send(zmq::socket_t& socket, zmq::message_t& message,
          const std::atomic<bool>& stop, int timeout_ms) {
  return SendWaiting(socket, message, zmq::send_flags::none, stop, timeout_ms);
}

bool SendParts(zmq::socket_t& socket, std::vector<zmq::message_t>& parts,
               const std::atomic<bool>& stop, int timeout_ms) {
  if (parts.empty()) return true;
  const size_t last = parts.size() - 1;
  auto flags = [&](size_t i) {
    return i < last ? zmq::send_flags::sndmore : zmq::send_flags::none;
  };
  if (!SendWaiting(socket, parts[0], flags(0), stop, timeout_ms)) return false;
  // The high-water mark counts whole messages: once the first part is in,
  // the others are admitted without waiting. A part refused now means the
  // peer went away; ZeroMQ drops the unfinished message.
  for (size_t i = 1; i <= last; ++i) {
    try {
      if (!socket.send(parts[i], flags(i) | zmq::send_flags::dontwait))
        return false;
    } catch (const zmq::error_t&) {
      return false;
    }
  }
  return true;
}

bool Send(zmq::socket_t& socket, const std::string& bytes,
          const std::atomic<bool>& stop, int timeout_ms) {
  zmq::message_t message(bytes.data(), bytes.size());
  return Send(socket, message, stop, timeout_ms);
}

Result<std::string> Request(zmq::context_t& ctx, const std::string& endpoint,
                            const std::string& request, int timeout_ms) {
  try {
    zmq::socket_t s(ctx, zmq::socket_type::req);
    s.set(zmq::sockopt::linger, 0);
    s.connect(endpoint);
    if (!s.send(zmq::buffer(request), zmq::send_flags::dontwait)) {
      return Status::Unavailable("cannot send to " + endpoint);
    }
    zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(timeout_ms));
    if (!(item.revents & ZMQ_POLLIN)) {
      return Status::Unavailable("no reply from " + endpoint + " within " +
                                 std::to_string(timeout_ms) + " ms");
    }
    zmq::message_t reply;
    if (!s.recv(reply)) return Status::Unavailable("no reply from " + endpoint);
    return reply.to_string();
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(endpoint + ": " + e.what());
  }
}

}  // namespace ink::bus
