// inkctl top: a live view of the pipeline, refreshed each second: per
// stage, documents per second, in flight, waiting, failed, and processing
// latency p50/p99 over the last interval; the store's size.
//
// It reads each daemon's status reply on its control socket (the numbers
// its /metrics endpoint serves). Plain ANSI on a terminal, so it works over
// ssh; with --once, or when stdout is not a terminal, it prints frames as
// plain text one after another (one frame with --once).
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/inkctl/context.h"
#include "cli/inkctl/supervisor.h"
#include "common/metrics.h"
#include "common/pipeline.h"

namespace ink::ctl {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_quit{false};
void OnQuit(int) { g_quit.store(true); }

struct Sample {
  Clock::time_point at;
  std::map<std::string, nlohmann::json>
      status;  // Stage -> reply; absent: down.
};

Sample TakeSample(Context& ctx, const config::Config& c) {
  Sample s;
  s.at = Clock::now();
  for (const auto& stage : StageNames()) {
    auto st = AskStatus(ctx.zmq, c, stage, 500);
    if (st.ok()) s.status[stage] = std::move(st.value());
  }
  return s;
}

double Num(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0;
}

// The documents a stage has finished: what it received (the fetcher:
// what the store acknowledged, done).
double Finished(const std::string& stage, const nlohmann::json& s) {
  if (stage == "fetcher")
    return Num(s.value("details", nlohmann::json()), "done");
  return Num(s.value("counters", nlohmann::json()), "received");
}

// One stage's row: figures over the interval between `before` and `now`.
struct Row {
  std::string stage;
  bool up = false;
  double rate = 0;        // Documents per second.
  double finished = 0;    // Since the daemon started.
  double in_flight = -1;  // Fetcher only.
  double waiting = -1;    // Fetcher only: files in the inbox.
  double failed = 0;
  double p50_ms = -1, p99_ms = -1;  // -1: no document in the interval.
  double rss_mb = 0;
};

Row MakeRow(const std::string& stage, const Sample* before, const Sample& now) {
  Row r;
  r.stage = stage;
  auto it = now.status.find(stage);
  if (it == now.status.end()) return r;
  const nlohmann::json& s = it->second;
  r.up = true;
  const nlohmann::json details = s.value("details", nlohmann::json::object());
  const nlohmann::json counters = s.value("counters", nlohmann::json::object());
  r.finished = Finished(stage, s);
  r.failed =
      stage == "fetcher" ? Num(details, "failed") : Num(counters, "failed");
  if (stage == "fetcher") {
    r.in_flight = Num(details, "in_flight");
    r.waiting = Num(details, "waiting");
  }
  r.rss_mb = Num(s, "rss_bytes") / (1 << 20);
  const nlohmann::json lat = s.value("latency", nlohmann::json::object());
  std::vector<double> le = lat.value("le_ms", std::vector<double>{});
  std::vector<double> cum = lat.value("cumulative", std::vector<double>{});
  const nlohmann::json* prev = nullptr;
  if (before) {
    auto p = before->status.find(stage);
    // The same process (a restart resets the counters).
    if (p != before->status.end() &&
        p->second.value("pid", 0) == s.value("pid", 0))
      prev = &p->second;
  }
  if (prev) {
    const double dt =
        std::chrono::duration<double>(now.at - before->at).count();
    if (dt > 0) r.rate = (r.finished - Finished(stage, *prev)) / dt;
    auto pcum = prev->value("latency", nlohmann::json::object())
                    .value("cumulative", std::vector<double>{});
    if (pcum.size() == cum.size()) {
      for (size_t i = 0; i < cum.size(); ++i) cum[i] -= pcum[i];
    }
  } else {
    // No earlier sample: the average since the daemon started.
    const double up_s = Num(s, "uptime_s");
    if (up_s > 0) r.rate = r.finished / up_s;
  }
  if (!cum.empty() && cum.back() > 0 && !le.empty()) {
    r.p50_ms = HistogramQuantile(0.5, le, cum);
    r.p99_ms = HistogramQuantile(0.99, le, cum);
  }
  return r;
}

std::string Cell(double v, const char* fmt) {
  if (v < 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string Frame(const config::Config& c, const Sample* before,
                  const Sample& now, bool tty) {
  std::string out;
  char line[256];
  std::time_t t = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
  std::snprintf(line, sizeof line, "%sinkstream%s  %s  %s%s\n",
                tty ? "\033[1m" : "", tty ? "\033[0m" : "", c.home().c_str(),
                when, tty ? "   (q quits)" : "");
  out += line;
  std::snprintf(
      line, sizeof line, "%s%-10s %-5s %8s %10s %9s %8s %7s %8s %8s %7s%s\n",
      tty ? "\033[7m" : "", "STAGE", "STATE", "DOCS/S", "DONE", "IN-FLIGHT",
      "WAITING", "FAILED", "P50 MS", "P99 MS", "RSS MB", tty ? "\033[0m" : "");
  out += line;
  for (const auto& stage : StageNames()) {
    Row r = MakeRow(stage, before, now);
    if (!r.up) {
      std::snprintf(line, sizeof line, "%-10s %s%-5s%s\n", stage.c_str(),
                    tty ? "\033[31m" : "", "down", tty ? "\033[0m" : "");
      out += line;
      continue;
    }
    const bool failing = r.failed > 0;
    std::snprintf(
        line, sizeof line,
        "%-10s %s%-5s%s %8.0f %10.0f %9s %8s %s%7.0f%s %8s %8s %7.0f\n",
        stage.c_str(), tty ? "\033[32m" : "", "up", tty ? "\033[0m" : "",
        r.rate, r.finished, Cell(r.in_flight, "%.0f").c_str(),
        Cell(r.waiting, "%.0f").c_str(), failing && tty ? "\033[33m" : "",
        r.failed, failing && tty ? "\033[0m" : "",
        Cell(r.p50_ms, "%.2f").c_str(), Cell(r.p99_ms, "%.2f").c_str(),
        r.rss_mb);
    out += line;
  }
  auto store = now.status.find("store");
  if (store != now.status.end()) {
    const auto d = store->second.value("details", nlohmann::json::object());
    std::snprintf(line, sizeof line,
                  "store: %.0f documents (%.0f superseded), %.1f MB on disk\n",
                  Num(d, "documents"), Num(d, "superseded"),
                  Num(d, "disk_bytes") / 1e6);
    out += line;
  }
  return out;
}

nlohmann::json FrameJson(const Sample* before, const Sample& now) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& stage : StageNames()) {
    Row r = MakeRow(stage, before, now);
    nlohmann::json s = {{"up", r.up}};
    if (r.up) {
      s["docs_per_s"] = r.rate;
      s["done"] = r.finished;
      s["failed"] = r.failed;
      if (r.in_flight >= 0) s["in_flight"] = r.in_flight;
      if (r.waiting >= 0) s["waiting"] = r.waiting;
      s["p50_ms"] = r.p50_ms < 0 ? nlohmann::json() : nlohmann::json(r.p50_ms);
      s["p99_ms"] = r.p99_ms < 0 ? nlohmann::json() : nlohmann::json(r.p99_ms);
      s["rss_mb"] = r.rss_mb;
    }
    j[stage] = s;
  }
  return j;
}

// Raw keyboard input for "q" while the view runs; restored on exit.
class RawTerminal {
 public:
  RawTerminal() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= ~(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

// Waits up to `ms` for "q" on stdin (or Ctrl-C); true when asked to quit.
bool WaitForQuit(int ms, bool keyboard) {
  auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  while (!g_quit.load()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - Clock::now())
                    .count();
    if (left <= 0) return false;
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int n = ::poll(&p, keyboard ? 1 : 0, static_cast<int>(left));
    if (n > 0 && (p.revents & POLLIN)) {
      char ch = 0;
      if (::read(STDIN_FILENO, &ch, 1) == 1 && (ch == 'q' || ch == 'Q'))
        return true;
      if (p.revents & POLLHUP) keyboard = false;
    }
  }
  return true;
}

struct TopOptions {
  bool once = false;
  bool json = false;
  double interval_s = 1.0;
};

int Top(Context& ctx, const TopOptions& opt) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  if (opt.interval_s < 0.1) return Fail(kUsage, "--interval must be >= 0.1");
  const int interval_ms = static_cast<int>(opt.interval_s * 1000);
  const bool tty = StdoutIsTty() && !opt.json;
  const bool once = opt.once || opt.json;

