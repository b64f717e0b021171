"""What the annotation formats share: a document as regions over its raw text, and back.

A person checking predictions looks at spans of the raw text.  A ``Region`` is one such
span: a target, a responsibility block, one unit of a block (``parent`` names its block)
or an outline section, with the record's other fields in ``fields``.  ``regions_of``
turns a SPEC record into an ``Annotation`` (the regions of one document);
``gold_record`` turns an ``Annotation`` back into a SPEC gold record.  Between the two,
each format module only translates regions to and from its own JSON.

Offsets here are Python's: code points into the raw text.  Label Studio and doccano
count UTF-16 code units (JavaScript string indices), so a character outside the Basic
Multilingual Plane (an emoji, a CJK Extension B character such as 𠀀) counts twice
there; ``Utf16`` converts both ways.

The fields of each kind are read off the record types (``records.Target`` …), so a field
added to a record travels through the round trip without a change here: ``Literal``
fields become choices, the others text.
"""

from __future__ import annotations

import bisect
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..errors import AnnotationError
from ..records import AgencyUnit, Document, ResponsibilityBlock, Section, Target
from ..text import squeeze

Kind = Literal["target", "block", "unit", "section"]
KINDS: tuple[Kind, ...] = ("target", "block", "unit", "section")
LABELS: dict[Kind, str] = {"target": "Target", "block": "Block", "unit": "Unit", "section": "Section"}
METADATA = ("title", "issuer", "date", "region")
HEADER = ("source", "sha256", "encoding")

#: Record fields that are no field of a region: its span, the block's units, what is derived.
_NOT_FIELDS = {"start", "end", "units", "level", "sentence"}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a region: its name, value type, whether it may be null, its choices."""

    name: str
    type: type
    nullable: bool
    choices: tuple[str, ...] | None = None

    def format(self, value: Any) -> str:
        """The value as a person edits it in a text box (``""`` for null).

        >>> spec = FieldSpec("value", float, False)
        >>> spec.format(26000.0), spec.parse("26000.0"), FieldSpec("target_year", int, True).format(None)
        ('26000.0', 26000.0, '')
        """
        if value is None:
            return ""
        return repr(value) if isinstance(value, float) else str(value)

    def parse(self, text: str | None) -> Any:
        """Read a value back from its text; ``""`` is null (or ``""``).  Raises ``ValueError``.

        >>> FieldSpec("target_year", int, True).parse(" 2025 "), FieldSpec("value_max", float, True).parse("")
        (2025, None)
        >>> FieldSpec("comparator", str, False, ("=", ">=")).parse("≥")
        Traceback (most recent call last):
        ...
        ValueError: comparator: '≥' is not one of '=', '>='
        """
        text = (text or "").strip()
        if not text:  # a text field that may not be null is empty: a bare number's unit ""
            return "" if self.type is str and self.choices is None and not self.nullable else None
        if self.choices is not None and text not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{self.name}: {text!r} is not one of {allowed}")
        if self.type is int:
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"{self.name}: {text!r} is not a whole number") from None
        if self.type is float:
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"{self.name}: {text!r} is not a number") from None
        return text


def _spec(name: str, hint: Any) -> FieldSpec:
    args = typing.get_args(hint)
    nullable = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        nullable = type(None) in args
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else str
        args = typing.get_args(hint)
    if typing.get_origin(hint) is Literal:
        return FieldSpec(name, str, nullable, tuple(str(a) for a in args))
    return FieldSpec(name, hint if hint in (int, float) else str, nullable)


def specs_of(cls: type) -> tuple[FieldSpec, ...]:
    """The region fields of a record type, in the record's order.

    >>> [s.name for s in specs_of(Section)]
    ['id', 'heading']
    >>> specs_of(AgencyUnit)[-1]
    FieldSpec(name='role', type=<class 'str'>, nullable=False, choices=('lead', 'support', 'responsible'))
    """
    hints = typing.get_type_hints(cls)
    return tuple(_spec(f.name, hints[f.name]) for f in fields(cls) if f.name not in _NOT_FIELDS)


FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    "target": specs_of(Target),
    "block": specs_of(ResponsibilityBlock),
    "unit": specs_of(AgencyUnit),
    "section": specs_of(Section),
}


@dataclass(slots=True)
class Region:
    """One span of the raw text a person checks, with the record's other fields."""

    key: str
    kind: Kind
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None  # a unit's block


