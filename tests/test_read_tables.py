"""Readers keep tables (issue 9, item 1): PDF with and without ruling lines, .docx, HTML.

Every test builds its own small file: a page of text with an indicator table drawn by
reportlab, a Word table made with python-docx, a web page with a ``<table>``.  A table comes
out as rows of tab-separated cells at its place in the raw text, each cell with its raw span.
"""

import pypdfium2 as pdfium
import pytest
from conftest import write_table_pdf

from pipeline.clean import clean_layout
from pipeline.read import html_blocks, pdf_page_text, read_raw
from pipeline.read_tables import Grid, has_rulings, number_lines

INDICATORS = [
    ["序号", "指标", "单位", "2020年", "2025年", "属性"],
    ["1", "森林覆盖率", "%", "58.1", "≥62.5", "约束性"],
    ["2", "光伏装机容量", "万千瓦", "1200", "2600左右", "预期性"],
    ["3", "单位GDP能耗降低", "%", "—", "[13.5]", "约束性"],
]
BEFORE = ["第二节 主要目标", "到2025年，主要指标如下。", "表1 主要指标"]
AFTER = ["第三节 重点任务", "推进绿色发展。"]


def rows_of(raw, table):
    return [[raw.text[c.start : c.end] for c in row] for row in table.rows]


