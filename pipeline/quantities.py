"""Quantities: every number with its unit in a Chinese text, target or not.

A quantity is an Arabic number (half- or full-width, ``23,876``, ``3541.07``), a
Chinese numeral read by ``pipeline.numerals`` (``一百二十点五``), ``百分之…``, or ``翻一番``,
followed by a unit from the package registry (``pipeline.units``), or a range of
two of them (``1-2个``, ``10%—15%``, ``1至2个``).  Chinese numerals need a unit and
must start and end on word boundaries of the segmenter (so ``统一``, ``一批``,
``一次性``, ``十四五``, ``两高``, ``三线一单`` give nothing); Arabic numbers may be
bare (``1.5``) but not years, dates, ordinals (``第3``), outline numbers (``1.``)
or codes (``G238``, ``5G``).

Where a Chinese numeral could give digits to its unit (``一百千瓦``: 一百 + 千瓦,
not 一百千 + 瓦), the split whose numeral ``pipeline.numerals`` accepts and whose unit is the
longest wins (``两千万元`` → 两千 万元, as ``2000万元`` would be written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .numerals import chinese_number
from .records import Quantity
from .rules import load_yaml
from .units import normalize, rate_denominators, unit_prefixes, unit_spellings

RULES = "targets.yaml"

#: Full-width digits, letters and number punctuation → ASCII, one character for one
#: (offsets stay valid).  The full-width comma is NOT mapped: "１５，２００" is a list.
_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "．": ".",
        "％": "%",
        "－": "-",
        "～": "~",
        "／": "/",
        "＋": "+",
    }
)

# Patterns of literal characters only run on the standard library's ``re``: its scans are several
# times faster than ``regex``'s, and without \d, \s, \w or \p the two engines match alike.
_FULL_WIDTH_RE = re.compile("[" + re.escape("".join(chr(c) for c in _WIDTH)) + "]")

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL = rf"[{_CN_DIGITS}十百千万亿]+(?:点[{_CN_DIGITS}]+)?"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SPACED = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?"
_FAN = {"一": 2.0, "二": 4.0, "两": 4.0, "三": 8.0, "": 2.0}  # 翻番: once
_SPACED_RE = regex.compile(_SPACED)
_ARABIC_RE = regex.compile(_ARABIC)
_CN_NUMERAL_RE = re.compile(_CN_NUMERAL)
_CN_CHARS = frozenset(_CN_DIGITS + "十百千万亿")
# where a quantity may begin: 翻一番, 百分之…, or a digit or Chinese numeral character
_LEAD_RE = regex.compile(
    rf"翻(?P<fan>[一二两三]?)番|百分之(?P<pct>{_CN_NUMERAL}|\d+(?:\.\d+)?)"
    # a fraction: 2/3 (not a date 2021/12, not 3/12/2021), 三分之二
    rf"|(?<![\d/.])(?P<num>\d{{1,3}})/(?P<den>\d{{1,3}})(?![\d/])"
    rf"|(?P<cden>[{_CN_DIGITS}十]{{1,3}})分之(?P<cnum>[{_CN_DIGITS}十]{{1,3}})"
    rf"|[0-9{_CN_DIGITS}十百千万亿]"
)
_SEPARATORS_RE = regex.compile(r"[,\s\u00a0\u2009\u202f]")
_BARE_MULTIPLIER_RE = re.compile(r"[ \t]*(万亿|万|亿)")
_LATIN_END_RE = re.compile(r"[A-Za-z]$")
_LATIN_RE = re.compile(r"[A-Za-z]")
_YEAR_RE = regex.compile(r"(19|20)\d\d")
_OUTLINE_AFTER_RE = regex.compile(r"[.、)）](?!\d)")
_RATIO_AFTER_RE = regex.compile(r"[:：]\d")
_RATIO_BEFORE_RE = regex.compile(r"\d[:：]$")
_RATIO_TO_ONE_RE = regex.compile(r"[ \t]*[:：∶][ \t]*1(?![\d.:：])")  # 4：1, 2.2∶1 (not 8:15)
_RATIO_BACK = 12  # characters looked back for the 比 that names a ratio
_NUMBER_CHAR_RE = regex.compile(r"[\d.,]")
_DIGIT_RE = regex.compile(r"\d")
# a unit's Latin symbol in brackets after it: 1000兆比特/秒（Mbps）, 20太比特/秒（Tbps）
_UNIT_GLOSS_RE = regex.compile(r"[(（][A-Za-z][A-Za-z0-9/.]{0,7}[)）]")


def to_halfwidth(text: str) -> str:
    """Full-width digits and number signs as ASCII, same length.

    >>> to_halfwidth("２．４个百分点，１５％")
    '2.4个百分点，15%'
    """
    # most texts have no full-width character to map: a search is much cheaper than a translation
    return text.translate(_WIDTH) if _FULL_WIDTH_RE.search(text) else text


@lru_cache(maxsize=4096)
def parse_chinese_number(text: str) -> float | None:
    """A Chinese numeral as a number, or None when it is not a well-formed numeral.

    >>> parse_chinese_number("一百二十点五"), parse_chinese_number("两"), parse_chinese_number("一百千")
    (120.5, 2.0, None)
    """
    return chinese_number(text)


def parse_arabic(text: str) -> float:
    """An Arabic number with thousands separators or PDF spaces.

    >>> parse_arabic("23,876"), parse_arabic("2 000.5")
    (23876.0, 2000.5)
    """
    return float(_SEPARATORS_RE.sub("", text))


@dataclass(frozen=True, slots=True)
class _Config:
    units: regex.Pattern[str]
    range_mark: re.Pattern[str]
    date_words: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    more_marks: tuple[str, ...]  # 100余家, 50多个: more than the number
    other_measure: dict[str, tuple[str, ...]]  # 温度…26度: 度 is no kWh there
    year_measures: tuple[str, ...]  # 受教育年限…13.5年: 年 is a unit there


@cache
def _config() -> _Config:
    data = load_yaml(RULES)["quantities"]
    latin = [str(u) for u in data["latin_units"]]
    plain = sorted({*unit_spellings(), *latin}, key=lambda s: (-len(s), s))
    denominators = "|".join(regex.escape(d) for d in rate_denominators())
    not_followed = {str(k): str(v) for k, v in (data.get("not_followed_by") or {}).items()}

    def spelling(unit: str) -> str:
        guard = not_followed.get(unit)
        return regex.escape(unit) + (f"(?![{regex.escape(guard)}])" if guard else "")

    alternation = "|".join(spelling(u) for u in plain)
    # a Chinese multiplier before a Latin unit, a PDF space between them: 9万 m3/d, 30万kW
    measured = sorted((u for u in latin if u not in ("%", "％", "‰")), key=len, reverse=True)
    prefixes = "|".join(regex.escape(p) for p in unit_prefixes())
    prefixed = rf"(?:{prefixes})[ ]?(?:{'|'.join(regex.escape(u) for u in measured)})"
    # a unit, optionally a rate (万吨/年) over a product (吨/月·平方公里); Latin units must not run on
    # into more letters
    per = rf"(?:{denominators}|{alternation})"
    units = regex.compile(rf"(?:{prefixed}|{alternation})(?:/{per}(?:[·・]{per})?)?(?![A-Za-z])")
    marks = sorted((str(m) for m in data["range_marks"]), key=len, reverse=True)
    range_mark = re.compile(r"[ \t]*(?:" + "|".join(re.escape(m) for m in marks) + r")[ \t]*")
    return _Config(
        units,
        range_mark,
        tuple(str(w) for w in data["date_words"]),
        tuple(str(w) for w in data["year_prepositions"]),
        tuple(str(w) for w in data["more_marks"]),
        {str(k): tuple(str(w) for w in v) for k, v in (data.get("other_measure") or {}).items()},
        tuple(str(w) for w in data.get("year_measures") or ()),
    )


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    start: int
    end: int
    chinese: bool


def _unit_at(text: str, pos: int, allow_space: bool) -> tuple[str, int] | None:
    """The unit starting at ``pos`` (after blanks if allowed): ``(unit, end)``."""
    start = pos
    if allow_space:
        while start < len(text) and text[start] in " \t\u00a0\u2009\u202f":
            start += 1
    found = _config().units.match(text, start)
    if found is None:
        return None
    return found.group(), found.end()


def _read_number(text: str, pos: int) -> tuple[_Number, tuple[str, int] | None] | None:
    """The number starting at ``pos`` and the unit after it (or None)."""
    spaced = _SPACED_RE.match(text, pos)
    if spaced is not None:
        unit = _unit_at(text, spaced.end(), allow_space=True)
        if unit is not None:  # "2 000万元": a PDF-spaced thousands group only before a unit
            return _Number(parse_arabic(spaced.group()), pos, spaced.end(), False), unit
    arabic = _ARABIC_RE.match(text, pos)
    if arabic is not None:
        number = _Number(parse_arabic(arabic.group()), pos, arabic.end(), False)
        unit = _unit_at(text, arabic.end(), allow_space=True)
        more = next((m for m in _config().more_marks if text.startswith(m, arabic.end())), None)
        if unit is None and more is not None:  # 100余家: the unit after the mark
            unit = _unit_at(text, arabic.end() + len(more), allow_space=False)
        if unit is None:
            bare = _BARE_MULTIPLIER_RE.match(text, arabic.end())
            if bare is not None and _unit_at(text, bare.end(), False) is None:
                unit = (bare.group(1), bare.end())
        return number, unit
    chinese = _CN_NUMERAL_RE.match(text, pos)
    if chinese is None:
        return None
    best: tuple[int, int, float, tuple[str, int]] | None = None
    for k in range(len(chinese.group()), 0, -1):
        unit = _unit_at(text, pos + k, allow_space=False)
        if unit is None:  # no unit after these digits: no need to read them
            continue
        value = parse_chinese_number(chinese.group()[:k])
        if value is None:
            continue
        key = (len(unit[0]), k)
        if best is None or key > best[:2]:
            best = (*key, value, unit)
    if best is None:
        return _Number(0.0, pos, chinese.end(), True), None
    return _Number(best[2], pos, pos + best[1], True), best[3]


_WINDOW = 16  # characters looked at on each side of a number


def _is_year_or_date(text: str, number: _Number) -> bool:
    """A bare Arabic number that is a year, a date part, an ordinal, a code or an outline number."""
    cfg = _config()
    # a window on each side is enough for every test below, and keeps long lines linear
    before = text[max(0, number.start - _WINDOW) : number.start]
    after = text[number.end : number.end + _WINDOW]
    after_stripped = after.lstrip(" \t")
    if any(after_stripped.startswith(w) for w in cfg.date_words):
        return True
    if before.endswith("第") or _LATIN_END_RE.search(before) or _LATIN_RE.match(after):
        return True
    digits = text[number.start : number.end]
    is_year = _YEAR_RE.fullmatch(digits) is not None
    if is_year and any(before.rstrip(" \t").endswith(w) for w in cfg.year_prepositions):
        return True
    if _OUTLINE_AFTER_RE.match(after):  # outline numbers: 1. 1、 (1)
        return True
    if _RATIO_AFTER_RE.match(after) or _RATIO_BEFORE_RE.search(before):  # ratios and clock times: 8:35:57
        return True
    return False


def _ratio_to_one(text: str, number: _Number) -> int | None:
    """Where a ratio to one that a 比 names ends (``车桩比例达到4：1``): the number is its value, or None.

    >>> _ratio_to_one("车桩比例达到4：1。", _Number(4.0, 6, 7, False))
    9
    >>> _ratio_to_one("上午8:15", _Number(8.0, 2, 3, False)) is None
    True
    """
    m = _RATIO_TO_ONE_RE.match(text, number.end)
    if m is None:
        return None
    clause = regex.split(r"[，,。；;！？]", text[max(0, number.start - _RATIO_BACK) : number.start])[-1]
    return m.end() if "比" in clause else None


_NOT_YEARS_COUNTED = ("年底", "年末", "年前", "年内", "年度")  # a time, not a number of years
_SENTENCE_BACK = 80  # characters looked back for the noun that makes 年 a unit


def _counts_years(text: str, number: _Number) -> bool:
    """Whether ``N年`` is a number of years: a noun of ``year_measures`` before it in its sentence
    (a list of values may run on after a ``；``), and the number no calendar year.

    >>> _counts_years("平均受教育年限达到13.5年以上", _Number(13.5, 9, 13, False))
    True
    >>> _counts_years("受教育年限达到11年；到2025年，完成改造", _Number(2025.0, 15, 19, False))
    False
    """
    if not text.startswith("年", number.end) or text.startswith(_NOT_YEARS_COUNTED, number.end):
        return False
    if _YEAR_RE.fullmatch(text[number.start : number.end]):
        return False
    before = text[max(0, number.start - _SENTENCE_BACK) : number.start]
    sentence = regex.split(r"[。！？!?\n]", before)[-1]
    return any(noun in sentence for noun in _config().year_measures)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``.

    >>> [(q.value, q.unit, q.norm_value, q.norm_unit) for q in find_quantities("突破2.6万千瓦")]
    [(2.6, '万千瓦', 26000.0, 'kW')]
    >>> [q.unit for q in find_quantities("降尘量不得高于7.5吨/月·平方公里")]
    ['吨/月·平方公里']
    >>> [(q.value, q.value_max, q.unit) for q in find_quantities("争创1-2个省级基地")]
    [(1.0, 2.0, '个')]
    >>> [(q.value, q.norm_unit) for q in find_quantities("节约用电5000度，空调温度不低于26度")]
    [(5000.0, 'kWh'), (26.0, None)]
    >>> [(q.text, q.unit, q.norm_unit) for q in find_quantities("提供1000兆比特/秒（Mbps）以上、100Mbps")]
    [('1000兆比特/秒（Mbps）', '兆比特/秒', None), ('100Mbps', 'Mbps', None)]
    >>> find_quantities("统一规划，建设一批项目，“十四五”期间，“两高”项目，“三线一单”，第一")
    []
    >>> [(q.value, q.unit, q.norm_value) for q in find_quantities("达到2/3、三分之二、百分之2.2、百分之百")]
    [(0.6667, '', 0.6667), (0.6667, '', 0.6667), (2.2, '百分之', 2.2), (100.0, '百分之', 100.0)]
    """
    norm = to_halfwidth(text)
    found: list[Quantity] = []
    pos = 0
    while True:
        m = _LEAD_RE.search(norm, pos)
        if m is None:
            break
        if m.group("fan") is not None:
            value = _FAN[m.group("fan")]
            found.append(
                Quantity(value, None, "倍", value, "times", m.start(), m.end(), text[m.start() : m.end()])
            )
            pos = m.end()
            continue
        if m.group("num") or m.group("cden"):
            if m.group("num"):
                num, den = float(m.group("num")), float(m.group("den"))
            else:
                num, den = parse_chinese_number(m.group("cnum")), parse_chinese_number(m.group("cden"))
            if num is not None and den:
                value = round(num / den, 4)
                written = text[m.start() : m.end()]
                found.append(Quantity(value, None, "", value, "none", m.start(), m.end(), written))
            pos = m.end()
            continue
        if m.group("pct"):
            pct = m.group("pct")
            if pct == "百":  # 百分之百
                value: float | None = 100.0
            else:
                value = parse_arabic(pct) if pct[0].isdigit() else parse_chinese_number(pct)
            if value is not None:
                norm_value, norm_unit = normalize(value, "%")
                found.append(
                    Quantity(
                        value,
                        None,
                        "百分之",
                        norm_value,
                        norm_unit,
                        m.start(),
                        m.end(),
                        text[m.start() : m.end()],
                    )
                )
            pos = m.end()
            continue
        quantity, pos = _quantity_at(text, norm, m.start())
        if quantity is None:
            continue
        if norm[quantity.start] in _CN_CHARS and not _on_word_boundaries(text, quantity.start, quantity.end):
            continue
        found.append(quantity)
    return found


