#!/usr/bin/env bash
# Accuracy on the development sets in ../shared/data (not bundled with the
# project): the content-judged set (title + text; text only on the rows whose
# text alone suffices), the title-derived set (both modes), and the 5-fold
# cross-validation of the two fitted scoring numbers. Prints what docs/accuracy.md
# quotes.
#
# Usage: scripts/accuracy.sh            (env: DATA, default ../shared/data)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=${DATA:-../shared/data}
cargo build --release --quiet
ROLECALL=${CARGO_TARGET_DIR:-target}/release/rolecall
run() {
  echo "\$ rolecall $*"
  "$ROLECALL" "$@"
  echo
}
run eval --data "$DATA/content-dev.csv"
run eval --data "$DATA/content-dev.csv" --no-title --filter text_sufficient=yes
run eval --data "$DATA/dev.csv"
run eval --data "$DATA/dev.csv" --no-title
echo "\$ scripts/cross-validate.py --data $DATA/content-dev.csv"
python3 scripts/cross-validate.py --data "$DATA/content-dev.csv" --binary "$ROLECALL"
