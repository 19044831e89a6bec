#include "common/curve.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/fs.h"

namespace ink::curve {
namespace {

constexpr size_t kZ85KeySize = 40;
constexpr size_t kBinaryKeySize = 32;
constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";
constexpr const char* kZapDomain = "inkstream";

bool IsZ85Key(const std::string& s) {
  if (s.size() != kZ85KeySize) return false;
  uint8_t out[kBinaryKeySize];
  return zmq_z85_decode(out, s.c_str()) != nullptr;
}

std::string Z85(const uint8_t* data, size_t size) {
  std::string out(size * 5 / 4 + 1, '\0');
  if (!zmq_z85_encode(out.data(), data, size)) return "";
  out.resize(size * 5 / 4);
  return out;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<KeyPair> GenerateKeyPair() {
  char pub[kZ85KeySize + 1], sec[kZ85KeySize + 1];
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Status::Unavailable(
        "libzmq cannot make CURVE keys (built without CURVE support)");
  }
  return KeyPair{pub, sec};
}

Status WriteKeyPair(const KeyPair& keys, const std::string& dir,
                    const std::string& name, bool overwrite) {
  if (name.empty() || name.find('/') != std::string::npos)
    return Status::InvalidArgument("key name '" + name +
                                   "' must be a plain file name");
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    // A new key directory is private; an existing one keeps its mode.
    RETURN_IF_ERROR(fs::EnsureDir(dir, 0700));
  }
  const std::string secret_path = dir + "/" + name + ".key";
  const std::string public_path = dir + "/" + name + ".pub";
  if (!overwrite) {
    for (const auto& p : {secret_path, public_path}) {
      if (std::filesystem::exists(p))
        return Status::InvalidArgument(p + " exists (use --force to replace)");
    }
  }
  const std::string header =
      "# inkstream CURVE key (ZeroMQ Z85), made by inkctl keys.\n";
  // The secret is written into a file created 0600, never readable by
  // others even for a moment, then renamed into place.
  const std::string secret_text =
      header + "# SECRET: keep on this host only.\n" + keys.secret_key + "\n";
  const std::string tmp = secret_path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("create " + tmp + ": " + strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, secret_text.data(), secret_text.size()) ==
                static_cast<ssize_t>(secret_text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), secret_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError("write " + secret_path + ": " + strerror(errno));
  }
  RETURN_IF_ERROR(
      fs::WriteFileAtomic(public_path, header + keys.public_key + "\n"));
  ::chmod(public_path.c_str(), 0644);
  return Status::OK();
}

Result<std::string> ReadKey(const std::string& key_or_file) {
  std::string value = Trim(key_or_file);
  if (IsZ85Key(value)) return value;
  auto data = fs::ReadFile(value, 4096);
  if (!data.ok()) {
    return Status::InvalidArgument("'" + value +
                                   "' is neither a Z85 CURVE key nor a "
                                   "readable key file: " +
                                   data.status().ToString());
  }
  size_t pos = 0;
  const std::string& text = data.value();
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (IsZ85Key(line)) return line;
    return Status::InvalidArgument(value +
                                   ": not a 40-character Z85 CURVE key");
  }
  return Status::InvalidArgument(value + ": holds no key");
}

Result<std::string> PublicKeyOf(const std::string& secret_key) {
  char pub[kZ85KeySize + 1];
  if (!IsZ85Key(secret_key) || zmq_curve_public(pub, secret_key.c_str()) != 0)
    return Status::InvalidArgument("not a CURVE secret key");
  return std::string(pub);
}

Result<Settings> SettingsFrom(const config::Section& bus) {
  Settings s;
  const std::string& secret_file = bus.GetString("curve_secret_key_file");
  if (secret_file.empty()) {
    if (!bus.GetList("curve_allowed_clients").empty() ||
        !bus.GetList("curve_server_keys").empty()) {
      return Status::InvalidArgument(
          "bus.curve_allowed_clients / curve_server_keys are set but "
          "bus.curve_secret_key_file is empty: CURVE needs this host's key");
    }
    return s;
  }
  auto secret = ReadKey(secret_file);
  if (!secret.ok())
    return Status::InvalidArgument("bus.curve_secret_key_file: " +
                                   secret.status().message());
  s.secret_key = secret.value();
  ASSIGN_OR_RETURN(s.public_key, PublicKeyOf(s.secret_key));
  for (const std::string& entry : bus.GetList("curve_allowed_clients")) {
    auto key = ReadKey(entry);
    if (!key.ok())
      return Status::InvalidArgument("bus.curve_allowed_clients: " +
                                     key.status().message());
    s.allowed_clients.insert(key.value());
  }
  for (const std::string& entry : bus.GetList("curve_server_keys")) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("bus.curve_server_keys: '" + entry +
                                     "' is not NAME=KEY_OR_FILE");
    }
    auto key = ReadKey(entry.substr(eq + 1));
    if (!key.ok())
      return Status::InvalidArgument("bus.curve_server_keys: " +
                                     key.status().message());
    s.server_keys[Trim(entry.substr(0, eq))] = key.value();
  }
  return s;
}

