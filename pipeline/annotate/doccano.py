"""doccano's JSONL (sequence labelling with relations), both directions.

``export_lines`` writes one line per document in the format doccano imports as
"JSONL (Relation)": the raw text, an entity per target, block, section and unit, and a
``unit of`` relation from each unit to its block.  doccano has no fields on a span, so

* a unit's role is its label (``Unit/lead``, ``Unit/support``, ``Unit/responsible``);
* every other field (a target's indicator, value, years…; a block's section; a unit's
  canonical name; the metadata) travels in the line's ``plan_extract`` entry, which doccano
  keeps as the example's metadata and writes back on export, and comes back with the span
  it belongs to.  A span moved in doccano takes the fields of the exported span of the same
  kind it overlaps most, and a span drawn anew gets guessed fields; both are noted, to be
  checked in the gold record.

``import_lines`` reads doccano's export (JSONL, or the zip doccano offers) back into
``Annotation`` objects, checking every span against the raw text.  doccano counts offsets
in UTF-16 code units, as Label Studio does (leave "Count grapheme clusters as one
character" off in the project settings).

An exported line::

    {"text": "…", "doc_id": "xingguo",
     "entities": [{"id": 0, "label": "Target", "start_offset": 698, "end_offset": 703}, …],
     "relations": [{"id": 0, "from_id": 7, "to_id": 6, "type": "unit of"}, …],
     "plan_extract": {"header": {…}, "metadata": {…}, "fields": {"target:698:703": {…}, …},
                      "carried_targets": […]}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..errors import AnnotationError
from .regions import (
    FIELDS,
    KINDS,
    LABELS,
    METADATA,
    Annotation,
    Kind,
    Region,
    Utf16,
    assign_units,
    check_span,
)

RELATION = "unit of"
COLOURS = {"target": "#f9a825", "block": "#1e88e5", "unit": "#43a047", "section": "#8e24aa"}
ROLES: tuple[str, ...] = next(s.choices or () for s in FIELDS["unit"] if s.name == "role")


def span_labels() -> dict[str, tuple[Kind, str | None]]:
    """Every span label, with the kind it marks and (for units) the role.

    >>> span_labels()["Unit/lead"], span_labels()["Target"]
    (('unit', 'lead'), ('target', None))
    """
    labels: dict[str, tuple[Kind, str | None]] = {}
    for kind in KINDS:
        if kind == "unit":
            labels.update({f"{LABELS[kind]}/{role}": (kind, role) for role in ROLES})
        else:
            labels[LABELS[kind]] = (kind, None)
    return labels


def label_types() -> list[dict[str, Any]]:
    """doccano's label-type file for the span labels (Labels → Actions → Import Labels)."""
    keys = {
        "Target": "t",
        "Block": "b",
        "Section": "h",
        "Unit/lead": "l",
        "Unit/support": "s",
        "Unit/responsible": "r",
    }
    return [
        {
            "text": text,
            "suffix_key": keys.get(text),
            "background_color": COLOURS[kind],
            "text_color": "#ffffff",
        }
        for text, (kind, _) in span_labels().items()
    ]


def relation_types() -> list[dict[str, Any]]:
    """doccano's label-type file for the one relation."""
    return [{"text": RELATION, "suffix_key": None, "background_color": "#546e7a", "text_color": "#ffffff"}]


def _key(kind: str, start: int, end: int) -> str:
    return f"{kind}:{start}:{end}"


# --------------------------------------------------------------------------------------------------
# Export


def export_lines(annotations: Iterable[Annotation]) -> list[dict[str, Any]]:
    """One doccano line per document, its records as entities and relations."""
    return [export_line(ann) for ann in annotations]


def export_line(ann: Annotation) -> dict[str, Any]:
    u16 = Utf16(ann.raw)
    ids = {region.key: i for i, region in enumerate(ann.regions)}
    entities = []
    values: dict[str, dict[str, Any]] = {}
    for region in ann.regions:
        label = LABELS[region.kind]
        if region.kind == "unit":
            label = f"{label}/{region.fields.get('role')}"
        entities.append(
            {
                "id": ids[region.key],
                "label": label,
                "start_offset": u16.to_utf16(region.start),
                "end_offset": u16.to_utf16(region.end),
            }
        )
        values[_key(region.kind, region.start, region.end)] = dict(region.fields)
    relations = [
        {"id": i, "from_id": ids[r.key], "to_id": ids[r.parent], "type": RELATION}
        for i, r in enumerate(r for r in ann.regions if r.parent is not None)
    ]
    payload = {
        "header": ann.header,
        "metadata": ann.metadata,
        "fields": values,
        "carried_targets": ann.carried,
    }
    return {
        "text": ann.raw,
        "doc_id": ann.doc_id,
        "entities": entities,
        "relations": relations,
        "plan_extract": payload,
    }


