"""Metadata of a plan: its own title, the issuer, the date of issue, the region.

Plans usually come wrapped in a notice (``示例县人民政府关于印发《示例县碳达峰实施
方案》的通知``, addressees, a line to say it is issued, the issuer and the
date) and then the plan's own title.  The plan's title is wanted, not the
notice's: a stand-alone title line if there is one, else the ``《…》`` that the
notice issues.  Word lists are in ``rules/metadata.yaml``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import cn2an
import regex

from .records import Paragraph
from .rules import load_yaml
from .structure import match_heading
from .text import squeeze


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class MetadataRules:
    plan_kind: regex.Pattern[str]
    notice_words: tuple[str, ...]
    issuer: regex.Pattern[str]
    region: regex.Pattern[str]
    region_next: regex.Pattern[str]
    region_stop_words: tuple[str, ...]
    search_paragraphs: int


_TERMINAL = "。；;！？!?：:，,"
_DATE = regex.compile(
    r"^(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_YEAR_DIGITS = {c: i % 10 for i, c in enumerate("〇一二三四五六七八九○")} | {"零": 0}
_ISSUED_TITLE = regex.compile(r"《(?P<title>[^《》]{2,60})》")


@cache
def metadata_rules() -> MetadataRules:
    data = load_yaml("metadata.yaml")

    def alternation(key: str) -> str:
        words = sorted((str(w) for w in data[key]), key=len, reverse=True)
        return "|".join(regex.escape(w) for w in words)

    trailers = "|".join(f"(?:{t})" for t in data["title_trailers"])
    # a division name is not followed by another division word (澜州|市: 州 is part of the name)
    suffix = f"(?:{alternation('region_suffixes')})(?![市县区])"
    return MetadataRules(
        plan_kind=regex.compile(f"(?:{alternation('plan_kinds')})(?:{trailers})?$"),
        notice_words=tuple(str(w) for w in data["notice_words"]),
        issuer=regex.compile(f"^\\p{{Han}}[\\p{{Han}}（）()]{{1,30}}(?:{alternation('issuer_suffixes')})$"),
        region=regex.compile(f"^\\p{{Han}}{{1,8}}?{suffix}"),
        region_next=regex.compile(f"\\p{{Han}}{{1,3}}?{suffix}"),
        region_stop_words=tuple(str(w) for w in data["region_stop_words"]),
        search_paragraphs=int(data["search_paragraphs"]),
    )


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
        return int(cn2an.cn2an(part, "smart"))

    try:
        year, month, day = number(found["y"]), number(found["m"]), number(found["d"])
    except (ValueError, KeyError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_title(paragraphs: list[Paragraph]) -> str | None:
    """The plan's own title: a short stand-alone line naming a plan, else the 《…》 a notice issues.

    >>> find_title([Paragraph(0, "示例县人民政府关于印发《示例县碳达峰实施方案》的通知", 0, 27),
    ...             Paragraph(1, "示例县碳达峰实施方案", 28, 38)])
    '示例县碳达峰实施方案'
    >>> find_title([Paragraph(0, "现将《示例区碳达峰实施方案》印发给你们，请认真贯彻落实。", 0, 30)])
    '示例区碳达峰实施方案'
    """
    rules = metadata_rules()
    head = paragraphs[: rules.search_paragraphs]
    for paragraph in head:
        text = squeeze(paragraph.text)
        if len(text) > 60 or any(c in text for c in _TERMINAL) or "《" in text:
            continue
        if any(word in text for word in rules.notice_words) or match_heading(text) is not None:
            continue  # 三、保障措施 ends like a plan kind but is a section
        if rules.plan_kind.search(text):
            return text
    for paragraph in head:
        text = squeeze(paragraph.text)
        found = _ISSUED_TITLE.search(text)
        if found and "印发" in text and rules.plan_kind.search(found["title"]):
            return found["title"]
    return None


def find_issuer(paragraphs: list[Paragraph]) -> str | None:
    """The issuing body: the name before ``关于印发``, else a signature line above the date.

    >>> find_issuer([Paragraph(0, "示例县人民政府关于印发《示例县碳达峰实施方案》的通知", 0, 27)])
    '示例县人民政府'
    >>> find_issuer([Paragraph(0, "示例新区管理委员会", 0, 9), Paragraph(1, "2023年6月30日", 10, 20)])
    '示例新区管理委员会'
    """
    rules = metadata_rules()
    head = paragraphs[: rules.search_paragraphs]
    for paragraph in head:
        text = squeeze(paragraph.text)
        found = regex.match(r"^(?P<issuer>\p{Han}[^，。、：]{1,30}?)关于(?:印发|转发)", text)
        if found and rules.issuer.match(found["issuer"]):
            return found["issuer"]
    for before, paragraph in itertools.pairwise(head):
        if parse_date(paragraph.text):
            text = squeeze(before.text)
            if rules.issuer.match(text):
                return text
    return None


def find_region(*names: str | None) -> str | None:
    """The region named at the start of a title or issuer.

    >>> find_region("样本市示例新区碳达峰实施方案")
    '样本市示例新区'
    >>> find_region(None, "示例县人民政府")
    '示例县'
    >>> find_region("样本州市节能降碳行动方案"), find_region("示例县推进健康乡村建设实施方案")
    ('样本州市', '示例县')

    A division runs on into a lower one (``样本市示例新区``) only by a short name
    (at most three characters before its suffix) that is not a common word
    ending like a division (``城乡``, ``园区``: ``region_stop_words``).
    """
    rules = metadata_rules()
    for name in names:
        if not name:
            continue
        found = rules.region.match(name)
        if not found:
            continue
        end = found.end()
        while (more := rules.region_next.match(name, end)) is not None and not any(
            more.group(0).endswith(w) for w in rules.region_stop_words
        ):
            end = more.end()
        return name[:end]
    return None


def find_metadata(paragraphs: list[Paragraph]) -> Metadata:
    """Title, issuer, date of issue and region, where the text states them."""
    head = paragraphs[: metadata_rules().search_paragraphs]
    title = find_title(paragraphs)
    issuer = find_issuer(paragraphs)
    date = next((d for p in head if (d := parse_date(p.text))), None)
    return Metadata(title=title, issuer=issuer, date=date, region=find_region(title, issuer))
