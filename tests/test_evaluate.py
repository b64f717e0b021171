"""Evaluator: gold against itself is perfect, and each kind of error is counted where it belongs."""

import copy
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, gold_files

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"


def as_prediction(gold: dict) -> dict:
    pred = copy.deepcopy(gold)
    pred["text"] = "\n".join(pred.pop("paragraphs"))
    return pred


@pytest.fixture
def gold_records() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(GOLD)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_gold_against_itself_is_perfect(tmp_path, gold_records):
    pred = write_jsonl(tmp_path / "documents.jsonl", [as_prediction(g) for g in gold_records])
    scores, notes = evaluate(GOLD, pred)
    flat = scores.as_dict()
    assert notes == []
    for layer in ("paragraphs", "sections", "blocks", "units", "targets"):
        assert flat[f"{layer}_f"] == 1.0, layer
    assert all(acc.value == 1.0 for acc in scores.accuracy.values())
    assert flat["indicator_char_f"] == 1.0
    assert flat["errors"] == []


def test_each_error_lands_in_its_layer(tmp_path, gold_records):
    preds = [as_prediction(g) for g in gold_records]
    doc = preds[0]
    dropped_target = doc["targets"].pop(0)
    doc["targets"][0]["direction"] = "increase" if doc["targets"][0]["direction"] != "increase" else "level"
    doc["responsibilities"][0]["units"][0]["canonical"] = "别的名字"
    doc["responsibilities"][1]["start"] += 100000  # no longer overlaps its gold block
    doc["responsibilities"][1]["end"] += 100000
    doc["sections"][0]["heading"] += "X"
    doc["text"] = doc["text"].replace("\n", "", 1)  # two paragraphs glued
    doc["title"] = "别的标题"
    pred = write_jsonl(tmp_path / "documents.jsonl", preds)

    scores, _ = evaluate(GOLD, pred)
    flat = scores.as_dict()
    assert flat["targets_counts"]["fn"] == 1 and flat["targets_counts"]["fp"] == 0
    assert flat["targets.direction_acc"] < 1.0
    assert flat["units.canonical_acc"] < 1.0
    assert flat["blocks_counts"] == {"tp": flat["blocks_counts"]["tp"], "fp": 1, "fn": 1}
    assert flat["sections_counts"]["fp"] == 1 and flat["sections_counts"]["fn"] == 1
    assert flat["paragraphs_counts"]["fp"] == 1 and flat["paragraphs_counts"]["fn"] == 2
    assert flat["metadata.title_acc"] == 0.5
    missed = [e for e in flat["errors"] if e["layer"] == "targets" and e["kind"] == "FN"]
    assert missed[0]["start"] == dropped_target["start"]
    assert "[" in missed[0]["context"]  # the raw text around the miss is shown


def test_a_value_mismatch_is_not_a_match(tmp_path, gold_records):
    preds = [as_prediction(g) for g in gold_records]
    preds[0]["targets"][0]["value"] += 1
    scores, _ = evaluate(GOLD, write_jsonl(tmp_path / "d.jsonl", preds))
    counts = scores.as_dict()["targets_counts"]
    assert counts["fp"] == 1 and counts["fn"] == 1


def test_missing_prediction_counts_as_missed(tmp_path, gold_records):
    pred = write_jsonl(tmp_path / "documents.jsonl", [as_prediction(gold_records[0])])
    scores, notes = evaluate(GOLD, pred)
    assert any("no prediction" in n for n in notes)
    assert scores.as_dict()["targets_r"] < 1.0


def test_cli_eval_json(tmp_path, gold_records, capsys):
    pred = write_jsonl(tmp_path / "documents.jsonl", [as_prediction(g) for g in gold_records])
    assert main(["eval", "--gold", str(GOLD), "--pred", str(pred), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["blocks_f"] == 1.0 and out["targets_f"] == 1.0


def test_cli_eval_usage_error(tmp_path, capsys):
    assert main(["eval", "--gold", str(GOLD), "--pred", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# Table targets and gold layers (issue 9)


def table_target(indicator, value, year, **extra):
    base = {
        "indicator": indicator,
        "value": value,
        "value_max": None,
        "unit": "%",
        "norm_value": value,
        "norm_unit": "percent",
        "comparator": "=",
        "direction": "level",
        "target_year": year,
        "baseline_year": 2020,
        "baseline_value": 50.0,
        "modality": "binding",
        "section": None,
        "start": None,
        "end": None,
        "source": "table",
        "page": 12,
    }
    return {**base, **extra}


def test_table_targets_match_by_value_year_and_indicator_and_only_their_layer_counts(tmp_path):
    gold = {
        "doc_id": "t",
        "layers": ["table_targets"],
        "targets": [table_target("森林覆盖率", 62.5, 2025), table_target("湿地保护率", 55, 2025)],
    }
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    pred = {
        "doc_id": "t",
        "text": "别的段落",
        "title": "不相干",
        "sections": [{"id": "一", "level": 1, "heading": "x", "start": 0, "end": 1}],
        "responsibilities": [],
        "targets": [
            table_target("森林覆盖率（%）", 62.5, 2025, start=10, end=14, modality="aspirational"),
            table_target("湿地保护率", 55, 2030, start=20, end=22),  # another year: no match
            {
                **table_target("森林覆盖率", 62.5, 2025, start=30, end=35),
                "source": "text",
            },  # text: not scored
        ],
    }
    scores, _ = evaluate(tmp_path / "gold", write_jsonl(tmp_path / "p.jsonl", [pred]))
    flat = scores.as_dict()
    assert flat["table_targets_counts"] == {"tp": 1, "fp": 1, "fn": 1}
    assert flat["table_targets.modality_acc"] == 0.0 and flat["table_targets.baseline_value_acc"] == 1.0
    assert 0.5 < flat["table_indicator_char_f"] < 1.0
    # the layers the gold does not annotate are not scored
    assert "paragraphs_f" not in flat and "sections_f" not in flat and "metadata.title_acc" not in flat
    assert "targets_f" not in flat


def test_table_rows_of_the_prediction_count_as_their_cells(tmp_path):
    gold = {
        "doc_id": "t",
        "layers": ["paragraphs"],
        "paragraphs": ["表1 主要指标", "指标", "2025年", "森林覆盖率", "62.5"],
    }
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    table = {"caption": "表1主要指标"}  # the readers found a table: its rows count as cells
    pred = {
        "doc_id": "t",
        "text": "表1主要指标\n指标\t2025年\n森林覆盖率\t62.5\t",
        "targets": [],
        "tables": [table],
    }
    scores, _ = evaluate(tmp_path / "gold", write_jsonl(tmp_path / "p.jsonl", [pred]))
    assert scores.as_dict()["paragraphs_f"] == 1.0


def test_unknown_gold_layer_is_refused(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t.json").write_text(
        json.dumps({"doc_id": "t", "layers": ["tables"]}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="unknown layer"):
        evaluate(tmp_path / "gold", write_jsonl(tmp_path / "p.jsonl", [{"doc_id": "t"}]))
