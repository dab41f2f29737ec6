#!/usr/bin/env bash
# Checks that the PySpark example (examples/spark/classify_corpus.py), which
# pipes each partition through `rolecall jsonl`, gives the same records as one
# `rolecall jsonl` run over the whole input; then measures throughput with 1
# and 2 local executors.
#
# Usage: scripts/spark-check.sh [--quick]
#   --quick (or SPARK_CHECK_QUICK=1): the equivalence checks only, no throughput.
# Environment:
#   SPARK_CHECK_POSTINGS  postings in the equivalence corpus (default 4000)
#   SPARK_BENCH_POSTINGS  postings in the throughput corpus (default 60000, ~46 MB)
#   SPARK_VENV            virtualenv for pyspark (default target/spark-venv)
#   PYSPARK_SPEC          what to pip-install (default: pyspark; pyspark<4 for Java < 17)
#
# Needs: the Rust toolchain, python3 (with venv) and Java (17+ for pyspark 4).
# Without `java` on PATH it prints "SKIP: java not found" and exits 0.
# Everything it makes goes to target/spark-check/; Spark's logs are kept there
# (and shown when a run fails): NAME.log is the job's stderr, NAME.out its stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

quick=${SPARK_CHECK_QUICK:-0}
for arg in "$@"; do
    case $arg in
        --quick) quick=1 ;;
        -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "spark-check: unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

started=$(date +%s)
say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

if ! command -v java >/dev/null 2>&1; then
    echo "SKIP: java not found (install a JDK, 17 or later, to run the Spark check)"
    exit 0
fi
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1)
java_major=${java_major:-0}
[ "$java_major" = 1 ] && java_major=8 # "1.8.0_x"
say "java $java_major ($(command -v java))"

say "cargo build --release"
cargo build --release --quiet
ROLECALL=${CARGO_TARGET_DIR:-$ROOT/target}/release/rolecall
[ -x "$ROLECALL" ] || fail "no binary at $ROLECALL after cargo build"

VENV=${SPARK_VENV:-$ROOT/target/spark-venv}
PY=$VENV/bin/python
if [ -z "${PYSPARK_SPEC:-}" ]; then
    if [ "$java_major" -ge 17 ]; then PYSPARK_SPEC=pyspark; else PYSPARK_SPEC='pyspark>=3.5,<4'; fi
fi
if ! { [ -x "$PY" ] && "$PY" -c 'import pyspark' >/dev/null 2>&1; }; then
    say "creating $VENV and installing $PYSPARK_SPEC (a ~300 MB download the first time)"
    python3 -m venv "$VENV" || fail "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
    "$PY" -m pip install --quiet --disable-pip-version-check "$PYSPARK_SPEC"
fi
say "pyspark $("$PY" -c 'import pyspark; print(pyspark.__version__)') in $VENV"

# Spark in local mode, on loopback only, with the venv's python everywhere.
export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON=$PY PYSPARK_DRIVER_PYTHON=$PY
unset SPARK_HOME PYSPARK_SUBMIT_ARGS # use the pip-installed Spark as it is

WORK=$ROOT/target/spark-check
rm -rf "$WORK"
mkdir -p "$WORK"
JOB=$ROOT/examples/spark/classify_corpus.py
COMPARE=$ROOT/examples/spark/compare_jsonl.py
FIELDS=(--text-field description --title-field title)

# run_single IN OUT [rolecall options...]: one rolecall over the whole input.
# Exit status 1 only means some records carry rolecall.error; they are still written.
run_single() {
    local in=$1 out=$2 rc=0
    shift 2
    "$ROLECALL" jsonl "$@" "$in" >"$out" 2>"$out.log" || rc=$?
    [ "$rc" -le 1 ] || { cat "$out.log"; fail "rolecall jsonl exited $rc on $in"; }
}

# run_spark NAME INPUT MASTER PARTITIONS [job options...]: runs the job, output
# in $WORK/NAME, log in $WORK/NAME.log, summary line in $WORK/NAME.summary.
run_spark() {
    local name=$1 in=$2 master=$3 parts=$4 t0 t1 rc=0
    shift 4
    t0=$(date +%s%N)
    timeout 900 "$PY" "$JOB" "$in" "$WORK/$name" --rolecall "$ROLECALL" \
        --master "$master" --partitions "$parts" "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$WORK/$name.out" "$WORK/$name.log"
        [ "$rc" -eq 124 ] && fail "Spark job $name did not finish in 900 s (stalled pipe?)"
        fail "Spark job $name exited $rc (log: $WORK/$name.log)"
    fi
    sed -n 's/^classify_corpus: //p' "$WORK/$name.out" >"$WORK/$name.summary"
    [ -s "$WORK/$name.summary" ] || { cat "$WORK/$name.out"; fail "Spark job $name printed no summary line"; }
    echo "$(((t1 - t0) / 1000000))" >"$WORK/$name.wall_ms"
    printf '   %s: %s, %s partitions, %s s wall\n' "$name" "$master" \
        "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["partitions"])' "$WORK/$name.summary")" \
        "$(awk '{printf "%.1f", $1 / 1000}' "$WORK/$name.wall_ms")"
}