@dataclass(slots=True)
class Annotation:
    """The regions of one document, with what the gold record needs besides them.

    ``carried`` holds the targets without a span and the table targets (a table is checked as a
    table, not as spans of running text): they pass through unchanged.
    """

    doc_id: str
    raw: str
    header: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    carried: list[dict[str, Any]] = field(default_factory=list)

    def of(self, kind: Kind) -> list[Region]:
        return [r for r in self.regions if r.kind == kind]


# --------------------------------------------------------------------------------------------------
# UTF-16 offsets


class Utf16:
    """Offsets in code points (Python) and in UTF-16 code units (JavaScript), both ways.

    >>> text = "到2025年😀，𠀀森林覆盖率60%"
    >>> u = Utf16(text)
    >>> start = text.index("60%")
    >>> u.to_utf16(start), u.from_utf16(u.to_utf16(start)) == start
    (16, True)
    >>> u.from_utf16(7)
    Traceback (most recent call last):
    ...
    ValueError: UTF-16 offset 7 falls inside the surrogate pair of '😀' (code point offset 6)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        self.astral_u16 = [i + k for k, i in enumerate(self.astral)]
        self.length = len(text) + len(self.astral)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self.astral, offset)

    def from_utf16(self, offset: int) -> int:
        if not 0 <= offset <= self.length:
            raise ValueError(f"UTF-16 offset {offset} outside 0..{self.length}")
        before = bisect.bisect_left(self.astral_u16, offset)
        if before and self.astral_u16[before - 1] + 1 == offset:
            cp = self.astral[before - 1]
            raise ValueError(
                f"UTF-16 offset {offset} falls inside the surrogate pair of {self.text[cp]!r} "
                f"(code point offset {cp})"
            )
        return offset - before


# --------------------------------------------------------------------------------------------------
# Record -> regions


def locate_units(raw: str, block: ResponsibilityBlock) -> list[tuple[int, int]]:
    """The raw span of each unit name inside its block, in the order written.

    Layout noise may sit inside a name in the raw text: white space, and whole lines the
    cleaner removed (a page number between two pages).  A name that cannot be found at
    all gets the stretch between its neighbours, so no unit is lost and the order stays
    as written.

    >>> raw = "〔责任单位：县林业\\n局、四川\\n― 4 ―\\n省能源局〕"
    >>> units = [AgencyUnit("县林业局", "林业局", "responsible"),
    ...          AgencyUnit("四川省能源局", "四川省能源局", "responsible")]
    >>> block = ResponsibilityBlock(None, 0, len(raw), units)
    >>> [raw[s:e] for s, e in locate_units(raw, block)]
    ['县林业\\n局', '四川\\n― 4 ―\\n省能源局']
    """
    found: list[tuple[int, int] | None] = []
    pos = block.start
    for unit in block.units:
        span = _find_name(raw, unit.name, pos, block.end)
        found.append(span)
        pos = span[1] if span else pos
    spans: list[tuple[int, int]] = []
    for i, span in enumerate(found):
        if span is None:  # from the unit before it to the unit after it
            lo = spans[-1][1] if spans else block.start
            hi = next((f[0] for f in found[i + 1 :] if f is not None), block.end)
            span = (lo, max(hi, lo + 1))
        spans.append(span)
    return spans


def _find_name(raw: str, name: str, lo: int, hi: int, max_lines: int = 2) -> tuple[int, int] | None:
    """The first ``raw[s:e]`` within ``[lo, hi)`` that reads ``name`` once noise is skipped.

    Noise is white space, and up to ``max_lines`` whole lines after a line break inside
    the name (the lines the cleaner drops: page numbers, running headers).
    """
    if not name:
        return None
    for s in range(lo, hi):
        if raw[s] != name[0]:
            continue
        i, e, skipped = 0, s, 0
        while e < hi and i < len(name):
            if raw[e] == name[i]:
                i += 1
                e += 1
            elif raw[e].isspace():
                e += 1
            elif raw[e - 1] == "\n" and skipped < max_lines and "\n" in raw[e:hi]:
                e = raw.index("\n", e, hi)  # a noise line: skip to its end
                skipped += 1
            else:
                break
        if i == len(name):
            return s, e
    return None


def _target_fields(target: Target) -> dict[str, Any]:
    return {spec.name: getattr(target, spec.name) for spec in FIELDS["target"]}


def regions_of(doc: Document, raw: str) -> Annotation:
    """A SPEC record (as ``documents.jsonl`` holds it) as regions over its raw text."""
    ann = Annotation(
        doc.doc_id,
        raw,
        header={name: getattr(doc, name) for name in HEADER},
        metadata={name: getattr(doc, name) for name in METADATA},
    )
    for i, section in enumerate(doc.sections):
        values = {spec.name: getattr(section, spec.name) for spec in FIELDS["section"]}
        ann.regions.append(Region(f"s{i}", "section", section.start, section.end, values))
    for i, target in enumerate(doc.targets):
        # a table's target is checked in its table, not as a span of running text: it passes through
        if target.start is None or target.end is None or getattr(target, "source", "text") == "table":
            ann.carried.append({**_target_fields(target), "start": target.start, "end": target.end})
            continue
        ann.regions.append(Region(f"t{i}", "target", target.start, target.end, _target_fields(target)))
    for i, block in enumerate(doc.responsibilities):
        key = f"b{i}"
        values = {spec.name: getattr(block, spec.name) for spec in FIELDS["block"]}
        ann.regions.append(Region(key, "block", block.start, block.end, values))
        for j, (unit, (start, end)) in enumerate(zip(block.units, locate_units(raw, block), strict=True)):
            values = {spec.name: getattr(unit, spec.name) for spec in FIELDS["unit"]}
            ann.regions.append(Region(f"{key}u{j}", "unit", start, end, values, parent=key))
    return ann


# --------------------------------------------------------------------------------------------------
# Regions -> gold record


def check_span(raw: str, start: Any, end: Any, where: str, text: str | None = None) -> None:
    """Raise ``AnnotationError`` unless ``[start, end)`` is a span of ``raw`` showing ``text``."""
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
        raise AnnotationError(
            f"[E201] {where}: span ({start}, {end}) is not inside the raw text (0..{len(raw)})"
        )
    if text is not None and raw[start:end] != text:
        raise AnnotationError(
            f"[E202] {where}: the region's text {text!r} is not the raw text at ({start}, {end}): "
            f"{raw[start:end]!r}"
        )


def section_at(sections: Sequence[Region], start: int) -> str | None:
    """The id of the deepest section open at raw offset ``start`` (the last heading before it)."""
    before = [s for s in sections if s.start <= start and s.fields.get("id")]
    return max(before, key=lambda s: s.start).fields["id"] if before else None


def complete(ann: Annotation, canonical: Callable[[str], str] | None = None) -> list[str]:
    """Fill what a region added by hand leaves empty; return a note for every guess.

    Names and headings come from the region's text; a missing section from the headings
    before the region; a target's value and unit from the quantity in its text; a unit's
    canonical name from ``canonical`` (the SPEC normalisation).  Fields that cannot be
    guessed (a section's id, a target's indicator) stay null and are noted.
    """
    notes: list[str] = []
    sections = ann.of("section")
    for region in ann.regions:
        text = ann.raw[region.start : region.end]
        where = f"{ann.doc_id} {LABELS[region.kind]} at {region.start}"
        values = region.fields
        guessed: list[str] = []
        if region.kind in ("target", "block") and values.get("section") is None:
            values["section"] = section_at(sections, region.start)
        if region.kind == "section":
            if not values.get("heading"):
                values["heading"] = squeeze(text)
        elif region.kind == "unit":
            if not values.get("name"):
                values["name"] = squeeze(text)
            if not values.get("canonical") and canonical is not None:
                values["canonical"] = canonical(values["name"])
                guessed.append("canonical")
            if not values.get("role"):
                values["role"] = "responsible"
                guessed.append("role")
        elif region.kind == "target":
            guessed += _complete_target(values, text)
        for spec in FIELDS[region.kind]:
            values.setdefault(spec.name, None)
            if values[spec.name] is None and not spec.nullable:
                notes.append(f"{where}: {spec.name} is empty; fill it in the gold record")
        if guessed:
            notes.append(f"{where}: {', '.join(guessed)} guessed from {squeeze(text)!r}; check them")
    return notes


_TARGET_DEFAULTS = {"comparator": "=", "direction": "level", "modality": "binding", "source": "text"}


def _complete_target(values: dict[str, Any], text: str) -> list[str]:
    guessed = []
    if values.get("value") is None:
        from ..quantities import find_quantities  # pint loads only when a target needs a guess

        found = find_quantities(text)
        if found:
            q = found[0]
            for name in ("value", "value_max", "unit", "norm_value", "norm_unit"):
                if values.get(name) is None:
                    values[name] = getattr(q, name)
                    guessed.append(name)
    names = {spec.name for spec in FIELDS["target"]}
    for name, default in _TARGET_DEFAULTS.items():
        if name in names and values.get(name) is None:
            values[name] = default
            guessed.append(name)
    return guessed


def gold_record(ann: Annotation) -> dict[str, Any]:
    """The SPEC gold record of an annotated document (``corpus/gold/<doc_id>.json``).

    Regions are ordered by their span; a unit joins the block it belongs to.  Targets
    carry every ``Target`` field but the ``sentence`` extension.
    """

    def ordered(kind: Kind) -> list[Region]:
        return sorted(ann.of(kind), key=lambda r: (r.start, r.end))

    sections = [
        {
            "id": r.fields["id"],
            "level": len(str(r.fields["id"] or "").split(".")),
            "heading": r.fields["heading"],
            "start": r.start,
            "end": r.end,
        }
        for r in ordered("section")
    ]
    targets = [_target_record(r.fields, r.start, r.end) for r in ordered("target")]
    targets += [_target_record(t, t.get("start"), t.get("end")) for t in ann.carried]
    units: dict[str, list[Region]] = {}
    for unit in ordered("unit"):
        units.setdefault(unit.parent or "", []).append(unit)
    blocks = [
        {
            **{spec.name: r.fields.get(spec.name) for spec in FIELDS["block"]},
            "start": r.start,
            "end": r.end,
            "units": [
                {spec.name: u.fields.get(spec.name) for spec in FIELDS["unit"]} for u in units.get(r.key, [])
            ],
        }
        for r in ordered("block")
    ]
    return {
        "doc_id": ann.doc_id,
        **{name: ann.header.get(name) for name in HEADER},
        **{name: ann.metadata.get(name) for name in METADATA},
        "sections": sections,
        "targets": targets,
        "responsibilities": blocks,
    }


def _target_record(values: dict[str, Any], start: int | None, end: int | None) -> dict[str, Any]:
    record = {spec.name: values.get(spec.name) for spec in FIELDS["target"]}
    # The SPEC's field order: the span after the section, as documents.jsonl writes it.
    ordered: dict[str, Any] = {}
    for name, value in record.items():
        ordered[name] = value
        if name == "section":
            ordered["start"], ordered["end"] = start, end
    ordered.setdefault("start", start)
    ordered.setdefault("end", end)
    return ordered


def assign_units(ann: Annotation, parents: dict[str, str], where: Callable[[Region], str]) -> None:
    """Give every unit its block: the one a relation names, else the block that contains it."""
    blocks = ann.of("block")
    keys = {b.key for b in blocks}
    for unit in ann.of("unit"):
        parent = parents.get(unit.key)
        if parent is not None and parent not in keys:
            raise AnnotationError(
                f"[E204] {where(unit)}: its relation points at {parent!r}, which is no block"
            )
        if parent is None:
            holders = [b for b in blocks if b.start <= unit.start and unit.end <= b.end]
            if not holders:
                name = ann.raw[unit.start : unit.end]
                raise AnnotationError(
                    f"[E205] {where(unit)}: the unit {name!r} is related to no block and lies inside none"
                )
            parent = min(holders, key=lambda b: b.end - b.start).key
        unit.parent = parent


def documents_of(records: Iterable[dict[str, Any]]) -> list[Document]:
    """SPEC records (dicts) as ``Document`` objects, the way the writers read them."""
    return [Document.from_json(r) for r in records]
