#!/usr/bin/env bash
# Builds the Python package for release on this machine, without Docker:
#   - a stripped abi3 wheel (CPython >= 3.9) for x86_64 Linux tagged
#     manylinux2014 (glibc 2.17), linked with zig (the `ziglang` package) so that
#     it runs on old clusters, and an sdist, both into target/wheels/;
#   - checks the wheel's platform tag with `auditwheel show` and its size
#     (at most 6 MB: the wheel and the extension module inside it);
#   - installs the wheel into a fresh venv with no Rust on PATH and runs the
#     README example.
# maturin, ziglang and auditwheel go into a venv under target/ (needs the
# package registry the first time). Other platforms (aarch64, macOS, Windows)
# are built by .github/workflows/release.yml.
#
# Usage: scripts/build-wheels.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/wheels-venv
out=$target/wheels
max_bytes=$((6 * 1000 * 1000))

echo "== tools: maturin, ziglang, auditwheel (venv $venv)"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import ziglang, auditwheel" 2>/dev/null \
    && [ -x "$venv/bin/maturin" ] \
    || "$venv/bin/pip" install -q "maturin>=1.5,<2" ziglang auditwheel

rm -rf "$out"
mkdir -p "$out"
echo "== maturin build --zig --compatibility manylinux2014 --strip"
PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --release --strip --zig \
    --compatibility manylinux2014 --target x86_64-unknown-linux-gnu \
    -m python/Cargo.toml -o "$out" 2>&1 | grep -E '^(📦|⚠|warning|error)' || true
echo "== maturin sdist"
"$venv/bin/maturin" sdist -m python/Cargo.toml -o "$out" 2>&1 | grep -E '^(📦|error)' || true

wheel=$(ls "$out"/rolecall-*-cp39-abi3-*manylinux_2_17_x86_64*.whl 2>/dev/null | head -1)
[ -n "$wheel" ] || { echo "FAIL: no manylinux_2_17 abi3 wheel in $out"; ls -l "$out"; exit 1; }
sdist=$(ls "$out"/rolecall-*.tar.gz 2>/dev/null | head -1)
[ -n "$sdist" ] || { echo "FAIL: no sdist in $out"; exit 1; }

echo "== auditwheel show"
"$venv/bin/auditwheel" show "$wheel" | tee "$out/auditwheel.txt" | sed -n '1,4p'
grep -q 'manylinux_2_17_x86_64' "$out/auditwheel.txt" \
    || { echo "FAIL: auditwheel does not find the wheel consistent with manylinux_2_17"; exit 1; }

wheel_bytes=$(stat -c %s "$wheel")
so_bytes=$("$venv/bin/python" - "$wheel" <<'EOF'
import sys, zipfile
print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.endswith(".so")))
EOF
)
echo "wheel:  $(basename "$wheel")"
echo "size:   $wheel_bytes bytes ($(awk "BEGIN {printf \"%.2f\", $wheel_bytes / 1e6}") MB); extension module $so_bytes bytes ($(awk "BEGIN {printf \"%.2f\", $so_bytes / 1e6}") MB) unpacked, stripped"
echo "sdist:  $(basename "$sdist") ($(stat -c %s "$sdist") bytes)"
[ "$wheel_bytes" -le "$max_bytes" ] && [ "$so_bytes" -le "$max_bytes" ] \
    || { echo "FAIL: larger than 6 MB"; exit 1; }

echo "== fresh venv, no Rust on PATH: pip install the wheel, run the README example"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
env -i HOME="$fresh" PATH=/usr/bin:/bin python3 -m venv "$fresh/venv"
env -i HOME="$fresh" PATH="$fresh/venv/bin:/usr/bin:/bin" sh -c '
    if command -v cargo >/dev/null 2>&1 || command -v rustc >/dev/null 2>&1; then
        echo "FAIL: Rust is on PATH"; exit 1
    fi
    pip install -q --no-index "$1"
    python -c "import rolecall; print(rolecall.Classifier().classify(\"We are hiring a Technical Program Manager to drive milestones across engineering teams.\").role)"
' sh "$wheel" | tee "$fresh/out.txt"
grep -qx technical_program_manager "$fresh/out.txt" || { echo "FAIL: unexpected README example output"; exit 1; }
echo "build-wheels: ok"
