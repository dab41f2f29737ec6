#!/usr/bin/env bash
# Large-corpus benchmark: builds a CSV corpus of at least BENCH_MB megabytes
# (default 1024) from ../shared/data/corpus.csv when present (real postings),
# else from the bundled fixtures, then times the release binary with
# /usr/bin/time -v — `rolecall csv` at --threads 1 and at all cores — and the
# scan-only anchor on the same bytes: ripgrep counting every whole-word,
# case-insensitive occurrence of the active lexicon's terms
# (`rolecall lexicons terms`). Reports medians of RUNS runs (default 3).
# The scan limit on the same bytes is `examples/scan_limit.rs`: the active
# lexicons' automaton alone over the same normalised view, counting matches
# (one scan after each --threads 1 run, reading not timed; the median of
# RUNS); rolecall's throughput is stated
# against it per thread count.
# Also times folder mode on FILES small files (default 100000).
#
# Usage: scripts/bench-corpus.sh [--corpus FILE]   (env: BENCH_MB, RUNS, FILES)
#   --corpus FILE  a CSV of postings (a `title` and a `text` or `description`
#                  column) to build the corpus from; default
#                  ../shared/data/corpus.csv, else the bundled fixtures (said so).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SOURCE=$ROOT/../shared/data/corpus.csv
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) [ $# -ge 2 ] || { echo "--corpus needs a FILE" >&2; exit 2; }
              [ -s "$2" ] || { echo "--corpus $2: no such file" >&2; exit 2; }
              SOURCE=$(realpath "$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
BENCH_MB=${BENCH_MB:-1024}
RUNS=${RUNS:-3}
FILES=${FILES:-100000}
WORK=$ROOT/target/bench-corpus
mkdir -p "$WORK"

echo "== cargo build --release" >&2
cargo build --release --quiet --bins --examples
ROLECALL=${CARGO_TARGET_DIR:-$ROOT/target}/release/rolecall
SCAN_LIMIT=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/scan_limit

if ! command -v rg >/dev/null 2>&1; then
  echo "== installing ripgrep (Debian package ripgrep)" >&2
  apt-get install -y -q ripgrep >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q ripgrep >/dev/null; }
fi
[ -x /usr/bin/time ] || { apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }; }

if [ -s "$SOURCE" ]; then
  TAG=$(basename "$SOURCE" .csv)
else
  TAG=fixtures
  echo "== NOTE: $SOURCE not found: the corpus is built from the bundled fixtures (16 postings repeated); pass --corpus FILE for real postings" >&2
fi
CORPUS=$WORK/corpus-${BENCH_MB}mb-$TAG.csv
if [ ! -s "$CORPUS" ]; then
  echo "== building $CORPUS" >&2
  python3 - "$SOURCE" "$ROOT/fixtures/postings" "$CORPUS" "$BENCH_MB" <<'EOF'
import csv, json, os, sys
source, fixtures, out, mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
csv.field_size_limit(1 << 30)
rows = []
if os.path.exists(source):
    with open(source, newline="", encoding="utf-8") as f:
        rows = [(r.get("title", ""), r.get("text") or r.get("description") or "")
                for r in csv.DictReader(f)]
    origin = "real postings from " + source
else:
    for name in sorted(os.listdir(fixtures)):
        raw = open(os.path.join(fixtures, name), encoding="utf-8").read()
        if name.endswith(".json"):
            j = json.loads(raw)
            rows.append((j.get("title", ""), j.get("description", "")))
        else:
            rows.append(("", raw))
    origin = "bundled fixtures"
target = mb * 1_000_000
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "title", "description"])
    i = 0
    while f.tell() < target:
        for title, text in rows:
            w.writerow([i, title, text])
            i += 1
print(f"corpus: {i} postings, {os.path.getsize(out) / 1e6:.0f} MB, from {origin}", file=sys.stderr)
with open(out + ".origin", "w") as f:
    print(origin, file=f)
EOF
fi
echo "== corpus built from $(cat "$CORPUS.origin" 2>/dev/null || echo "$TAG")" >&2
BYTES=$(stat -Lc %s "$CORPUS")
POSTINGS=$(( $(python3 -c "import csv,sys; csv.field_size_limit(1<<30); print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=''))))" "$CORPUS") - 1 ))
TERMS=$WORK/terms.txt
"$ROLECALL" lexicons terms >"$TERMS"
CORES=$(nproc)
echo "== corpus $BYTES bytes, $POSTINGS postings; $(wc -l <"$TERMS") terms; $CORES cores; $RUNS runs each" >&2

