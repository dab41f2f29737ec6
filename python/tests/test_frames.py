"""classify_frame with pandas and Polars, missing cells included."""

from __future__ import annotations

import json
import math

import pytest

import rolecall
from conftest import fixture_postings

POSTINGS = fixture_postings()
SCORE_COLUMNS = [f"score_{r}" for r in rolecall.ROLES]
AXES = ["product", "technical", "delivery", "people"]
PROFILE_COLUMNS = [f"profile_{a}" for a in AXES]
RESULT_COLUMNS = ["role", "confidence", "runner_up", "title_role", "content_role", "neighbour", *SCORE_COLUMNS, *PROFILE_COLUMNS]


def expected_rows(texts, titles):
    c = rolecall.Classifier()
    out = []
    for text, title in zip(texts, titles):
        if not isinstance(text, str):
            text = ""  # a missing text is an empty text: the title alone decides
        if not isinstance(title, str):
            title = None
        out.append(c.classify(text, title))
    return out


def missing_as_none(value):
    # pandas may store a missing string as NaN (its str dtype) rather than None.
    return None if isinstance(value, float) and math.isnan(value) else value


def check_rows(rows, texts, titles, with_evidence):
    expected = expected_rows(texts, titles)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert row["role"] == want.role
        assert row["confidence"] == want.confidence
        assert missing_as_none(row["runner_up"]) == want.runner_up
        assert missing_as_none(row["title_role"]) == want.title_role
        assert missing_as_none(row["content_role"]) == want.content_role
        assert missing_as_none(row["neighbour"]) == want.neighbour
        for role in rolecall.ROLES:
            assert row[f"score_{role}"] == want.scores[role]
        for axis in AXES:
            assert row[f"profile_{axis}"] == want.profile[axis]
        if with_evidence:
            assert json.loads(row["evidence"]) == want.to_dict()["evidence"]


def data():
    texts = [x for _, _, x in POSTINGS] + [None, float("nan"), "Line cook wanted.", "Ünïcödé Engineering Manager 🚀"]
    titles = [t for _, t, _ in POSTINGS] + ["Engineering Manager", None, float("nan"), None]
    ids = list(range(len(texts)))
    return ids, texts, titles


def test_pandas_frame():
    pd = pytest.importorskip("pandas")
    ids, texts, titles = data()
    df = pd.DataFrame({"id": ids, "body": texts, "title": titles}, index=[f"r{i}" for i in ids])
    before = df.copy()
    out = rolecall.classify_frame(df, "body", "title", evidence=True)
    assert isinstance(out, pd.DataFrame)
    pd.testing.assert_frame_equal(df, before)  # the input is not modified
    assert list(out.columns) == ["id", "body", "title", *RESULT_COLUMNS, "evidence"]
    assert list(out.index) == list(df.index)
    assert list(out["id"]) == ids
    rows = out.to_dict("records")
    check_rows(rows, texts, titles, True)
    titled, untitled = rows[len(POSTINGS)], rows[len(POSTINGS) + 1]
    assert titled["role"] == "technology_manager"  # "Engineering Manager", no text
    assert untitled["role"] == "unclassified"
    assert json.loads(untitled["evidence"]) == []
    assert out["confidence"].dtype == "float64"


def test_pandas_string_dtype_and_no_title():
    pd = pytest.importorskip("pandas")
    texts = ["We are hiring an Engineering Manager to grow a team of engineers.", None, "Line cook"]
    df = pd.DataFrame({"text": pd.array(texts, dtype="string")})
    out = rolecall.classify_frame(df, "text")
    assert list(out.columns) == ["text", *RESULT_COLUMNS]
    assert list(out["role"]) == ["technology_manager", "unclassified", "unclassified"]


def test_polars_frame():
    pl = pytest.importorskip("polars")
    ids, texts, titles = data()
    # Polars has no NaN in a string column: missing cells are nulls.
    texts = [None if isinstance(t, float) else t for t in texts]
    titles = [None if isinstance(t, float) else t for t in titles]
    df = pl.DataFrame({"id": ids, "body": texts, "title": titles})
    out = rolecall.classify_frame(df, "body", title="title", evidence=True)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == ["id", "body", "title", *RESULT_COLUMNS, "evidence"]
    assert df.columns == ["id", "body", "title"]
    assert out.get_column("id").to_list() == ids
    assert out.schema["confidence"] == pl.Float64
    assert out.schema["runner_up"] == pl.Utf8
    check_rows(out.to_dicts(), texts, titles, True)


def test_polars_all_null_column():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"text": [None, None]}, schema={"text": pl.Utf8})
    out = rolecall.classify_frame(df, "text")
    assert out.get_column("role").to_list() == ["unclassified", "unclassified"]


