"""Annotation round trips: predictions out to an annotation tool, corrected gold back in.

``plan-extract annotate export PRED.jsonl --out DIR`` and ``plan-extract annotate import
EXPORT --raw RAWDIR --out GOLDDIR``.  The package reads the records the writers write
(``documents.jsonl`` and ``raw/<doc_id>.txt``), and writes SPEC gold records
(``GOLDDIR/<doc_id>.json``) that ``plan-extract eval`` reads.

Layout: ``regions.py`` is the model both formats share (a document as regions over its
raw text, and back to a SPEC record); one module per format, each with one function per
direction: ``labelstudio.export_tasks`` / ``labelstudio.import_tasks``,
``doccano.export_lines`` / ``doccano.import_lines``.  This module does the file work.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import AnnotationError
from ..records import Document
from ..writers import atomic_write_bytes
from . import doccano, labelstudio
from .regions import Annotation, complete, gold_record, regions_of

FORMATS = ("labelstudio", "doccano")


def load_run(pred_path: Path, raw_dir: Path | None = None) -> list[Annotation]:
    """The documents of a run (``documents.jsonl``) as regions over their raw texts.

    The raw texts are looked for in ``raw_dir``, by default the run's ``raw/`` folder.
    """
    raw_dir = raw_dir if raw_dir is not None else pred_path.parent / "raw"
    annotations = []
    with pred_path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            doc = Document.from_json(json.loads(line))
            annotations.append(regions_of(doc, read_raw_text(raw_dir, doc.doc_id)))
    return annotations


def read_raw_text(raw_dir: Path, doc_id: str) -> str:
    """A raw text as the writers wrote it: UTF-8, line endings untouched."""
    path = raw_dir / f"{doc_id}.txt"
    if not path.is_file():
        raise AnnotationError(f"[E200] {doc_id}: no raw text {path} (the run's raw/ folder holds them)")
    return path.read_bytes().decode("utf-8")


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_run(
    pred_path: Path, out_dir: Path, fmt: str = "labelstudio", raw_dir: Path | None = None
) -> list[Path]:
    """Write the files to import into the tool; returns their paths.

    * ``labelstudio``: ``tasks.json`` (one task per document) and ``label_config.xml``;
    * ``doccano``: ``doccano.jsonl`` (one line per document), ``span_types.json`` and
      ``relation_types.json`` (the label types to import first).
    """
    annotations = load_run(pred_path, raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "labelstudio":
        files = {
            "tasks.json": _dump(labelstudio.export_tasks(annotations)),
            "label_config.xml": labelstudio.label_config().encode("utf-8"),
        }
    elif fmt == "doccano":
        lines = doccano.export_lines(annotations)
        files = {
            "doccano.jsonl": "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode(
                "utf-8"
            ),
            "span_types.json": _dump(doccano.label_types()),
            "relation_types.json": _dump(doccano.relation_types()),
        }
    else:
        raise ValueError(f"unknown annotation format {fmt!r}; choose from {list(FORMATS)}")
    paths = []
    for name, data in files.items():
        atomic_write_bytes(out_dir / name, data)
        paths.append(out_dir / name)
    return paths


def read_export(path: Path, fmt: str) -> list[dict[str, Any]]:
    """The tasks (Label Studio: a JSON list) or lines (doccano: JSONL, or its zip) of an export."""
    if fmt == "labelstudio":
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, list) else [data]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".jsonl")]
            if not names:
                raise AnnotationError(f"[E200] {path}: the zip holds no .jsonl file")
            name = "all.jsonl" if "all.jsonl" in names else names[0]
            text = io.TextIOWrapper(archive.open(name), encoding="utf-8").read()
    else:
        text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def import_annotations(
    export_path: Path, raw_dir: Path, fmt: str = "labelstudio", canonical: Callable[[str], str] | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Gold records from a tool's export, with notes on what was guessed or left out.

    ``canonical`` names a unit added in the tool (default: the SPEC normalisation).
    """
    items = read_export(export_path, fmt)

    def raw_of(doc_id: str) -> str:
        return read_raw_text(raw_dir, doc_id)

    if fmt == "labelstudio":
        annotations, notes = labelstudio.import_tasks(items, raw_of)
    elif fmt == "doccano":
        annotations, notes = doccano.import_lines(items, raw_of)
    else:
        raise ValueError(f"unknown annotation format {fmt!r}; choose from {list(FORMATS)}")
    if canonical is None:
        from ..agencies import canonical_name as canonical
    records = []
    for ann in annotations:
        notes += complete(ann, canonical)
        records.append(gold_record(ann))
    return records, notes


def write_gold(records: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """``out_dir/<doc_id>.json`` for every record (the layout of ``corpus/gold``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for record in records:
        path = out_dir / f"{record['doc_id']}.json"
        atomic_write_bytes(path, _dump(record))
        paths.append(path)
    return paths
