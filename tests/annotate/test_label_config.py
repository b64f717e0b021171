"""The labelling interface and the exported predictions fit each other.

Label Studio itself is not needed for the round trip, and is far too large for the dev
install; its SDK (``label-studio-sdk``, ~500 MB with what it pulls in) parses a config and
validates predictions against it.  Where it is installed, the test asks it; elsewhere the
structural test below checks the same names by hand.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from pipeline.annotate import export_run
from pipeline.annotate.labelstudio import label_config


def test_every_result_names_a_control_of_the_config(corpus_dir, tmp_path):
    config = ET.fromstring(label_config())
    controls = {e.get("name"): e for e in config.iter() if e.get("toName")}
    labels = {e.get("value") for e in config.iter("Label")}
    relations = {e.get("value") for e in config.iter("Relation")}
    export_run(corpus_dir / "documents.jsonl", tmp_path)
    for task in json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8")):
        for item in task["predictions"][0]["result"]:
            if item["type"] == "relation":
                assert set(item["labels"]) <= relations
                continue
            control = controls[item["from_name"]]
            assert control.tag.lower() == item["type"]
            if item["type"] == "labels":
                assert set(item["value"]["labels"]) <= labels
            elif item["type"] == "choices":
                assert control.get("perRegion") == "true"
                assert set(item["value"]["choices"]) <= {c.get("value") for c in control.iter("Choice")}


def test_label_studio_sdk_accepts_config_and_predictions(corpus_dir, tmp_path):
    label_interface = pytest.importorskip(
        "label_studio_sdk.label_interface", reason="label-studio-sdk is not installed (optional, large)"
    )
    interface = label_interface.LabelInterface(label_config())
    export_run(corpus_dir / "documents.jsonl", tmp_path)
    for task in json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8")):
        assert interface.validate_prediction(task["predictions"][0])
