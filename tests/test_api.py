"""The Python API of the README: pipeline.extract, pipeline.to_frames, pipeline.find_quantities."""

from pathlib import Path

import pipeline

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"
TASK = "1.推广新能源汽车。到2025年，全县新建充电桩700根以上，公交车新能源占比达到80%。〔责任单位：县交通运输局、县发改委〕"


def test_extract_from_text():
    doc = pipeline.extract(TASK)
    assert doc.source == "<text>"
    assert [(t.value, t.unit, t.comparator, t.target_year) for t in doc.targets] == [
        (700, "根", ">=", 2025),
        (80, "%", "=", 2025),
    ]
    assert [u.canonical for u in doc.responsibilities[0].units] == ["交通运输局", "发展和改革委员会"]
    assert doc.sections[0].id == "1" and doc.sections[0].heading == "推广新能源汽车"


def test_extract_from_a_long_one_line_text():
    # longer than a file name may be: must be read as text, not fail in the OS
    doc = pipeline.extract(TASK * 20)
    assert len(doc.responsibilities) == 20


def test_extract_from_path_and_str_path_agree():
    by_path = pipeline.extract(CORPUS / "xingguo.txt")
    by_str = pipeline.extract(str(CORPUS / "xingguo.txt"))
    assert by_path.to_json() == by_str.to_json()
    assert by_path.doc_id == "xingguo" and by_path.title


def test_to_frames():
    frames = pipeline.to_frames([pipeline.extract(TASK)])
    assert set(frames) == {"documents", "sections", "responsibilities", "targets", "tables"}
    assert len(frames["targets"]) == 2
    assert list(frames["responsibilities"]["canonical"]) == ["交通运输局", "发展和改革委员会"]


def test_find_quantities():
    (q,) = pipeline.find_quantities("装机容量突破2.6万千瓦")
    assert (q.value, q.unit, q.norm_value, q.norm_unit) == (2.6, "万千瓦", 26000, "kW")
