#!/usr/bin/env python3
"""Synthesise a test corpus of job postings from fixtures/postings/.

Each record is one JSON object with a unique `id`, built from one of the
fixture postings with small, deterministic variations (company, location,
extra sentences, bullet order, title casing, non-ASCII text, extra fields of
other JSON types). A small share of records has no `description` at all, so
the corpus also exercises rolecall's per-record error output.

    make_corpus.py --count 5000 --out corpus.jsonl
    make_corpus.py --count 5000 --format csv --out corpus.csv

The same --seed and --count always give the same bytes. Only the standard
library is used; the fixtures are read from this repository, nothing else.
"""

import argparse
import csv
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "postings"

COMPANIES = [
    "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Vandelay Industries",
    "Stark Logistics", "Wayne Fintech", "Nordlicht GmbH", "Café Société", "Kōgyō Labs",
    "Pied Piper", "Soylent Foods", "Tyrell Systems", "Massive Dynamic", "Oscorp Retail",
]
LOCATIONS = [
    "Berlin", "Zürich", "São Paulo", "London", "New York, NY", "Remote (EU)", "Austin, TX",
    "Bengaluru", "東京", "Kraków", "Montréal", "Lagos", "Sydney", "Remote", "Tel Aviv",
]
OPENERS = [
    "Join {company} in {location}.",
    "{company} is growing fast and we are hiring in {location}.",
    "About us: {company} builds software that people love.",
    "Location: {location}. Hybrid, two days a week in the office.",
    "",
    "",
]
CLOSERS = [
    "We are an equal opportunity employer.",
    "Salary range: ${lo}k–${hi}k plus equity.",
    "Benefits include health insurance, 30 days of vacation and a learning budget.",
    "Apply with your CV — we answer every application within two weeks.",
    "Visa sponsorship available. 🚀",
    "Please note:\u2028this role is\u00a0full time.",  # raw LINE SEPARATOR and NBSP inside a string
    "",
    "",
]
TAGS = ["remote", "hybrid", "senior", "b2b", "saas", "startup", "enterprise", "fintech", "health"]


def load_fixtures():
    """(name, title or None, description) for each fixture posting, sorted by name."""
    out = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            out.append((path.stem, doc.get("title"), doc.get("description") or doc.get("text")))
        elif path.suffix in (".txt", ".md"):
            lines = path.read_text(encoding="utf-8").strip().splitlines()
            title = lines[0].lstrip("#").strip()
            body = "\n".join(lines[1:]).strip()
            out.append((path.stem, title, body))
    if not out:
        sys.exit(f"make_corpus.py: no postings found in {FIXTURES}")
    return out


def vary_body(rng, body):
    lines = body.split("\n")
    bullets = [i for i, line in enumerate(lines) if line.lstrip().startswith(("*", "-"))]
    if len(bullets) > 1 and rng.random() < 0.5:
        # Shuffle the bullet lines among themselves (the rest stays in place).
        picked = [lines[i] for i in bullets]
        rng.shuffle(picked)
        for i, line in zip(bullets, picked):
            lines[i] = line
    if rng.random() < 0.2:
        lines = [line for line in lines if line.strip()]  # drop blank lines
    return "\n".join(lines)


def vary_title(rng, title):
    r = rng.random()
    if r < 0.05:
        return title.upper()
    if r < 0.10:
        return title.lower()
    if r < 0.20:
        return "Senior " + title
    if r < 0.25:
        return title + " (m/f/d)"
    return title


def make_record(rng, n, fixtures, error_rate):
    name, title, body = fixtures[rng.randrange(len(fixtures))]
    company = rng.choice(COMPANIES)
    location = rng.choice(LOCATIONS)
    lo = rng.randrange(60, 200, 5)
    parts = [
        rng.choice(OPENERS).format(company=company, location=location),
        vary_body(rng, body),
        rng.choice(CLOSERS).format(lo=lo, hi=lo + rng.randrange(10, 80, 5)),
    ]
    record = {"id": f"p{n:07d}", "source": name}
    if title and rng.random() < 0.9:
        record["title"] = vary_title(rng, title)
    if rng.random() >= error_rate:
        record["description"] = "\n\n".join(p for p in parts if p)
    record["company"] = company
    record["location"] = location
    if rng.random() < 0.5:
        record["salary_k"] = [lo, lo + 20]
    if rng.random() < 0.3:
        record["meta"] = {"remote": rng.random() < 0.5, "tags": rng.sample(TAGS, 2), "score": None}
    return record


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=5000, help="number of postings (default 5000)")
    ap.add_argument("--out", default="-", help="output file (default stdout)")
    ap.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument(
        "--error-rate", type=float, default=0.002,
        help="share of records without a description (default 0.002)",
    )
    args = ap.parse_args()

    rng = random.Random(args.seed)
    fixtures = load_fixtures()
    ids = list(range(args.count))
    rng.shuffle(ids)  # ids not in file order, so sorting by id really reorders
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")
    try:
        if args.format == "jsonl":
            for n in ids:
                rec = make_record(rng, n, fixtures, args.error_rate)
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            cols = ["id", "source", "title", "description", "company", "location", "salary_k"]
            w = csv.writer(out, lineterminator="\n")
            w.writerow(cols)
            for n in ids:
                rec = make_record(rng, n, fixtures, args.error_rate)
                if "salary_k" in rec:
                    rec["salary_k"] = "-".join(map(str, rec["salary_k"]))
                w.writerow([rec.get(c, "") for c in cols])
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
