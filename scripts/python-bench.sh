#!/usr/bin/env bash
# Speed of the Python binding: Classifier.classify_many over the postings of
# ../shared/data/corpus.csv (id,title,text) repeated to 200,000 rows, against
# `rolecall csv --text-col text --title-col title` on the same rows (both on all
# cores), their ratio (target >= 0.8), and what classify_frame (pandas, Polars)
# adds on top. The CSV written for the CLI goes to target/python-bench/.
#
# Usage: scripts/python-bench.sh [CORPUS.csv] [ROWS]
# Environment: BENCH_RUNS (default 3; the best run counts).
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
if ! { [ -x "$PY" ] && (cd /tmp && "$PY" -c 'import rolecall, pandas, polars') 2>/dev/null; }; then
    PYTHON_CHECK_INSTALL_ONLY=1 scripts/python-check.sh
fi
cargo build --release --quiet
mkdir -p "$TARGET/python-bench"
cd "$TARGET/python-bench"
"$PY" "$ROOT/python/bench/bench.py" "$CORPUS" "$ROWS" "$TARGET/release/rolecall" "$TARGET/python-bench" "${BENCH_RUNS:-3}"
