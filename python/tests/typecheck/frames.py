"""Checked by mypy in scripts/python-check.sh (not run): classify_frame and
classify_batches give back the frame kind they are given, and classify_many
takes lists of str and Arrow string arrays."""

from __future__ import annotations

from typing import Iterator, List

import pandas as pd
import polars as pl
import pyarrow as pa
from typing_extensions import assert_type

import rolecall


def frames(df: pd.DataFrame, pdf: pl.DataFrame, lf: pl.LazyFrame, table: pa.Table, batch: pa.RecordBatch) -> None:
    assert_type(rolecall.classify_frame(df, "text", "title"), pd.DataFrame)
    assert_type(rolecall.classify_frame(pdf, ["summary", "duties"]), pl.DataFrame)
    assert_type(rolecall.classify_frame(lf, "text", evidence=True), pl.LazyFrame)
    assert_type(rolecall.classify_frame(table, "text", threads=2), pa.Table)
    assert_type(rolecall.classify_frame(batch, "text", progress=True), pa.RecordBatch)


def batches(reader: pa.RecordBatchReader, parts: List[pl.DataFrame]) -> None:
    assert_type(rolecall.classify_batches(reader, "text"), Iterator[pa.RecordBatch])
    assert_type(rolecall.classify_batches(parts, "text", "title"), Iterator[pl.DataFrame])


def many(c: rolecall.Classifier, texts: List[str], column: pa.ChunkedArray, series: pl.Series) -> None:
    assert_type(c.classify_many(texts), List[rolecall.Classification])
    assert_type(c.classify_many(column, series), List[rolecall.Classification])
