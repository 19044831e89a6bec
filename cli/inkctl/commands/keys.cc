// inkctl keys: CURVE key pairs for daemons that talk over tcp:// between
// hosts (see deploy/multi-host/README.md).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "common/curve.h"

namespace ink::ctl {
namespace {

int Keys(Context& ctx, const std::vector<std::string>& names, std::string dir,
         bool force, bool json) {
  if (dir.empty()) {
    const config::Config* c = ctx.Config();
    if (!c) return kUsage;
    dir = c->home() + "/keys";
  }
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& name : names) {
    auto keys = curve::GenerateKeyPair();
    if (!keys.ok()) return Fail(kError, keys.status().ToString());
    Status s = curve::WriteKeyPair(keys.value(), dir, name, force);
    if (!s.ok()) {
      return Fail(s.code() == Status::Code::kInvalidArgument ? kUsage : kError,
                  s.ToString());
    }
    out.push_back({{"name", name},
                   {"public_key", keys->public_key},
                   {"secret_key_file", dir + "/" + name + ".key"},
                   {"public_key_file", dir + "/" + name + ".pub"}});
  }
  if (json) {
    std::printf("%s\n", out.dump(2).c_str());
    return kOk;
  }
  for (const auto& k : out) {
    std::printf("%-12s public %s\n             secret %s (mode 0600)\n",
                k["name"].get<std::string>().c_str(),
                k["public_key"].get<std::string>().c_str(),
                k["secret_key_file"].get<std::string>().c_str());
  }
  return kOk;
}

}  // namespace

void AddKeysCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* keys = app.add_subcommand(
      "keys",
      "Make CURVE key pairs for daemons talking over tcp:// (NAME.key "
      "secret, mode 0600; NAME.pub public)");
  keys->footer(
      "Examples:\n"
      "  inkctl keys host-a host-b host-c --dir /etc/inkstream/keys\n"
      "  # on each host: bus.curve_secret_key_file: "
      "/etc/inkstream/keys/host-a.key\n"
      "  # copy only the .pub files to the other hosts");
  auto names = std::make_shared<std::vector<std::string>>();
  auto dir = std::make_shared<std::string>();
  keys->add_option("names", *names, "One key pair per name (a host or daemon)")
      ->required();
  keys->add_option("--dir", *dir, "Where to write them (default: <home>/keys)");
  auto* force = AddFlag(keys, "--force", "Replace existing key files");
  auto* json = AddFlag(keys, "--json", "Print JSON");
  keys->callback([&ctx, exit_code, names, dir, force, json] {
    *exit_code = Keys(ctx, *names, *dir, force->count() > 0, json->count() > 0);
  });
}

}  // namespace ink::ctl
