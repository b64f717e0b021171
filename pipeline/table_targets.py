"""Table targets: the cells of indicator tables read as targets (SPEC section 5, ``source: "table"``).

A table is read in three steps, each its own function:

* :func:`classify_columns`: what each column is, from its header (``rules/tables.yaml``):
  序号, 类别, the indicator, 单位, 属性, the base-year column, and the value columns with their
  year (``2025年``, ``“十四五”目标值`` → 2025, per-year columns 2021…2025, growth and cumulative
  columns → the year they name, else the table's last year);
* :func:`read_cell`: the values of one cell with comparator, cumulative brackets, sign and unit
  (``≥62.5``, ``2600左右``, ``[27.0]``, ``【14】``, ``8-10``, ``-1.18%``, ``83/77``,
  ``氮氧化物1.28挥发性有机物0.83``);
* :func:`table_targets`: one target per value of a value column whose year comes after the base
  year, with the row's indicator (``parent（sub）`` for sub-rows), unit, baseline, direction and
  modality.

A table sets no targets when it reports a past plan's results (a ``完成情况`` or ``实际值``
column, a caption such as ``“十三五”…完成情况``, or no value column after the plan's base year)
or lists projects (a ``项目名称`` column).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import regex

from .quantities import find_quantities, to_halfwidth
from .records import Paragraph, Quantity, Table, TableCell, Target
from .rules import load_yaml, require
from .tables import RULE_FILE, holds_value
from .target_rules import target_rules
from .text import squeeze
from .times import five_year_plan_end, year_context
from .units import normalize


@dataclass(frozen=True, slots=True)
class ColumnWords:
    """The header words of each kind of column."""

    number: tuple[str, ...]
    category: tuple[str, ...]
    indicator: tuple[str, ...]
    unit: tuple[str, ...]
    attribute: tuple[str, ...]
    base: tuple[str, ...]
    target: tuple[str, ...]
    growth: tuple[str, ...]
    cumulative: tuple[str, ...]
    past: tuple[str, ...]
    project: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableTargetRules:
    """``rules/tables.yaml``, the part this stage reads, compiled once."""

    columns: ColumnWords
    past_captions: tuple[str, ...]
    attribute_values: dict[str, str]
    sub_row: tuple[str, ...]
    row_number: regex.Pattern[str]
    prefix: tuple[tuple[str, str], ...]
    suffix: tuple[tuple[str, str], ...]
    cumulative: tuple[str, ...]
    marks: str
    value_splits: tuple[str, ...]
    decrease: tuple[str, ...]
    increase: tuple[str, ...]


def _words(data: dict, key: str) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in require(data, key, list, RULE_FILE)), key=len, reverse=True))


@cache
def table_target_rules() -> TableTargetRules:
    """The rules of ``rules/tables.yaml`` for reading tables as targets."""
    data = load_yaml(RULE_FILE)
    cols = require(data, "columns", dict, RULE_FILE)
    cell = require(data, "cell", dict, RULE_FILE)
    direction = require(data, "direction", dict, RULE_FILE)

    def ops(key: str) -> tuple[tuple[str, str], ...]:
        table = require(cell, key, dict, RULE_FILE)
        pairs = [(str(w), str(op)) for op, words in table.items() for w in words]
        return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))

    return TableTargetRules(
        columns=ColumnWords(**{name: _words(cols, name) for name in ColumnWords.__dataclass_fields__}),
        past_captions=_words(data, "past_captions"),
        attribute_values={
            str(k): str(v) for k, v in require(data, "attribute_values", dict, RULE_FILE).items()
        },
        sub_row=_words(data, "sub_row"),
        row_number=regex.compile(require(data, "row_number", str, RULE_FILE)),
        prefix=ops("prefix"),
        suffix=ops("suffix"),
        cumulative=tuple(str(p) for p in require(cell, "cumulative", list, RULE_FILE)),
        marks="".join(str(m) for m in require(cell, "marks", list, RULE_FILE)),
        value_splits=tuple(str(s) for s in require(cell, "value_splits", list, RULE_FILE)),
        decrease=_words(direction, "decrease"),
        increase=_words(direction, "increase"),
    )


# --------------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True, slots=True)
class Column:
    """What one column of a table is."""

    index: int
    kind: str  # number | category | indicator | unit | attribute | base | value | other
    year: int | None = None
    growth: bool = False
    cumulative: bool = False
    direction: str | None = None


_YEAR = regex.compile(r"((?:19|20)\d\d)\s*年?")
_PERIOD = regex.compile(r"“?十(?P<n>[一二三四五六七八九])五”?")


def header_year(header: str) -> int | None:
    """The year a column header names: ``2025年目标`` → 2025, ``“十四五”目标值`` → 2025.

    >>> header_year("2020年现状值"), header_year("“十四五”目标值"), header_year("十四五年均增速")
    (2020, 2025, 2025)
    >>> header_year("属性") is None
    True
    """
    m = _YEAR.search(header)
    if m:
        return int(m.group(1))
    m = _PERIOD.search(header)
    return five_year_plan_end(m.group("n")) if m else None


def _has(header: str, words: tuple[str, ...]) -> bool:
    return any(w in header for w in words)


def _direction_in(text: str) -> str | None:
    rules = table_target_rules()
    if _has(text, rules.decrease):
        return "decrease"
    if _has(text, rules.increase):
        return "increase"
    return None


def _attribute_share(table: Table, index: int) -> float:
    values = table_target_rules().attribute_values
    cells = [row[index].text for row in table.rows if index < len(row) and row[index].text]
    if not cells:
        return 0.0
    return sum(1 for c in cells if c in values) / len(cells)


def _numeric_share(table: Table, index: int) -> float:
    cells = [row[index] for row in table.rows if index < len(row) and row[index].text]
    if not cells:
        return 0.0
    return sum(1 for c in cells if holds_value(c)) / len(cells)


def classify_columns(table: Table, plan_base: int | None) -> list[Column]:
    """The kind of each column, from its header (and, for 属性, its cells)."""
    words = table_target_rules().columns
    headers = [squeeze(h) for h in table.columns] or [""] * (len(table.rows[0]) if table.rows else 0)
    out: list[Column] = []
    for i, header in enumerate(headers):
        year = header_year(header)
        if _attribute_share(table, i) >= 0.5 or (header and header in words.attribute):
            out.append(Column(i, "attribute"))
        elif header in words.number:
            out.append(Column(i, "number"))
        elif header in words.unit or header.startswith(words.unit):
            out.append(Column(i, "unit"))
        elif header in words.category or header.endswith(("类", "类别")):  # 类别, 指标类
            out.append(Column(i, "category"))
        elif _has(header, words.past) or _has(header, words.project):
            out.append(Column(i, "past" if _has(header, words.past) else "project"))
        elif _has(header, words.growth):
            out.append(Column(i, "value", year, growth=True, direction=_direction_in(header) or "increase"))
        elif _has(header, words.cumulative):
            out.append(Column(i, "value", year, cumulative=True, direction=_direction_in(header)))
        elif _has(header, words.base) or (year is not None and plan_base is not None and year <= plan_base):
            out.append(Column(i, "base", year))
        elif year is not None or _has(header, words.target):
            out.append(Column(i, "value", year, direction=_direction_in(header)))
        elif _has(header, words.indicator):
            out.append(Column(i, "indicator"))
        else:
            out.append(Column(i, "other"))
    _group_years(out, [" ".join(h.split()) for h in table.columns] or headers)
    _settle_base(out, plan_base)
    if not any(c.kind == "indicator" for c in out):
        for c, col in enumerate(out):  # the first text column names the rows
            texts = [row[c].text.strip() for row in table.rows if c < len(row)]
            if col.kind in ("other", "category") and any(texts) and _numeric_share(table, c) < 0.5:
                out[c] = Column(c, "indicator")
                break
    return out


def _group_years(columns: list[Column], headers: list[str]) -> None:
    """A growth or cumulative column with no year of its own takes the year of its header group:
    under ``规划目标`` over ``2015年 | 年均增长（%）``, the growth is the growth to 2015.

    >>> cols = [Column(0, "base", 2015), Column(1, "value", growth=True)]
    >>> _group_years(cols, ["规划目标 2015年", "规划目标 年均增长（%）"]); cols[1].year
    2015
    """
    groups = [header.rpartition(" ")[0] for header in headers]  # "" where a header has one row
    group_year: dict[str, int] = {}
    for column, group in zip(columns, groups, strict=True):
        if group and column.year is not None:
            group_year.setdefault(group, column.year)
    for k, (column, group) in enumerate(zip(columns, groups, strict=True)):
        undated = column.kind == "value" and column.year is None and (column.growth or column.cumulative)
        if undated and group in group_year:
            columns[k] = replace(column, year=group_year[group])


def _settle_base(columns: list[Column], plan_base: int | None) -> None:
    """Year columns at or before the base column's year are base columns too; without a base
    column and without the plan's base year, the earliest year column is the base when the
    next year column lies two or more years later (``2020年 | 2025年``, not ``2021年 | 2022年 …``)."""
    bases = [c for c in columns if c.kind == "base"]
    plain = sorted(
        (c for c in columns if c.kind == "value" and c.year and not (c.growth or c.cumulative)),
        key=lambda c: c.year or 0,
    )
    if (
        not bases
        and plan_base is None
        and len(plain) >= 2
        and (plain[1].year or 0) - (plain[0].year or 0) >= 2
    ):
        columns[plain[0].index] = Column(plain[0].index, "base", plain[0].year)
        bases = [columns[plain[0].index]]
    if bases:
        base_year = max((c.year for c in bases if c.year is not None), default=None)
        for k, c in enumerate(columns):
            plain_year = c.kind == "value" and not (c.growth or c.cumulative) and c.year
            if plain_year and base_year and c.year <= base_year:
                columns[k] = Column(c.index, "base", c.year)


# --------------------------------------------------------------------------------------------------
# Cells


@dataclass(frozen=True, slots=True)
class CellValue:
    """One value of a cell: offsets within the cell's raw text."""

    value: float
    value_max: float | None
    unit: str
    comparator: str
    direction: str | None
    cumulative: bool
    label: str  # the words before the value inside the cell (氮氧化物 1.28)
    start: int
    end: int


