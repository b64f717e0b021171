"""Small text helpers shared by several stages."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex


def squeeze(text: str | None) -> str:
    """``text`` with all white space removed (names, headings and gold paragraphs compare so).

    >>> squeeze("到 2025\\n\\n年"), squeeze(None)
    ('到2025年', '')
    """
    return "".join((text or "").split())


@cache
def any_of(chars: str) -> regex.Pattern[str]:
    """A character class of ``chars``, compiled once: one search in C instead of a test per
    character.

    >>> any_of("。！？").search("达到5%！其余").start()
    4
    """
    import regex  # not at import: `plan-extract --help` loads this module and must stay light

    return regex.compile("[" + "".join(regex.escape(c) for c in chars) + "]")
