"""Time: the time expressions of a sentence (``到2025年``, ``截至2022年底``, ``“十四五”期间``,
``5年内``, ``每年``) and the document's own time they are read against (its date of issue, the
period its title names, the one year a plan for a year is for), with the years a paragraph or a
task's deadline gives to the sentences in it. Patterns and words: ``rules/targets.yaml`` (``time``,
``baseline``, ``deadline``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import regex

from .records import Paragraph
from .target_rules import document_kind, target_rules

# patterns of the code (the rules' own are compiled in target_rules)
_DATE_AFTER_YEAR = regex.compile(r"\s*\d{1,2}\s*月")
# a label may come first: 量化目标：到2023年，…
_PARAGRAPH_YEAR = regex.compile(
    r"\s*(?:\p{Han}{0,6}目标[，,]\s*|\p{Han}{2,8}[：:]\s*)?(?:"
    r"(?:到|至|在)?\s*(\d{4})\s*年(?:底|末|前)?\s*[。：:，,]"
    # 规划到2020年全市常住人口…: a plan's horizon opening the paragraph, no comma after it
    r"|(?:规划|计划)(?:到|至)\s*(\d{4})\s*年(?:底|末)?)"
)


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression in a sentence: ``kind`` is target, past, relative or baseline."""

    start: int
    end: int
    year: int | None
    kind: str
    bare: bool = False  # a year with no 到, 前 or period word (2014年，…): an aim only by the date of issue


@dataclass(frozen=True, slots=True)
class YearContext:
    """What the document says about "now".

    Bare years at or before ``past_until`` are past; so is any year before
    ``issued`` (the year of issue), even after 到 (``提高到2020年的60.8%`` in a
    plan issued in 2021 reports a figure).
    """

    past_until: int | None = None
    issued: int | None = None
    plan_year: int | None = None  # the one year a plan for a year is for (2022年…行动计划)
    looks_from: int | None = None  # the last year the title puts behind it (“十四五”: 2020)

    def kind_of_bare_year(self, year: int) -> str:
        """Past up to "now", but never after the year of issue (2022年实现… in a plan of 2021).

        >>> YearContext(2022, 2021).kind_of_bare_year(2022), YearContext(2022).kind_of_bare_year(2022)
        ('target', 'past')
        """
        if self.issued is not None and year > self.issued:
            return "target"
        return "past" if self.past_until is not None and year <= self.past_until else "target"

    def kind_of_aim(self, year: int) -> str:
        """An aim before the year of issue is a figure reached; with no date, so is an aim at or
        before the year the title looks from (到2020年底 in a “十四五” plan, SPEC section 4).

        >>> YearContext(2021, 2021).kind_of_aim(2020), YearContext(2021, 2021).kind_of_aim(2021)
        ('past', 'target')
        >>> YearContext(2020, None, None, 2020).kind_of_aim(2020), YearContext(2020).kind_of_aim(2020)
        ('past', 'target')
        """
        if self.issued is not None:
            return "past" if year < self.issued else "target"
        return "past" if self.looks_from is not None and year <= self.looks_from else "target"


def five_year_plan_end(numeral: str, teens: bool = True) -> int:
    """The last year of the five-year plan “十N五” (N written as a Chinese digit), or of “N五”
    (``teens=False``: 六五 … 九五, the plans before 十五).

    >>> five_year_plan_end("四"), five_year_plan_end("五"), five_year_plan_end("九", teens=False)
    (2025, 2030, 2000)
    """
    rules = target_rules()
    ordinal = (10 if teens else 0) + "一二三四五六七八九".index(numeral) + 1
    return rules.five_year_base + rules.five_year_step * ordinal


def find_time_expressions(text: str, years: YearContext | None = None) -> list[TimeExpr]:
    """Time expressions in ``text`` (no overlaps), in order.

    >>> [(t.year, t.kind) for t in find_time_expressions("较2020年下降，到2025年，“十四五”期间，5年内")]
    [(2020, 'baseline'), (2025, 'target'), (2025, 'target'), (None, 'relative')]
    >>> [(t.year, t.kind) for t in find_time_expressions("2022年全县为31%", YearContext(2023))]
    [(2022, 'past')]
    >>> [(t.year, t.kind) for t in find_time_expressions("提高到2020年的60.8%", YearContext(2021, 2021))]
    [(2020, 'past')]
    >>> [(t.year, t.kind) for t in find_time_expressions("全年新建农田10万亩", YearContext(2021, None, 2022))]
    [(2022, 'target')]
    """
    return list(_time_expressions(text, years or YearContext()))


