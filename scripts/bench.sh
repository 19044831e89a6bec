#!/usr/bin/env bash
# Runs every benchmark of the project in a Release build and prints the
# figures: per-stage Google Benchmarks (segmenter, cleaner, store), the
# keyword evaluation, and the end-to-end pipeline on the xwlb_zh corpus.
# Parts whose data (../shared) is absent say so and are skipped.
# Usage: scripts/bench.sh [N articles for the pipeline run, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
export BUILD_DIR=${BUILD_DIR:-build-release}
BUILD_TYPE=Release scripts/build.sh >/dev/null
BIN=$BUILD_DIR/bin
SHARED=${INK_SHARED:-../shared}
export INK_BENCH_TEXT=${INK_BENCH_TEXT:-$SHARED/eval/cws/pku_test.utf8}
export INK_BENCH_HTML_DIR=${INK_BENCH_HTML_DIR:-$SHARED/eval/extract/gne_zh/html}
export INK_BENCH_CORPUS=${INK_BENCH_CORPUS:-$SHARED/corpus/xwlb_zh}
# store_bench also times queries beside an ingest.
export INK_BENCH_DURING=${INK_BENCH_DURING:-1}

for b in segmenter_bench cleaner_bench enricher_bench store_bench keyword_eval near_duplicate_eval; do
  if [ -x "$BIN/$b" ]; then
    echo "== $b"
    "$BIN/$b" --benchmark_counters_tabular=true 2>&1 || echo "$b failed"
  fi
done

if [ -f "$INK_BENCH_TEXT" ]; then
  echo "== whole process: inkctl segment on 10 MB of PKU text"
  tmp=$(mktemp)
  while [ "$(stat -c %s "$tmp")" -lt 10000000 ]; do cat "$INK_BENCH_TEXT" >> "$tmp"; done
  size=$(stat -c %s "$tmp")
  start=$(date +%s.%N)
  "$BIN/inkctl" segment < "$tmp" > /dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'segment: {$size/1e6:.1f} MB in {$end-$start:.2f} s = {$size/1e6/($end-$start):.1f} MB/s (load included)')"
  rm -f "$tmp"
fi

echo "== end to end through the daemons"
python3 scripts/bench_pipeline.py "$BIN" "$INK_BENCH_CORPUS" "${1:-5000}" \
  "$BUILD_DIR/pipeline-throughput.png"
