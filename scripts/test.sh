#!/usr/bin/env bash
# Installs what is missing, builds, runs every test (unit, integration,
# chaos at N=300, config check) with ctest, then builds the .deb and checks
# it in a temporary root. Extra arguments go to ctest (e.g. -R Fetcher).
#   scripts/test.sh --sanitize   the same tests under ASan+UBSan (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${1:-}" = "--sanitize" ]; then
  shift
  export BUILD_DIR=build-asan
  scripts/build.sh -DINK_SANITIZE=ON -DINK_BUILD_BENCHMARKS=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd "$BUILD_DIR" && ctest --output-on-failure --timeout 900 -j 2 "$@")
  exit 0
fi
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
(cd "$BUILD_DIR" && ctest --output-on-failure --timeout 600 -j 2 "$@")
if [ $# -eq 0 ]; then
  scripts/package.sh "$BUILD_DIR"
fi