# --------------------------------------------------------------------------------------------------
# Import


def import_lines(
    lines: Iterable[dict[str, Any]], raw_of: Callable[[str], str]
) -> tuple[list[Annotation], list[str]]:
    """doccano's export back into annotations, with notes on every guess."""
    annotations: list[Annotation] = []
    notes: list[str] = []
    for index, line in enumerate(lines):
        meta = line.get("meta") if isinstance(line.get("meta"), dict) else {}
        doc_id = line.get("doc_id") or meta.get("doc_id")
        label = f"line {index + 1}" + (f" ({doc_id})" if doc_id else "")
        if not doc_id:
            raise AnnotationError(f"[E200] {label}: doc_id is missing (was it exported by plan-extract?)")
        try:
            raw = raw_of(doc_id)
        except OSError as error:
            raise AnnotationError(f"[E200] {label}: no raw text for {doc_id!r}: {error}") from None
        if line.get("text") is not None and line["text"] != raw:
            raise AnnotationError(f"[E200] {label}: the text differs from the raw text of {doc_id!r}")
        payload = line.get("plan_extract") or meta.get("plan_extract") or {}
        ann, line_notes = _import_line(line, raw, doc_id, payload, label)
        annotations.append(ann)
        notes += line_notes
    return annotations, notes


def _entities(line: dict[str, Any]) -> list[dict[str, Any]]:
    """Entities in either of doccano's shapes: ``entities`` dicts, or ``label`` triples."""
    if line.get("entities") is not None:
        return list(line["entities"])
    return [
        {"id": f"l{i}", "start_offset": s, "end_offset": e, "label": name}
        for i, (s, e, name) in enumerate(line.get("label") or [])
    ]


def _import_line(
    line: dict[str, Any], raw: str, doc_id: str, payload: dict[str, Any], label: str
) -> tuple[Annotation, list[str]]:
    ann = Annotation(
        doc_id,
        raw,
        header=dict(payload.get("header") or {}),
        metadata={name: (payload.get("metadata") or {}).get(name) for name in METADATA},
        carried=list(payload.get("carried_targets") or []),
    )
    known: dict[str, dict[str, Any]] = dict(payload.get("fields") or {})
    labels = span_labels()
    u16 = Utf16(raw)
    regions: dict[str, Region] = {}
    roles: dict[str, str | None] = {}
    for entity in _entities(line):
        key = str(entity.get("id"))
        where = f"{label} entity {key}"
        if entity.get("label") not in labels:
            raise AnnotationError(
                f"[E204] {where}: label {entity.get('label')!r} is not one of {sorted(labels)}"
            )
        kind, role = labels[entity["label"]]
        try:
            start, end = (
                u16.from_utf16(int(entity["start_offset"])),
                u16.from_utf16(int(entity["end_offset"])),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise AnnotationError(f"[E201] {where}: {error}") from None
        check_span(raw, start, end, where)
        regions[key] = Region(key, kind, start, end)
        roles[key] = role
    notes = _attach_fields(ann, list(regions.values()), known, label)
    for key, role in roles.items():
        if role is not None:
            regions[key].fields["role"] = role
    parents = {
        str(r.get("from_id")): str(r.get("to_id"))
        for r in line.get("relations") or []
        if r.get("type") == RELATION
        and str(r.get("from_id")) in regions
        and regions[str(r["from_id"])].kind == "unit"
    }
    ann.regions = sorted(regions.values(), key=lambda r: (r.start, r.end, KINDS.index(r.kind)))
    assign_units(ann, parents, lambda r: f"{label} entity {r.key}")
    return ann, notes


def _attach_fields(
    ann: Annotation, regions: list[Region], known: dict[str, dict[str, Any]], label: str
) -> list[str]:
    """Give each span the exported fields of its own span, else of the one it overlaps most."""
    notes = []
    left: dict[str, dict[str, Any]] = {}
    for region in regions:
        key = _key(region.kind, region.start, region.end)
        if key in known:
            region.fields = dict(known.pop(key))
        else:
            left[region.key] = {}
    spans = {k: (k.split(":")[0], int(k.split(":")[1]), int(k.split(":")[2])) for k in known}
    for region in regions:
        if region.key not in left:
            continue
        best = max(
            (
                (min(region.end, e) - max(region.start, s), k)
                for k, (kind, s, e) in spans.items()
                if kind == region.kind and k in known
            ),
            default=(0, None),
        )
        if best[0] > 0 and best[1] is not None:
            region.fields = dict(known.pop(best[1]))
            if region.kind == "unit":  # a unit's name is its text: read it anew
                region.fields.update(name=None, canonical=None)
            notes.append(
                f"{label}: {LABELS[region.kind]} at {region.start}-{region.end} was moved from {best[1]}; "
                "its fields are the exported ones: check them"
            )
    return notes
