"""Metadata of a document: its own title, the issuer, the date of issue, the region (SPEC "Metadata").

Chinese official documents put these in fixed places (GB/T 9704): a letterhead and a document
number, a title (often wrapped over two or three lines, under the issuers' names), the addressees,
the body, the issuers' signature with the date under it, and at the very end a colophon
(``XX办公室 2022年4月12日印发``).  A plan usually comes wrapped in a notice that issues it
(``示例县人民政府关于印发《示例县碳达峰实施方案》的通知``): the plan's own title is wanted, not the
notice's.  A field the text does not state is ``None``.  Word lists are in ``rules/metadata.yaml``.

The work is in two steps: :func:`title_lines` finds the titles printed at the top (lines joined,
issuer lines set apart), :func:`find_metadata` reads them with the signature and the date lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from .numerals import chinese_number
from .records import Paragraph
from .rules import load_yaml, require
from .structure import (
    match_heading,
    paragraphs_of_lines,  # noqa: F401  (the examples below build paragraphs with it)
)
from .text import squeeze


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class MetadataRules:
    """``rules/metadata.yaml``, compiled once."""

    complete: regex.Pattern[str]  # a title ends here: a kind word, then a period or status
    plan_kind: regex.Pattern[str]
    issued: regex.Pattern[str]  # 关于印发X的通知 → X
    issuer: regex.Pattern[str]
    not_issuer: regex.Pattern[str]
    issuer_prefix: regex.Pattern[str]  # ISSUER关于…
    region: regex.Pattern[str]
    region_next: regex.Pattern[str]
    region_stop_words: frozenset[str]
    region_suffixes: frozenset[str]
    region_never_contains: tuple[str, ...]
    about_verbs: tuple[str, ...]
    region_after_about: int
    region_name_prefixes: tuple[str, ...]  # 中共|温州市委
    region_zones: tuple[str, ...]  # 新区: 样本市示例新区 is one region
    search_paragraphs: int
    max_title_lines: int
    max_title_chars: int
    min_title_chars: int  # 发展规划: a web page's category label, no title
    field_line: regex.Pattern[str]  # 索引号：…组配分类：…: a web page's index fields
    continuers: str
    doc_number: regex.Pattern[str]
    colophon: regex.Pattern[str]
    adopted: regex.Pattern[str]
    delivered: regex.Pattern[str]  # 2021年4月12日在…会议上: a report's date line
    dated_number: regex.Pattern[str]  # 2006年10月26日 财建〔2006〕689号
    issued_bare: regex.Pattern[str]  # 关于印发X工作方案 (a site's title without 的通知)
    issued_by: regex.Pattern[str]  # A、B印发《X》的通知 (no 关于): the bodies before the verb
    issuing: regex.Pattern[str]  # 湖南省人民政府近日印发《: the bodies a news page says issued it
    news_lead: regex.Pattern[str]  # 来源：新华社, 本报讯, 记者…: a news report's lead under its headline
    attachment: regex.Pattern[str]  # 附件1 alone on its line: an attachment starts below
    dateline: regex.Pattern[str]  # （新华社北京2021年4月26日电）
    headline: regex.Pattern[str]  # 浙江出台…: a news page's headline, not a title
    province: regex.Pattern[str]  # the full names of the provinces
    standing_for: tuple[str, ...]  # X等部门: a named issuer that stands for the signed list
    publication_note: regex.Pattern[str]  # （此件公开发布）: no title line
    site_label: tuple[regex.Pattern[str], ...]  # （江西省）…, …（2022年更新）: a store's additions
    page_chrome: regex.Pattern[str]  # 导航菜单 before a title
    record_title: regex.Pattern[str]  # …若干意见（试行）文章属性•【制定机关】…
    signature_line: regex.Pattern[str]  # 都匀市水务局        2015年7月9日 on one line
    basis: regex.Pattern[str]  # 根据|按照…: a 《》 cited as the basis
    counted_bodies: regex.Pattern[str]  # 等5部门 closing a list of issuers
    page_date: regex.Pattern[str]  # 成文日期 | 2020-12-24 of a web page's index table
    page_issuer: regex.Pattern[str]  # 发布机构 | 区政府办


FILE = "metadata.yaml"


@cache
def metadata_rules() -> MetadataRules:
    data = load_yaml(FILE)

    def alternation(key: str) -> str:
        words = sorted((str(w) for w in require(data, key, list, FILE)), key=len, reverse=True)
        return "|".join(regex.escape(w) for w in words)

    trailers = "|".join(f"(?:{t})" for t in require(data, "title_trailers", list, FILE))
    kinds = f"(?:{alternation('plan_kinds')}|{alternation('document_kinds')})"
    issuer = f"\\p{{Han}}[\\p{{Han}}（）()]{{1,30}}?(?:{alternation('issuer_suffixes')})"
    # a division name is not followed by another division word (澜州|市: 州 is part of the name)
    suffix = f"(?:{alternation('region_suffixes')})(?![市县区])"
    verbs = alternation("issue_verbs")
    return MetadataRules(
        complete=regex.compile(f"{kinds}(?:{trailers})?$"),
        plan_kind=regex.compile(f"(?:{alternation('plan_kinds')})(?:{trailers})?$"),
        issued=regex.compile(f"(?:{verbs})《?(?P<title>.{{2,80}}?)》?的(?:{alternation('document_kinds')})$"),
        issuer=regex.compile(f"^{issuer}$"),
        not_issuer=regex.compile(f"(?:{alternation('not_issuers')})$"),
        issuer_prefix=regex.compile(r"^(?P<issuer>\p{Han}[\p{Han}、（）()]{1,60}?)(?=关于)"),
        region=regex.compile(f"^\\p{{Han}}{{1,8}}?{suffix}"),
        region_next=regex.compile(f"\\p{{Han}}{{1,3}}?{suffix}"),
        region_stop_words=frozenset(str(w) for w in require(data, "region_stop_words", list, FILE)),
        region_suffixes=frozenset(str(w) for w in require(data, "region_suffixes", list, FILE)),
        region_never_contains=tuple(str(w) for w in require(data, "region_never_contains", list, FILE)),
        about_verbs=tuple(str(w) for w in require(data, "about_verbs", list, FILE)),
        region_after_about=require(data, "region_after_about", int, FILE),
        region_name_prefixes=tuple(str(w) for w in require(data, "region_name_prefixes", list, FILE)),
        region_zones=tuple(str(w) for w in require(data, "region_zones", list, FILE)),
        search_paragraphs=require(data, "search_paragraphs", int, FILE),
        max_title_lines=require(data, "max_title_lines", int, FILE),
        max_title_chars=require(data, "max_title_chars", int, FILE),
        min_title_chars=require(data, "min_title_chars", int, FILE),
        field_line=regex.compile(require(data, "field_line", str, FILE)),
        continuers=require(data, "title_continuers", str, FILE),
        doc_number=regex.compile(require(data, "doc_number", str, FILE)),
        colophon=regex.compile(require(data, "colophon", str, FILE)),
        adopted=regex.compile(require(data, "adopted", str, FILE)),
        delivered=regex.compile(require(data, "delivered", str, FILE)),
        dated_number=regex.compile(require(data, "dated_number", str, FILE)),
        issued_bare=regex.compile(
            f"(?:{verbs})《?(?P<title>.{{2,80}}?(?:{alternation('plan_kinds')})(?:{trailers})?)》?$"
        ),
        issued_by=regex.compile(f"^(?P<issuer>\\p{{Han}}[\\p{{Han}}、（）()]{{1,80}}?)(?:{verbs})《"),
        news_lead=regex.compile(require(data, "news_lead", str, FILE)),
        issuing=regex.compile(
            rf"(?:^|[，,：:])(?P<bodies>[^，,：:]+?)(?:{alternation('news_adverbs')})*(?:联合)?"
            r"(?:印发|发布)(?:了|的)?《?$"
        ),
        attachment=regex.compile(require(data, "attachment_label", str, FILE)),
        dateline=regex.compile(require(data, "dateline", str, FILE)),
        province=regex.compile(alternation("provinces")),
        headline=regex.compile(rf"^(?:(?!关于)\p{{Han}}){{2,12}}?(?:{alternation('news_verbs')})"),
        standing_for=tuple(str(w) for w in require(data, "standing_for", list, FILE)),
        publication_note=regex.compile(require(data, "publication_note", str, FILE)),
        site_label=tuple(regex.compile(str(p)) for p in require(data, "site_label", list, FILE)),
        page_chrome=regex.compile(require(data, "page_chrome", str, FILE)),
        record_title=regex.compile(require(data, "record_title", str, FILE)),
        signature_line=regex.compile(require(data, "signature_line", str, FILE)),
        basis=regex.compile(alternation("basis_words")),
        counted_bodies=regex.compile(require(data, "counted_bodies", str, FILE)),
        page_date=regex.compile(require(data, "page_fields", dict, FILE)["date"]),
        page_issuer=regex.compile(require(data, "page_fields", dict, FILE)["issuer"]),
    )


# ------------------------------------------------------------------------------------------ dates

_DATE = regex.compile(
    r"^(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日$"
)
_MONTH = regex.compile(
    r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月$"
)
_YEAR_DIGITS = {c: i % 10 for i, c in enumerate("〇一二三四五六七八九○")} | {"零": 0}


def parse_date(text: str) -> str | None:
    """An ISO date from a paragraph that is only a date; None otherwise.

    >>> parse_date("2023 年 6 月 30 日")
    '2023-06-30'
    >>> parse_date("二〇二三年七月二十三日")
    '2023-07-23'
    >>> parse_date("已经2023年7月9日县政府常务会议研究同意") is None
    True
    """
    found = _DATE.match(squeeze(text))
    if found is None:
        return None

    def number(part: str) -> int:
        if part.isdigit():
            return int(part)
        if len(part) == 4:  # a year is read digit by digit: 二〇二三
            return int("".join(str(_YEAR_DIGITS[c]) for c in part))
        value = chinese_number(part)
        if value is None:
            raise ValueError(part)
        return int(value)

    try:
        year, month, day = number(found["y"]), number(found["m"]), number(found["d"])
    except (ValueError, KeyError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_date_line(text: str) -> bool:
    """A full date or a month (``2022年5月`` under a cover title): either closes a signature."""
    return parse_date(text) is not None or _MONTH.match(text) is not None


# ------------------------------------------------------------------------------------------ titles


@dataclass(slots=True)
class PrintedTitle:
    """A title as printed at the top of a document: its lines joined, the issuer lines above it."""

    text: str
    issuers: list[str] = field(default_factory=list)
    index: int = 0  # the paragraph of its first line
    labelled: bool = False  # a document store's label (（江西省）…（2022年更新）), not the printed title


def split_issuers(line: str) -> list[str] | None:
    """The bodies named on one signature line, or None if the line is not only bodies' names.

    PDF text puts two signatures side by side on one line; a second body starts with a region or
    a level word (省/市/县/区) of its own:

    >>> split_issuers("山西省市场监督管理局山西省机关事务管理局")
    ['山西省市场监督管理局', '山西省机关事务管理局']
    >>> split_issuers("省发展改革委省生态环境厅")
    ['省发展改革委', '省生态环境厅']
    >>> split_issuers("样本市人民政府办公厅示例省人民政府办公厅")
    ['样本市人民政府办公厅', '示例省人民政府办公厅']
    >>> split_issuers("样本省发展和改革委员会样本省商务厅")
    ['样本省发展和改革委员会', '样本省商务厅']
    >>> split_issuers("浙江省发展和改革委员会"), split_issuers("推进生态环境保护工作")
    (['浙江省发展和改革委员会'], None)
    """
    rules = metadata_rules()
    if rules.not_issuer.search(line):
        return None

    def parts(rest: str, place: str | None) -> list[str] | None:
        if not rest:
            return []
        if place is not None and not (
            rest.startswith((place, "中共")) or rest[0] in "省市县区" or _province_or_city(rest)
        ):
            return None
        for end in range(2, len(rest) + 1):
            if rules.issuer.match(rest[:end]):
                # the next body names the same place (its first two characters) or a level of its own
                if (tail := parts(rest[end:], place or rest.removeprefix("中共")[:2])) is not None:
                    return [rest[:end], *tail]
        return None

    return parts(line, None)


_PROVINCE_OR_CITY = regex.compile(r"^\p{Han}{2,3}[省市]")


def _province_or_city(text: str) -> bool:
    """Whether ``text`` opens with a province's or city's short name (重庆市…, 四川省…): where a joint
    issuer of another place starts."""
    return _PROVINCE_OR_CITY.match(text) is not None


def _title_like(text: str) -> bool:
    """A line that can be (part of) a title: short, Chinese, without sentence punctuation, no number
    or date."""
    rules = metadata_rules()
    return (
        0 < len(text) <= rules.max_title_chars
        and _HAN.search(text) is not None  # Network, a site's Latin name: no title
        and not any(c in text for c in "。；;！？!?：:，,")
        and not _is_date_line(text)
        and rules.doc_number.match(text) is None
        and match_heading(text) is None
        and not text.startswith(("附件", "目录", "抄送"))
        and rules.publication_note.match(text) is None
    )


def without_site_label(text: str) -> str:
    """A document's name without what a document store or web page adds to it (``site_label``,
    ``page_chrome``).

    >>> without_site_label("（样本省）示例市国民经济和社会发展十四五规划（2022年更新）")
    '示例市国民经济和社会发展十四五规划'
    >>> without_site_label("导航菜单（样本省）示例市2023年工作方案")
    '示例市2023年工作方案'
    """
    rules = metadata_rules()
    text = rules.page_chrome.sub("", text)
    for label in rules.site_label:
        text = label.sub("", text)
    return text


def title_lines(paragraphs: list[Paragraph]) -> list[PrintedTitle]:
    """The titles printed among ``paragraphs``: lines broken mid-title joined, issuer lines set apart.

    >>> cover = paragraphs_of_lines("湖南省“十四五”可再生能源", "发展规划", "湖南省能源局")
    >>> [t.text for t in title_lines(cover)]
    ['湖南省“十四五”可再生能源发展规划']
    >>> notice = paragraphs_of_lines("样本市人民政府办公厅", "关于科学绿化的实施意见", "样发〔2022〕8号")
    >>> found = title_lines(notice)
    >>> found[0].text, found[0].issuers
    ('关于科学绿化的实施意见', ['样本市人民政府办公厅'])
    >>> lines = ("样本市人民政府关于印发以碳达峰为引领", "推进制造业绿色发展行动计划")
    >>> lines += ("（2022—2025年）的通知",)
    >>> [t.text for t in title_lines(paragraphs_of_lines(*lines))]
    ['样本市人民政府关于印发以碳达峰为引领推进制造业绿色发展行动计划（2022—2025年）的通知']
    """
    rules = metadata_rules()
    found: list[PrintedTitle] = []
    pending: list[str] = []  # lines of a title not yet complete
    first = 0
    issuers: list[str] = []

    def starts_title(text: str) -> bool:
        prefix = rules.issuer_prefix.match(text)
        return text.startswith("关于") or (prefix is not None and split_issuers(prefix["issuer"]) is not None)

    labelled = False
    for paragraph in paragraphs:
        printed = squeeze(paragraph.text)
        text = without_site_label(printed)
        joined = "".join(pending)
        title_like = _title_like(text)
        continued = title_like and text[0] in rules.continuers and rules.complete.search(joined + text)
        if pending and rules.complete.search(joined) and not continued:
            found.append(PrintedTitle(joined, issuers, first, labelled))
            pending, issuers, labelled = [], [], False
        if not title_like:
            pending, issuers = [], []
            continue
        if not pending and (names := split_issuers(text)) is not None and not rules.complete.search(text):
            issuers.extend(names)  # issuer lines above a title: 中共X市委 / X市人民政府
            continue
        if not pending or starts_title(text) or len(pending) >= rules.max_title_lines:
            pending, first, labelled = [], paragraph.index, False
        pending.append(text)
        labelled = labelled or rules.page_chrome.sub("", printed) != text
        if len("".join(pending)) > rules.max_title_chars:
            pending, issuers = [], []
    if pending and rules.complete.search(joined := "".join(pending)):
        found.append(PrintedTitle(joined, issuers, first, labelled))
    return found


def read_title(printed: PrintedTitle) -> tuple[str, list[str], bool]:
    """The document's title, its issuers, and whether it issues another document.

    >>> read_title(PrintedTitle("样本市人民政府关于印发样本市碳达峰实施方案的通知"))
    ('样本市碳达峰实施方案', ['样本市人民政府'], True)
    >>> read_title(PrintedTitle("关于印发《样本县节能方案》的通知", ["样本县人民政府"]))
    ('样本县节能方案', ['样本县人民政府'], True)

    A document that is itself a notice or opinion keeps its title as printed, the issuer before
    its 关于 included, also from the issuer line printed above it (GB/T 9704's 标题):

    >>> read_title(PrintedTitle("市生态环境局关于碳排放配额安排的通知"))
    ('市生态环境局关于碳排放配额安排的通知', ['市生态环境局'], False)
    >>> read_title(PrintedTitle("关于科学绿化的实施意见", ["样本省人民政府办公厅"]))
    ('样本省人民政府办公厅关于科学绿化的实施意见', ['样本省人民政府办公厅'], False)

    A title a site shortened (no 的通知), and one with its bodies before the verb and no 关于:

    >>> read_title(PrintedTitle("样本省人民政府办公厅关于印发样本省贯彻落实《示例规划》工作方案"))[0]
    '样本省贯彻落实《示例规划》工作方案'
    >>> read_title(PrintedTitle("中共示例区委办公室示例区人民政府办公室印发《示例区行动计划》的通知"))
    ('示例区行动计划', ['中共示例区委办公室', '示例区人民政府办公室'], True)

    A body's own plan for a year names the body first:

    >>> read_title(PrintedTitle("省生态环境厅2021年度碳达峰工作计划"))
    ('省生态环境厅2021年度碳达峰工作计划', ['省生态环境厅'], False)
    """
    rules = metadata_rules()
    printed_text = text = printed.text.strip("《》")
    issuers = list(printed.issuers)
    if (prefix := rules.issuer_prefix.match(text)) is not None:
        names = [split_issuers(part) for part in prefix["issuer"].split("、")]
        if all(names):
            issuers.extend(name for part in names if part for name in part)
            text = text[prefix.end() :]
    if prefix is None and (body := _BODY_BEFORE_YEAR.match(text)) and (names := split_issuers(body["body"])):
        issuers.extend(names)  # 省生态环境厅2021年度…工作计划: the body's own plan for a year
    issued = rules.issued.search(text)
    if prefix is None and issued is not None and (by := rules.issued_by.match(text)) is not None:
        if names := split_issuers(by["issuer"]):  # A、B印发《X》的通知, no 关于
            return issued["title"].strip("《》"), [*issuers, *names], True
    if text.startswith("关于") and issued is None:  # 关于印发X工作方案: a site's title, 的通知 left off
        issued = rules.issued_bare.search(text)
    if text.startswith("关于") and issued is not None:
        return issued["title"].strip("《》"), issuers, True
    if text.startswith("关于") and printed_text == text and printed.issuers:
        printed_text = "、".join(printed.issuers) + text
    return printed_text, issuers, False


_HAN = regex.compile(r"\p{Han}")
_BODY_BEFORE_YEAR = regex.compile(r"^(?P<body>\p{Han}{2,30}?)(?=(?:19|20)\d{2}年)")
_ISSUED_TITLE = regex.compile(r"《(?P<title>[^《》]{2,80})》")


def find_title(paragraphs: list[Paragraph]) -> tuple[str | None, list[str], int | None]:
    """The document's own title, the issuers its title names, and the paragraph the title is in.

    The plan's stand-alone title line wins over the notice that issues it; without one, the
    document the notice issues:

    >>> notice = "示例县人民政府关于印发《示例县碳达峰实施方案》的通知"
    >>> find_title(paragraphs_of_lines(notice, "示例县碳达峰实施方案"))
    ('示例县碳达峰实施方案', ['示例县人民政府'], 1)
    >>> find_title(paragraphs_of_lines("现将《示例区碳达峰实施方案》印发给你们，请认真贯彻落实。"))
    ('示例区碳达峰实施方案', [], 0)
    >>> news = ("示例省出台节能指导意见", "近日，示例省财政厅发布《关于节能的指导意见》。")
    >>> find_title(paragraphs_of_lines(*news))
    ('关于节能的指导意见', ['示例省财政厅'], 1)
    """
    rules = metadata_rules()
    head = title_head(paragraphs)
    # a news page's headline (浙江出台…指导意见) reports the document; its title is in 《》 below
    shortest = rules.min_title_chars  # 发展规划: a page's category label
    printed = [t for t in title_lines(head) if not rules.headline.match(t.text) and len(t.text) >= shortest]
    printed.sort(key=lambda t: t.labelled)  # a title printed in the document before a store's label
    if printed:
        title, issuers, issues = read_title(printed[0])
        if issues:  # the plan's own title line, printed after the notice, says it as the plan does
            own = next((p for p in printed[1:] if _same_title(p.text, title)), None)
            if own is not None:
                return own.text, issuers, own.index
        if not issuers:  # the notice issuing it, under a site's label, names who issued it
            notices = (read_title(p) for p in printed[1:] if p.labelled)
            issuers = next((names for named, names, issues in notices if issues and named == title), [])
        return title, issuers, printed[0].index
    for paragraph in head:  # a law database's record: the title, then 文章属性•【制定机关】…
        if (record := rules.record_title.match(squeeze(paragraph.text))) and rules.complete.search(
            record["title"]
        ):
            return record["title"], [], paragraph.index
    for paragraph in head:
        text = squeeze(paragraph.text)
        for found in _ISSUED_TITLE.finditer(text):
            outside = text[: found.start()] + text[found.end() :]  # 印发 of the page, not of the title
            sentence = text[text.rfind("。", 0, found.start()) + 1 : found.start()]
            if rules.basis.search(sentence) or not ("印发" in outside or "发布" in outside):
                continue  # 为贯彻落实《国务院关于印发…的通知》: a document cited as the basis
            if rules.complete.search(found["title"]):
                return found["title"], _issuing(text[: found.start()]), paragraph.index
    return _news_headline(head)


NEWS_HEADLINE_REACH = 4  # paragraphs after a headline where its news lead (来源：, 本报讯…) stands


def _news_headline(head: list[Paragraph]) -> tuple[str | None, list[str], int | None]:
    """A news report's headline, where the page names no document: a short line with no sentence
    punctuation, a news lead (``来源：新华社``, ``本报讯``, ``记者…``) in the paragraphs below it.

    >>> page = ("示例县农村公路建设提速", "（来源：新华社）", "记者今天了解到，全县新建公路。")
    >>> _news_headline(paragraphs_of_lines(*page))
    ('示例县农村公路建设提速', [], 0)
    >>> _news_headline(paragraphs_of_lines("论文部分内容阅读", "总结历史经验，要加强建设。"))
    (None, [], None)
    """
    rules = metadata_rules()
    for k, paragraph in enumerate(head):
        text = without_site_label(squeeze(paragraph.text))
        if not _title_like(text) or len(text) < rules.min_title_chars or rules.field_line.match(text):
            continue
        below = head[k + 1 : k + 1 + NEWS_HEADLINE_REACH]
        if any(rules.news_lead.search(p.text) for p in below):
            return text, [], paragraph.index
        return None, [], None  # the first line that could be a headline is none
    return None, [], None


def title_head(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs at the start that may hold the title: ``search_paragraphs`` of them, a web
    page's index fields not counted.

    >>> fields = ["索引号：123", "有效性：有效", "发文日期：2025-01-14"] * 5
    >>> head = title_head(paragraphs_of_lines(*fields, "示例市工作方案", *["正文。"] * 20))
    >>> len(head), head[15].text
    (29, '示例市工作方案')
    """
    rules = metadata_rules()
    head: list[Paragraph] = []
    counted = 0
    for paragraph in paragraphs:
        if counted == rules.search_paragraphs:
            break
        head.append(paragraph)
        counted += rules.field_line.match(squeeze(paragraph.text)) is None
    return head


def _issuing(before: str) -> list[str]:
    """The bodies a news page says issued the document: ``中共中央办公厅、国务院办公厅印发《…》``.

    >>> _issuing("近日，中共中央办公厅、国务院办公厅印发了《"), _issuing("现将《")
    (['中共中央办公厅', '国务院办公厅'], [])
    >>> _issuing("近日，人民银行杭州中心支行联合省财政厅发布《")
    ['人民银行杭州中心支行', '省财政厅']
    >>> _issuing("为推进节水，省水利厅、省发改委等2部门联合印发《")
    ['省水利厅', '省发改委']
    >>> _issuing("网站7日消息，湖南省人民政府近日印发《")
    ['湖南省人民政府']
    """
    found = metadata_rules().issuing.search(before)
    if found is None:
        return []
    bodies = metadata_rules().counted_bodies.sub("", found["bodies"])  # 省水利厅、…等5部门联合印发
    names = [split_issuers(part) for part in regex.split("[、和]|联合", bodies)]
    return [name for part in names if part for name in part] if all(names) else []


def _same_title(a: str, b: str) -> bool:
    strip = str.maketrans("", "", '《》“”"')
    return a.translate(strip) == b.translate(strip)


# ------------------------------------------------------------------------------------------ issuer


def signature(paragraphs: list[Paragraph]) -> tuple[list[str], str | None]:
    """The issuers signed above a date line, and the date, in the order the text has them.

    >>> signed = ("现印发给你们。", "样本市生态环境局", "样本市发展和改革委员会", "2021年11月1日")
    >>> signature(paragraphs_of_lines(*signed))
    (['样本市生态环境局', '样本市发展和改革委员会'], '2021-11-01')
    >>> signature(paragraphs_of_lines("正文。", "样本市水务局          2015年7月9日"))
    (['样本市水务局'], '2015-07-09')
    """
    rules = metadata_rules()
    for k, paragraph in enumerate(paragraphs):
        one_line = rules.signature_line.match(paragraph.text)
        if one_line is not None and (names := split_issuers(one_line["body"])) is not None:
            return names, parse_date(one_line["date"])  # 都匀市水务局        2015年7月9日
        text = squeeze(paragraph.text)
        if not _is_date_line(text):
            continue
        names: list[str] = []
        for before in reversed(paragraphs[max(0, k - 8) : k]):
            line = squeeze(before.text).strip("（）()")
            found = split_issuers(line)
            broken = found is None and names and not rules.complete.search(line)  # a cover's title: no
            if broken and (whole := split_issuers(line + names[0])) is not None:
                names[:1] = whole  # a signature the PDF broke in two: 宁夏回 / 族自治区人民政府办公厅
                continue
            if found is None:
                if line.endswith("代章"):  # （X局代章）: a seal on behalf of another body
                    continue
                break
            names[:0] = found
        if names or parse_date(text):
            return names, parse_date(text)
    return [], None


def closing_parts(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    """Where a signature and date line can be, in order: the head, the end of the notice before an
    attachment's label (the attachments follow the signature), the tail.

    >>> notice = paragraphs_of_lines("关于申报的通知", "正文。", "样本市科学技术局", "2022年5月18日")
    >>> notice += paragraphs_of_lines("附件1", "申报指南", "一、重点领域", "2023年底前完成。")
    >>> [p.text for p in closing_parts(notice)[1]][-2:]
    ['样本市科学技术局', '2022年5月18日']
    """
    rules = metadata_rules()
    n = rules.search_paragraphs
    parts = [paragraphs[:n]]
    # every label: the first may head the list of attachments (附件： / 1、…) above the signature
    labels = [k for k, p in enumerate(paragraphs) if k > 0 and rules.attachment.match(squeeze(p.text))]
    parts += [paragraphs[max(0, k - n) : k] for k in labels]
    parts.append(paragraphs[-n:])
    return parts


def find_date(paragraphs: list[Paragraph]) -> str | None:
    """The date of issue: a date line in the head, before the attachments or in the tail, else the
    colophon, else adoption.

    >>> find_date(paragraphs_of_lines("正文。", "样本市人民政府办公室 2022年4月12日印发"))
    '2022-04-12'
    >>> find_date(paragraphs_of_lines("意见全文如下。", "（新华社北京2021年4月26日电）"))
    '2021-04-26'

    A web page's index table gives it as 成文日期 or 发文日期 (not 生成日期, the page's own date):

    >>> find_date(paragraphs_of_lines("发布机构 | 区政府办 | 成文日期 | 2020-12-24 |", "正文。"))
    '2020-12-24'
    >>> find_date(paragraphs_of_lines("生成日期: | 2022-12-02 08:54:33 |", "正文。")) is None
    True
    """
    rules = metadata_rules()
    n = rules.search_paragraphs
    for part in closing_parts(paragraphs):
        for paragraph in part:
            if date := parse_date(paragraph.text):
                return date
            if one_line := rules.signature_line.match(paragraph.text):  # 样本局        2015年7月9日
                return parse_date(one_line["date"])
    if found := _colophon(paragraphs):
        return parse_date(found["date"])
    for paragraph in paragraphs[:n]:
        if found := rules.adopted.match(squeeze(paragraph.text)):
            return parse_date(found["date"])
    for found, _ in _delivered(paragraphs[:n]):  # a report: 2021年4月12日在…会议上
        return parse_date(found["date"])
    for paragraph in paragraphs[:n]:  # a law database: 2006年10月26日 财建〔2006〕689号
        if found := rules.dated_number.match(squeeze(paragraph.text)):
            return parse_date(found["date"])
    for paragraph in paragraphs[:n] + paragraphs[-n:]:  # a news page: the agency's dateline
        if found := rules.dateline.match(squeeze(paragraph.text)):
            return parse_date(found["date"])
    for paragraph in paragraphs[:n]:
        if found := rules.page_date.search(paragraph.text):
            return f"{int(found['y']):04d}-{int(found['m']):02d}-{int(found['d']):02d}"
    return None


def _delivered(head: list[Paragraph]) -> Iterator[tuple[regex.Match[str], str]]:
    """A report's date lines (``2021年4月12日在…会议上``, maybe broken over two lines), each with
    the paragraph after it.

    >>> lines = ("示例区工作报告", "2021年4月12日在示例区第十八届", "人民代表大会第五次会议上")
    >>> lines = paragraphs_of_lines(*lines, "示例区发展和改革局")
    >>> [(m["date"], after) for m, after in _delivered(lines)]
    [('2021年4月12日', '示例区发展和改革局')]
    """
    rules = metadata_rules()
    texts = [squeeze(p.text) for p in head] + ["", ""]
    for k in range(len(head)):
        if not texts[k][:1].isdigit() and not texts[k].startswith(("—", "－", "-")):
            continue
        if (found := rules.delivered.match(texts[k])) is not None:
            yield found, texts[k + 1]
        elif (found := rules.delivered.match(texts[k] + texts[k + 1])) and found.end() > len(texts[k]):
            yield found, texts[k + 2]


def end_signature(paragraphs: list[Paragraph]) -> list[str]:
    """The bodies signed at the very end of a document with no date line under them.

    >>> end_signature(paragraphs_of_lines("加强宣传引导。", "国家发展改革委", "外交部"))
    ['国家发展改革委', '外交部']
    >>> end_signature(paragraphs_of_lines("国家发展改革委", "加强宣传引导。"))
    []
    """
    names: list[str] = []
    for paragraph in reversed(paragraphs[-metadata_rules().search_paragraphs :]):
        found = split_issuers(squeeze(paragraph.text)) if not paragraph.in_table else None
        if found is None:
            break
        names[:0] = found
    # a joint signature names a few bodies; a longer run of names ends a list (成员单位…), not a text
    return names if len(names) < len(paragraphs) and len(names) <= _MAX_SIGNED else []


_MAX_SIGNED = 8


def _stands_for(named: list[str], signed: list[str]) -> bool:
    """Whether the title's one ``X等部门`` stands for the signed bodies, X first among them."""
    if len(named) != 1 or len(signed) < 2:
        return False
    name = named[0]
    head = next((name.removesuffix(w) for w in metadata_rules().standing_for if name.endswith(w)), None)
    return bool(head) and signed[0].endswith(head)


def _colophon(paragraphs: list[Paragraph]) -> regex.Match[str] | None:
    """The colophon's ``XX办公室 2022年4月12日印发`` at the end of a document, if any."""
    rules = metadata_rules()
    for paragraph in reversed(paragraphs[-rules.search_paragraphs :]):
        if found := rules.colophon.search(squeeze(paragraph.text)):
            return found
    return None


def find_issuer(paragraphs: list[Paragraph], named: list[str], title_at: int | None) -> str | None:
    """The issuing bodies, joined by ``、``: named with the title, else signed, else under the title.

    >>> find_issuer(paragraphs_of_lines("示例新区管理委员会", "2023年6月30日"), [], None)
    '示例新区管理委员会'
    >>> signed = paragraphs_of_lines("样本回", "族自治区人民政府办公厅", "2021年9月7日")
    >>> find_issuer(signed, ["自治区人民政府办公厅"], 0)
    '样本回族自治区人民政府办公厅'
    >>> joint = paragraphs_of_lines("样本省发展和改革委员会 样本省生态环境厅", "2021年5月31日")
    >>> find_issuer(joint, ["省发展改革委", "省生态环境厅"], 0)
    '样本省发展和改革委员会、样本省生态环境厅'
    >>> undated = paragraphs_of_lines("加强宣传引导。", "国家发展改革委", "外交部", "商务部")
    >>> find_issuer(undated, ["国家发展改革委等部门"], 0)
    '国家发展改革委、外交部、商务部'
    >>> find_issuer(paragraphs_of_lines("发布机构 | 区政府办 | 主题分类 |", "正文。"), [], None)
    '区政府办'
    """
    rules = metadata_rules()
    n = rules.search_paragraphs
    parts = closing_parts(paragraphs)
    signed = next((names for part in parts if (names := signature(part)[0])), [])
    signed = signed or end_signature(paragraphs)
    # the signature may name in full whom the title names by level only (自治区人民政府办公厅),
    # or by a short form (省发展改革委 for 浙江省发展和改革委员会): one signed body for each named
    fuller = len(signed) == len(named) and all(len(s) >= len(n) for s, n in zip(signed, named, strict=True))
    # the title names the bodies run together (工业和信息化部 国家发展改革委 生态环境部关于…, its
    # spaces squeezed): the signature lists them one by one
    run_together = bool(signed) and "".join(signed) == "".join(named)
    if (named and fuller) or _stands_for(named, signed) or run_together:
        names = signed
    else:
        names = [next((s for s in signed if s.endswith(name)), name) for name in named] or signed
    if not names and title_at is not None:  # a cover: the title, then the bodies that drew it up
        for paragraph in paragraphs[title_at + 1 : title_at + 5]:
            found = split_issuers(squeeze(paragraph.text))
            if found is None:
                break
            names.extend(found)
    if not names and (found := _colophon(paragraphs)):
        names = split_issuers(found["body"]) or []
    if not names:
        for paragraph in paragraphs[:n]:
            if found := rules.adopted.match(squeeze(paragraph.text)):
                names = [found["body"]]
                break
    if not names:  # a report: the body under its date line presents it
        presenters = (found for _, after in _delivered(paragraphs[:n]) if (found := split_issuers(after)))
        names = next(presenters, [])
    if not names:  # a web page's index table: 发布机构 | 区政府办
        found = next((m for p in paragraphs[:n] if (m := rules.page_issuer.search(p.text))), None)
        names = [found["body"]] if found else []
    unique = list(dict.fromkeys(names))
    return "、".join(unique) or None


# ------------------------------------------------------------------------------------------ region


def find_region(*names: str | None) -> str | None:
    """The region named at the start of a title or issuer.

    >>> find_region("样本市示例新区碳达峰实施方案")
    '样本市示例新区'
    >>> find_region(None, "示例县人民政府")
    '示例县'
    >>> find_region("样本州市节能降碳行动方案"), find_region("示例县推进健康乡村建设实施方案")
    ('样本州市', '示例县')
    >>> find_region("自治区人民政府办公厅") is None
    True
    >>> find_region("关于示例市2021年度配额安排的通知"), find_region("关于开展示例区绿色化改造的通知")
    ('示例市', '示例区')
    >>> find_region("关于开展2021年度申报工作的通知"), find_region("关于加快建立健全绿色低碳经济体系的意见")
    (None, None)

    A city runs on into a zone named after it (``样本市示例新区``: ``region_zones``) by a short
    name (at most three characters before its suffix) that is not a common word ending like a
    division (``城乡``, ``园区``: ``region_stop_words``); a lower division written after its city
    is the region itself (``样本市示例县`` governs 示例县).
    A notice's title names its issuer first; the region may follow its 关于:

    >>> find_region("市生态环境局关于示例市2021年度配额安排的通知")
    '示例市'

    A party committee's name opens with 中共 (``region_name_prefixes``); a district's name may end
    like a common word (宝山|区 is no 山区):

    >>> find_region(None, "中共样本市委"), find_region(None, "样本市宝山区人民政府")
    ('样本市', '宝山区')
    """
    rules = metadata_rules()
    for name in _region_names(names, rules):
        name = next((name[len(p) :] for p in rules.region_name_prefixes if name.startswith(p)), name)
        about = name.startswith("关于")
        if about:
            name = name[2:]
            # 关于开展通州区2021年…: the work a notice is about, then the region it is done in
            name = next((name[len(v) :] for v in rules.about_verbs if name.startswith(v)), name)
        found = rules.region.match(name)
        if not found or found.group(0) in rules.region_stop_words | rules.region_suffixes:
            continue
        if any(word in found.group(0) for word in rules.region_never_contains):
            continue  # 人民银行杭州|中心支行: an organisation's name, no division
        if about and (len(found.group(0)) > rules.region_after_about or _ends_in(found.group(0), rules)):
            continue
        start, end = 0, found.end()
        while (more := rules.region_next.match(name, end)) is not None:
            if _runs_into_word(more.group(0), rules):
                break
            if not more.group(0).endswith(rules.region_zones):
                start = more.start()  # 宜春市|樟树市: the county-level city, not its prefecture
            end = more.end()
        return name[start:end]
    return None


def _region_names(names: tuple[str | None, ...], rules: MetadataRules) -> Iterator[str]:
    """Each name, then the part of it from 关于 on where an issuer comes before."""
    for name in names:
        if not name:
            continue
        yield name
        if (prefix := rules.issuer_prefix.match(name)) is not None:
            yield name[prefix.end() :]


def _ends_in(name: str, rules: MetadataRules) -> bool:
    return any(name.endswith(w) for w in rules.region_stop_words)


def _runs_into_word(piece: str, rules: MetadataRules) -> bool:
    """Whether a piece after a region is a common word (城乡, 老城区, 工业园区), not a lower division:
    a stop word, or one after a modifier of two characters or more; after one character it is a
    district's name (宝山|区, 东城|区) unless listed whole (老城区)."""
    return piece in rules.region_stop_words or any(
        piece.endswith(w) and len(piece) - len(w) >= 2 for w in rules.region_stop_words
    )


def find_metadata(paragraphs: list[Paragraph]) -> Metadata:
    """Title, issuer, date of issue and region, where the text states them."""
    title, named, title_at = find_title(paragraphs)
    issuer = find_issuer(paragraphs, named, title_at)
    first_issuer = issuer.split("、")[0] if issuer else None
    region = find_region(title, first_issuer)
    if region is None and first_issuer and first_issuer.startswith("省"):
        region = province_named(paragraphs)
    return Metadata(
        title=title,
        issuer=issuer,
        date=find_date(paragraphs),
        region=region,
    )


def province_named(paragraphs: list[Paragraph]) -> str | None:
    """The province a body named by its level only (``省生态环境厅``) belongs to: the one the text
    names most (``组织编制江苏省“十四五”…``).

    >>> province_named(paragraphs_of_lines("组织编制样本省规划。", "落实样本省要求。"))
    >>> province_named(paragraphs_of_lines("组织编制江苏省规划。", "对接浙江省、江苏省要求。"))
    '江苏省'
    """
    pattern = metadata_rules().province
    counts = Counter(found.group() for p in paragraphs for found in pattern.finditer(p.text))
    return counts.most_common(1)[0][0] if counts else None
