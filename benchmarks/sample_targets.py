"""A precision check a person can do: sample reported targets for judging, then score the judged sample.

    python benchmarks/sample_targets.py sample RUN_DIR --n 150 --seed 7 --out sample.jsonl
    python benchmarks/sample_targets.py score sample.jsonl [--judged tests/data/judged_targets.jsonl]

``sample`` draws targets at random from a batch (``plan-extract run … --out RUN_DIR``) and writes one
JSON line per target with what a judge needs: the document's title and date, the section path with
its headings, the sentence, the value as the raw text has it and the fields the pipeline gave, plus
an empty ``judgement`` (``target`` / ``not`` / ``unsure``) and ``why``.  Items already judged in
``--judged`` files (same document, raw span and value) keep their judgement, so a second sample after a
rule change only asks about what is new.  ``score`` prints the precision of a judged sample
(``unsure`` left out) and the reasons of the false ones.

The judged samples of this project are kept as regression data in ``tests/data/judged_targets.jsonl``
(see ``tests/test_judged_targets.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Record = dict[str, Any]


def section_path(doc: Record, section: str | None) -> str:
    """``三.(一).2`` as ``三 重点任务 › (一) 能源 › 2 光伏``, from the document's own outline."""
    if not section:
        return ""
    headings = {s["id"]: s["heading"] for s in doc.get("sections") or []}
    parts = section.split(".")
    return " › ".join(
        f"{parts[k]} {headings.get('.'.join(parts[: k + 1]), '')}".strip() for k in range(len(parts))
    )


def key(item: Record) -> tuple[str, int | None, float | None]:
    """How a judged item is recognised in another run: document, raw start, value."""
    return item["doc_id"], item.get("start"), item.get("value")


def load_jsonl(paths: Iterable[Path]) -> list[Record]:
    items: list[Record] = []
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            items += [json.loads(line) for line in lines if line.strip()]
    return items


def table_context(doc: Record, raw: str, start: int | None) -> Record | None:
    """What a judge of a table cell needs: the table's caption, its header rows and the row the cell
    stands in, as the raw text has them (tab-separated), and the cell itself."""
    if start is None:
        return None
    table = next((t for t in doc.get("tables") or [] if t["start"] <= start < t["end"]), None)
    if table is None:
        return None
    lines = raw[table["start"] : table["end"]].split("\n")
    row_start = raw.rfind("\n", table["start"], start) + 1 or table["start"]
    row_end = raw.find("\n", start, table["end"])
    header_rows = len(table.get("header") or []) or 2
    return {
        "caption": table.get("caption"),
        "header": [line for line in lines[:header_rows]],
        "row": raw[row_start : row_end if row_end != -1 else table["end"]],
    }


def candidates(run_dir: Path) -> list[Record]:
    """Every target of a run, as an item to judge."""
    items = []
    for doc in load_jsonl([run_dir / "documents.jsonl"]):
        raw_path = run_dir / "raw" / f"{doc['doc_id']}.txt"
        raw = raw_path.read_bytes().decode("utf-8") if raw_path.exists() else ""
        for target in doc.get("targets") or []:
            start, end = target.get("start"), target.get("end")
            items.append(
                {
                    "doc_id": doc["doc_id"],
                    "title": doc.get("title"),
                    "date": doc.get("date"),
                    "section": section_path(doc, target.get("section")),
                    "sentence": target.get("sentence"),
                    "table": table_context(doc, raw, start) if target.get("source") == "table" else None,
                    "as_written": raw[start:end] if raw and start is not None else None,
                    "start": start,
                    "value": target.get("value"),
                    "fields": {
                        name: target.get(name)
                        for name in (
                            "indicator",
                            "unit",
                            "comparator",
                            "direction",
                            "target_year",
                            "modality",
                        )
                    },
                    "rule": target.get("rule"),
                    "judgement": "",
                    "why": "",
                }
            )
    return items


def sample(run_dir: Path, n: int, seed: int, judged: list[Record]) -> list[Record]:
    pool = candidates(run_dir)
    chosen = random.Random(seed).sample(pool, min(n, len(pool)))
    known = {key(item): item for item in judged if item.get("judgement")}
    for item in chosen:
        if (old := known.get(key(item))) is not None:
            item["judgement"], item["why"] = old["judgement"], old.get("why", "")
    return chosen


def precision(items: list[Record]) -> tuple[float | None, int, int]:
    """Share of judged items that are targets (``unsure`` and unjudged left out), and the counts."""
    judged = [item for item in items if item.get("judgement") in ("target", "not")]
    good = sum(item["judgement"] == "target" for item in judged)
    return (good / len(judged) if judged else None), good, len(judged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("sample", help="draw targets of a run for judging")
    draw.add_argument("run_dir", type=Path)
    draw.add_argument("--n", type=int, default=150)
    draw.add_argument("--seed", type=int, default=7)
    draw.add_argument("--judged", type=Path, action="append", default=[], help="judged samples to reuse")
    draw.add_argument("--out", type=Path, required=True)
    score = sub.add_parser("score", help="precision of a judged sample")
    score.add_argument("sample", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sample":
        items = sample(args.run_dir, args.n, args.seed, load_jsonl(args.judged))
        with args.out.open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        todo = sum(not item["judgement"] for item in items)
        print(f"{len(items)} targets → {args.out} ({todo} to judge)")
        return 0
    items = load_jsonl([args.sample])
    share, good, total = precision(items)
    print(f"precision {share:.3f} ({good}/{total} judged targets)" if share is not None else "nothing judged")
    reasons = Counter(item.get("why", "").split("：")[0] for item in items if item.get("judgement") == "not")
    for reason, count in reasons.most_common():
        print(f"  {count:4d}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
