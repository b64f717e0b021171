"""The unit registry (pint + rules/units_zh.txt) and normalisation to SPEC norm units."""

from __future__ import annotations

import pint
import pytest

from pipeline.rules import rule_path
from pipeline.units import get_registry, normalize, unit_spellings

# fmt: off
NORMALIZED = [
    (2.6, "万千瓦", 26000, "kW"),
    (50, "MW", 50000, "kW"),
    (1, "GW", 1000000, "kW"),
    (3, "兆瓦", 3000, "kW"),
    (100, "千瓦", 100, "kW"),
    (1.2, "亿千瓦时", 120000000, "kWh"),
    (60, "万千瓦时", 600000, "kWh"),
    (500, "度", 500, "kWh"),
    (530, "万立方米", 5300000, "m3"),
    (20, "万方", 200000, "m3"),
    (500, "米", 500, "m"),
    (120, "公里", 120000, "m"),
    (3, "平方公里", 3000000, "m2"),
    (54, "亩", 36000, "m2"),
    (2, "万亩", 13333333.3333, "m2"),
    (75, "万亩", 500000000, "m2"),
    (200, "公顷", 2000000, "m2"),
    (5000, "平方米", 5000, "m2"),
    (80, "万吨", 800000, "t"),
    (500, "公斤", 0.5, "t"),
    (2, "亿斤", 100000, "t"),
    (1000, "吨标准煤", 1000, "tce"),
    (50, "万吨标准煤", 500000, "tce"),
    (1.2, "亿元", 120000000, "yuan"),
    (3541.07, "万元", 35410700, "yuan"),
    (1.5, "万亿元", 1.5e12, "yuan"),
    (13.5, "%", 13.5, "percent"),
    (15, "％", 15, "percent"),
    (35, "百分之", 35, "percent"),
    (3, "成", 30, "percent"),
    (2.4, "个百分点", 2.4, "percentage_point"),
    (3.3, "倍", 3.3, "times"),
    (600, "根", 600, "count"),
    (2, "家", 2, "count"),
    (1.2, "万人", 12000, "count"),
    (8, "项", 8, "count"),
    (5, "天", 5, "d"),
    (3, "小时", 0.125, "d"),
    (3, "微克", 3e-12, "t"),
    (80, "万吨/年", 800000, "t/a"),
    (1000, "吨/日", 1000, "t/d"),
    (1.5, "", 1.5, "none"),
    (50, "万", 500000, "none"),
]
# fmt: on


@pytest.mark.parametrize(
    ("value", "unit", "norm_value", "norm_unit"), NORMALIZED, ids=[n[1] or "bare" for n in NORMALIZED]
)
def test_normalize(value: float, unit: str, norm_value: float, norm_unit: str) -> None:
    got_value, got_unit = normalize(value, unit)
    assert got_unit == norm_unit
    assert got_value == pytest.approx(norm_value, rel=1e-9, abs=1e-4)


@pytest.mark.parametrize(
    "unit",
    ["千伏", "斤两", "km/h", "分贝", "岁", "千瓦时/人", "克标煤/千瓦时", "兆比特", "兆比特/秒", "Mbps"],
)
def test_unknown_or_outside_spec_gives_no_norm(unit: str) -> None:
    assert normalize(3, unit) == (None, None)  # SPEC 2: a unit none of the norm units measures: null


@pytest.mark.parametrize(
    ("value", "unit", "norm"),
    [
        (20.5, "微克/立方米", (20.5, "ug/m3")),
        (50, "毫克/立方米", (50000, "ug/m3")),
        (0.5, "毫克/升", (0.5, "mg/L")),
    ],
)
def test_concentrations(value: float, unit: str, norm: tuple) -> None:
    got = normalize(value, unit)
    assert got[1] == norm[1] and got[0] == pytest.approx(norm[0])


def test_norm_values_are_rounded_to_four_decimals() -> None:
    assert normalize(2, "万亩")[0] == 13333333.3333
    assert normalize(370, "万亩")[0] == 2466666666.6667


@pytest.mark.parametrize(
    ("spelling", "prefix", "unit"),
    [
        ("万千瓦", "万", "kilowatt_zh"),
        ("亿千瓦时", "亿", "kilowatt_hour_zh"),
        ("万亩", "万", "mu"),
        ("万吨标准煤", "万", "tonne_coal_equivalent"),
    ],
)
def test_pint_parses_prefix_plus_unit(spelling: str, prefix: str, unit: str) -> None:
    """STYLE §5: 万千瓦 must parse as 万- + 千瓦 in pint itself, not 万千 + 瓦."""
    ureg = get_registry()
    assert ureg.parse_unit_name(spelling) == ((prefix, unit, ""),)


def test_registry_is_one_object() -> None:
    assert get_registry() is get_registry()


def test_redefinition_raises() -> None:
    ureg = get_registry()
    with pytest.raises(pint.errors.RedefinitionError):
        ureg.define("亩 = 600 * meter ** 2")


def test_units_file_documents_its_syntax() -> None:
    header = rule_path("units_zh.txt").read_text(encoding="utf-8").splitlines()[:12]
    assert any("<prefix>-" in line for line in header)
    assert any("@alias" in line for line in header)


def test_spellings_include_prefixed_units_but_not_time_words() -> None:
    spellings = unit_spellings()
    assert {"万千瓦", "亿元", "万亩", "个百分点", "吨标准煤", "万吨标准煤"} <= set(spellings)
    assert not {"年", "月", "日", "万年"} & set(spellings)
    assert list(spellings) == sorted(spellings, key=lambda s: (-len(s), s))


def test_percent_and_count_stay_apart() -> None:
    """倍 and counters have dimensions of their own: 3 倍 is not 300 %."""
    ureg = get_registry()
    with pytest.raises(pint.errors.DimensionalityError):
        ureg.Quantity(3, "倍").to("percent")
    with pytest.raises(pint.errors.DimensionalityError):
        ureg.Quantity(3, "个").to("percent")


# The norm table (pipeline/_unit_norms.py): pint's answers computed beforehand, for start-up speed


def test_norm_table_is_what_pint_gives_now() -> None:
    """Fails after an edit of rules/units_zh.txt, pipeline/units.py or a pint upgrade: run `make units-table`."""
    from pipeline import _unit_norms
    from pipeline.units import _units_file_sha256, compute_norm_table

    assert _unit_norms.UNITS_FILE_SHA256 == _units_file_sha256(), "run `make units-table`"
    assert compute_norm_table() == (_unit_norms.NORMS, _unit_norms.RATE_BASES), "run `make units-table`"


@pytest.mark.parametrize("value", [0.5, 7.0, 2.6, 13.5, 1234.5678, 2e-5])
def test_norms_from_the_table_equal_pints(value: float) -> None:
    from pipeline.units import _convert, _convert_with_pint, _norm_table, _rate_suffix_with_pint

    norms, bases = _norm_table()
    assert norms and bases, "the table is current (see the test above)"
    for spelling in norms:
        assert _convert(value, spelling) == _convert_with_pint(value, spelling), spelling
    for denominator, suffix in bases.items():
        assert suffix == _rate_suffix_with_pint(denominator), denominator


def test_a_table_made_from_another_units_file_is_not_used(monkeypatch) -> None:
    import pipeline.units as units

    units._norm_table.cache_clear()
    monkeypatch.setattr(units, "_units_file_sha256", lambda: "0" * 64)
    try:
        assert units._norm_table() == ({}, {})
        assert normalize.__wrapped__(2.6, "万千瓦") == (26000.0, "kW")  # asked of pint
    finally:
        units._norm_table.cache_clear()
