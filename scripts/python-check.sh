#!/usr/bin/env bash
# Builds and tests the Python binding (python/) in a fresh virtual environment:
#   * creates a venv under target/python-check/ (removed and made anew each run),
#   * installs maturin, pytest, pandas, polars, pyarrow, mypy (with the
#     pandas, pyarrow and tqdm stubs), tqdm, Dask and PySpark from the package
#     registry (the PySpark test skips without Java),
#   * builds the CLI (the tests compare against `rolecall jsonl`, `explain`
#     and `lexicons check`) and `pip install ./python` (maturin, release),
#   * runs the pytest suite in python/tests/ against the installed package,
#     as `cd python && python -m pytest` (the source folder must not shadow it),
#   * checks the type stubs against the module (mypy stubtest) and the
#     precise frame types of classify_frame (mypy on tests/typecheck/),
#   * lints the binding crate (cargo clippy -p rolecall-python -D warnings).
# pytest finding no tests (exit 5) fails, like any other non-zero exit.
#
# Usage: scripts/python-check.sh
# Environment: PYTHON (default python3), PYTEST_ARGS (extra pytest arguments),
# PYTHON_CHECK_INSTALL_ONLY=1 (stop after installing: for scripts/python-bench.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$TARGET/python-check
VENV=$WORK/venv
mkdir -p "$WORK"
rm -rf "$VENV"
say "venv at $VENV ($("$PYTHON" --version 2>&1))"
"$PYTHON" -m venv "$VENV" || fail "cannot create a venv (Debian: apt-get install python3-venv)"
PY=$VENV/bin/python
# As `activate` does: maturin's build hook runs the `maturin` of the venv.
export PATH=$VENV/bin:$PATH VIRTUAL_ENV=$VENV

TOOLS=(maturin pytest pandas polars pyarrow mypy pandas-stubs pyarrow-stubs types-tqdm typing_extensions tqdm "dask[dataframe,distributed]" pyspark)
say "pip install ${TOOLS[*]}"
"$PY" -m pip install --quiet --upgrade pip >"$WORK/pip.log" 2>&1 || true
"$PY" -m pip install --quiet "${TOOLS[@]}" >>"$WORK/pip.log" 2>&1 \
    || { tail -n 30 "$WORK/pip.log"; fail "pip install of the test tools failed"; }

say "cargo build --release (the CLI the tests compare with)"
cargo build --release --quiet
ROLECALL_BIN=$TARGET/release/rolecall
[ -x "$ROLECALL_BIN" ] || fail "no binary at $ROLECALL_BIN"
export ROLECALL_BIN

say "pip install ./python (maturin build, release)"
"$PY" -m pip install --no-build-isolation --force-reinstall --no-deps ./python >"$WORK/build.log" 2>&1 \
    || { tail -n 40 "$WORK/build.log"; fail "pip install ./python failed"; }
# Import from outside the source tree, so the installed package is what is tested.
(cd "$WORK" && "$PY" -c 'import rolecall, sys; print("rolecall", rolecall.__file__); assert "site-packages" in rolecall.__file__') \
    || fail "the installed package does not import"
(cd "$WORK" && "$PY" -c "import rolecall; print(rolecall.Classifier().classify('We are hiring a Technical Program Manager to drive milestones across engineering teams.').role)") \
    | tee "$WORK/example.txt"
grep -qx technical_program_manager "$WORK/example.txt" || fail "the README example did not print technical_program_manager"

if [ -n "${PYTHON_CHECK_INSTALL_ONLY:-}" ]; then
    say "installed (PYTHON_CHECK_INSTALL_ONLY set: no tests)"
    exit 0
fi

say "cd python && python -m pytest (the installed package, not the source folder)"
set +e
# shellcheck disable=SC2086
(cd "$ROOT/python" && "$VENV/bin/python" -m pytest -p no:cacheprovider -q ${PYTEST_ARGS:-})
status=$?
set -e
case $status in
    0) ;;
    5) fail "pytest collected no tests" ;;
    *) fail "pytest exited with $status" ;;
esac

say "mypy stubtest rolecall (the .pyi stubs agree with the module)"
(cd "$WORK" && "$PY" -m mypy.stubtest rolecall)

say "mypy python/tests/typecheck (classify_frame gives back the kind of frame it is given)"
(cd "$WORK" && "$PY" -m mypy --no-incremental "$ROOT/python/tests/typecheck")

say "cargo clippy -p rolecall-python -- -D warnings"
PYO3_PYTHON=$PY cargo clippy --quiet -p rolecall-python --release -- -D warnings

say "python-check: ok"
