r"""Tables in the readers: find them, and write them into the raw text as rows of cells.

A table is written where it stands, one line per row, its cells separated by a tab; a grid
position that a merged cell spans into is an empty cell, so every row has one cell per
column.  The reader hands the cells' raw spans on as ``RawTable`` records (SPEC section 5:
"every cell has raw offsets"); ``pipeline.tables`` makes ``Table`` records of them.

* **PDF** (:func:`pdf_page_blocks`): only pages that may hold a table are looked at twice.
  A cheap PDFium check comes first: the page draws rules at three or more distinct x and
  two or more y positions (a framed 专栏 box draws two x positions), or its text has several
  lines of bare numbers.  Then pdfplumber's table finder runs on the page's *visible* rules as
  PDFium gives them (white or unstroked rectangles are backgrounds and shading, not rules), or,
  without rules, on columns of text aligned by their gaps (pdfplumber's words).  The cell text
  is PDFium's text inside the cell (sub- and superscripts stay on their line: ``PM2.5``),
  wrapped lines joined.  The rest of the page is PDFium's text above, beside and below the
  tables, so a page without tables reads exactly as before.
* **Word** (:func:`docx_grid`): python-docx tables in document order, merged cells resolved
  by python-docx's grid.
* **HTML** (:func:`html_grid`): ``<table>`` elements with ``colspan``/``rowspan``; a table
  that nests tables, or has a single column, is page layout and is read as text.

>>> text, tables = write_blocks(["表1 主要指标", Grid(((GridCell("指标"), GridCell("2025年")),
...                                                  (GridCell("森林覆盖率"), GridCell("60%"))))])
>>> text.split("\n")
['表1 主要指标', '指标\t2025年', '森林覆盖率\t60%']
>>> cell = tables[0].rows[1][1]; text[cell.start:cell.end]
'60%'
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .records import RawCell, RawTable

# --------------------------------------------------------------------------------------------------
# Grids and how they are written


@dataclass(frozen=True, slots=True)
class GridCell:
    """One grid position of a table: its text (one line), the merge it belongs to, its indent."""

    text: str
    merge: str = ""  # "" | "left" (a column span reaches here) | "up" (a row span reaches here)
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as a reader found it: rows of ``GridCell``, one per column."""

    rows: tuple[tuple[GridCell, ...], ...]
    page: int | None = None


def cell_line(text: str) -> str:
    """A cell's text as one line: wrapped lines joined (a space only between two Latin words).

    >>> cell_line("地级及以上城市空气质量\\r\\n优良天数比率（%）")
    '地级及以上城市空气质量优良天数比率（%）'
    >>> cell_line("Carbon\\nneutral\\t2025 年 ")
    'Carbon neutral 2025 年'
    """
    lines = [line.strip() for line in re.split(r"\r\n|[\r\n\v\f\u2028\u2029]", text)]
    out = ""
    for line in filter(None, lines):
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out.replace("\t", " ")


def make_grid(rows: Iterable[Sequence[GridCell]], page: int | None = None) -> Grid | None:
    """A grid of ``rows`` padded to one width, empty rows dropped; None when nothing is left."""
    kept = [tuple(GridCell(cell_line(c.text), c.merge, c.indent) for c in row) for row in rows]
    kept = [row for row in kept if any(c.text for c in row)]
    if not kept:
        return None
    width = max(len(row) for row in kept)
    padded = tuple(row + (GridCell("", "left"),) * (width - len(row)) for row in kept)
    return Grid(padded, page)


def grid_text(grid: Grid, start: int = 0) -> tuple[str, RawTable]:
    """The lines of ``grid`` and its ``RawTable``, offsets counted from ``start``.

    >>> text, table = grid_text(Grid(((GridCell("一、环境治理"), GridCell("", "left")),)), 10)
    >>> text, table.rows[0][1]
    ('一、环境治理\\t', RawCell(start=17, end=17, merge='left', indent=0))
    """
    lines: list[str] = []
    rows: list[tuple[RawCell, ...]] = []
    pos = start
    for r, row in enumerate(grid.rows):
        if r:
            pos += 1
        cells: list[RawCell] = []
        parts: list[str] = []
        for c, cell in enumerate(row):
            if c:
                pos += 1
            cells.append(RawCell(pos, pos + len(cell.text), cell.merge, cell.indent))
            parts.append(cell.text)
            pos += len(cell.text)
        lines.append("\t".join(parts))
        rows.append(tuple(cells))
    return "\n".join(lines), RawTable(start, pos, tuple(rows), grid.page)


