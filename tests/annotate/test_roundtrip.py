"""Export → accept every pre-annotation → import gives back the predictions exactly.

"Accepting" is what the tools do when a person submits a task without changes: Label
Studio copies the prediction's ``result`` into an annotation (same region ids); doccano's
export returns the entities and relations it was given, with its own ids and with the
line's metadata.  The comparison is on the SPEC record: targets (every field but the
``sentence`` extension), blocks with their units, sections and metadata.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.annotate import export_run, import_annotations, write_gold
from pipeline.cli import main
from pipeline.evaluate import evaluate

METADATA = ("title", "issuer", "date", "region", "source", "sha256", "encoding")


def predictions(run: Path) -> dict[str, dict]:
    lines = (run / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["doc_id"]: r for r in map(json.loads, lines)}


def assert_same_records(golds: list[dict], preds: dict[str, dict]) -> None:
    assert sorted(g["doc_id"] for g in golds) == sorted(preds)
    for gold in golds:
        pred = preds[gold["doc_id"]]
        assert gold["targets"] == [{k: v for k, v in t.items() if k != "sentence"} for t in pred["targets"]]
        assert gold["responsibilities"] == pred["responsibilities"]
        assert gold["sections"] == pred["sections"]
        assert {k: gold[k] for k in METADATA} == {k: pred[k] for k in METADATA}


def accept_labelstudio(tasks_path: Path, out: Path) -> Path:
    """A Label Studio export in which every task's prediction was submitted unchanged."""
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    for number, task in enumerate(tasks, start=1):
        task["id"] = number
        result = copy.deepcopy(task["predictions"][0]["result"])
        for item in result:
            item.pop("origin", None)
        task["annotations"] = [
            {"id": number, "result": result, "was_cancelled": False, "created_at": "2026-11-30T10:00:00Z"}
        ]
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return out


def accept_doccano(lines_path: Path, out: Path) -> Path:
    """A doccano export of the imported lines: its own ids, the metadata at the top level."""
    exported = []
    for number, line in enumerate(map(json.loads, lines_path.read_text(encoding="utf-8").splitlines())):
        ids = {e["id"]: 1000 * (number + 1) + i for i, e in enumerate(line["entities"])}
        entities = [{**e, "id": ids[e["id"]]} for e in reversed(line["entities"])]
        relations = [
            {**r, "id": 50 + i, "from_id": ids[r["from_id"]], "to_id": ids[r["to_id"]]}
            for i, r in enumerate(line["relations"])
        ]
        meta = {k: v for k, v in line.items() if k not in ("text", "entities", "relations")}
        exported.append(
            {
                "id": number + 1,
                "text": line["text"],
                "entities": entities,
                "relations": relations,
                "Comments": [],
                **meta,
            }
        )
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in exported), encoding="utf-8")
    return out


@pytest.mark.parametrize("run_name", ["corpus_dir", "data_dir", "astral_dir"])
def test_labelstudio_round_trip_is_the_identity(run_name, request, tmp_path):
    run = request.getfixturevalue(run_name)
    export_run(run / "documents.jsonl", tmp_path / "ls")
    export = accept_labelstudio(tmp_path / "ls" / "tasks.json", tmp_path / "export.json")
    golds, notes = import_annotations(export, run / "raw", "labelstudio")
    assert notes == []
    assert_same_records(golds, predictions(run))


@pytest.mark.parametrize("run_name", ["corpus_dir", "data_dir", "astral_dir"])
def test_doccano_round_trip_is_the_identity(run_name, request, tmp_path):
    run = request.getfixturevalue(run_name)
    export_run(run / "documents.jsonl", tmp_path / "dc", "doccano")
    export = accept_doccano(tmp_path / "dc" / "doccano.jsonl", tmp_path / "export.jsonl")
    golds, notes = import_annotations(export, run / "raw", "doccano")
    assert notes == []
    assert_same_records(golds, predictions(run))


