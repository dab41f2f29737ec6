#!/usr/bin/env python3
"""K-fold cross-validation of rolecall's two fitted scoring numbers.

`--technical-weight` (how much technical vocabulary weighs when a product job
is split into product manager or technical product manager) and
`--program-depth` (the technical depth a program job needs) are the only
numbers chosen on data. One pair serves both modes, so a pair is scored by the
mean of its macro-F1 with title + text (all rows) and text only (the rows whose
text alone suffices, `text_sufficient=yes`). For each fold this picks the best
pair on the other folds, classifies the held-out fold with it in both modes,
and pools the held-out confusion matrices: the figures printed are for
postings that took no part in choosing the numbers. Last, the pair the same
rule picks on all rows (the defaults should be that pair).

Usage: scripts/cross-validate.py [--data FILE] [--folds K] [--seed S] [--binary PATH]
Needs only Python 3 and a release build (cargo build --release).
"""

import argparse
import csv
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

ROLES = [
    "product_manager",
    "technical_product_manager",
    "technology_manager",
    "technical_program_manager",
]
WEIGHTS = [2, 3, 4, 5, 6, 8, 10, 12]
DEPTHS = [1.5, 2, 2.5, 3, 4, 5, 6]
DEFAULTS = (4, 4)


def macro_f1(confusion):
    """Macro-F1 over the four roles from a 5×5 confusion matrix (last row/column: other/none)."""
    f1s = []
    for i in range(4):
        tp = confusion[i][i]
        fp = sum(confusion[r][i] for r in range(5)) - tp
        fn = sum(confusion[i]) - tp
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 4, f1s


def evaluate(binary, path, weight, depth, extra):
    cmd = [
        binary, "eval", "--data", path, "--format", "json", "--resamples", "1",
        "--technical-weight", str(weight), "--program-depth", str(depth),
    ] + extra
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["confusion"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "content-dev.csv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", default=os.path.join(here, "..", "target", "release", "rolecall"))
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with open(args.data, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    # Stratified folds: each label's rows dealt round-robin after a seeded shuffle.
    rng = random.Random(args.seed)
    by_label = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row)
    folds = [[] for _ in range(args.folds)]
    k = 0
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        for row in group:
            folds[k % args.folds].append(row)
            k += 1
    modes = {
        "title + text": [],
        "text only (text_sufficient=yes)": ["--no-title", "--filter", "text_sufficient=yes"],
    }
    pooled = {mode: [[0] * 5 for _ in range(5)] for mode in modes}

    def best_pair(path):
        """The pair with the best mean macro-F1 over both modes; ties go to the defaults' side."""
        scored = []
        for weight, depth in itertools.product(WEIGHTS, DEPTHS):
            f1s = [macro_f1(evaluate(args.binary, path, weight, depth, extra))[0] for extra in modes.values()]
            closeness = abs(weight - DEFAULTS[0]) + abs(depth - DEFAULTS[1])
            scored.append((sum(f1s) / len(f1s), -closeness, weight, depth))
        return max(scored)
    with tempfile.TemporaryDirectory() as tmp:
        def write(name, part):
            path = os.path.join(tmp, name)
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=header)
                w.writeheader()
                w.writerows(part)
            return path

        for i in range(args.folds):
            train = write(f"train{i}.csv", [r for j, fold in enumerate(folds) if j != i for r in fold])
            test = write(f"test{i}.csv", folds[i])
            m, _, weight, depth = best_pair(train)
            held = []
            for mode, extra in modes.items():
                confusion = evaluate(args.binary, test, weight, depth, extra)
                held.append(f"{macro_f1(confusion)[0]:.3f}")
                for r in range(5):
                    for c in range(5):
                        pooled[mode][r][c] += confusion[r][c]
            print(f"fold {i + 1}: chose --technical-weight {weight} --program-depth {depth} "
                  f"(train mean macro-F1 {m:.3f}); held-out macro-F1 {' / '.join(held)} on {len(folds[i])} rows")
        m, _, weight, depth = best_pair(write("all.csv", rows))
    for mode, confusion in pooled.items():
        total, f1s = macro_f1(confusion)
        print()
        print(f"held-out folds pooled, {mode} ({sum(map(sum, confusion))} rows): macro-F1 {total:.3f}")
        for role, f1 in zip(ROLES, f1s):
            print(f"  {role:<27} F1 {f1:.3f}")
        other = confusion[4]
        print(f"  other -> unclassified       {other[4] / max(sum(other), 1):.3f}")
    print()
    print(f"on all rows: --technical-weight {weight} --program-depth {depth} (mean macro-F1 {m:.3f})")


if __name__ == "__main__":
    main()
