#!/usr/bin/env bash
# Checks that splitting JSON Lines with GNU parallel and running `rolecall jsonl`
# on each block gives the same records as one `rolecall jsonl` run:
#   * parallel --pipe --block 200k -k   (order kept: equal line for line)
#   * parallel --pipe --block 200k      (no -k: equal after sorting by id)
#   * parallel --pipe-part --block 200k -k -a FILE   (blocks read straight from the file)
#
# Usage: scripts/parallel-check.sh
# Environment: PARALLEL_CHECK_POSTINGS (default 20000, ~15 MB).
# Installs GNU parallel with apt-get when it is missing (needs root).
# Everything it makes goes to target/parallel-check/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
started=$(date +%s)
say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

is_gnu_parallel() { command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q 'GNU parallel'; }
if ! is_gnu_parallel; then
    command -v apt-get >/dev/null 2>&1 || {
        echo "SKIP: GNU parallel not found and apt-get is not available to install it"
        exit 0
    }
    say "installing GNU parallel (apt-get install -y parallel)"
    export DEBIAN_FRONTEND=noninteractive
    mkdir -p "$ROOT/target"
    apt_log=$ROOT/target/parallel-check-apt.log
    if ! apt-get install -y -q parallel >"$apt_log" 2>&1; then
        apt-get update -q >>"$apt_log" 2>&1 || true
        apt-get install -y -q parallel >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log"; fail "apt-get install parallel failed"; }
    fi
    is_gnu_parallel || fail "'parallel' is not GNU parallel (moreutils' parallel shadows it?)"
fi
say "$(parallel --will-cite --version | head -n 1)"

say "cargo build --release"
cargo build --release --quiet
ROLECALL=${CARGO_TARGET_DIR:-$ROOT/target}/release/rolecall
[ -x "$ROLECALL" ] || fail "no binary at $ROLECALL after cargo build"

WORK=$ROOT/target/parallel-check
rm -rf "$WORK"
mkdir -p "$WORK"
COMPARE=$ROOT/examples/spark/compare_jsonl.py
n=${PARALLEL_CHECK_POSTINGS:-20000}
say "corpus: $n postings from fixtures/postings"
python3 "$ROOT/examples/spark/make_corpus.py" --count "$n" --out "$WORK/corpus.jsonl"
echo "   $(wc -c <"$WORK/corpus.jsonl") bytes"

# One rolecall per block, one thread each (parallel runs one job per core).
# rolecall exits 1 when some records carry rolecall.error (they are still
# written), so parallel's own exit status (the number of failed jobs) is not a
# verdict; the job log is checked instead: every job must exit 0 or 1.
CMD=("$ROLECALL" jsonl --threads 1 --text-field description --title-field title)

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

t0=$(date +%s%N)
rc=0
"${CMD[@]}" "$WORK/corpus.jsonl" >"$WORK/single.jsonl" 2>"$WORK/single.log" || rc=$?
[ "$rc" -le 1 ] || { cat "$WORK/single.log"; fail "single rolecall run exited $rc"; }
say "single run: $(ms_since "$t0") ms"

# run_parallel NAME [parallel options...] (stdin: the corpus unless --pipe-part)
run_parallel() {
    local name=$1 t0 jobs bad
    shift
    t0=$(date +%s%N)
    parallel --will-cite --joblog "$WORK/$name.joblog" "$@" "${CMD[@]}" \
        >"$WORK/$name.jsonl" 2>"$WORK/$name.log" || true
    # Joblog columns: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
    jobs=$(awk 'NR > 1' "$WORK/$name.joblog" | wc -l)
    bad=$(awk 'NR > 1 && ($7 > 1 || $8 != 0)' "$WORK/$name.joblog" | wc -l)
    [ "$jobs" -gt 1 ] || fail "$name: parallel ran $jobs job(s); expected the input split into blocks"
    [ "$bad" -eq 0 ] || { cat "$WORK/$name.log"; fail "$name: $bad of $jobs rolecall jobs failed (exit > 1 or signal)"; }
    say "$name: parallel $*: $jobs jobs, $(ms_since "$t0") ms"
}

run_parallel keep-order --pipe --block 200k -k <"$WORK/corpus.jsonl"
run_parallel any-order --pipe --block 200k <"$WORK/corpus.jsonl"
run_parallel pipe-part --pipe-part --block 200k -k -a "$WORK/corpus.jsonl"

status=0
python3 "$COMPARE" "$WORK/single.jsonl" "$WORK/keep-order.jsonl" \
    --label "parallel --pipe -k vs single run" || status=1
python3 "$COMPARE" "$WORK/single.jsonl" "$WORK/any-order.jsonl" --sort-by id \
    --label "parallel --pipe (no -k) vs single run" || status=1
python3 "$COMPARE" "$WORK/single.jsonl" "$WORK/pipe-part.jsonl" \
    --label "parallel --pipe-part -k vs single run" || status=1
[ "$status" -eq 0 ] || fail "GNU parallel output differs from a single rolecall run (files in $WORK)"
echo "PASS: GNU parallel output equals a single rolecall run ($n postings; $(($(date +%s) - started)) s)"
