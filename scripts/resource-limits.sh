#!/usr/bin/env bash
# Resource limits: time and peak memory (RSS) of the release binary on
#   1. a lexicon folder of 100,000 terms (load + validate, then compile + classify);
#   2. a 100 MB posting through `rolecall classify`, once mostly noise and once
#      dense with lexicon vocabulary; the dense one also as the text of the one
#      row of a CSV (`rolecall csv`) and of the one line of a JSON Lines file
#      (`rolecall jsonl`). Target: peak RSS at most 2x the posting's size;
#   3. a 100 MB CSV through `rolecall csv` (streamed in bounded batches).
#
#   scripts/resource-limits.sh [TERMS] [POSTING_MB]
#
# Defaults: 100000 terms, 100 MB. Needs GNU time (/usr/bin/time, Debian
# package `time`). Builds target/release/rolecall unless ROLECALL points at a
# binary. Scratch files go to a temporary folder, removed at the end.
set -eu
# (no pipefail: `yes | head` and `rolecall … | head` end on SIGPIPE by design)
cd "$(dirname "$0")/.."

terms=${1:-100000}
mb=${2:-100}
if [ ! -x /usr/bin/time ]; then
    echo "needs GNU time: apt-get install time" >&2
    exit 2
fi
if [ -z "${ROLECALL:-}" ]; then
    cargo build --release --quiet
    ROLECALL=$PWD/target/release/rolecall
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure LABEL CMD...: runs CMD under GNU time, prints wall seconds and peak RSS.
measure() {
    local label=$1
    shift
    local status=0
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt" || status=$?
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    last_rss_kb=$rss
    printf '%-46s exit %-3s wall %-9s peak RSS %8.1f MB\n' "$label" "$status" "$wall" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
    if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
        sed -n 1,5p "$work/stderr.txt"
    fi
}

# ratio LABEL BYTES: peak RSS of the last run against an input size.
ratio() {
    local r
    r=$(awk -v k="$last_rss_kb" -v b="$2" 'BEGIN {print k * 1024 / b}')
    printf '    peak RSS / input size = %.2fx' "$r"
    if awk -v r="$r" 'BEGIN {exit !(r > 2)}'; then
        printf '  ** over the 2x target (%s)' "$1"
    fi
    printf '\n'
}

echo "== rolecall: $ROLECALL"
"$ROLECALL" --version

# --- 1. a lexicon of $terms terms -------------------------------------------
lex=$work/lexicon
mkdir -p "$lex"
roles=(product_manager technical_product_manager technology_manager technical_program_manager other)
per_role=$(((terms + ${#roles[@]} - 1) / ${#roles[@]}))
i=0
for role in "${roles[@]}"; do
    awk -v role="$role" -v n="$per_role" -v seed="$i" 'BEGIN {
        split("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango", w, " ")
        split("title skill kpi responsibility stakeholder deliverable domain", cat, " ")
        printf "{\n  \"role\": \"%s\",\n  \"terms\": [\n", role
        for (k = 0; k < n; k++) {
            # Distinct within the role: the number makes every term unique.
            printf "    {\"term\": \"%s %s %d\", \"variants\": [\"%s-%s-%d\"], \"weight\": %.1f, \"category\": \"%s\"}%s\n",
                w[(k % 20) + 1], w[(int(k / 20) % 20) + 1], k * 5 + seed,
                w[(k % 20) + 1], w[(int(k / 20) % 20) + 1], k * 5 + seed,
                1 + (k % 9) / 2, cat[(k % 7) + 1], (k + 1 < n ? "," : "")
        }
        printf "  ]\n}\n"
    }' >"$lex/$role.json"
    i=$((i + 1))
done
entries=$((per_role * ${#roles[@]}))
lex_bytes=$(cat "$lex"/*.json | wc -c)
echo
echo "== lexicon: $entries entries, $((entries * 2)) spellings, $((lex_bytes / 1024)) KB of JSON"
measure "lexicons check (load + validate)" "$ROLECALL" lexicons check "$lex"
measure "lexicons list (load + validate)" "$ROLECALL" --lexicons "$lex" lexicons list
echo "We need an alpha bravo 1 and a charlie-delta-7 for the kilo lima 42 role." >"$work/small.txt"
measure "classify 1 posting (load + compile automaton)" "$ROLECALL" --lexicons "$lex" classify --format jsonl "$work/small.txt"
measure "classify 1 posting, built-in lexicons" "$ROLECALL" classify --format jsonl "$work/small.txt"

# --- 2. a $mb MB posting -----------------------------------------------------
size=$((mb * 1024 * 1024))
vocab=$("$ROLECALL" lexicons terms | head -40 | tr '\n' ' ')
[ -n "$vocab" ] || vocab="product manager roadmap engineering manager "
echo
echo "== a $mb MB posting ($size bytes)"
# Mostly noise: one line of vocabulary per ~4 KB.
{
    yes "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris." |
        awk -v v="$vocab" 'NR % 20 == 0 {print v} {print}'
} | head -c "$size" >"$work/sparse.txt"
measure "classify ${mb} MB posting, sparse vocabulary" "$ROLECALL" classify --format jsonl "$work/sparse.txt"
ratio "sparse" "$size"
yes "$vocab" | head -c "$size" >"$work/dense.txt"
measure "classify ${mb} MB posting, dense vocabulary" "$ROLECALL" classify --format jsonl "$work/dense.txt"
ratio "dense: every match is held while scoring" "$size"
measure "classify ${mb} MB posting, dense, title = line 1" "$ROLECALL" classify --format jsonl --title-from-first-line "$work/dense.txt"
ratio "dense, --title-from-first-line" "$size"
# The same dense text as one CSV row and one JSON line (its line ends escaped).
python3 - "$work/dense.txt" "$work/dense.csv" "$work/dense.jsonl" <<'EOF'
import csv, json, sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "title", "description"])
    w.writerow(["1", "Engineering Manager", text])
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": 1, "title": "Engineering Manager", "text": text}) + "\n")
EOF
rm -f "$work/sparse.txt" "$work/dense.txt"
for threads in 2 1; do
    measure "csv: one row, ${mb} MB dense text, --threads $threads" "$ROLECALL" csv --threads "$threads" -o "$work/out.csv" "$work/dense.csv"
    ratio "dense posting through csv" "$size"
done
rm -f "$work/dense.csv" "$work/out.csv"
for threads in 2 1; do
    measure "jsonl: one line, ${mb} MB dense text, --threads $threads" "$ROLECALL" jsonl --threads "$threads" -o "$work/out.jsonl" "$work/dense.jsonl"
    ratio "dense posting through jsonl" "$size"
done
rm -f "$work/dense.jsonl" "$work/out.jsonl"

# --- 3. a $mb MB CSV --------------------------------------------------------
row="1,Engineering Manager,\"$vocab Lorem ipsum, dolor sit amet; \"\"quoted\"\" text.\""
{
    echo "id,title,description"
    yes "$row" | head -n $((size / (${#row} + 1)))
} >"$work/big.csv"
csv_size=$(wc -c <"$work/big.csv")
echo
echo "== a $mb MB CSV ($(wc -l <"$work/big.csv") rows)"
measure "csv ${mb} MB, 2 threads" "$ROLECALL" csv --threads 2 -o "$work/out.csv" "$work/big.csv"
ratio "csv" "$csv_size"
