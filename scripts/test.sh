#!/usr/bin/env bash
# Installs what is missing, builds, runs every test (unit, integration,
# chaos at N=300, config check) with ctest, then builds the .deb and checks
# it in a temporary root. Extra arguments go to ctest (e.g. -R Fetcher).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
(cd "$BUILD_DIR" && ctest --output-on-failure --timeout 600 -j 2 "$@")
if [ $# -eq 0 ]; then
  scripts/package.sh "$BUILD_DIR"
fi
