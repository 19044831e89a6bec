// ZeroMQ CURVE for tcp:// endpoints across hosts: key pairs, the per-host
// settings from the "bus" config section, and the ZAP handler that admits
// only the client keys on the allow-list. ipc:// endpoints stay plain; the
// run directory's mode (0700) guards them.
//
// Keys are Z85 text (40 characters). `inkctl keys NAME` writes NAME.key
// (the secret key, mode 0600) and NAME.pub (the public key).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "common/config.h"
#include "common/status.h"

namespace ink::curve {

struct KeyPair {
  std::string public_key;  // Z85, 40 characters.
  std::string secret_key;  // Z85, 40 characters.
};

// A fresh key pair from libzmq (libsodium underneath). Unavailable when
// libzmq was built without CURVE.
Result<KeyPair> GenerateKeyPair();

// Writes <dir>/<name>.key (secret, 0600) and <dir>/<name>.pub (0644).
// Refuses to replace existing files unless `overwrite`.
Status WriteKeyPair(const KeyPair& keys, const std::string& dir,
                    const std::string& name, bool overwrite);

// `key_or_file` is a Z85 key or the path of a .key/.pub file holding one
// (lines starting with '#' are comments). Returns the key, or
// InvalidArgument naming what is wrong.
Result<std::string> ReadKey(const std::string& key_or_file);

// The public key that belongs to a Z85 secret key.
Result<std::string> PublicKeyOf(const std::string& secret_key);

// What one host needs: its own key pair, the client keys it admits, and the
// server key of each endpoint it connects to (by bus key name: cleaner,
// segmenter, enricher, store, reports, query).
struct Settings {
  std::string secret_key;  // Empty: CURVE off, tcp:// is plain text.
  std::string public_key;
  std::set<std::string> allowed_clients;
  std::map<std::string, std::string> server_keys;

  bool enabled() const { return !secret_key.empty(); }
};

// Reads bus.curve_secret_key_file, bus.curve_allowed_clients and
// bus.curve_server_keys, loading the key files they name.
Result<Settings> SettingsFrom(const config::Section& bus);

// True for tcp:// endpoints, the ones CURVE protects.
bool IsTcp(const std::string& endpoint);

// Makes `socket` a CURVE server (bind) or client (connect) when CURVE is on
// and `endpoint` is tcp://; otherwise leaves it plain. `name` is the bus key
// of the endpoint, used to find the server key a client needs.
Status Secure(zmq::socket_t& socket, const Settings& settings,
              const std::string& endpoint, const std::string& name, bool bind);

// The ZAP handler (RFC 27) of one ZeroMQ context: answers libzmq's
// authentication requests, admitting a CURVE client only if its public key
// is allowed. Create it before binding any CURVE server socket of the
// context, and destroy it before closing the context. Thread-safe
// accessors; the handler runs on its own thread.
class ZapAuthenticator {
 public:
  static Result<std::unique_ptr<ZapAuthenticator>> Start(
      zmq::context_t& ctx, std::set<std::string> allowed_clients);
  ~ZapAuthenticator();
  ZapAuthenticator(const ZapAuthenticator&) = delete;
  ZapAuthenticator& operator=(const ZapAuthenticator&) = delete;

  uint64_t admitted() const { return admitted_.load(); }
  uint64_t refused() const { return refused_.load(); }
  // "address key" of the last refused peer, for status and logs.
  std::string last_refused() const;

 private:
  ZapAuthenticator(zmq::socket_t socket, std::set<std::string> allowed);
  void Run();

  zmq::socket_t socket_;
  const std::set<std::string> allowed_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> admitted_{0};
  std::atomic<uint64_t> refused_{0};
  mutable std::mutex mu_;
  std::string last_refused_;
  std::thread thread_;
};

}  // namespace ink::curve
