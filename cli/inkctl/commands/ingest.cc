// inkctl ingest PATH...: copies files and directory trees (crawler dumps
// included) into the inbox, waits until the pipeline has stored or failed
// each document, and prints what became of them.
//
// Each file is written under a hidden temporary name inside the inbox
// (".ink-ingest-*.tmp", which the fetcher ignores) and renamed to its real
// name, so the fetcher only ever sees complete files. A name still waiting
// in the inbox is never overwritten: the copy gets a "2-" (3-, ...) prefix.
// The fetcher's spool tells the outcome (cli/inkctl/delivery_watch.h); the
// store tells a duplicate (the stored document with those bytes came from
// an earlier drop or another file) from a new document.
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "cli/inkctl/delivery_watch.h"
#include "cli/inkctl/store_client.h"
#include "cli/inkctl/supervisor.h"
#include "common/fs.h"
#include "common/hash.h"
#include "stages/fetcher/record_splitter.h"
#include "stages/fetcher/spool.h"

namespace ink::ctl {
namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};
void OnInterrupt(int) { g_interrupted.store(true); }

struct IngestOptions {
  std::vector<std::string> paths;
  bool json = false;
  bool no_wait = false;
  double timeout_s = 600;  // Without progress.
};

// A file to copy and the name it gets in the inbox.
struct Input {
  std::string path;
  std::string name;
  std::string root;  // The directory argument's own name; "" for a file.
};

// One document (or dump) being tracked, by its sanitised inbox name.
struct Item {
  std::string file;  // What the user gave (path, or "dump#record").
  std::string name;  // Inbox name.
  bool dump = false;
  bool record = false;  // Split out of a dump.
  bool resolved = false;
  DeliveryOutcome outcome;
};

// Names the fetcher leaves alone (stages/fetcher/fetcher.cc): hidden and
// temporary files.
bool IgnoredByFetcher(const std::string& name) {
  if (name.empty() || name[0] == '.') return true;
  for (const char* s : {".tmp", ".part", ".crdownload", "~"}) {
    size_t n = std::strlen(s);
    if (name.size() >= n && name.compare(name.size() - n, n, s) == 0)
      return true;
  }
  return false;
}

// "politics" for "politics/", "./politics" or "/data/politics"; "" for "/".
std::string DirectoryName(const std::string& arg) {
  std::error_code ec;
  stdfs::path p = stdfs::absolute(arg, ec).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  std::string name = p.filename().string();
  return name.empty() || name[0] == '.' ? "" : name;
}

// Names must differ within one run: the inbox name is the document's
// source, and a name seen again is a new version of the earlier document.
// Files of different directory arguments that share a path there
// (politics/001.txt, tech/001.txt) get the directory's name in front
// (politics_001.txt); any name still repeated gets "N-" in front.
void MakeNamesUnique(std::vector<Input>* inputs) {
  std::map<std::string, size_t> uses;
  for (const Input& in : *inputs) ++uses[in.name];
  for (Input& in : *inputs) {
    if (uses[in.name] > 1 && !in.root.empty())
      in.name = in.root + "_" + in.name;
  }
  std::map<std::string, size_t> seen;
  for (Input& in : *inputs) {
    size_t n = ++seen[in.name];
    if (n > 1) in.name = std::to_string(n) + "-" + in.name;
  }
}

