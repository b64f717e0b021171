"""The shared model: records to regions and back, and the UTF-16 conversion."""

from __future__ import annotations

import pytest

from pipeline.annotate.regions import FIELDS, Utf16, locate_units
from pipeline.records import AgencyUnit, ResponsibilityBlock


@pytest.mark.parametrize("text", ["", "abc", "😀", "a😀b𠀀c", "𠀀" * 5, "到2025年\r\n😀森林"])
def test_utf16_offsets_agree_with_python_encoding(text):
    u16 = Utf16(text)
    for i in range(len(text) + 1):
        assert u16.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
        assert u16.from_utf16(u16.to_utf16(i)) == i


def test_a_unit_that_cannot_be_found_keeps_its_place():
    raw = "〔责任单位：县林业局、某某、县发改委〕"
    units = [AgencyUnit(n, n, "responsible") for n in ("县林业局", "不在文中", "县发改委")]
    spans = locate_units(raw, ResponsibilityBlock(None, 0, len(raw), units))
    assert [raw[s:e] for s, e in spans][0::2] == ["县林业局", "县发改委"]
    assert spans[0][1] <= spans[1][0] < spans[2][0], "the lost unit sorts between its neighbours"


def test_region_fields_follow_the_record_types():
    names = {kind: [s.name for s in specs] for kind, specs in FIELDS.items()}
    assert names["block"] == ["section"] and names["unit"] == ["name", "canonical", "role"]
    assert {"indicator", "value", "comparator", "target_year"} <= set(names["target"])
    assert "sentence" not in names["target"] and "start" not in names["target"]
    comparator = next(s for s in FIELDS["target"] if s.name == "comparator")
    assert comparator.choices == ("=", ">=", ">", "<=", "<", "~")
