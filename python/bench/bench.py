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
    print(f"cores: {os.cpu_count()}; load average at start {os.getloadavg()[0]:.1f}; best of {runs} interleaved rounds")

    cmd = [cli, "csv", "--text-col", "text", "--title-col", "title", big, "-o", os.devnull]
    c = rolecall.Classifier()
    frames = {}
    try:
        import pandas as pd

        frames[f"pandas {pd.__version__}"] = pd.DataFrame({"title": titles, "text": texts})
    except ImportError:
        pass
    try:
        import polars as pl

        frames[f"polars {pl.__version__}"] = pl.DataFrame({"title": titles, "text": texts})
    except ImportError:
        pass

    # Rounds interleave the contenders, so that load from other processes on a
    # shared machine falls on all of them alike; the best round of each counts.
    times = {}

    def timed(name, f):
        t0 = time.perf_counter()
        out = f()
        times.setdefault(name, []).append(time.perf_counter() - t0)
        return out

    for _ in range(runs):
        timed("cli", lambda: subprocess.run(cmd, check=True))
        results = timed("many", lambda: c.classify_many(texts, titles))
        assert len(results) == rows
        timed("touch", lambda: [len(r.evidence) for r in results])
        del results
        for name, df in frames.items():
            out = timed(name, lambda: rolecall.classify_frame(df, "text", "title", classifier=c))
            assert len(out) == rows
            del out
    t = {name: min(v) for name, v in times.items()}
    t_cli, t_many = t["cli"], t["many"]
    cli_rate, many_rate = rows / t_cli, rows / t_many
    print(f"rolecall csv   : {t_cli:6.2f} s  {cli_rate:7.0f} rows/s  {mb / t_cli:6.1f} MB/s   ({' '.join(cmd[1:6])} FILE -o /dev/null)")
    print(f"classify_many  : {t_many:6.2f} s  {many_rate:7.0f} rows/s  {mb / t_many:6.1f} MB/s   (c.classify_many(texts, titles))")
    print(f"ratio classify_many / rolecall csv: {many_rate / cli_rate:.2f} (target >= 0.80)")
    print(f"  reading .evidence of every result afterwards: {t['touch']:.2f} s")
    for name in frames:
        print(f"classify_frame ({name}): {t[name]:6.2f} s  {rows / t[name]:7.0f} rows/s  overhead {t[name] / t_many - 1:+.0%} vs classify_many")
    os.remove(big)


if __name__ == "__main__":
    main()
