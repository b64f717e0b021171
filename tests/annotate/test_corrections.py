"""What a person changes in the tool comes back into the gold record; what does not fit is refused.

Every test starts from the small astral plan (``tests/review_runs.py``): its raw text has
characters outside the BMP before the records, so every offset here goes through the
UTF-16 conversion.
"""

from __future__ import annotations

import json

import pytest

from pipeline.annotate import export_run, import_annotations
from pipeline.annotate.regions import Utf16
from pipeline.errors import AnnotationError


@pytest.fixture
def ls_task(astral_dir, tmp_path):
    export_run(astral_dir / "documents.jsonl", tmp_path / "ls")
    (task,) = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    task["id"] = 7
    task["annotations"] = [{"id": 1, "result": task.pop("predictions")[0]["result"]}]
    return task


def run_import(task, astral_dir, tmp_path, fmt="labelstudio"):
    path = tmp_path / "export.json"
    if fmt == "labelstudio":
        path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    (gold,), notes = import_annotations(path, astral_dir / "raw", fmt)
    return gold, notes


def result_of(task):
    return task["annotations"][0]["result"]


def region_span(text: str, needle: str) -> dict:
    u16 = Utf16(text)
    start = text.index(needle)
    return {"start": u16.to_utf16(start), "end": u16.to_utf16(start + len(needle)), "text": needle}


def test_a_changed_choice_and_a_deleted_target_come_back(ls_task, astral_dir, tmp_path):
    result = result_of(ls_task)
    direction = next(
        r for r in result if r["from_name"] == "target_direction" and r["value"]["text"] == "62%"
    )
    direction["value"]["choices"] = ["increase"]
    gone = next(r["id"] for r in result if r["type"] == "labels" and r["value"]["text"] == "700根")
    ls_task["annotations"][0]["result"] = [r for r in result if r.get("id") != gone]  # with its fields
    gold, _ = run_import(ls_task, astral_dir, tmp_path)
    assert [t["value"] for t in gold["targets"]] == [62.0, 13.5, 2.6]
    assert gold["targets"][0]["direction"] == "increase"


def test_a_target_drawn_by_hand_gets_its_fields_and_guesses_are_noted(ls_task, astral_dir, tmp_path):
    text = ls_task["data"]["text"]
    span = region_span(text, "2025年")  # a person marks something new, giving only an indicator
    result_of(ls_task).append(
        {
            "id": "new1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**span, "labels": ["Target"]},
        }
    )
    result_of(ls_task).append(
        {
            "id": "new1",
            "from_name": "target_indicator",
            "to_name": "text",
            "type": "textarea",
            "value": {**span, "text": ["规划期末年份"]},
        }
    )
    gold, notes = run_import(ls_task, astral_dir, tmp_path)
    new = next(t for t in gold["targets"] if t["indicator"] == "规划期末年份")
    assert text[new["start"] : new["end"]] == "2025年"
    assert new["section"] == "一"  # from the heading before it
    assert new["comparator"] == "=" and new["direction"] == "level"
    assert any("guessed" in note and "2025年" in note for note in notes)


def test_a_unit_added_by_hand_joins_the_block_that_holds_it(ls_task, astral_dir, tmp_path):
    result = result_of(ls_task)
    text = ls_task["data"]["text"]
    # Take out the second block's first unit and draw it anew, without a relation.
    first = text.index("〔责任单位：县发改委、县供电公司〕")
    u16 = Utf16(text)
    start = text.index("县发改委", first)
    span = {"start": u16.to_utf16(start), "end": u16.to_utf16(start + 4), "text": "县发改委"}
    kept = [r for r in result if not (r.get("id") == "b1u0" or r.get("from_id") == "b1u0")]
    kept.append(
        {
            "id": "u-new",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**span, "labels": ["Unit"]},
        }
    )
    ls_task["annotations"][0]["result"] = kept
    gold, notes = run_import(ls_task, astral_dir, tmp_path)
    units = gold["responsibilities"][1]["units"]
    assert [u["name"] for u in units] == ["县发改委", "县供电公司"]
    assert units[0]["canonical"] == "发展和改革委员会"  # the SPEC normalisation names a new unit
    assert any("canonical" in note for note in notes)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda r: r["value"].update(start=r["value"]["start"] + 1), "[E202]"),
        (lambda r: r["value"].update(end=10**6), "[E201]"),
        (lambda r: r["value"].update(labels=["Goal"]), "[E204]"),
    ],
    ids=["shifted", "outside", "unknown label"],
)
def test_a_region_that_does_not_fit_the_raw_text_is_refused(ls_task, astral_dir, tmp_path, change, code):
    region = next(
        r for r in result_of(ls_task) if r["type"] == "labels" and r["value"]["labels"] == ["Target"]
    )
    change(region)
    with pytest.raises(AnnotationError) as error:
        run_import(ls_task, astral_dir, tmp_path)
    assert (
        code in str(error.value)
        and "task 7 (astral)" in str(error.value)
        and region["id"] in str(error.value)
    )


