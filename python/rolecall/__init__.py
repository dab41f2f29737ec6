"""rolecall: classify job postings as Product Manager, Technical Product
Manager, Technology Manager or Technical Program Manager — or
``"unclassified"`` — with the evidence that decided it.

The classifier is the rolecall Rust library (the same lexicons, scores and
evidence as the ``rolecall`` command), compiled into this package.

>>> import rolecall
>>> c = rolecall.Classifier()
>>> r = c.classify("We are hiring a Technical Program Manager to drive milestones "
...                "across engineering teams.")
>>> r.role
'technical_program_manager'

Evidence ``start``/``end`` are Python string indices: ``text[e.start:e.end] ==
e.text`` for every evidence item whose ``field`` is ``"text"`` (``title[...]``
for ``"title"``).
"""

from __future__ import annotations

# `typing.Any` rather than importing `Any`: mypy stubtest would check a
# module-level `Any`, and on Python 3.9 typing.Any is no class.
import typing
from typing import TYPE_CHECKING, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, TypeVar, Union

from . import lexicons

if TYPE_CHECKING:
    # With pandas-stubs and pyarrow-stubs installed the frame types are
    # precise; without them (or without the package) a frame kind is Any.
    import pandas as pd  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import polars as pl  # type: ignore[import-not-found,unused-ignore]
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
from ._rolecall import (
    DEFAULT_MAX_BYTES,
    NEIGHBOURS,
    ROLES,
    Classification,
    Classifier,
    Evidence,
    LexiconError,
    __version__,
)

__all__ = [
    "Classifier",
    "Classification",
    "Evidence",
    "LexiconError",
    "ROLES",
    "NEIGHBOURS",
    "DEFAULT_MAX_BYTES",
    "classify_frame",
    "classify_batches",
    "explain",
    "lexicons",
    "__version__",
]

_default: Optional[Classifier] = None


def _default_classifier() -> Classifier:
    global _default
    if _default is None:
        _default = Classifier()
    return _default


def explain(text: str, title: Optional[str] = None) -> str:
    """The plain ``rolecall explain`` text for one posting, with the built-in
    lexicons: the posting with every counted match marked ``[[text|role]]``,
    the score breakdown per role, and the verdict. The first line names the
    posting ``-``, as ``rolecall explain -`` does for standard input.

    Use :meth:`Classifier.explain` for other lexicons or a different
    ``min_score``.
    """
    return _default_classifier().explain(text, title)


Frame = TypeVar("Frame", "pd.DataFrame", "pl.DataFrame", "pl.LazyFrame", "pa.Table", "pa.RecordBatch")
"""The frame kinds :func:`classify_frame` takes, each given back as the same kind."""


def classify_frame(
    df: Frame,
    text: Union[str, Sequence[str]],
    title: Optional[str] = None,
    *,
    evidence: bool = False,
    classifier: Optional[Classifier] = None,
    threads: Optional[int] = None,
    progress: bool = False,
) -> Frame:
    """Classify every row of a frame: a pandas DataFrame, a Polars DataFrame
    or LazyFrame, or a pyarrow Table or RecordBatch.

    ``text`` names the text column of ``df``, or several, joined per row with
    a blank line as ``rolecall csv --text-col A --text-col B`` joins them (the
    evidence offsets then index the joined text); ``title``, when given, names
    the title column. Returns a new frame of the same kind — the input is not
    modified — with the rows in order and these columns appended (replacing any
    of the same name): ``role``, ``confidence``, ``runner_up``, ``title_role``,
    ``content_role``, ``neighbour``, ``score_<role>`` for each role,
    ``profile_<axis>`` for each axis (``product``, ``technical``,
    ``delivery``, ``people``), and, with ``evidence=True``, ``evidence``: the
    evidence list as JSON text (offsets are code-point indices, as in
    :class:`Evidence`).

    Arrow-backed string columns (pyarrow, Polars, pandas' ``str`` dtype with
    pyarrow) are read through the Arrow C data interface, without a Python
    object per cell, and the result columns are built as Arrow arrays. pandas
    frames need pyarrow for the result columns.

    A missing text cell (``None``, ``NaN``, ``pd.NA``, an Arrow null) is an
    empty text, as an empty cell is to ``rolecall csv``: the title alone
    decides (``unclassified`` without one), and no exception; a missing title
    is no title. Any other non-string cell raises ``TypeError`` naming its row
    position. ``classifier`` defaults to the built-in lexicons; ``threads``
    and ``progress`` (a tqdm bar, when tqdm is installed) as in
    :meth:`Classifier.classify_many`; Ctrl-C raises ``KeyboardInterrupt``.
    """
    c = classifier if classifier is not None else _default_classifier()
    frame: typing.Any = df
    kind = _frame_kind(frame)
    if kind == "polars-lazy":
        out = classify_frame(frame.collect(), text, title, evidence=evidence, classifier=c, threads=threads, progress=progress)
        return typing.cast(Frame, out.lazy())
    texts: List[str] = [text] if isinstance(text, str) else list(text)
    if not texts:
        raise ValueError("text names no column")
    names = list(frame.column_names) if kind.startswith("pyarrow") else list(frame.columns)
    for name in [*texts, *([title] if title is not None else [])]:
        if name not in names:
            raise KeyError(f"no column {name!r} in the frame (its columns: {', '.join(map(str, names))})")
        if names.count(name) > 1:
            raise ValueError(f"column {name!r} appears {names.count(name)} times in the frame; name it once")
    read = _COLUMN_READERS[kind]
    result = c._classify_columns(
        [(name, read(frame, name)) for name in texts],
        (title, read(frame, title)) if title is not None else None,
        evidence=evidence,
        threads=threads,
        progress=progress,
    )
    return typing.cast(Frame, _APPENDERS[kind](frame, result))


