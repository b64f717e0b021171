"""Table records (issue 9, item 2): captions, headers, merged header cells, page breaks, notes."""

from conftest import write_table_pdf

from pipeline.document import build_document
from pipeline.read import read_raw
from pipeline.read_tables import Grid, GridCell, write_blocks
from pipeline.tables import build_tables


def grid(rows, page=None):
    return Grid(
        tuple(tuple(c if isinstance(c, GridCell) else GridCell(c) for c in row) for row in rows), page
    )


LEFT, UP = GridCell("", "left"), GridCell("", "up")


def test_caption_header_and_body_rows():
    text, found = write_blocks(
        [
            "到2025年，主要目标如下。",
            "表 1 “十四五”主要指标",
            "单位：%",
            grid(
                [
                    ["指标", "2020年", "2025年"],
                    ["森林覆盖率", "58", "60"],
                    ["注：数据为初步统计。", LEFT, LEFT],
                ]
            ),
        ]
    )
    (table,) = build_tables(text, found)
    assert table.caption == "表1“十四五”主要指标"
    assert table.columns == ["指标", "2020年", "2025年"]
    assert [[c.text for c in row] for row in table.rows] == [["森林覆盖率", "58", "60"]]  # the note is gone
    assert all(text[c.start : c.end] == c.text for row in table.rows for c in row)


def test_merged_header_cells_give_one_header_per_column():
    text, found = write_blocks(
        [
            grid(
                [
                    ["指标", "指标值", LEFT, "属性"],
                    [UP, "2020年", "2025年", UP],
                    ["森林覆盖率", "58", "60", "约束性"],
                ]
            )
        ]
    )
    (table,) = build_tables(text, found)
    assert table.columns == ["指标", "指标值 2020年", "指标值 2025年", "属性"]
    assert len(table.header) == 2 and len(table.rows) == 1


def test_caption_in_the_first_row_and_category_rows_stay_in_the_body():
    text, found = write_blocks(
        [
            grid(
                [
                    ["专栏三“十四五”电力发展主要目标", LEFT, LEFT],
                    ["指标", "2020年", "2025年"],
                    ["一、电力需求", LEFT, LEFT],
                    ["全社会用电量（亿千瓦时）", "382.55", "711.13"],
                ]
            )
        ]
    )
    (table,) = build_tables(text, found)
    assert table.caption == "专栏三“十四五”电力发展主要目标"
    assert table.columns == ["指标", "2020年", "2025年"]
    assert [row[0].text for row in table.rows] == ["一、电力需求", "全社会用电量（亿千瓦时）"]


def test_a_table_over_a_page_break_is_one_table_without_the_repeated_header():
    header = ["指标", "2020年", "2025年"]
    text, found = write_blocks(
        [
            "表1 主要指标",
            grid([header, ["森林覆盖率（%）", "58", "60"]], page=3),
            "— 3 —",
            grid([header, ["湿地保护率（%）", "50", "55"]], page=4),
            "第三节 重点任务",
        ]
    )
    (table,) = build_tables(text, found)
    assert [row[0].text for row in table.rows] == ["森林覆盖率（%）", "湿地保护率（%）"]
    assert table.page == 3 and [row[0].page for row in table.rows] == [3, 4]


def test_tables_apart_in_the_text_stay_apart():
    text, found = write_blocks(
        [
            grid([["指标", "2025年"], ["森林覆盖率", "60"]], page=3),
            "二、重点任务。推进绿色发展，建设美丽乡村，完善生态补偿机制，健全市场体系。",
            grid([["指标", "2025年"], ["湿地保护率", "55"]], page=4),
        ]
    )
    assert len(build_tables(text, found)) == 2


def test_pdf_table_over_a_page_break_end_to_end(tmp_path):
    rows = [["序号", "指标", "单位", "2020年", "2025年", "属性"]]
    rows += [[str(i), f"指标{i}", "%", f"{i}.5", f"{i + 1}.5", "约束性"] for i in range(1, 9)]
    path = write_table_pdf(
        tmp_path / "long.pdf",
        ["第二章 主要目标", "表1 主要指标", rows, "第三章 重点任务"],
        widths=[40, 130, 60, 70, 80, 70],
        rows_per_page=5,
        repeat_header=True,
    )
    raw = read_raw(path)
    assert len(raw.tables) == 2
    doc = build_document(raw)
    (table,) = doc.tables
    assert [row[1].text for row in table.rows] == [f"指标{i}" for i in range(1, 9)]
    assert table.caption == "表1主要指标" and table.section == "第二章"
    assert [row[0].page for row in table.rows] == [1, 1, 1, 1, 2, 2, 2, 2]
    # table rows are no headings and no running text
    assert [s.id for s in doc.sections] == ["第二章", "第三章"]
    assert all(t.source == "table" for t in doc.targets)


def test_a_table_the_page_break_cut_open_is_read_whole(tmp_path):
    """The header row alone at the bottom of a page, the body on the next without a rule above its
    first row (a real plan's table, r432 of the corpus, is drawn so)."""
    rows = [["序号", "指标", "单位", "2020年", "2025年", "属性"]]
    rows += [[str(i), f"指标{i}", "%", f"{i}.5", f"{i + 1}.5", "约束性"] for i in range(1, 5)]
    path = write_table_pdf(
        tmp_path / "cut.pdf",
        ["表1 主要指标", rows],
        widths=[40, 130, 60, 70, 80, 70],
        first_page_rows=1,
        open_top=True,
    )
    doc = build_document(read_raw(path))
    (table,) = doc.tables
    assert table.columns == rows[0]
    assert [row[1].text for row in table.rows] == ["指标1", "指标2", "指标3", "指标4"]
    assert sorted(t.value for t in doc.targets) == [2.5, 3.5, 4.5, 5.5]
