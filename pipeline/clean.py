r"""The cleaning stage: raw text in, one paragraph per line out, with an offset map.

After ftfy: every fix is a small named function whose docstring shows what it
does; ``FIXERS`` names them and ``CleanConfig`` (fields = fixer names) says
which run.  A fix does not rewrite the text itself: it returns the *edits* it
wants (``Edit(start, end, replacement)``), and ``Tracked.apply`` performs them
on the text and on its offset map together, so every clean character keeps
the raw offset it came from.  Patterns that define noise live in
``rules/layout.yaml``.

The fixes, in order: characters first (``normalize_line_breaks``,
``remove_zero_width``, ``remove_soft_hyphens``, ``remove_markers``,
``normalize_spaces``), then page noise (``remove_page_numbers``,
``remove_running_headers``, ``remove_repeated_table_headers``), then paragraphs (``join_wrapped_lines``,
``strip_lines``), then spaces inside a line (``remove_cjk_spaces``,
``collapse_spaces``).  Page tops come from ``page_starts`` when a reader knows
them, else from form feeds, page-number lines and the lone leading space some
PDF readers put on a page's first line.

How lines become paragraphs (``paragraph_break``): a text is *hard-wrapped*
when most lines share one width (measured with CJK characters counting 2, see
``typical_width``); there a (nearly) full line goes on in the next and a short
one ends its paragraph.  Otherwise each line is a paragraph (Word, HTML), except
a line that cannot end one: it ends with a connective or pause mark (``关于``,
``、``, ``《``), leaves a bracket open, or is running prose cut off mid-sentence
(a footnote reference was there).  In both, a line that starts with an outline
heading, or is indented as a first line, starts a paragraph, and one that
starts with a closing or pause mark does not.

    >>> clean = clean_layout("一、总体要求\n\n到 2025 年，光伏装机容量达到\n\n2.6 万千瓦。\n— 3 —\n")
    >>> print(clean.text)
    一、总体要求
    到2025年，光伏装机容量达到2.6万千瓦。
    >>> clean.steps
    ['remove_page_numbers', 'join_wrapped_lines', 'strip_lines', 'remove_cjk_spaces']
    >>> clean_layout("到 2025 年", remove_cjk_spaces=False).text
    '到 2025 年'
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import accumulate, pairwise
from typing import NamedTuple, cast

import regex

from .errors import RuleSyntaxError
from .records import CleanText
from .rules import RULES_DIR, alternation, load_yaml, require
from .text import any_of

RULE_FILE = "layout.yaml"


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class LayoutRules:
    """``rules/layout.yaml``, compiled once."""

    zero_width: regex.Pattern[str]
    soft_hyphens: regex.Pattern[str]
    markers: regex.Pattern[str]
    spaces: regex.Pattern[str]
    line_breaks: regex.Pattern[str]
    page_break: str
    page_anywhere: regex.Pattern[str]
    page_line_end: regex.Pattern[str]  # a decorated page number ending a line of text
    page_boundary: regex.Pattern[str]
    header_min_pages: int
    header_max_chars: int
    header_edge_lines: int
    header_never_end: str
    page_start_indent: int
    min_wrap_width: int
    heading: regex.Pattern[str]
    no_end: regex.Pattern[str]
    goes_on: regex.Pattern[str]
    no_start: str
    brackets: dict[str, str]
    terminal: str
    prose_marks: str
    field_end: regex.Pattern[str]  # 发文字号：…〔2025〕3号 ends its line's paragraph in unwrapped text
    cjk: regex.Pattern[str]
    wide: frozenset[str]
    markup_tag: regex.Pattern[str]
    markup_blocks: frozenset[str]
    markup_entity: regex.Pattern[str]
    markup_min_tags: int
    toc_entry: regex.Pattern[str]  # rules/outline.yaml: ends like a table-of-contents entry
    title_complete: regex.Pattern[str]  # rules/metadata.yaml: ends like a title (…方案, …的通知)
    title_issuer: regex.Pattern[str]  # rules/metadata.yaml: a body's name (X市人民政府办公厅)
    title_max_lines: int


def _line_end_numbers(pages: dict[str, object]) -> str:
    return alternation(require(pages, "line_end", list, RULE_FILE), "page_numbers.line_end", RULE_FILE)


def _compile(patterns: list[str], key: str, *, anchor: str = "full") -> regex.Pattern[str]:
    """One alternation of ``patterns``; a bad pattern is a ``RuleSyntaxError`` naming the key."""
    body = alternation(patterns, key, RULE_FILE)
    if anchor == "full":
        return regex.compile(rf"^(?:{body})$")
    if anchor == "start":
        return regex.compile(rf"^(?:{body})")
    # searched backwards from the line's end: a forward search would try every position first
    return regex.compile(rf"(?:{body})$", flags=regex.REVERSE)


def _outline_markers() -> list[str]:
    """The outline markers of rules/outline.yaml: a line opening with one starts a paragraph."""
    levels = require(load_yaml("outline.yaml"), "levels", list, "outline.yaml")
    return [str(level["pattern"]) for level in levels]


def _title_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], int]:
    """How a title ends and how a body's name ends, from rules/metadata.yaml (one vocabulary for both
    stages: the cleaner joins a title's lines, metadata reads the title)."""
    data = load_yaml("metadata.yaml")

    def words(key: str) -> str:
        items = sorted((str(w) for w in require(data, key, list, "metadata.yaml")), key=len, reverse=True)
        return "|".join(regex.escape(w) for w in items)

    trailers = "|".join(f"(?:{t})" for t in require(data, "title_trailers", list, "metadata.yaml"))
    complete = regex.compile(f"(?:{words('plan_kinds')}|{words('document_kinds')})(?:{trailers})?$")
    issuer = regex.compile(f"^\\p{{Han}}[\\p{{Han}}（）()、]{{1,60}}(?:{words('issuer_suffixes')})$")
    return complete, issuer, require(data, "max_title_lines", int, "metadata.yaml")


def _char_class(items: list[str], key: str) -> regex.Pattern[str]:
    """A character class from single characters and ``a-b`` ranges."""
    parts = []
    for item in items:
        if len(item) == 3 and item[1] == "-":
            parts.append(f"{regex.escape(item[0])}-{regex.escape(item[2])}")
        elif len(item) == 1:
            parts.append(regex.escape(item))
        else:
            raise RuleSyntaxError(str(RULES_DIR / RULE_FILE), None, f"{key}: {item!r} is not a char or range")
    return regex.compile("[" + "".join(parts) + "]")


