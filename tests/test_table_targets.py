"""Table targets (issue 9, item 3; SPEC section 5): every form of cell, column and row.

Each test writes a small table into a raw text the way the readers do (``write_blocks``) and
runs the whole document pipeline on it, so the table's targets come with raw spans, page,
section, and the running text around them is read as before.
"""

import pytest

from pipeline.document import build_document
from pipeline.read_tables import Grid, GridCell, write_blocks
from pipeline.records import RawDocument
from pipeline.table_targets import read_cell, split_names

TITLE = "示例市“十四五”生态环境保护规划"
LEFT, UP = GridCell("", "left"), GridCell("", "up")


def grid(rows, page=5, indent=()):
    return Grid(
        tuple(
            tuple(
                c if isinstance(c, GridCell) else GridCell(c, "", 1 if (r, k) in indent else 0)
                for k, c in enumerate(row)
            )
            for r, row in enumerate(rows)
        ),
        page,
    )


def run(*blocks, title=TITLE):
    text, found = write_blocks([title, "第二章 主要目标", *blocks])
    raw = RawDocument("t", "<t>", "0" * 64, "utf-8", text, "pdf", (0,), tuple(found))
    return text, build_document(raw)


def table_targets(doc):
    return [t for t in doc.targets if t.source == "table"]


def by_indicator(doc):
    return {(t.indicator, t.target_year): t for t in table_targets(doc)}


MAIN = [
    ["序号", "指标", "单位", "2020年", "2025年", "属性"],
    ["1", "森林覆盖率", "%", "58.1", "≥62.5", "约束性"],
    ["2", "光伏装机容量", "万千瓦", "1200", "2600左右", "预期性"],
    ["3", "单位地区生产总值能源消耗降低（%）", "", "[14.2]", "[13.5]", "约束性"],
    ["4", "新增造林面积", "万亩", "—", "【14】", "预期性"],
    ["5", "城市黑臭水体比例", "%", "—", "＜10", "预期性"],
    ["6", "新建充电桩", "万个", "0.5", "8-10", "预期性"],
    ["7", "空气质量优良天数比率", "%", "90", "完成国家下达任务", "约束性"],
    ["8", "湿地保护率", "%", "52", "52以上", "约束性"],
    ["9", "细颗粒物浓度", "微克/立方米", "33", "≤30", "约束性"],
]


@pytest.fixture(scope="module")
def main():
    return run("表1 主要指标", grid(MAIN), "第三章 重点任务")


def test_one_target_per_numeric_cell_after_the_base_year(main):
    _, doc = main
    found = by_indicator(doc)
    assert set(found) == {
        ("森林覆盖率", 2025),
        ("光伏装机容量", 2025),
        ("单位地区生产总值能源消耗降低", 2025),
        ("新增造林面积", 2025),
        ("城市黑臭水体比例", 2025),
        ("新建充电桩", 2025),
        ("湿地保护率", 2025),
        ("细颗粒物浓度", 2025),
    }  # row 7's cell has no number; the 2020 column is the base, no target


# fmt: off
CELLS = [
    # indicator, value, value_max, comparator, unit, norm_value, norm_unit
    ("森林覆盖率", 62.5, None, ">=", "%", 62.5, "percent"),
    ("光伏装机容量", 2600, None, "~", "万千瓦", 26000000, "kW"),
    ("单位地区生产总值能源消耗降低", 13.5, None, "=", "%", 13.5, "percent"),
    ("新增造林面积", 14, None, "=", "万亩", 93333333.3333, "m2"),
    ("城市黑臭水体比例", 10, None, "<", "%", 10, "percent"),
    ("新建充电桩", 8, 10, "=", "万个", 80000, "count"),
    ("湿地保护率", 52, None, ">=", "%", 52, "percent"),
    ("细颗粒物浓度", 30, None, "<=", "微克/立方米", 30, "ug/m3"),
]
# fmt: on


@pytest.mark.parametrize(
    ("indicator", "value", "value_max", "comparator", "unit", "norm", "norm_unit"), CELLS
)
def test_cell_forms(main, indicator, value, value_max, comparator, unit, norm, norm_unit):
    t = by_indicator(main[1])[(indicator, 2025)]
    assert (t.value, t.value_max, t.comparator, t.unit) == (value, value_max, comparator, unit)
    assert t.norm_unit == norm_unit and t.norm_value == pytest.approx(norm)