// Expands the arguments: files as they are, directories walked (hidden
// entries skipped), each file named by its path inside the directory with
// '/' turned into '_'; then MakeNamesUnique().
Status CollectInputs(const std::vector<std::string>& paths,
                     std::vector<Input>* inputs,
                     std::vector<std::string>* skipped) {
  for (const auto& arg : paths) {
    std::error_code ec;
    auto st = stdfs::status(arg, ec);
    if (ec || !stdfs::exists(st))
      return Status::NotFound(arg + ": no such file or directory");
    if (stdfs::is_regular_file(st)) {
      std::string name = stdfs::path(arg).filename().string();
      if (IgnoredByFetcher(name))
        skipped->push_back(arg);
      else
        inputs->push_back({arg, name, ""});
      continue;
    }
    if (!stdfs::is_directory(st))
      return Status::InvalidArgument(arg + ": not a file or a directory");
    stdfs::recursive_directory_iterator it(arg, ec), end;
    if (ec) return Status::IOError(arg + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return Status::IOError(arg + ": " + ec.message());
      const std::string base = it->path().filename().string();
      if (!base.empty() && base[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        skipped->push_back(it->path().string());
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      std::string name = stdfs::relative(it->path(), arg, ec).string();
      for (char& ch : name)
        if (ch == '/') ch = '_';
      if (IgnoredByFetcher(name)) {
        skipped->push_back(it->path().string());
        continue;
      }
      inputs->push_back({it->path().string(), name, DirectoryName(arg)});
    }
  }
  MakeNamesUnique(inputs);
  return Status::OK();
}

// Copies `in` into the inbox: written under a hidden name, then renamed to
// its name, or "N-name" when that name is still waiting there. Returns the
// name used.
Result<std::string> CopyIntoInbox(const Input& in, const std::string& inbox,
                                  uint64_t seq) {
  const std::string tmp = inbox + "/.ink-ingest-" + std::to_string(::getpid()) +
                          "-" + std::to_string(seq) + ".tmp";
  std::error_code ec;
  stdfs::copy_file(in.path, tmp, stdfs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IOError("copy " + in.path + ": " + ec.message());
  for (int n = 1; n < 1000; ++n) {
    std::string name = n == 1 ? in.name : std::to_string(n) + "-" + in.name;
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD,
                    (inbox + "/" + name).c_str(), RENAME_NOREPLACE) == 0)
      return name;
    if (errno != EEXIST) {
      std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      return Status::IOError("rename into " + inbox + ": " + why);
    }
  }
  ::unlink(tmp.c_str());
  return Status::IOError("too many files named " + in.name +
                         " wait in the inbox");
}

std::string Duration(double s) {
  if (s < 0 || s > 359999) return "--:--";
  int t = static_cast<int>(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", t / 3600, t / 60 % 60,
                  t % 60);
  else
    std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
  return buf;
}

// "[#########.........]  512/1000  230/s  ETA 0:02  failed 3" on stderr.
void DrawProgress(size_t finished, size_t total, size_t failed,
                  double elapsed_s) {
  constexpr int kWidth = 30;
  const double frac = total ? static_cast<double>(finished) / total : 0;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(filled, '#');
  bar += std::string(kWidth - filled, '.');
  const double rate = elapsed_s > 0 ? finished / elapsed_s : 0;
  const double eta = rate > 0 ? (total - finished) / rate : -1;
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu  %.0f docs/s  ETA %s%s%s",
               bar.c_str(), finished, total, rate, Duration(eta).c_str(),
               failed ? "  \033[33mfailed " : "",
               failed ? (std::to_string(failed) + "\033[0m").c_str() : "");
  std::fflush(stderr);
}

// Whether the stored document with these bytes came from this drop: not
// when it was stored before the ingest began, or from another file.
bool IsDuplicate(Context& ctx, const Item& item, int64_t start_unix_ms) {
  auto bytes = fs::ReadFile(item.outcome.path, int64_t{1} << 30);
  if (!bytes.ok()) return false;  // Pruned already: count it as stored.
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::GET);
  req.set_id(DocIdForBytes(bytes.value()));
  // 2 s: short enough that AskStore sends no probe before each request.
  auto reply = AskStore(ctx, req, false, 2000);
  if (!reply.ok() || !reply->ok()) return false;
  const auto& doc = reply->document();
  return doc.stored_unix_ms() < start_unix_ms ||
         doc.source() != fetcher::Spool::DisplayName(item.name);
}