def test_the_bundled_corpus_exports_every_record(corpus_dir, tmp_path):
    preds = predictions(corpus_dir)
    export_run(corpus_dir / "documents.jsonl", tmp_path)
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["doc_id"] for t in tasks] == sorted(preds)
    for task in tasks:
        pred = preds[task["data"]["doc_id"]]
        labels = [r["value"]["labels"][0] for r in task["predictions"][0]["result"] if r["type"] == "labels"]
        assert labels.count("Target") == len(pred["targets"])
        assert labels.count("Block") == len(pred["responsibilities"])
        assert labels.count("Unit") == sum(len(b["units"]) for b in pred["responsibilities"])
        relations = [r for r in task["predictions"][0]["result"] if r["type"] == "relation"]
        assert len(relations) == labels.count("Unit")
        assert task["data"]["text"] == (corpus_dir / "raw" / f"{pred['doc_id']}.txt").read_text(
            encoding="utf-8"
        )


def test_utf16_offsets_point_at_the_same_text_in_javascript(astral_dir, tmp_path):
    """Label Studio slices ``data.text`` with JavaScript's UTF-16 indices: so must the export."""
    export_run(astral_dir / "documents.jsonl", tmp_path)
    (task,) = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    units = task["data"]["text"].encode("utf-16-le")
    regions = [r for r in task["predictions"][0]["result"] if r["type"] == "labels"]
    astral = [r for r in regions if any(ord(c) > 0xFFFF for c in task["data"]["text"][: r["value"]["start"]])]
    assert astral, "the plan has regions after characters outside the BMP"
    for region in regions:
        start, end = region["value"]["start"], region["value"]["end"]
        assert units[2 * start : 2 * end].decode("utf-16-le") == region["value"]["text"]


def test_gold_from_an_import_scores_the_predictions_perfectly(corpus_dir, tmp_path):
    export_run(corpus_dir / "documents.jsonl", tmp_path / "ls")
    export = accept_labelstudio(tmp_path / "ls" / "tasks.json", tmp_path / "export.json")
    golds, _ = import_annotations(export, corpus_dir / "raw")
    write_gold(golds, tmp_path / "gold")
    scores, notes = evaluate(tmp_path / "gold", corpus_dir / "documents.jsonl")
    assert notes == []
    for layer in ("sections", "blocks", "units", "targets"):
        prf = scores.prf[layer]
        assert prf.fp == prf.fn == 0 and prf.tp > 0, layer
    assert all(acc.value == 1.0 for acc in scores.accuracy.values())


def test_the_command_line_walks_the_loop(corpus_dir, tmp_path, capsys):
    assert (
        main(["annotate", "export", str(corpus_dir / "documents.jsonl"), "--out", str(tmp_path / "ls")]) == 0
    )
    assert (tmp_path / "ls" / "label_config.xml").is_file()
    export = accept_labelstudio(tmp_path / "ls" / "tasks.json", tmp_path / "export.json")
    args = [
        "annotate",
        "import",
        str(export),
        "--raw",
        str(corpus_dir / "raw"),
        "--out",
        str(tmp_path / "gold"),
    ]
    assert main(args) == 0
    assert sorted(p.name for p in (tmp_path / "gold").iterdir()) == ["rongjiang.json", "xingguo.json"]
    assert (
        main(["eval", "--gold", str(tmp_path / "gold"), "--pred", str(corpus_dir / "documents.jsonl")]) == 0
    )
    out = capsys.readouterr().out
    assert any(line.split()[:4] == ["targets", "1.000", "1.000", "1.000"] for line in out.splitlines()), out


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano"])
def test_targets_without_a_span_pass_through_unchanged(astral_dir, tmp_path, fmt):
    """A table target the reader could not place (null start/end) cannot be a region: it
    travels in the task's data and comes back as it went."""
    run = tmp_path / "run"
    (run / "raw").mkdir(parents=True)
    (record,) = predictions(astral_dir).values()
    record["targets"].append({**record["targets"][0], "start": None, "end": None, "indicator": "表中指标"})
    (run / "documents.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (run / "raw" / "astral.txt").write_bytes((astral_dir / "raw" / "astral.txt").read_bytes())
    export_run(run / "documents.jsonl", tmp_path / "out", fmt)
    if fmt == "labelstudio":
        export = accept_labelstudio(tmp_path / "out" / "tasks.json", tmp_path / "export.json")
    else:
        export = accept_doccano(tmp_path / "out" / "doccano.jsonl", tmp_path / "export.jsonl")
    golds, _ = import_annotations(export, run / "raw", fmt)
    assert_same_records(golds, {record["doc_id"]: record})