def classify_batches(
    batches: Iterable[Frame],
    text: Union[str, Sequence[str]],
    title: Optional[str] = None,
    *,
    evidence: bool = False,
    classifier: Optional[Classifier] = None,
    threads: Optional[int] = None,
    progress: bool = False,
) -> Iterator[Frame]:
    """Classify data larger than memory, a batch at a time: each batch of
    ``batches`` (pyarrow record batches, e.g. ``dataset.to_batches()`` or a
    ``RecordBatchReader``; Polars frames, e.g. ``lf.collect_batches()``; or
    any frames :func:`classify_frame` takes) is given back, in order, as
    :func:`classify_frame` gives it. Only the batch at hand is held;
    ``progress`` shows one bar over all the batches' rows.
    """
    c = classifier if classifier is not None else _default_classifier()
    bar = _progress_bar() if progress else None
    try:
        for batch in batches:
            out = classify_frame(batch, text, title, evidence=evidence, classifier=c, threads=threads)
            rows: typing.Any = out
            if bar is not None and _frame_kind(rows) != "polars-lazy":
                bar.update(len(rows))
            yield out
    finally:
        if bar is not None:
            bar.close()


def _progress_bar() -> typing.Any:
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return tqdm(unit="posting")


def _frame_kind(df: typing.Any) -> str:
    module = type(df).__module__.split(".")[0]
    kind = {
        ("polars", "DataFrame"): "polars",
        ("polars", "LazyFrame"): "polars-lazy",
        ("pandas", "DataFrame"): "pandas",
        ("pyarrow", "Table"): "pyarrow-table",
        ("pyarrow", "RecordBatch"): "pyarrow-batch",
    }.get((module, type(df).__name__))
    if kind is None:
        raise TypeError(
            "classify_frame needs a pandas DataFrame, a Polars DataFrame or LazyFrame, "
            f"or a pyarrow Table or RecordBatch, not {type(df).__module__}.{type(df).__name__}"
        )
    return kind


def _pandas_column(df: typing.Any, name: str) -> typing.Any:
    """A pandas column as Arrow when its strings are Arrow-backed (pandas'
    ``str`` dtype with pyarrow, ``string[pyarrow]``, ``ArrowDtype``): no copy.
    Else its cells as a list, missing ones (NaN, pd.NA, NaT) as None."""
    column = df[name]
    if getattr(column.dtype, "storage", None) == "pyarrow" or type(column.dtype).__name__ == "ArrowDtype":
        return column.array.__arrow_array__()
    return column.astype(object).where(column.notna(), None).tolist()


_COLUMN_READERS: Dict[str, Callable[[typing.Any, str], typing.Any]] = {
    "polars": lambda df, name: df.get_column(name),
    "pyarrow-table": lambda df, name: df.column(name),
    "pyarrow-batch": lambda df, name: df.column(name),
    "pandas": _pandas_column,
}


class _ArrowBatch:
    """The result columns as the binding hands them over: the PyCapsules of an
    Arrow record batch, for any reader of the Arrow PyCapsule interface (read once)."""

    def __init__(self, capsules: typing.Any) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema: typing.Any = None) -> typing.Any:
        return self._capsules


def _arrow_result(result: typing.Any) -> typing.Any:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    return pa.record_batch(_ArrowBatch(result))


def _append_arrow(df: typing.Any, result: typing.Any) -> typing.Any:
    batch = _arrow_result(result)
    for name, column in zip(batch.schema.names, batch.columns):
        if name in df.column_names:
            df = df.set_column(df.column_names.index(name), name, column)
        else:
            df = df.append_column(name, column)
    return df


def _append_polars(df: typing.Any, result: typing.Any) -> typing.Any:
    import polars as pl

    return df.with_columns(pl.DataFrame(_ArrowBatch(result)).get_columns())


def _append_pandas(df: typing.Any, result: typing.Any) -> typing.Any:
    try:
        batch = _arrow_result(result)
    except ImportError:
        raise ImportError("classify_frame on a pandas frame needs pyarrow: pip install pyarrow") from None
    columns = batch.to_pandas()
    out = df.copy(deep=False)
    for name in batch.schema.names:
        out[name] = columns[name].array
    return out


_APPENDERS: Dict[str, Callable[[typing.Any, typing.Any], typing.Any]] = {
    "polars": _append_polars,
    "pyarrow-table": _append_arrow,
    "pyarrow-batch": _append_arrow,
    "pandas": _append_pandas,
}
