"""Type stubs for the native module rolecall._rolecall (the Rust binding)."""

import os
from typing import Any, Dict, Iterable, List, Optional, Protocol, TypedDict, Union, final

class _ArrowArray(Protocol):
    """An Arrow array or record batch (the Arrow PyCapsule interface)."""

    def __arrow_c_array__(self, requested_schema: Any = None) -> "tuple[Any, Any]": ...

class _ArrowStream(Protocol):
    """An Arrow stream: a pyarrow ChunkedArray, a Polars Series, …"""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

_ArrowStrings = Union[_ArrowArray, _ArrowStream]

__all__ = [
    "Classifier",
    "Classification",
    "Evidence",
    "LexiconError",
    "check_lexicons",
    "_lexicon_entries",
    "_lexicon_terms",
    "_lexicon_sources",
    "_restore_classification",
    "_restore_evidence",
    "DEFAULT_MAX_BYTES",
    "__version__",
    "ROLES",
    "NEIGHBOURS",
]

__version__: str
"""The package version (the Rust crates' version)."""

DEFAULT_MAX_BYTES: int
"""Default ``max_bytes``: 256 MiB."""

ROLES: List[str]
NEIGHBOURS: List[str]
"""The neighbouring job families an unclassified posting can read as, in output order."""
"""The four role ids, in output order."""

class LexiconError(ValueError):
    """An invalid lexicon folder; the message lists every problem."""

    problems: List[str]
    """Every problem as ``file:line:column: message``."""

@final
class Evidence:
    """One counted match: what matched, where, and what it added to a score."""

    @property
    def role(self) -> str:
        """The role credited (``"other"`` for vocabulary of a neighbouring job)."""
    @property
    def neighbour(self) -> Optional[str]:
        """For ``"other"`` evidence: the neighbouring job family; else ``None``."""
    @property
    def term(self) -> str:
        """The lexicon entry's name (its canonical spelling, or a pattern's name)."""
    @property
    def category(self) -> str:
        """The entry's category: ``title``, ``skill``, ``kpi``, ``responsibility``,
        ``stakeholder``, ``deliverable``, ``domain`` or ``people``."""
    @property
    def weight(self) -> float:
        """The entry's weight in the lexicon."""
    @property
    def contribution(self) -> float:
        """What this match added to the role's score."""
    @property
    def field(self) -> str:
        """``"title"`` or ``"text"``: the string ``start``/``end`` index into."""
    @property
    def start(self) -> int:
        """Code-point index of the match start (``field[start:end] == text``)."""
    @property
    def end(self) -> int:
        """Code-point index just past the match."""
    @property
    def text(self) -> str:
        """The matched text."""
    @property
    def also(self) -> List[Dict[str, Any]]:
        """The other roles the same span counts for: ``role``, ``term``,
        ``category``, ``weight``, ``contribution`` (``neighbour`` for
        ``"other"``). The span itself is listed once."""
    def to_dict(self) -> Dict[str, Any]:
        """Plain JSON-ready data."""
    def __eq__(self, value: object, /) -> bool: ...

class _Opening(TypedDict):
    """One opening of a posting (see ``Classification.roles``)."""

    role: str
    start: int
    end: int
    evidence: List[Evidence]