# ---------------------------------------------------------------- equivalence
n=${SPARK_CHECK_POSTINGS:-4000}
say "corpus: $n postings from fixtures/postings (JSON Lines and CSV)"
"$PY" "$ROOT/examples/spark/make_corpus.py" --count "$n" --out "$WORK/corpus.jsonl"
"$PY" "$ROOT/examples/spark/make_corpus.py" --count "$n" --format csv --out "$WORK/corpus.csv"

say "single run: rolecall jsonl ${FIELDS[*]}"
run_single "$WORK/corpus.jsonl" "$WORK/single.jsonl" "${FIELDS[@]}"

say "Spark runs (RDD.pipe through rolecall jsonl)"
run_spark jsonl-6 "$WORK/corpus.jsonl" 'local[2]' 6 "${FIELDS[@]}"
run_spark csv-6 "$WORK/corpus.csv" 'local[2]' 6 "${FIELDS[@]}"
run_spark ship-3 "$WORK/corpus.jsonl" 'local[2]' 3 --ship "${FIELDS[@]}"

say "comparing with the single run"
status=0
"$PY" "$COMPARE" "$WORK/single.jsonl" "$WORK/jsonl-6" --sort-by id \
    --label "Spark local[2], 6 partitions vs single run" || status=1
"$PY" "$COMPARE" "$WORK/single.jsonl" "$WORK/jsonl-6" \
    --label "Spark part files in order vs single run" || status=1
"$PY" "$COMPARE" "$WORK/single.jsonl" "$WORK/csv-6" --sort-by id --fields id,rolecall \
    --label "Spark on CSV input (id, rolecall) vs single run" || status=1
"$PY" "$COMPARE" "$WORK/single.jsonl" "$WORK/ship-3" --sort-by id \
    --label "Spark --ship (SparkContext.addFile), 3 partitions vs single run" || status=1
[ "$status" -eq 0 ] || fail "Spark output differs from a single rolecall run (files in $WORK)"

# ----------------------------------------------------------------- throughput
if [ "$quick" = 1 ]; then
    echo "PASS: Spark pipe output equals a single rolecall run ($n postings; throughput skipped: --quick; $(($(date +%s) - started)) s)"
    exit 0
fi

big=${SPARK_BENCH_POSTINGS:-60000}
parts=8
say "throughput corpus: $big postings"
"$PY" "$ROOT/examples/spark/make_corpus.py" --count "$big" --seed 7 --out "$WORK/bench.jsonl"
bytes=$(wc -c <"$WORK/bench.jsonl")

say "reference: rolecall jsonl alone, --threads 1 and 2"
for t in 1 2; do
    t0=$(date +%s%N)
    run_single "$WORK/bench.jsonl" "$WORK/bench-single-t$t.jsonl" "${FIELDS[@]}" --threads "$t"
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000000))" >"$WORK/bench-single-t$t.wall_ms"
done

say "Spark: local[1] and local[2], $parts partitions, rolecall --threads 1 per partition"
run_spark bench-local1 "$WORK/bench.jsonl" 'local[1]' "$parts" "${FIELDS[@]}"
run_spark bench-local2 "$WORK/bench.jsonl" 'local[2]' "$parts" "${FIELDS[@]}"
"$PY" "$COMPARE" "$WORK/bench-single-t1.jsonl" "$WORK/bench-local1" \
    --label "throughput run local[1] vs single run" || status=1
"$PY" "$COMPARE" "$WORK/bench-single-t1.jsonl" "$WORK/bench-local2" \
    --label "throughput run local[2] vs single run" || status=1
[ "$status" -eq 0 ] || fail "Spark output differs from a single rolecall run (files in $WORK)"

"$PY" - "$WORK" "$big" "$bytes" <<'EOF'
import json, sys
from pathlib import Path
work, n, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rows = []
for t in (1, 2):
    s = int((work / f"bench-single-t{t}.wall_ms").read_text()) / 1000
    rows.append((f"rolecall jsonl --threads {t} (no Spark)", "-", s, s))
for e in (1, 2):
    name = f"bench-local{e}"
    summary = json.loads((work / f"{name}.summary").read_text())
    assert summary["records"] == n, summary
    wall = int((work / f"{name}.wall_ms").read_text()) / 1000
    rows.append((f"Spark local[{e}] ({e} executor{'s' if e > 1 else ''})", summary["partitions"],
                 summary["seconds"], wall))
print(f"\nThroughput: {n} postings, {size / 1e6:.1f} MB of JSON Lines")
print("| run | partitions | postings | seconds | postings/s | MB/s | wall s incl. JVM start |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, p, secs, wall in rows:
    print(f"| {label} | {p} | {n} | {secs:.2f} | {n / secs:,.0f} | {size / 1e6 / secs:.1f} | {wall:.1f} |")
print("(Spark seconds: the job itself, from the action to the last part file, after the"
      " SparkContext is up; wall: the whole python process.)")
EOF
echo "PASS: Spark pipe output equals a single rolecall run ($n and $big postings; $(($(date +%s) - started)) s)"