def _bracket_pairs(items: list[str]) -> dict[str, str]:
    """``["（）", "〔〕"]`` → ``{"（": "）", "〔": "〕"}``."""
    bad = [item for item in items if not isinstance(item, str) or len(item) != 2]
    if bad:
        raise RuleSyntaxError(
            str(RULES_DIR / RULE_FILE), None, f"brackets: {bad!r} are not opener+closer pairs"
        )
    return {item[0]: item[1] for item in items}


@cache
def layout_rules() -> LayoutRules:
    """Load and compile ``rules/layout.yaml`` (cached).

    >>> layout_rules().heading.match("（一）能源绿色转型行动") is not None
    True
    >>> layout_rules().heading.match("1.5以下") is None
    True
    """
    data = load_yaml(RULE_FILE)
    pages = require(data, "page_numbers", dict, RULE_FILE)
    headers = require(data, "running_headers", dict, RULE_FILE)
    markup = require(data, "markup", dict, RULE_FILE)
    title_complete, title_issuer, title_max_lines = _title_patterns()
    return LayoutRules(
        zero_width=_char_class(require(data, "zero_width", list, RULE_FILE), "zero_width"),
        soft_hyphens=_char_class(require(data, "soft_hyphens", list, RULE_FILE), "soft_hyphens"),
        markers=_char_class(require(data, "markers", list, RULE_FILE), "markers"),
        spaces=_char_class(require(data, "space_chars", list, RULE_FILE), "space_chars"),
        # "\r\n" first, so that it counts as one break
        line_breaks=regex.compile(
            "\r\n|" + _char_class(require(data, "line_breaks", list, RULE_FILE), "line_breaks").pattern
        ),
        page_break=require(data, "page_break", str, RULE_FILE),
        page_anywhere=_compile(require(pages, "anywhere", list, RULE_FILE), "page_numbers.anywhere"),
        page_line_end=regex.compile(rf"\s+(?:{_line_end_numbers(pages)})$", flags=regex.REVERSE),
        page_boundary=_compile(require(pages, "at_boundary", list, RULE_FILE), "page_numbers.at_boundary"),
        header_min_pages=require(headers, "min_pages", int, RULE_FILE),
        header_max_chars=require(headers, "max_chars", int, RULE_FILE),
        header_edge_lines=require(headers, "edge_lines", int, RULE_FILE),
        header_never_end=require(headers, "never_end", str, RULE_FILE),
        page_start_indent=require(data, "page_start_indent", int, RULE_FILE),
        min_wrap_width=require(data, "min_wrap_width", int, RULE_FILE),
        heading=_compile(
            [*_outline_markers(), *require(data, "headings", list, RULE_FILE)], "headings", anchor="start"
        ),
        no_end=_compile(require(data, "no_end", list, RULE_FILE), "no_end", anchor="end"),
        goes_on=_compile(require(data, "goes_on", list, RULE_FILE), "goes_on", anchor="start"),
        no_start=require(data, "no_start", str, RULE_FILE),
        brackets=_bracket_pairs(require(data, "brackets", list, RULE_FILE)),
        terminal=require(data, "terminal", str, RULE_FILE),
        prose_marks=require(data, "prose_marks", str, RULE_FILE),
        field_end=regex.compile(require(data, "field_end", str, RULE_FILE)),
        cjk=regex.compile(require(data, "cjk_chars", str, RULE_FILE)),
        wide=frozenset(require(data, "wide_chars", list, RULE_FILE)),
        markup_tag=regex.compile(require(markup, "tag", str, RULE_FILE)),
        markup_blocks=frozenset(str(t).lower() for t in require(markup, "block_tags", list, RULE_FILE)),
        markup_entity=regex.compile(require(markup, "entity", str, RULE_FILE)),
        markup_min_tags=require(markup, "min_tags", int, RULE_FILE),
        toc_entry=regex.compile(require(load_yaml("outline.yaml"), "toc_entry_end", str, "outline.yaml")),
        title_complete=title_complete,
        title_issuer=title_issuer,
        title_max_lines=title_max_lines + 2,  # issuer lines above the title
    )


