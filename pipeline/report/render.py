"""Filling the templates: one ``index.html`` and one page per document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import __version__
from ..evaluate import Scores, load_gold
from ..writers import atomic_write_bytes
from . import charts
from .model import Record, build_view, score

LAYERS = ("targets", "blocks", "units", "sections")


def environment() -> jinja2.Environment:
    """The templates shipped in ``pipeline/report/templates`` (package data), HTML-escaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def iter_run(run_dir: Path) -> Iterator[tuple[Record, str]]:
    """Each record of ``documents.jsonl`` with its raw text from ``raw/``."""
    with (run_dir / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                raw_path = run_dir / "raw" / f"{record['doc_id']}.txt"
                yield record, raw_path.read_bytes().decode("utf-8")


def page_name(doc_id: str) -> str:
    return f"{doc_id}.html"


def write_report(run_dir: Path, out_dir: Path, gold_dir: Path | None = None) -> list[Path]:
    """Write the report of ``run_dir`` into ``out_dir``; returns the pages written, index first."""
    run_dir, out_dir = Path(run_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = environment()
    golds = load_gold(Path(gold_dir)) if gold_dir is not None else {}
    common = {"version": __version__, "layers": LAYERS}
    rows: list[dict[str, Any]] = []
    records: list[Record] = []
    total = Scores()
    pages: list[Path] = []
    side = env.get_template("side.html.j2")
    for record, raw in iter_run(run_dir):
        gold = golds.get(record["doc_id"])
        view = build_view(record, raw, gold)
        asides = {
            section: side.render(section=section, entries=entries).strip()  # no stray line in the text
            for section, entries in view.side.items()
        }
        html = env.get_template("document.html.j2").render(
            **common,
            record=record,
            view=view,
            gold=gold,
            text_html=view.text_html(asides),
            charts=charts.summary_charts([record]),
        )
        path = out_dir / page_name(record["doc_id"])
        atomic_write_bytes(path, html.encode("utf-8"))
        pages.append(path)
        if gold is not None:
            score(record, gold, raw, into=total)
        records.append(record)
        rows.append(
            {
                "doc_id": record["doc_id"],
                "href": quote(page_name(record["doc_id"])),
                "title": record.get("title"),
                "region": record.get("region"),
                "date": record.get("date"),
                "counts": view.counts,
                "scores": view.scores,
            }
        )
    index = env.get_template("index.html.j2").render(
        **common,
        rows=rows,
        run_name=run_dir.name,
        gold_name=Path(gold_dir).name if gold_dir is not None else None,
        total=total if golds and any(r["scores"] for r in rows) else None,
        charts=charts.summary_charts(records) if records else [Markup("")],
    )
    atomic_write_bytes(out_dir / "index.html", index.encode("utf-8"))
    return [out_dir / "index.html", *pages]
