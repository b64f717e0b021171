"""Structure: paragraphs, outline sections and sentences of a cleaned text.

The cleaner leaves one paragraph per line; this stage numbers them, finds the
outline (``一、`` / ``（一）`` / ``1.`` / ``（1）``, SPEC section 2) and tells
each paragraph the deepest section open at it.  Spans of sections are raw
offsets (through ``CleanText.raw_span``); paragraphs and sentences keep clean
offsets, for the extractors that work on them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import cache

import regex

from .records import CleanText, Paragraph, Section, Sentence
from .rules import load_yaml, require
from .text import squeeze


@dataclass(frozen=True, slots=True)
class OutlineLevel:
    """One outline level, compiled from ``rules/outline.yaml``."""

    level: int
    pattern: regex.Pattern[str]
    id_format: str


@cache
def outline_levels() -> tuple[OutlineLevel, ...]:
    """The outline markers of ``rules/outline.yaml``, compiled once."""
    data = load_yaml("outline.yaml")
    levels = require(data, "levels", list, "outline.yaml")
    return tuple(
        OutlineLevel(int(item["level"]), regex.compile(item["pattern"]), str(item["id"])) for item in levels
    )


@cache
def _punctuation() -> tuple[str, str]:
    data = load_yaml("outline.yaml")
    return str(data.get("heading_end", "。")), str(data.get("sentence_end", "。！？"))


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
    heading_end_char, _ = _punctuation()
    for outline in outline_levels():
        found = outline.pattern.match(text)
        if found is None:
            continue
        number = unicodedata.normalize("NFKC", found.group("num"))
        start = found.end()
        while start < len(text) and text[start].isspace():
            start += 1
        stop = text.find(heading_end_char, start)
        end = len(text) if stop < 0 else stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:  # a bare marker with no heading text is not a section
            return None
        return HeadingMatch(outline.level, number, outline.id_format.format(num=number), start, end)
    return None


def find_sections(paragraphs: list[Paragraph], clean: CleanText) -> tuple[list[Section], list[Paragraph]]:
    """The outline of the plan, and the paragraphs told their deepest open section.

    A level-k heading closes every open section of level ≥ k; its id is the path
    of the open numbers (``三.(一).1``), levels with nothing open are skipped.
    """
    sections: list[Section] = []
    located: list[Paragraph] = []
    open_parts: dict[int, str] = {}
    current: str | None = None
    for paragraph in paragraphs:
        heading = match_heading(paragraph.text)
        if heading is not None:
            open_parts = {lvl: part for lvl, part in open_parts.items() if lvl < heading.level}
            open_parts[heading.level] = heading.id_part
            current = ".".join(open_parts[lvl] for lvl in sorted(open_parts))
            start, end = clean.raw_span(
                paragraph.start + heading.heading_start, paragraph.start + heading.heading_end
            )
            text = paragraph.text[heading.heading_start : heading.heading_end]
            sections.append(Section(current, heading.level, squeeze(text), start, end))
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
    _, enders = _punctuation()
    sentences: list[Sentence] = []
    begin = 0
    text = paragraph.text
    for i, char in enumerate(text):
        if char in enders:
            sentences.append(
                Sentence(
                    paragraph.index, text[begin : i + 1], paragraph.start + begin, paragraph.start + i + 1
                )
            )
            begin = i + 1
    if text[begin:].strip():
        sentences.append(
            Sentence(paragraph.index, text[begin:], paragraph.start + begin, paragraph.start + len(text))
        )
    return sentences
