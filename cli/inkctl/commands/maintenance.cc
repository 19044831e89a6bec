// inkctl delete / history / verify / compact / backup / restore / reindex:
// the store daemon runs them on its query socket (between documents, so
// never during a write); when it is down they open the store in this
// process (read-only for history and verify).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli/inkctl/context.h"
#include "cli/inkctl/store_client.h"
#include "common/bus.h"
#include "ink/v1/store.pb.h"
#include "stages/store/store.h"

namespace ink::ctl {

namespace {

// Maintenance may take minutes on a large store.
constexpr int kQuickMs = 10000;
constexpr int kLongMs = 60 * 60 * 1000;

int Run(Context& ctx, const v1::StoreRequest& req, bool writable,
        int timeout_ms, bool json,
        const std::function<void(const nlohmann::json&)>& print) {
  auto r = AskStore(ctx, req, writable, timeout_ms);
  if (!r.ok()) return Fail(kUnavailable, r.status().ToString());
  if (!r->ok()) {
    const std::string& e = r->error();
    return Fail(e.rfind("NotFound", 0) == 0 ? kNotFound : kError, e);
  }
  auto j = nlohmann::json::parse(r->result_json(), nullptr, false);
  if (json || j.is_discarded()) {
    std::printf("%s\n", j.is_discarded() ? r->result_json().c_str()
                                         : j.dump(2).c_str());
  } else {
    print(j);
  }
  if (req.op() == v1::StoreRequest::VERIFY && !j.is_discarded() &&
      !j.value("ok", false))
    return kError;
  return kOk;
}

// A path as the daemon will see it: absolute.
std::string Absolute(const std::string& p) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(p, ec);
  return ec ? p : abs.lexically_normal().string();
}

void PrintReindexed(const nlohmann::json& j) {
  std::printf(
      "reindexed %llu documents: %llu postings written, %llu removed, %llu "
      "terms\n",
      static_cast<unsigned long long>(j.value("documents", 0ULL)),
      static_cast<unsigned long long>(j.value("postings_written", 0ULL)),
      static_cast<unsigned long long>(j.value("postings_removed", 0ULL)),
      static_cast<unsigned long long>(j.value("terms", 0ULL)));
}

// The daemon reindexes on a worker thread and answers REINDEX at once with
// {"started": true}; the outcome then shows in STATS under "reindex". Run
// in this process (daemon down), the reply is the outcome itself.
int Reindex(Context& ctx, bool json, bool detach) {
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::REINDEX);
  auto r = AskStore(ctx, req, true, kLongMs);
  if (!r.ok()) return Fail(kUnavailable, r.status().ToString());
  if (!r->ok()) return Fail(kError, r->error());
  nlohmann::json j = nlohmann::json::parse(r->result_json(), nullptr, false);
  if (j.is_discarded()) return Fail(kError, "bad reply from the store");
  if (j.value("started", false)) {
    if (detach) {
      if (json) {
        std::printf("%s\n", j.dump(2).c_str());
      } else {
        std::printf(
            "reindex of %llu documents started; `inkctl status` "
            "shows when it is done\n",
            static_cast<unsigned long long>(j.value("documents", 0ULL)));
      }
      return kOk;
    }
    const std::string run = j.value("run", "");
    v1::StoreRequest stats;
    stats.set_op(v1::StoreRequest::STATS);
    const std::string endpoint =
        ctx.Config()->section("bus").GetString("query");
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      auto raw =
          bus::Request(ctx.zmq, endpoint, stats.SerializeAsString(), kQuickMs);
      if (!raw.ok())
        return Fail(kUnavailable,
                    "lost the store daemon while it reindexed: " +
                        raw.status().ToString() +
                        "; run `inkctl reindex` again once it is up");
      v1::StoreReply reply;
      if (!reply.ParseFromString(raw.value()))
        return Fail(kError, "bad reply from the store");
      auto s = nlohmann::json::parse(reply.stats_json(), nullptr, false);
      if (s.is_discarded() || !s.contains("reindex"))
        return Fail(kError, "the store daemon does not report reindex state");
      const nlohmann::json& state = s["reindex"];
      // A daemon the supervisor restarted meanwhile lost the run: it
      // reports another run, or none, instead of ours.
      if (state.value("run", "") != run)
        return Fail(kUnavailable,
                    "the store daemon restarted while it reindexed; run "
                    "`inkctl reindex` again");
      if (state.value("running", false)) continue;
      j = state.value("last", nlohmann::json::object());
      break;
    }
  }
  if (j.contains("error"))
    return Fail(kError, "reindex failed: " + j["error"].get<std::string>());
  if (json) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    PrintReindexed(j);
  }
  return kOk;
}

int Restore(Context& ctx, const std::string& dir, bool json) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  // Refuse while the daemon answers: it holds the database.
  v1::StoreRequest ping;
  ping.set_op(v1::StoreRequest::STATS);
  if (bus::Request(ctx.zmq, c->section("bus").GetString("query"),
                   ping.SerializeAsString(), 2000)
          .ok()) {
    return Fail(kError,
                "the store daemon is running; stop it first (inkctl down)");
  }
  const std::string path = c->section("store").GetString("path");
  std::string kept;
  Status s = store::Store::Restore(dir, path, &kept);
  if (!s.ok()) return Fail(s.IsNotFound() ? kNotFound : kError, s.ToString());
  if (json) {
    std::printf(
        "%s\n",
        nlohmann::json{{"restored", path}, {"from", dir}, {"kept_as", kept}}
            .dump(2)
            .c_str());
  } else {
    std::printf("restored %s from %s\n", path.c_str(), dir.c_str());
    if (!kept.empty())
      std::printf("the previous store is kept at %s\n", kept.c_str());
  }
  return kOk;
}

}  // namespace

void AddMaintenanceCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* del = app.add_subcommand(
      "delete", "Delete one stored article and its index entries");
  auto* del_id =
      del->add_option("ID", "Document id or a prefix of 8+ hex chars")
          ->required();
  auto* del_json = AddFlag(del, "--json", "Print JSON");
  del->callback([&ctx, exit_code, del_id, del_json] {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::DELETE);
    req.set_id(del_id->as<std::string>());
    *exit_code =
        Run(ctx, req, true, kLongMs, del_json->count() > 0,
            [](const nlohmann::json& j) {
              std::printf("deleted %s\n", j.value("deleted", "").c_str());
            });
  });

  auto* hist = app.add_subcommand(
      "history", "Versions of one source (inbox file), oldest first");
  auto* source =
      hist->add_option("SOURCE", "Source name, e.g. article.html")->required();
  auto* hist_json = AddFlag(hist, "--json", "Print JSON");
  hist->callback([&ctx, exit_code, source, hist_json] {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::HISTORY);
    req.set_source(source->as<std::string>());
    *exit_code =
        Run(ctx, req, false, kQuickMs, hist_json->count() > 0,
            [](const nlohmann::json& j) {
              for (const auto& v : j["versions"]) {
                std::printf(
                    "v%-3llu %s  %s  %s%s\n",
                    static_cast<unsigned long long>(v.value("version", 0ULL)),
                    v.value("id", "").c_str(), v.value("date", "").c_str(),
                    v.value("title", "").c_str(),
                    v.value("current", false) ? "  (current)" : "");
              }
            });
  });

  auto* verify = app.add_subcommand("verify",
                                    "Check postings and statistics against the "
                                    "stored documents (exit 1 on problems)");
  auto* verify_json = AddFlag(verify, "--json", "Print JSON");
  verify->callback([&ctx, exit_code, verify_json] {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::VERIFY);
    *exit_code = Run(
        ctx, req, false, kLongMs, verify_json->count() > 0,
        [](const nlohmann::json& j) {
          std::printf(
              "%s: %llu documents, %llu postings, %llu terms, %llu problems\n",
              j.value("ok", false) ? "ok" : "PROBLEMS",
              static_cast<unsigned long long>(j.value("documents", 0ULL)),
              static_cast<unsigned long long>(j.value("postings", 0ULL)),
              static_cast<unsigned long long>(j.value("terms", 0ULL)),
              static_cast<unsigned long long>(j.value("problem_count", 0ULL)));
          for (const auto& p : j.value("problems", nlohmann::json::array()))
            std::printf("  %s\n", p.get<std::string>().c_str());
          for (const auto& w : j.value("warnings", nlohmann::json::array()))
            std::printf("  warning: %s\n", w.get<std::string>().c_str());
        });
  });

  auto* compact =
      app.add_subcommand("compact", "Compact the store's RocksDB files");
  auto* compact_json =
      AddFlag(compact, "--json", "Print the store figures after it as JSON");
  compact->callback([&ctx, exit_code, compact_json] {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::COMPACT);
    *exit_code = Run(ctx, req, true, kLongMs, compact_json->count() > 0,
                     [](const nlohmann::json& j) {
                       std::printf("compacted: %llu bytes on disk\n",
                                   static_cast<unsigned long long>(
                                       j.value("total_bytes", 0ULL)));
                     });
  });

  auto* backup = app.add_subcommand("backup",
                                    "Write a consistent copy of the store (a "
                                    "RocksDB checkpoint) while it runs");
  auto* backup_dir =
      backup->add_option("DIR", "New directory (must not exist)")->required();
  auto* backup_json = AddFlag(backup, "--json", "Print JSON");
  backup->callback([&ctx, exit_code, backup_dir, backup_json] {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::BACKUP);
    req.set_dir(Absolute(backup_dir->as<std::string>()));
    *exit_code = Run(ctx, req, true, kLongMs, backup_json->count() > 0,
                     [](const nlohmann::json& j) {
                       std::printf("backup written to %s\n",
                                   j.value("backup", "").c_str());
                     });
  });

  auto* restore = app.add_subcommand(
      "restore", "Replace the store with a backup (the daemons must be down)");
  auto* restore_dir =
      restore->add_option("DIR", "Backup directory")->required();
  auto* restore_json = AddFlag(restore, "--json", "Print JSON");
  restore->callback([&ctx, exit_code, restore_dir, restore_json] {
    *exit_code =
        Restore(ctx, restore_dir->as<std::string>(), restore_json->count() > 0);
  });

  auto* reindex = app.add_subcommand(
      "reindex",
      "Rebuild postings and statistics from the stored articles with the "
      "segmenter; queries and ingest go on meanwhile");
  auto* reindex_json = AddFlag(reindex, "--json", "Print JSON");
  auto* reindex_detach = AddFlag(
      reindex, "--detach",
      "Return once the daemon has started the reindex (see `inkctl status`)");
  reindex->footer(
      "\nExamples:\n  inkctl reindex            # after changing the "
      "dictionary\n  inkctl reindex --detach\n");
  reindex->callback([&ctx, exit_code, reindex_json, reindex_detach] {
    *exit_code =
        Reindex(ctx, reindex_json->count() > 0, reindex_detach->count() > 0);
  });
}
}  // namespace ink::ctl
