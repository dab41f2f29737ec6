"""Throughput of Classifier.classify_many against `rolecall csv` on the same
postings, and what classify_frame adds on top. Run by scripts/python-bench.sh.

    python bench.py CORPUS.csv ROWS ROLECALL_BIN WORKDIR [RUNS]
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

import rolecall


def best(runs, f):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    corpus, rows, cli, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    csv.field_size_limit(1 << 30)
    with open(corpus, newline="", encoding="utf-8") as f:
        base = [(r["title"], r["text"]) for r in csv.DictReader(f)]
    titles = [base[i % len(base)][0] for i in range(rows)]
    texts = [base[i % len(base)][1] for i in range(rows)]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    big = os.path.join(work, f"corpus-{rows}.csv")
    with open(big, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "text"])
        for i, (title, text) in enumerate(zip(titles, texts)):
            w.writerow([i, title, text])
    print(f"corpus: {len(base)} postings from {corpus}, repeated to {rows} rows ({mb:.0f} MB of text)")
    print(f"cores: {os.cpu_count()}; best of {runs} runs each")

    cmd = [cli, "csv", "--text-col", "text", "--title-col", "title", big, "-o", os.devnull]
    t_cli = best(runs, lambda: subprocess.run(cmd, check=True))

    c = rolecall.Classifier()
    holder = {}
    t_many = best(runs, lambda: holder.__setitem__("r", c.classify_many(texts, titles)))
    results = holder.pop("r")
    assert len(results) == rows
    t_touch = best(1, lambda: [len(r.evidence) for r in results])
    del results

    cli_rate, many_rate = rows / t_cli, rows / t_many
    print(f"rolecall csv   : {t_cli:7.2f} s  {cli_rate:9.0f} rows/s  {mb / t_cli:6.1f} MB/s   ({' '.join(cmd[1:6])} ...)")
    print(f"classify_many  : {t_many:7.2f} s  {many_rate:9.0f} rows/s  {mb / t_many:6.1f} MB/s")
    print(f"ratio classify_many / rolecall csv: {many_rate / cli_rate:.2f} (target >= 0.80)")
    print(f"  (reading .evidence of every result afterwards: {t_touch:.2f} s)")

    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        df = pd.DataFrame({"title": titles, "text": texts})
        t = best(runs, lambda: rolecall.classify_frame(df, "text", "title", classifier=c))
        print(f"classify_frame (pandas {pd.__version__}) : {t:7.2f} s  {rows / t:9.0f} rows/s  overhead {t / t_many - 1:+.0%} vs classify_many")
        del df
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        df = pl.DataFrame({"title": titles, "text": texts})
        t = best(runs, lambda: rolecall.classify_frame(df, "text", "title", classifier=c))
        print(f"classify_frame (polars {pl.__version__}) : {t:7.2f} s  {rows / t:9.0f} rows/s  overhead {t / t_many - 1:+.0%} vs classify_many")
    os.remove(big)


if __name__ == "__main__":
    main()