  struct sigaction sa {};
  sa.sa_handler = OnQuit;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  Sample before = TakeSample(ctx, *c);
  if (before.status.empty())
    return Fail(kUnavailable, "no daemon answers under " + c->home() +
                                  "; start them with `inkctl up`");
  if (once) {
    // Two samples one interval apart: rates and latency of that interval.
    if (WaitForQuit(interval_ms, false)) return kOk;
    Sample now = TakeSample(ctx, *c);
    if (opt.json)
      std::printf("%s\n", FrameJson(&before, now).dump(2).c_str());
    else
      std::fputs(Frame(*c, &before, now, tty).c_str(), stdout);
    return now.status.size() == StageNames().size() ? kOk : kUnavailable;
  }

  std::optional<RawTerminal> raw;
  if (tty && ::isatty(STDIN_FILENO)) raw.emplace();
  const bool keyboard = raw && raw->active();
  if (tty) std::fputs("\033[?25l", stdout);  // Hide the cursor.
  const Sample* prev = nullptr;
  Sample last = before;
  std::string frame = Frame(*c, nullptr, before, tty);
  while (true) {
    if (tty) {
      std::fputs("\033[H\033[2J", stdout);
      std::fputs(frame.c_str(), stdout);
    } else {
      std::fputs(frame.c_str(), stdout);
      std::fputs("\n", stdout);
    }
    std::fflush(stdout);
    if (WaitForQuit(interval_ms, keyboard)) break;
    Sample now = TakeSample(ctx, *c);
    prev = &last;
    frame = Frame(*c, prev, now, tty);
    last = std::move(now);
  }
  if (tty) std::fputs("\033[?25h\n", stdout);  // Show the cursor again.
  std::fflush(stdout);
  return kOk;
}

}  // namespace

void AddTopCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto opt = std::make_shared<TopOptions>();
  auto* cmd = app.add_subcommand(
      "top", "Live view of the pipeline: documents/s, in flight, latency");
  cmd->footer(
      "Columns: DOCS/S finished in the last interval (the fetcher: acked by\n"
      "the store), DONE since the daemon started, IN-FLIGHT sent but not\n"
      "acked, WAITING files in the inbox, FAILED dead letters, P50/P99 the\n"
      "time one document took in the stage during the interval.\n"
      "q or Ctrl-C quits. Over ssh, plain ANSI; piped, plain frames.\n\n"
      "Examples:\n"
      "  inkctl top\n"
      "  inkctl top --once            one frame (1 s of measurement) and exit\n"
      "  inkctl top --json            the same frame as JSON\n"
      "  inkctl top --interval 5 > pipeline.log");
  cmd->add_flag("--once", opt->once, "Print one frame and exit");
  cmd->add_flag("--json", opt->json, "Print one frame as JSON and exit");
  cmd->add_option("--interval", opt->interval_s, "Seconds between frames")
      ->capture_default_str();
  cmd->callback([&ctx, exit_code, opt] { *exit_code = Top(ctx, *opt); });
}

}  // namespace ink::ctl
