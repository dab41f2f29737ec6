#!/usr/bin/env bash
# Measures rolecall's start-up: the wall time of `rolecall jsonl` classifying a
# single one-line posting (process start, lexicon build, first posting, exit).
# Prints the median (and min / max) over RUNS runs, in ms, next to
# `rolecall --version` (process start alone, no lexicons) for comparison.
# Uses hyperfine too when it is installed.
#
# Usage: scripts/startup-time.sh [RUNS]   (default 31; at least 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
runs=${1:-31}
[ "$runs" -ge 20 ] 2>/dev/null || { echo "startup-time: RUNS must be a number >= 20" >&2; exit 2; }

echo "== cargo build --release"
cargo build --release --quiet
ROLECALL=${CARGO_TARGET_DIR:-$ROOT/target}/release/rolecall
[ -x "$ROLECALL" ] || { echo "FAIL: no binary at $ROLECALL" >&2; exit 1; }

WORK=$ROOT/target/startup-time
mkdir -p "$WORK"
POSTING=$WORK/one.jsonl
printf '%s\n' '{"id":"p1","title":"Senior Product Manager","description":"Own the product roadmap, talk to customers every week, prioritize features and define success metrics with engineering and design."}' >"$POSTING"

# The measured command must work and classify the posting.
"$ROLECALL" jsonl <"$POSTING" | python3 -c '
import json, sys
rec = json.loads(sys.stdin.readline())
assert rec["rolecall"]["role"], rec
print("== one posting ->", rec["rolecall"]["role"], "confidence", rec["rolecall"]["confidence"])'

python3 - "$ROLECALL" "$POSTING" "$runs" <<'EOF'
import statistics, subprocess, sys, time
binary, posting, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [
    ("rolecall --version (process start only)", [binary, "--version"]),
    ("rolecall jsonl, one posting (start-up + lexicon build + classify)", [binary, "jsonl"]),
    ("rolecall jsonl --threads 1, one posting", [binary, "jsonl", "--threads", "1"]),
]
print(f"Start-up time, {runs} runs each (after 3 warm-up runs), wall clock per process:")
print("| command | median ms | min ms | max ms |")
print("|---|---:|---:|---:|")
for label, argv in cases:
    times = []
    for i in range(runs + 3):
        with open(posting, "rb") as stdin:
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
            t1 = time.perf_counter()
        if i >= 3:
            times.append((t1 - t0) * 1000)
    print(f"| {label} | {statistics.median(times):.1f} | {min(times):.1f} | {max(times):.1f} |")
EOF

if command -v hyperfine >/dev/null 2>&1; then
    echo "== hyperfine"
    hyperfine --warmup 3 --runs "$runs" "'$ROLECALL' jsonl < '$POSTING' > /dev/null"
fi