def write_blocks(blocks: Iterable[str | Grid], start: int = 0) -> tuple[str, list[RawTable]]:
    """Join text blocks and grids with ``"\\n"``; the grids' ``RawTable`` records (offsets from ``start``)."""
    texts: list[str] = []
    tables: list[RawTable] = []
    pos = start
    for block in blocks:
        if texts:
            pos += 1
        if isinstance(block, Grid):
            text, table = grid_text(block, pos)
            tables.append(table)
        else:
            text = block
        texts.append(text)
        pos += len(text)
    return "\n".join(texts), tables


# --------------------------------------------------------------------------------------------------
# PDF: the cheap check (PDFium)

#: A path object at most this thick (points) is a rule; a rule is at least _MIN_RULE long.
_THIN = 3.0
_MIN_RULE = 8.0
#: Rules closer than this (points) are one position.
_SAME_POSITION = 2.0
#: Lines of a page's text that look like table rows (two bare numbers, no sentence marks) it takes
#: before a page without rules is searched for a table.
_MIN_NUMBER_LINES = 3
_NUMBER_TOKEN = re.compile(r"^[(\[（【]?[-+≥≤<>＜＞~约]?\d[\d.,]*\s*[%‰]?[*※]?[)\]）】]?$")
_SENTENCE_MARKS = re.compile(r"[，。；：、？！]")


def _painted(handle: Any, *, stroke: bool) -> bool:
    """Whether a PDFium path object strokes its outline (``stroke``) or fills its area in a colour
    darker than the page."""
    import pypdfium2.raw as pdfium_c

    fill_mode, stroked = ctypes.c_int(0), ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(handle, ctypes.byref(fill_mode), ctypes.byref(stroked)):
        return True
    if not (stroked if stroke else fill_mode).value:
        return False
    colour = pdfium_c.FPDFPageObj_GetStrokeColor if stroke else pdfium_c.FPDFPageObj_GetFillColor
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not colour(handle, *(ctypes.byref(v) for v in (r, g, b, a))):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 230


