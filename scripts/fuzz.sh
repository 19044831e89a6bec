#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan+UBSan, leak
# detection on) into build-fuzz/ and runs them.
#   scripts/fuzz.sh --list               the targets
#   scripts/fuzz.sh TARGET SECONDS [ARGS] fuzz one target (ARGS go to libFuzzer)
#   scripts/fuzz.sh all SECONDS          each target in turn, SECONDS each
# New inputs accumulate in build-fuzz/fuzz/corpus/TARGET/ (the seeds in
# tests/fuzz/seeds/TARGET/ are read, never written); a crash is saved in
# build-fuzz/fuzz/artifacts/TARGET/ and makes the script exit 1. Replay one
# with: build-fuzz/fuzz/fuzz_TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-2}

configure() {
  scripts/setup.sh >/dev/null
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINK_FUZZ=ON -DINK_BUILD_TESTS=OFF -DINK_BUILD_BENCHMARKS=OFF >/dev/null
}

targets() { cat "$BUILD_DIR/fuzz/targets.txt"; }

seed_dir() {
  if [ -d "tests/fuzz/seeds/$1" ] && ls tests/fuzz/seeds/"$1"/* >/dev/null 2>&1 &&
     ! ls tests/fuzz/seeds/"$1"/*.txtpb >/dev/null 2>&1; then
    echo "tests/fuzz/seeds/$1"
  else
    echo "$BUILD_DIR/tests/fuzz/seeds/$1"  # Encoded at build time.
  fi
}

run_one() {
  local target=$1 seconds=$2
  shift 2
  cmake --build "$BUILD_DIR" -j "$JOBS" --target "fuzz_$target" >/dev/null
  local corpus="$BUILD_DIR/fuzz/corpus/$target" artifacts="$BUILD_DIR/fuzz/artifacts/$target/"
  local log="$BUILD_DIR/fuzz/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "fuzz: $target for ${seconds}s (log $log)"
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$BUILD_DIR/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
      -timeout=30 -rss_limit_mb=2560 -artifact_prefix="$artifacts" \
      "$@" "$corpus" "$(seed_dir "$target")" >"$log" 2>&1 || rc=$?
  local done_line execs
  done_line=$(grep -P "^#\d+\t" "$log" | tail -1 | grep -oP "cov: \d+ ft: \d+ corp: \S+" || true)
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
  if [ "$rc" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit $rc); see $log and $artifacts"
    grep -E 'ERROR|SUMMARY|fuzz check failed|runtime error' "$log" | head -5 || true
    return 1
  fi
  echo "fuzz: $target ok: ${seconds}s, ${execs:-?} execs, last: ${done_line}"
}

case "${1:-}" in
  --list)
    configure
    targets
    ;;
  all)
    [ $# -ge 2 ] || { echo "usage: $0 all SECONDS" >&2; exit 2; }
    configure
    failed=()
    for t in $(targets); do run_one "$t" "$2" || failed+=("$t"); done
    if [ ${#failed[@]} -ne 0 ]; then
      echo "fuzz: failed: ${failed[*]}"
      exit 1
    fi
    ;;
  "" | -h | --help)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
  *)
    [ $# -ge 2 ] || { echo "usage: $0 TARGET SECONDS [libFuzzer args]" >&2; exit 2; }
    configure
    if ! targets | grep -qx "$1"; then
      echo "fuzz: unknown target $1; one of:" >&2
      targets >&2
      exit 2
    fi
    run_one "$@"
    ;;
esac
