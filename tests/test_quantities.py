"""find_quantities: a table of forms established tools get wrong, and texts with nothing in them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.quantities import find_quantities, parse_chinese_number, to_halfwidth

# fmt: off
# text, [(surface, value, value_max, unit, norm_value, norm_unit), ...]
FOUND = [
    ("3541.07万元2期", [("3541.07万元", 3541.07, None, "万元", 35410700, "yuan")]),
    ("突破2.6万千瓦", [("2.6万千瓦", 2.6, None, "万千瓦", 26000, "kW")]),
    ("一百千瓦", [("一百千瓦", 100, None, "千瓦", 100, "kW")]),
    ("一百二十万千瓦", [("一百二十万千瓦", 120, None, "万千瓦", 1200000, "kW")]),
    ("23,876万元", [("23,876万元", 23876, None, "万元", 238760000, "yuan")]),
    ("1.2亿千瓦时", [("1.2亿千瓦时", 1.2, None, "亿千瓦时", 120000000, "kWh")]),
    ("百分之一百二十点五", [("百分之一百二十点五", 120.5, None, "百分之", 120.5, "percent")]),
    ("提高２．４个百分点", [("２．４个百分点", 2.4, None, "个百分点", 2.4, "percentage_point")]),
    ("占比达到三成", [("三成", 3, None, "成", 30, "percent")]),
    ("新增两家", [("两家", 2, None, "家", 2, "count")]),
    ("比2020年翻一番", [("翻一番", 2, None, "倍", 2, "times")]),
    ("翻两番", [("翻两番", 4, None, "倍", 4, "times")]),
    ("争创1-2个", [("1-2个", 1, 2, "个", 1, "count")]),
    ("下降10%—15%", [("10%—15%", 10, 15, "%", 10, "percent")]),
    ("建设1至2个", [("1至2个", 1, 2, "个", 1, "count")]),
    ("投资2 000万元", [("2 000万元", 2000, None, "万元", 20000000, "yuan")]),
    ("达530 万立方米", [("530 万立方米", 530, None, "万立方米", 5300000, "m3")]),
    ("完成清淤10万方", [("10万方", 10, None, "万方", 100000, "m3")]),
    ("从3方面推进", [("3", 3, None, "", 3, "none")]),  # 方面 is no cubic metre
    ("粮食总产量2亿斤", [("2亿斤", 2, None, "亿斤", 100000, "t")]),
    ("75万亩", [("75万亩", 75, None, "万亩", 500000000, "m2")]),
    ("2万亩", [("2万亩", 2, None, "万亩", 13333333.3333, "m2")]),
    ("80万吨/年", [("80万吨/年", 80, None, "万吨/年", 800000, "t/a")]),
    ("日处理1000吨/日", [("1000吨/日", 1000, None, "吨/日", 1000, "t/d")]),
    ("50MW", [("50MW", 50, None, "MW", 50000, "kW")]),
    ("1000吨标准煤", [("1000吨标准煤", 1000, None, "吨标准煤", 1000, "tce")]),
    ("下降到1.5以下", [("1.5", 1.5, None, "", 1.5, "none")]),
    ("常住人口50万", [("50万", 50, None, "万", 500000, "none")]),
    ("缩短至5天", [("5天", 5, None, "天", 5, "d")]),
    ("增长3.3 倍", [("3.3 倍", 3.3, None, "倍", 3.3, "times")]),
    ("１５％", [("１５％", 15, None, "％", 15, "percent")]),
    ("新建5G基站300个", [("300个", 300, None, "个", 300, "count")]),
]

NOTHING = [
    "统一", "一批", "“十四五”期间", "十四五规划", "两高", "三线一单", "一体化", "第一", "第3次",
    "一次性", "千家万户", "到2025年", "2023年6月30日", "2021-2025年", "到2025，", "G238国道",
    "5G", "1.推动", "（3）加强", "一段时间", "二氧化碳", "十大行动", "三区三线", "一带一路",
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_found(text: str, expected: list[tuple]) -> None:
    got = [(q.text, q.value, q.value_max, q.unit, q.norm_value, q.norm_unit) for q in find_quantities(text)]
    assert got == [tuple(e) for e in expected]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_index_the_text() -> None:
    text = "到2025年，光伏装机容量较2020年增长3.3倍、突破2.6万千瓦。"
    assert [text[q.start : q.end] for q in find_quantities(text)] == ["3.3倍", "2.6万千瓦"]


def test_halfwidth_keeps_length_and_the_fullwidth_comma() -> None:
    assert to_halfwidth("１５，２００") == "15，200"
    assert find_quantities("分别为15，20个") == [
        find_quantities("分别为15，20个")[0],
        find_quantities("分别为15，20个")[1],
    ]
    assert [q.value for q in find_quantities("分别为15，20个")] == [15, 20]


def test_chinese_numerals_rejected_when_malformed() -> None:
    assert parse_chinese_number("一百千") is None
    assert parse_chinese_number("两千") == 2000


@given(st.text(alphabet="一二三十百千万亿个家项吨元%0123456789.，、到至-年达", max_size=30))
def test_spans_always_index_the_input(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def test_literal_patterns_on_re_match_as_on_regex():
    """Patterns of literal characters run on the standard ``re`` (faster scans); ``regex`` matches them alike."""
    from pathlib import Path

    import regex

    from pipeline import quantities, targets

    patterns = [
        quantities._FULL_WIDTH_RE,
        quantities._CN_NUMERAL_RE,
        quantities._LEAD_RE,
        quantities._BARE_MULTIPLIER_RE,
        quantities._LATIN_END_RE,
        quantities._LATIN_RE,
        quantities._config().range_mark,
        targets._THRESHOLD_END,
        targets._CLAUSE_OR_END,
        targets.target_rules().noun_end,
        targets._CLOSE_BRACKET,
    ]
    root = Path(__file__).resolve().parent
    lines = [
        line
        for path in [
            *sorted((root.parent / "corpus" / "raw").glob("*.txt")),
            *sorted((root / "data").glob("*.txt")),
        ]
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    lines += ["翻一番、百分之二十点五，１５％ 1-2个 10%—15% 1至2个 3 万 亿\n", "及以上\n", "A、1B"]
    for pattern in patterns:
        twin = regex.compile(pattern.pattern)
        for line in lines:
            assert [(m.span(), m.groups()) for m in pattern.finditer(line)] == [
                (m.span(), m.groups()) for m in twin.finditer(line)
            ], (pattern.pattern, line)
            for i in range(len(line)):
                a, b = pattern.match(line, i), twin.match(line, i)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (
                    pattern.pattern,
                    line,
                    i,
                )
