"""Label Studio's JSON task format, both directions (no server needed).

``export_tasks`` writes one task per document: the raw text as ``data.text``, and one
prediction whose ``result`` holds a ``labels`` region per target, block, unit and
section, the record's fields as per-region ``textarea`` and ``choices`` results (same
``id`` as their region), each unit ``relation``-linked to its block, and the metadata as
per-task text areas.  ``label_config`` is the labelling interface those results fit:
paste it into the project's Settings → Labeling Interface → Code.

``import_tasks`` reads Label Studio's JSON export (the tasks with their ``annotations``)
back into ``Annotation`` objects, the latest annotation of each task, checking every
region against the raw text: offsets are UTF-16 code units in Label Studio, code points
here.

Result shapes (Label Studio's documented task format)::

    {"id": "t3", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 757, "end": 762, "text": "13.5%", "labels": ["Target"]}}
    {"id": "t3", "from_name": "target_direction", "to_name": "text", "type": "choices",
     "value": {"start": 757, "end": 762, "text": "13.5%", "choices": ["decrease"]}}
    {"id": "t3", "from_name": "target_indicator", "to_name": "text", "type": "textarea",
     "value": {"start": 757, "end": 762, "text": ["单位地区生产总值能源消耗"]}}
    {"type": "relation", "from_id": "b0u1", "to_id": "b0", "direction": "right", "labels": ["unit of"]}
    {"id": "m-title", "from_name": "doc_title", "to_name": "text", "type": "textarea",
     "value": {"text": ["兴国县碳达峰实施方案"]}}
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

from .. import __version__
from ..errors import AnnotationError
from .regions import (
    FIELDS,
    KINDS,
    LABELS,
    METADATA,
    Annotation,
    FieldSpec,
    Region,
    Utf16,
    assign_units,
    check_span,
)

LABEL_NAME = "label"
TEXT_NAME = "text"
RELATION = "unit of"
MODEL_VERSION = f"plan-extract {__version__}"
COLOURS = {"target": "#f9a825", "block": "#1e88e5", "unit": "#43a047", "section": "#8e24aa"}

_KIND_OF_LABEL = {label: kind for kind, label in LABELS.items()}


def control_name(kind: str, spec: FieldSpec) -> str:
    """The name of a field's control: ``target_indicator``, ``unit_role``…"""
    return f"{kind}_{spec.name}"


def label_config() -> str:
    """The labelling interface (XML) that the exported results fit.

    >>> config = label_config()
    >>> '<Label value="Target"' in config and 'name="target_direction"' in config
    True
    """
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$doc_id")
    labels = ET.SubElement(view, "Labels", name=LABEL_NAME, toName=TEXT_NAME)
    for kind in KINDS:
        ET.SubElement(labels, "Label", value=LABELS[kind], background=COLOURS[kind])
    ET.SubElement(view, "Text", name=TEXT_NAME, value="$text")
    relations = ET.SubElement(view, "Relations")
    ET.SubElement(relations, "Relation", value=RELATION)
    for kind in KINDS:
        panel = ET.SubElement(view, "View", visibleWhen="region-selected", whenLabelValue=LABELS[kind])
        ET.SubElement(panel, "Header", value=f"{LABELS[kind]} fields")
        for spec in FIELDS[kind]:
            name = control_name(kind, spec)
            ET.SubElement(panel, "Header", value=spec.name, size="6")
            if spec.choices is not None:
                choices = ET.SubElement(
                    panel,
                    "Choices",
                    name=name,
                    toName=TEXT_NAME,
                    perRegion="true",
                    choice="single",
                    showInline="true",
                )
                for choice in spec.choices:
                    ET.SubElement(choices, "Choice", value=choice)
            else:
                ET.SubElement(
                    panel,
                    "TextArea",
                    name=name,
                    toName=TEXT_NAME,
                    perRegion="true",
                    editable="true",
                    maxSubmissions="1",
                    rows="1",
                )
    meta = ET.SubElement(view, "View", visibleWhen="no-region-selected")
    ET.SubElement(meta, "Header", value="Document")
    for name in METADATA:
        ET.SubElement(meta, "Header", value=name, size="6")
        ET.SubElement(
            meta,
            "TextArea",
            name=f"doc_{name}",
            toName=TEXT_NAME,
            editable="true",
            maxSubmissions="1",
            rows="1",
        )
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


# --------------------------------------------------------------------------------------------------
# Export


def export_tasks(annotations: Iterable[Annotation]) -> list[dict[str, Any]]:
    """One Label Studio task per document, its records as the prediction."""
    return [export_task(ann) for ann in annotations]


def export_task(ann: Annotation) -> dict[str, Any]:
    u16 = Utf16(ann.raw)
    result: list[dict[str, Any]] = []
    for region in ann.regions:
        span = {"start": u16.to_utf16(region.start), "end": u16.to_utf16(region.end)}
        text = ann.raw[region.start : region.end]
        common = {"id": region.key, "to_name": TEXT_NAME, "origin": "prediction"}
        labels = {**span, "text": text, "labels": [LABELS[region.kind]]}
        result.append({**common, "from_name": LABEL_NAME, "type": "labels", "value": labels})
        for spec in FIELDS[region.kind]:
            value = region.fields.get(spec.name)
            if value is None:
                continue
            name = control_name(region.kind, spec)
            if spec.choices is not None:
                item = {**span, "text": text, "choices": [str(value)]}
                result.append({**common, "from_name": name, "type": "choices", "value": item})
            else:
                item = {**span, "text": [spec.format(value)]}
                result.append({**common, "from_name": name, "type": "textarea", "value": item})
        if region.parent is not None:
            relation = {"from_id": region.key, "to_id": region.parent, "type": "relation"}
            result.append({**relation, "direction": "right", "labels": [RELATION]})
    for name in METADATA:
        value = ann.metadata.get(name)
        if value is not None:
            item = {"text": [str(value)]}
            result.append(
                {
                    "id": f"m-{name}",
                    "from_name": f"doc_{name}",
                    "to_name": TEXT_NAME,
                    "type": "textarea",
                    "value": item,
                }
            )
    data = {
        "text": ann.raw,
        "doc_id": ann.doc_id,
        "plan_extract": {"header": ann.header, "carried_targets": ann.carried},
    }
    return {"data": data, "predictions": [{"model_version": MODEL_VERSION, "result": result}]}