@pytest.fixture(scope="module", params=["ruled", "borderless"])
def table_pdf(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"
    widths = [40, 130, 60, 70, 80, 70]
    write_table_pdf(path, [*BEFORE, INDICATORS, *AFTER], ruled=request.param == "ruled", widths=widths)
    return read_raw(path)


def test_pdf_table_is_written_as_rows_of_cells_at_its_place(table_pdf):
    raw = table_pdf
    assert len(raw.tables) == 1
    table = raw.tables[0]
    assert rows_of(raw, table) == INDICATORS
    assert table.page == 1
    lines = raw.text.split("\n")
    assert "\t".join(INDICATORS[1]) in lines
    # the rest of the page reads as before, in order: text above, the rows, text below
    assert raw.text.index("表1 主要指标") < table.start < table.end < raw.text.index("第三节 重点任务")


def test_pdf_table_rows_stay_rows_after_cleaning(table_pdf):
    clean = clean_layout(table_pdf.text, page_starts=table_pdf.page_starts)
    lines = clean.text.split("\n")
    assert "1\t森林覆盖率\t%\t58.1\t≥62.5\t约束性" in lines
    assert "到2025年，主要指标如下。" in lines and "表1主要指标" in lines


def test_a_page_without_tables_reads_exactly_as_before(tmp_path):
    path = write_table_pdf(
        tmp_path / "prose.pdf", ["一、总体要求", "到2025年，森林覆盖率达到60%。", "二、任务"]
    )
    pdf = pdfium.PdfDocument(str(path))
    plain = pdf[0].get_textpage().get_text_bounded().replace("\r\n", "\n")
    raw = read_raw(path)
    assert raw.tables == () and raw.text == plain


def test_white_page_background_is_no_ruling(tmp_path):
    path = write_table_pdf(tmp_path / "bg.pdf", ["一、总体要求", "推进绿色发展。"], background=True)
    pdf = pdfium.PdfDocument(str(path))
    assert not has_rulings(pdf[0])
    assert read_raw(path).tables == ()
    widths = [40, 130, 60, 70, 80, 70]
    ruled = read_raw(
        write_table_pdf(tmp_path / "bg2.pdf", [*BEFORE, INDICATORS], background=True, widths=widths)
    )
    assert rows_of(ruled, ruled.tables[0]) == INDICATORS


def test_a_framed_box_is_no_table(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "box.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 11)
    pdf.rect(60, 500, 470, 200)  # a 专栏 box: a frame with a title bar
    pdf.line(60, 675, 530, 675)
    pdf.drawString(250, 682, "专栏1 重点工程")
    pdf.drawString(70, 650, "1．光伏工程。新建光伏电站100万千瓦。")
    pdf.showPage()
    pdf.save()
    assert not has_rulings(pdfium.PdfDocument(str(path))[0])
    assert read_raw(path).tables == ()


def test_merged_header_cells_and_indented_sub_rows(tmp_path):
    rows = [
        ["指标", "单位", ("指标值", 2), "属性"],
        ["", "", "2020年", "2025年", ""],
        ["可再生能源发电装机", "万千瓦", "2855", "4450", "预期性"],
        ["风电", "万千瓦", "669", "1200", "预期性"],
        ["光伏发电", "万千瓦", "391", "1300", "预期性"],
        ["非化石能源消费比重", "%", "18", "20", "约束性"],
    ]
    path = write_table_pdf(
        tmp_path / "merged.pdf",
        ["专栏2 主要指标", rows],
        widths=[150, 60, 70, 70, 70],
        indented={(3, 0), (4, 0)},
    )
    raw = read_raw(path)
    table = raw.tables[0]
    assert [c.merge for c in table.rows[0]] == ["", "", "", "left", ""]
    assert rows_of(raw, table)[0] == ["指标", "单位", "指标值", "", "属性"]
    assert [row[0].indent for row in table.rows[2:]] == [0, 1, 1, 0]


def test_number_lines_find_borderless_rows():
    assert number_lines("1 森林覆盖率 % 58.1 62.5 约束性\n到 2025 年，森林覆盖率达到 60%。") == 1


# --------------------------------------------------------------------------------------------------
# Word


def test_docx_table_in_document_order_with_merges_and_indents(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("表1 主要指标")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "指标"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "指标值"
    table.cell(0, 3).merge(table.cell(1, 3)).text = "属性"
    for c, text in ((1, "2020年"), (2, "2025年")):
        table.cell(1, c).text = text
    for c, text in enumerate(["可再生能源发电装机（万千瓦）", "2855", "4450", "预期性"]):
        table.cell(2, c).text = text
    for c, text in enumerate(["\u3000\u3000风电（万千瓦）", "669", "1200", "预期性"]):
        table.cell(3, c).text = text
    document.add_paragraph("以上为约束性和预期性指标。")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    raw = read_raw(path)
    assert raw.text.split("\n")[0] == "表1 主要指标"
    assert raw.text.split("\n")[-1] == "以上为约束性和预期性指标。"
    (found,) = raw.tables
    assert [[c.merge for c in row] for row in found.rows[:2]] == [["", "", "left", ""], ["up", "", "", "up"]]
    assert rows_of(raw, found)[2] == ["可再生能源发电装机（万千瓦）", "2855", "4450", "预期性"]
    assert found.rows[3][0].indent == 1 and found.rows[2][0].indent == 0


# --------------------------------------------------------------------------------------------------
# HTML


def test_html_table_with_colspan_and_rowspan():
    markup = (
        '<div id="zoom"><p>主要指标如下：</p><table>'
        '<tr><td rowspan="2">指标</td><td colspan="2">指标值</td><td rowspan="2">属性</td></tr>'
        "<tr><td>2020年</td><td>2025年</td></tr>"
        "<tr><td>森林覆盖率（%）</td><td>58.1</td><td>≥62.5</td><td>约束性</td></tr>"
        "</table><p>以上指标为约束性指标。</p></div>"
    )
    blocks = html_blocks(markup)
    grid = blocks[1]
    assert isinstance(grid, Grid)
    assert [[(c.text, c.merge) for c in row] for row in grid.rows[:2]] == [
        [("指标", ""), ("指标值", ""), ("", "left"), ("属性", "")],
        [("", "up"), ("2020年", ""), ("2025年", ""), ("", "up")],
    ]
    assert blocks[0] == "主要指标如下：" and blocks[-1] == "以上指标为约束性指标。"


def test_html_layout_table_is_read_as_text():
    markup = (
        "<html><body><table><tr><td><table><tr><td>一、总体要求</td></tr></table>"
        "<p>到2025年，森林覆盖率达到60%。</p></td></tr></table></body></html>"
    )
    assert not any(isinstance(b, Grid) for b in html_blocks(markup))


def test_html_reader_records_the_cells(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><body><div id="zoom"><p>表1 主要指标</p><table><tr><th>指标</th><th>2025年</th></tr>'
        "<tr><td>森林覆盖率（%）</td><td>62.5</td></tr></table></div></body></html>",
        encoding="utf-8",
    )
    raw = read_raw(path)
    assert rows_of(raw, raw.tables[0]) == [["指标", "2025年"], ["森林覆盖率（%）", "62.5"]]


def test_pdf_page_text_without_plumber_is_plain(tmp_path):
    path = write_table_pdf(tmp_path / "t.pdf", [*BEFORE, INDICATORS])
    pdf = pdfium.PdfDocument(str(path))
    text, tables = pdf_page_text(pdf[0])
    assert tables == [] and "\t" not in text


def test_a_failing_table_finder_leaves_the_page_as_text(tmp_path, monkeypatch):
    import warnings

    import pipeline.read as read

    path = write_table_pdf(tmp_path / "t.pdf", [*BEFORE, INDICATORS], widths=[40, 130, 60, 70, 80, 70])

    def broken(*args, **kwargs):
        raise ValueError("odd page")

    monkeypatch.setattr(read, "pdf_page_blocks", broken)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = read_raw(path)
    assert raw.tables == () and "森林覆盖率" in raw.text
    assert any("[W004]" in str(w.message) for w in caught)
