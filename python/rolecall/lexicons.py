"""Lexicon folders: validate them as ``rolecall lexicons check DIR`` does."""

from __future__ import annotations

import os
from typing import List, Union

from ._rolecall import check_lexicons as _check

__all__ = ["check"]


def check(path: Union[str, "os.PathLike[str]"]) -> List[str]:
    """Every problem in the lexicon folder ``path``, one string each, as
    ``file:line:column: message`` — the lines ``rolecall lexicons check``
    prints. An empty list means the folder is valid.
    """
    return _check(path)
