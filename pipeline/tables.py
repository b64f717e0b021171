"""Tables: the ``RawTable`` records a reader wrote into the raw text become ``Table`` records.

What this stage does (SPEC section 5), each step a small function:

* :func:`join_continued`: a table whose next part stands at the top of the next page, with
  only page noise between them and as many columns, is one table; header rows repeated on
  the continuation page are dropped;
* :func:`split_rows`: the caption row (``专栏三“十四五”电力发展主要目标`` alone in the first row)
  and note rows (``注：…``) leave the body; the header rows are the rows at the top before the
  first row that holds a value;
* :func:`resolve_headers`: one header per column, merged header cells spread over the
  columns they span (``指标值`` over ``2020年`` and ``2025年`` → ``指标值 2020年``, ``指标值 2025年``);
* :func:`find_caption`: ``表1 …`` / ``专栏2 …`` on a line just above the table;
* :func:`mark_table_paragraphs`: the paragraphs of the clean text that are table rows, so that
  the outline and the running-text extractors pass over them.

The words (caption forms, note rows …) live in ``rules/tables.yaml``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from functools import cache

import regex

from .records import CleanText, Paragraph, RawTable, Table, TableCell
from .rules import alternation, load_yaml, require
from .text import squeeze

RULE_FILE = "tables.yaml"


@dataclass(frozen=True, slots=True)
class TableRules:
    """``rules/tables.yaml``, the part this stage reads, compiled once."""

    caption: regex.Pattern[str]
    caption_words: tuple[str, ...]
    caption_lookback: int
    caption_max_chars: int
    note_row: regex.Pattern[str]
    max_header_rows: int
    page_noise_chars: int


def _alternation(patterns: list[str], key: str) -> regex.Pattern[str]:
    return regex.compile(f"^(?:{alternation(patterns, key, RULE_FILE)})")


@cache
def table_rules() -> TableRules:
    """The rules of ``rules/tables.yaml`` this stage needs.

    >>> table_rules().caption.match("表1 主要指标") is not None, table_rules().caption.match("表明") is None
    (True, True)
    """
    data = load_yaml(RULE_FILE)
    caption = require(data, "caption", dict, RULE_FILE)
    return TableRules(
        caption=_alternation(require(caption, "patterns", list, RULE_FILE), "caption.patterns"),
        caption_words=tuple(str(w) for w in require(caption, "words", list, RULE_FILE)),
        caption_lookback=require(caption, "lookback", int, RULE_FILE),
        caption_max_chars=require(caption, "max_chars", int, RULE_FILE),
        note_row=_alternation(require(data, "note_row", list, RULE_FILE), "note_row"),
        max_header_rows=require(data, "max_header_rows", int, RULE_FILE),
        page_noise_chars=require(data, "page_noise_chars", int, RULE_FILE),
    )


# --------------------------------------------------------------------------------------------------
# Cells


def cells_of(raw: str, table: RawTable) -> list[list[TableCell]]:
    """The rows of a raw table as ``TableCell`` (``text`` is ``raw[start:end]``, page, indent)."""
    return [
        [TableCell(raw[c.start : c.end], c.start, c.end, table.page, c.indent, c.merge) for c in row]
        for row in table.rows
    ]


_VALUE = regex.compile(r"\d")
_YEAR_LABEL = regex.compile(r"^(?:19|20)\d\d年?")


def holds_value(cell: TableCell) -> bool:
    """Whether a cell holds a number that is no year label (``2025年`` heads a column, ``98.8`` is a value).

    >>> holds_value(TableCell("98.8", 0, 4)), holds_value(TableCell("2025年目标", 0, 6))
    (True, False)
    >>> holds_value(TableCell("“十四五”目标", 0, 7)), holds_value(TableCell("1", 0, 1))
    (False, True)
    """
    text = _YEAR_LABEL.sub("", squeeze(cell.text))
    return bool(_VALUE.search(text))


# --------------------------------------------------------------------------------------------------
# Joining parts over page breaks


@dataclass(slots=True)
class _Part:
    """A table being built, from one or more raw tables."""

    rows: list[list[TableCell]]
    start: int
    end: int
    page: int | None


def join_continued(raw: str, tables: list[RawTable]) -> list[_Part]:
    """Join each table with its continuation on the next page (same columns, only page noise between).

    The continuation's first rows are dropped where they repeat the header rows of the first part.
    """
    rules = table_rules()
    parts: list[_Part] = []
    for table in tables:
        part = _Part(cells_of(raw, table), table.start, table.end, table.page)
        if parts:
            last = parts[-1]
            between = squeeze(raw[last.end : table.start])
            same_width = len(part.rows[0]) == len(last.rows[0])
            next_page = last.page is not None and table.page is not None and table.page == last.page + 1
            if same_width and next_page and len(between) <= rules.page_noise_chars and "。" not in between:
                header = [[squeeze(c.text) for c in row] for row in last.rows[: header_count(last.rows)]]
                k = 0
                while (
                    k < min(len(part.rows), len(header))
                    and [squeeze(c.text) for c in part.rows[k]] == header[k]
                ):
                    k += 1
                last.rows.extend(part.rows[k:])
                last.end = table.end
                continue
        parts.append(part)
    return parts


# --------------------------------------------------------------------------------------------------
# Caption, header and body rows


def _lone_text(row: list[TableCell]) -> str | None:
    """The text of a row that has one non-empty cell, else None."""
    texts = [squeeze(c.text) for c in row if c.text.strip()]
    return texts[0] if len(texts) == 1 else None


def header_count(rows: list[list[TableCell]]) -> int:
    """How many rows at the top are header rows: those before the first row that holds a value
    (at most ``max_header_rows``), and not a lone category cell (``一、环境治理``).

    >>> cell = lambda t: TableCell(t, 0, 0)
    >>> rows = [[cell("指标"), cell("2020年"), cell("2025年")], [cell("森林覆盖率"), cell("58"), cell("60")]]
    >>> header_count(rows)
    1
    """
    limit = table_rules().max_header_rows
    count = 0
    for row in rows:
        if count >= limit or any(holds_value(c) for c in row):
            break
        filled = sum(1 for c in row if c.text.strip())
        covered = sum(1 for c in row if c.text.strip() or c.merge == "up")
        if filled < 2 and covered < 2:
            break
        count += 1
    if count == len(rows):  # no row holds a value: the first row heads the table
        count = min(1, len(rows))
    return count


def split_rows(
    rows: list[list[TableCell]],
) -> tuple[str | None, list[list[TableCell]], list[list[TableCell]]]:
    """``(caption row text, header rows, body rows)`` of a table; note rows dropped."""
    rules = table_rules()
    caption = None
    lone = _lone_text(rows[0]) if rows else None
    if lone is not None and (rules.caption.match(lone) or any(w in lone for w in rules.caption_words)):
        caption, rows = lone, rows[1:]
    rows = [row for row in rows if not ((t := _lone_text(row)) and rules.note_row.match(t))]
    n = header_count(rows) if rows else 0
    return caption, rows[:n], rows[n:]


def resolve_headers(header: list[list[TableCell]]) -> list[str]:
    """One header per column: the texts of every header row down the column, a merged cell
    counted for each column it spans, white space removed, joined by a space.

    >>> cell = lambda t, merge="": TableCell(t, 0, 0, merge=merge)
    >>> rows = [[cell("指标"), cell("指标值"), cell("", "left")]]
    >>> rows.append([cell("", "up"), cell("2020年"), cell("2025年")])
    >>> resolve_headers(rows)
    ['指标', '指标值 2020年', '指标值 2025年']
    """
    if not header:
        return []
    width = len(header[0])
    columns: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        origin = ""
        for c in range(width):
            if row[c].merge == "left":
                text = origin
            elif row[c].merge == "up":
                continue
            else:
                text = origin = squeeze(row[c].text)
            if text and (not columns[c] or columns[c][-1] != text):
                columns[c].append(text)
    return [" ".join(parts) for parts in columns]


def find_caption(raw: str, start: int) -> str | None:
    """``表1 …`` or ``专栏2 …`` on one of the lines just above ``start`` (white space removed).

    >>> find_caption("到2025年，目标如下。\\n表 1 主要指标\\n单位：%\\n", 27)
    '表1主要指标'
    >>> find_caption("到2025年，森林覆盖率达到60%。\\n", 21) is None
    True
    """
    rules = table_rules()
    lines = [squeeze(line) for line in raw[max(0, start - 600) : start].split("\n")]
    lines = [line for line in lines if line][-rules.caption_lookback :]
    for line in reversed(lines):
        if len(line) <= rules.caption_max_chars and rules.caption.match(line):
            return line
    for line in reversed(lines):
        if (
            len(line) <= rules.caption_max_chars
            and "。" not in line
            and any(w in line for w in rules.caption_words)
        ):
            return line
    return None


# --------------------------------------------------------------------------------------------------
# Entry points


def build_tables(raw: str, tables: tuple[RawTable, ...] | list[RawTable]) -> list[Table]:
    """The ``Table`` records of the raw tables a reader found (``section`` still unset).

    >>> from pipeline.read_tables import Grid, GridCell, write_blocks
    >>> text, found = write_blocks(["表1 主要指标", Grid(((GridCell("指标"), GridCell("2025年")),
    ...                                                 (GridCell("森林覆盖率（%）"), GridCell("60"))), 3)])
    >>> table = build_tables(text, found)[0]
    >>> table.caption, table.columns, [c.text for c in table.rows[0]], table.page
    ('表1主要指标', ['指标', '2025年'], ['森林覆盖率（%）', '60'], 3)
    """
    out: list[Table] = []
    for part in join_continued(raw, list(tables)):
        if not part.rows:
            continue
        caption_row, header, body = split_rows(part.rows)
        caption = caption_row or find_caption(raw, part.start)
        out.append(
            Table(
                index=len(out),
                page=part.page,
                caption=caption,
                columns=resolve_headers(header),
                header=header,
                rows=body,
                start=part.start,
                end=part.end,
            )
        )
    return out


def table_spans(tables: tuple[RawTable, ...] | list[RawTable]) -> list[tuple[int, int]]:
    """The raw spans of the tables, in order."""
    return sorted((t.start, t.end) for t in tables)


def mark_table_paragraphs(
    paragraphs: list[Paragraph], clean: CleanText, tables: tuple[RawTable, ...] | list[RawTable]
) -> list[Paragraph]:
    """The paragraphs, those that lie inside a table's raw span marked ``in_table``."""
    spans = table_spans(tables)
    if not spans:
        return paragraphs
    starts = [s for s, _ in spans]
    out = []
    for p in paragraphs:
        raw_start, raw_end = clean.raw_span(p.start, p.end)
        k = bisect.bisect_right(starts, raw_start) - 1
        inside = k >= 0 and raw_start >= spans[k][0] and raw_end <= spans[k][1]
        out.append(replace(p, in_table=True) if inside else p)
    return out


def table_sections(tables: list[Table], paragraphs: list[Paragraph], clean: CleanText) -> None:
    """Set each table's ``section``: the deepest section open at its first row."""
    if not paragraphs:
        return
    raw_starts = [clean.offsets[p.start] for p in paragraphs]
    for table in tables:
        k = bisect.bisect_right(raw_starts, table.start) - 1
        table.section = paragraphs[max(k, 0)].section if k >= 0 else None
