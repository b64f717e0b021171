"""Small text helpers shared by several stages."""

from __future__ import annotations


def squeeze(text: str | None) -> str:
    """``text`` with all white space removed (names, headings and gold paragraphs compare so).

    >>> squeeze("到 2025\\n\\n年"), squeeze(None)
    ('到2025年', '')
    """
    return "".join((text or "").split())
