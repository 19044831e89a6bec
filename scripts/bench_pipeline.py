#!/usr/bin/env python3
"""End-to-end benchmark through the real daemons.

Splits the xwlb_zh corpus (one daily file per broadcast) into its news items
at each '### ' heading, drops N of them into the inbox of a fresh pipeline
and measures: articles/s from the first drop until every file is
acknowledged, drop-to-searchable latency at light load (p50/p99), and the
peak resident memory of each daemon. Skips cleanly without the corpus.
With PLOT, it also records the stored count over time during the run and
draws articles/s against time with gnuplot into PLOT (a PNG), beside a .dat
of the samples; without gnuplot the plot is skipped.

Usage: bench_pipeline.py BIN_DIR CORPUS_DIR [N] [PLOT.png]
"""
import glob, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

def plot_throughput(samples, png):
    """samples: (seconds since the first drop, documents finished)."""
    if len(samples) < 2:
        print("plot: skipped (too few samples)")
        return
    dat = os.path.splitext(png)[0] + ".dat"
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)
    with open(dat, "w") as f:
        f.write("# seconds  finished  articles_per_s (over the last interval)\n")
        for (t0, n0), (t1, n1) in zip(samples, samples[1:]):
            f.write(f"{t1:.3f} {n1} {(n1 - n0) / max(t1 - t0, 1e-9):.1f}\n")
    if shutil.which("gnuplot") is None:
        print(f"plot: skipped (gnuplot not installed); samples in {dat}")
        return
    total, elapsed = samples[-1][1], samples[-1][0]
    script = f"""
set terminal pngcairo size 1000,500 noenhanced font ",10"
set output "{png}"
set title "inkstream end to end: {total} articles in {elapsed:.1f} s ({total / max(elapsed, 1e-9):.0f} articles/s)"
set xlabel "seconds since the first drop"
set ylabel "articles/s (stored or failed)"
set y2label "articles finished"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set grid
set key top left
plot "{dat}" using 1:3 with lines lw 2 title "articles/s", \\
     "{dat}" using 1:2 axes x1y2 with lines dt 2 title "finished (right axis)"
"""
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode != 0:
        # gnuplot-nox may lack pngcairo; the plain png terminal always exists.
        r = subprocess.run(["gnuplot"], input=script.replace("pngcairo", "png"),
                           text=True, capture_output=True)
    if r.returncode != 0:
        print(f"plot: gnuplot failed: {r.stderr.strip()}")
        return
    print(f"plot: throughput over time in {png}")

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
    plot = sys.argv[4] if len(sys.argv) > 4 else None
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
        samples = [(0.0, 0)]
        while True:
            finished = len(os.listdir(done)) + len([f for f in os.listdir(failed) if not f.endswith(".json")])
            now = time.monotonic() - start
            if now - samples[-1][0] >= 0.5 or finished >= len(docs):
                samples.append((now, finished))
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
        if plot:
            plot_throughput(samples, os.path.abspath(plot))
    finally:
        ctl(bin_dir, home, "down")
        shutil.rmtree(home, ignore_errors=True)

if __name__ == "__main__":
    main()