def test_baseline_modality_direction_page_section_span(main):
    text, doc = main
    found = by_indicator(doc)
    forest = found[("森林覆盖率", 2025)]
    assert (forest.baseline_year, forest.baseline_value, forest.modality) == (2020, 58.1, "binding")
    assert (forest.page, forest.section, forest.direction) == (5, "第二章", "level")
    assert text[forest.start : forest.end] == "62.5"
    assert found[("光伏装机容量", 2025)].modality == "aspirational"
    energy = found[("单位地区生产总值能源消耗降低", 2025)]
    assert energy.direction == "decrease" and energy.baseline_value == 14.2  # …降低（%）, [14.2]
    assert text[energy.start : energy.end] == "13.5"
    woods = found[("新增造林面积", 2025)]
    assert woods.baseline_year is None and woods.baseline_value is None  # base cell "—"


def test_table_rows_are_no_running_text_and_no_headings(main):
    _, doc = main
    assert all(t.source == "table" for t in doc.targets)
    assert [s.id for s in doc.sections] == ["第二章", "第三章"]


def test_value_in_text_and_table_is_reported_by_both():
    _, doc = run("到2025年，森林覆盖率达到62.5%以上。", "表1 主要指标", grid(MAIN[:2]))
    assert sorted((t.source, t.value) for t in doc.targets) == [("table", 62.5), ("text", 62.5)]


def test_unit_from_the_indicator_and_growth_and_cumulative_columns():
    rows = [
        ["指标", "2020年", "2025年", "年均增速", "属性"],
        ["全社会用电量（亿千瓦时）", "382.55", "711.13", "13.20%", "预期性"],
        ["综合线损率（%）", "4.2", "3.02", "[-1.18]", "预期性"],
    ]
    _, doc = run(grid(rows))
    found = by_indicator(doc)
    power = [t for t in table_targets(doc) if t.indicator == "全社会用电量"]
    assert [(t.value, t.unit, t.norm_unit, t.direction) for t in power] == [
        (711.13, "亿千瓦时", "kWh", "level"),
        (13.2, "%", "percent", "increase"),
    ]
    assert all(t.target_year == 2025 for t in power)  # the growth column: the table's last year
    loss = [t for t in table_targets(doc) if t.indicator == "综合线损率" and t.value < 0]
    assert [(t.value, t.direction) for t in loss] == [(-1.18, "decrease")]
    assert found[("综合线损率", 2025)].baseline_value == 4.2


def test_target_year_from_the_column_header():
    rows = [
        ["指标", "单位", "基期值", "“十四五”目标", "2030年目标", "“十四五”累计下降"],
        ["碳排放强度", "%", "100", "82", "65", "18"],
    ]
    _, doc = run(grid(rows))
    got = sorted((t.target_year, t.value, t.direction) for t in table_targets(doc))
    assert got == [(2025, 18, "decrease"), (2025, 82, "level"), (2030, 65, "level")]
    assert {t.baseline_value for t in table_targets(doc)} == {100}


def test_per_year_columns_and_a_total():
    rows = [
        ["项目", "单位", "2021年", "2022年", "2023年", "2024年", "2025年", "总计", "属性"],
        ["新增节能建筑", "万平方米", "2340", "2381", "2410", "2430", "2439", "12000", "约束性"],
        ["星级绿色建筑占比", "%", "—", "8", "12", "16", "20", "—", "预期性"],
    ]
    _, doc = run(grid(rows))
    new = sorted((t.target_year, t.value) for t in table_targets(doc) if t.indicator == "新增节能建筑")
    assert new == [(2021, 2340), (2022, 2381), (2023, 2410), (2024, 2430), (2025, 2439), (2025, 12000)]
    stars = [t.target_year for t in table_targets(doc) if t.indicator == "星级绿色建筑占比"]
    assert sorted(stars) == [2022, 2023, 2024, 2025]
    assert all(t.baseline_year is None and t.direction == "level" for t in table_targets(doc))


def test_sub_rows_by_indent_by_qizhong_and_under_a_parent_without_values():
    rows = [
        ["序号", "指标", "单位", "2020年", "2025年", "性质"],
        ["1", "可再生能源发电装机", "万千瓦", "2855", "4450", "预期性"],
        ["", "风电", "万千瓦", "669", "1200", "预期性"],
        ["", "其中：海上风电", "万千瓦", "10", "100", "预期性"],
        ["2", "地表水达到或优于Ⅲ类水质的比例", "%", "", "", "约束性"],
        ["", "国控", "%", "80", "85", "约束性"],
        ["", "省控", "%", "78", "82", "约束性"],
    ]
    _, doc = run(grid(rows, indent={(2, 1)}))
    names = [t.indicator for t in table_targets(doc)]
    assert names == [
        "可再生能源发电装机",
        "可再生能源发电装机（风电）",
        "风电（海上风电）",
        "地表水达到或优于Ⅲ类水质的比例（国控）",
        "地表水达到或优于Ⅲ类水质的比例（省控）",
    ]
    assert {t.modality for t in table_targets(doc)} == {"aspirational", "binding"}


