#!/usr/bin/env python3
"""End-to-end benchmark through the real daemons.

Splits the xwlb_zh corpus (one daily file per broadcast) into its news items
at each '### ' heading, drops N of them into the inbox of a fresh pipeline
and measures: articles/s from the first drop until every file is
acknowledged; per daemon the CPU it used (user and system time from
/proc/<pid>/stat, which a loaded machine does not inflate the way it does
wall-clock busy time), its busy time inside Process(), the docs/s and MB/s
one core would give at that CPU cost, and its peak resident memory; and, at
light load (one article at a time), drop-to-stored (the file reaches
spool/done/, i.e. the store acknowledged its write) and drop-to-searchable
(an `inkctl search` finds it) latency, p50/p99. Skips cleanly without the
corpus.
With PLOT, it also records the stored count over time during the run and
draws articles/s against time with gnuplot into PLOT (a PNG), beside a .dat
of the samples; without gnuplot the plot is skipped.

Usage: bench_pipeline.py BIN_DIR CORPUS_DIR [N] [PLOT.png]
Environment: INK_BENCH_PERF=FILE records every daemon with `perf record`
from the first drop to the last ack (INK_BENCH_PERF_ARGS, default "-F 2000",
adds options such as -g).
"""
import glob, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

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

def cpu_ticks(pid):
    """(user, system) clock ticks of a process, or None if it is gone."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]), int(fields[12])  # utime, stime (fields 14, 15)

def cpu_of(pid_map):
    return {name: cpu_ticks(pid) for name, pid in pid_map.items()}

def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]

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
        daemon_pids = pids(home)
        cpu_before = cpu_of(daemon_pids)
        perf = None
        if os.environ.get("INK_BENCH_PERF"):
            # Samples every daemon from the first drop to the last ack.
            perf = subprocess.Popen(
                ["perf", "record", "-q", "-o", os.environ["INK_BENCH_PERF"],
                 *os.environ.get("INK_BENCH_PERF_ARGS", "-F 2000").split(),
                 "-p", ",".join(str(p) for p in daemon_pids.values())],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
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
        cpu_after = cpu_of(daemon_pids)
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
            print(f"perf: samples of every daemon in {os.environ['INK_BENCH_PERF']} "
                  "(perf report -i FILE --sort comm,dso,sym)")
        status = json.loads(ctl(bin_dir, home, "--config", cfg, "status", "--json").stdout)
        tick = os.sysconf("SC_CLK_TCK")
        rows = []
        total_user = total_sys = 0.0
        for name in ["fetcher", "cleaner", "segmenter", "enricher", "store", "supervisor"]:
            b, a = cpu_before.get(name), cpu_after.get(name)
            if a is None or b is None:
                continue  # Not running, or restarted during the run.
            user = (a[0] - b[0]) * 1000 / tick / len(docs)
            system = (a[1] - b[1]) * 1000 / tick / len(docs)
            total_user += user
            total_sys += system
            c = status.get(name, {}).get("counters", {})
            busy = c["busy_ms"] / c["received"] if c.get("received") else None
            rows.append((name, user, system, busy))
        # Light load: one article at a time, until the store has acknowledged
        # it (done/) and until a search finds it.
        stored, searchable = [], []
        for i in range(30):
            token = f"基准测试标记{i:03d}号"
            open(os.path.join(stage, "probe"), "w", encoding="utf-8").write(f"# 延迟探针{i}\n\n{token}出现在正文里。\n")
            t0 = time.monotonic()
            os.rename(os.path.join(stage, "probe"), os.path.join(inbox, f"probe{i}.md"))
            suffix = f"~probe{i}.md"
            while time.monotonic() - t0 < 30:
                if any(f.endswith(suffix) for f in os.listdir(done)):
                    break
                time.sleep(0.0005)
            stored.append((time.monotonic() - t0) * 1000)
            while True:
                r = ctl(bin_dir, home, "--config", cfg, "search", f'"{token}"', "--json")
                if r.returncode == 0 and json.loads(r.stdout)["total"] >= 1:
                    break
                if time.monotonic() - t0 > 30:
                    break
            searchable.append((time.monotonic() - t0) * 1000)
        t0 = time.monotonic()
        for _ in range(5):
            ctl(bin_dir, home, "--config", cfg, "search", '"没有这个词"', "--json")
        inkctl_ms = (time.monotonic() - t0) * 1000 / 5
        rss = {s: peak_rss_mb(p) for s, p in pids(home).items()}
        stored.sort()
        searchable.sort()
        print(f"pipeline: {len(docs)} articles ({mb:.1f} MB) in {elapsed:.1f} s = "
              f"{len(docs)/elapsed:.0f} articles/s, {mb/elapsed:.2f} MB/s; "
              f"failed {len([f for f in os.listdir(failed) if f.endswith('.error.json')])}")
        print(f"pipeline: CPU of all daemons {total_user + total_sys:.2f} ms/article "
              f"(user {total_user:.2f}, system {total_sys:.2f}) = "
              f"{1000 / max(total_user + total_sys, 1e-9):.0f} articles/s per core")
        print(f"pipeline: light load, drop->stored (acked) p50 {statistics.median(stored):.0f} ms, "
              f"p99 {percentile(stored, 0.99):.0f} ms; drop->searchable p50 "
              f"{statistics.median(searchable):.0f} ms, p99 {percentile(searchable, 0.99):.0f} ms "
              f"(polls with inkctl search, {inkctl_ms:.0f} ms a run)")
        print("pipeline: per daemon (CPU per article from /proc/<pid>/stat; docs/s and MB/s "
              "that one core gives at that cost; busy = wall time in Process())")
        print(f"  {'daemon':<11}{'user ms':>9}{'sys ms':>8}{'cpu ms':>8}{'docs/s':>8}{'MB/s':>7}"
              f"{'busy ms':>9}{'RSS MB':>8}")
        doc_mb = mb / len(docs)
        for name, user, system, busy in rows:
            cpu = user + system
            busy_s = f"{busy:9.2f}" if busy is not None else f"{'-':>9}"
            rate = (f"{1000 / cpu:8.0f}{doc_mb * 1000 / cpu:7.2f}"
                    if cpu > 0 and name != "supervisor" else f"{'-':>8}{'-':>7}")
            print(f"  {name:<11}{user:9.3f}{system:8.3f}{cpu:8.3f}{rate}{busy_s}"
                  f"{rss.get(name, 0):8.0f}")
        print(f"  {'all':<11}{total_user:9.3f}{total_sys:8.3f}{total_user + total_sys:8.3f}"
              f"{1000 / max(total_user + total_sys, 1e-9):8.0f}"
              f"{doc_mb * 1000 / max(total_user + total_sys, 1e-9):7.2f}")
        if plot:
            plot_throughput(samples, os.path.abspath(plot))
    finally:
        ctl(bin_dir, home, "down")
        shutil.rmtree(home, ignore_errors=True)

if __name__ == "__main__":
    main()
