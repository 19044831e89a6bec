#include "common/stage_runner.h"

#include <fcntl.h>
#include <google/protobuf/arena.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>

#include "common/bus.h"
#include "common/fs.h"
#include "common/huge_page_heap.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/pipeline.h"

namespace ink {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};

void OnStopSignal(int) { g_stop.store(true); }
void OnHangup(int) { g_reload.store(true); }

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  sa.sa_handler = OnHangup;
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HostName() {
  char buf[256] = {0};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

using Event = StageMetrics::Event;

// The reused first block of the arena each envelope is parsed into: room
// for a long article with all its tokens (larger ones take more blocks).
constexpr size_t kArenaBlockBytes = 1 << 20;

struct Counters {
  explicit Counters(const std::string& stage) : metrics(stage) {}
  void Count(Event e) { metrics.Count(e); }
  // received, emitted, reports, failed (dead letters), deferred (no ack:
  // the fetcher resends), garbage, send_dropped; latency. Served at
  // /metrics and in the status reply.
  StageMetrics metrics;
  uint64_t busy_us = 0;
  std::string last_error;
};

// Sends what the stage emits on the runner's sockets, in batches: what the
// stage emits while the loop drains its input goes out as one multipart
// message per socket when the batch ends (or fills). Under load that is one
// ZeroMQ wake-up per batch on each side instead of one per document; at
// light load a batch holds one document and nothing waits.
class SocketEmitter : public Emitter {
 public:
  SocketEmitter(zmq::socket_t* output, zmq::socket_t* reports,
                Counters* counters)
      : output_(output), reports_(reports), counters_(counters) {}

  // The envelope the loop hands to the stage, the bytes it was parsed from
  // and the index of the runner's trace hop in it, until End().
  void Begin(v1::Envelope* envelope, const zmq::message_t* wire, int hop) {
    current_ = envelope;
    wire_ = wire;
    hop_ = hop;
  }
  void End() {
    current_ = nullptr;
    wire_ = nullptr;
  }

  void Emit(const v1::Envelope& envelope) override {
    if (!output_) {
      spdlog::error("stage emitted a document but has no output socket");
      return;
    }
    if (&envelope == current_) StampFinished();
    Queue(output_, outputs_, bus::Serialise(envelope), Event::kEmitted);
  }

  // The received bytes, then `additions`, then this stage's trace hop: the
  // tokens and text of the stages before are copied, not encoded again.
  void EmitExtended(const v1::Envelope& received,
                    const v1::Envelope& additions) override {
    if (&received != current_) {
      Emitter::EmitExtended(received, additions);
      return;
    }
    StampFinished();
    if (wire_ == nullptr || !output_) {
      Emitter::EmitExtended(received, additions);
      return;
    }
    v1::Envelope hop;
    if (hop_ < current_->trace_size()) *hop.add_trace() = current_->trace(hop_);
    Queue(output_, outputs_,
          bus::SerialiseAfter(wire_->data(), wire_->size(), additions, hop),
          Event::kEmitted);
  }

  void Report(const v1::DeliveryReport& report) override {
    if (!reports_) {
      spdlog::error("stage reported but has no report socket");
      return;
    }
    Queue(reports_, reports_batch_, bus::Serialise(report), Event::kReports);
  }

  // Sends everything queued.
  void Flush() {
    Send(output_, outputs_, Event::kEmitted);
    Send(reports_, reports_batch_, Event::kReports);
  }

 private:
  // Bounds of one batch: its memory, and how long the next stage waits for
  // the first document of it.
  static constexpr size_t kMaxParts = 16;
  static constexpr size_t kMaxBytes = 4 << 20;

  struct Batch {
    std::vector<zmq::message_t> parts;
    size_t bytes = 0;
  };

  // Sets finished_us of the runner's hop before the envelope is encoded,
  // so the next stages see when this one finished with it.
  void StampFinished() {
    if (hop_ < current_->trace_size())
      current_->mutable_trace(hop_)->set_finished_us(NowMicros());
  }

  void Queue(zmq::socket_t* socket, Batch& batch, zmq::message_t message,
             Event sent) {
    batch.bytes += message.size();
    batch.parts.push_back(std::move(message));
    if (batch.parts.size() >= kMaxParts || batch.bytes >= kMaxBytes)
      Send(socket, batch, sent);
  }

  void Send(zmq::socket_t* socket, Batch& batch, Event sent) {
    if (batch.parts.empty()) return;
    const bool ok = bus::SendParts(*socket, batch.parts, g_stop);
    for (size_t i = 0; i < batch.parts.size(); ++i)
      counters_->Count(ok ? sent : Event::kSendDropped);
    if (!ok) {
      spdlog::warn(
          "could not send {} messages (stopping); the fetcher will resend "
          "what they carried",
          batch.parts.size());
    }
    batch.parts.clear();
    batch.bytes = 0;
  }

  zmq::socket_t* output_;
  zmq::socket_t* reports_;
  Counters* counters_;
  Batch outputs_;
  Batch reports_batch_;
  v1::Envelope* current_ = nullptr;
  const zmq::message_t* wire_ = nullptr;
  int hop_ = 0;
};

struct DaemonArgs {
  std::string config_path;
  std::string home = "var";
  std::string log_level;
};

}  // namespace