def test_combined_rows_give_one_target_per_value():
    rows = [
        ["指标", "单位", "2020年", "2025年", "属性"],
        ["湿地保有量/湿地保护率", "万亩/%", "1665/52", "1665/52以上", "约束性"],
        ["主要污染物减排量（万吨）", "", "—", "氮氧化物1.28挥发性有机物0.83", "约束性"],
    ]
    _, doc = run(grid(rows))
    got = [(t.indicator, t.value, t.unit, t.comparator, t.baseline_value) for t in table_targets(doc)]
    assert got == [
        ("湿地保有量", 1665, "万亩", ">=", 1665),
        ("湿地保护率", 52, "%", ">=", 52),
        ("主要污染物减排量（氮氧化物）", 1.28, "万吨", "=", None),
        ("主要污染物减排量（挥发性有机物）", 0.83, "万吨", "=", None),
    ]


def test_no_attribute_column_means_binding():
    _, doc = run(grid([["指标", "2020年", "2025年"], ["森林覆盖率（%）", "58", "60"]]))
    assert [(t.modality, t.unit) for t in table_targets(doc)] == [("binding", "%")]


@pytest.mark.parametrize(
    ("caption", "rows"),
    [
        (
            "表1 “十三五”主要指标完成情况",
            [["指标", "2015年", "2020年"], ["森林覆盖率（%）", "55", "58"]],
        ),
        (
            "表2 主要指标",
            [["指标", "2020年目标值", "2020年实际值", "属性"], ["森林覆盖率（%）", "57", "58", "约束性"]],
        ),
        (
            "专栏3 重点项目",
            [["序号", "项目名称", "建设规模（万千瓦）", "2025年"], ["1", "某某光伏电站", "20", "投产"]],
        ),
        (
            "“十三五”环境保护主要指标",  # a table of the period before the plan's own
            [["指标", "目标值", "属性"], ["森林覆盖率（%）", "58", "约束性"]],
        ),
        (
            "",  # planned and achieved, each with a growth column under the group's year
            [
                ["指标", "规划目标", LEFT, "实现情况", LEFT],
                ["", "2020年", "年均增长（%）", "2020年", "年均增长（%）"],
                ["网民数量（亿人）", "10", "8.5", "9.9", "8.0"],
            ],
        ),
        (
            "",
            [["指标", "规划目标", LEFT], ["", "2020年", "年均增长（%）"], ["网民数量（亿人）", "10", "8.5"]],
        ),
    ],
    ids=[
        "past-plan results",
        "target and actual of 2020",
        "project list",
        "earlier period",
        "achieved column",
        "growth to the base year",
    ],
)
def test_tables_that_set_no_targets(caption, rows):
    _, doc = run(*([caption] if caption else []), grid(rows))
    assert table_targets(doc) == []


def test_cells_without_a_number_give_nothing():
    for cell in ("—", "达标", "执行", "完成国家下达任务", "以国家下达为准", "1：8"):
        assert read_cell(cell) == []


def test_split_names_keeps_a_name_it_cannot_split():
    assert split_names("PM2.5/PM10浓度", 3) is None


def test_issue9_headerless_fragment_does_not_fail():
    """A table part whose header could not be read (a continuation of another column count) gives
    no targets and no error (it made the first run fail on two real plans)."""
    rows = [["", "22", "放射源辐射事故年发生率（起/每万枚）", "—", "＜1.3", "预期性"]]
    _, doc = run(grid(rows))
    assert doc.tables and table_targets(doc) == []


def test_row_numbers_in_the_indicator_a_category_header_and_a_merged_attribute():
    rows = [
        ["指标类", "指标", "2020年", "2025年", "指标属性"],
        ["环境治理", "1.森林覆盖率（%）", "58", "60", "约束性"],
        [UP, "2.湿地保护率（%）", "50", "55", UP],
        [UP, "3.空气质量优良天数比率（%）", "90", "92", "预期性"],
    ]
    _, doc = run(grid(rows))
    got = [(t.indicator, t.unit, t.modality) for t in table_targets(doc)]
    assert got == [
        ("森林覆盖率", "%", "binding"),
        ("湿地保护率", "%", "binding"),  # 约束性 merged over two rows
        ("空气质量优良天数比率", "%", "aspirational"),
    ]


@pytest.mark.parametrize(
    ("header", "years"),
    [(["指标", "2020年", "2025年"], [2025]), (["指标", "2022年", "2023年", "2024年"], [2022, 2023, 2024])],
    ids=["base and target year", "per-year columns"],
)
def test_base_year_of_a_plan_that_names_no_period(header, years):
    rows = [header, ["森林覆盖率（%）", *[str(60 + k) for k in range(len(header) - 1)]]]
    _, doc = run(grid(rows), title="示例县林业发展实施方案")
    assert sorted(t.target_year for t in table_targets(doc)) == years
