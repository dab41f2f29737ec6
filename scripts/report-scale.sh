#!/usr/bin/env bash
# The HTML report at scale: writes N posting files (default 50,000; the real
# postings of ../shared/data/corpus.csv repeated, or the bundled fixtures when
# that is absent), runs `rolecall classify DIR --report`, and prints the
# report's size and the time taken. When chromium is installed it also opens
# the report headless and checks that it is usable: the first page of rows is
# drawn, the pager counts every posting, and filtering by label and by path
# and turning the page work (timed in the page itself). Not part of
# `cargo test` or .ci/run (it takes minutes); the report figures in docs/commands.md come from it.
#
# Usage: scripts/report-scale.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-50000}"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/rolecall"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work/postings" "$n" <<'EOF'
import csv, os, sys
out, n = sys.argv[1], int(sys.argv[2])
corpus = "../shared/data/corpus.csv"
if os.path.exists(corpus):
    csv.field_size_limit(1 << 30)
    with open(corpus, newline="", encoding="utf-8") as f:
        texts = [r["title"] + "\n" + r["text"] for r in csv.DictReader(f)]
    source = f"{corpus} ({len(texts)} real postings, repeated)"
else:
    base = "fixtures/postings"
    texts = [open(os.path.join(base, p), encoding="utf-8").read()
             for p in sorted(os.listdir(base)) if p.endswith(".txt")]
    source = f"{base} (*.txt, repeated)"
for i in range(n):
    folder = os.path.join(out, f"{i // 1000:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"posting-{i:06d}.txt"), "w", encoding="utf-8") as f:
        f.write(texts[i % len(texts)])
total = sum(len(t.encode()) for t in (texts[i % len(texts)] for i in range(n)))
print(f"{n} files, {total / 1e6:.1f} MB of text, from {source}")
EOF

start=$(date +%s%N)
"$bin" classify "$work/postings" --title-from-first-line --report "$work/report.html" >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
size=$(stat -c %s "$work/report.html")
echo "report: $size bytes ($(( size / 1000000 )) MB), written in ${ms} ms"

if ! command -v chromium >/dev/null 2>&1; then
    echo "SKIP: chromium not installed; the browser part needs it"
    exit 0
fi
# A copy of the report with a probe appended: it drives the controls the way
# a person would and writes what it saw into the page, which --dump-dom prints.
cp "$work/report.html" "$work/probe.html"
cat >>"$work/probe.html" <<'EOF'
<script>
(function () {
  var t0 = performance.now();
  function rows() { return document.querySelectorAll('#postings tr.row').length; }
  function pager() { return document.getElementById('page').textContent; }
  var capped = document.getElementById('capped');
  var out = ['load ' + Math.round(t0) + ' ms', 'first page ' + rows() + ' rows, ' + pager(),
    capped ? 'note: ' + capped.textContent : 'every text stored'];
  var select = document.getElementById('label');
  var t = performance.now();
  select.value = '2';
  select.dispatchEvent(new Event('change'));
  out.push('filter label technology_manager: ' + pager() + ' in ' + Math.round(performance.now() - t) + ' ms');
  t = performance.now();
  document.getElementById('next').click();
  out.push('next page: ' + pager() + ' in ' + Math.round(performance.now() - t) + ' ms');
  select.value = 'all';
  select.dispatchEvent(new Event('change'));
  var q = document.getElementById('q');
  q.value = 'posting-0123';
  q.dispatchEvent(new Event('input'));
  setTimeout(function () {
    out.push('filter path posting-0123: ' + pager());
    var p = document.createElement('pre');
    p.id = 'probe';
    p.textContent = out.join('\n');
    document.body.appendChild(p);
  }, 400);
})();
</script>
EOF
start=$(date +%s%N)
timeout 300 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$work/profile" --virtual-time-budget=5000 \
    --dump-dom "file://$work/probe.html" 2>"$work/chromium.log" >"$work/dom.html" || true
ms=$(( ($(date +%s%N) - start) / 1000000 ))
probe=$(python3 -c 'import re,sys,html; m=re.search(r"<pre id=\"probe\">(.*?)</pre>", open(sys.argv[1]).read(), re.S); print(html.unescape(m.group(1)) if m else "")' "$work/dom.html")
if [ -z "$probe" ]; then
    echo "FAIL: the page did not finish its script (chromium took ${ms} ms)"
    tail -5 "$work/chromium.log"
    exit 1
fi
echo "chromium: opened, ran and dumped the page in ${ms} ms"
echo "$probe" | sed 's/^/  /'
echo "$probe" | grep -q "first page 100 rows, 1–100 of $n " || { echo "FAIL: first page"; exit 1; }
