"""Runs that the annotation and report tests share, made once per test session.

``corpus_run`` extracts the bundled corpus (``corpus/raw``) with ``run_batch`` into a
folder of the session's temporary directory, exactly as ``plan-extract run`` would;
``data_run`` extracts the regression plans of ``tests/data``; ``astral_run`` does the
same for a small plan whose text holds characters outside the Basic Multilingual Plane
(an emoji, CJK Extension B) before and inside its records, with ``\\r\\n`` line endings.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_RAW = ROOT / "corpus" / "raw"
CORPUS_GOLD = ROOT / "corpus" / "gold"
TEST_DATA = ROOT / "tests" / "data"

ASTRAL_PLAN = (
    "𠀀𠀁县碳达峰实施方案😀\r\n"
    "一、主要目标🌱\r\n"
    "到2025年，𠀀县森林覆盖率达到62%，单位地区生产总值能源消耗较2020年下降13.5%。"
    "〔责任单位：县林业局、县发改委〕\r\n"
    "二、重点任务😀😀\r\n"
    "（一）推进𠀂能源结构调整\r\n"
    "到2025年，新建充电桩700根，光伏发电装机容量突破2.6万千瓦。〔责任单位：县发改委、县供电公司〕\r\n"
)

_runs: dict[str, Path] = {}


def _run(name: str, inputs: list[str], base: Path) -> Path:
    if name not in _runs:
        from pipeline.batch import run_batch

        out = base / f"run-{name}"
        report = run_batch(inputs, out, jobs=1, progress=False)
        assert report.exit_code == 0, f"the {name} run failed"
        _runs[name] = out
    return _runs[name]


def corpus_run(base: Path) -> Path:
    return _run("corpus", [str(CORPUS_RAW)], base)


def data_run(base: Path) -> Path:
    """The regression plans of ``tests/data``: made-up texts and real PDFs (page numbers
    inside blocks, chapter outlines, notices)."""
    inputs = sorted(str(p) for p in TEST_DATA.glob("*.txt")) + sorted(
        str(p) for p in TEST_DATA.glob("real/*.pdf")
    )
    return _run("data", inputs, base)


def astral_run(base: Path) -> Path:
    source = base / "astral-input" / "astral.txt"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(ASTRAL_PLAN.encode("utf-8"))
    return _run("astral", [str(source)], base)


def predictions(run: Path) -> dict[str, dict]:
    """The records of a run's ``documents.jsonl``, by doc_id."""
    lines = (run / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["doc_id"]: r for r in map(json.loads, lines)}
