#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit and
# integration) with ctest. Extra arguments go to ctest (e.g. -R fetcher).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600 -j 2 "$@"
