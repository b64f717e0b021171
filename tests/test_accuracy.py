"""The regression gate: every figure of ``plan-extract eval`` holds its floor in ``corpus/gold/baseline.json``.

The baseline names the regression sets (``corpus``: the two real plans; ``tests_data``: the
made-up and held-out plans of ``tests/data``) and records, for each, a floor under every
figure the evaluation prints (each layer's P/R/F1, each attribute's accuracy, the indicator
character F1) and the misses and false alarms accepted when the floors were last raised.
``test_every_figure_holds_its_floor`` fails when a rule change costs any figure, or loses
any item (a target no longer found, a new false alarm), and names the items lost as the
evaluation's FN/FP lines.  A deliberate change raises the floors with
``plan-extract eval --update-baseline``; lowering one takes ``--allow-drop``.

The other tests show the gate works: one target removed from a prediction fails it, also
when a gain elsewhere keeps the figures where they were, and an update never lowers a floor
unless told to.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import baseline as gate
from pipeline.cli import main
from pipeline.errors import BaselineError
from pipeline.evaluate import Scores, load_gold, load_jsonl

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PATH = ROOT / "corpus" / "gold" / "baseline.json"
BASELINE = gate.load_baseline(BASELINE_PATH)


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> dict[str, Path]:
    """Each set's plans extracted into a ``documents.jsonl`` (what ``plan-extract run`` writes)."""
    out = {}
    for name, regression_set in BASELINE.sets.items():
        pred = tmp_path_factory.mktemp(name) / "documents.jsonl"
        out[name] = gate.extract_set(regression_set, BASELINE.root_dir, pred)
    return out


@pytest.fixture(scope="module")
def set_scores(predictions) -> dict[str, Scores]:
    return {
        name: gate.score_set(BASELINE.sets[name], BASELINE.root_dir, pred)
        for name, pred in predictions.items()
    }


@pytest.mark.parametrize("name", list(BASELINE.sets))
def test_every_figure_holds_its_floor(set_scores, name):
    verdict = gate.check(BASELINE.sets[name], set_scores[name])
    hint = "\n(a deliberate change? raise the floors: plan-extract eval --update-baseline)"
    assert verdict.ok, "\n" + verdict.report() + hint


def test_the_baseline_covers_the_bundled_sets_and_every_figure(set_scores):
    assert {"corpus", "tests_data"} <= set(BASELINE.sets)
    assert BASELINE.root_dir.resolve() == ROOT
    for name, regression_set in BASELINE.sets.items():
        stems = {p.stem for p in regression_set.input_paths(BASELINE.root_dir)}
        gold = load_gold(BASELINE.root_dir / regression_set.gold)
        assert stems and set(gold) <= stems, f"{name}: gold without its plan"
        figures = gate.figures(set_scores[name])
        assert set(regression_set.floors) == set(figures), name
        assert {"targets_p", "targets_r", "targets_f", "targets.unit_acc", "indicator_char_f"} <= set(figures)


