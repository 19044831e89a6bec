// inkctl failed / retry: the files a stage gave up on, and sending them again.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "common/fs.h"

namespace ink::ctl {
namespace {

constexpr char kErrorSuffix[] = ".error.json";

struct FailedFile {
  std::string key;
  nlohmann::json error;
};

std::vector<FailedFile> ListFailed(const std::string& dir) {
  std::vector<FailedFile> out;
  auto names = fs::ListDir(dir);
  if (!names.ok()) return out;
  const size_t n = std::strlen(kErrorSuffix);
  for (const auto& name : names.value()) {
    if (name.size() <= n || name.compare(name.size() - n, n, kErrorSuffix) != 0)
      continue;
    FailedFile f;
    f.key = name.substr(0, name.size() - n);
    auto data = fs::ReadFile(dir + "/" + name, 1 << 20);
    f.error = data.ok() ? nlohmann::json::parse(data.value(), nullptr, false)
                        : nlohmann::json();
    if (f.error.is_discarded() || !f.error.is_object())
      f.error = {{"reason", "(unreadable)"}};
    out.push_back(std::move(f));
  }
  return out;
}

std::string FailedDir(const config::Config& c) {
  return c.section("fetcher").GetString("spool") + "/failed";
}

int Failed(Context& ctx, bool json) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  auto files = ListFailed(FailedDir(*c));
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (auto& f : files) {
      auto e = f.error;
      e["key"] = f.key;
      arr.push_back(e);
    }
    std::printf("%s\n", arr.dump(2).c_str());
    return kOk;
  }
  if (files.empty()) {
    std::printf("no failed files\n");
    return kOk;
  }
  for (auto& f : files) {
    std::printf("%s\n  source: %s\n  stage:  %s\n  reason: %s\n  when:   %s\n",
                f.key.c_str(), f.error.value("source", "?").c_str(),
                f.error.value("stage", "?").c_str(),
                f.error.value("reason", "?").c_str(),
                f.error.value("failed_at", "?").c_str());
  }
  std::printf(
      "%zu failed; `inkctl retry KEY` or `inkctl retry --all` sends them "
      "again\n",
      files.size());
  return kOk;
}

int Retry(Context& ctx, const std::vector<std::string>& keys, bool all) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  if (keys.empty() && !all)
    return Fail(kUsage, "name the failed files to retry, or --all");
  std::string dir = FailedDir(*c);
  std::string inbox = c->section("fetcher").GetString("inbox");
  int moved = 0, missing = 0;
  for (auto& f : ListFailed(dir)) {
    if (!all && std::find(keys.begin(), keys.end(), f.key) == keys.end())
      continue;
    std::string source = f.error.value("source", f.key);
    std::string name = std::filesystem::path(source).filename().string();
    if (name.empty() || name[0] == '.') name = "retry-" + f.key;
    std::string target = inbox + "/" + name;
    for (int i = 1; std::filesystem::exists(target); ++i) {
      target = inbox + "/" + std::to_string(i) + "-" + name;
    }
    // Into the inbox by rename: the fetcher sees a file moved in, complete.
    if (std::rename((dir + "/" + f.key).c_str(), target.c_str()) != 0) {
      ++missing;
      std::fprintf(stderr, "inkctl: cannot move %s back to the inbox\n",
                   f.key.c_str());
      continue;
    }
    std::filesystem::remove(dir + "/" + f.key + kErrorSuffix);
    ++moved;
  }
  if (!all) {
    for (auto& k : keys) {
      if (!std::filesystem::exists(dir + "/" + k) && moved == 0) ++missing;
    }
  }
  std::printf("%d file(s) sent back to the inbox\n", moved);
  return missing ? kNotFound : kOk;
}

}  // namespace

void AddSpoolCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* failed = app.add_subcommand(
      "failed", "List files in spool/failed with their reasons");
  auto* json = AddFlag(failed, "--json", "Print JSON");
  failed->callback(
      [&ctx, exit_code, json] { *exit_code = Failed(ctx, json->count() > 0); });

  auto* retry =
      app.add_subcommand("retry", "Move failed files back into the inbox");
  auto* keys = retry->add_option("KEY", "Keys listed by `inkctl failed`");
  auto* all = AddFlag(retry, "--all", "Retry every failed file");
  retry->callback([&ctx, exit_code, keys, all] {
    *exit_code =
        Retry(ctx, keys->as<std::vector<std::string>>(), all->count() > 0);
  });
}

}  // namespace ink::ctl
