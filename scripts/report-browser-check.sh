#!/usr/bin/env bash
# Renders the HTML report of `rolecall classify --report` in headless Chromium
# and checks what a person would see:
#   1. a report for fixtures/postings: the screenshot (docs/report.png by default)
#      is not blank, and the DOM after the inline script ran holds fixture paths
#      and role names in the table;
#   2. a report for 10,000 generated postings loads, renders its first page of
#      rows and stays small enough (the page must work for large runs);
#   3. the role map, driven over the DevTools protocol
#      (scripts/report_map_check.py, with websocket-client in a venv under
#      target/): with the 16 fixture postings one mark per placed posting, and
#      with 50,000 generated postings a density of cells; in each, hovering a
#      mark or cell shows its tooltip and clicking it opens the posting with its
#      highlighted evidence.
#
# Installs Debian's chromium when missing (needs root and the package registry).
# Not part of `cargo test`; .ci/run calls it only when chromium is available.
#
# Usage: scripts/report-browser-check.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

shot="${1:-docs/report.png}"
case "$shot" in /*) ;; *) shot="$PWD/$shot" ;; esac

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 || {
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
    }
fi

echo "== building rolecall"
cargo build --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/rolecall"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

chrome() {
    # A fresh profile per run; no network services, no first-run UI.
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --disable-dev-shm-usage --hide-scrollbars \
        --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

echo "== report for fixtures/postings"
"$bin" classify fixtures/postings --report "$work/report.html" >/dev/null
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
# `#open=5` expands the fifth posting, to show its highlighted evidence.
chrome --screenshot="$shot" --window-size=1280,900 "file://$work/report.html#open=5" || true
[ -s "$shot" ] || { echo "FAIL: no screenshot at $shot"; tail -20 "$work/chromium.log"; exit 1; }

python3 - "$shot" <<'EOF'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind = data[pos + 4:pos + 8]
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), f"unexpected PNG format {depth}/{ctype}"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * bpp
colours, prev = set(), bytearray(stride)
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1:
            line[i] = (line[i] + a) & 255
        elif f == 2:
            line[i] = (line[i] + b) & 255
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(line[x:x + 3]))
print(f"screenshot {width}x{height}, {len(colours)} distinct colours (sampled)")
assert width == 1280 and height == 900, "unexpected size"
assert len(colours) >= 20, "the screenshot looks blank"
EOF

chrome --dump-dom "file://$work/report.html" >"$work/dom.html"
for needle in "fixtures/postings/tm-cto.txt" "technology_manager" "technical_program_manager" \
    "product_manager" "technical_product_manager" "unclassified" 'class="row' "of 16"; do
    grep -qF -- "$needle" "$work/dom.html" || {
        echo "FAIL: rendered DOM lacks $needle"
        exit 1
    }
done
chrome --dump-dom "file://$work/report.html#open=5" >"$work/open.html"
grep -qF '<mark class="t0"' "$work/open.html" || {
    echo "FAIL: the expanded posting shows no highlighted evidence"
    exit 1
}
echo "ok: screenshot $shot, rendered table and highlighted evidence"

echo "== report for 10,000 postings"
mkdir -p "$work/many"
python3 - "$work/many" <<'EOF'
import os, sys
base = sys.argv[1]
texts = [
    "We are hiring a Product Manager to own the roadmap and customer discovery.",
    "Technical Product Manager for our public API and SDK platform.",
    "Engineering Manager: one-on-ones, hiring and delivery for two teams.",
    "Technical Program Manager to drive milestones and dependencies across teams.",
    "Line cook wanted for a busy kitchen.",
]
for i in range(10_000):
    folder = os.path.join(base, f"{i // 1000:02d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"posting-{i:05d}.txt"), "w") as f:
        f.write(texts[i % len(texts)] + f" Posting {i}.\n")
EOF
"$bin" classify "$work/many" --report "$work/many.html" >/dev/null
size=$(stat -c %s "$work/many.html")
echo "report size: $size bytes"
[ "$size" -lt 20000000 ] || { echo "FAIL: report too large"; exit 1; }
start=$(date +%s%N)
chrome --dump-dom "file://$work/many.html" >"$work/many-dom.html"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "chromium loaded and rendered it in ${ms} ms"
rows=$(grep -o 'class="row' "$work/many-dom.html" | wc -l)
[ "$rows" -eq 100 ] || { echo "FAIL: expected one page of 100 rows, got $rows"; exit 1; }
grep -qF "of 10000" "$work/many-dom.html" || { echo "FAIL: pager does not count 10000"; exit 1; }
[ "$ms" -lt 30000 ] || { echo "FAIL: too slow"; exit 1; }
echo "ok: 10,000 postings"

echo "== role map: hover and click in Chromium"
venv="${CARGO_TARGET_DIR:-$PWD/target}/report-check-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import websocket" 2>/dev/null || "$venv/bin/pip" install -q websocket-client
"$venv/bin/python" scripts/report_map_check.py "$work/report.html" marks 12
mkdir -p "$work/fifty"
python3 - "$work/fifty" <<'EOF'
import os, random, sys
base = sys.argv[1]
rng = random.Random(7)
duties = [
    "Own the product roadmap and run customer discovery with users.",
    "Define the product vision and prioritise the backlog with design.",
    "Work on API design and system architecture for our platform.",
    "Set technical direction for distributed systems and cloud infrastructure.",
    "Drive milestones, dependencies and launch readiness across teams.",
    "Own the program schedule and report program status to leadership.",
    "Hire, coach and grow engineers through one-on-ones and performance reviews.",
    "Lead a team of software engineers and manage the team's budget.",
    "Cook meals for a busy kitchen.",
]
titles = ["Product Manager", "Technical Product Manager", "Engineering Manager",
          "Technical Program Manager", "Line Cook", "Program Manager"]
for i in range(50_000):
    folder = os.path.join(base, f"{i // 1000:02d}")
    os.makedirs(folder, exist_ok=True)
    text = " ".join(rng.sample(duties, rng.randint(2, 5)))
    with open(os.path.join(folder, f"posting-{i:05d}.txt"), "w") as f:
        f.write(f"{rng.choice(titles)}\n{text} Posting {i}.\n")
EOF
"$bin" classify "$work/fifty" --report "$work/fifty.html" >/dev/null
"$venv/bin/python" scripts/report_map_check.py "$work/fifty.html" cells 20
echo "ok: role map at 16 and 50,000 postings"
echo "report browser check passed"
