"""Fixtures of the report tests: the corpus run, its report, and a report against altered gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_runs import CORPUS_GOLD, corpus_run

from pipeline.evaluate import gold_files
from pipeline.report import write_report


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_run(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def report_dir(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_report(corpus_dir, out, CORPUS_GOLD)
    return out


@pytest.fixture(scope="session")
def altered_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus gold with xingguo's first target and first block removed (so the
    predictions show false alarms) and a made-up target and block added (misses)."""
    out = tmp_path_factory.mktemp("altered-gold")
    for path in gold_files(CORPUS_GOLD):  # not the regression gate's baseline.json
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["doc_id"] == "xingguo":
            made_up = {**gold["targets"][0], "value": 99.0, "start": 40, "end": 44, "indicator": "虚构指标"}
            gold["targets"] = [*gold["targets"][1:], made_up]
            unit = {"name": "虚构局", "canonical": "虚构局", "role": "lead"}
            block = {"section": None, "start": 50, "end": 60, "units": [unit]}
            gold["responsibilities"] = [*gold["responsibilities"][1:], block]
        (out / path.name).write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def altered_report(corpus_dir: Path, altered_gold: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("altered-report")
    write_report(corpus_dir, out, altered_gold)
    return out