@final
class Classification:
    """The result for one posting."""

    @property
    def role(self) -> str:
        """A role id (``"product_manager"``, …) or ``"unclassified"``."""
    @property
    def confidence(self) -> float:
        """The estimated probability that the label is right (for
        ``"unclassified"``: that the posting is none of the four roles)."""
    @property
    def runner_up(self) -> Optional[str]:
        """The role with the next highest score (the highest-scoring one when
        unclassified), or ``None`` when no other role scores above 0."""
    @property
    def title_role(self) -> Optional[str]:
        """The role the title alone supports, or ``None`` (no title, or it
        supports none)."""
    @property
    def content_role(self) -> Optional[str]:
        """The role the text alone supports, or ``None``."""
    @property
    def neighbour(self) -> Optional[str]:
        """For an unclassified posting that reads as another job: the
        neighbouring family with the most of its vocabulary (``engineering``,
        ``design``, ``marketing``, ``sales``, ``support``, ``data``,
        ``operations``, ``architecture``, ``other``); else ``None``."""
    @property
    def scores(self) -> Dict[str, float]:
        """Score of each role, in output order."""
    @property
    def profile(self) -> Dict[str, float]:
        """Where the posting sits between the seeds' axes: ``product``,
        ``technical``, ``delivery``, ``people``, each the axis's share of the
        posting's duty evidence, in [0, 1]."""
    @property
    def other_score(self) -> float:
        """Score of the vocabulary of other jobs (all neighbouring job families together)."""
    @property
    def evidence(self) -> List[Evidence]:
        """The top matches by contribution, highest first."""
    @property
    def roles(self) -> List[_Opening]:
        """Each opening the posting hires for: ``role``, ``start`` and ``end``
        (code points: ``text[start:end]`` is the opening's part) and its own
        ``evidence``. A post with one opening has one entry, the whole text."""
    @property
    def truncated_at(self) -> Optional[int]:
        """When the text was longer than ``max_bytes``: the code-point length
        scanned; else ``None``."""
    def to_dict(self) -> Dict[str, Any]:
        """Plain JSON-ready data with the keys of the CLI's JSON Lines result:
        ``role``, ``confidence``, ``runner_up``, ``title_role``, ``content_role``,
        ``neighbour``, ``scores``, ``profile``, ``evidence``, ``roles``."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class Classifier:
    """A reusable, thread-safe classifier: the lexicons compiled once.

    ``lexicons`` is a folder of lexicon files (``None``: the built-in ones);
    an invalid folder raises :class:`LexiconError` (a ``ValueError``) listing
    every problem; its ``calibration.json``, when present, calibrates
    confidence. ``min_score``: a role needs at least this score to be named.
    ``evidence``: evidence items kept per posting. ``max_bytes``: only the first
    ``max_bytes`` of a text (as UTF-8) are scanned. ``min_confidence``: a label
    whose confidence is below it becomes ``"unclassified"``.
    """

    def __new__(
        cls,
        lexicons: Union[str, "os.PathLike[str]", None] = None,
        *,
        min_score: float = 7.0,
        evidence: int = 5,
        max_bytes: int = ...,
        min_confidence: float = 0.0,
        technical_weight: float = 4.0,
        program_depth: float = 2.0,
    ) -> "Classifier": ...
    def __getnewargs_ex__(self) -> "tuple[tuple[Optional[str]], Dict[str, Any]]":
        """Pickling: re-created from the lexicon folder and the options."""
    @property
    def min_score(self) -> float: ...
    @property
    def min_confidence(self) -> float: ...
    @property
    def evidence(self) -> int: ...
    @property
    def max_bytes(self) -> int: ...
    @property
    def technical_weight(self) -> float:
        """Weight of technical vocabulary against product work (``--technical-weight``)."""
    @property
    def program_depth(self) -> float:
        """Technical depth a program job needs to be a technical program manager (``--program-depth``)."""
    def classify(self, text: str, title: Optional[str] = None) -> Classification:
        """Classify one posting; ``title``, when given, weighs more than the text."""
    def classify_many(
        self,
        texts: Union[Iterable[str], _ArrowStrings],
        titles: Union[Iterable[Optional[str]], _ArrowStrings, None] = None,
        *,
        threads: Optional[int] = None,
        progress: bool = False,
    ) -> List[Classification]:
        """Classify many postings in parallel with the GIL released; results in
        input order, identical for any ``threads`` (default: all cores).
        ``texts`` and ``titles`` are iterables of ``str`` or Arrow string
        arrays (pyarrow, Polars), read without a Python object per item. A
        non-string item raises ``TypeError`` naming its index."""
    def explain(self, text: str, title: Optional[str] = None) -> str:
        """The plain ``rolecall explain -`` text for one posting."""
    def _classify_columns(
        self,
        texts: List["tuple[str, Union[_ArrowStrings, List[Any]]]"],
        title: "Optional[tuple[str, Union[_ArrowStrings, List[Any]]]]" = None,
        *,
        evidence: bool = False,
        threads: Optional[int] = None,
        progress: bool = False,
    ) -> _ArrowArray:
        """The result columns of :func:`rolecall.classify_frame` as an Arrow
        record batch, for ``(name, column)`` pairs (Arrow strings, or lists of
        ``str``, UTF-8 ``bytes``, ``None`` or ``NaN``)."""

def _lexicon_entries(
    path: Union[str, "os.PathLike[str]", None] = None,
) -> List["tuple[str, Optional[str], str, int]"]:
    """Every lexicon entry as (target, neighbour, category, spellings)."""

def _lexicon_terms(path: Union[str, "os.PathLike[str]", None] = None) -> List[str]:
    """Every literal term of the lexicons."""

def _lexicon_sources() -> List["tuple[str, str]"]:
    """The built-in lexicon files and calibration as (file name, contents)."""

def _restore_classification(state: bytes) -> Classification:
    """Rebuilds a pickled ``Classification`` (used by ``pickle``)."""

def _restore_evidence(state: bytes) -> Evidence:
    """Rebuilds a pickled ``Evidence`` (used by ``pickle``)."""

def check_lexicons(path: Union[str, "os.PathLike[str]"]) -> List[str]:
    """Every problem in a lexicon folder as ``file:line:column: message``."""
