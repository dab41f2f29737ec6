"""Lexicon folders, as ``rolecall lexicons`` sees them: validate one
(``check``), count its terms per role and category (``list``), print every
literal term (``terms``) and write the built-in files to start a custom set
(``export``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from ._rolecall import NEIGHBOURS, ROLES, _lexicon_entries, _lexicon_sources, _lexicon_terms
from ._rolecall import check_lexicons as _check

__all__ = ["check", "list", "terms", "export"]

_Path = Union[str, "os.PathLike[str]"]
_list = list


def check(path: _Path) -> List[str]:
    """Every problem in the lexicon folder ``path``, one string each, as
    ``file:line:column: message`` — the lines ``rolecall lexicons check``
    prints. An empty list means the folder is valid.
    """
    return _check(path)


def list(path: Optional[_Path] = None) -> List[Dict[str, Any]]:  # noqa: A001 - the CLI's name
    """One row per role (and per neighbouring job family of ``other``), as
    ``rolecall lexicons list`` prints them: ``role``, ``neighbour`` (or
    ``None``), the number of entries per category (``title``, ``skill``, …),
    ``entries`` and ``spellings``. ``path``: a lexicon folder, ``None`` for the
    built-in lexicons; an invalid folder raises :class:`rolecall.LexiconError`.
    """
    rows: Dict[tuple, Dict[str, Any]] = {}
    for target, neighbour, category, spellings in _lexicon_entries(path):
        row = rows.setdefault((target, neighbour), {"role": target, "neighbour": neighbour, "entries": 0, "spellings": 0})
        row[category] = row.get(category, 0) + 1
        row["entries"] += 1
        row["spellings"] += spellings
    targets = [*ROLES, "other", "technical"]
    families = [None, *NEIGHBOURS]
    return sorted(rows.values(), key=lambda r: (targets.index(r["role"]), families.index(r["neighbour"])))


def terms(path: Optional[_Path] = None) -> List[str]:
    """Every literal term of the lexicons (``path``, or the built-in ones), one
    per spelling, as ``rolecall lexicons terms`` prints them."""
    return _lexicon_terms(path)


def export(directory: _Path) -> _list:
    """Writes the built-in lexicon files and ``calibration.json`` into
    ``directory`` (created if needed), to start a custom set from, as
    ``rolecall lexicons export`` does; refuses to overwrite a file
    (``FileExistsError``, nothing written). Returns the paths written."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    sources = _lexicon_sources()
    for name, _ in sources:
        if (folder / name).exists():
            raise FileExistsError(f"{folder / name} exists; nothing written (export into an empty folder)")
    written = []
    for name, text in sources:
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
