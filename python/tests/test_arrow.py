"""Arrow in and out: pyarrow Tables and RecordBatches, Arrow string layouts,
several text columns joined as `rolecall csv` joins them, and classify_batches."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

import rolecall
from conftest import fixture_postings

pa = pytest.importorskip("pyarrow")

POSTINGS = fixture_postings()
TITLES = [t for _, t, _ in POSTINGS]
TEXTS = [x for _, _, x in POSTINGS]
RESULT_COLUMNS = [
    "role",
    "confidence",
    "runner_up",
    "title_role",
    "content_role",
    "neighbour",
    *[f"score_{r}" for r in rolecall.ROLES],
    *[f"profile_{a}" for a in ("product", "technical", "delivery", "people")],
]


def repeated(rows):
    """(titles, texts) of `rows` rows cycling through the fixtures, with some
    missing texts and titles: more rows than one chunk of 2,048."""
    titles = [None if i % 7 == 3 else TITLES[i % len(TITLES)] for i in range(rows)]
    texts = [None if i % 11 == 5 else TEXTS[i % len(TEXTS)] for i in range(rows)]
    return titles, texts


def expected(titles, texts):
    c = rolecall.Classifier()
    return [c.classify(text or "", title) for title, text in zip(titles, texts)]


def assert_rows(batch, want):
    """The result columns of an Arrow table or batch equal the classify() results."""
    got = batch.select(RESULT_COLUMNS).to_pylist()
    assert len(got) == len(want)
    for row, w in zip(got, want):
        assert row["role"] == w.role
        assert row["confidence"] == w.confidence
        assert (row["runner_up"], row["title_role"], row["content_role"], row["neighbour"]) == (w.runner_up, w.title_role, w.content_role, w.neighbour)
        assert [row[f"score_{r}"] for r in rolecall.ROLES] == [w.scores[r] for r in rolecall.ROLES]


def test_pyarrow_table_of_several_chunks_gives_a_table():
    titles, texts = repeated(5000)
    whole = pa.table({"id": list(range(5000)), "title": titles, "text": texts})
    # Chunk boundaries that fall inside the binding's 2,048-row chunks.
    table = pa.concat_tables([whole.slice(0, 1000), whole.slice(1000, 2500), whole.slice(3500)])
    assert table.column("text").num_chunks == 3
    out = rolecall.classify_frame(table, "text", "title")
    assert isinstance(out, pa.Table)
    assert out.column_names == ["id", "title", "text", *RESULT_COLUMNS]
    assert table.column_names == ["id", "title", "text"]  # the input is not modified
    assert out.column("id").to_pylist() == list(range(5000))
    assert out.schema.field("confidence").type == pa.float64()
    assert_rows(out, expected(titles, texts))


def test_pyarrow_record_batch_gives_a_record_batch_and_replaces_result_columns():
    batch = pa.record_batch({"text": TEXTS, "title": TITLES, "role": ["stale"] * len(TEXTS)})
    out = rolecall.classify_frame(batch, "text", "title", evidence=True)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema.names == ["text", "title", *RESULT_COLUMNS, "evidence"]
    want = expected(TITLES, TEXTS)
    assert_rows(out, want)
    assert [json.loads(e) for e in out.column("evidence").to_pylist()] == [w.to_dict()["evidence"] for w in want]


@pytest.mark.parametrize("layout", ["string", "large_string", "string_view", "dictionary"])
def test_every_arrow_string_layout_reads_alike(layout):
    texts = pa.array(TEXTS + [None])
    titles = pa.array(TITLES + ["Engineering Manager"])
    cast = {
        "string": lambda a: a,
        "large_string": lambda a: a.cast(pa.large_string()),
        "string_view": lambda a: a.cast(pa.string_view()),
        "dictionary": lambda a: a.dictionary_encode(),
    }[layout]
    out = rolecall.classify_frame(pa.table({"text": cast(texts), "title": cast(titles)}), "text", "title")
    want = expected(TITLES + ["Engineering Manager"], TEXTS + [None])
    assert_rows(out, want)
    assert want[-1].role == "technology_manager"  # a missing text: the title decides


def test_all_null_and_non_string_arrow_columns():
    out = rolecall.classify_frame(pa.table({"text": pa.nulls(3)}), "text")
    assert out.column("role").to_pylist() == ["unclassified"] * 3
    with pytest.raises(TypeError, match="column n holds Int64, not strings"):
        rolecall.classify_frame(pa.table({"n": [1, 2]}), "n")


def test_classify_many_reads_arrow_arrays_like_lists():
    titles, texts = repeated(3000)
    texts = [t or "" for t in texts]
    c = rolecall.Classifier()
    chunks = pa.chunked_array([[], texts[:100], [], texts[100:]], type=pa.string())  # empty chunks too
    by_arrow = c.classify_many(chunks, pa.array(titles))
    assert by_arrow == c.classify_many(texts, titles)


def test_pandas_arrow_backed_and_object_columns_agree():
    pd = pytest.importorskip("pandas")
    titles, texts = repeated(2500)
    as_object = pd.DataFrame({"title": pd.Series(titles, dtype=object), "text": pd.Series(texts, dtype=object)})
    as_arrow = pd.DataFrame({"title": pd.array(titles, dtype="string[pyarrow]"), "text": pd.array(texts, dtype="string[pyarrow]")})
    a = rolecall.classify_frame(as_object, "text", "title")
    b = rolecall.classify_frame(as_arrow, "text", "title")
    pd.testing.assert_frame_equal(a[RESULT_COLUMNS], b[RESULT_COLUMNS])
    assert_rows(pa.Table.from_pandas(b[RESULT_COLUMNS]), expected(titles, texts))


def cli_csv(cli, path, *args):
    out = subprocess.run([cli, "csv", "--evidence-format", "json", *args, str(path)], capture_output=True, check=True, text=True, encoding="utf-8")
    return list(csv.DictReader(io.StringIO(out.stdout)))


SEVERAL = (
    "title,summary,duties\n"
    'Engineering Manager,"You will lead a team of software engineers building our platform.",'
    '"Hire, coach and grow engineers; run one-on-ones and performance reviews; own system design reviews."\n'
    'Program Manager,"Join our infrastructure organisation.","Drive cross-team programs end to end: milestones, '
    'dependencies and release schedules with engineering leads."\n'
    ',"Ünïcödé product discovery: customer interviews, product roadmap, pricing, product-market fit.",\n'
    ",,\n"
)


def frames_of(path):
    """The CSV at `path` read as each frame kind that is installed."""
    import pyarrow.csv as pacsv

    kinds = {"pyarrow": pacsv.read_csv(path), "pyarrow batch": pacsv.read_csv(path).to_batches()[0]}
    try:
        import pandas as pd

        kinds["pandas"] = pd.read_csv(path)
    except ImportError:
        pass
    try:
        import polars as pl

        kinds["polars"] = pl.read_csv(path)
    except ImportError:
        pass
    return kinds


def rows_of(out):
    if isinstance(out, (pa.Table, pa.RecordBatch)):
        return out.to_pylist()
    if type(out).__module__.startswith("polars"):
        return out.to_dicts()
    return out.to_dict("records")


def test_several_text_columns_are_joined_as_the_cli_joins_them(cli, tmp_path):
    path = tmp_path / "several.csv"
    path.write_text(SEVERAL, encoding="utf-8")
    want = cli_csv(cli, path, "--text-col", "summary", "--text-col", "duties", "--title-col", "title")
    assert [r["role"] for r in want][::2] == ["technology_manager", "product_manager"]
    for kind, df in frames_of(path).items():
        got = rows_of(rolecall.classify_frame(df, ["summary", "duties"], "title", evidence=True))
        assert [r["role"] for r in got] == [r["role"] for r in want], kind
        assert [r["confidence"] for r in got] == [float(r["confidence"]) for r in want], kind
        for g, w in zip(got, want):
            # Offsets: code points here, bytes in the CLI; the same spans.
            ours = [(e["term"], e["field"], e["text"]) for e in json.loads(g["evidence"])]
            theirs = [(e["term"], e["field"], e["text"]) for e in json.loads(w["evidence"])]
            assert ours == theirs, kind
        # Offsets index the joined text, a blank line between the columns.
        joined = ["\n\n".join(x if isinstance(x, str) else "" for x in (r["summary"], r["duties"])) for r in rows_of(df)]
        for g, text in zip(got, joined):
            for e in json.loads(g["evidence"]):
                if e["field"] == "text":
                    assert text[e["start"] : e["end"]] == e["text"], kind


def test_missing_text_with_a_title_gets_the_cli_label_in_every_frame_kind(cli, tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text("title,description\nTechnical Program Manager,\nEngineering Manager,\n,\nLine cook,Prep and grill.\n")
    want = [r["role"] for r in cli_csv(cli, path)]
    assert want[:2] == ["technical_program_manager", "technology_manager"]
    for kind, df in frames_of(path).items():
        assert [r["role"] for r in rows_of(rolecall.classify_frame(df, "description", "title"))] == want, kind


def test_classify_batches_over_a_dataset_equals_one_frame(tmp_path):
    ds = pytest.importorskip("pyarrow.dataset")
    titles, texts = repeated(3000)
    table = pa.table({"id": list(range(3000)), "title": titles, "text": texts})
    ds.write_dataset(table, tmp_path / "data", format="ipc", max_rows_per_file=1000, max_rows_per_group=500)
    dataset = ds.dataset(tmp_path / "data", format="ipc")
    batches = list(rolecall.classify_batches(dataset.to_batches(batch_size=700), "text", "title"))
    assert len(batches) >= 6 and all(isinstance(b, pa.RecordBatch) for b in batches)
    whole = pa.Table.from_batches(batches).sort_by("id")
    assert whole.column("id").to_pylist() == list(range(3000))
    assert whole.select(RESULT_COLUMNS).equals(rolecall.classify_frame(table, "text", "title").select(RESULT_COLUMNS))


def test_classify_batches_over_a_polars_scan(tmp_path):
    pl = pytest.importorskip("polars")
    titles, texts = repeated(2500)
    pl.DataFrame({"title": titles, "text": texts}).write_parquet(tmp_path / "p.parquet")
    scan = pl.scan_parquet(tmp_path / "p.parquet")
    parts = list(rolecall.classify_batches(scan.collect_batches(chunk_size=1000), "text", "title"))
    assert all(isinstance(p, pl.DataFrame) for p in parts)
    assert pl.concat(parts).equals(rolecall.classify_frame(scan.collect(), "text", "title"))
