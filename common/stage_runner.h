// The shared daemon: a stage's main() is one call to RunStageMain().
//
// It parses --config/--home, loads and validates the config, logs with the
// stage name, opens the stage's sockets from the pipeline topology, runs
// the receive / process / send loop, serves the control socket (status,
// stop, reload), and on SIGTERM/SIGINT finishes the message in hand,
// flushes and exits 0. SIGHUP reloads the stage's data.
#pragma once

#include "common/stage.h"

namespace ink {

// Returns the process exit code: 0 after a clean stop, 2 for bad
// arguments or config, 1 when the stage cannot start.
int RunStageMain(int argc, char** argv, const StageDescriptor& descriptor);

}  // namespace ink