def _path_segments(handle: Any, *, paint: bool = False) -> list[tuple[str, float, float, float]]:
    """The rules one path object draws, in PDF coordinates: ``("v", x, y0, y1)`` or ``("h", y, x0, x1)``.

    A thin object is a rule (with ``paint``, only if it shows: the cheap check skips the colour
    lookup); a larger one only counts with its stroked sides (a cell's outline, a grid drawn as
    one path): a filled area is shading or a page's or frame's background, not a rule.  Raw
    PDFium calls: a page may hold thousands of objects.
    """
    import pypdfium2.raw as pdfium_c

    box = [ctypes.c_float(0) for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetBounds(handle, *(ctypes.byref(v) for v in box)):
        return []
    left, bottom, right, top = (v.value for v in box)
    width, height = right - left, top - bottom
    thin_v = width <= _THIN and height >= _MIN_RULE
    thin_h = height <= _THIN and width >= _MIN_RULE
    if not (thin_v or thin_h or (width >= _MIN_RULE and height >= _MIN_RULE)):
        return []
    if thin_v or thin_h:
        if paint and not (_painted(handle, stroke=True) or _painted(handle, stroke=False)):
            return []
        if thin_v:
            return [("v", (left + right) / 2, bottom, top)]
        return [("h", (bottom + top) / 2, left, right)]
    if not _painted(handle, stroke=True):
        return []
    count = pdfium_c.FPDFPath_CountSegments(handle)
    if count <= 6:  # a rectangle: its four sides
        return [
            ("v", left, bottom, top),
            ("v", right, bottom, top),
            ("h", bottom, left, right),
            ("h", top, left, right),
        ]
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, ctypes.byref(m)):
        return []
    out: list[tuple[str, float, float, float]] = []
    prev: tuple[float, float] | None = None
    first: tuple[float, float] | None = None
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    for i in range(min(count, 4000)):
        seg = pdfium_c.FPDFPath_GetPathSegment(handle, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            prev = first = point
            continue
        ends = [point]
        if pdfium_c.FPDFPathSegment_GetClose(seg) and first is not None:
            ends.append(first)
        for end in ends:
            if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
                dx, dy = abs(end[0] - prev[0]), abs(end[1] - prev[1])
                if dx <= 1 and dy >= _MIN_RULE:
                    out.append(("v", end[0], min(end[1], prev[1]), max(end[1], prev[1])))
                elif dy <= 1 and dx >= _MIN_RULE:
                    out.append(("h", end[1], min(end[0], prev[0]), max(end[0], prev[0])))
            prev = end
    return out


def _positions(values: list[float]) -> int:
    """How many distinct positions ``values`` hold (within ``_SAME_POSITION``).

    >>> _positions([10.0, 10.5, 100.0, 250.0, 251.0])
    3
    """
    count, last = 0, None
    for v in sorted(values):
        if last is None or v - last > _SAME_POSITION:
            count += 1
        last = v
    return count


def _path_handles(page: Any) -> Iterator[Any]:
    """The raw handles of a page's path objects, also those one Form XObject deep."""
    import pypdfium2.raw as pdfium_c

    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        handle = get_object(page.raw, i)
        kind = get_type(handle)
        if kind == path:
            yield handle
        elif kind == form:
            for k in range(pdfium_c.FPDFFormObj_CountObjects(handle)):
                inner = pdfium_c.FPDFFormObj_GetObject(handle, k)
                if get_type(inner) == path:
                    yield inner


def has_rulings(page: Any) -> bool:
    """Whether a PDFium page draws rules at 3+ x and 2+ y positions: a grid (a row of one is the
    part of a table the page break cut off), not a frame (a 专栏 box draws two x positions)."""
    xs: set[int] = set()
    ys: set[int] = set()
    for handle in _path_handles(page):
        for orientation, at, _, _ in _path_segments(handle):
            (xs if orientation == "v" else ys).add(int(at // _SAME_POSITION))
        if len(xs) >= 3 and len(ys) >= 2 and _positions([x * _SAME_POSITION for x in xs]) >= 3:
            if _positions([y * _SAME_POSITION for y in ys]) >= 2:
                return True
    return False


def page_rules(page: Any, height: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The visible rules of a PDFium page as pdfplumber edges (top-left origin): vertical, horizontal."""
    vertical: list[dict[str, Any]] = []
    horizontal: list[dict[str, Any]] = []
    for handle in _path_handles(page):
        for orientation, at, low, high in _path_segments(handle, paint=True):
            if orientation == "v":
                vertical.append(_edge(at, at, height - high, height - low))
            else:
                horizontal.append(_edge(low, high, height - at, height - at))
    return vertical, horizontal


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
        "orientation": "v" if x0 == x1 else "h",
    }


def number_lines(text: str) -> int:
    """Lines of a page's text that read like table rows: two bare numbers, no sentence marks.

    >>> number_lines("3 地表水达到或优于Ⅲ类比例（%） 83 92.1 约束性\\n到 2025 年，达到 60%。\\n61.17* 61.50")
    2
    """
    count = 0
    for line in text.splitlines():
        if _SENTENCE_MARKS.search(line):
            continue
        if sum(1 for token in line.split() if _NUMBER_TOKEN.match(token)) >= 2:
            count += 1
    return count


def may_hold_table(page: Any, text: str) -> bool:
    """The cheap check before a page is searched for tables (PDFium only)."""
    return number_lines(text) >= _MIN_NUMBER_LINES or has_rulings(page)


# --------------------------------------------------------------------------------------------------
# PDF: finding tables (pdfplumber) and reading their cells (PDFium)


@dataclass(slots=True)
class _Found:
    """A table on a page, in pdfplumber's coordinates (top-left origin): cell boxes per grid position."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[list[tuple[float, float, float, float] | None]]


#: pdfplumber's table finder on explicit rules (the visible ones PDFium finds); tolerances as
#: pdfplumber's defaults.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


def ruled_tables(
    plumber_page: Any, vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]]
) -> list[_Found]:
    """Tables drawn with rules: pdfplumber's finder on the page's visible rules (PDFium's paths,
    so pdfplumber never parses the page)."""
    if len(vertical) < 3 or len(horizontal) < 2:
        return []
    horizontal = horizontal + _closing_rules(vertical, horizontal)
    settings = {
        **TABLE_SETTINGS,
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }
    found = []
    for table in plumber_page.find_tables(settings):
        cells = [list(row.cells) for row in table.rows]
        found.append(_Found(tuple(table.bbox), cells))
    return found


def _closing_rules(vertical: list[dict[str, Any]], horizontal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules that close a grid a page break cut open: where three or more vertical rules run on
    above the topmost (or below the lowest) horizontal rule across them, a rule joining their ends.

    A table continued from the page before often starts at the page top without a top border
    (and one continued on the next page ends without a bottom one), so its first (last) row
    would have no cells.
    """
    out: list[dict[str, Any]] = []
    for side in ("top", "bottom"):
        ends = sorted(e[side] for e in vertical)
        end = ends[0] if side == "top" else ends[-1]
        ending = [e for e in vertical if abs(e[side] - end) <= _SAME_POSITION]
        if _positions([e["x0"] for e in ending]) < 3:
            continue
        x0, x1 = min(e["x0"] for e in ending), max(e["x0"] for e in ending)
        across = [h for h in horizontal if h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3]
        if any(abs(h["top"] - end) <= 3 for h in across):
            continue
        out.append(_edge(x0, x1, end, end))
    return out


def page_chars(textpage: Any, height: float) -> list[dict[str, Any]]:
    """The boxes of a page's visible characters from PDFium, as pdfplumber's ``chars`` (top-left origin)."""
    import pypdfium2.raw as pdfium_c

    out: list[dict[str, Any]] = []
    box = [ctypes.c_double(0) for _ in range(4)]
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if code <= 32 or chr(code).isspace():
            continue
        if not pdfium_c.FPDFText_GetCharBox(textpage.raw, i, *(ctypes.byref(v) for v in box)):
            continue
        left, right, bottom, top = (v.value for v in box)
        out.append(
            {"text": chr(code), "x0": left, "x1": right, "top": height - top, "bottom": height - bottom}
        )
    return out


def _lines_of_words(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines: a word whose vertical middle lies within a line's extent joins it
    (digits and Han glyphs of one line have different tops)."""
    lines: list[list[dict[str, Any]]] = []
    extent: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and extent[-1][0] <= middle <= extent[-1][1]:
            lines[-1].append(word)
            extent[-1] = (min(extent[-1][0], word["top"]), max(extent[-1][1], word["bottom"]))
        else:
            lines.append([word])
            extent.append((word["top"], word["bottom"]))
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _chunks(line: list[dict[str, Any]]) -> list[tuple[float, float, str]]:
    """A line's words merged where the gap between them is under one character: ``(x0, x1, text)``."""
    out: list[tuple[float, float, str]] = []
    for word in line:
        size = word["bottom"] - word["top"]
        if out and word["x0"] - out[-1][1] < size:
            x0, _, text = out[-1]
            out[-1] = (x0, word["x1"], text + word["text"])
        else:
            out.append((word["x0"], word["x1"], word["text"]))
    return out


_HAS_DIGIT = re.compile(r"\d")


def borderless_tables(plumber_page: Any) -> list[_Found]:
    """Tables without rules: runs of 3+ lines whose text stands in 3+ columns parted by wide gaps.

    A line with three or more chunks (text parted by gaps wider than a character) is a row; a
    line whose chunks all fall inside the columns found so far continues the row above (a
    wrapped cell).  Columns are the gaps no row's chunk crosses.
    """
    words = plumber_page.extract_words(x_tolerance=1.5, y_tolerance=2)
    lines = _lines_of_words(words)
    found: list[_Found] = []
    k = 0
    while k < len(lines):
        chunks = _chunks(lines[k])
        if len(chunks) < 3:
            k += 1
            continue
        run = [(lines[k], chunks, True)]
        spans = [(a, b) for a, b, _ in chunks]
        j = k + 1
        while j < len(lines):
            nxt = _chunks(lines[j])
            height = lines[j - 1][0]["bottom"] - lines[j - 1][0]["top"]
            gap = min(w["top"] for w in lines[j]) - max(w["bottom"] for w in lines[j - 1])
            if gap > 2.5 * height:
                break
            columns = _merge_spans(spans)
            inside = all(any(a >= c0 - 1 and b <= c1 + 1 for c0, c1 in columns) for a, b, _ in nxt)
            if len(nxt) >= 3:
                run.append((lines[j], nxt, True))
                spans.extend((a, b) for a, b, _ in nxt)
            elif inside:
                run.append((lines[j], nxt, False))
            else:
                break
            j += 1
        while run and not run[-1][2]:
            run.pop()
        rows = [item for item in run if item[2]]
        numeric = sum(1 for _, ch, _ in rows if sum(1 for *_, t in ch if _HAS_DIGIT.search(t)) >= 2)
        columns = _merge_spans(spans)
        if len(rows) >= 3 and numeric >= 2 and len(columns) >= 3:
            found.append(_grid_of_run(run, columns, plumber_page))
        k = max(j, k + 1)
    return found


def _merge_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping x-intervals merged: the columns of a borderless table.

    >>> _merge_spans([(10, 40), (30, 60), (100, 120)])
    [(10, 60), (100, 120)]
    """
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _grid_of_run(
    run: list[tuple[list[dict[str, Any]], list[tuple[float, float, str]], bool]],
    columns: list[tuple[float, float]],
    plumber_page: Any,
) -> _Found:
    """Cell boxes of a borderless table: column gaps' midpoints across, row starts down."""
    xs = [columns[0][0] - 2]
    xs += [(a[1] + b[0]) / 2 for a, b in pairwise(columns)]
    xs.append(columns[-1][1] + 2)
    starts = [min(w["top"] for w in line) - 1 for line, _, is_row in run if is_row]
    bottom = max(w["bottom"] for w in run[-1][0]) + 1
    tops = [*starts, bottom]
    cells: list[list[tuple[float, float, float, float] | None]] = [
        [(xs[c], tops[r], xs[c + 1], tops[r + 1]) for c in range(len(xs) - 1)] for r in range(len(starts))
    ]
    return _Found((xs[0], tops[0], xs[-1], tops[-1]), cells)


def _usable(found: _Found) -> bool:
    """A table, not a frame: 2+ columns and 2+ rows with 2+ cells (a fragment continued from the
    page before may have one row, if it has 3+ columns)."""
    width = max((len(row) for row in found.cells), default=0)
    rows = sum(1 for row in found.cells if sum(1 for c in row if c is not None) >= 2)
    return width >= 2 and (rows >= 2 or (rows == 1 and width >= 3))


def _indents(found: _Found, texts: list[list[str]], chars: list[dict[str, Any]]) -> list[list[int]]:
    """Indent steps of each cell's text, relative to the least indented cell of its column.

    Only columns whose text is left-aligned count (a centred column's short cells stand far
    from the left edge without being indented); one step is two characters.
    """
    boxes = [(r, c, box) for r, row in enumerate(found.cells) for c, box in enumerate(row) if box]
    gaps: dict[tuple[int, int], tuple[float, float, float]] = {}
    if not chars:
        return [[0] * len(row) for row in found.cells]
    x0, top, x1, bottom = found.bbox
    by_cell: dict[tuple[int, int], list[dict[str, Any]]] = {}
    index = {(r, c): box for r, c, box in boxes}
    for ch in chars:
        if not ch["text"].strip() or not (x0 <= ch["x0"] <= x1 and top <= ch["top"] <= bottom):
            continue
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for (r, c), box in index.items():
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                by_cell.setdefault((r, c), []).append(ch)
                break
    for key, members in by_cell.items():
        box = index[key]
        size = statistics.median(ch["x1"] - ch["x0"] for ch in members) or 1.0
        gaps[key] = (min(ch["x0"] for ch in members) - box[0], box[2] - max(ch["x1"] for ch in members), size)
    out = [[0] * len(row) for row in found.cells]
    width = max(len(row) for row in found.cells)
    for c in range(width):
        column = [(key, gap) for key, gap in gaps.items() if key[1] == c and texts[key[0]][c]]
        if len(column) < 3:
            continue
        base = min(left for _, (left, _, _) in column)
        centred = sum(1 for _, (left, right, size) in column if abs(left - right) < size)
        if centred * 2 > len(column):
            continue
        for (r, _), (left, right, size) in column:
            step = (left - base) / (2 * size)
            if step >= 0.75 and abs(left - right) >= size:
                out[r][c] = max(1, round(step))
    return out


def _grid_of(
    found: _Found, textpage: Any, height: float, chars: list[dict[str, Any]], page: int
) -> Grid | None:
    texts: list[list[str]] = []
    for row in found.cells:
        texts.append(
            [
                cell_line(textpage.get_text_bounded(box[0], height - box[3], box[2], height - box[1]))
                if box is not None
                else ""
                for box in row
            ]
        )
    indents = _indents(found, texts, chars)
    rows: list[list[GridCell]] = []
    for r, row in enumerate(found.cells):
        cells: list[GridCell] = []
        for c, box in enumerate(row):
            if box is not None:
                cells.append(GridCell(texts[r][c], "", indents[r][c]))
                continue
            left = next((row[k] for k in range(c - 1, -1, -1) if row[k] is not None), None)
            column_x = _column_x(found, c)
            spans_left = left is not None and column_x is not None and left[2] > column_x + 1
            cells.append(GridCell("", "left" if spans_left else "up"))
        rows.append(cells)
    return make_grid(rows, page)


def _column_x(found: _Found, column: int) -> float | None:
    """The left edge of a grid column (pdfplumber aligns every cell of a column on it)."""
    for row in found.cells:
        if column < len(row) and row[column] is not None:
            return row[column][0]
    return None


def _non_overlapping(tables: list[_Found]) -> list[_Found]:
    """Tables sorted top to bottom; one that shares its height with an earlier one is dropped."""
    kept: list[_Found] = []
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        if kept and table.bbox[1] < kept[-1].bbox[3] - 1:
            continue
        kept.append(table)
    return kept


def pdf_page_blocks(
    page: Any, textpage: Any, text: str, plumber_page: Callable[[], Any], number: int
) -> list[str | Grid] | None:
    """The blocks of a PDF page that holds tables (text above, the grid, text below …), else None.

    ``text`` is PDFium's text of the whole page; ``plumber_page`` opens the same page with
    pdfplumber, called only when the cheap check passes (its table finder works on PDFium's
    rules, so pdfplumber parses the page only to look for a table without rules); ``number`` is
    the 1-based page.  Coordinates follow pdfplumber (top-left origin).
    """
    if page.get_rotation() % 360 != 0 or not may_hold_table(page, text):
        return None
    height = float(page.get_bbox()[3])
    plumber = plumber_page()
    found = [t for t in ruled_tables(plumber, *page_rules(page, height)) if _usable(t)]
    if not found and number_lines(text) >= _MIN_NUMBER_LINES:
        found = [t for t in borderless_tables(plumber) if _usable(t)]
    if not found:
        return None
    chars = page_chars(textpage, height)
    left, bottom, right, top = page.get_bbox()
    blocks: list[str | Grid] = []

    def band(x0: float, y0: float, x1: float, y1: float) -> None:
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        content = textpage.get_text_bounded(x0, y0, x1, y1).replace("\r\n", "\n").replace("\r", "\n")
        if content.strip():
            blocks.append(content)

    upper = top
    for table in _non_overlapping(found):
        grid = _grid_of(table, textpage, height, chars, number)
        if grid is None:
            continue
        x0, t_top, x1, t_bottom = table.bbox
        band(left, height - t_top, right, upper)
        blocks.append(grid)
        band(left, height - t_bottom, x0, height - t_top)  # beside the table (margin notes)
        band(x1, height - t_bottom, right, height - t_top)
        upper = height - t_bottom
    if not any(isinstance(b, Grid) for b in blocks):
        return None
    band(left, bottom, right, upper)
    return blocks


# --------------------------------------------------------------------------------------------------
# Word


def docx_grid(table: Any) -> tuple[Grid | None, list[Any]]:
    """A python-docx table as a grid (merged cells from python-docx's grid), and its nested tables."""
    rows: list[list[GridCell]] = []
    nested: list[Any] = []
    seen: dict[int, Any] = {}  # id → element: holding the lxml proxies keeps their ids unique
    previous: list[Any] = []
    for row in table.rows:
        cells: list[GridCell] = []
        current = [cell._tc for cell in row.cells]
        for c, cell in enumerate(row.cells):
            tc = cell._tc
            if c and tc is current[c - 1]:
                cells.append(GridCell("", "left"))
                continue
            if c < len(previous) and tc is previous[c]:
                cells.append(GridCell("", "up"))
                continue
            if id(tc) in seen:
                cells.append(GridCell("", "up"))
                continue
            seen[id(tc)] = tc
            texts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            indent = _docx_indent(cell)
            cells.append(GridCell(" ".join(texts), "", indent))
            nested.extend(cell.tables)
        previous = current
        rows.append(cells)
    return make_grid(rows), nested


def _docx_indent(cell: Any) -> int:
    """1 when a cell's first paragraph is indented (by format or by leading full-width spaces)."""
    for para in cell.paragraphs:
        if not para.text.strip():
            continue
        fmt = para.paragraph_format
        indent = (fmt.left_indent or 0) + max(fmt.first_line_indent or 0, 0)
        leading = len(para.text) - len(para.text.lstrip(" \u3000\u00a0"))
        return 1 if indent > 0 or leading >= 2 else 0
    return 0


# --------------------------------------------------------------------------------------------------
# HTML


def html_grid(table: Any, cell_text: Callable[[Any], str]) -> Grid | None:
    """A ``<table>`` as a grid (``colspan``/``rowspan`` spread); None for a layout table.

    A table that nests another, or whose rows have one cell each, arranges a page: it is no
    data table, and its text is read as running text.
    """
    if table.find("table") is not None:
        return None
    rows: list[list[GridCell]] = []
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[GridCell] = []
        for td in tr.find_all(["td", "th"], recursive=False):
            _fill_pending(row, pending)
            span, down = _span(td.get("colspan")), _span(td.get("rowspan"))
            raw = cell_text(td)
            leading = len(raw) - len(raw.lstrip(" \u3000\u00a0"))
            style = (td.get("style") or "").replace(" ", "").lower()
            indent = 1 if leading >= 2 or "padding-left" in style or "text-indent" in style else 0
            col = len(row)
            row.append(GridCell(raw.strip(), "", indent))
            row.extend(GridCell("", "left") for _ in range(span - 1))
            if down > 1:
                for k in range(span):
                    pending[col + k] = down - 1
        _fill_pending(row, pending)
        rows.append(row)
    grid = make_grid(rows)
    if grid is None or len(grid.rows[0]) < 2 or len(grid.rows) < 2:
        return None
    return grid


def _fill_pending(row: list[GridCell], pending: dict[int, int]) -> None:
    """Put the positions a row span from above covers at the end of ``row``."""
    while pending.get(len(row), 0) > 0:
        pending[len(row)] -= 1
        row.append(GridCell("", "up"))


def _span(value: Any) -> int:
    """A ``colspan``/``rowspan`` attribute as a count (bad values count 1, huge ones are capped).

    >>> _span("3"), _span(None), _span("x"), _span("9999")
    (3, 1, 1, 100)
    """
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1
