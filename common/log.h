// Logging: spdlog, with the stage name in every line.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace ink {

// Makes the default spdlog logger write to stderr with `name` in every line
// ("[2026-11-22 20:21:45.123] [cleaner] [info] ..."). `level` is one of
// trace, debug, info, warn, error; anything else means info.
void InitLogging(const std::string& name, const std::string& level);

}  // namespace ink
