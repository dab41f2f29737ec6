"""rolecall.lexicons: list, terms and export agree with `rolecall lexicons`."""

from __future__ import annotations

import subprocess

import pytest

import rolecall
from conftest import LEXICONS


def cli_lines(cli, *args):
    return subprocess.run([cli, "lexicons", *args], capture_output=True, text=True, check=True).stdout.splitlines()


def test_terms_are_the_cli_terms(cli):
    assert rolecall.lexicons.terms() == cli_lines(cli, "terms")
    assert rolecall.lexicons.terms(LEXICONS) == cli_lines(cli, "terms", "--lexicons", str(LEXICONS))


def test_list_counts_are_the_cli_table(cli):
    header, *lines = cli_lines(cli, "list")
    categories = header.split()[1:-2]
    rows = rolecall.lexicons.list()
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines):
        numbers = [int(x) for x in line.split()[-(len(categories) + 2):]]
        name = row["role"] if row["neighbour"] is None else f"{row['role']} ({row['neighbour']})"
        assert line.startswith(name + " ")
        assert [row.get(c, 0) for c in categories] + [row["entries"], row["spellings"]] == numbers


def test_export_writes_what_the_cli_writes_and_loads(cli, tmp_path):
    written = rolecall.lexicons.export(tmp_path / "mine")
    subprocess.run([cli, "lexicons", "export", str(tmp_path / "theirs")], check=True, capture_output=True)
    assert sorted(p.name for p in written) == sorted(p.name for p in (tmp_path / "theirs").iterdir())
    for p in written:
        assert p.read_text(encoding="utf-8") == (tmp_path / "theirs" / p.name).read_text(encoding="utf-8")
    assert rolecall.lexicons.check(tmp_path / "mine") == []
    text = "We are hiring an Engineering Manager to lead and grow a team of engineers."
    assert rolecall.Classifier(tmp_path / "mine").classify(text) == rolecall.Classifier().classify(text)
    with pytest.raises(FileExistsError):
        rolecall.lexicons.export(tmp_path / "mine")
