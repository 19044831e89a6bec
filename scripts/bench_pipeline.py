#!/usr/bin/env python3
"""End-to-end benchmark through the real daemons.

Splits the xwlb_zh corpus (one daily file per broadcast) into its news items
at each '### ' heading, drops N of them into the inbox of a fresh pipeline
and measures: articles/s from the first drop until every file is
acknowledged, drop-to-searchable latency at light load (p50/p99), and the
peak resident memory of each daemon. Skips cleanly without the corpus.

Usage: bench_pipeline.py BIN_DIR CORPUS_DIR [N]
"""
import glob, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

def items(corpus):
    for path in sorted(glob.glob(os.path.join(corpus, "news", "*.md"))):
        text = open(path, encoding="utf-8").read()
        for part in text.split("\n### ")[1:]:
            head, _, body = part.partition("\n")
            if body.strip():
                yield head.strip(), body.strip()

def ctl(bin_dir, home, *args):
    return subprocess.run([os.path.join(bin_dir, "inkctl"), "--home", home, *args],
                          capture_output=True, text=True)

def pids(home):
    out = {}
    for f in glob.glob(os.path.join(home, "run", "*.pid")):
        out[os.path.basename(f)[:-4]] = int(open(f).read())
    return out

def peak_rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

def main():
    bin_dir, corpus = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    if not os.path.isdir(os.path.join(corpus, "news")):
        print(f"pipeline: skipped ({corpus} not found)")
        return
    docs = []
    for head, body in items(corpus):
        docs.append(f"# {head}\n\n{body}\n")
        if len(docs) >= n:
            break
    home = tempfile.mkdtemp(prefix="ink-bench-")
    try:
        cfg = os.path.join(home, "bench.yaml")
        open(cfg, "w").write("common:\n  log_level: warn\nfetcher:\n  max_in_flight: 512\n  settle_ms: 200\n")
        if ctl(bin_dir, home, "--config", cfg, "up").returncode != 0:
            sys.exit("pipeline: inkctl up failed")
        stage = os.path.join(home, "stage")
        os.makedirs(stage)
        for i, d in enumerate(docs):
            open(os.path.join(stage, f"x{i:06d}.md"), "w", encoding="utf-8").write(d)
        inbox, done = os.path.join(home, "inbox"), os.path.join(home, "spool", "done")
        failed = os.path.join(home, "spool", "failed")
        mb = sum(len(d.encode()) for d in docs) / 1e6
        start = time.monotonic()
        for name in sorted(os.listdir(stage)):
            os.rename(os.path.join(stage, name), os.path.join(inbox, name))
        while True:
            finished = len(os.listdir(done)) + len([f for f in os.listdir(failed) if not f.endswith(".json")])
            if finished >= len(docs):
                break
            if time.monotonic() - start > 1800:
                sys.exit(f"pipeline: timed out with {finished}/{len(docs)} done")
            time.sleep(0.05)
        elapsed = time.monotonic() - start
        status = json.loads(ctl(bin_dir, home, "--config", cfg, "status", "--json").stdout)
        per_stage = []
        for name in ["fetcher", "cleaner", "segmenter", "enricher", "store"]:
            c = status.get(name, {}).get("counters", {})
            if c.get("received"):
                per_stage.append(f"{name} {c['busy_ms'] / c['received']:.2f} ms/doc "
                                 f"({c['received'] * 1000 / max(c['busy_ms'], 1):.0f} docs/s)")
        # Light load: one article at a time, until a search finds it.
        lat = []
        for i in range(30):
            token = f"基准测试标记{i:03d}号"
            t0 = time.monotonic()
            open(os.path.join(stage, "probe"), "w", encoding="utf-8").write(f"# 延迟探针{i}\n\n{token}出现在正文里。\n")
            os.rename(os.path.join(stage, "probe"), os.path.join(inbox, f"probe{i}.md"))
            while True:
                r = ctl(bin_dir, home, "--config", cfg, "search", f'"{token}"', "--json")
                if r.returncode == 0 and json.loads(r.stdout)["total"] >= 1:
                    break
                if time.monotonic() - t0 > 30:
                    break
            lat.append((time.monotonic() - t0) * 1000)
        rss = {s: peak_rss_mb(p) for s, p in pids(home).items()}
        lat.sort()
        print(f"pipeline: {len(docs)} articles ({mb:.1f} MB) in {elapsed:.1f} s = "
              f"{len(docs)/elapsed:.0f} articles/s, {mb/elapsed:.2f} MB/s; "
              f"failed {len([f for f in os.listdir(failed) if f.endswith('.error.json')])}")
        print(f"pipeline: drop->searchable at light load p50 {statistics.median(lat):.0f} ms, "
              f"p99 {lat[min(len(lat)-1, int(len(lat)*0.99))]:.0f} ms (includes one inkctl run per poll)")
        print("pipeline: busy time per stage: " + ", ".join(per_stage))
        print("pipeline: peak RSS MB " + ", ".join(f"{s} {v:.0f}" for s, v in sorted(rss.items())))
    finally:
        ctl(bin_dir, home, "down")
        shutil.rmtree(home, ignore_errors=True)

if __name__ == "__main__":
    main()