int Ingest(Context& ctx, const IngestOptions& opt) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  const bool progress = !opt.json && ::isatty(STDERR_FILENO) == 1;
  std::vector<Input> inputs;
  std::vector<std::string> skipped;
  if (Status s = CollectInputs(opt.paths, &inputs, &skipped); !s.ok())
    return Fail(kUsage, s.ToString());
  if (inputs.empty()) return Fail(kUsage, "nothing to ingest");

  const auto& fc = c->section("fetcher");
  const std::string inbox = fc.GetString("inbox");
  const std::string spool = fc.GetString("spool");
  for (const auto& d : {inbox, spool + "/done", spool + "/failed"}) {
    if (Status s = fs::EnsureDir(d); !s.ok()) return Fail(kError, s.ToString());
  }
  if (!opt.no_wait && !AskStatus(ctx.zmq, *c, "fetcher", 2000).ok()) {
    return Fail(kUnavailable,
                "the fetcher is not running under " + c->home() +
                    ": start the daemons with `inkctl up`, or pass --no-wait "
                    "to copy the files for later");
  }
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  auto watch = DeliveryWatch::Start(spool);
  if (!watch.ok()) return Fail(kError, watch.status().ToString());
  const auto started = Clock::now();
  const int64_t start_unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();

  std::map<std::string, Item> items;            // By sanitised inbox name.
  std::map<std::string, DeliveryOutcome> seen;  // Every outcome of this run.
  std::vector<std::pair<std::string, std::string>> copy_errors;
  size_t documents = 0, dumps = 0, records = 0, finished = 0, failed = 0;
  bool records_discovered = false;

  auto add_item = [&](Item item) {
    (item.dump ? dumps : documents)++;
    items.emplace(SpoolName(item.name), std::move(item));
  };
  // A dump's records are in the inbox before the dump itself moves on.
  auto discover_records = [&](const Item& dump) {
    const std::string prefix = SpoolName(fetcher::DumpStem(dump.name)) + ".";
    auto matches = [&](const std::string& n) {
      return n.size() > prefix.size() + 5 &&
             n.compare(0, prefix.size(), prefix) == 0 &&
             n.compare(n.size() - 5, 5, ".json") == 0 && !items.count(n);
    };
    auto add = [&](const std::string& n) {
      if (!matches(n)) return;
      Item r;
      r.file = dump.file + "#" +
               n.substr(prefix.size(), n.size() - prefix.size() - 5);
      r.name = n;
      r.record = true;
      ++records;
      records_discovered = true;
      add_item(std::move(r));
    };
    // Records move inbox -> inflight/ -> done/ or failed/; looking in that
    // order, with the moves already announced last, finds each one
    // wherever it is.
    if (auto names = fs::ListDir(inbox); names.ok())
      for (const auto& n : names.value()) add(SpoolName(n));
    for (const auto& n : watch.value()->InflightNames()) add(n);
    for (auto& o : watch.value()->Poll(0)) seen[o.name] = o;
    for (const auto& [n, o] : seen) add(n);
  };
  auto resolve = [&](const DeliveryOutcome& o) {
    auto it = items.find(o.name);
    if (it == items.end() || it->second.resolved) return;
    Item& item = it->second;
    item.resolved = true;
    item.outcome = o;
    if (item.dump) {
      discover_records(item);
      if (!o.done) ++failed;
      return;
    }
    ++finished;
    if (!o.done) ++failed;
  };
  auto drain = [&](int timeout_ms) {
    // Every outcome is noted before any is resolved: a dump's records may
    // finish in the same batch as the dump, and only the dump's outcome
    // makes them known.
    std::vector<std::string> fresh;
    for (auto& o : watch.value()->Poll(timeout_ms)) {
      fresh.push_back(o.name);
      seen[o.name] = std::move(o);
    }
    for (const std::string& n : fresh) resolve(seen[n]);
    // Records discovered just now may have finished already.
    while (records_discovered) {
      records_discovered = false;
      for (auto& [n, o] : seen) resolve(o);
    }
  };

  uint64_t seq = 0;
  for (const auto& in : inputs) {
    if (g_interrupted.load()) break;
    auto name = CopyIntoInbox(in, inbox, ++seq);
    if (!name.ok()) {
      copy_errors.emplace_back(in.path, name.status().ToString());
      continue;
    }
    Item item;
    item.file = in.path;
    item.name = name.value();
    item.dump = fetcher::IsRecordDumpFile(item.name, in.path);
    add_item(std::move(item));
    if (seq % 64 == 0) drain(0);
  }

  if (opt.no_wait) {
    if (opt.json) {
      std::printf("%s\n", nlohmann::json{{"copied", items.size()},
                                         {"skipped", skipped},
                                         {"inbox", inbox}}
                              .dump(2)
                              .c_str());
    } else {
      std::printf("copied %zu file(s) into %s\n", items.size(), inbox.c_str());
    }
    return copy_errors.empty() ? kOk : kError;
  }

  // Wait for every item; give up after timeout_s without progress.
  auto last_progress = Clock::now();
  size_t last_resolved = 0;
  auto resolved_count = [&] {
    size_t n = 0;
    for (auto& [k, i] : items) n += i.resolved;
    return n;
  };
  bool timed_out = false;
  Clock::time_point last_draw{};
  while (!g_interrupted.load()) {
    drain(100);
    const size_t r = resolved_count();
    // At most ten redraws a second: events come far faster.
    if (progress &&
        (Clock::now() - last_draw > std::chrono::milliseconds(100) ||
         r == items.size())) {
      last_draw = Clock::now();
      double el = std::chrono::duration<double>(last_draw - started).count();
      DrawProgress(finished, documents, failed, el);
    }
    if (r == items.size()) break;
    if (r != last_resolved) {
      last_resolved = r;
      last_progress = Clock::now();
    } else if (Clock::now() - last_progress >
               std::chrono::duration<double>(opt.timeout_s)) {
      timed_out = true;
      break;
    }
  }
  if (progress) std::fprintf(stderr, "\r\033[K");
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - started).count();

  size_t stored = 0, duplicates = 0;
  nlohmann::json failures = nlohmann::json::array();
  nlohmann::json pending = nlohmann::json::array();
  for (auto& [key, item] : items) {
    if (!item.resolved) {
      pending.push_back(item.file);
      continue;
    }
    if (!item.outcome.done) {
      failures.push_back({{"file", item.file},
                          {"name", item.name},
                          {"stage", item.outcome.error.value("stage", "?")},
                          {"reason", item.outcome.error.value("reason", "?")}});
      continue;
    }
    if (item.dump) continue;
    (IsDuplicate(ctx, item, start_unix_ms) ? duplicates : stored)++;
  }
  for (auto& [path, why] : copy_errors)
    failures.push_back({{"file", path}, {"stage", "inkctl"}, {"reason", why}});

  if (opt.json) {
    nlohmann::json j = {{"files", inputs.size()},
                        {"archives", dumps},
                        {"documents", documents},
                        {"stored", stored},
                        {"duplicates", duplicates},
                        {"failed", failures},
                        {"skipped", skipped},
                        {"elapsed_s", elapsed},
                        {"docs_per_s", elapsed > 0 ? finished / elapsed : 0}};
    if (!pending.empty()) j["pending"] = pending;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    const bool tty = StdoutIsTty();
    std::printf("%zu document(s)", documents);
    if (dumps) std::printf(" (%zu from %zu archive(s))", records, dumps);
    std::printf(elapsed < 10 ? " in %.2f s (%.0f docs/s)\n"
                             : " in %.1f s (%.0f docs/s)\n",
                elapsed, elapsed > 0 ? finished / elapsed : 0);
    std::printf("  stored      %zu\n  duplicates  %zu\n", stored, duplicates);
    std::printf("  %sfailed      %zu%s\n",
                tty && !failures.empty() ? "\033[31m" : "", failures.size(),
                tty && !failures.empty() ? "\033[0m" : "");
    for (const auto& f : failures)
      std::printf("    %s: %s: %s\n", f["file"].get<std::string>().c_str(),
                  f["stage"].get<std::string>().c_str(),
                  f["reason"].get<std::string>().c_str());
    if (!skipped.empty())
      std::printf("  skipped     %zu (hidden or temporary names)\n",
                  skipped.size());
    if (!failures.empty())
      std::printf(
          "`inkctl failed` lists them; `inkctl retry --all` sends "
          "them again\n");
  }
  if (g_interrupted.load())
    return Fail(kError,
                "interrupted; the files copied so far stay in the "
                "pipeline (inkctl status)");
  if (timed_out)
    return Fail(kError, std::to_string(pending.size()) +
                            " document(s) made no progress for " +
                            std::to_string(static_cast<int>(opt.timeout_s)) +
                            " s; see `inkctl status` and the logs in " +
                            c->home() + "/log");
  return failures.empty() ? kOk : kError;
}

}  // namespace

void AddIngestCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto opt = std::make_shared<IngestOptions>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Copy files or directory trees into the inbox and wait until each "
      "document is stored or failed");
  cmd->footer(
      "Directories are copied whole (hidden entries skipped); a file inside\n"
      "one is named by its path there, e.g. 2021/05/a.txt -> 2021_05_a.txt;\n"
      "the same path in two directory arguments gets the directory's name\n"
      "in front (politics/001.txt -> politics_001.txt).\n"
      ".jsonl/.ndjson(.gz), JSON-array dumps, RSS/Atom feeds (.rss,\n"
      ".atom, .rdf, or .xml) and SGML news archives (.sgm(.gz)) are split\n"
      "by the fetcher; each record, feed item or story counts as a\n"
      "document. A progress bar with rate and ETA is\n"
      "shown on a terminal.\n"
      "Exit: 0 all stored (or duplicates), 1 some failed or no progress for\n"
      "--timeout s, 2 bad arguments, 3 the fetcher is not running.\n\n"
      "Examples:\n"
      "  inkctl ingest article.txt page.html\n"
      "  inkctl ingest ~/archive/2021 crawl.jsonl.gz world.rss\n"
      "  inkctl ingest --json drops/ | jq .failed\n"
      "  inkctl ingest --no-wait big-dir/      copy only; the daemons may be "
      "down");
  cmd->add_option("PATH", opt->paths, "Files and directories to ingest")
      ->required();
  cmd->add_flag("--json", opt->json, "Print the summary as JSON");
  cmd->add_flag("--no-wait", opt->no_wait,
                "Copy into the inbox and return without waiting");
  cmd->add_option("--timeout", opt->timeout_s,
                  "Give up after this many seconds without progress")
      ->capture_default_str();
  cmd->callback([&ctx, exit_code, opt] { *exit_code = Ingest(ctx, *opt); });
}

}  // namespace ink::ctl