def test_frame_with_custom_classifier_and_empty_frame():
    pd = pytest.importorskip("pandas")
    c = rolecall.Classifier(min_score=1000)
    df = pd.DataFrame({"text": ["We are hiring an Engineering Manager to grow a team of engineers."]})
    assert rolecall.classify_frame(df, "text", classifier=c)["role"].tolist() == ["unclassified"]
    empty = rolecall.classify_frame(pd.DataFrame({"text": []}), "text")
    assert len(empty) == 0 and "role" in empty.columns


def test_frame_errors():
    pd = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="pandas DataFrame, a Polars DataFrame or LazyFrame, or a pyarrow Table or RecordBatch, not builtins.list"):
        rolecall.classify_frame([{"text": "x"}], "text")
    with pytest.raises(KeyError, match="no column 'body' in the frame"):
        rolecall.classify_frame(pd.DataFrame({"text": ["x"]}), "body")
    with pytest.raises(TypeError, match=r"text\[1\] must be str, bytes, None or NaN, not int"):
        rolecall.classify_frame(pd.DataFrame({"text": ["x", 3]}), "text")
    with pytest.raises(ValueError, match="text names no column"):
        rolecall.classify_frame(pd.DataFrame({"text": ["x"]}), [])


def test_nan_and_none_cells_are_missing_not_float_postings():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": pd.Series(["x", float("nan"), None, pd.NA], dtype=object)})
    assert rolecall.classify_frame(df, "text")["role"].tolist() == ["unclassified"] * 4


def test_object_cells_may_be_utf8_bytes_and_invalid_utf8_is_an_error():
    pd = pytest.importorskip("pandas")
    text = "Ünïcödé: we are hiring an Engineering Manager to grow a team of engineers."
    as_bytes = pd.DataFrame({"text": pd.Series([text.encode(), None], dtype=object), "title": pd.Series([b"Engineering Manager", None], dtype=object)})
    as_str = pd.DataFrame({"text": pd.Series([text, None], dtype=object), "title": pd.Series(["Engineering Manager", None], dtype=object)})
    by_bytes = rolecall.classify_frame(as_bytes, "text", "title", evidence=True)
    by_str = rolecall.classify_frame(as_str, "text", "title", evidence=True)
    pd.testing.assert_frame_equal(by_bytes.drop(columns=["text", "title"]), by_str.drop(columns=["text", "title"]))
    assert by_str["role"][0] == "technology_manager"
    for e in json.loads(by_str["evidence"][0]):
        body = text if e["field"] == "text" else "Engineering Manager"
        assert body[e["start"] : e["end"]] == e["text"]
    bad = pd.DataFrame({"text": pd.Series(["ok"] * 3000 + [b"\xff\xfe"], dtype=object)})
    with pytest.raises(ValueError, match=r"text\[3000\] is not valid UTF-8"):
        rolecall.classify_frame(bad, "text")


def test_polars_non_string_column_is_a_type_error():
    pl = pytest.importorskip("polars")
    with pytest.raises(TypeError, match="column n holds Int64, not strings"):
        rolecall.classify_frame(pl.DataFrame({"n": [1, 2]}), "n")


def test_empty_pandas_frame_keeps_string_dtypes():
    pd = pytest.importorskip("pandas")
    empty = rolecall.classify_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}), "text")
    assert list(empty.columns) == ["text", *RESULT_COLUMNS]
    for name in RESULT_COLUMNS:
        numeric = name == "confidence" or name.startswith(("score_", "profile_"))
        assert (empty[name].dtype == "float64") == numeric, name
        assert numeric or pd.api.types.is_string_dtype(empty[name].dtype), name


def test_duplicate_column_names_are_a_clear_error():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([["Engineering Manager", "a", "b"]], columns=["title", "text", "text"])
    with pytest.raises(ValueError, match="'text' appears 2 times"):
        rolecall.classify_frame(df, "text", "title")


def test_polars_lazy_frame_gives_a_lazy_frame_with_the_same_results():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"title": [t for _, t, _ in POSTINGS], "text": [x for _, _, x in POSTINGS]})
    lazy = rolecall.classify_frame(df.lazy(), "text", "title")
    assert type(lazy).__name__ == "LazyFrame"
    assert lazy.collect().equals(rolecall.classify_frame(df, "text", "title"))


def test_polars_frames_need_no_pyarrow(tmp_path):
    pytest.importorskip("polars")
    import subprocess
    import sys

    script = (
        "import sys; sys.modules['pyarrow'] = None\n"  # as if pyarrow were not installed
        "import polars as pl, rolecall\n"
        "df = pl.DataFrame({'title': ['Engineering Manager', None], 'text': [None, 'Line cook wanted.']})\n"
        "print(rolecall.classify_frame(df, 'text', 'title')['role'].to_list())\n"
    )
    # From tmp_path: in python/ the source folder would shadow the installed package.
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "['technology_manager', 'unclassified']"
