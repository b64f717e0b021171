"""Target extraction against hand-written cases (``tests/cases/targets.json``).

Every case is a sentence (or a list of paragraphs) written for this suite, not
copied from the corpus, with the full records it must give.  A record names its
span by text (``span``, the ``nth`` occurrence, 0 by default, in paragraph
``paragraph``, 0 by default); the test turns it into offsets, so start and end are
asserted too.  ``xfail`` gives the reason a case is known to fail (strict).
See ``tests/cases/README.md`` for the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.records import CleanText, Paragraph
from pipeline.targets import extract_targets
from pipeline.times import deadline_year, find_time_expressions, paragraph_year, year_context

CASES = json.loads((Path(__file__).parent / "cases" / "targets.json").read_text(encoding="utf-8"))
FIELDS = (
    "indicator value value_max unit norm_value norm_unit comparator direction "
    "target_year baseline_year modality section start end"
).split()


def _document(case: dict[str, Any]) -> tuple[list[Paragraph], CleanText]:
    texts = case.get("paragraphs") or [case["sentence"]]
    paragraphs, start = [], 0
    for i, text in enumerate(texts):
        paragraphs.append(Paragraph(i, text, start, start + len(text), "一"))
        start += len(text) + 1
    joined = "\n".join(texts)
    return paragraphs, CleanText(joined, list(range(len(joined))))


def _expected(case: dict[str, Any], paragraphs: list[Paragraph]) -> list[dict[str, Any]]:
    out = []
    for record in case["expect"]:
        record = dict(record)
        paragraph = paragraphs[record.pop("paragraph", 0)]
        span, nth = record.pop("span"), record.pop("nth", 0)
        at = -1
        for _ in range(nth + 1):
            at = paragraph.text.index(span, at + 1)
        record["start"], record["end"] = paragraph.start + at, paragraph.start + at + len(span)
        out.append({k: record[k] for k in FIELDS})
    return out


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


def test_case_file_is_large_enough() -> None:
    assert len(CASES) >= 70
    assert len({c["label"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", _params())
def test_target_case(case: dict[str, Any]) -> None:
    paragraphs, clean = _document(case)
    got = [{k: getattr(t, k) for k in FIELDS} for t in extract_targets(paragraphs, clean)]
    assert got == _expected(case, paragraphs)


def test_raw_spans_go_through_the_offset_map() -> None:
    raw = "到 2025 年，全区天然气消费量达 790 万立\n\n方米。"
    kept = [i for i, c in enumerate(raw) if not c.isspace()]
    clean = CleanText("".join(raw[i] for i in kept), kept)
    paragraph = Paragraph(0, clean.text, 0, len(clean.text), "三.(一).1")
    (target,) = extract_targets([paragraph], clean)
    assert raw[target.start : target.end] == "790 万立\n\n方米"
    assert (target.value, target.norm_value, target.norm_unit, target.target_year) == (
        790,
        7900000,
        "m3",
        2025,
    )
    assert target.section == "三.(一).1"
    assert target.sentence == "到2025年，全区天然气消费量达790万立方米。"


def test_time_expression_kinds() -> None:
    kinds = [(t.year, t.kind) for t in find_time_expressions("以2020年为基数，“十五五”期间，2030年前")]
    assert kinds == [(2020, "baseline"), (2030, "target"), (2030, "target")]


def test_paragraph_year_and_deadline() -> None:
    assert paragraph_year("2025年。全县…") == 2025
    assert paragraph_year("全县2025年达到") is None
    assert deadline_year("（牵头单位：市发改委；完成时限：2024年底）") == 2024
    assert deadline_year("（牵头单位：市发改委）") is None


def test_year_context_uses_dates_and_baselines() -> None:
    paragraphs = [Paragraph(0, "较2020年下降", 0, 7), Paragraph(1, "2023年7月23日", 8, 18)]
    assert year_context(paragraphs).past_until == 2023
    assert year_context([Paragraph(0, "到2025年，达到", 0, 9)]).past_until == 2024
    assert year_context([]).past_until is None


def test_rules_file_documents_every_key() -> None:
    from pipeline.rules import load_yaml, rule_path

    text = rule_path("targets.yaml").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for key in load_yaml("targets.yaml"):
        assert key in header, f"rules/targets.yaml header does not document {key!r}"


@pytest.mark.parametrize("doc_id", ["rongjiang", "xingguo"])
def test_corpus_regression(doc_id: str) -> None:
    """The acceptance figures of the target stage on the corpus, end to end."""
    document = pytest.importorskip("pipeline.document")
    from pipeline.evaluate import Evaluator, Scores
    from pipeline.read import read_raw

    root = Path(__file__).resolve().parent.parent
    raw = read_raw(root / "corpus" / "raw" / f"{doc_id}.txt")
    gold = json.loads((root / "corpus" / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
    scores = Scores()
    Evaluator(scores, raw.text).targets(
        doc_id, document.build_document(raw).to_json()["targets"], gold["targets"]
    )
    result = scores.as_dict()
    assert result["targets_f"] >= 0.95
    for name in ("unit", "norm", "target_year", "baseline_year", "comparator", "direction", "modality"):
        assert result[f"targets.{name}_acc"] >= 0.95, name
    assert result["indicator_char_f"] >= 0.85


# a made-up work plan for one year, as the 工作计划 of a department are written: month-only deadlines
# in the blocks, and a deadline line of its own closing each part (section ids as the outline gives them)
_WORK_PLAN = [
    ("完成6条河流确权登记工作。", "一.(一)"),
    ("1.制定招标文件。", "一.(二).1"),
    ("完成时限：2021年12月底前", "一.(二).1"),
    ("组织220家电力企业参加全国碳排放权交易。（责任部门：气候处，完成期限：6月底）", "二"),
    ("新建绿色建筑30万平方米。", "三"),
    ("新建充电桩500根。", "四.(一)"),
    ("完成时限：2022年6月底前", "四.(一)"),
    ("新建公交场站8座。", "四.(二)"),
    ("完成时限：2023年底", "四.(二)"),
]


def test_work_plan_deadlines_give_the_plan_year() -> None:
    from pipeline.targets import extract_targets

    paragraphs, pos = [], 0
    for k, (text, section) in enumerate(_WORK_PLAN):
        paragraphs.append(Paragraph(k, text, pos, pos + len(text), section))
        pos += len(text) + 1
    full = "\n".join(text for text, _ in _WORK_PLAN)
    clean = CleanText(full, list(range(len(full))))
    found = extract_targets(paragraphs, clean, title="示例省生态环境厅2021年度节能工作计划")
    years = {(t.value, t.unit): t.target_year for t in found}
    assert years[(6.0, "条")] == 2021  # the deadline line closing part 一
    assert years[(220.0, "家")] == 2021  # 完成期限：6月底 in a plan for 2021
    assert years[(30.0, "万平方米")] is None  # part 三 has no deadline
    assert (years[(500.0, "根")], years[(8.0, "座")]) == (2022, 2023)  # each task the deadline below it
    # a plan for five years gives a month no year: 组织220家… is then an undated count, no target
    five_year = {
        (t.value, t.unit): t.target_year
        for t in extract_targets(paragraphs, clean, title="示例省“十四五”节能规划")
    }
    assert (220.0, "家") not in five_year and five_year[(6.0, "条")] == 2021


def test_more_than_marks_set_the_comparator() -> None:
    from pipeline.targets import targets_in_sentence

    found = targets_in_sentence("到2025年，实施400余个行政村生活污水治理工程。")
    assert [(t.value, t.unit, t.comparator) for t in found] == [(400.0, "个", ">")]


def test_an_aim_the_title_puts_behind_the_plan_is_a_past_figure() -> None:
    from pipeline.targets import extract_targets

    texts = ["到2020年底，全市新能源汽车保有量达到2万辆。", "到2025年，全市新能源汽车保有量达到5万辆。"]
    paragraphs, pos = [], 0
    for k, text in enumerate(texts):
        paragraphs.append(Paragraph(k, text, pos, pos + len(text), "一"))
        pos += len(text) + 1
    full = "\n".join(texts)
    clean = CleanText(full, list(range(len(full))))
    # a “十四五” plan with no date looks from 2020: 到2020年底 reports the previous plan's result
    found = extract_targets(paragraphs, clean, title="示例市“十四五”新能源汽车发展规划")
    assert [(t.value, t.target_year) for t in found] == [(5.0, 2025)]
