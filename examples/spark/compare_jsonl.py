#!/usr/bin/env python3
"""Compare two sets of JSON Lines records, parsed (not as bytes).

    compare_jsonl.py EXPECTED ACTUAL [--sort-by id] [--fields id,rolecall] [--label NAME]

EXPECTED and ACTUAL are each a file or a folder; a folder stands for its
part-* files (Spark / Hadoop output) read in name order, else all its files.
Records are compared in order, or after sorting both sides by --sort-by.
--fields compares only those top-level fields. Prints PASS or FAIL (with the
first differences) and exits 0 or 1.
"""

import argparse
import json
import sys
from pathlib import Path


def files_of(path):
    p = Path(path)
    if p.is_dir():
        parts = sorted(f for f in p.iterdir() if f.name.startswith("part-") and f.is_file())
        if not parts:
            parts = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith((".", "_")))
        return parts
    return [p]


def load(path, fields):
    records = []
    for f in files_of(path):
        with open(f, encoding="utf-8", newline="\n") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"FAIL: {f}:{n}: not JSON: {e}")
                if fields:
                    obj = {k: obj.get(k) for k in fields}
                records.append(obj)
    return records


def show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "..."


def describe(i, how, want, got):
    """What differs between two records: the differing top-level fields."""
    head = f"record {i} ({how}) differs"
    if not (isinstance(want, dict) and isinstance(got, dict)):
        return f"{head}:\n  expected: {show(want)}\n  got:      {show(got)}"
    keys = [k for k in dict.fromkeys([*want, *got]) if want.get(k, ...) != got.get(k, ...)]
    lines = [f"{head} (id {show(want.get('id'))}) in field(s) {', '.join(keys)}:"]
    for k in keys[:3]:
        lines.append(f"  {k} expected: {show(want[k]) if k in want else '(missing)'}")
        lines.append(f"  {k} got:      {show(got[k]) if k in got else '(missing)'}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--sort-by", default=None, help="top-level field to sort both sides by")
    ap.add_argument("--fields", default=None, help="comma-separated top-level fields to compare")
    ap.add_argument("--label", default="outputs", help="name used in the PASS/FAIL line")
    args = ap.parse_args()

    fields = args.fields.split(",") if args.fields else None
    want = load(args.expected, fields)
    got = load(args.actual, fields)
    how = "in order"
    if args.sort_by:
        key = args.sort_by
        for side, recs in (("expected", want), ("actual", got)):
            ids = [r.get(key) for r in recs]
            if len(set(map(json.dumps, ids))) != len(ids):
                print(f"FAIL: {args.label}: {side} has duplicate or missing {key!r} values")
                return 1
        want.sort(key=lambda r: json.dumps(r.get(key)))
        got.sort(key=lambda r: json.dumps(r.get(key)))
        how = f"sorted by {key}"

    problems = []
    if len(want) != len(got):
        problems.append(f"record count differs: expected {len(want)}, got {len(got)}")
    mismatched = 0
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            mismatched += 1
            if mismatched <= 3:
                problems.append(describe(i, how, w, g))
    if mismatched:
        problems.append(f"{mismatched} of {min(len(want), len(got))} records differ")
    if problems:
        print(f"FAIL: {args.label}: " + "\n".join(problems))
        return 1
    print(f"PASS: {args.label}: {len(got)} records equal ({how}, parsed JSON"
          + (f", fields {','.join(fields)}" if fields else "") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
