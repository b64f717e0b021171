"""Typed records that flow forward through the pipeline.

Each stage takes records from the stage before it and returns new ones; no
stage reaches back into another.  The JSON shapes of ``Section``, ``Target``,
``ResponsibilityBlock`` and ``Document`` are the contract of ``SPEC.md``
section 2: every span (``start``, ``end``) is a pair of character offsets into
the *raw* text, ``end`` exclusive.

Stage by stage::

    RawDocument  --clean_layout-->  CleanText
    CleanText    --split_paragraphs / find_sections-->  Paragraph, Section
    Paragraph    --extract_targets / extract_responsibilities-->  Target, ResponsibilityBlock
    all of them  --build_document-->  Document
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Literal

Comparator = Literal["=", ">=", ">", "<=", "<", "~"]
Direction = Literal["level", "increase", "decrease"]
Modality = Literal["binding", "aspirational"]
Role = Literal["lead", "support", "responsible"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """The raw text of one input, as SPEC section 1 defines it.

    ``page_starts`` holds the raw offsets at which each page begins, when the
    reader knows them (PDF); the cleaner uses them to drop running headers and
    page numbers.  Empty for inputs without pages.
    """

    doc_id: str
    source: str
    sha256: str
    encoding: str
    text: str
    format: str = "txt"
    page_starts: tuple[int, ...] = ()


@dataclass(slots=True)
class CleanText:
    """The cleaned text and, for every character of it, its raw offset.

    ``offsets[i]`` is the offset in the raw text of ``text[i]``.  Characters
    the cleaner inserts (the ``"\\n"`` between paragraphs) point at the raw
    character they replace or stand beside.  ``steps`` names the fixes that
    changed something, in the order applied.
    """

    text: str
    offsets: list[int]
    steps: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text):
            raise ValueError(f"offset map has {len(self.offsets)} entries for {len(self.text)} characters")

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span ``[start, end)`` to the raw span that covers it."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"clean span ({start}, {end}) outside 0..{len(self.text)}")
        return self.offsets[start], self.offsets[end - 1] + 1

    def clean_index(self, raw_offset: int) -> int:
        """The first clean character at or after ``raw_offset``."""
        return bisect.bisect_left(self.offsets, raw_offset)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the cleaned text.

    ``start``/``end`` are offsets into the *clean* text; ``section`` is the id
    of the deepest outline section open at this paragraph (the one its own
    heading opens, if it has one).
    """

    index: int
    text: str
    start: int
    end: int
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """An outline entry: ``一、`` (1), ``（一）`` (2), ``1.`` (3), ``（1）`` (4)."""

    id: str
    level: int
    heading: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph, ended by 。！？ (clean offsets)."""

    paragraph: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """A word from the segmenter, with clean offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, found anywhere in a text (target or not).

    ``start``/``end`` are offsets into the text that was searched.
    """

    value: float
    value_max: float | None
    unit: str
    norm_value: float | None
    norm_unit: str
    start: int
    end: int
    text: str = ""


@dataclass(slots=True)
class Target:
    """A quantity the plan sets as a goal (SPEC sections 2 and 4)."""

    indicator: str
    value: float
    value_max: float | None
    unit: str
    norm_value: float | None
    norm_unit: str
    comparator: Comparator
    direction: Direction
    target_year: int | None
    baseline_year: int | None
    modality: Modality
    section: str | None
    start: int
    end: int
    # Extensions beyond the SPEC (kept at the end so the SPEC fields read first).
    sentence: str | None = None
    rule: str | None = None  # the admission rule that took it (pipeline.admission)


@dataclass(slots=True)
class Rejection:
    """A quantity left out of the targets, and the rule that left it out (pipeline.admission)."""

    start: int
    end: int
    value: float
    unit: str
    rule: str


@dataclass(frozen=True, slots=True)
class AgencyUnit:
    """One unit named in a responsibility block."""

    name: str
    canonical: str
    role: Role


@dataclass(slots=True)
class ResponsibilityBlock:
    """``〔责任单位：…〕`` and its kin: who answers for a task."""

    section: str | None
    start: int
    end: int
    units: list[AgencyUnit]


@dataclass(slots=True)
class Document:
    """One extracted plan: the record of SPEC section 2."""

    doc_id: str
    source: str
    sha256: str
    encoding: str
    title: str | None
    issuer: str | None
    date: str | None
    region: str | None
    text: str
    sections: list[Section] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    responsibilities: list[ResponsibilityBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Extension beyond the SPEC: every quantity left out, so an evaluation can say why it was.
    rejected: list[Rejection] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The SPEC record as plain JSON-ready data (what ``dataclasses.asdict`` gives)."""
        return _plain(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from its SPEC record (as written to ``documents.jsonl``)."""
        fields = {k: data.get(k) for k in cls.__dataclass_fields__ if k not in _NESTED}
        fields["text"] = fields.get("text") or ""
        return cls(
            **fields,
            sections=[Section(**s) for s in data.get("sections") or []],
            targets=[Target(**t) for t in data.get("targets") or []],
            responsibilities=[
                ResponsibilityBlock(
                    section=b.get("section"),
                    start=b["start"],
                    end=b["end"],
                    units=[AgencyUnit(**u) for u in b.get("units") or []],
                )
                for b in data.get("responsibilities") or []
            ],
            warnings=list(data.get("warnings") or []),
            rejected=[Rejection(**r) for r in data.get("rejected") or []],
        )


_NESTED = {"sections", "targets", "responsibilities", "warnings", "rejected"}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for these records: dataclasses to dicts, lists copied, leaves as they are.

    ``asdict`` deep-copies every leaf through ``copy.deepcopy``; the leaves here are
    str, int, float and None, which need no copy, and that made ``to_json`` slower than
    extracting the document in a batch's main process.

    >>> _plain(Section("一", 1, "总体要求", 2, 6))
    {'id': '一', 'level': 1, 'heading': '总体要求', 'start': 2, 'end': 6}
    """
    if isinstance(value, list):
        return [_plain(v) for v in value]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    return value
