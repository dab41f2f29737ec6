"""Evidence spans are Python string indices, for any Unicode text."""

from __future__ import annotations

import rolecall
from conftest import POSTINGS, byte_offset, fixture_postings, run_jsonl

NON_ASCII = [
    "Zürich · Café ",  # Latin-1 range: 2 bytes each
    "東京オフィス — ",  # CJK: 3 bytes each
    "🚀🧑‍💻 ",  # astral plane + ZWJ: 4 bytes each, and code points Python counts one by one
    "e\u0301 ",  # combining accent: two code points, one grapheme
]


def spiced(text: str) -> str:
    """`text` with non-ASCII inserted before, between and after its words."""
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        out.append(NON_ASCII[i % len(NON_ASCII)] + w if i % 7 == 0 else w)
    return NON_ASCII[1] + " ".join(out) + " " + NON_ASCII[2]


def test_spans_round_trip_in_python():
    c = rolecall.Classifier(evidence=1000)
    checked = 0
    for _, title, text in fixture_postings():
        text = spiced(text)
        title = None if title is None else "🌍 " + title + " — Zürich"
        r = c.classify(text, title)
        for e in r.evidence:
            body = title if e.field == "title" else text
            assert body[e.start : e.end] == e.text
            checked += 1
    assert checked > 100


def test_non_ascii_results_equal_the_cli(cli):
    postings = [(None if t is None else "Zürich · " + t, spiced(x)) for _, t, x in fixture_postings()]
    expected = run_jsonl(cli, postings)
    got = rolecall.Classifier().classify_many([x for _, x in postings], [t for t, _ in postings])
    for (title, text), py, c in zip(postings, got, expected):
        assert (py.role, py.scores) == (c["role"], c["scores"])
        assert [e.text for e in py.evidence] == [e["text"] for e in c["evidence"]]
        for e, ce in zip(py.evidence, c["evidence"]):
            body = title if e.field == "title" else text
            assert body[e.start : e.end] == e.text
            assert (byte_offset(body, e.start), byte_offset(body, e.end)) == (ce["start"], ce["end"])


def test_matches_inside_non_ascii_text():
    text = "Ünïcödé 🚀 We are hiring an Engineering Manager in München to grow a team of engineers."
    r = rolecall.Classifier().classify(text)
    assert r.role == "technology_manager"
    for e in r.evidence:
        assert text[e.start : e.end] == e.text
    assert any(e.text == "Engineering Manager" for e in r.evidence)
    e = next(e for e in r.evidence if e.text == "Engineering Manager")
    assert e.start == text.index("Engineering Manager")
    assert r.to_dict()["evidence"][0]["start"] == r.evidence[0].start


def test_title_spans_index_the_title():
    title = "Señor Ingeniero — Engineering Manager 👷"
    r = rolecall.Classifier().classify("Run one-on-ones and hiring.", title)
    titled = [e for e in r.evidence if e.field == "title"]
    assert titled
    for e in titled:
        assert title[e.start : e.end] == e.text


def test_truncated_at_is_in_code_points():
    text = "é" * 10 + " Engineering Manager"
    r = rolecall.Classifier(max_bytes=11).classify(text)
    # 11 bytes cut back to a char boundary: 10 bytes = 5 code points.
    assert r.truncated_at == 5
    assert rolecall.Classifier().classify(text).truncated_at is None


def test_openings_index_the_text_in_code_points(cli):
    """A post with several openings: each opening's span and evidence are
    string indices, and the result equals the CLI's (offsets aside)."""
    c = rolecall.Classifier()
    for path in sorted((POSTINGS.parent / "openings").iterdir()):
        text = "Zürich · 東京 🚀\n" + path.read_text(encoding="utf-8")
        r = c.classify(text)
        assert len(r.roles) >= 2
        assert len({o["role"] for o in r.roles}) == len(r.roles)
        for opening in r.roles:
            part = text[opening["start"] : opening["end"]]
            assert part.splitlines()[0].strip().endswith("Manager")
            for e in opening["evidence"]:
                assert text[e.start : e.end] == e.text
                assert opening["start"] <= e.start < e.end <= opening["end"]
        [cli_result] = run_jsonl(cli, [(None, text)])
        assert [o["role"] for o in cli_result["roles"]] == [o["role"] for o in r.roles]
        assert [byte_offset(text, o["start"]) for o in r.roles] == [o["start"] for o in cli_result["roles"]]


def test_one_opening_is_the_whole_text():
    c = rolecall.Classifier()
    for _, title, text in fixture_postings():
        r = c.classify(text, title)
        [only] = r.roles
        assert (only["role"], only["start"], only["end"]) == (r.role, 0, len(text))
        assert only["evidence"] == r.evidence
