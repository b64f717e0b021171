"""Whether two runs extracted the same records: a speed change must not move accuracy.

    .venv/bin/plan-extract run corpus/raw --out /tmp/before      # on the old code
    .venv/bin/plan-extract run corpus/raw --out /tmp/after       # on the new code
    .venv/bin/python benchmarks/compare_runs.py /tmp/before /tmp/after

Compares ``documents.jsonl`` record by record (by ``doc_id``) and field by field
(targets, responsibilities, sections, text, metadata, warnings…), the raw texts
in ``raw/`` and the tables (``*.csv`` and ``*.parquet`` byte for byte, but ``manifest.csv``,
which holds timings).  Prints each difference and exits 1 when there is one, 0 when the runs agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def load(run: Path) -> dict[str, dict]:
    records = {}
    with (run / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records[record["doc_id"]] = record
    return records


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    out = [f"{doc_id}: only in the first run" for doc_id in sorted(before.keys() - after.keys())]
    out += [f"{doc_id}: only in the second run" for doc_id in sorted(after.keys() - before.keys())]
    for doc_id in sorted(before.keys() & after.keys()):
        old, new = before[doc_id], after[doc_id]
        for key in sorted(old.keys() | new.keys()):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, list) and isinstance(b, list):
                n = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
                first = next(
                    (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
                )
                out.append(
                    f"{doc_id}.{key}: {len(a)} vs {len(b)} items, {n} differ; first at {first}: "
                    f"{a[first] if first < len(a) else None!r} → {b[first] if first < len(b) else None!r}"
                )
            else:
                out.append(f"{doc_id}.{key}: {str(a)[:120]!r} → {str(b)[:120]!r}")
    return out


def file_differences(first: Path, second: Path) -> list[str]:
    """Raw texts and tables that differ (or exist in one run only)."""
    names = set()
    for run in (first, second):
        names |= {str(p.relative_to(run)) for p in run.glob("raw/*.txt")}
        names |= {p.name for p in run.glob("*.csv") if p.name != "manifest.csv"}
        names |= {p.name for p in run.glob("*.parquet")}
    out = []
    for name in sorted(names):
        a, b = first / name, second / name
        if not (a.is_file() and b.is_file()) or a.read_bytes() != b.read_bytes():
            out.append(f"{name} differs")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="output folder of the first run")
    parser.add_argument("second", type=Path, help="output folder of the second run")
    args = parser.parse_args()
    before, after = load(args.first), load(args.second)
    found = differences(before, after) + file_differences(args.first, args.second)
    for line in found:
        print(line)
    print(
        f"{len(before)} vs {len(after)} records: " + (f"{len(found)} differences" if found else "identical")
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
