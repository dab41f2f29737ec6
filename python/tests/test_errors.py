"""Bad input: lexicon folders, options, huge strings; explain and lexicons.check."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import rolecall
from conftest import BAD_LEXICONS, LEXICONS


def cli_check_problems(cli: str, folder: Path) -> list:
    proc = subprocess.run([cli, "lexicons", "check", str(folder)], capture_output=True, text=True)
    assert proc.returncode != 0
    # stderr: "rolecall: error: N problem(s) found:" then one problem a line.
    lines = proc.stderr.splitlines()
    start = next(i for i, l in enumerate(lines) if "problem(s) found" in l)
    return [l for l in lines[start + 1 :] if l.strip()]


BAD = sorted(p for p in BAD_LEXICONS.iterdir() if p.is_dir() and p.name != "good")


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_check_reports_what_the_cli_reports(cli, folder):
    problems = rolecall.lexicons.check(folder)
    assert problems, folder
    assert problems == cli_check_problems(cli, folder)
    for p in problems:
        file, line, column, _ = p.split(":", 3)
        assert int(line) >= 1 and int(column) >= 1


def test_check_of_valid_folders_is_empty():
    assert rolecall.lexicons.check(LEXICONS) == []
    assert rolecall.lexicons.check(str(BAD_LEXICONS / "good")) == []


def test_invalid_folder_is_a_value_error_with_every_problem():
    folder = BAD_LEXICONS / "many-problems"
    expected = rolecall.lexicons.check(folder)
    assert len(expected) > 1
    with pytest.raises(ValueError) as info:
        rolecall.Classifier(folder)
    err = info.value
    assert isinstance(err, rolecall.LexiconError)
    assert err.problems == expected
    for p in expected:
        assert p in str(err)


def test_missing_folder_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        rolecall.Classifier(tmp_path / "nope")
    with pytest.raises(ValueError, match="no \\*.json"):
        rolecall.Classifier(tmp_path)


@pytest.mark.parametrize(
    "kwargs,message",
    [({"min_score": 0}, "min_score"), ({"min_score": float("nan")}, "min_score"),
     ({"evidence": -1}, "evidence"), ({"max_bytes": 0}, "max_bytes"),
     ({"min_confidence": 1.5}, "min_confidence")],
)
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rolecall.Classifier(**kwargs)


def test_wrong_types():
    c = rolecall.Classifier()
    with pytest.raises(TypeError):
        c.classify(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c.classify("text", 3)  # type: ignore[arg-type]
    with pytest.raises(UnicodeEncodeError):
        c.classify("lone surrogate \ud800")


def test_a_50_mb_string():
    unit = "We are hiring an Engineering Manager to grow a team of engineers — café. "
    text = unit * (50_000_000 // len(unit.encode()) + 1)
    assert len(text.encode()) >= 50_000_000
    c = rolecall.Classifier()
    r = c.classify(text)
    assert r.role == "technology_manager"
    assert r.truncated_at is None
    for e in r.evidence:
        assert text[e.start : e.end] == e.text
    tail = c.classify(text[:1000] + "ü" * 10 + "Program reviews")
    assert tail.evidence
    [big] = c.classify_many([text])
    assert big == r


def test_explain_is_the_cli_text(cli):
    text = "We are hiring a Technical Program Manager to drive milestones across engineering teams.\nÜnïcödé café."
    proc = subprocess.run([cli, "explain", "--color", "never", "-"], input=text.encode(), capture_output=True, check=True)
    assert rolecall.explain(text) == proc.stdout.decode()
    assert "[[Technical Program Manager|technical_program_manager,technical]]" in rolecall.explain(text)


def test_explain_with_title_and_options(cli, tmp_path):
    posting = tmp_path / "p.json"
    import json

    posting.write_text(json.dumps({"title": "Engineering Manager", "description": "Run one-on-ones."}))
    proc = subprocess.run([cli, "--min-score", "30", "explain", "--color", "never", str(posting)], capture_output=True, text=True, check=True)
    got = rolecall.Classifier(min_score=30).explain("Run one-on-ones.", "Engineering Manager")
    # The CLI names the file on the first line; the binding names the posting "-".
    assert got.split("\n", 1)[1] == proc.stdout.split("\n", 1)[1]
    assert got.startswith("-: ")


@pytest.mark.parametrize("threads", [0, -1])
def test_bad_thread_counts_are_value_errors(threads):
    c = rolecall.Classifier()
    with pytest.raises(ValueError, match=f"threads must be at least 1.*got {threads}"):
        c.classify_many(["x"], threads=threads)


def test_signature_shows_the_default_max_bytes():
    import inspect

    parameters = inspect.signature(rolecall.Classifier).parameters
    assert parameters["max_bytes"].default == rolecall.DEFAULT_MAX_BYTES
    assert "Ellipsis" not in str(inspect.signature(rolecall.Classifier))


def test_version_is_the_cli_version(cli):
    out = subprocess.run([cli, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["rolecall", rolecall.__version__]