# --------------------------------------------------------------------------- edits and the offset map


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``replacement``.

    The replacement's characters take the raw offset of ``text[start]``: an
    inserted paragraph separator points at the raw line break it stands for.
    """

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, slots=True)
class Tracked:
    """A text and, for each of its characters, the raw offset it came from."""

    text: str
    offsets: list[int]

    @classmethod
    def of(cls, raw: str) -> Tracked:
        """The raw text itself: character ``i`` comes from offset ``i``."""
        return cls(raw, list(range(len(raw))))

    def apply(self, edits: Sequence[Edit]) -> Tracked:
        """Perform non-overlapping ``edits`` on text and offsets together.

        >>> t = Tracked.of("到 2025 年").apply([Edit(1, 2), Edit(6, 7)])
        >>> t.text, t.offsets
        ('到2025年', [0, 2, 3, 4, 5, 7])
        """
        if not edits:
            return self
        text_parts: list[str] = []
        offsets: list[int] = []
        pos = 0
        end_offset = self.offsets[-1] + 1 if self.offsets else 0
        for edit in sorted(edits):
            if edit.start < pos:
                raise ValueError(f"overlapping edit {edit} (text already consumed up to {pos})")
            text_parts.append(self.text[pos : edit.start])
            offsets.extend(self.offsets[pos : edit.start])
            if edit.replacement:
                anchor = self.offsets[edit.start] if edit.start < len(self.offsets) else end_offset
                text_parts.append(edit.replacement)
                offsets.extend([anchor] * len(edit.replacement))
            pos = edit.end
        text_parts.append(self.text[pos:])
        offsets.extend(self.offsets[pos:])
        return Tracked("".join(text_parts), offsets)


Fixer = Callable[[str, Sequence[int]], list[Edit]]
"""A fix: the current text and the indices where pages start in it -> the edits it wants."""


def demo(fixer: Fixer, text: str, page_starts: Sequence[int] = ()) -> str:
    """Run one fixer on ``text`` and return the result (for doctests and tests)."""
    return Tracked.of(text).apply(fixer(text, page_starts)).text


# --------------------------------------------------------------------------- lines


class Line(NamedTuple):
    """One line of the current text: ``text[start:end]`` without its line break.

    ``lo``/``hi`` bound its content (white space stripped); ``page_start`` is set
    when a page begins at this line.
    """

    start: int
    end: int
    lo: int
    hi: int
    page_start: bool

    @property
    def blank(self) -> bool:
        """Only white space."""
        return self.lo >= self.hi


_SPLIT = re.compile(r"[\n\f]")


def split_lines(text: str, page_starts: Sequence[int] = ()) -> list[Line]:
    r"""Cut ``text`` at ``\n`` and form feeds, marking the lines where a page starts.

    A page starts at the first line, after a form feed, at a given page start,
    and (where few lines are indented) at a line opening with one or two spaces,
    which is how some PDF readers mark a page top.

    >>> [(ln.lo, ln.page_start) for ln in split_lines("甲\n\n乙\n丙\n 丁\f戊")]
    [(0, True), (2, False), (3, False), (5, False), (8, True), (10, True)]
    """
    # the fixers cut the same text again where the one before them changed nothing
    return list(_split_lines(text, tuple(page_starts)))


@lru_cache(maxsize=4)
def _split_lines(text: str, page_starts: tuple[int, ...]) -> tuple[Line, ...]:
    parts = _SPLIT.split(text)
    seps = _SPLIT.findall(text)
    starts = list(accumulate((len(part) + 1 for part in parts[:-1]), initial=0))
    indent = [len(part) - len(part.lstrip()) for part in parts]
    content = [len(part.strip()) for part in parts]
    page_top = {0} | {i + 1 for i, sep in enumerate(seps) if sep == "\f"}
    page_top |= {bisect.bisect_right(starts, p) - 1 for p in page_starts if 0 <= p <= len(text)}
    ends = [start + len(part) for start, part in zip(starts, parts, strict=True)]
    los = [start + lo for start, lo in zip(starts, indent, strict=True)]
    his = [lo + n for lo, n in zip(los, content, strict=True)]
    tops = [i in page_top for i in range(len(parts))]
    # tuple.__new__ straight from C: much cheaper than Line(...) for texts of a million lines
    lines = cast(
        "list[Line]", list(map(partial(tuple.__new__, Line), zip(starts, ends, los, his, tops, strict=True)))
    )
    return tuple(_mark_indent_page_starts(text, lines))


def _mark_indent_page_starts(text: str, lines: list[Line]) -> list[Line]:
    """Mark lines that open with a lone space or two, where such lines are rare, as page starts."""
    limit = layout_rules().page_start_indent
    content = [ln for ln in lines if not ln.blank]
    indented = [ln for ln in content if ln.lo > ln.start]
    if not indented or len(indented) * 4 > len(content):
        return lines
    return [
        Line(ln.start, ln.end, ln.lo, ln.hi, True)
        if not ln.blank and 0 < ln.lo - ln.start <= limit and text[ln.start] == " "
        else ln
        for ln in lines
    ]


def pages_of_lines(lines: list[Line]) -> list[list[int]]:
    """The indices of the non-blank lines of each page, page by page."""
    pages: list[list[int]] = [[]]
    for i, ln in enumerate(lines):
        if ln.page_start and pages[-1]:
            pages.append([])
        if not ln.blank:
            pages[-1].append(i)
    return pages


def page_edges(lines: list[Line], depth: int) -> set[int]:
    """Indices of the first and last ``depth`` non-blank lines of every page."""
    return {i for page in pages_of_lines(lines) for i in page[:depth] + page[-depth:]}


def _drop_line(text: str, ln: Line, page_break: str = "") -> Edit:
    """Remove a line with its line break; ``page_break`` (a form feed) may take its place."""
    return Edit(ln.start, ln.end + 1 if ln.end < len(text) and text[ln.end] == "\n" else ln.end, page_break)


# --------------------------------------------------------------------------- character fixes


def normalize_line_breaks(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Turn ``\r\n``, ``\r`` and the other line separators into ``\n``.

    >>> demo(normalize_line_breaks, "一、总体要求\r\n二、主要目标\r三、重点任务")
    '一、总体要求\n二、主要目标\n三、重点任务'
    >>> demo(normalize_line_breaks, "第一页\f第二页")  # a form feed stays: it marks a page
    '第一页\x0c第二页'
    """
    edits = []
    for m in layout_rules().line_breaks.finditer(text):
        if m.group() == "\r\n":
            edits.append(Edit(m.start(), m.start() + 1))  # keep the "\n", drop the "\r"
        else:
            edits.append(Edit(m.start(), m.end(), "\n"))
    return edits


