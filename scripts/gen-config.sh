#!/usr/bin/env bash
# Regenerates deploy/inkstream.yaml from the keys the daemons declare.
# Usage: scripts/gen-config.sh [path/to/inkctl]
set -euo pipefail
cd "$(dirname "$0")/.."
INKCTL=${1:-build/bin/inkctl}
{
  echo "# inkstream default configuration: every key with its default and what it does."
  echo "# Paths may use {home} (the --home directory, default ./var) and {run} ({home}/run)."
  echo "# Regenerate with scripts/gen-config.sh after changing a daemon's keys."
  echo
  "$INKCTL" config
} > deploy/inkstream.yaml
