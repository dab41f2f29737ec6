"""Scale-out recipes (docs/python.md): Dask on a local cluster of 2 worker
processes gives the labels `rolecall csv` gives on the same rows."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

import rolecall
from conftest import fixture_postings


def write_postings(path, rows=600):
    """A CSV of the fixtures repeated (id, title, text), some cells empty."""
    postings = fixture_postings()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "text"])
        for i in range(rows):
            _, title, text = postings[i % len(postings)]
            w.writerow([i, title or "", "" if i % 97 == 0 else text])


def cli_labels(cli, path):
    out = subprocess.run([cli, "csv", str(path)], capture_output=True, text=True, check=True).stdout
    return {int(r["id"]): r["role"] for r in csv.DictReader(io.StringIO(out))}


def classify_partition(df):
    """The recipe's partition function: classify_frame on one pandas partition."""
    return rolecall.classify_frame(df, "text", "title")


def test_dask_map_partitions_on_two_workers_equals_the_cli(cli, tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("dask.distributed")
    path = tmp_path / "postings.csv"
    write_postings(path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            # Posting texts hold line breaks inside quotes: a CSV is read whole
            # (blocksize=None; one partition per file), then split.
            ddf = dd.read_csv(
                str(path), dtype={"id": "int64", "title": "object", "text": "object"}, blocksize=None
            ).repartition(npartitions=4)
            meta = classify_partition(ddf._meta)
            labelled = ddf.map_partitions(classify_partition, meta=meta).compute()
    got = dict(zip(labelled["id"], labelled["role"]))
    assert got == cli_labels(cli, path)


def test_pyspark_map_in_pandas_and_map_in_arrow_on_local_2_equal_the_cli(cli, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    import shutil
    import sys

    if shutil.which("java") is None:
        pytest.skip("PySpark needs Java")
    from pyspark.sql import SparkSession

    def classify_batches_of_rows(batches):
        """The recipe's mapInPandas function (defined here so that Spark ships
        it by value): each batch of rows as a pandas frame, id and label out."""
        for pdf in batches:
            yield rolecall.classify_frame(pdf, "text", "title")[["id", "role"]]

    def classify_record_batches(batches):
        """The recipe's mapInArrow function: pyarrow record batches in and out,
        no pandas in between."""
        for batch in rolecall.classify_batches(batches, "text", "title"):
            yield batch.select(["id", "role"])

    path = tmp_path / "postings.csv"
    write_postings(path)
    # Spark's Python workers start in the driver's folder: not python/, whose
    # source package would shadow the installed one.
    monkeypatch.chdir(tmp_path)
    # The workers run this interpreter (the one with rolecall installed).
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("rolecall-test")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        # Quoted fields with line breaks: multiLine, and `"` escaped by doubling (RFC 4180).
        sdf = spark.read.options(header=True, multiLine=True, escape='"').csv(str(path)).repartition(3)
        rows = sdf.mapInPandas(classify_batches_of_rows, schema="id string, role string").collect()
        arrow_rows = sdf.mapInArrow(classify_record_batches, schema="id string, role string").collect()
    finally:
        spark.stop()
    want = cli_labels(cli, path)
    assert {int(r["id"]): r["role"] for r in rows} == want
    assert {int(r["id"]): r["role"] for r in arrow_rows} == want
