#!/usr/bin/env bash
# Streams a ~1 GB CSV, and the same postings as JSON Lines, built by repeating
# the bundled fixtures, through the release binary; checks that every record
# comes out and prints throughput and peak RSS (from /usr/bin/time -v).
#
# Usage: scripts/stream-check.sh   (env: STREAM_MB, default 1024)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STREAM_MB=${STREAM_MB:-1024}
WORK=$ROOT/target/stream-check
mkdir -p "$WORK"
cargo build --release --quiet
ROLECALL=${CARGO_TARGET_DIR:-$ROOT/target}/release/rolecall
[ -x /usr/bin/time ] || { apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }; }

CSV=$WORK/fixtures-${STREAM_MB}mb.csv
JSONL=$WORK/fixtures-${STREAM_MB}mb.jsonl
if [ ! -s "$CSV" ] || [ ! -s "$JSONL" ]; then
  python3 - "$ROOT/fixtures/postings" "$CSV" "$JSONL" "$STREAM_MB" <<'PY'
import csv, json, os, sys
src, out_csv, out_jsonl, mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = []
for name in sorted(os.listdir(src)):
    raw = open(os.path.join(src, name), encoding="utf-8").read()
    if name.endswith(".json"):
        j = json.loads(raw)
        rows.append((j.get("title", ""), j["description"]))
    else:
        rows.append(("", raw))
target = mb * 1_000_000
with open(out_csv, "w", newline="", encoding="utf-8") as c, open(out_jsonl, "w", encoding="utf-8") as j:
    w = csv.writer(c)
    w.writerow(["id", "title", "description"])
    i = 0
    while c.tell() < target:
        for title, text in rows:
            w.writerow([i, title, text])
            j.write(json.dumps({"id": i, "title": title, "description": text}) + "\n")
            i += 1
PY
fi
RECORDS=$(wc -l <"$JSONL")

# report NAME INPUT TIMEFILE RECORDS_OUT
report() {
  python3 - "$@" "$RECORDS" <<'PY'
import os, re, sys
name, path, timing, out, expected = sys.argv[1:6]
t = open(timing).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
size = os.path.getsize(path) / 1e6
status = "all records out" if int(out) == int(expected) else f"MISMATCH: {out} of {expected} records out"
print(f"{name}: {size:.0f} MB, {expected} postings in {wall:.2f} s = {size / wall:.0f} MB/s, "
      f"{int(expected) / wall:,.0f} postings/s, peak RSS {rss:.0f} MB, {status}")
sys.exit(0 if int(out) == int(expected) else 1)
PY
}

/usr/bin/time -v "$ROLECALL" jsonl <"$JSONL" 2>"$WORK/jsonl.time" | wc -l >"$WORK/jsonl.count"
report "rolecall jsonl" "$JSONL" "$WORK/jsonl.time" "$(cat "$WORK/jsonl.count")"

/usr/bin/time -v "$ROLECALL" csv --stats <"$CSV" 2>"$WORK/csv.time" >/dev/null
CSV_ROWS=$(sed -n 's/^rows \([0-9]*\) .*/\1/p' "$WORK/csv.time")
report "rolecall csv" "$CSV" "$WORK/csv.time" "$CSV_ROWS"