def _without_one_target(pred: Path, out: Path, doc_id: str) -> tuple[dict, list[dict]]:
    """``pred`` with one target of ``doc_id`` removed (one the gold has): (the target, the records)."""
    records = load_jsonl(pred)
    doc = next(r for r in records if r["doc_id"] == doc_id)
    removed = doc["targets"].pop(len(doc["targets"]) // 2)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return removed, records


def test_gate_catches_one_lost_target(predictions, tmp_path):
    regression_set = BASELINE.sets["corpus"]
    pred = tmp_path / "documents.jsonl"
    removed, _ = _without_one_target(predictions["corpus"], pred, "xingguo")
    verdict = gate.check(regression_set, gate.score_set(regression_set, BASELINE.root_dir, pred))
    assert not verdict.ok
    assert "targets_r" in [figure for figure, _, _ in verdict.drops]
    assert [(e.kind, e.layer, e.start) for e in verdict.lost] == [("FN", "targets", removed["start"])]
    report = verdict.report()
    assert f"FN targets xingguo@{removed['start']}-{removed['end']}" in report
    assert removed["indicator"] in report


def test_gate_catches_a_lost_target_that_a_gain_hides(predictions, tmp_path):
    """One known miss found, one target lost: the figures stay, the gate still names the loss."""
    regression_set = BASELINE.sets["tests_data"]
    known_fn = next(line for line in regression_set.known if line.startswith("FN targets "))
    doc_id, span = known_fn.split(" ")[2].split("@")
    start = int(span.split("-")[0])
    gold = json.loads((ROOT / "tests" / "data" / f"{doc_id}.json").read_text(encoding="utf-8"))
    found = next(t for t in gold["targets"] if t["start"] == start)
    pred = tmp_path / "documents.jsonl"
    removed, records = _without_one_target(predictions["tests_data"], pred, doc_id)
    next(r for r in records if r["doc_id"] == doc_id)["targets"].append(found)
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    scores = gate.score_set(regression_set, BASELINE.root_dir, pred)
    verdict = gate.check(regression_set, scores)
    before = gate.figures(gate.score_set(regression_set, BASELINE.root_dir, predictions["tests_data"]))
    after = gate.figures(scores)
    assert [after[f] for f in ("targets_p", "targets_r")] == [before[f] for f in ("targets_p", "targets_r")]
    assert not verdict.ok
    assert [(e.kind, e.doc_id, e.start) for e in verdict.lost] == [("FN", doc_id, removed["start"])]
    assert gate.item_key(known_fn) in [gate.item_key(line) for line in verdict.fixed]


def _baseline_copy(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.json"
    data = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
    data["root"] = str(BASELINE.root_dir)  # the copy lives elsewhere; its sets stay the same
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_update_raises_floors_and_never_lowers_one_without_allow_drop(set_scores, predictions, tmp_path):
    path = _baseline_copy(tmp_path)
    lowered = gate.load_baseline(path)
    lowered.sets["corpus"].floors["targets_f"] = 0.5
    lowered.save()
    written, _ = gate.update(gate.load_baseline(path), set_scores)
    assert written
    assert gate.load_baseline(path).sets["corpus"].floors["targets_f"] == gate.floor_of(
        gate.figures(set_scores["corpus"])["targets_f"]
    )

    pred = tmp_path / "documents.jsonl"
    removed, _ = _without_one_target(predictions["corpus"], pred, "rongjiang")
    worse = {**set_scores, "corpus": gate.score_set(BASELINE.sets["corpus"], BASELINE.root_dir, pred)}
    before = path.read_bytes()
    written, verdicts = gate.update(gate.load_baseline(path), worse)
    assert not written and path.read_bytes() == before
    assert any(v.name == "corpus" and v.drops for v in verdicts)

    written, _ = gate.update(gate.load_baseline(path), worse, allow_drop=True)
    updated = gate.load_baseline(path).sets["corpus"]
    assert written
    assert updated.floors["targets_r"] == gate.floor_of(gate.figures(worse["corpus"])["targets_r"]) < 1.0
    assert any(line.startswith(f"FN targets rongjiang@{removed['start']}-") for line in updated.known)


@pytest.fixture
def small_set(tmp_path) -> Path:
    """A baseline of its own over one plan of tests/data, copied with its gold."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for suffix in (".txt", ".json"):
        shutil.copy(ROOT / "tests" / "data" / f"html_county_plan{suffix}", plans)
    path = tmp_path / "baseline.json"
    spec = {"root": ".", "sets": {"html": {"inputs": ["plans/*.txt"], "gold": "plans"}}}
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_cli_records_checks_and_guards_the_floors(small_set, capsys):
    assert main(["eval", "--baseline", str(small_set)]) == 1  # nothing recorded yet
    assert main(["eval", "--update-baseline", "--baseline", str(small_set)]) == 0
    recorded = gate.load_baseline(small_set).sets["html"].floors
    assert recorded["targets_f"] is not None and recorded["targets_r"] > 0.9
    assert main(["eval", "--baseline", str(small_set)]) == 0
    capsys.readouterr()

    # gold gains a target the pipeline does not find: the same span, another value
    gold_path = small_set.parent / "plans" / "html_county_plan.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    extra = {**gold["targets"][0], "value": 98765.0, "indicator": "不存在的指标"}
    gold["targets"].append(extra)
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", "--baseline", str(small_set)]) == 1
    shown = capsys.readouterr().out
    assert f"FN targets html_county_plan@{extra['start']}-{extra['end']} | 不存在的指标" in shown
    assert "targets_r" in shown

    before = small_set.read_bytes()
    assert main(["eval", "--update-baseline", "--baseline", str(small_set)]) == 1
    assert small_set.read_bytes() == before  # never lowered without --allow-drop
    assert main(["eval", "--update-baseline", "--allow-drop", "--baseline", str(small_set)]) == 0
    assert gate.load_baseline(small_set).sets["html"].floors["targets_r"] < recorded["targets_r"]
    assert main(["eval", "--baseline", str(small_set)]) == 0


def test_cli_usage_errors(small_set, tmp_path):
    assert main(["eval"]) == 2
    assert main(["eval", "--gold", "corpus/gold", "--pred", "x.jsonl", "--allow-drop"]) == 2
    assert main(["eval", "--baseline", str(small_set), "--allow-drop"]) == 2
    assert main(["eval", "--baseline", str(tmp_path / "missing.json")]) == 2


def test_a_malformed_baseline_is_named(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text('{"sets": {"x": {"gold": "g"}}}', encoding="utf-8")
    with pytest.raises(BaselineError, match=r"\[E110\] .*baseline.json: set 'x' needs 'inputs'"):
        gate.load_baseline(path)
    path.write_text('{"sets": ', encoding="utf-8")
    with pytest.raises(BaselineError, match="line 1"):
        gate.load_baseline(path)
