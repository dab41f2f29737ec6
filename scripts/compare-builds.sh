#!/usr/bin/env bash
# Compare the output of two builds of rolecall, byte for byte.
#
#   scripts/compare-builds.sh [REV_A [REV_B]]
#
# REV_A defaults to HEAD~1, REV_B to the working tree (`.` also means the
# working tree). A revision is exported with `git archive` into
# target/compare/REV_HASH/src and built there into its own target folder
# (kept, so a second comparison against the same commit does not rebuild);
# the working tree is built into target/compare/worktree-target.
#
# Both builds read the same inputs (this tree's files):
#   - `rolecall classify --format jsonl fixtures/postings`;
#   - `rolecall csv` / `rolecall jsonl` over each file of the bad-input corpus
#     (fixtures/bad/csv, fixtures/bad/jsonl, the csv_stream fuzz regressions);
#   - `rolecall csv` and `rolecall jsonl` over a 10,000-row sample of
#     ../shared/data/corpus.csv (its 2,287 rows repeated, columns
#     id,title,text), and `rolecall csv` over ../shared/data/dev.csv and
#     content-dev.csv — skipped with a message when ../shared/data is absent;
#   - each at --threads 1 and at all cores (every output must also be the
#     same at any thread count).
# Standard output, standard error and exit status are compared.
# Prints, per input, `identical` or the first differing lines; exits 1 when
# anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REV_A=${1:-HEAD~1}
REV_B=${2:-.}
WORK=$ROOT/target/compare
mkdir -p "$WORK"
CORES=$(nproc)

# build REV: prints the path of the rolecall binary built from REV.
build() {
    local rev=$1
    if [ "$rev" = . ]; then
        echo "== building the working tree" >&2
        CARGO_TARGET_DIR=$WORK/worktree-target cargo build --release --quiet --bin rolecall >&2
        echo "$WORK/worktree-target/release/rolecall"
        return
    fi
    local hash
    hash=$(git rev-parse --verify "$rev^{commit}")
    local dir=$WORK/$hash
    if [ ! -x "$dir/target/release/rolecall" ]; then
        echo "== building $rev ($hash) in $dir" >&2
        rm -rf "$dir/src"
        mkdir -p "$dir/src"
        git archive "$hash" | tar -x -C "$dir/src"
        (cd "$dir/src" && CARGO_TARGET_DIR=$dir/target cargo build --release --quiet --bin rolecall) >&2
    else
        echo "== $rev ($hash): reusing $dir/target/release/rolecall" >&2
    fi
    echo "$dir/target/release/rolecall"
}

A=$(build "$REV_A")
B=$(build "$REV_B")

INPUTS=$WORK/inputs
mkdir -p "$INPUTS"
SHARED=$ROOT/../shared/data
if [ -s "$SHARED/corpus.csv" ]; then
    python3 - "$SHARED/corpus.csv" "$INPUTS" <<'EOF'
import csv, json, os, sys
source, out = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 30)
with open(source, newline="", encoding="utf-8") as f:
    rows = [(r["id"], r["title"], r["text"]) for r in csv.DictReader(f)]
sample = [(f"{rows[i % len(rows)][0]}-{i // len(rows)}",) + rows[i % len(rows)][1:] for i in range(10000)]
with open(os.path.join(out, "sample.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "title", "text"])
    w.writerows(sample)
with open(os.path.join(out, "sample.jsonl"), "w", encoding="utf-8") as f:
    for id_, title, text in sample:
        f.write(json.dumps({"id": id_, "title": title, "text": text}, ensure_ascii=False) + "\n")
EOF
else
    echo "== $SHARED/corpus.csv absent: comparing the fixtures only" >&2
fi

differ=0
# compare NAME ARGS...: runs both builds (and B at both thread counts) with ARGS.
compare() {
    local name=$1
    shift
    local a=$WORK/out-$name.a b1=$WORK/out-$name.b1 bn=$WORK/out-$name.bn
    local rc
    rc=0; "$A" --threads "$CORES" "$@" >"$a" 2>"$a.err" || rc=$?; echo "$rc" >"$a.rc"
    rc=0; "$B" --threads 1 "$@" >"$b1" 2>"$b1.err" || rc=$?; echo "$rc" >"$b1.rc"
    rc=0; "$B" --threads "$CORES" "$@" >"$bn" 2>"$bn.err" || rc=$?; echo "$rc" >"$bn.rc"
    local ok=1
    for pair in "$a:$b1:threads 1" "$a:$bn:threads $CORES"; do
        IFS=: read -r left right label <<<"$pair"
        for ext in "" .err .rc; do
            if ! cmp -s "$left$ext" "$right$ext"; then
                ok=0
                differ=1
                echo "$name ($label${ext:+, $ext}): DIFFERS; first differing lines:"
                diff <(cat "$left$ext") <(cat "$right$ext") | head -6 | cut -c1-300
            fi
        done
    done
    if [ "$ok" = 1 ]; then
        echo "$name: identical ($(wc -c <"$a") bytes, $(wc -l <"$a") lines; threads 1 and $CORES)"
    fi
}

echo "== A = $REV_A ($A)"
echo "== B = $REV_B ($B)"
compare fixtures classify --format jsonl fixtures/postings
# The bad-input corpus: BOMs, unbalanced quotes, ragged rows, invalid UTF-8, fuzz finds.
for f in fixtures/bad/csv/*.csv fixtures/bad/regressions/fuzz-csv_stream-*; do
    [ -e "$f" ] && compare "bad-$(basename "$f")" csv "$f"
done
for f in fixtures/bad/jsonl/*.jsonl fixtures/bad/regressions/*.jsonl; do
    [ -e "$f" ] && compare "bad-$(basename "$f")" jsonl "$f"
done
if [ -s "$INPUTS/sample.csv" ] && [ -s "$SHARED/corpus.csv" ]; then
    compare sample-csv csv "$INPUTS/sample.csv"
    compare sample-jsonl jsonl "$INPUTS/sample.jsonl"
    for set in dev content-dev; do
        [ -s "$SHARED/$set.csv" ] && compare "$set-csv" csv "$SHARED/$set.csv"
    done
fi
if [ "$differ" = 0 ]; then
    echo "all outputs byte-identical"
else
    echo "outputs differ"
    exit 1
fi