def remove_markup(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Remove the HTML a CMS export left in a text file: tags go (a block tag ends the line), entities
    become their characters.

    >>> demo(remove_markup, '<p align="left">一、目标</p><p>到2025年，达到&nbsp;5%。<br></p>').split("\n")
    ['', '一、目标', '', '到2025年，达到\xa05%。', '', '']

    A text with fewer than ``min_tags`` tags keeps them: ``<2.5>`` or ``<5>`` in prose is content.

    >>> demo(remove_markup, "粒径<b>小于2.5微米")
    '粒径<b>小于2.5微米'
    """
    rules = layout_rules()
    tags = list(rules.markup_tag.finditer(text))
    if len(tags) < rules.markup_min_tags:
        return []
    edits = []
    for m in tags:
        name = m.group().strip("</>").split()[0].lower() if m.group().strip("</>") else ""
        edits.append(Edit(m.start(), m.end(), "\n" if name in rules.markup_blocks else ""))
    tag_starts = [m.start() for m in tags]  # in order: finditer
    for m in rules.markup_entity.finditer(text):
        char = html.unescape(m.group())
        before = bisect.bisect_right(tag_starts, m.start()) - 1
        inside = before >= 0 and m.start() < tags[before].end()  # an entity in an attribute value
        if char != m.group() and not inside:
            edits.append(Edit(m.start(), m.end(), char))
    return edits


def remove_zero_width(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete zero-width characters (U+200B..U+200D, U+2060, the BOM U+FEFF): invisible, never content.

    >>> demo(remove_zero_width, "\ufeff碳达\u200b峰碳\u2060中和")
    '碳达峰碳中和'
    """
    return [Edit(m.start(), m.end()) for m in layout_rules().zero_width.finditer(text)]


def remove_soft_hyphens(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete soft hyphens (U+00AD), which only mark where a word may be broken.

    >>> demo(remove_soft_hyphens, "carbon neu\u00adtrality，碳中\u00ad和")
    'carbon neutrality，碳中和'
    >>> demo(remove_soft_hyphens, "碳达峰-碳中和")  # a real hyphen stays
    '碳达峰-碳中和'
    """
    return [Edit(m.start(), m.end()) for m in layout_rules().soft_hyphens.finditer(text)]


def remove_markers(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete stray marker characters: footnote references that lost their number (``�``), font glyphs.

    >>> demo(remove_markers, "�“2+1+N”产业：“2”是电子信息")
    '“2+1+N”产业：“2”是电子信息'
    >>> demo(remove_markers, "①加快推进※重点项目")  # real symbols stay
    '①加快推进※重点项目'
    """
    return [Edit(m.start(), m.end()) for m in layout_rules().markers.finditer(text)]


def normalize_spaces(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Turn full-width, no-break and other space characters into ``" "`` (a tab stays: it parts cells).

    >>> demo(normalize_spaces, "\u3000\u3000各乡镇人民政府：\u00a0")
    '  各乡镇人民政府： '
    """
    return [Edit(m.start(), m.end(), " ") for m in layout_rules().spaces.finditer(text)]


# --------------------------------------------------------------------------- page noise


def remove_page_numbers(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete page-number lines: ``— 3 —``, ``-3-``, ``第3页`` anywhere; ``3``, ``3/12`` at page edges.

    A page break (form feed) takes the place of the number, so later fixes know a page ends there:

    >>> demo(remove_page_numbers, "提高成果属地转化\n- 16 -\n率。")
    '提高成果属地转化\n\x0c率。'
    >>> demo(remove_page_numbers, "加快推进\n第 3 页\n项目建设。")
    '加快推进\n\x0c项目建设。'
    >>> demo(remove_page_numbers, "绿色低碳发展。\n3\f一、总体要求")
    '绿色低碳发展。\n\x0c\x0c一、总体要求'

    A bare number that does not stand at a page edge is content:

    >>> demo(remove_page_numbers, "第一页\n指标\n3\n说明\n第二页")
    '第一页\n指标\n3\n说明\n第二页'

    A decorated number the PDF put at the end of the page's last line of text goes too:

    >>> demo(remove_page_numbers, "完成期限：6月底） — 8 —\n（十五）开展交易。")
    '完成期限：6月底）\n（十五）开展交易。'
    """
    rules = layout_rules()
    lines = split_lines(text, page_starts)
    # A decorated page number also tells where a page ends, which makes the line after it a page start.
    marked = [rules.page_anywhere.match(text[ln.lo : ln.hi]) is not None for ln in lines]
    lines = [
        Line(ln.start, ln.end, ln.lo, ln.hi, True) if i and marked[i - 1] and not ln.page_start else ln
        for i, ln in enumerate(lines)
    ]
    edges = page_edges([ln for ln, m in zip(lines, marked, strict=True) if not m], rules.header_edge_lines)
    kept = [i for i, m in enumerate(marked) if not m]
    edge_lines = {kept[j] for j in edges}
    edits = []
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        content = text[ln.lo : ln.hi]
        if marked[i] or (i in edge_lines and rules.page_boundary.match(content)):
            # the page break stays, so that running headers next to it can still be found
            edits.append(_drop_line(text, ln, rules.page_break))
        elif (tail := rules.page_line_end.search(content)) is not None and tail.start() > 0:
            edits.append(Edit(ln.lo + tail.start(), ln.hi, ""))
    return edits


_DIGIT_RUN = re.compile(r"\d+")
_WHITE_RUN = re.compile(r"\s+")


def _header_key(line: str) -> str:
    """Digits folded and white space removed, so ``第3页`` and ``第4页`` footers compare equal."""
    return _DIGIT_RUN.sub("#", _WHITE_RUN.sub("", line))


def remove_running_headers(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete running headers and footers: a short line repeated at the top or bottom of pages.

    A line is a header when it is the very first (or very last) line of 2+ pages, or stands
    among the first (last) ``edge_lines`` lines of 3+ pages:

    >>> page = "XX市碳达峰实施方案\n正文第{}页的内容。\n"
    >>> demo(remove_running_headers, "\f".join(page.format(i) for i in range(3)))
    '正文第0页的内容。\n\x0c正文第1页的内容。\n\x0c正文第2页的内容。\n'
    >>> demo(remove_running_headers, "\f".join(page.format(i) for i in range(2)))
    '正文第0页的内容。\n\x0c正文第1页的内容。\n'

    Each header goes once at each end of a page, so a title right below a header of the same
    words stays, and a banner of two different lines goes whole:

    >>> demo(remove_running_headers, "XX市碳达峰实施方案\n" + "\f".join(page.format(i) for i in range(3)))
    'XX市碳达峰实施方案\n正文第0页的内容。\n\x0c正文第1页的内容。\n\x0c正文第2页的内容。\n'
    >>> banner = "XX市人民政府行政规范性文件\nXX市人民政府发布\n正文第{}页。\n"
    >>> demo(remove_running_headers, "\f".join(banner.format(i) for i in range(3)))
    '正文第0页。\n\x0c正文第1页。\n\x0c正文第2页。\n'

    A line second from the edge of only 2 pages, or found inside a page too, stays:

    >>> two = "\f".join(f"第{i}页开头。\n碳达峰行动\n正文。\n" if i < 2 else "正文。\n" for i in range(4))
    >>> demo(remove_running_headers, two) == two
    True
    >>> pages = "\f".join(f"碳达峰行动\n第{i}页。\n碳达峰行动\n正文。\n结尾。\n" for i in range(3))
    >>> demo(remove_running_headers, pages) == pages
    True

    The plan's title in the middle of the first page, under the notice, does not veto a
    header of the same words on the later pages (and it stays):

    >>> notice = "关于印发方案的通知\n各部门：\n现印发给你们。\nXX市行动方案\n一、目标\n正文。\n"
    >>> demo(remove_running_headers, notice + "\fXX市行动方案\n正文。\n\fXX市行动方案\n结尾。\n")
    '关于印发方案的通知\n各部门：\n现印发给你们。\nXX市行动方案\n一、目标\n正文。\n\x0c正文。\n\x0c结尾。\n'
    """
    rules = layout_rules()
    lines = split_lines(text, page_starts)
    pages = pages_of_lines(lines)
    depth = rules.header_edge_lines
    edges = {i for page in pages for i in page[:depth] + page[-depth:]}
    # the keys of the lines at the pages' edges; the lines inside a page are keyed only if a header
    # is found (below), to see whether it stands inside a page too
    keys = {i: _header_key(text[lines[i].lo : lines[i].hi]) for i in edges}

    def candidate(i: int) -> bool:
        content = text[lines[i].lo : lines[i].hi]
        return len(content) <= rules.header_max_chars and content[-1] not in rules.header_never_end

    def block(key: str, found: set[int]) -> bool:
        """Two pages that open with the same two title lines repeat a block (the title printed
        again where the body starts), not a one-line header."""
        tops = [pages[n] for n in sorted(found) if len(pages[n]) > 1 and keys[pages[n][0]] == key]
        if len(found) != 2 or len(tops) != 2:
            return False
        seconds = {text[lines[page[1]].lo : lines[page[1]].hi] for page in tops}
        (second,) = seconds if len(seconds) == 1 else ("。",)
        return second[-1] not in rules.header_never_end + "。"

    near_edge: dict[str, set[int]] = {}  # key -> pages where it is among the edge lines
    outermost: dict[tuple[str, str], set[int]] = {}  # (key, "top"/"bottom") -> pages where it is the edge
    for number, page in enumerate(pages):
        for i in filter(candidate, set(page[:depth] + page[-depth:])):
            near_edge.setdefault(keys[i], set()).add(number)
        for side, i in (("top", page[0]), ("bottom", page[-1])) if page else ():
            if candidate(i):
                outermost.setdefault((keys[i], side), set()).add(number)
    headers = {key for key, found in near_edge.items() if len(found) >= rules.header_min_pages}
    headers |= {key for (key, _), found in outermost.items() if len(found) >= 2 and not block(key, found)}
    # a header never stands inside a page: a line also found mid-page is content repeated by chance;
    # but the first page may carry the plan's title, the very words of the running header
    first_page = set(pages[0])
    if headers:
        inside = (i for i, ln in enumerate(lines) if not ln.blank and i not in edges and i not in first_page)
        headers -= {key for i in inside if (key := _header_key(text[lines[i].lo : lines[i].hi])) in headers}
    drop: set[int] = set()
    for page in pages:
        # each header once at the top and each footer once at the bottom of a page: a title below
        # a header of the same words stays, a banner of two different lines goes
        top = [i for i in page[:depth] if keys[i] in headers]
        bottom = [i for i in page[max(depth, len(page) - depth) :] if keys[i] in headers]
        drop.update({keys[i]: i for i in reversed(top)}.values())
        drop.update({keys[i]: i for i in bottom}.values())
    return [_drop_line(text, lines[i]) for i in sorted(drop)]


def _is_row(text: str, ln: Line) -> bool:
    """A table's row as the readers write it: a tab after the line's first character."""
    return "\t" in text[ln.lo : ln.end]


def remove_repeated_table_headers(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete the header rows a table repeats at the top of the page it runs on to.

    A page that opens with table rows right after a page that ends with them, where those
    first rows repeat the first rows of the table on the page before, prints the header again
    (the rows are the readers' tab-separated rows; the table itself keeps them in the raw text).

    >>> pages = ["表1\nA\tB\n1\t2", "A\tB\n3\t4\n正文。"]
    >>> demo(remove_repeated_table_headers, "\f".join(pages))
    '表1\nA\tB\n1\t2\x0c3\t4\n正文。'
    >>> demo(remove_repeated_table_headers, "正文。\fA\tB\n3\t4") == "正文。\fA\tB\n3\t4"
    True
    """
    lines = split_lines(text, page_starts)
    pages = pages_of_lines(lines)
    edits = []
    for before, page in pairwise(pages):
        if not before or not page or not _is_row(text, lines[before[-1]]):
            continue
        first = len(before) - 1
        while first > 0 and _is_row(text, lines[before[first - 1]]):
            first -= 1
        k = 0
        while (
            k < len(page)
            and first + k < len(before) - 1
            and _is_row(text, lines[page[k]])
            and _header_key(text[lines[page[k]].lo : lines[page[k]].end])
            == _header_key(text[lines[before[first + k]].lo : lines[before[first + k]].end])
        ):
            k += 1
        if k < len(page):  # the table goes on below the repeated rows
            edits.extend(_drop_line(text, lines[i]) for i in page[:k])
    return edits


# --------------------------------------------------------------------------- paragraphs


def display_width(s: str) -> int:
    """Width of ``s`` on a page: wide (CJK, full-width, curly quotes) characters count 2.

    >>> display_width("到 2025 年"), display_width("“十四五”")
    (10, 10)
    """
    if s.isascii():
        return len(s)
    return len(s.translate(_WIDTHS))


class _Widths(dict[int, str]):
    """Each character as one or two placeholders by its width (rules/layout.yaml ``wide_chars``),
    looked up once: ``str.translate`` then measures a line in C."""

    def __missing__(self, code: int) -> str:
        wide = unicodedata.east_asian_width(chr(code)) in layout_rules().wide
        self[code] = "··" if wide else "·"
        return self[code]


_WIDTHS = _Widths()


def typical_width(widths: Sequence[int]) -> int | None:
    """The width most lines share, if the text is hard-wrapped (at least half the lines near it).

    Only lines of at least ``min_wrap_width`` (rules/layout.yaml) count, and the width must be
    shared by two of them: a few short lines of equal length are titles, not a wrapped page.

    >>> typical_width([56, 56, 55, 56, 52, 20, 56, 58])
    56
    >>> typical_width([120, 340, 44, 18, 90, 260]) is None
    True
    """
    long = [w for w in widths if w >= layout_rules().min_wrap_width]
    if len(long) < 3:
        return None
    best, count = max(Counter(long).items(), key=lambda item: (item[1], item[0]))
    if count < 2:
        return None
    near = sum(1 for w in widths if best - INDENT_SLACK <= w <= best + 3)
    return best if near * 2 >= len(widths) else None


INDENT_SLACK = 8
"""How much narrower than the typical width a wrapped line may be: a lost 2-character paragraph
indent (4) plus justification jitter from digits and Latin letters."""


@lru_cache(maxsize=4096)
def _heading_line(line: str) -> bool:
    """Whether a line opens with an outline marker (rules/layout.yaml ``heading``); each line is
    asked as the one before a break and as the one after it, so the answer is kept."""
    return layout_rules().heading.match(line) is not None


@lru_cache(maxsize=4096)
def _toc_line(line: str) -> bool:
    """Whether a line is a table-of-contents entry (``……… 12``)."""
    return layout_rules().toc_entry.search(line) is not None


def unclosed_bracket(line: str) -> bool:
    """Whether ``line`` leaves a bracket open (so the paragraph goes on in the next line).

    >>> unclosed_bracket("完成目标。〔责任单位：区经发局、区生"), unclosed_bracket("〔责任单位：区经发局〕")
    (True, False)
    >>> unclosed_bracket("推进镇（管理处）延伸")
    False
    """
    pairs = layout_rules().brackets
    openers = "".join(pairs)
    if any_of(openers).search(line) is None:  # most lines open none
        return False
    depth = 0
    for mark in any_of(openers + "".join(pairs.values())).finditer(line):
        if mark.group() in pairs:
            depth += 1
        elif depth:
            depth -= 1
    return depth > 0


def _ends_paragraph(line: str) -> bool:
    """Whether a line ends like a paragraph: final punctuation, or no prose punctuation at all (a title).

    >>> _ends_paragraph("制定本方案。"), _ends_paragraph("示例县碳达峰实施方案")
    (True, True)
    >>> _ends_paragraph("聚焦主业，全力推动“2+1+N”产业")
    False
    >>> _ends_paragraph("1.推动工业绿色低碳发展。全力推动“2+1+N”产业")
    False
    """
    rules = layout_rules()
    if line[-1] in rules.terminal:
        return True
    if _heading_line(line) and not any(ch in line for ch in "。；;"):
        return True  # a heading line (with or without commas) ends its paragraph
    return any_of(rules.prose_marks).search(line) is None


_FRAGMENT = regex.compile(r"\p{Han}")  # one character: two may be a label (附件, 目录)


def paragraph_break(
    a: str,
    b: str,
    *,
    full: int | None,
    a_width: int,
    b_indented: bool = False,
    blank_between: bool = False,
    indent_marks: bool = False,
) -> bool:
    """Decide whether line ``b`` starts a new paragraph after line ``a`` (both stripped).

    ``full`` is the typical width of a hard-wrapped text (``None`` if not wrapped),
    ``a_width`` the display width of ``a``, ``b_indented`` whether ``b`` is indented
    beyond the text's common indentation (``pdftotext -layout``), ``blank_between``
    whether a blank line separates them in a text where blank lines are rare enough
    to mean something, ``indent_marks`` whether the text marks paragraph starts by indents
    (a PDF reader's first lines set in, few lines in all).

    >>> paragraph_break("区生态", "环境分局", full=56, a_width=56)
    False
    >>> paragraph_break("一、总体思路", "以习近平新时代中国特色", full=56, a_width=12)
    True
    >>> paragraph_break("XX县人民政府关于", "印发《XX方案》的通知", full=None, a_width=16)
    False
    >>> paragraph_break("提高能效，力争达到", "1.5以下。", full=56, a_width=56)
    False
    >>> paragraph_break("推动绿色低碳转型。", "坚持系统观念", full=18, a_width=18)
    False
    >>> paragraph_break("推动绿色低碳转型。", "坚持系统观念", full=18, a_width=18, blank_between=True)
    True
    >>> paragraph_break("推进节能。〔责任单位：县发改委、", "县工信局〕", full=None, a_width=30)
    False
    >>> paragraph_break("推进节能。〔责任单位：县发改委、县工信局", "2.推进节能。", full=None, a_width=40)
    True
    >>> paragraph_break("完成改造任务。", "（责任单位：县发改委）", full=56, a_width=14, indent_marks=True)
    False
    >>> paragraph_break("焚", "烧处理率达到70%以上。", full=40, a_width=2, b_indented=True)
    False
    >>> field = "主题分类：综合，其他 发文字号：样政发〔2025〕3号"
    >>> paragraph_break(field, "样本市人民政府关于…的通知", full=None, a_width=50)
    True
    """
    rules = layout_rules()
    if _toc_line(a):
        return True  # a table-of-contents entry: ……… 12
    if b[0] in rules.no_start or rules.no_end.search(a):
        return False
    if indent_marks and not b_indented and rules.goes_on.match(b):
        return False  # where paragraphs are marked by indents, a flush （责任单位：…） goes on the task
    # an open bracket goes on in the next line, unless a heading starts there after a short line:
    # a 〔 never closed must not swallow the next task
    if unclosed_bracket(a) and not (_heading_line(b) and (full is None or a_width < full - 1)):
        return False
    if _FRAGMENT.fullmatch(a) and not _heading_line(b):
        return False  # a line of one character ends no paragraph: a PDF broke the line
    if b_indented:
        return True
    if full is None:  # lines are paragraphs, except where broken mid-sentence
        return bool(_heading_line(b)) or _ends_paragraph(a) or rules.field_end.search(a) is not None
    a_terminal = a[-1] in rules.terminal
    if _heading_line(b):
        return a_terminal or a_width < full - 1  # a heading cannot follow a full, unfinished line
    if a_terminal and blank_between:
        return True  # a paragraph that happens to end at a full line, marked by a blank line
    if a_width >= full - (1 if a_terminal else INDENT_SLACK):
        return False  # a (nearly) full line of a wrapped text goes on in the next
    return _ends_paragraph(a)


def join_wrapped_lines(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Join lines broken by layout (hard wraps, page breaks, footnote references); one paragraph per line.

    Hard-wrapped PDF text: a full line goes on in the next; a short one ends its paragraph.

    >>> lines = ["一、主要目标", "全区天然气消费量达到五百三十", "万立方米，光伏发电装机容量突"]
    >>> lines += ["破二点六万千瓦，新建充电桩七", "百根。", "二、重点任务"]
    >>> print(demo(join_wrapped_lines, "\n\n".join(lines)))
    一、主要目标
    全区天然气消费量达到五百三十万立方米，光伏发电装机容量突破二点六万千瓦，新建充电桩七百根。
    二、重点任务

    Word text: one paragraph per line, except a line that cannot end a paragraph.

    >>> print(demo(join_wrapped_lines, "XX县人民政府关于\n\n印发《XX方案》的通知\n\n各乡镇人民政府："))
    XX县人民政府关于印发《XX方案》的通知
    各乡镇人民政府：
    >>> print(demo(join_wrapped_lines, "1.推动工业发展。推动“2+1+N”产业\n高端化发展。\n2.推动碳达峰。"))
    1.推动工业发展。推动“2+1+N”产业高端化发展。
    2.推动碳达峰。
    """
    lines = [ln for ln in split_lines(text, page_starts) if not ln.blank]
    if len(lines) < 2:
        return []
    widths = [display_width(text[ln.lo : ln.hi]) for ln in lines]
    rows = {k for k, ln in enumerate(lines) if "\t" in text[ln.lo : ln.end]}  # a table's rows
    full = typical_width([w for k, w in enumerate(widths) if k not in rows])
    # A first-line indent (two full-width spaces; deeper than the common indentation of a
    # `pdftotext -layout` page) starts a paragraph; a lone space marks a page top instead.
    indents = [ln.lo - ln.start for ln in lines]
    layout_indented = sum(1 for w in indents if w > 0) * 2 > len(lines)
    # a PDF reader (it knows the pages) sets in the lines the page sets in: there an indent marks a
    # paragraph's start, and a line flush with the margin goes on the one before
    indent_marks = bool(page_starts) and not layout_indented and any(w > 0 for w in indents)
    base_indent = Counter(indents).most_common(1)[0][0] if layout_indented else 0
    blank = [text.count("\n", a.hi, b.lo) > 1 for a, b in pairwise(lines)]
    # blank lines between some lines only (not after every line, as in the corpus PDF) part paragraphs
    blank_means_break = sum(blank) * 2 <= len(blank)
    edits = []
    texts = [text[ln.lo : ln.hi] for ln in lines]
    titles = title_joins(texts)
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        a_text, b_text = texts[k], texts[k + 1]
        row = k in rows or k + 1 in rows  # a table's row is a paragraph of its own
        brk = row or (
            k not in titles
            and paragraph_break(
                a_text,
                b_text,
                full=full,
                a_width=widths[k],
                b_indented=indents[k + 1] >= base_indent + 2,
                blank_between=blank_means_break and blank[k],
                indent_marks=indent_marks,
            )
        )
        if brk and not row and full is not None and heading_goes_on(a_text, b_text, widths[k + 1], full):
            brk = False
        if brk:
            replacement = "\n"
        elif a_text[-1].isascii() and a_text[-1].isalpha() and b_text[0].isascii() and b_text[0].isalpha():
            replacement = " "  # a wrap between two Latin words keeps them apart
        else:
            replacement = ""
        gap = text[a.hi : b.lo]
        if gap != replacement:
            edits.append(Edit(a.hi, b.lo, replacement))
    return edits


def _title_like(line: str) -> bool:
    """A line that can be part of a title: no prose punctuation, no heading, a date or a number."""
    rules = layout_rules()
    return (
        len(line) <= 60
        and any_of(rules.prose_marks + "：:").search(line) is None
        and not _heading_line(line)
        and not _toc_line(line)
        and not (
            line[-1] in "日月号" and any(ch.isdigit() or ch in "〇○一二三四五六七八九十" for ch in line[-3:])
        )
    )


_NO_TITLE_START = ("（", "(", "附件", "目录", "抄送")


def title_joins(lines: Sequence[str]) -> set[int]:
    """Indices ``k`` of lines that go on in line ``k + 1`` because together they print one title.

    A title wrapped over two to four lines, under the issuers' names, ends with its kind word
    (…方案, …的通知: rules/metadata.yaml); lines of a cover or a signature that never complete a
    title stay apart:

    >>> sorted(title_joins(["样本省“十四五”可再生能源", "发展规划", "样本省能源局", "2022年5月"]))
    [0]
    >>> lines = ["甲市人民政府办公厅", "乙省人民政府办公厅", "关于印发碳达峰", "联合行动方案的通知"]
    >>> sorted(title_joins(lines))
    [0, 1, 2]
    >>> title_joins(["样本市人民政府", "样本市能源局", "2022年5月"])
    set()
    """
    rules = layout_rules()
    joins: set[int] = set()
    k = 0
    while k < len(lines):
        line = lines[k]
        # a note in brackets (（此件公开发布）) or an attachment's label (附件1) starts no title
        if not _title_like(line) or rules.title_complete.search(line) or line.startswith(_NO_TITLE_START):
            k += 1
            continue
        end = None
        for j in range(k + 1, min(len(lines), k + rules.title_max_lines)):
            if not _title_like(lines[j]):
                break
            if rules.title_complete.search("".join(lines[k : j + 1])):
                end = j
                break
        if end is None:
            k += 1
            continue
        # a period or a kind word on the next line still belongs: …行动计划 / （2022—2025年）的通知
        if end + 1 < len(lines) and _title_like(lines[end + 1]) and lines[end + 1][0] in "（(的":
            if rules.title_complete.search("".join(lines[k : end + 2])):
                end += 1
        joins.update(range(k, end))
        k = end + 1
    return joins


_CHAPTER_START = regex.compile(r"第[一二三四五六七八九十百零〇]{1,4}[章节]")


def heading_goes_on(a: str, b: str, b_width: int, full: int) -> bool:
    """Whether a chapter heading printed over two lines goes on in ``b`` (a short line, no punctuation).

    >>> heading_goes_on("第四章 深化“三水”统筹，全面改善", "水生态环境质量", 14, 56)
    True
    >>> heading_goes_on("第二节 主要目标", "到2025年，森林覆盖率达到65%。", 30, 56)
    False
    """
    rules = layout_rules()
    return (
        len(a) >= 12
        and _CHAPTER_START.match(a) is not None
        and a[-1] not in rules.terminal
        and b_width * 2 < full
        and any_of(rules.prose_marks + rules.terminal).search(b) is None
        and not _heading_line(b)
        and not b.startswith(("专栏", "表", "图"))
    )


def strip_lines(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Remove white space at both ends of every line, blank lines and leftover form feeds.

    >>> demo(strip_lines, "   一、总体要求  \n\n\n  （一）主要目标\f\n")
    '一、总体要求\n（一）主要目标'
    """
    lines = [ln for ln in split_lines(text, page_starts) if not ln.blank]
    if not lines:
        return [Edit(0, len(text))] if text else []
    edits = []
    if lines[0].lo > 0:
        edits.append(Edit(0, lines[0].lo))
    for a, b in pairwise(lines):
        if text[a.hi : b.lo] != "\n":
            edits.append(Edit(a.hi, b.lo, "\n"))
    if lines[-1].hi < len(text):
        edits.append(Edit(lines[-1].hi, len(text)))
    return edits


# --------------------------------------------------------------------------- spaces inside a line


def remove_cjk_spaces(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    r"""Delete spaces next to a CJK character: ``到 2025 年`` → ``到2025年``.

    >>> demo(remove_cjk_spaces, "2023 年 6 月 30 日，新增 2.6 万千瓦，建设 ETC 车道")
    '2023年6月30日，新增2.6万千瓦，建设ETC车道'

    Spaces between two Latin or digit tokens stay:

    >>> demo(remove_cjk_spaces, "Python 3 和 PM 2.5、COD 10")
    'Python 3和PM 2.5、COD 10'
    """
    cjk = layout_rules().cjk
    edits = []
    for m in re.finditer(r" +", text):
        before = text[m.start() - 1] if m.start() else "\n"
        after = text[m.end()] if m.end() < len(text) else "\n"
        if before == "\n" or after == "\n":
            continue  # line edges belong to strip_lines
        if cjk.match(before) or cjk.match(after):
            edits.append(Edit(m.start(), m.end()))
    return edits


def collapse_spaces(text: str, page_starts: Sequence[int] = ()) -> list[Edit]:
    """Shrink a run of spaces inside a line to one.

    >>> demo(collapse_spaces, "PM   2.5")
    'PM 2.5'
    """
    return [Edit(m.start(), m.end(), " ") for m in re.finditer(r"  +", text)]


# --------------------------------------------------------------------------- registry and entry point

FIXERS: dict[str, Fixer] = {
    "normalize_line_breaks": normalize_line_breaks,
    "remove_markup": remove_markup,
    "remove_zero_width": remove_zero_width,
    "remove_soft_hyphens": remove_soft_hyphens,
    "remove_markers": remove_markers,
    "normalize_spaces": normalize_spaces,
    "remove_page_numbers": remove_page_numbers,
    "remove_running_headers": remove_running_headers,
    "remove_repeated_table_headers": remove_repeated_table_headers,
    "join_wrapped_lines": join_wrapped_lines,
    "strip_lines": strip_lines,
    "remove_cjk_spaces": remove_cjk_spaces,
    "collapse_spaces": collapse_spaces,
}
"""The fixes by name, in the order ``clean_layout`` applies them."""


class CleanConfig(NamedTuple):
    """Which fixes run; each field is the name of a fixer in ``FIXERS``.

    The format of ``CleanText.text`` (one paragraph per line, no blank line, no white
    space at either end of a line) holds while ``join_wrapped_lines`` and
    ``strip_lines`` run; switching off others only leaves their noise in.

    >>> CleanConfig()._replace(remove_cjk_spaces=False).remove_cjk_spaces
    False
    """

    normalize_line_breaks: bool = True
    remove_markup: bool = True
    remove_zero_width: bool = True
    remove_soft_hyphens: bool = True
    remove_markers: bool = True
    normalize_spaces: bool = True
    remove_page_numbers: bool = True
    remove_running_headers: bool = True
    remove_repeated_table_headers: bool = True
    join_wrapped_lines: bool = True
    strip_lines: bool = True
    remove_cjk_spaces: bool = True
    collapse_spaces: bool = True


def _configure(config: CleanConfig | None, overrides: dict[str, bool]) -> CleanConfig:
    config = config or CleanConfig()
    unknown = sorted(set(overrides) - set(CleanConfig._fields))
    if unknown:
        raise TypeError(
            f"clean_layout() got unknown fix name(s) {unknown}; known fixes: {list(CleanConfig._fields)}"
        )
    return config._replace(**overrides)


def clean_layout(
    raw_text: str, *, page_starts: Sequence[int] = (), config: CleanConfig | None = None, **overrides: bool
) -> CleanText:
    r"""Clean ``raw_text``: one paragraph per line, layout noise gone, each character mapped to the raw.

    ``page_starts`` (raw offsets where pages begin, from a PDF reader) helps find
    page numbers and running headers; without it page tops are found in the text.
    Keyword overrides switch single fixes: ``clean_layout(raw, remove_markers=False)``.

    >>> clean = clean_layout(" 到 2025 年，单位地区生产总\n\n值能源消耗下降 13.5%。\r\n")
    >>> clean.text
    '到2025年，单位地区生产总值能源消耗下降13.5%。'
    >>> start, end = clean.raw_span(clean.text.index("13.5%"), clean.text.index("。"))
    >>> " 到 2025 年，单位地区生产总\n\n值能源消耗下降 13.5%。\r\n"[start:end]
    '13.5%'
    >>> clean_layout("甲", fix_everything=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: clean_layout() got unknown fix name(s) ['fix_everything']; known fixes: [...]
    """
    config = _configure(config, overrides)
    tracked = Tracked.of(raw_text)
    pages = sorted(set(page_starts))
    steps: list[str] = []
    for name, fixer in FIXERS.items():
        if not getattr(config, name):
            continue
        current = [bisect.bisect_left(tracked.offsets, p) for p in pages]
        edits = fixer(tracked.text, current)
        changed = tracked.apply(edits)
        if edits and (changed.text != tracked.text or changed.offsets != tracked.offsets):
            steps.append(name)
        tracked = changed
    return CleanText(tracked.text, tracked.offsets, steps)
