"""Results equal the CLI's JSON Lines for every fixture posting."""

from __future__ import annotations

import pytest

import rolecall
from conftest import byte_offset, fixture_postings, run_jsonl

POSTINGS = fixture_postings()


def assert_same(py: rolecall.Classification, cli: dict, title, text) -> None:
    assert py.role == cli["role"]
    assert py.confidence == cli["confidence"]
    assert py.runner_up == cli["runner_up"]
    assert py.title_role == cli["title_role"]
    assert py.content_role == cli["content_role"]
    assert py.neighbour == cli["neighbour"]
    assert py.scores == cli["scores"]
    assert py.profile == cli["profile"]
    assert len(py.evidence) == len(cli["evidence"])
    for e, c in zip(py.evidence, cli["evidence"]):
        body = title if e.field == "title" else text
        assert e.text == c["text"]
        assert body[e.start : e.end] == e.text
        assert (e.role, e.term, e.category, e.field) == (c["role"], c["term"], c["category"], c["field"])
        assert e.neighbour == c.get("neighbour")
        assert (e.weight, e.contribution) == (c["weight"], c["contribution"])
        # Python indices are code points; the CLI's are bytes of the same string.
        assert (byte_offset(body, e.start), byte_offset(body, e.end)) == (c["start"], c["end"])


@pytest.mark.parametrize("name,title,text", POSTINGS, ids=[p[0] for p in POSTINGS])
def test_classify_equals_cli_jsonl(cli, name, title, text):
    [expected] = run_jsonl(cli, [(title, text)])
    assert_same(rolecall.Classifier().classify(text, title), expected, title, text)


def test_classify_many_equals_cli_jsonl_for_all_fixtures(cli):
    expected = run_jsonl(cli, [(t, x) for _, t, x in POSTINGS])
    got = rolecall.Classifier().classify_many([x for _, _, x in POSTINGS], [t for _, t, _ in POSTINGS])
    assert len(got) == len(expected) == len(POSTINGS)
    for (_, title, text), py, c in zip(POSTINGS, got, expected):
        assert_same(py, c, title, text)


def test_to_dict_is_the_cli_record_for_ascii_text(cli):
    # For ASCII text code points and bytes coincide, so the dicts are equal.
    expected = run_jsonl(cli, [(t, x) for _, t, x in POSTINGS])
    for (_, title, text), c in zip(POSTINGS, expected):
        if text.isascii() and (title is None or title.isascii()):
            assert rolecall.Classifier().classify(text, title).to_dict() == c


def test_options_match_cli_flags(cli):
    texts = [(t, x) for _, t, x in POSTINGS]
    expected = run_jsonl(cli, texts, "--min-score", "20", "--evidence", "2")
    c = rolecall.Classifier(min_score=20, evidence=2)
    for (title, text), e in zip(texts, expected):
        assert_same(c.classify(text, title), e, title, text)


def test_custom_lexicon_folder_matches_cli(cli):
    from conftest import LEXICONS

    texts = [(t, x) for _, t, x in POSTINGS]
    expected = run_jsonl(cli, texts, "--lexicons", str(LEXICONS))
    c = rolecall.Classifier(LEXICONS)
    for (title, text), e in zip(texts, expected):
        assert_same(c.classify(text, title), e, title, text)


def test_the_issue_example():
    r = rolecall.Classifier().classify(
        "We are hiring a Technical Program Manager to drive milestones across engineering teams."
    )
    assert r.role == "technical_program_manager"


def test_frame_read_by_pandas_gets_the_cli_csv_labels(cli, tmp_path):
    # pandas.read_csv turns an empty cell into NaN; the CLI reads it as an
    # empty text. Both must label the row from its title.
    pd = pytest.importorskip("pandas")
    import subprocess

    path = tmp_path / "in.csv"
    path.write_text(
        "title,description\n"
        "Technical Program Manager,\n"
        "Engineering Manager,\n"
        ",\n"
        "Line cook,Prep and grill.\n"
    )
    out = subprocess.run([cli, "csv", "--evidence", "0", str(path)], capture_output=True, check=True, text=True)
    import csv as csvmod
    import io

    expected = [row["role"] for row in csvmod.DictReader(io.StringIO(out.stdout))]
    got = rolecall.classify_frame(pd.read_csv(path), "description", "title")
    assert list(got["role"]) == expected
    assert expected[:2] == ["technical_program_manager", "technology_manager"]
