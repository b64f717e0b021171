"""End-to-end regression against gold: the bundled corpus, and a layout the corpus lacks.

The corpus (``corpus/raw`` with ``corpus/gold``) holds two real plans. Their
thresholds are the acceptance criteria of issues #2 and #3.  The second set,
``tests/data/layout_city_plan.*``, is a plan made up for this test and
annotated by hand from the SPEC: a city-level 节能减排 plan as
``pdftotext -layout`` prints it (indented first lines, a running header,
``— N —`` page numbers, form feeds), with block forms the corpus lacks
(（牵头单位：…；配合单位：…）, ``（A牵头，B配合）``, stand-alone label lines,
a bracketless ``责任单位：`` line, ``（牵头）``, 【】).  It guards the rules
against fitting the two real plans only.

Three more made-up plans (``tests/data/README.md``) vary what the corpus lacks:
``word_district_plan`` (a district 规划 exported from Word: one paragraph a line,
a 规划纲要 main-targets paragraph, （1） items, 专栏 boxes, a 逗号前为牵头单位
convention), ``pdf_department_plan`` (a department's 行动方案 as pdfplumber
extracts it: a newline at every wrap, ``- 1 -`` and ``第 1 页 共 3 页`` page
numbers, a running header, 完成期限 fields, ranges and unusual units) and
``html_county_plan`` (a county plan as a browser's innerText: ``\r\n``, blank
lines, ``　`` indents, ``(一)``, ``（A牵头，B配合）``).  Their thresholds are what
a researcher would accept on a plan nobody tuned the rules to.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import build_document
from pipeline.evaluate import evaluate
from pipeline.read import read_raw

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def run_and_score(raw_paths: list[Path], gold: Path, tmp_path: Path) -> dict:
    pred = tmp_path / "documents.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in raw_paths:
            doc = build_document(read_raw(path))
            out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    scores, notes = evaluate(gold, pred)
    assert not notes
    return scores.as_dict()


@pytest.fixture(scope="module")
def corpus_scores(tmp_path_factory) -> dict:
    raws = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    return run_and_score(raws, ROOT / "corpus" / "gold", tmp_path_factory.mktemp("corpus"))


def score_made_up(name: str, tmp_path_factory) -> dict:
    """Run one plan of ``tests/data`` and score it against its gold ``<name>.json``."""
    tmp = tmp_path_factory.mktemp(name)
    gold = tmp / "gold"
    gold.mkdir()
    (gold / f"{name}.json").write_bytes((DATA / f"{name}.json").read_bytes())
    return run_and_score([DATA / f"{name}.txt"], gold, tmp)


@pytest.fixture(scope="module")
def layout_scores(tmp_path_factory) -> dict:
    return score_made_up("layout_city_plan", tmp_path_factory)


UNSEEN_PLANS = [
    "word_district_plan",
    "pdf_department_plan",
    "html_county_plan",
    # written and annotated without looking at the code, rules or other test data; measured once
    # before any rule was changed for them (see tests/data/README.md)
    "ningbei_county_ecology",
    "dongshan_district_action",
]


@pytest.fixture(scope="module", params=UNSEEN_PLANS)
def unseen_scores(request, tmp_path_factory) -> dict:
    return score_made_up(request.param, tmp_path_factory)


# fmt: off
CORPUS_THRESHOLDS = {
    # issue #2
    "blocks_f": 1.0, "units_f": 0.99, "units.canonical_acc": 0.95, "blocks.section_acc": 0.95,
    "sections_f": 0.95, "paragraphs_f": 0.9, "metadata.title_acc": 1.0, "metadata.date_acc": 1.0,
    # issue #3
    "targets_f": 0.95, "targets.unit_acc": 0.95, "targets.norm_acc": 0.95, "targets.target_year_acc": 0.95,
    "targets.baseline_year_acc": 0.95, "targets.comparator_acc": 0.95, "targets.direction_acc": 0.95,
    "targets.modality_acc": 0.95, "indicator_char_f": 0.85,
}
LAYOUT_THRESHOLDS = {
    "blocks_f": 1.0, "units_f": 0.95, "units.canonical_acc": 0.95, "units.role_acc": 0.95,
    "blocks.section_acc": 0.95, "sections_f": 0.95, "paragraphs_f": 0.9, "metadata.title_acc": 1.0,
    "metadata.date_acc": 1.0, "targets_f": 0.9, "targets.comparator_acc": 0.9, "targets.direction_acc": 0.9,
    "targets.target_year_acc": 0.9, "indicator_char_f": 0.85,
}
# what a researcher accepts on a plan the rules were not tuned to
_ATTRIBUTES = [
    "metadata.title", "metadata.issuer", "metadata.date", "metadata.region", "blocks.section", "units.role",
    "targets.unit", "targets.norm", "targets.target_year", "targets.baseline_year", "targets.comparator",
    "targets.direction", "targets.modality", "targets.section",
]
UNSEEN_THRESHOLDS = {
    "blocks_f": 0.95, "units_f": 0.9, "units.canonical_acc": 0.9, "sections_f": 0.95, "paragraphs_f": 0.85,
    "targets_f": 0.85, "indicator_char_f": 0.8, **{f"{name}_acc": 0.85 for name in _ATTRIBUTES},
}
# fmt: on


@pytest.mark.parametrize(("metric", "minimum"), CORPUS_THRESHOLDS.items())
def test_corpus_against_gold(corpus_scores, metric, minimum):
    assert corpus_scores[metric] is not None and corpus_scores[metric] >= minimum, metric


@pytest.mark.parametrize(("metric", "minimum"), LAYOUT_THRESHOLDS.items())
def test_unseen_layout_against_gold(layout_scores, metric, minimum):
    assert layout_scores[metric] is not None and layout_scores[metric] >= minimum, metric


@pytest.mark.parametrize(("metric", "minimum"), UNSEEN_THRESHOLDS.items())
def test_unseen_plans_against_gold(unseen_scores, metric, minimum):
    assert unseen_scores[metric] is not None and unseen_scores[metric] >= minimum, metric


# Indicator tables (issue 9): six real five-year plans, table targets transcribed from the page
# images by an annotator who did not see the pipeline (tests/data/README.md, "Table gold").
# Their first run is recorded there; the thresholds are the issue's acceptance figures.
TABLE_GOLD = [
    "r424_yunnan_ecology_fyp",
    "r561_hunan_renewable_fyp",
    "r572_hefei_power_fyp",
    "r531_wuhan_building_fyp",
    "r86_ningxia_ecology_fyp",
    "r154_zhejiang_forestry_fyp",
]
# fmt: off
TABLE_THRESHOLDS = {
    "table_targets_f": 0.9, "table_targets.unit_acc": 0.9, "table_targets.norm_acc": 0.9,
    "table_targets.direction_acc": 0.9, "table_targets.modality_acc": 0.9,
    "table_targets.baseline_value_acc": 0.85, "table_indicator_char_f": 0.8,
}
# fmt: on


@pytest.fixture(scope="module")
def table_scores(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("tables")
    gold = tmp / "gold"
    gold.mkdir()
    for name in TABLE_GOLD:
        record = json.loads((DATA / "real" / f"{name}.json").read_text(encoding="utf-8"))
        record["layers"] = ["table_targets"]  # the full gold of two of them is scored elsewhere
        (gold / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return run_and_score([DATA / "real" / f"{name}.pdf" for name in TABLE_GOLD], gold, tmp)


@pytest.mark.parametrize(("metric", "minimum"), TABLE_THRESHOLDS.items())
def test_real_indicator_tables_against_gold(table_scores, metric, minimum):
    assert table_scores[metric] is not None and table_scores[metric] >= minimum, metric
