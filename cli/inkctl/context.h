// What every inkctl command shares: the global options, the loaded config
// (validated against every daemon's schema), a ZeroMQ context, and output
// helpers that respect --json and the terminal.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "common/config.h"

namespace ink::ctl {

// Exit codes scripts can rely on.
enum ExitCode : int {
  kOk = 0,
  kError = 1,        // The command ran and failed (see the message).
  kUsage = 2,        // Bad arguments or config.
  kUnavailable = 3,  // A daemon or the store is not reachable.
  kNotFound = 4,     // No such document.
};

struct Context {
  std::string config_path;
  std::string home = "var";
  zmq::context_t zmq{1};

  // Every section's schema: common, bus and the five stages.
  static std::vector<config::SectionSchema> AllSchemas();

  // Loads the config once; prints the error and returns null on failure.
  const config::Config* Config();
  // Directory of the ink-* binaries: beside inkctl itself.
  std::string BinDir() const;

 private:
  std::optional<config::Config> config_;
};

// A boolean flag; `help` is taken by const reference, which is the overload
// CLI11 2.x expects for a description.
inline CLI::Option* AddFlag(CLI::App* app, const std::string& name,
                            const std::string& help) {
  return app->add_flag(name, help);
}

// True when stdout is a terminal (colour, progress).
bool StdoutIsTty();
// Prints "inkctl: <message>" on stderr and returns `code`.
int Fail(int code, const std::string& message);

// Each file of commands/ adds its subcommands; the callback it sets stores
// the exit code in *exit_code.
void AddDaemonCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddQueryCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddSpoolCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddOfflineCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddMaintenanceCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddKeysCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddTopCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddIngestCommands(CLI::App& app, Context& ctx, int* exit_code);
void AddExportCommands(CLI::App& app, Context& ctx, int* exit_code);

}  // namespace ink::ctl