# run NAME CMD... : prints "NAME wall_s rss_kb" for each run.
run() {
  local name=$1; shift
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || true
    python3 - "$name" "$WORK/time.txt" <<'EOF'
import re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(name, wall, rss)
EOF
  done
}

# The bare scan runs right after each --threads 1 run, so that both see the
# same machine speed (a VM's drifts by several per cent over minutes).
echo "== rolecall --threads 1 and the bare scan (examples/scan_limit.rs), in turn" >&2
: >"$WORK/scan.txt"
{
  for _ in $(seq "$RUNS"); do
    RUNS=1 run "rolecall_csv_threads_1" "$ROLECALL" csv --threads 1 "$CORPUS"
    "$SCAN_LIMIT" "$CORPUS" 1 | tee -a "$WORK/scan.txt" >&2
  done
  run "rolecall_csv_threads_${CORES}" "$ROLECALL" csv --threads "$CORES" "$CORPUS"
  run "ripgrep_anchor" rg --count-matches -i -F -w -f "$TERMS" "$CORPUS"
} >"$WORK/runs.txt"

# Folder mode: many small files.
DIR=$WORK/files-$FILES
if [ ! -d "$DIR" ]; then
  echo "== writing $FILES small posting files" >&2
  python3 - "$ROOT/fixtures/postings" "$DIR" "$FILES" <<'EOF'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [open(os.path.join(src, f), "rb").read() for f in sorted(os.listdir(src)) if not f.endswith(".json")]
for i in range(n):
    d = os.path.join(dst, f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{i:06d}.txt"), "wb") as f:
        f.write(texts[i % len(texts)])
EOF
fi
run "rolecall_classify_${FILES}_files" "$ROLECALL" classify --format jsonl "$DIR" >>"$WORK/runs.txt"

python3 - "$WORK/runs.txt" "$BYTES" "$POSTINGS" "$FILES" "$CORES" "$WORK/scan.txt" <<'EOF'
import re, statistics, sys
path, size, postings, files, cores, scan = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
runs = {}
for line in open(path):
    name, wall, rss = line.split()
    runs.setdefault(name, []).append((float(wall), int(rss)))
med = {k: (statistics.median(w for w, _ in v), max(r for _, r in v)) for k, v in runs.items()}
print(f"| run | median s | MB/s | postings/s | peak RSS MB |")
print(f"|---|---:|---:|---:|---:|")
for name, (wall, rss) in med.items():
    if name.startswith("rolecall_classify"):
        print(f"| {name} | {wall:.2f} | - | {files / wall:,.0f} files/s | {rss / 1024:.0f} |")
    else:
        print(f"| {name} | {wall:.2f} | {size / 1e6 / wall:.0f} | {postings / wall:,.0f} | {rss / 1024:.0f} |")
one = med["rolecall_csv_threads_1"][0]
alln = med[f"rolecall_csv_threads_{cores}"][0]
rg = med["ripgrep_anchor"][0]
print()
print(f"throughput ratio rolecall ({cores} threads) / ripgrep anchor: {rg / alln:.2f}x")
print(f"scaling {cores} threads / 1 thread: {one / alln:.2f}x")
scans = re.findall(r"bare scan: (\d+) bytes, (\d+) matches, median ([\d.]+) s", open(scan).read())
scan_bytes, scan_matches = int(scans[0][0]), scans[0][1]
# The same bytes (lossy decoding may differ in length).
scan_runs = [float(s) * size / scan_bytes for _, _, s in scans]
scan_s = statistics.median(scan_runs)
print(f"bare scan (1 thread, examples/scan_limit.rs): {scan_s:.2f} s, {size / 1e6 / scan_s:.0f} MB/s, {scan_matches} automaton matches")
pairs = [s / w for s, (w, _) in zip(scan_runs, runs["rolecall_csv_threads_1"])]
print(f"rolecall / bare scan, --threads 1: {scan_s / one:.2f}x (run by run: {', '.join(f'{p:.2f}' for p in pairs)})")
print(f"rolecall / bare scan, --threads {cores}: {scan_s / alln:.2f}x ({scan_s / alln / int(cores):.2f}x per core)")
EOF