def _blank_marks(text: str) -> tuple[str, bool]:
    """Footnote marks and cumulative brackets as spaces (offsets kept); whether brackets were there."""
    rules = table_target_rules()
    cumulative = False
    chars = list(text)
    for pair in rules.cumulative:
        opener, closer = pair[0], pair[1]
        for m in regex.finditer(
            regex.escape(opener) + r"[^" + regex.escape(closer) + r"]*" + regex.escape(closer), text
        ):
            if regex.search(r"\d", m.group()):
                chars[m.start()] = chars[m.end() - 1] = " "
                cumulative = True
    for i, ch in enumerate(chars):
        if ch in rules.marks:
            chars[i] = " "
    return "".join(chars), cumulative


def read_cell(text: str) -> list[CellValue]:
    """The values of a cell, in order (none for ``—``, ``完成国家下达目标``, ``1：8``).

    >>> [(v.value, v.comparator, v.unit) for v in read_cell("≥62.5")]
    [(62.5, '>=', '')]
    >>> [(v.value, v.comparator) for v in read_cell("2600 左右")], [v.value for v in read_cell("[27.0]")]
    ([(2600.0, '~')], [27.0])
    >>> [(v.value, v.value_max) for v in read_cell("8-10")]
    [(8.0, 10.0)]
    >>> [(v.value, v.unit) for v in read_cell("[-1.18%]")]
    [(-1.18, '%')]
    >>> [(v.label, v.value) for v in read_cell("氮氧化物 1.28挥发性有机物0.83")]
    [('氮氧化物', 1.28), ('挥发性有机物', 0.83)]
    >>> [(v.value, v.comparator) for v in read_cell("1665/52以上")]
    [(1665.0, '>='), (52.0, '>=')]
    >>> read_cell("完成国家下达目标"), read_cell("1：8")
    ([], [])
    """
    rules = table_target_rules()
    blanked, cumulative = _blank_marks(text)
    found = _ranges(blanked)
    found += [
        q
        for q in find_quantities(blanked)
        if regex.match(r"[0-9０-９]", blanked[q.start]) and not any(r.start <= q.start < r.end for r in found)
    ]
    found.sort(key=lambda q: q.start)
    values: list[CellValue] = []
    previous_end = 0
    for q in found:
        before = blanked[previous_end : q.start]
        start = q.start
        value, value_max = q.value, q.value_max
        stripped = before.rstrip()
        if stripped.endswith(("-", "－", "−")) and not regex.search(r"\d\s*[-－−]$", blanked[: q.start]):
            value, start = -value, len(stripped) - 1 + previous_end
            stripped = stripped[:-1].rstrip()
        comparator = "="
        for word, op in rules.prefix:
            if stripped.endswith(word):
                comparator, stripped = op, stripped[: -len(word)].rstrip()
                break
        after = blanked[q.end :].lstrip()
        for word, op in rules.suffix:
            if after.startswith(word):
                comparator = op
                break
        label = squeeze(stripped).strip("，,；;、/／")
        direction = _direction_in(label)
        for word in (*rules.decrease, *rules.increase):
            label = label.removesuffix(word)
        values.append(
            CellValue(value, value_max, q.unit, comparator, direction, cumulative, label, start, q.end)
        )
        previous_end = q.end
    # a comparator after the last of several values split by / is theirs too: 1665/52以上
    if len(values) > 1 and values[-1].comparator != "=":
        between = [squeeze(blanked[a.end : b.start]) for a, b in pairwise(values)]
        if all(b in rules.value_splits for b in between):
            values = [_with(v, comparator=values[-1].comparator) for v in values]
    return values


