"""Typed records that flow forward through the pipeline.

Each stage takes records from the stage before it and returns new ones; no
stage reaches back into another.  The JSON shapes of ``Section``, ``Target``,
``ResponsibilityBlock`` and ``Document`` are the contract of ``SPEC.md``
section 2: every span (``start``, ``end``) is a pair of character offsets into
the *raw* text, ``end`` exclusive.

Stage by stage::

    RawDocument  --clean_layout-->  CleanText
    CleanText    --split_paragraphs / find_sections-->  Paragraph, Section
    RawTable     --build_tables-->  Table                  (tables the reader wrote into the raw text)
    Paragraph    --extract_targets / extract_responsibilities-->  Target, ResponsibilityBlock
    Table        --table_targets-->  Target                (source "table", SPEC section 5)
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
class RawCell:
    """One cell of a table the reader wrote into the raw text: ``raw[start:end]`` is its text.

    ``merge`` says whether the grid position belongs to a cell that spans into it from the
    ``"left"`` (a column span) or from ``"up"`` (a row span); such a position is written as an
    empty cell (``start == end``).  ``indent`` is how many steps the cell's text is indented
    within its cell, relative to its column (a sub-row such as ``风电`` under ``可再生能源发电装机``).
    """

    start: int
    end: int
    merge: str = ""
    indent: int = 0


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table as the reader wrote it: one line per row, cells separated by tabs.

    ``start``/``end`` is the raw span of its rows; ``page`` the 1-based page it stands on (PDF).
    A table that runs over a page break is one ``RawTable`` per page; ``build_tables`` joins them.
    """

    start: int
    end: int
    rows: tuple[tuple[RawCell, ...], ...]
    page: int | None = None

    def shifted(self, by: int) -> RawTable:
        """The same table ``by`` characters later in the text (pages joined into one text)."""
        rows = tuple(
            tuple(RawCell(c.start + by, c.end + by, c.merge, c.indent) for c in row) for row in self.rows
        )
        return RawTable(self.start + by, self.end + by, rows, self.page)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """The raw text of one input, as SPEC section 1 defines it.

    ``page_starts`` holds the raw offsets at which each page begins, when the
    reader knows them (PDF); the cleaner uses them to drop running headers and
    page numbers.  Empty for inputs without pages.  ``tables`` are the tables the
    reader found and wrote into ``text`` (PDF, Word, HTML), in text order.
    """

    doc_id: str
    source: str
    sha256: str
    encoding: str
    text: str
    format: str = "txt"
    page_starts: tuple[int, ...] = ()
    tables: tuple[RawTable, ...] = ()


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
    in_table: bool = False  # a row of a table the reader found: no running text, no heading


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
    norm_unit: str | None
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
    norm_unit: str | None
    comparator: Comparator
    direction: Direction
    target_year: int | None
    baseline_year: int | None
    modality: Modality
    section: str | None
    start: int
    end: int
    source: str = "text"  # "text" (running text, SPEC section 4) | "table" (SPEC section 5)
    baseline_value: float | None = None  # the base-year value a table row gives
    page: int | None = None  # 1-based page, for inputs that have pages
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


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a ``Table``: its text as written (``raw[start:end]``), raw span, page, indent steps."""

    text: str
    start: int
    end: int
    page: int | None = None
    indent: int = 0
    merge: str = ""  # "left" / "up": the position belongs to a merged cell reaching it from there


@dataclass(slots=True)
class Table:
    """A table of the plan (SPEC section 5): caption, one header per column, body rows.

    ``header`` holds the header rows as written (merged cells empty), ``columns`` one header
    per column with merged cells resolved (``指标值`` over ``2020年`` → ``指标值 2020年``), ``rows``
    the body rows, each with one cell per column.  A table that runs over a page break is one
    table (header rows repeated on the next page dropped); ``page`` is its first page.
    """

    index: int
    page: int | None
    caption: str | None
    columns: list[str]
    header: list[list[TableCell]]
    rows: list[list[TableCell]]
    start: int
    end: int
    section: str | None = None


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
    tables: list[Table] = field(default_factory=list)

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
            tables=[_table_from_json(t) for t in data.get("tables") or []],
        )


def _table_from_json(data: dict[str, Any]) -> Table:
    def cells(rows: list[list[dict[str, Any]]]) -> list[list[TableCell]]:
        return [[TableCell(**c) for c in row] for row in rows]

    fields = {k: v for k, v in data.items() if k not in ("header", "rows")}
    return Table(**fields, header=cells(data.get("header") or []), rows=cells(data.get("rows") or []))


_NESTED = {"sections", "targets", "responsibilities", "warnings", "rejected", "tables"}


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
