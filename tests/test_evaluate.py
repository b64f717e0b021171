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