def test_an_offset_inside_a_surrogate_pair_is_refused(ls_task, astral_dir, tmp_path):
    text = ls_task["data"]["text"]
    heading = next(r for r in result_of(ls_task) if r["type"] == "labels" and "🌱" in r["value"]["text"])
    heading["value"]["end"] -= 1  # cuts the emoji in half, as a UTF-16 slice can
    with pytest.raises(AnnotationError, match=r"\[E201\].*surrogate pair"):
        run_import(ls_task, astral_dir, tmp_path)
    assert "🌱" in text


def test_a_field_that_cannot_be_read_is_refused(ls_task, astral_dir, tmp_path):
    year = next(r for r in result_of(ls_task) if r.get("from_name") == "target_target_year")
    year["value"]["text"] = ["二〇二五"]
    with pytest.raises(AnnotationError, match=r"\[E203\].*target_year: '二〇二五' is not a whole number"):
        run_import(ls_task, astral_dir, tmp_path)


def test_a_task_whose_text_is_not_the_raw_text_is_refused(ls_task, astral_dir, tmp_path):
    ls_task["data"]["text"] = ls_task["data"]["text"].replace("\r\n", "\n")
    with pytest.raises(AnnotationError, match=r"\[E200\].*differs from the raw text"):
        run_import(ls_task, astral_dir, tmp_path)


def test_a_task_nobody_annotated_is_left_out_with_a_note(ls_task, astral_dir, tmp_path):
    ls_task["annotations"] = [{"id": 1, "result": [], "was_cancelled": True}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([ls_task], ensure_ascii=False), encoding="utf-8")
    golds, notes = import_annotations(path, astral_dir / "raw")
    assert golds == [] and notes == ["task 7 (astral): no annotation, not imported"]


def test_metadata_corrected_in_the_tool_comes_back(ls_task, astral_dir, tmp_path):
    result_of(ls_task).append(
        {
            "id": "m",
            "from_name": "doc_title",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["𠀀𠀁县碳达峰实施方案"]},
        }
    )
    gold, _ = run_import(ls_task, astral_dir, tmp_path)
    assert gold["title"] == "𠀀𠀁县碳达峰实施方案"


# --------------------------------------------------------------------------------------------------
# doccano


@pytest.fixture
def dc_line(astral_dir, tmp_path):
    export_run(astral_dir / "documents.jsonl", tmp_path / "dc", "doccano")
    return json.loads((tmp_path / "dc" / "doccano.jsonl").read_text(encoding="utf-8"))


def test_doccano_a_role_changed_by_label_and_a_moved_span(dc_line, astral_dir, tmp_path):
    text = dc_line["text"]
    u16 = Utf16(text)
    unit = next(e for e in dc_line["entities"] if e["label"].startswith("Unit/"))
    unit["label"] = "Unit/lead"
    target = next(e for e in dc_line["entities"] if e["label"] == "Target")
    assert text[u16.from_utf16(target["start_offset"]) : u16.from_utf16(target["end_offset"])] == "62%"
    target["start_offset"] -= 2  # a person widens 62% to 达到62%
    gold, notes = run_import(dc_line, astral_dir, tmp_path, "doccano")
    assert gold["responsibilities"][0]["units"][0]["role"] == "lead"
    moved = gold["targets"][0]
    assert text[moved["start"] : moved["end"]] == "达到62%" and moved["indicator"] == "𠀀县森林覆盖率"
    assert any("was moved" in note for note in notes)


def test_doccano_label_triples_without_relations(dc_line, astral_dir, tmp_path):
    """The plain "JSONL" shape (``label`` triples): units join the block that holds them."""
    dc_line["label"] = [[e["start_offset"], e["end_offset"], e["label"]] for e in dc_line.pop("entities")]
    dc_line.pop("relations")
    gold, _ = run_import(dc_line, astral_dir, tmp_path, "doccano")
    assert [len(b["units"]) for b in gold["responsibilities"]] == [2, 2]
    assert len(gold["targets"]) == 4


def test_doccano_metadata_may_sit_under_meta(dc_line, astral_dir, tmp_path):
    dc_line["meta"] = {"doc_id": dc_line.pop("doc_id"), "plan_extract": dc_line.pop("plan_extract")}
    gold, _ = run_import(dc_line, astral_dir, tmp_path, "doccano")
    assert gold["doc_id"] == "astral" and len(gold["targets"]) == 4
