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
from typing import Optional

from . import lexicons
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


def classify_frame(
    df: typing.Any,
    text: str,
    title: Optional[str] = None,
    *,
    evidence: bool = False,
    classifier: Optional[Classifier] = None,
    threads: Optional[int] = None,
    progress: bool = False,
) -> typing.Any:
    """Classify every row of a pandas or Polars DataFrame (or a Polars LazyFrame).

    ``text`` (and ``title``, when given) name columns of ``df``. Returns a new
    frame of the same kind — the input is not modified — with the rows in
    order and these columns appended (replacing any of the same name):
    ``role``, ``confidence``, ``runner_up``, ``title_role``, ``content_role``,
    ``neighbour``, ``score_<role>`` for each role, ``profile_<axis>`` for each
    axis (``product``, ``technical``, ``delivery``, ``people``),
    and, with ``evidence=True``, ``evidence``: the evidence list as JSON text
    (offsets are code-point indices, as in :class:`Evidence`).

    A missing text cell (``None``, ``NaN``, ``pd.NA``) is an empty text, as an
    empty cell is to ``rolecall csv``: the title alone decides (``unclassified``
    without one), and no exception; a missing title is no title. Any other non-string cell raises ``TypeError`` naming its row
    position. ``classifier`` defaults to the built-in lexicons; ``threads``
    and ``progress`` (a tqdm bar, when tqdm is installed) as in
    :meth:`Classifier.classify_many`; Ctrl-C raises ``KeyboardInterrupt``.
    """
    c = classifier if classifier is not None else _default_classifier()
    kind = _frame_kind(df)
    if kind == "polars-lazy":
        return classify_frame(
            df.collect(), text, title, evidence=evidence, classifier=c, threads=threads, progress=progress
        ).lazy()
    for name in (text, title):
        if name is not None and list(df.columns).count(name) > 1:
            raise ValueError(f"column {name!r} appears {list(df.columns).count(name)} times in the frame; name it once")
    if kind == "polars":
        texts = _polars_cells(df.get_column(text))
        titles = _polars_cells(df.get_column(title)) if title is not None else None
    else:
        texts = _pandas_cells(df[text])
        titles = _pandas_cells(df[title]) if title is not None else None
    columns = c.classify_columns(texts, titles, evidence=evidence, threads=threads, progress=progress)
    if kind == "polars":
        import polars as pl

        return df.with_columns(
            [pl.Series(name, values, dtype=pl.Float64 if _numeric(name) else pl.Utf8) for name, values in columns.items()]
        )
    import pandas as pd  # type: ignore[import-untyped]

    out = df.copy(deep=False)
    for name, values in columns.items():
        # Explicit dtypes: an empty frame would otherwise get float64 text columns.
        out[name] = pd.Series(values, index=out.index, dtype="float64" if _numeric(name) else object)
    return out


def _numeric(column: str) -> bool:
    return column == "confidence" or column.startswith(("score_", "profile_"))


def _frame_kind(df: typing.Any) -> str:
    module = type(df).__module__.split(".")[0]
    if module == "polars":
        return "polars-lazy" if type(df).__name__ == "LazyFrame" else "polars"
    if module == "pandas":
        return "pandas"
    raise TypeError(f"classify_frame needs a pandas or Polars DataFrame or a Polars LazyFrame, not {type(df).__name__}")


def _polars_cells(column: typing.Any) -> list:
    """The cells of a Polars Series as a list, nulls as None. String columns
    come as UTF-8 ``bytes``: much faster to make than ``str``, and read by the
    binding without another copy."""
    import polars as pl

    if column.dtype == pl.Utf8:
        return column.cast(pl.Binary).to_list()
    return column.to_list()


def _pandas_cells(column: typing.Any) -> list:
    """The cells of a pandas Series as a list, missing ones (NaN, pd.NA, NaT) as None."""
    values = column.astype(object)
    return values.where(column.notna(), None).tolist()