# --------------------------------------------------------------------------------------------------
# Import

_CONTROLS = {control_name(kind, spec): (kind, spec) for kind in KINDS for spec in FIELDS[kind]}


def import_tasks(
    tasks: Iterable[dict[str, Any]], raw_of: Callable[[str], str]
) -> tuple[list[Annotation], list[str]]:
    """Label Studio's export back into annotations; notes name the tasks left out.

    ``raw_of(doc_id)`` gives a document's raw text; every region is checked against it.
    A task without a (non-cancelled) annotation is left out with a note.
    """
    annotations: list[Annotation] = []
    notes: list[str] = []
    for index, task in enumerate(tasks):
        data = task.get("data") or {}
        doc_id = data.get("doc_id")
        label = f"task {task.get('id', index)}" + (f" ({doc_id})" if doc_id else "")
        if not doc_id:
            raise AnnotationError(
                f"[E200] {label}: data.doc_id is missing (was it exported by plan-extract?)"
            )
        chosen = latest_annotation(task)
        if chosen is None:
            notes.append(f"{label}: no annotation, not imported")
            continue
        raw = _raw_for(raw_of, doc_id, data.get("text"), label)
        annotations.append(_import_result(chosen.get("result") or [], raw, data, label))
    return annotations, notes


def latest_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The task's most recent annotation that was not cancelled (skipped)."""
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not done:
        return None
    return max(
        enumerate(done), key=lambda ia: (str(ia[1].get("updated_at") or ia[1].get("created_at") or ""), ia[0])
    )[1]


def _raw_for(raw_of: Callable[[str], str], doc_id: str, text: str | None, label: str) -> str:
    try:
        raw = raw_of(doc_id)
    except OSError as error:
        raise AnnotationError(f"[E200] {label}: no raw text for {doc_id!r}: {error}") from None
    if text is not None and text != raw:
        raise AnnotationError(f"[E200] {label}: data.text differs from the raw text of {doc_id!r}")
    return raw


def _import_result(result: list[dict[str, Any]], raw: str, data: dict[str, Any], label: str) -> Annotation:
    payload = data.get("plan_extract") or {}
    ann = Annotation(
        data["doc_id"],
        raw,
        header=dict(payload.get("header") or {}),
        carried=list(payload.get("carried_targets") or []),
    )
    u16 = Utf16(raw)
    regions: dict[str, Region] = {}
    values: dict[str, dict[tuple[str, str], tuple[FieldSpec, Any]]] = {}
    parents: dict[str, str] = {}

    def where(key: str) -> str:
        return f"{label} region {key}"

    for item in result:
        kind = item.get("type")
        if kind == "relation":
            parents[str(item.get("from_id"))] = str(item.get("to_id"))
            continue
        key = str(item.get("id"))
        value = item.get("value") or {}
        name = item.get("from_name")
        if kind == "labels":
            regions[key] = _region(key, value, raw, u16, where(key))
        elif name and name.startswith("doc_") and name[4:] in METADATA:
            ann.metadata[name[4:]] = _text_of(value) or None
        elif name in _CONTROLS:
            owner, spec = _CONTROLS[name]
            raw_value = (value.get("choices") or [None])[0] if spec.choices is not None else _text_of(value)
            values.setdefault(key, {})[(owner, spec.name)] = (spec, raw_value)
        # Results of other controls (a project's own additions) are not part of the record.
    for key, found in values.items():
        region = regions.get(key)
        if region is None:
            raise AnnotationError(f"[E204] {where(key)}: fields without a labelled region")
        for (owner, spec_name), (spec, text) in found.items():
            if owner != region.kind:
                continue  # a field of another kind (the region's label was changed since)
            try:
                region.fields[spec_name] = spec.parse(text)
            except ValueError as error:
                raise AnnotationError(f"[E203] {where(key)}: {error}") from None
    ann.regions = sorted(regions.values(), key=lambda r: (r.start, r.end, KINDS.index(r.kind)))
    unit_parents = {k: v for k, v in parents.items() if k in regions and regions[k].kind == "unit"}
    assign_units(ann, unit_parents, lambda r: where(r.key))
    for name in METADATA:
        ann.metadata.setdefault(name, None)
    return ann


def _text_of(value: dict[str, Any]) -> str:
    text = value.get("text")
    if isinstance(text, list):
        return str(text[-1]) if text else ""
    return str(text or "")


def _region(key: str, value: dict[str, Any], raw: str, u16: Utf16, where: str) -> Region:
    labels = value.get("labels") or []
    if len(labels) != 1 or labels[0] not in _KIND_OF_LABEL:
        raise AnnotationError(f"[E204] {where}: labels {labels} are not one of {sorted(_KIND_OF_LABEL)}")
    try:
        start, end = u16.from_utf16(int(value["start"])), u16.from_utf16(int(value["end"]))
    except (KeyError, TypeError, ValueError) as error:
        raise AnnotationError(f"[E201] {where}: {error}") from None
    check_span(raw, start, end, where, value.get("text"))
    return Region(key, _KIND_OF_LABEL[labels[0]], start, end)
