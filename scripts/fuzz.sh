#!/usr/bin/env bash
# Run the cargo-fuzz targets in fuzz/ one after another.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 600 per target; TARGETs default to all of them
# (classify, csv_stream, lexicon). Only the stable toolchain is needed:
# cargo-fuzz wants nightly flags (-Zsanitizer=address), which
# RUSTC_BOOTSTRAP=1 enables on stable. cargo-fuzz is installed if missing.
#
# Each target starts from its corpus in fuzz/corpus/TARGET (seeded from the
# fixtures and lexicons on first use). Logs go to fuzz/logs/TARGET.log, crash
# inputs to fuzz/artifacts/TARGET/. At the end a table gives, per target, the
# seconds run, libFuzzer's executions and the crashes found.
#
# Environment: FUZZ_SANITIZER (default address; `none` is about twice as
# fast); ROLECALL_FUZZ_AVOID_KNOWN=1 makes the targets steer around the known,
# not yet fixed bugs listed in docs/reliability.md, so that a run looks for new
# ones. The targets run one at a time, each on one core.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(classify csv_stream lexicon)
fi
sanitizer=${FUZZ_SANITIZER:-address}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

echo "== building fuzz targets (sanitizer: $sanitizer)"
(cd fuzz && cargo fuzz build -s "$sanitizer")

mkdir -p fuzz/logs fuzz/target/dicts

# Seed corpora (only when empty) and the vocabulary dictionary.
seed() {
    local target=$1
    shift
    local dir=fuzz/corpus/$target
    mkdir -p "$dir"
    if [ -z "$(ls -A "$dir")" ]; then
        for f in "$@"; do
            [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
        done
    fi
    return 0
}
seed classify fixtures/postings/* fixtures/bad/postings/*
seed csv_stream fixtures/labelled.csv fixtures/bad/csv/*
seed lexicon lexicons/*.json fixtures/bad/lexicons/*/*.json
# The csv target reads its options from the first byte: prefix seeds with one
# ('L' = 0x4C: comma, header row, text column 1, compact evidence).
for f in fuzz/corpus/csv_stream/seed-*; do
    [ -f "$f" ] || continue
    if [ "$(head -c1 "$f")" != "L" ]; then
        { printf 'L'; cat "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"
    fi
done

dict_for() {
    case $1 in
    classify)
        local d=fuzz/target/dicts/classify.dict
        if command -v jq >/dev/null; then
            # libFuzzer dictionaries are ASCII: escape quotes, backslashes and other bytes.
            jq -r '.terms[] | (.term // empty), (.variants // [])[]' lexicons/*.json 2>/dev/null |
                perl -ne 'chomp; s/([\\"])/\\$1/g; s/([^\x20-\x7e])/sprintf("\\x%02x", ord $1)/ge; print "\"$_\"\n"' >"$d"
            # Regex terms, context cues, and the separators that bound a title's context.
            printf '%s\n' '"TPM"' '"TPMs"' '" we are hiring a "' '" work with "' '" reports to "' \
                '" the role of "' '" role"' '"\xc3\xa9"' '"\xe2\x80\xa2"' '"\xe2\x80\x94"' \
                '"\x0a"' '". "' '"; "' '": "' '"|"' '"("' >>"$d"
            echo "$d"
        fi
        ;;
    csv_stream) echo fuzz/dicts/csv_stream.dict ;;
    lexicon) echo fuzz/dicts/lexicon.dict ;;
    esac
}

max_len_for() {
    case $1 in
    classify) echo 16384 ;;
    lexicon) echo 8192 ;;
    # Every input runs the whole streaming pipeline (threads, 1 MB buffers).
    csv_stream) echo 4096 ;;
    esac
}

summary=()
status=0
for target in "${targets[@]}"; do
    log=fuzz/logs/$target.log
    dict=$(dict_for "$target")
    args=(-max_total_time="$seconds" -print_final_stats=1 -timeout=30
        -max_len="$(max_len_for "$target")" -rss_limit_mb=4096)
    [ -n "$dict" ] && args+=(-dict="$root/$dict")
    echo "== fuzzing $target for ${seconds}s (log: $log)"
    start=$(date +%s)
    stamp=$(mktemp)
    set +e
    (cd fuzz && cargo fuzz run -s "$sanitizer" "$target" -- "${args[@]}") >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$(($(date +%s) - start))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    if [ -z "$execs" ]; then
        execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
    fi
    crashes=$(find "fuzz/artifacts/$target" -type f -newer "$stamp" \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) 2>/dev/null | wc -l)
    rm -f "$stamp"
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "   $target stopped with status $rc; see $log"
        grep -m3 -E 'panicked|ERROR: |SUMMARY' "$log" || true
    fi
    echo "   $target: ${elapsed}s, ${execs:-?} executions, $crashes crash file(s)"
    summary+=("$(printf '%-12s %8s %14s %8s' "$target" "$elapsed" "${execs:-?}" "$crashes")")
done

echo
printf '%-12s %8s %14s %8s\n' target seconds executions crashes
printf '%s\n' "${summary[@]}"
if [ "$status" -ne 0 ]; then
    echo "crash inputs: fuzz/artifacts/<target>/ (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>)"
fi
exit "$status"