bool IsTcp(const std::string& endpoint) {
  return endpoint.rfind("tcp://", 0) == 0;
}

Status Secure(zmq::socket_t& socket, const Settings& settings,
              const std::string& endpoint, const std::string& name, bool bind) {
  if (!settings.enabled() || !IsTcp(endpoint)) return Status::OK();
  try {
    if (bind) {
      if (settings.allowed_clients.empty()) {
        return Status::InvalidArgument(
            "bus.curve_allowed_clients is empty: no peer could connect to " +
            endpoint);
      }
      socket.set(zmq::sockopt::curve_server, 1);
      socket.set(zmq::sockopt::curve_secretkey, settings.secret_key);
      socket.set(zmq::sockopt::zap_domain, kZapDomain);
    } else {
      auto it = settings.server_keys.find(name);
      if (it == settings.server_keys.end()) {
        return Status::InvalidArgument(
            "bus.curve_server_keys has no key for '" + name + "' (" + endpoint +
            ")");
      }
      socket.set(zmq::sockopt::curve_serverkey, it->second);
      socket.set(zmq::sockopt::curve_publickey, settings.public_key);
      socket.set(zmq::sockopt::curve_secretkey, settings.secret_key);
    }
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("CURVE on ") + endpoint + ": " +
                               e.what());
  }
  return Status::OK();
}

Result<std::unique_ptr<ZapAuthenticator>> ZapAuthenticator::Start(
    zmq::context_t& ctx, std::set<std::string> allowed_clients) {
  try {
    zmq::socket_t s(ctx, zmq::socket_type::rep);
    s.set(zmq::sockopt::linger, 0);
    s.bind(kZapEndpoint);
    return std::unique_ptr<ZapAuthenticator>(
        new ZapAuthenticator(std::move(s), std::move(allowed_clients)));
  } catch (const zmq::error_t& e) {
    return Status::Unavailable(std::string("ZAP handler: ") + e.what());
  }
}

ZapAuthenticator::ZapAuthenticator(zmq::socket_t socket,
                                   std::set<std::string> allowed)
    : socket_(std::move(socket)), allowed_(std::move(allowed)) {
  thread_ = std::thread([this] { Run(); });
}

ZapAuthenticator::~ZapAuthenticator() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::string ZapAuthenticator::last_refused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_refused_;
}

void ZapAuthenticator::Run() {
  while (!stop_.load()) {
    try {
      zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(100));
      if (!(item.revents & ZMQ_POLLIN)) continue;
      // version, request id, domain, address, identity, mechanism,
      // credentials...
      std::vector<zmq::message_t> frames;
      do {
        zmq::message_t frame;
        if (!socket_.recv(frame, zmq::recv_flags::dontwait)) break;
        frames.push_back(std::move(frame));
      } while (socket_.get(zmq::sockopt::rcvmore));
      if (frames.size() < 6) continue;  // Not a ZAP request; REP resets.
      const std::string request_id = frames[1].to_string();
      const std::string address = frames[3].to_string();
      const std::string mechanism = frames[5].to_string();
      std::string client_key;
      if (mechanism == "CURVE" && frames.size() >= 7 &&
          frames[6].size() == kBinaryKeySize) {
        client_key =
            Z85(static_cast<const uint8_t*>(frames[6].data()), kBinaryKeySize);
      }
      const bool ok = !client_key.empty() && allowed_.count(client_key) > 0;
      if (ok) {
        ++admitted_;
      } else {
        ++refused_;
        std::lock_guard<std::mutex> lock(mu_);
        last_refused_ =
            address + " " + (client_key.empty() ? mechanism : client_key);
        spdlog::warn(
            "refused a {} peer from {} (key {}): not in "
            "bus.curve_allowed_clients",
            mechanism, address, client_key.empty() ? "none" : client_key);
      }
      const std::string version = "1.0";
      const std::string code = ok ? "200" : "400";
      const std::string text = ok ? "OK" : "key not allowed";
      socket_.send(zmq::buffer(version), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(request_id), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(code), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(text), zmq::send_flags::sndmore);
      socket_.send(zmq::buffer(ok ? client_key : std::string()),
                   zmq::send_flags::sndmore);
      socket_.send(zmq::str_buffer(""), zmq::send_flags::none);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      if (e.num() != EINTR) spdlog::error("ZAP handler: {}", e.what());
    }
  }
}

}  // namespace ink::curve