_RANGE = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:-|－|—|–|~|～|至)\s*(\d+(?:\.\d+)?)")


def _ranges(text: str) -> list[Quantity]:
    """Ranges of bare numbers in a cell (``8-10``), which the quantity finder leaves to years; a
    unit after the second number is theirs (``8-10万千瓦``)."""
    out = []
    for m in _RANGE.finditer(to_halfwidth(text)):
        low, high = float(m.group(1)), float(m.group(2))
        if high <= low or regex.fullmatch(r"(?:19|20)\d\d", m.group(1)):
            continue
        tail = find_quantities(text[m.start(2) :])
        unit, end = "", m.end()
        if tail and tail[0].start == 0:
            unit, end = tail[0].unit, m.start(2) + tail[0].end
        norm_value, norm_unit = normalize(low, unit)
        out.append(Quantity(low, high, unit, norm_value, norm_unit, m.start(), end, text[m.start() : end]))
    return out


def _with(value: CellValue, **changes: object) -> CellValue:
    from dataclasses import replace

    return replace(value, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Indicators and units


_BRACKET_END = regex.compile(r"[（(]([^（）()]{1,20})[）)]$")


def is_unit(text: str) -> bool:
    """Whether a bracketed word at the end of an indicator is a unit (``%``, ``万千瓦``, ``千瓦时/人``).

    >>> is_unit("%"), is_unit("万千瓦"), is_unit("微克/立方米"), is_unit("千瓦时/人"), is_unit("起/每万枚")
    (True, True, True, True, True)
    >>> is_unit("μg/m3"), is_unit("万平方公里")
    (True, True)
    >>> is_unit("PM2.5"), is_unit("含抽水蓄能"), is_unit("五年累计"), is_unit("EQI")
    (False, False, False, False)
    """
    text = squeeze(text)
    if not text:
        return False
    if _one_unit(text):
        return True
    numerator, slash, denominator = text.partition("/")
    return bool(slash) and (_one_unit(numerator) or _one_unit(denominator.removeprefix("每")))


def _one_unit(text: str) -> bool:
    """Whether the whole of ``text`` is one unit spelling (with a multiplier: 万枚)."""
    if not text:
        return False
    quantities = find_quantities("1" + text)
    return bool(quantities) and quantities[0].end == len(text) + 1 and bool(quantities[0].unit)


def clean_indicator_cell(text: str) -> tuple[str, str]:
    """An indicator cell → ``(indicator, unit from its brackets)``: marks and white space removed.

    >>> clean_indicator_cell("全社会用电量（亿千瓦时）")
    ('全社会用电量', '亿千瓦时')
    >>> clean_indicator_cell("地级城市 PM2.5年均浓度（微克/立方米）1")
    ('地级城市PM2.5年均浓度', '微克/立方米')
    >>> clean_indicator_cell("细颗粒物（PM2.5）浓度"), clean_indicator_cell("森林覆盖率*")
    (('细颗粒物（PM2.5）浓度', ''), ('森林覆盖率', ''))
    >>> clean_indicator_cell("18.森林覆盖率(%)"), clean_indicator_cell("PM2.5浓度")
    (('森林覆盖率', '%'), ('PM2.5浓度', ''))
    """
    rules = table_target_rules()
    text = squeeze(text)
    text = "".join(ch for ch in text if ch not in rules.marks)
    number = rules.row_number.match(text)
    if number and number.end() < len(text):
        text = text[number.end() :]
    text = regex.sub(r"(?<=[）)])\d{1,2}$", "", text)  # a footnote number after the unit: （%）2
    unit = ""
    m = _BRACKET_END.search(text)
    if m and is_unit(m.group(1)):
        unit, text = m.group(1), text[: m.start()]
    text = regex.sub(r"(?<=\p{Han})\d$", "", text) if unit else text
    return text, unit


def split_names(indicator: str, count: int) -> list[str] | None:
    """The ``count`` indicators of a combined row, or None when it does not name that many.

    >>> split_names("湿地保有量/湿地保护率", 2)
    ['湿地保有量', '湿地保护率']
    >>> split_names("国家重点保护野生动/植物种数保护率", 2)
    ['国家重点保护野生动物种数保护率', '国家重点保护野生植物种数保护率']
    >>> split_names("自然保护地面积陆域/海域占比", 2)
    ['自然保护地面积陆域占比', '自然保护地面积海域占比']
    >>> split_names("示范县（市）/示范乡镇（街道）/示范村（社区）数量", 3)
    ['示范县（市）数量', '示范乡镇（街道）数量', '示范村（社区）数量']
    """
    parts = regex.split(r"[/／]", indicator)
    if len(parts) != count or count < 2 or not all(parts):
        return None
    if count == 2 and not parts[0].endswith(("）", ")")):
        left, right = parts
        if len(left) >= 3 and len(right) >= 3 and left[:2] == right[:2]:
            return parts
        # alternatives inside one name: 野生动/植物… (one character), 陆域/海域… (same last character)
        k = next((k for k in (3, 2) if len(left) > k and len(right) > k and left[-1] == right[k - 1]), 1)
        return [left + right[k:], left[:-k] + right]
    if not all(len(p) >= 2 for p in parts):
        return None
    # the last name's tail after its bracket is every name's: A（甲）/B（乙）建设数量
    tail = regex.split(r"[）)]", parts[-1])[-1] if regex.search(r"[）)]", parts[-1]) else ""
    return [p + tail for p in parts[:-1]] + [parts[-1]] if tail else parts


def _split_unit(unit: str, count: int) -> list[str]:
    parts = regex.split(r"[/／]", unit)
    if count > 1 and len(parts) == count and all(is_unit(p) for p in parts):
        return parts
    return [unit] * count


# --------------------------------------------------------------------------------------------------
# Rows to targets


@dataclass(slots=True)
class _Row:
    index: int
    cells: list[TableCell]
    indicator: str
    unit: str
    parent: str | None


def _resolve_up(rows: list[list[TableCell]], r: int, c: int) -> TableCell:
    """The cell whose row span covers ``(r, c)`` (the position itself if it is a cell of its own)."""
    while r > 0 and rows[r][c].merge == "up":
        r -= 1
    return rows[r][c]


def _indicator_rows(table: Table, columns: list[Column]) -> list[_Row | None]:
    """Each body row's indicator (with its parent for a sub-row) and unit; None for a category row.

    A row is a sub-row of the row above it whose indent is smaller (``风电`` indented under
    ``可再生能源发电装机``), of the row before when it opens with ``其中``, and, in a table of
    numbered rows, of the last numbered row when its own number cell is empty.
    """
    rules = table_target_rules()
    ind = [c.index for c in columns if c.kind == "indicator"]
    units = [c.index for c in columns if c.kind == "unit"]
    numbers = [c.index for c in columns if c.kind == "number"]
    out: list[_Row | None] = []
    stack: list[tuple[int, str]] = []  # (indent, indicator) of the rows above
    numbered: str | None = None  # the indicator of the last row with a number of its own
    for r, row in enumerate(table.rows):
        filled = [c for c in row if c.text.strip()]
        if not ind or not filled:
            out.append(None)
            continue
        first = ind[0]
        name, unit = clean_indicator_cell(_resolve_up(table.rows, r, first).text)
        if len(filled) == 1 and not any(holds_value(c) for c in row) and row[first].merge != "up":
            out.append(None)  # a category row: 一、环境治理
            stack, numbered = [], None
            continue
        # a second indicator column under the same header: the row's sub-label (城市 / 县城)
        sub = ""
        for extra in range(first + 1, len(row)):
            same_header = extra < len(table.columns) and table.columns[extra] in ("", table.columns[first])
            if columns[extra].kind != "other" or not same_header:
                break
            if row[extra].text.strip() and not holds_value(row[extra]):
                sub, sub_unit = clean_indicator_cell(row[extra].text)
                unit = unit or sub_unit
        parent = None
        for word in rules.sub_row:
            if name.startswith(word):
                name = name[len(word) :]
                parent = stack[-1][1] if stack else None
                break
        indent = row[first].indent
        if parent is None and indent > 0:
            above = [n for i, n in stack if i < indent]
            parent = above[-1] if above else None
        own_number = bool(numbers) and bool(row[numbers[0]].text.strip())
        if parent is None and numbers and not own_number and row[numbers[0]].merge == "" and numbered:
            parent = numbered
        if sub:
            parent, name = (f"{parent}（{name}）" if parent else name), sub
        if units:
            unit = squeeze(_resolve_up(table.rows, r, units[0]).text) or unit
        stack = [(i, n) for i, n in stack if i < indent] + [(indent, name)]
        if own_number or not numbers:
            numbered = name if own_number else numbered
        out.append(_Row(r, row, name, unit, parent))
    return out


def _modality(table: Table, r: int, columns: list[Column]) -> str:
    """The row's 属性 (a cell merged over several rows counts for each)."""
    values = table_target_rules().attribute_values
    for col in columns:
        if col.kind == "attribute" and col.index < len(table.rows[r]):
            text = _resolve_up(table.rows, r, col.index).text
            for word, modality in values.items():
                if word in text:
                    return modality
    return "binding"


def _baseline(
    row: list[TableCell], columns: list[Column], count: int
) -> list[tuple[int | None, float | None]]:
    """``(baseline year, baseline value)`` for each of ``count`` values of the row."""
    base = [c for c in columns if c.kind == "base" and c.index < len(row)]
    if not base:
        return [(None, None)] * count
    col = base[-1]
    values = read_cell(row[col.index].text) if row[col.index].text else []
    if not values:
        return [(None, None)] * count
    if len(values) == count:
        return [(col.year, v.value) for v in values]
    return [(col.year, values[0].value)] * count


def plan_years(title: str | None, paragraphs: list[Paragraph]) -> tuple[int | None, int | None]:
    """The plan's base year and last year: ``“十四五”`` in the title → (2020, 2025); else the year
    before its year of issue, and no last year.

    >>> plan_years("云南省“十四五”生态环境保护规划", [])
    (2020, 2025)
    """
    if title:
        m = _PERIOD.search(title)
        if m:
            end = five_year_plan_end(m.group("n"))
            return end - target_rules().five_year_step, end
    years = year_context(paragraphs)
    if years.issued is not None:
        return years.issued - 1, None
    return years.past_until, None


def _is_past_table(table: Table, columns: list[Column], plan_base: int | None = None) -> bool:
    """A past plan's results: a caption that says so or names an earlier plan period (a
    ``“十二五”…`` table in a “十三五” plan), a results column, or a list of projects.

    >>> def captioned(caption): return Table(0, None, caption, [], [], [], 0, 0)
    >>> _is_past_table(captioned("“十二五”主要指标"), [], 2015)
    True
    >>> _is_past_table(captioned("“十三五”主要指标"), [], 2015)
    False
    """
    rules = table_target_rules()
    caption = squeeze(table.caption or "")
    if caption and _has(caption, rules.past_captions):
        return True
    period = _PERIOD.search(caption)
    if period and plan_base is not None and five_year_plan_end(period.group("n")) <= plan_base:
        return True
    return any(c.kind in ("past", "project") for c in columns)


def table_targets(table: Table, plan_base: int | None = None, plan_end: int | None = None) -> list[Target]:
    """The targets of one table (SPEC section 5)."""
    columns = classify_columns(table, plan_base)
    if _is_past_table(table, columns, plan_base):
        return []
    base_years = [c.year for c in columns if c.kind == "base" and c.year is not None]
    table_base = max(base_years) if base_years else plan_base
    value_cols = [c for c in columns if c.kind == "value"]
    years = [c.year for c in value_cols if c.year is not None and not (c.growth or c.cumulative)]
    last_year = max(years) if years else plan_end
    targets: list[Target] = []
    for row in _indicator_rows(table, columns):
        if row is None:
            continue
        modality = _modality(table, row.index, columns)
        for col in value_cols:
            year = (
                col.year
                if col.year is not None
                else (last_year if (col.growth or col.cumulative) else plan_end)
            )
            if year is not None and table_base is not None and year <= table_base:
                continue
            cell = row.cells[col.index]
            if not cell.text:
                continue
            targets.extend(_cell_targets(row, cell, col, year, modality, columns, table))
    return targets


def _cell_targets(
    row: _Row,
    cell: TableCell,
    col: Column,
    year: int | None,
    modality: str,
    columns: list[Column],
    table: Table,
) -> list[Target]:
    values = read_cell(cell.text)
    if not values:
        return []
    count = len(values)
    names: list[str]
    labelled = count > 1 and all(v.label for v in values)
    if labelled:
        names = [f"{row.indicator}（{v.label}）" for v in values]
    else:
        names = split_names(row.indicator, count) or [row.indicator] * count
    units = _split_unit(row.unit, count)
    baselines = _baseline(row.cells, columns, count)
    out = []
    for k, v in enumerate(values):
        indicator = names[k]
        if row.parent:
            indicator = f"{row.parent}（{indicator}）"
        unit = v.unit or units[k]
        if col.growth and not v.unit:
            unit = "%"
        direction = v.direction or col.direction or _direction_in(_indicator_end(row.indicator)) or "level"
        if col.growth and v.value < 0:
            direction = "decrease"
        norm_value, norm_unit = normalize(v.value, unit)
        base_year, base_value = baselines[k]
        out.append(
            Target(
                indicator=indicator,
                value=v.value,
                value_max=v.value_max,
                unit=unit,
                norm_value=norm_value,
                norm_unit=norm_unit,
                comparator=v.comparator,  # type: ignore[arg-type]
                direction=direction,  # type: ignore[arg-type]
                target_year=year,
                baseline_year=base_year if base_value is not None else None,
                modality=modality,  # type: ignore[arg-type]
                section=table.section,
                start=cell.start + v.start,
                end=cell.start + v.end,
                source="table",
                baseline_value=base_value,
                page=cell.page,
                sentence=None,
            )
        )
    return out


def _indicator_end(indicator: str) -> str:
    """The last few characters of an indicator, where its direction word stands (…排放降低)."""
    return indicator[-4:]


def extract_table_targets(
    tables: list[Table], title: str | None, paragraphs: list[Paragraph]
) -> list[Target]:
    """The targets of every table of a document, in table order."""
    if not tables:  # most documents: no need to read their years
        return []
    base, end = plan_years(title, paragraphs)
    out: list[Target] = []
    for table in tables:
        out.extend(table_targets(table, base, end))
    return out