@lru_cache(maxsize=1024)
def _time_expressions(text: str, years: YearContext) -> tuple[TimeExpr, ...]:
    # a sentence's clauses are read again for each value and indicator in it
    rules = target_rules()
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, year: int | None, kind: str, bare: bool = False) -> None:
        # taken spans do not overlap: only the neighbours of start can (a linear scan is quadratic)
        k = bisect.bisect_left(taken, (start, start))
        if any(s < end and start < e for s, e in taken[max(0, k - 1) : k + 1]):
            return
        bisect.insort(taken, (start, end))
        found.append(TimeExpr(start, end, year, kind, bare))

    for pattern in rules.baseline:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")  # 比上年: a baseline with no calendar year
            add(m.start(), m.end(), int(year) if year else None, "baseline")
    for pattern in rules.time_past:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")
            add(m.start(), m.end(), int(year) if year else None, "past")
    for m in rules.five_year_plan.finditer(text):
        year = five_year_plan_end(m.group("n")) if m.group("n") else five_year_plan_end(m.group("m"), False)
        add(m.start(), m.end(), year, years.kind_of_bare_year(year))
    for pattern in rules.time_relative:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), None, "relative")
    kinds = ((rules.time_target, years.kind_of_aim), (rules.time_bare, years.kind_of_bare_year))
    for patterns, kind_of in kinds:  # explicit aims first: they win where a bare year overlaps
        for pattern in patterns:
            for m in pattern.finditer(text):
                if _DATE_AFTER_YEAR.match(text, m.end()):  # a date: 2023年6月30日
                    continue
                year = int(m.group("year"))
                add(m.start(), m.end(), year, kind_of(year), patterns is rules.time_bare)
    if years.plan_year is not None:  # 全年, 年底前 in a plan for one year: that year
        for pattern in rules.time_plan_year:
            for m in pattern.finditer(text):
                add(m.start(), m.end(), years.plan_year, "target")
    return tuple(sorted(found, key=lambda t: t.start))


_FOUR_DIGITS = regex.compile(r"\d{4}")

# the date of issue stands alone: "2023年6月30日", or "（2023年6月30日印发）"
_DATE_LINE = regex.compile(
    r"\s*[（(]?\s*(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布|公布)?\s*[）)]?\s*$"
)


def year_context(paragraphs: list[Paragraph], title: str | None = None) -> YearContext:
    """ "Now" as the document shows it: the latest date of issue or baseline year.

    Bare years (``2022年全县…``) up to it are past figures; so are bare years
    before the earliest year the plan explicitly aims at (``到2025年``).

    The first full date that is a paragraph of its own (``2023年6月30日``, the date
    under the issuer's name) is taken as the date of issue; a date inside a sentence
    may be a deadline (``2025年12月31日前完成验收``) and says nothing about "now".

    >>> year_context([Paragraph(0, "2023年6月30日", 0, 11)])
    YearContext(past_until=2023, issued=2023, plan_year=None, looks_from=None)
    >>> year_context([Paragraph(0, "2025年12月31日完成全部项目验收。", 0, 19)])
    YearContext(past_until=None, issued=None, plan_year=None, looks_from=None)
    """
    rules = target_rules()
    past: list[int] = []
    aims: list[int] = []
    issued: int | None = None
    for p in paragraphs:
        if _FOUR_DIGITS.search(p.text) is None:  # every year below is four digits: nothing to find
            continue
        m = _DATE_LINE.match(p.text)
        if m is not None:
            past.append(int(m.group(1)))
            issued = issued or int(m.group(1))
        for pattern in rules.baseline:
            past.extend(int(m["year"]) for m in pattern.finditer(p.text) if m.groupdict().get("year"))
        for pattern in rules.time_target:
            aims.extend(int(m.group("year")) for m in pattern.finditer(p.text))
    looks_from = title_year(title)
    if aims:
        # bare years before the first aim are behind the plan, but not those of the period its
        # title names (（2022—2024年）: 2022年，新建5G基站2600个 is its first year's aim)
        before_aims = min(aims) - 1
        if looks_from is not None and rules.five_year_plan_in_title.search(title or "") is None:
            before_aims = min(before_aims, looks_from)
        past.append(before_aims)
    if looks_from is not None:
        past.append(looks_from)
    # a notice or call for one year (2021年…申报工作的通知) sets out a procedure, not that year's goals
    one_year = plan_year(title) if document_kind(title) == "plan" else None
    return YearContext(max(past) if past else None, issued, one_year, looks_from)


# a year in a title, and what follows it: 年 (2022年…要点) or a dash (2022—2025年)
_TITLE_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*(年|[—–\-－~～至到])")


def plan_year(title: str | None) -> int | None:
    """The one year a plan is for, when its title names a single year (not a period).

    >>> plan_year("示例省绿色低碳转型2022年行动计划"), plan_year("示例县2021年度节能工作要点")
    (2022, 2021)
    >>> plan_year("示例市行动计划（2022—2025年）"), plan_year("示例省“十四五”规划"), plan_year(None)
    (None, None, None)
    """
    if not title:
        return None
    years = _TITLE_YEAR.findall(title)
    if len(years) != 1 or years[0][1] != "年" or target_rules().five_year_plan.search(title):
        return None
    return int(years[0][0])


