"""Shared helpers: the repository's fixtures and the rolecall CLI to compare with.

The CLI binary is found through ROLECALL_BIN, else target/release/rolecall,
else target/debug/rolecall, else `rolecall` on PATH (scripts/python-check.sh
builds it and sets ROLECALL_BIN).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]

# `python -m pytest` run from python/ puts that folder first on sys.path, where
# the package's source (without its compiled module) would shadow the
# installed package: test the installed one.
_SOURCE = (REPO / "python").resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _SOURCE]
POSTINGS = REPO / "fixtures" / "postings"
BAD_LEXICONS = REPO / "fixtures" / "bad" / "lexicons"
LEXICONS = REPO / "lexicons"


def find_cli() -> Optional[str]:
    env = os.environ.get("ROLECALL_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        candidate = REPO / "target" / profile / "rolecall"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("rolecall")


@pytest.fixture(scope="session")
def cli() -> str:
    path = find_cli()
    if path is None:
        pytest.fail("no rolecall binary: run `cargo build --release` or set ROLECALL_BIN")
    return path


def fixture_postings() -> List[Tuple[str, Optional[str], str]]:
    """(name, title, text) of every posting in fixtures/postings, read the way
    the CLI reads them: .json files give title and description/text, other
    files are the text with no title."""
    out = []
    for path in sorted(POSTINGS.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            obj = json.loads(raw)
            text = obj.get("description", obj.get("text", ""))
            out.append((path.name, obj.get("title"), text))
        else:
            out.append((path.name, None, raw))
    assert out, "fixtures/postings is empty"
    return out


def run_jsonl(cli: str, postings: List[Tuple[Optional[str], str]], *args: str) -> List[dict]:
    """The `rolecall` results of `rolecall jsonl` for (title, text) postings."""
    lines = []
    for title, text in postings:
        record = {"text": text}
        if title is not None:
            record["title"] = title
        lines.append(json.dumps(record, ensure_ascii=False))
    proc = subprocess.run(
        [cli, *args, "jsonl", "--text-field", "text"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return [json.loads(line)["rolecall"] for line in proc.stdout.splitlines()]


def byte_offset(s: str, index: int) -> int:
    return len(s[:index].encode("utf-8"))
