#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole pipeline in the
# foreground on the default config, everything under ./var (or --home DIR).
# Drop articles into var/inbox; Ctrl-C stops every daemon cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/bin/inkctl --config deploy/inkstream.yaml "$@" up --foreground