def title_year(title: str | None) -> int | None:
    """The last year a document's title says is behind it: a “十四五” plan is written from 2020, a
    ``2022年…工作要点`` in 2022 (so 2021 is behind it).

    >>> title_year("示例省“十四五”可再生能源发展规划"), title_year("示例县2022年节能工作要点")
    (2020, 2021)
    >>> title_year("示例市制造业绿色发展行动计划（2022—2025年）")
    2021
    >>> title_year("示例市国民经济和社会发展十四五规划"), title_year("示例市第十四个五年规划纲要")
    (2020, 2020)
    """
    if not title:
        return None
    rules = target_rules()
    period = rules.five_year_plan_in_title.search(title)
    if period is not None:
        return five_year_plan_end(period.group("n")) - rules.five_year_step
    # a period (2021—2025年) starts at its first year; a single year (2022年…要点) is the year itself
    year = _TITLE_YEAR.search(title)
    return int(year.group(1)) - 1 if year else None


def paragraph_year(text: str) -> int | None:
    """The year a paragraph opens with (``2025年。``, ``到2025年：``), or None.

    >>> paragraph_year("到2025年：森林覆盖率达到60%。"), paragraph_year("森林覆盖率达到60%。")
    (2025, None)
    >>> paragraph_year("量化目标：到2023年，能耗下降3%。"), paragraph_year("规划到2020年全市人口为90万人。")
    (2023, 2020)
    """
    m = _PARAGRAPH_YEAR.match(text)
    return int(m.group(1) or m.group(2)) if m else None


def opens_in_past(text: str) -> bool:
    """Whether a paragraph opens with a time behind the document with no year (``这一年，``,
    ``过去五年，``, ``五年来，``): a review, its sentences with no time of their own are past.

    >>> opens_in_past("这一年，我们聚焦三农谋幸福。"), opens_in_past("到2025年，建成10个。")
    (True, False)
    """
    times = find_time_expressions(text[:PAST_LEAD_CHARS])
    return bool(times) and times[0].start <= 1 and times[0].kind == "past" and times[0].year is None


PAST_LEAD_CHARS = 12  # a paragraph's opening time: 这一年，, 过去五年，


def body_year(text: str) -> int | None:
    """The year the body after a paragraph's heading opens with (``2.结构优化。2020年，…``), or None."""
    if "年" not in text[:60] or "。" not in text[:40]:  # most paragraphs: no heading and year there
        return None
    body = _body_after_heading(text)
    return paragraph_year(body) if body is not text else None


def _body_after_heading(text: str) -> str:
    """A paragraph's body after the heading it opens with, where the heading ends with 。
    (``2.结构优化。2020年，煤炭…``: the body opens with its year).

    >>> _body_after_heading("2.结构优化。2020年，占比下降到33%。"), _body_after_heading("到2025年，达到5%。")
    ('2020年，占比下降到33%。', '到2025年，达到5%。')
    """
    from .structure import match_heading  # the outline's markers, as the structure stage reads them

    heading = match_heading(text)
    if heading is None or text[heading.heading_end : heading.heading_end + 1] != "。":
        return text
    return text[heading.heading_end + 1 :]


def deadline_year(text: str, plan_year: int | None = None, *, at_start: bool = False) -> int | None:
    """The deadline year of a task written in its paragraph (``完成期限：2021年四季度``); a month
    alone (``完成期限：12月底``) is of the year of a plan for one year (``plan_year``).  With
    ``at_start``, only a paragraph that is the deadline (a line of its own after the tasks).

    >>> deadline_year("建立制度。（责任部门：气候处，完成期限：2021年四季度）")
    2021
    >>> deadline_year("（责任部门：气候处，完成期限：12月底）", 2021), deadline_year("完成期限：12月底")
    (2021, None)
    >>> deadline_year("完成时限：2021年12月底前", at_start=True)
    2021
    >>> deadline_year("建立制度。完成时限：2021年", at_start=True) is None
    True
    """
    for pattern in target_rules().deadline:
        m = pattern.match(text) if at_start else pattern.search(text)
        if m is None:
            continue
        if m.groupdict().get("year"):
            return int(m.group("year"))
        if plan_year is not None:
            return plan_year
    return None


def closing_deadlines(paragraphs: list[Paragraph], plan_year: int | None = None) -> list[int | None]:
    """The deadline a line of its own gives the tasks above it in its top-level section
    (``责任处室：…`` / ``完成时限：2021年12月底前`` closing each part of a work plan), for each paragraph.

    >>> task = Paragraph(0, "完成6条水流确权登记。", 0, 11, "二.(一)")
    >>> closing = Paragraph(1, "完成时限：2021年底", 12, 23, "二.(二)")
    >>> closing_deadlines([task, closing, Paragraph(2, "新建绿道。", 24, 29, "二.(三)")])
    [2021, 2021, None]
    """
    years: list[int | None] = [None] * len(paragraphs)
    top: str | None = None
    year: int | None = None
    for k in range(len(paragraphs) - 1, -1, -1):  # from the end: a deadline closes what is above it
        paragraph = paragraphs[k]
        own_top = paragraph.section.split(".")[0] if paragraph.section else None
        if own_top != top:
            top, year = own_top, None
        if own_top is None:
            continue
        year = deadline_year(paragraph.text.lstrip("（(〔【[ 　"), plan_year, at_start=True) or year
        years[k] = year
    return years
