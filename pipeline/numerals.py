"""Chinese numerals as numbers: 一百二十点五 → 120.5, 两千 → 2000, 二〇二三 → 2023.

The quantity finder and the date reader need only this much of Chinese number writing, and
reading it here keeps ``cn2an`` (whose import compiles hundreds of patterns: a quarter of a
second, most of a one-plan run) out of the pipeline; ``tests/test_numerals.py`` checks this
reader against cn2an on the numerals cn2an writes.
"""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = (("亿", 10**8), ("万", 10**4))  # the larger first: 五万亿 is 5 × 10^4 × 10^8


def chinese_number(text: str) -> float | None:
    """The value of a Chinese numeral, or None when ``text`` is not a well-formed one.

    >>> chinese_number("一百二十点五"), chinese_number("两"), chinese_number("一百零五")
    (120.5, 2.0, 105.0)
    >>> chinese_number("三百五十六万四千"), chinese_number("五万亿"), chinese_number("十五")
    (3564000.0, 5000000000000.0, 15.0)
    >>> chinese_number("二〇二三"), chinese_number("三千五")  # digit by digit; a colloquial 3500
    (2023.0, 3500.0)
    >>> chinese_number("一百千"), chinese_number("万"), chinese_number("点五"), chinese_number("")
    (None, None, None, None)
    """
    whole, point, fraction = text.partition("点")
    value = _whole(whole)
    if value is None:
        return None
    if not point:
        return float(value)
    if not fraction or any(c not in DIGITS for c in fraction):
        return None
    return float(f"{value}.{''.join(str(DIGITS[c]) for c in fraction)}")


def _whole(text: str) -> int | None:
    """A whole number: sections of up to 9999 joined by 万 and 亿, or digits read one by one."""
    if not text:
        return None
    if len(text) > 1 and all(c in DIGITS for c in text):  # 二〇二三, 一二
        return int("".join(str(DIGITS[c]) for c in text))
    for unit, size in _BIG_UNITS:
        head, found, rest = text.partition(unit)
        if found:
            high = _whole(head)
            low = _below(rest, size) if rest else 0
            return None if high is None or low is None or high == 0 else high * size + low
    return _section(text)


def _below(text: str, size: int) -> int | None:
    """What follows a 万 or 亿: a number below ``size``, a 零 before it, or one digit that stands
    for the next lower place (一万五 = 15000, as cn2an reads it)."""
    if text in DIGITS and text not in ("零", "〇"):
        return DIGITS[text] * size // 10
    low = _whole(text.removeprefix("零").removeprefix("〇"))
    return low if low is not None and low < size else None


def _section(text: str) -> int | None:
    """A number below 10000 written with 千, 百, 十 (``三千零五``, ``十五``, ``两百``)."""
    value, digit, last_unit, zero = 0, None, 10**4, False
    for char in text:
        if char in DIGITS:
            if digit is not None:
                return None  # two digits in a row: 一二 inside a section
            if DIGITS[char] == 0:
                zero = True
                continue
            digit = DIGITS[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_unit:
                return None  # 一百千
            if digit is None:
                if char != "十" or value or zero:
                    return None
                digit = 1  # 十五 = 15
            value, digit, last_unit, zero = value + digit * unit, None, unit, False
        else:
            return None
    if digit is not None:  # the ones, or (三千五, no 零 before it) the place after the last unit
        value += digit if zero or last_unit in (10, 10**4) else digit * last_unit // 10
    elif zero and value == 0:
        return 0  # 零
    return value if value or text in ("零", "〇") else None
