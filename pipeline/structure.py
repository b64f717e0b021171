"""Structure: paragraphs, outline sections and sentences of a cleaned text.

The cleaner leaves one paragraph per line; this stage numbers them, finds the
outline (``第一章`` / ``第一节`` above ``一、`` / ``（一）`` / ``1.`` / ``（1）``,
SPEC section 2) and tells each paragraph the deepest section open at it.  A
table of contents repeats the headings and makes no sections.  Spans of
sections are raw offsets (through ``CleanText.raw_span``); paragraphs and
sentences keep clean offsets, for the extractors that work on them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import cache

import regex

from .records import CleanText, Paragraph, Section, Sentence
from .rules import load_yaml, require
from .text import any_of, squeeze


@dataclass(frozen=True, slots=True)
class OutlineLevel:
    """One outline level, compiled from ``rules/outline.yaml``."""

    level: int
    pattern: regex.Pattern[str]
    id_format: str


@dataclass(frozen=True, slots=True)
class OutlineRules:
    """``rules/outline.yaml``, compiled once."""

    markers: tuple[OutlineLevel, ...]  # 一、 （一） 1. （1）
    continued: tuple[OutlineLevel, ...]  # 11.121人才…: a marker a digit follows, if it continues its list
    chapters: tuple[OutlineLevel, ...]  # 第一章 第一节
    chapter_heading_chars: int
    not_heading_starts: str
    toc_title: regex.Pattern[str]
    toc_entry_end: regex.Pattern[str]
    heading_end: str
    heading_trim: str
    sentence_end: str


def _levels(data: dict, key: str) -> tuple[OutlineLevel, ...]:
    items = require(data, key, list, "outline.yaml")
    return tuple(
        OutlineLevel(int(item["level"]), regex.compile(item["pattern"]), str(item["id"])) for item in items
    )


@cache
def outline_rules() -> OutlineRules:
    """The outline rules of ``rules/outline.yaml``, compiled once."""
    data = load_yaml("outline.yaml")
    return OutlineRules(
        markers=_levels(data, "levels"),
        continued=_levels(data, "continued"),
        chapters=_levels(data, "chapters"),
        chapter_heading_chars=require(data, "chapter_heading_chars", int, "outline.yaml"),
        not_heading_starts=require(data, "not_heading_starts", str, "outline.yaml"),
        toc_title=regex.compile(require(data, "toc_title", str, "outline.yaml")),
        toc_entry_end=regex.compile(require(data, "toc_entry_end", str, "outline.yaml")),
        heading_end=require(data, "heading_end", str, "outline.yaml"),
        heading_trim=require(data, "heading_trim", str, "outline.yaml"),
        sentence_end=require(data, "sentence_end", str, "outline.yaml"),
    )


def outline_levels() -> tuple[OutlineLevel, ...]:
    """The four outline markers (一、 （一） 1. （1）)."""
    return outline_rules().markers


def split_paragraphs(clean: CleanText) -> list[Paragraph]:
    """One paragraph per line of the clean text (empty lines are skipped).

    >>> [p.text for p in split_paragraphs(CleanText("一、目标\\n到2025年。", list(range(12))))]
    ['一、目标', '到2025年。']
    >>> split_paragraphs(CleanText("一、目标\\n到2025年。", list(range(12))))[1].start
    5
    """
    paragraphs: list[Paragraph] = []
    start = 0
    for line in clean.text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(len(paragraphs), line, start, start + len(line)))
        start += len(line) + 1
    return paragraphs


def paragraphs_of_lines(*lines: str) -> list[Paragraph]:
    """Paragraphs of a text that has one per line and no layout noise (for examples and tests).

    >>> [(p.index, p.start) for p in paragraphs_of_lines("一、目标", "到2025年。")]
    [(0, 0), (1, 5)]
    """
    text = "\n".join(lines)
    return split_paragraphs(CleanText(text, list(range(len(text)))))


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """An outline marker at the start of a paragraph, before ids are assigned."""

    level: int
    number: str
    id_part: str
    heading_start: int  # offsets within the paragraph
    heading_end: int


def match_heading(text: str) -> HeadingMatch | None:
    """The outline marker that opens ``text``, with the heading's extent, or None.

    >>> match_heading("（一）加强碳排放统计核算。贯彻落实…")
    HeadingMatch(level=2, number='一', id_part='(一)', heading_start=3, heading_end=12)
    >>> match_heading("1.5以下") is None
    True
    >>> match_heading("一、总体思路").id_part
    '一'
    """
    return _match(outline_rules().markers, text)


def marker_end(text: str) -> int:
    """Where an outline marker opening ``text`` ends, with or without heading text after it; 0 if none.

    >>> marker_end("（15）为62户家庭改造"), marker_end("（15）"), marker_end("1.5以下")
    (4, 4, 0)
    """
    for outline in outline_rules().markers:
        if (found := outline.pattern.match(text)) is not None:
            return found.end()
    return 0


def match_continued(text: str, open_markers: dict[int, str]) -> HeadingMatch | None:
    """A marker a digit follows, when its number continues the open list of its level: after item
    10, ``11.121人才梯队项目`` is item 11, not the decimal 11.121.

    >>> match_continued("11.121人才梯队项目。重点培养…", {1: "二", 3: "10"}).id_part
    '11'
    >>> match_continued("11.121人才梯队项目", {1: "二", 3: "9"}), match_continued("1.5以下", {})
    (None, None)
    """
    found = _match(outline_rules().continued, text)
    if found is None:
        return None
    previous = open_markers.get(found.level, "")
    return found if previous.isdigit() and int(found.number) == int(previous) + 1 else None


def match_chapter(text: str) -> HeadingMatch | None:
    """The ``第一章`` / ``第一节`` heading that ``text`` is, or None (a sentence that opens so is none).

    >>> match_chapter("第二章“十四五”时期主要目标").id_part
    '第二章'
    >>> match_chapter("第三节 推动工业领域节能降碳").level
    2
    >>> match_chapter("第三章所列项目由省发展改革委负责。") is None
    True
    """
    rules = outline_rules()
    found = _match(rules.chapters, text)
    if found is None:
        return None
    heading = text[found.heading_start : found.heading_end]
    if (
        len(heading) > rules.chapter_heading_chars
        or heading[0] in rules.not_heading_starts
        or found.heading_end < len(text.rstrip(rules.heading_end + " "))  # a sentence runs on
    ):
        return None
    return found


def _match(levels: tuple[OutlineLevel, ...], text: str) -> HeadingMatch | None:
    rules = outline_rules()
    for outline in levels:
        found = outline.pattern.match(text)
        if found is None:
            continue
        number = unicodedata.normalize("NFKC", found.group("num"))
        number = "".join(number.split())
        start = found.end()
        while start < len(text) and text[start].isspace():
            start += 1
        stop = text.find(rules.heading_end, start)
        end = len(text) if stop < 0 else stop
        while end > start and (text[end - 1].isspace() or text[end - 1] in rules.heading_trim):
            end -= 1
        if end <= start:  # a bare marker with no heading text is not a section
            return None
        return HeadingMatch(outline.level, number, outline.id_format.format(num=number), start, end)
    return None


def toc_paragraphs(paragraphs: list[Paragraph]) -> set[int]:
    """Indices of the paragraphs that belong to a table of contents (they make no sections).

    A 目录 paragraph opens one; it runs over the headings and ``…… 12`` entries after it, and ends
    at the first other paragraph or at the heading that repeats its first entry (the body starts).
    Anywhere else, a heading that ends with dot leaders and a page number is an entry too.

    >>> ps = [Paragraph(i, t, 0, 0) for i, t in enumerate(["目 录", "第一章 总则", "第二章 附则",
    ...       "第一章 总则", "第一条 为了…，制定本条例。"])]
    >>> sorted(toc_paragraphs(ps))
    [0, 1, 2]
    """
    rules = outline_rules()
    inside: set[int] = set()
    k = 0
    while k < len(paragraphs):
        text = squeeze(paragraphs[k].text)
        if rules.toc_entry_end.search(paragraphs[k].text.strip()):
            inside.add(k)
        if rules.toc_title.fullmatch(text) is None:
            k += 1
            continue
        inside.add(k)
        first: str | None = None
        leaders = False  # the entries so far end with page numbers: one without them is the body's
        k += 1
        while k < len(paragraphs):
            entry = paragraphs[k].text.strip()
            is_entry = rules.toc_entry_end.search(entry) is not None
            heading = match_chapter(entry) or match_heading(entry)
            if (not is_entry and heading is None) or (leaders and not is_entry):
                break
            key = squeeze(rules.toc_entry_end.sub("", entry)).rstrip(".…·．⋯")
            if first is None:
                first, leaders = key, is_entry
            elif key == first:
                break  # the body repeats the first entry
            inside.add(k)
            k += 1
    return inside


def find_sections(paragraphs: list[Paragraph], clean: CleanText) -> tuple[list[Section], list[Paragraph]]:
    """The outline of the plan, and the paragraphs told their deepest open section.

    A heading closes every open section of its level and below (a 章 closes its 节s and the
    markers under them); its id is the path of the open numbers (``第三章.第二节.一``,
    ``三.(一).1``), levels with nothing open skipped, and its level the depth of that path.
    """
    sections: list[Section] = []
    located: list[Paragraph] = []
    chapters: dict[int, str] = {}  # 章 = 1, 节 = 2
    markers: dict[int, str] = {}  # 一、 = 1 … （1） = 4
    current: str | None = None
    toc = toc_paragraphs(paragraphs)
    for paragraph in paragraphs:
        heading = None
        if paragraph.index not in toc and not paragraph.in_table:  # a table's row opens no section
            if (heading := match_chapter(paragraph.text)) is not None:
                chapters = {lvl: part for lvl, part in chapters.items() if lvl < heading.level}
                chapters[heading.level], markers = heading.id_part, {}
            elif heading := match_heading(paragraph.text) or match_continued(paragraph.text, markers):
                markers = {lvl: part for lvl, part in markers.items() if lvl < heading.level}
                markers[heading.level] = heading.id_part
        if heading is not None:
            path = [chapters[lvl] for lvl in sorted(chapters)] + [markers[lvl] for lvl in sorted(markers)]
            current = ".".join(path)
            start, end = clean.raw_span(
                paragraph.start + heading.heading_start, paragraph.start + heading.heading_end
            )
            text = paragraph.text[heading.heading_start : heading.heading_end]
            sections.append(Section(current, len(path), squeeze(text), start, end))
        located.append(replace(paragraph, section=current))
    return sections, located


def split_sentences(paragraph: Paragraph) -> list[Sentence]:
    """The sentences of a paragraph, each ending with 。！？ (clean offsets).

    ``，`` and ``；`` do not end a sentence (SPEC section 4).

    >>> [s.text for s in split_sentences(Paragraph(0, "到2025年，达到5%。力争达到6%！其余", 10, 30))]
    ['到2025年，达到5%。', '力争达到6%！', '其余']
    >>> split_sentences(Paragraph(0, "到2025年，达到5%。力争达到6%！其余", 10, 30))[1].start
    22
    """
    sentences: list[Sentence] = []
    begin = 0
    text = paragraph.text
    for found in any_of(outline_rules().sentence_end).finditer(text):
        i = found.start()
        sentences.append(
            Sentence(paragraph.index, text[begin : i + 1], paragraph.start + begin, paragraph.start + i + 1)
        )
        begin = i + 1
    if text[begin:].strip():
        sentences.append(
            Sentence(paragraph.index, text[begin:], paragraph.start + begin, paragraph.start + len(text))
        )
    return sentences
