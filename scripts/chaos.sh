#!/usr/bin/env bash
# The chaos test at full size: drops N articles (default 5000) while killing
# a random daemon every 1-3 s (the supervisor of `inkctl up` restarts it);
# prints N, kills, stored, failed, lost, duplicated.
# Usage: scripts/chaos.sh [N]   (BUILD_DIR=... to use another build tree,
# SKIP_BUILD=1 to run what is built)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [ -z "${SKIP_BUILD:-}" ]; then
  scripts/setup.sh >/dev/null
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
  cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" --target chaos_test >/dev/null
fi
INK_CHAOS_N=${1:-5000} INK_BIN_DIR=$PWD/$BUILD_DIR/bin INK_SOURCE_DIR=$PWD \
  "$BUILD_DIR/tests/chaos_test" --gtest_color=no
