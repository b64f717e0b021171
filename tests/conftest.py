"""Shared fixtures: one plan text, and builders that turn it into .docx, PDF and HTML twins.

The plan text is a run of whole paragraphs of ``corpus/raw/xingguo.txt`` (title, outline
headings of three levels, targets, responsibility blocks).  The builders lay it out the way
real files do (PDF: hard-wrapped lines, a running header and a page number on every page;
HTML: navigation, share buttons, scripts and a footer around the article), so a reader
test can demand that every format yields the same records as the plain-text twin.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_RAW = ROOT / "corpus" / "raw"

PDF_HEADER = "示例县人民政府办公室文件"


def plan_paragraphs_from_corpus() -> list[str]:
    """From the plan's own title to the end of its first task group, blank lines dropped."""
    lines = [line.strip() for line in (CORPUS_RAW / "xingguo.txt").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    start = next(i for i, line in enumerate(lines) if line.endswith("实施方案") and "《" not in line)
    end = next(i for i, line in enumerate(lines) if line.startswith("（二）"))
    paragraphs = lines[start:end]
    assert all("\ufffd" not in p for p in paragraphs), "choose paragraphs without footnote markers"
    return paragraphs


@pytest.fixture(scope="session")
def plan_paragraphs() -> list[str]:
    return plan_paragraphs_from_corpus()


@pytest.fixture(scope="session")
def plan_text(plan_paragraphs: list[str]) -> str:
    return "\n".join(plan_paragraphs) + "\n"


# --------------------------------------------------------------------------------------------------
# Builders


def write_docx(paragraphs: list[str], path: Path, *, table: list[list[str]] | None = None) -> Path:
    """A Word file, one paragraph per string; an optional table after the second paragraph."""
    import docx

    document = docx.Document()
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if table is not None and i == 1:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
    # A header that repeats on every page must not reach the text (Word's export leaves it out).
    document.sections[0].header.paragraphs[0].text = PDF_HEADER
    document.save(str(path))
    return path


FOOTNOTES_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
{notes}
</w:footnotes>"""


def add_footnotes(path: Path, notes: list[str]) -> Path:
    """Put a ``word/footnotes.xml`` with ``notes`` into an existing .docx."""
    body = "\n".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote>'
        for i, note in enumerate(notes, start=1)
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/footnotes.xml", FOOTNOTES_XML.format(notes=body))
    return path


def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def write_pdf(
    paragraphs: list[str], path: Path, *, chars_per_line: int = 28, lines_per_page: int = 26
) -> Path:
    """A PDF in reportlab's built-in CID font: hard-wrapped lines, running header, page numbers."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size, left, top, leading = 15, 60, 760, 26
    pdf = canvas.Canvas(str(path))
    page, row = 1, 0

    def start_page() -> None:
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(297, 805, PDF_HEADER)
        pdf.drawCentredString(297, 40, f"— {page} —")
        pdf.setFont("STSong-Light", size)

    start_page()
    for text in paragraphs:
        for i, line in enumerate(wrap(text, chars_per_line)):
            if row == lines_per_page:
                pdf.showPage()
                page, row = page + 1, 0
                start_page()
            indent = 2 * size if i == 0 else 0  # first-line indent, drawn as space like real PDFs
            pdf.drawString(left + indent, top - row * leading, line)
            row += 1
    pdf.showPage()
    pdf.save()
    return path


def write_image_pdf(path: Path) -> Path:
    """A scanned-looking PDF: pages with shapes and no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(100, 100, 300, 500, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def write_encrypted_pdf(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("user-secret", ownerPassword="owner"))
    pdf.drawString(72, 700, "secret plan")
    pdf.showPage()
    pdf.save()
    return path


def html_page(
    paragraphs: list[str], *, charset: str = "utf-8", container: str = '<div class="TRS_Editor">'
) -> str:
    """A government article page: the plan in ``container``, noise all around it."""
    title = paragraphs[0]
    body = "\n".join(f"<p style='text-indent:2em'>&nbsp;&nbsp;{p}</p>" for p in paragraphs[1:])
    tag = re.match(r"<(\w+)", container).group(1)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ArticleTitle" content="{title}">
<title>{title}_示例县人民政府</title>
<script>var nav = "首页 政务公开 到2025年新建充电桩700根";</script>
<style>.TRS_Editor p {{ font-size: 16px; }}</style></head>
<body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="header"><img src="logo.png" alt="示例县人民政府"></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政策文件</a></div>
<div class="main">
  <h1 class="article-title">{title}</h1>
  <div class="info">发布时间：2023-07-23 来源：县政府办</div>
  {container}
  {body}
  </{tag}>
  <div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a></div>
  <div class="related"><h3>相关文件</h3><ul><li><a href="/1">关于印发某某方案的通知</a></li></ul></div>
</div>
<div id="footer"><p>主办：示例县人民政府办公室 版权所有 联系电话：0797-1234567</p></div>
<script>document.write("统计代码 100%");</script>
</body></html>"""


def write_html(
    paragraphs: list[str], path: Path, *, charset: str = "utf-8", container: str = '<div class="TRS_Editor">'
) -> Path:
    markup = html_page(paragraphs, charset=charset, container=container)
    codec = "gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset
    path.write_bytes(markup.encode(codec))
    return path


def records_key(doc: object) -> dict[str, object]:
    """What must agree between format twins: everything but offsets and the text itself."""
    return {
        "title": doc.title,
        "sections": [(s.id, s.level, s.heading) for s in doc.sections],
        "targets": [
            (
                t.indicator,
                t.value,
                t.value_max,
                t.unit,
                t.norm_value,
                t.norm_unit,
                t.comparator,
                t.direction,
                t.target_year,
                t.baseline_year,
                t.modality,
                t.section,
            )
            for t in doc.targets
        ],
        "blocks": [
            (b.section, [(u.name, u.canonical, u.role) for u in b.units]) for b in doc.responsibilities
        ],
    }


# --------------------------------------------------------------------------------------------------
# Tables in PDF (SPEC section 5): a page of text with an indicator table, ruled or not

Cell = "str | tuple[str, int]"  # a cell's text, or (text, column span)


def write_table_pdf(
    path: Path,
    blocks: list,
    *,
    ruled: bool = True,
    widths: list[float] | None = None,
    rows_per_page: int = 40,
    repeat_header: bool = False,
    background: bool = False,
    indented: set[tuple[int, int]] = frozenset(),
    size: int = 10,
    open_top: bool = False,
    first_page_rows: int | None = None,
) -> Path:
    """A PDF of ``blocks``: strings are lines of text, lists are tables (rows of cells).

    A table's cells are drawn left-aligned in columns of ``widths`` points (``indented``:
    ``(row, column)`` cells whose text starts two characters in); ``ruled`` draws the grid
    (a spanned cell has no rule inside it), otherwise the columns stand apart by their gaps
    only.  A table longer than ``rows_per_page`` rows goes on on the next page, its first row
    drawn again there when ``repeat_header`` (``first_page_rows``: a different count for the first
    page of the table); with ``open_top`` the part on the next page has no
    rule above its first row (as page breaks often leave it).  ``background`` paints every page white first
    (a page-sized filled rectangle, as some converters do), which must not count as rules.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    left, top, bottom, leading, row_height = 60, 780, 60, 22, 24
    y = top
    page = 1

    def new_page() -> None:
        nonlocal y, page
        pdf.showPage()
        page += 1
        y = top
        start()

    def start() -> None:
        if background:
            pdf.setFillColorRGB(1, 1, 1)
            pdf.rect(0, 0, 595, 842, fill=1, stroke=0)
            pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont("STSong-Light", size)

    def draw_row(row: list, r: int, xs: list[float], top_rule: bool = True) -> None:
        nonlocal y
        c = 0
        edges = []
        for cell in row:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            x0, x1 = xs[c], xs[c + span]
            indent = 2 * size if (r, c) in indented else 0
            if text:
                pdf.drawString(x0 + 4 + indent, y - row_height + 8, text)
            edges.append((x0, x1))
            c += span
        if ruled:
            pdf.setLineWidth(0.6)
            if top_rule:
                pdf.line(xs[0], y, xs[-1], y)
            pdf.line(xs[0], y - row_height, xs[-1], y - row_height)
            for x0, x1 in edges:
                pdf.line(x0, y, x0, y - row_height)
                pdf.line(x1, y, x1, y - row_height)
        y -= row_height

    start()
    for block in blocks:
        if isinstance(block, str):
            if y - leading < bottom:
                new_page()
            pdf.drawString(left, y - leading + 6, block)
            y -= leading
            continue
        cols = sum(cell[1] if isinstance(cell, tuple) else 1 for cell in block[0])
        col_widths = widths or [470 / cols] * cols
        xs = [left]
        for w in col_widths:
            xs.append(xs[-1] + w)
        drawn = 0
        limit = first_page_rows or rows_per_page
        for r, row in enumerate(block):
            if drawn == limit or y - row_height < bottom:
                limit = rows_per_page
                new_page()
                drawn = 0
                if repeat_header:
                    draw_row(block[0], 0, xs)
                    drawn += 1
            draw_row(row, r, xs, top_rule=not (open_top and drawn == 0 and r > 0))
            drawn += 1
        y -= 8
    pdf.showPage()
    pdf.save()
    return path
