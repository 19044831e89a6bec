#!/usr/bin/env bash
# The chaos test at full size: drops N articles (default 5000) while killing
# a random daemon every 1-3 s; prints N, kills, stored, failed, lost,
# duplicated. Usage: scripts/chaos.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
BUILD_TYPE=${BUILD_TYPE:-Release} scripts/build.sh >/dev/null
INK_CHAOS_N=${1:-5000} INK_BIN_DIR=$PWD/build/bin INK_SOURCE_DIR=$PWD \
  build/tests/chaos_test --gtest_color=no
