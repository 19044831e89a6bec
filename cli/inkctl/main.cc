// inkctl: starts and watches the inkstream daemons, queries the store, and
// runs a stage's logic on a file without daemons.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/inkctl/context.h"
#include "common/pipeline.h"

int main(int argc, char** argv) {
  // Stage code run in this process (offline queries and maintenance) logs
  // through spdlog: never onto stdout, which carries the command's output
  // (JSON for scripts), and only what the user must see.
  spdlog::set_default_logger(spdlog::stderr_color_mt("inkctl"));
  spdlog::set_level(spdlog::level::warn);
  ink::ctl::Context ctx;
  ctx.config_path = ink::DefaultConfigPath();
  CLI::App app{"inkctl: run and query the inkstream news pipeline"};
  app.footer(
      "Examples:\n"
      "  inkctl up                      start all five daemons under ./var\n"
      "  cp article.txt var/inbox/      feed an article\n"
      "  inkctl search '疫情 分行'       search the store\n"
      "  inkctl status                  what each daemon is doing\n"
      "  inkctl down                    stop them");
  app.require_subcommand(1);
  app.add_option("--config", ctx.config_path,
                 "YAML config file (default: $INK_CONFIG or "
                 "deploy/inkstream.yaml if present)");
  app.add_option("--home", ctx.home,
                 "Base directory of inbox/, spool/, store/, run/, log/")
      ->capture_default_str();
  app.set_version_flag("--version", std::string("inkctl ") + INK_VERSION);

  int exit_code = 0;
  ink::ctl::AddDaemonCommands(app, ctx, &exit_code);
  ink::ctl::AddQueryCommands(app, ctx, &exit_code);
  ink::ctl::AddSpoolCommands(app, ctx, &exit_code);
  ink::ctl::AddOfflineCommands(app, ctx, &exit_code);
  ink::ctl::AddMaintenanceCommands(app, ctx, &exit_code);
  ink::ctl::AddKeysCommands(app, ctx, &exit_code);
  ink::ctl::AddTopCommands(app, ctx, &exit_code);
  ink::ctl::AddIngestCommands(app, ctx, &exit_code);
  ink::ctl::AddExportCommands(app, ctx, &exit_code);

  auto* cfg = app.add_subcommand(
      "config", "Print every config key with its default, as YAML");
  cfg->callback([&] {
    std::fputs(
        ink::config::DescribeSchemas(ink::ctl::Context::AllSchemas()).c_str(),
        stdout);
  });
  auto* check =
      app.add_subcommand("check-config", "Validate the config file and exit");
  check->callback([&] {
    if (!ctx.Config()) {
      exit_code = ink::ctl::kUsage;
      return;
    }
    std::printf("%s: ok\n", ctx.config_path.empty() ? "(defaults)"
                                                    : ctx.config_path.c_str());
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : ink::ctl::kUsage;
  }
  return exit_code;
}
