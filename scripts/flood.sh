#!/usr/bin/env bash
# Back-pressure under a flood: N small articles (default 100000) are moved
# into the inbox of real daemons at once. Prints the time until every file
# is stored or failed, the store's document count, and each daemon's peak
# resident memory (VmHWM, the highest over restarts). Fails if a daemon
# went over LIMIT_MB (default 300) or a file was lost.
# Usage: scripts/flood.sh [N]   (BUILD_DIR=build-release or BIN_DIR=... for other binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
LIMIT_MB=${LIMIT_MB:-300}
BIN=${BIN_DIR:-${BUILD_DIR:-build}/bin}
for b in inkctl ink-fetcher ink-cleaner ink-segmenter ink-enricher ink-store; do
  [ -x "$BIN/$b" ] || { echo "flood: $BIN/$b is not built (scripts/build.sh)" >&2; exit 2; }
done
HOME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ink-flood.XXXXXX")
CONFIG=$HOME_DIR/inkstream.yaml
printf 'common:\n  log_level: warn\n' > "$CONFIG"
ctl() { "$BIN/inkctl" --home "$HOME_DIR" --config "$CONFIG" "$@"; }
cleanup() {
  ctl down >/dev/null 2>&1 || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$HOME_DIR"; else echo "flood: kept $HOME_DIR"; fi
}
trap cleanup EXIT

echo "flood: writing $N articles aside"
python3 - "$HOME_DIR/staging" "$N" <<'EOF'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d)
topics = ["乡村振兴", "普惠金融", "疫情防控", "绿色信贷", "科技创新", "小微企业"]
for i in range(n):
    t = topics[i % len(topics)]
    with open(os.path.join(d, f"f{i}.txt"), "w") as f:
        f.write(f"第{i}号稿件：分行推进{t}工作\n来源: 测试分行 2021-06-{10 + i % 18} 10:00\n"
                f"本行第{i}次围绕{t}开展专题活动，编号{i}，服务客户{100 + i}户。\n")
EOF

ctl up >/dev/null
mkdir -p "$HOME_DIR/inbox"
start=$(date +%s.%N)
# All at once: one rename per file, same file system. (Not mv -t: it
# stats each destination after the rename, and fails when the fetcher has
# already taken the file.)
python3 -c 'import os, sys
for name in os.listdir(sys.argv[1]):
    os.rename(os.path.join(sys.argv[1], name), os.path.join(sys.argv[2], name))' \
  "$HOME_DIR/staging" "$HOME_DIR/inbox"
echo "flood: $N files in the inbox; waiting until all are stored or failed"

declare -A PEAK
sample_rss() {
  for s in fetcher cleaner segmenter enricher store; do
    pid=$(cat "$HOME_DIR/run/$s.pid" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$kb" ] || continue
    if [ "$kb" -gt "${PEAK[$s]:-0}" ]; then PEAK[$s]=$kb; fi
  done
}
settled() {
  local inbox inflight
  inbox=$(find "$HOME_DIR/inbox" -maxdepth 1 -type f | head -1 | wc -l)
  inflight=$(find "$HOME_DIR/spool/inflight" -maxdepth 1 -type f 2>/dev/null | head -1 | wc -l)
  [ "$inbox" -eq 0 ] && [ "$inflight" -eq 0 ]
}
deadline=$(( $(date +%s) + ${TIMEOUT_S:-3600} ))
last_report=$(date +%s)
while ! settled; do
  sample_rss
  if [ $(( $(date +%s) - last_report )) -ge 30 ]; then
    last_report=$(date +%s)
    echo "flood: $(find "$HOME_DIR/spool/done" -maxdepth 1 -type f | wc -l) done; peak RSS MB:" \
      "$(for s in fetcher cleaner segmenter enricher store; do printf '%s=%d ' $s $(( ${PEAK[$s]:-0} / 1024 )); done)"
  fi
  if [ "$(date +%s)" -gt "$deadline" ]; then echo "flood: timed out" >&2; break; fi
  sleep 1
done
sample_rss
end=$(date +%s.%N)

done_n=$(find "$HOME_DIR/spool/done" -maxdepth 1 -type f | wc -l)
failed_n=$(find "$HOME_DIR/spool/failed" -maxdepth 1 -name '*.error.json' | wc -l)
stored=$(ctl stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
secs=$(python3 -c "print(f'{$end - $start:.1f}')")
echo "flood: N=$N time=${secs}s stored=$stored done=$done_n failed=$failed_n"
over=0
for s in fetcher cleaner segmenter enricher store; do
  mb=$(( ${PEAK[$s]:-0} / 1024 ))
  printf 'flood: %-10s peak RSS %4d MB\n' "$s" "$mb"
  [ "$mb" -le "$LIMIT_MB" ] || over=1
done
if [ "$over" -ne 0 ]; then echo "flood: a daemon went over $LIMIT_MB MB" >&2; exit 1; fi
if [ $((stored + failed_n)) -ne "$N" ]; then echo "flood: stored+failed != N" >&2; exit 1; fi