int RunStageMain(int argc, char** argv, const StageDescriptor& descriptor) {
  // Before any thread: a store's memory grows with its work, and fresh
  // 4 KB pages cost a fault each.
  if (descriptor.huge_page_heap) UseHugePagesForHeap();
  const std::string name = descriptor.name;
  DaemonArgs args;
  args.config_path = DefaultConfigPath();
  CLI::App app{"ink-" + name + ": the " + name +
               " stage of the inkstream pipeline"};
  app.add_option("--config", args.config_path, "YAML config file")
      ->capture_default_str();
  app.add_option("--home", args.home,
                 "Base directory of inbox/, spool/, store/, run/, log/")
      ->capture_default_str();
  app.add_option("--log-level", args.log_level, "Overrides common.log_level");
  bool print_config = false;
  app.add_flag("--print-config", print_config,
               "Print every config key with its default and exit");
  app.set_version_flag("--version",
                       std::string("ink-") + name + " " + INK_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  std::vector<config::SectionSchema> schemas = {
      CommonSchema(), BusSchema(), MetricsSchema(), descriptor.schema};
  schemas.insert(schemas.end(), descriptor.shared_schemas.begin(),
                 descriptor.shared_schemas.end());
  if (print_config) {
    std::fputs(config::DescribeSchemas(schemas).c_str(), stdout);
    return 0;
  }
  auto cfg = config::Config::Load(args.config_path, args.home, schemas);
  if (!cfg.ok()) {
    std::fprintf(stderr, "ink-%s: %s\n", name.c_str(),
                 cfg.status().ToString().c_str());
    return 2;
  }
  const config::Config& config = cfg.value();
  InitLogging(name, args.log_level.empty()
                        ? config.section("common").GetString("log_level")
                        : args.log_level);
  InstallSignalHandlers();

  if (Status s = fs::EnsureDir(config.run_dir(), 0700); !s.ok()) {
    spdlog::error("{}", s.ToString());
    return 1;
  }
  // One daemon of a kind per home: a second fetcher would take files from
  // the same inbox, and a second stage binding the same ipc:// endpoint
  // would silently replace the first one's socket. The lock is held until
  // the process exits (the kernel releases it, whatever the exit).
  const std::string lock_file = config.run_dir() + "/" + name + ".lock";
  const int lock_fd =
      ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder;
    if (auto pid = fs::ReadFile(config.run_dir() + "/" + name + ".pid", 64);
        pid.ok()) {
      std::string p = pid.value();
      while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.pop_back();
      holder = " (pid " + p + ")";
    }
    spdlog::error(
        "cannot start: another ink-{} runs with home {}{}; stop it first "
        "(inkctl down){}",
        name, config.home(), holder,
        err == EWOULDBLOCK ? "" : std::string(": ") + std::strerror(err));
    return 1;
  }
  const std::string pid_file = config.run_dir() + "/" + name + ".pid";
  (void)fs::WriteFileAtomic(pid_file, std::to_string(getpid()) + "\n");

  auto created = descriptor.create(config);
  if (!created.ok()) {
    spdlog::error("cannot start: {}", created.status().ToString());
    ::unlink(pid_file.c_str());
    return 1;
  }
  std::unique_ptr<Stage> stage = std::move(created.value());

  const config::Section& busc = config.section("bus");
  bus::SocketOptions sockopts = bus::OptionsFrom(busc);
  auto curve_settings = curve::SettingsFrom(busc);
  if (!curve_settings.ok()) {
    spdlog::error("{}", curve_settings.status().ToString());
    ::unlink(pid_file.c_str());
    return 2;
  }
  sockopts.curve = &curve_settings.value();
  zmq::context_t ctx(1);
  // Admits only allowed CURVE clients; bound before any CURVE server socket.
  std::unique_ptr<curve::ZapAuthenticator> zap;
  if (curve_settings->enabled()) {
    auto started_zap =
        curve::ZapAuthenticator::Start(ctx, curve_settings->allowed_clients);
    if (!started_zap.ok()) {
      spdlog::error("{}", started_zap.status().ToString());
      ::unlink(pid_file.c_str());
      return 1;
    }
    zap = std::move(started_zap.value());
  }
  std::optional<zmq::socket_t> input, output, reports, control, service;

  auto open = [&](std::optional<zmq::socket_t>& slot, zmq::socket_type type,
                  const std::string& endpoint, bool bind,
                  const std::string& bus_key = "") -> bool {
    auto s = bus::Open(ctx, type, endpoint, bind, sockopts, bus_key);
    if (!s.ok()) {
      spdlog::error("{}", s.status().ToString());
      return false;
    }
    slot.emplace(std::move(s.value()));
    return true;
  };

  bool ok = true;
  const std::string next = NextStage(name);
  if (name == "fetcher") {
    ok = ok &&
         open(reports, zmq::socket_type::pull, busc.GetString("reports"), true);
  } else {
    ok = ok && open(input, zmq::socket_type::pull, busc.GetString(name), true);
    ok = ok && open(reports, zmq::socket_type::push, busc.GetString("reports"),
                    false, "reports");
  }
  if (!next.empty())
    ok = ok && open(output, zmq::socket_type::push, busc.GetString(next), false,
                    next);
  if (name == "store")
    ok = ok &&
         open(service, zmq::socket_type::rep, busc.GetString("query"), true);
  ok = ok && open(control, zmq::socket_type::rep, ControlEndpoint(config, name),
                  true);
  if (!ok) {
    ::unlink(pid_file.c_str());
    return 1;
  }

  Counters counters(name);
  std::unique_ptr<MetricsServer> metrics_server;
  if (std::string address = config.section("metrics").GetString(name);
      !address.empty()) {
    auto server = MetricsServer::Start(address, counters.metrics);
    if (!server.ok()) {
      spdlog::error("{}", server.status().ToString());
      ::unlink(pid_file.c_str());
      return 1;
    }
    metrics_server = std::move(server.value());
    spdlog::info("metrics at {}", metrics_server->url());
  }
  // The stage's own figures, and the size of the store on disk.
  auto details_json = [&]() {
    nlohmann::json d = stage->StatusJson();
    if (name == "store" && d.is_object())
      d["disk_bytes"] =
          DirectoryBytes(config.section("store").GetString("path"));
    return d;
  };
  // The fetcher sends on `output` and receives reports; other stages send
  // reports on `reports`.
  SocketEmitter emitter(
      output ? &*output : nullptr,
      name == "fetcher" ? nullptr : (reports ? &*reports : nullptr), &counters);
  const auto started = std::chrono::steady_clock::now();
  const int tick_ms =
      static_cast<int>(config.section("common").GetInt("tick_ms"));
  const std::string host = HostName();
  spdlog::info("started (pid {}, home {})", getpid(), config.home());

  // Each envelope is parsed into an arena whose first block is reused from
  // one message to the next: the hundreds of small messages and strings of
  // a segmented article cost no malloc/free each, and the whole tree is
  // released at once.
  std::vector<char> arena_block(kArenaBlockBytes);
  auto handle_envelope = [&](const zmq::message_t& msg) {
    counters.Count(Event::kReceived);
    google::protobuf::ArenaOptions arena_options;
    arena_options.initial_block = arena_block.data();
    arena_options.initial_block_size = arena_block.size();
    google::protobuf::Arena arena(arena_options);
    v1::Envelope& env =
        *google::protobuf::Arena::CreateMessage<v1::Envelope>(&arena);
    if (!env.ParseFromArray(msg.data(), static_cast<int>(msg.size()))) {
      counters.Count(Event::kGarbage);
      counters.last_error = "a message on the input socket is not an Envelope";
      spdlog::error("dropped a {}-byte message that is not an Envelope",
                    msg.size());
      return;
    }
    auto* hop = env.add_trace();
    hop->set_stage(name);
    hop->set_host(host);
    const int64_t started_us = NowMicros();
    hop->set_started_us(started_us);
    const int hop_index = env.trace_size() - 1;
    Status s;
    emitter.Begin(&env, &msg, hop_index);
    try {
      s = stage->Process(env, &emitter);
    } catch (const std::exception& e) {
      s = Status::Internal(std::string("exception: ") + e.what());
    } catch (...) {
      s = Status::Internal("unknown exception");
    }
    emitter.End();
    const int64_t finished_us = NowMicros();
    if (hop_index < env.trace_size())
      env.mutable_trace(hop_index)->set_finished_us(finished_us);
    const int64_t spent_us = finished_us - started_us;
    counters.busy_us += spent_us;
    counters.metrics.ObserveProcessing(spent_us);
    if (s.ok()) return;
    counters.last_error = s.ToString();
    if (s.code() == Status::Code::kUnavailable) {
      // Transient (disk full, a resource down): no ack, no dead letter; the
      // fetcher sends it again after its ack time-out.
      counters.Count(Event::kDeferred);
      spdlog::warn("deferred {} ({}): {}", env.doc_id(), env.source(),
                   s.ToString());
      return;
    }
    counters.Count(Event::kFailed);
    spdlog::warn("dead letter {} ({}): {}", env.doc_id(), env.source(),
                 s.ToString());
    v1::DeliveryReport r;
    r.set_doc_id(env.doc_id());
    r.set_delivery_key(env.delivery_key());
    r.set_attempt(env.attempt());
    r.set_outcome(v1::DeliveryReport::FAILED);
    r.set_stage(name);
    r.set_reason(s.ToString());
    r.set_source(env.source());
    emitter.Report(r);
  };

  auto status_json = [&]() {
    nlohmann::json j;
    j["stage"] = name;
    j["pid"] = getpid();
    j["uptime_s"] = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    const StageMetrics& m = counters.metrics;
    j["counters"] = {{"received", m.Get(Event::kReceived)},
                     {"emitted", m.Get(Event::kEmitted)},
                     {"reports", m.Get(Event::kReports)},
                     {"failed", m.Get(Event::kFailed)},
                     {"deferred", m.Get(Event::kDeferred)},
                     {"garbage", m.Get(Event::kGarbage)},
                     {"send_dropped", m.Get(Event::kSendDropped)},
                     {"busy_ms", counters.busy_us / 1000}};
    j["latency"] = m.LatencyJson();
    j["rss_bytes"] = counters.metrics.SampleResidentBytes();
    j["huge_pages"] = HugePagesForHeapInUse();
    if (metrics_server) j["metrics_url"] = metrics_server->url();
    if (!counters.last_error.empty()) j["last_error"] = counters.last_error;
    j["details"] = details_json();
    if (zap) {
      j["curve"] = {{"admitted", zap->admitted()},
                    {"refused", zap->refused()},
                    {"last_refused", zap->last_refused()}};
    }
    return j;
  };

  auto last_tick = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_sample{};
  while (!g_stop.load()) {
    std::vector<zmq::pollitem_t> items;
    zmq::socket_t* order[4] = {nullptr, nullptr, nullptr, nullptr};
    auto add = [&](std::optional<zmq::socket_t>& s, int idx) {
      if (!s) return;
      order[items.size()] = &*s;
      (void)idx;
      items.push_back({s->handle(), 0, ZMQ_POLLIN, 0});
    };
    add(control, 0);
    add(service, 1);
    if (name == "fetcher")
      add(reports, 2);
    else
      add(input, 2);
    const int wake_fd = stage->WakeFd();
    if (wake_fd >= 0) items.push_back({nullptr, wake_fd, ZMQ_POLLIN, 0});
    try {
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(tick_ms));
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      spdlog::error("poll: {}", e.what());
      break;
    }
    if (g_reload.exchange(false)) {
      spdlog::info("reloading on SIGHUP");
      stage->Reload();
    }
    bool woken = false;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!(items[i].revents & ZMQ_POLLIN)) continue;
      if (items[i].socket == nullptr) {
        woken = true;
        continue;
      }
      zmq::socket_t* sock = order[i];
      // Drain a bounded batch so one busy socket cannot starve the others.
      for (int n = 0; n < 64 && !g_stop.load(); ++n) {
        zmq::message_t msg;
        auto got = sock->recv(msg, zmq::recv_flags::dontwait);
        if (!got) break;
        if (control && sock == &*control) {
          std::string cmd = msg.to_string();
          std::string reply;
          if (cmd == "status") {
            reply = status_json().dump();
          } else if (cmd == "stop") {
            g_stop.store(true);
            reply = R"({"ok":true})";
          } else if (cmd == "reload") {
            stage->Reload();
            reply = R"({"ok":true})";
          } else {
            reply = nlohmann::json{{"ok", false},
                                   {"error", "unknown command: " + cmd}}
                        .dump();
          }
          sock->send(zmq::buffer(reply), zmq::send_flags::none);
          break;  // REP: one request, one reply.
        } else if (service && sock == &*service) {
          std::string reply;
          try {
            reply = stage->HandleRequest(msg.to_string());
          } catch (const std::exception& e) {
            spdlog::error("request failed: {}", e.what());
          }
          sock->send(zmq::buffer(reply), zmq::send_flags::none);
          break;
        } else if (name == "fetcher") {
          v1::DeliveryReport r;
          if (r.ParseFromArray(msg.data(), static_cast<int>(msg.size()))) {
            stage->OnReport(r, &emitter);
          } else {
            counters.Count(Event::kGarbage);
            spdlog::error(
                "dropped a {}-byte message that is not a DeliveryReport",
                msg.size());
          }
        } else {
          handle_envelope(msg);
        }
      }
      emitter.Flush();  // The end of a batch.
    }
    auto now = std::chrono::steady_clock::now();
    if (woken || now - last_tick >= std::chrono::milliseconds(tick_ms)) {
      stage->Tick(&emitter);
      emitter.Flush();
      last_tick = now;
    }
    // Gauges (in flight, documents stored, memory) for scrapes, once a
    // second: counters and latency are live, these are sampled.
    if (metrics_server && now - last_sample >= std::chrono::seconds(1)) {
      counters.metrics.SetDetailGauges(details_json());
      counters.metrics.SampleResidentBytes();
      last_sample = now;
    }
  }

  spdlog::info("stopping: finishing and flushing");
  stage->Tick(&emitter);
  stage->Shutdown();
  emitter.Flush();
  input.reset();
  service.reset();
  control.reset();
  output.reset();  // Linger lets queued messages go out.
  reports.reset();
  zap.reset();
  ctx.close();
  ::unlink(pid_file.c_str());
  spdlog::info("stopped");
  return 0;
}

}  // namespace ink
