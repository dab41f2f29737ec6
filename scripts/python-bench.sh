#!/usr/bin/env bash
# Speed and memory of the Python binding against `rolecall csv`, in one run:
# the postings of ../shared/data/corpus.csv (id,title,text) repeated to
# 200,000 rows, classified by the CLI and, each in a fresh process, by
# classify_frame on a pyarrow Table, a Polars and a pandas DataFrame, and by
# classify_many on lists of str (all on every core). Prints rows/s and peak RSS
# of each, and the peak RSS against the frame plus its result columns; exits 1
# when a target is missed: Polars and pyarrow >= 0.9x the CLI's rows/s with
# peak RSS <= 1.5x frame + results, pandas <= 2x. Files go to target/python-bench/.
#
# Usage: scripts/python-bench.sh [CORPUS.csv] [ROWS]
# Environment: BENCH_RUNS (default 3: best time, largest peak).
# Uses the venv of scripts/python-check.sh, making it (without running the
# tests) when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CORPUS=${1:-$ROOT/../shared/data/corpus.csv}
ROWS=${2:-200000}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PY=$TARGET/python-check/venv/bin/python
[ -f "$CORPUS" ] || { echo "FAIL: no corpus at $CORPUS"; exit 1; }
if ! { [ -x "$PY" ] && (cd /tmp && "$PY" -c 'import rolecall, pandas, polars, pyarrow') 2>/dev/null; }; then
    PYTHON_CHECK_INSTALL_ONLY=1 scripts/python-check.sh
fi
cargo build --release --quiet
mkdir -p "$TARGET/python-bench"
cd "$TARGET/python-bench"
"$PY" "$ROOT/python/bench/bench.py" "$CORPUS" "$ROWS" "$TARGET/release/rolecall" "$TARGET/python-bench" "${BENCH_RUNS:-3}"