def _quantity_at(text: str, norm: str, start: int) -> tuple[Quantity | None, int]:
    """The quantity (or range) starting at ``start``, and where to search on."""
    if start > 0 and _NUMBER_CHAR_RE.match(norm, start - 1) and _DIGIT_RE.match(norm, start):
        return None, start + 1
    if norm[max(0, start - _WINDOW) : start].rstrip(" \t").endswith(("第", "每")):  # 第3次, 每千人
        return None, start + 1
    read = _read_number(norm, start)
    if read is None:
        return None, start + 1
    first, unit = read
    end = unit[1] if unit else first.end
    # a range: 1-2个, 10%—15%, 1至2个
    mark = _config().range_mark.match(norm, end)
    if mark is not None:
        second = _read_number(norm, mark.end())
        if second is not None and second[1] is not None and second[0].chinese == first.chinese:
            unit2 = second[1]
            if (unit is None or unit[0] == unit2[0]) and second[0].value > first.value:
                written2 = "".join(text[unit2[1] - len(unit2[0]) : unit2[1]].split())
                norm_value, norm_unit = normalize(first.value, unit2[0])
                return Quantity(
                    first.value,
                    second[0].value,
                    written2,
                    norm_value,
                    norm_unit,
                    start,
                    unit2[1],
                    text[start : unit2[1]],
                ), unit2[1]
        if unit is None:  # 2021-2025年, 1-3: a span of years or bare numbers
            return None, mark.end()
    if unit is None and not first.chinese and (ratio := _ratio_to_one(norm, first)) is not None:
        return Quantity(first.value, None, "", first.value, "none", start, ratio, text[start:ratio]), ratio
    if unit is None and not first.chinese and _counts_years(norm, first):
        end = first.end + 1
        return Quantity(first.value, None, "年", first.value, None, start, end, text[start:end]), end
    if unit is None:
        if first.chinese or _is_year_or_date(norm, first):
            return None, first.end
        return Quantity(
            first.value, None, "", first.value, "none", start, first.end, text[start : first.end]
        ), first.end
    written = "".join(text[unit[1] - len(unit[0]) : unit[1]].split())
    norm_value, norm_unit = normalize(first.value, written)
    if any(w in norm[max(0, start - 8) : start] for w in _config().other_measure.get(written, ())):
        norm_value, norm_unit = None, None  # 空调温度不低于26度: degrees, not kWh
    gloss = _UNIT_GLOSS_RE.match(norm, end)
    if gloss is not None:  # the symbol belongs to the unit: what follows it (以上) to the value
        end = gloss.end()
    return Quantity(first.value, None, written, norm_value, norm_unit, start, end, text[start:end]), end


def more_than(q: Quantity) -> bool:
    """Whether a mark between the number and its unit says "more than" (``100余家``).

    >>> [more_than(q) for q in find_quantities("实施400余个工程，新建50个")]
    [True, False]
    """
    digits = len(q.text) - len(q.text.lstrip("0123456789.,， "))
    return q.text[digits : digits + 1] in _config().more_marks


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """Whether a word of the segmenter starts at ``start`` and one ends at ``end``.

    jieba cuts each run of word characters (``segment.word_runs``) on its own, so the
    runs from ``start`` to ``end`` are segmented, not the whole sentence: same words.

    >>> text = "新建两个公园，统一规划"
    >>> _on_word_boundaries(text, 2, 4), _on_word_boundaries(text, 7, 8)
    (True, False)
    """
    from .segment import segment, word_run  # jieba is loaded only when a Chinese numeral needs it

    begin, stop = word_run(text, start)[0], word_run(text, end - 1)[1]
    tokens = segment(text[begin:stop])
    return any(t.start + begin == start for t in tokens) and any(t.end + begin == end for t in tokens)
