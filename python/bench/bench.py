"""Speed and memory of the Python binding against `rolecall csv`, on the same
postings. Run by scripts/python-bench.sh.

    python bench.py CORPUS.csv ROWS ROLECALL_BIN WORKDIR [RUNS]

The corpus's postings (id,title,text) are repeated to ROWS rows and written
once as CSV (for the CLI) and as an Arrow IPC file (for the frames). Each
contender then runs in a fresh process, RUNS times, interleaved:

* the CLI: `rolecall csv --text-col text --title-col title FILE -o /dev/null`;
* classify_frame on a pyarrow Table, a Polars and a pandas frame read from the
  IPC file (pandas twice: its default Arrow-backed strings, and `object` columns
  of Python str);
* Classifier.classify_many on lists of str.

A frame contender measures the frame in memory, resets the process's peak
RSS (/proc/self/clear_refs), classifies, and reports the peak RSS during the
call (the interpreter, the frame and the results all count) against the frame
plus its result columns. The best time of each counts; the largest peak too.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
import time

TARGET_RATE = 0.9  # Polars and pyarrow rows/s against the CLI's
TARGET_RSS = {"polars": 1.5, "pyarrow": 1.5, "pandas": 2.0, "pandas-object": 2.0}  # peak RSS / (frame + results)


def rss_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def child(kind: str, ipc: str) -> None:
    """One contender in this process: prints a JSON line of its figures."""
    import pyarrow as pa

    import rolecall

    c = rolecall.Classifier()
    with pa.OSFile(ipc) as f:
        table = pa.ipc.open_file(f).read_all()
    if kind.startswith("pandas"):
        import pandas as pd

        df = table.to_pandas()  # pandas' default string dtype: Arrow-backed with pyarrow installed
        label = f"pandas {pd.__version__}"
        if kind == "pandas-object":
            df = df.astype({"title": object, "text": object})  # Python str cells, as pandas 2 reads them
            label += " object"
        size = lambda d: int(d.memory_usage(deep=True, index=False).sum())  # noqa: E731
    elif kind == "polars":
        import polars as pl

        df = pl.from_arrow(table)
        size = lambda d: int(d.estimated_size())  # noqa: E731
        label = f"polars {pl.__version__}"
    elif kind == "pyarrow":
        df = table
        size = lambda d: int(d.nbytes)  # noqa: E731
        label = f"pyarrow {pa.__version__}"
    else:
        titles, texts = table.column("title").to_pylist(), table.column("text").to_pylist()
        label = "classify_many"
    if kind != "pyarrow":
        del table
    gc.collect()
    frame = size(df) if kind != "many" else sum(sys.getsizeof(s) for s in texts + titles)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak RSS (VmHWM) starts again from the current RSS
    before = rss_kb("VmRSS") * 1024
    t0 = time.perf_counter()
    if kind == "many":
        out = c.classify_many(texts, titles)
        results = 0
    else:
        out = rolecall.classify_frame(df, "text", "title", classifier=c)
        results = size(out) - frame
    seconds = time.perf_counter() - t0
    peak = rss_kb("VmHWM") * 1024
    assert len(out) == int(sys.argv[4])
    print(json.dumps({"label": label, "seconds": seconds, "peak": peak, "before": before, "frame": frame, "results": results}))


def run_cli(cmd: list) -> dict:
    # Through /usr/bin/time: a process forked from this one would count this
    # one's memory in its own peak RSS (Linux keeps the high-water mark across exec).
    t0 = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    return {"label": "rolecall csv", "seconds": seconds, "peak": int(out.stderr.split()[-1]) * 1024}


def run_child(kind: str, ipc: str, rows: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, ipc, str(rows)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def main() -> None:
    if sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    import pyarrow as pa

    corpus, rows, cli, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    csv.field_size_limit(1 << 30)
    with open(corpus, newline="", encoding="utf-8") as f:
        base = [(r["title"], r["text"]) for r in csv.DictReader(f)]
    titles = [base[i % len(base)][0] for i in range(rows)]
    texts = [base[i % len(base)][1] for i in range(rows)]
    text_mb = sum(len(t.encode()) for t in texts) / 1e6
    big = os.path.join(work, f"corpus-{rows}.csv")
    with open(big, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "text"])
        for i, (title, text) in enumerate(zip(titles, texts)):
            w.writerow([i, title, text])
    ipc = os.path.join(work, f"corpus-{rows}.arrow")
    table = pa.table({"id": pa.array(range(rows), pa.int64()), "title": titles, "text": texts})
    with pa.OSFile(ipc, "wb") as f, pa.ipc.new_file(f, table.schema) as w:
        w.write_table(table)
    del table, titles, texts
    print(f"corpus: {len(base)} postings from {corpus}, repeated to {rows:,} rows ({text_mb:,.0f} MB of text)")
    print(f"cores: {os.cpu_count()}; load average at start {os.getloadavg()[0]:.1f}; best of {runs} interleaved rounds, each in a fresh process")

    cmd = [cli, "csv", "--text-col", "text", "--title-col", "title", big, "-o", os.devnull]
    kinds = ["pyarrow", "polars", "pandas", "pandas-object", "many"]
    figures: dict = {}
    for _ in range(runs):
        figures.setdefault("cli", []).append(run_cli(cmd))
        for kind in kinds:
            figures.setdefault(kind, []).append(run_child(kind, ipc, rows))
    os.remove(big)
    os.remove(ipc)

    best = {k: min(v, key=lambda r: r["seconds"]) | {"peak": max(r["peak"] for r in v)} for k, v in figures.items()}
    cli_rate = rows / best["cli"]["seconds"]
    failed = []
    print()
    print(f"{'':22} {'seconds':>8} {'rows/s':>8} {'x CLI':>6} {'peak RSS':>9} {'at start':>9} {'frame':>9} {'results':>8} {'peak/(frame+results)':>21}")
    for kind in ["cli", *kinds]:
        r = best[kind]
        rate = rows / r["seconds"]
        line = f"{r['label']:22} {r['seconds']:8.2f} {rate:8,.0f} {rate / cli_rate:6.2f} {mb(r['peak']):>9}"
        if "before" in r:
            line += f" {mb(r['before']):>9}"
        if kind in TARGET_RSS:
            ratio = r["peak"] / (r["frame"] + r["results"])
            line += f" {mb(r['frame']):>9} {mb(r['results']):>8} {ratio:21.2f}"
            if ratio > TARGET_RSS[kind]:
                failed.append(f"{r['label']}: peak RSS {ratio:.2f}x frame + results (target <= {TARGET_RSS[kind]})")
            if kind in ("polars", "pyarrow") and rate / cli_rate < TARGET_RATE:
                failed.append(f"{r['label']}: {rate / cli_rate:.2f}x the CLI's rows/s (target >= {TARGET_RATE})")
        print(line)
    print()
    print("targets: Polars and pyarrow >= 0.9x the CLI's rows/s with peak RSS <= 1.5x frame + results; pandas <= 2x")
    for f in failed:
        print(f"MISSED: {f}")
    print("all targets met" if not failed else f"{len(failed)} target(s) missed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
