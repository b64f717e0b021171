"""Agency names: recognise a unit, and bring it to its canonical form (SPEC section 2).

``canonical_name`` follows the SPEC to the letter: remove ONE leading
administrative prefix (县 区 市 镇 乡) before a department, then replace a short
form of the SPEC's closed table (``rules/agency_abbreviations.yaml``) by its full
form, also inside a longer name.  Collective entries stay as written.

Whether a character is a prefix is decided by what follows it, never by a list
of places: the prefix goes when the rest of the name is a lexicon entry
(``县市场监管局`` → ``市场监管局``), and otherwise only when the first two characters
are not a word of their own (``市场``, ``乡村``, ``区域``: ``prefix_words``) and the rest
has the shape of an agency (ends in 局/委/办/中心/公司…: ``suffixes``).  Party organs
(``县委组织部``) and a division's own government (``镇人民政府``) keep their prefix.

``is_known_agency`` recognises a unit by the general lexicon ``rules/agencies.yaml``
(after prefix removal and expansion) or by the shape rules, so that an agency of
a known shape (``某某供电中心``, ``区社管局``) is not reported; the rest (a bare place
name, a phrase caught by mistake) is kept as written and reported as W101 by the
responsibility stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .errors import RuleSyntaxError
from .rules import RULES_DIR, load_yaml, require
from .text import squeeze

_LEXICON = "agencies.yaml"
_TABLE = "agency_abbreviations.yaml"


@dataclass(frozen=True, slots=True)
class AgencyRules:
    """The recognition and prefix rules of ``rules/agencies.yaml``, loaded once."""

    prefixes: frozenset[str]
    prefix_words: tuple[str, ...]
    party_heads: tuple[str, ...]
    own_heads: frozenset[str]
    collective_starts: tuple[str, ...]
    collective_ends: tuple[str, ...]
    known_starts: tuple[str, ...]
    known_ends: tuple[str, ...]
    suffixes: tuple[str, ...]
    branch_suffixes: tuple[str, ...]
    names: frozenset[str]  # every full and short name of the lexicon and the table


def _strings(data: dict, key: str, name: str) -> tuple[str, ...]:
    return tuple(str(item) for item in require(data, key, list, name))


@cache
def abbreviation_table() -> tuple[tuple[str, str], ...]:
    """The SPEC's closed table of (short, full) forms, in the order the file lists them.

    >>> abbreviation_table()[0]
    ('发改委', '发展和改革委员会')
    """
    rows = require(load_yaml(_TABLE), "abbreviations", list, _TABLE)
    table: list[tuple[str, str]] = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("short") or not row.get("full"):
            raise RuleSyntaxError(str(RULES_DIR / _TABLE), None, f"row needs `short` and `full`: {row!r}")
        table.append((str(row["short"]), str(row["full"])))
    return tuple(table)


def _lexicon_entries() -> list[dict]:
    entries = require(load_yaml(_LEXICON), "agencies", list, _LEXICON)
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("full"):
            raise RuleSyntaxError(str(RULES_DIR / _LEXICON), None, f"entry needs `full`: {entry!r}")
    return entries


@cache
def agency_rules() -> AgencyRules:
    """The rules of ``rules/agencies.yaml`` (and the names of the table), parsed once."""
    data = load_yaml(_LEXICON)
    collective = require(data, "collective", dict, _LEXICON)
    return AgencyRules(
        prefixes=frozenset(_strings(data, "prefixes", _LEXICON)),
        prefix_words=_strings(data, "prefix_words", _LEXICON),
        party_heads=_strings(data, "party_heads", _LEXICON),
        own_heads=frozenset(_strings(data, "own_heads", _LEXICON)),
        collective_starts=_strings(collective, "starts", _LEXICON),
        collective_ends=_strings(collective, "ends", _LEXICON),
        known_starts=_strings(collective, "known_starts", _LEXICON),
        known_ends=_strings(collective, "known_ends", _LEXICON),
        suffixes=_strings(data, "suffixes", _LEXICON),
        branch_suffixes=_strings(data, "branch_suffixes", _LEXICON),
        names=frozenset(lexicon_words()),
    )


@cache
def _lexicon_words() -> tuple[str, ...]:
    words: dict[str, None] = {}  # ordered set
    for entry in _lexicon_entries():
        words[str(entry["full"])] = None
        for short in entry.get("short") or []:
            words[str(short)] = None
    for short, full in abbreviation_table():
        words[short] = None
        words[full] = None
    return tuple(words)


def lexicon_words() -> list[str]:
    """Every full and short name of ``rules/agencies.yaml`` and of the SPEC table.

    These are the jieba user words, so that agency names stay whole.

    >>> "发改委" in lexicon_words() and "市场监督管理局" in lexicon_words()
    True
    """
    return list(_lexicon_words())


def is_collective(name: str) -> bool:
    """Whether ``name`` is a collective entry (``各…``, ``…成员单位``), kept as written.

    >>> is_collective("各乡镇（管理处）"), is_collective("区生态文明建设领导小组成员单位")
    (True, True)
    >>> is_collective("县发改委")
    False
    """
    rules = agency_rules()
    return name.startswith(rules.collective_starts) or name.endswith(rules.collective_ends)


def has_agency_shape(name: str) -> bool:
    """Whether ``name`` ends like an agency (局, 委, 中心, 公司, 支行…) and is more than that ending.

    >>> has_agency_shape("社管局"), has_agency_shape("人民银行某某支行"), has_agency_shape("局")
    (True, True, False)
    >>> has_agency_shape("场监管")
    False
    """
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in agency_rules().suffixes)


def _in_lexicon(name: str) -> bool:
    names = agency_rules().names
    return name in names or expand_short_forms(name) in names


def strip_prefix(name: str) -> str:
    """``name`` without ONE leading administrative prefix, where it is one.

    >>> strip_prefix("县发改委"), strip_prefix("县妇联"), strip_prefix("区社管局")
    ('发改委', '妇联', '社管局')
    >>> strip_prefix("县市场监管局"), strip_prefix("县乡村振兴局")
    ('市场监管局', '乡村振兴局')

    Left alone: party organs, a division's own government, and names whose first
    character only looks like a prefix.

    >>> strip_prefix("县委组织部"), strip_prefix("区委宣传部"), strip_prefix("镇人民政府")
    ('县委组织部', '区委宣传部', '镇人民政府')
    >>> strip_prefix("市场监管局"), strip_prefix("乡村振兴局"), strip_prefix("团县委")
    ('市场监管局', '乡村振兴局', '团县委')
    """
    rules = agency_rules()
    if len(name) < 2 or name[0] not in rules.prefixes:
        return name
    rest = name[1:]
    if rest.startswith(rules.party_heads) or rest in rules.own_heads:
        return name
    if _in_lexicon(rest):
        return rest
    if name.startswith(rules.prefix_words):
        return name
    return rest if has_agency_shape(rest) else name


@cache
def _expansions() -> tuple[tuple[str, str], ...]:
    """(written, full) pairs to try at each position, longest written form first.

    Full forms map to themselves, so a full form already there is copied, not
    re-expanded; each ``…局`` short form also yields its branch forms (``…分局``).
    """
    pairs: dict[str, str] = {}
    branches = agency_rules().branch_suffixes
    for short, full in abbreviation_table():
        pairs.setdefault(full, full)
        pairs.setdefault(short, full)
        if short.endswith("局") and full.endswith("局"):
            for branch in branches:
                pairs.setdefault(short[:-1] + branch, full[:-1] + branch)
                pairs.setdefault(full[:-1] + branch, full[:-1] + branch)
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


@cache
def _expansions_by_first_char() -> dict[str, tuple[tuple[str, str], ...]]:
    """:func:`_expansions` grouped by first character, each group still longest first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for written, full in _expansions():
        groups.setdefault(written[0], []).append((written, full))
    return {char: tuple(pairs) for char, pairs in groups.items()}


def expand_short_forms(name: str) -> str:
    """Replace short forms of the SPEC table by their full forms, anywhere in ``name``.

    Longest match first, left to right; a full form already written stays.

    >>> expand_short_forms("发改委"), expand_short_forms("市场监管分局"), expand_short_forms("城管分局")
    ('发展和改革委员会', '市场监督管理分局', '城市管理分局')
    >>> expand_short_forms("交通运输局"), expand_short_forms("社管局"), expand_short_forms("城管局执法大队")
    ('交通运输局', '社管局', '城市管理局执法大队')
    """
    out: list[str] = []
    i = 0
    by_first_char = _expansions_by_first_char()  # only forms that start with name[i] can match there
    while i < len(name):
        for written, full in by_first_char.get(name[i], ()):
            if name.startswith(written, i):
                out.append(full)
                i += len(written)
                break
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def canonical_name(name: str) -> str:
    """The canonical form of a unit name (SPEC section 2, ``canonical``).

    >>> canonical_name("县发改委"), canonical_name("区市场监管分局"), canonical_name("县交运局")
    ('发展和改革委员会', '市场监督管理分局', '交通运输局')
    >>> canonical_name("县委宣传部"), canonical_name("团县委"), canonical_name("县妇联")
    ('县委宣传部', '团县委', '妇联')
    >>> canonical_name("各县（市、区）人民政府"), canonical_name("县科创中心")
    ('各县（市、区）人民政府', '科创中心')
    """
    if is_collective(name):
        return name
    return expand_short_forms(strip_prefix(name))


def is_known_agency(name: str) -> bool:
    """Whether ``name`` is recognised: a lexicon entry, a collective, or of agency shape.

    >>> is_known_agency("县发改委"), is_known_agency("某某供电中心"), is_known_agency("各镇（管理处）")
    (True, True, True)
    >>> is_known_agency("有关部门"), is_known_agency("团县委"), is_known_agency("城关镇")
    (True, True, True)
    >>> is_known_agency("加强协调"), is_known_agency(""), is_known_agency("县发改委（县能源局）")
    (False, False, True)
    """
    name = squeeze(name)
    if not name:
        return False
    rules = agency_rules()
    if is_collective(name) or name.startswith(rules.known_starts) or name.endswith(rules.known_ends):
        return True
    aside = _TRAILING_ASIDE.fullmatch(name)
    if aside is not None:  # 县发改委（县能源局）: the name before the aside decides
        return is_known_agency(aside.group(1))
    canonical = canonical_name(name)
    if name in rules.names or canonical in rules.names or strip_prefix(name) in rules.names:
        return True
    return has_agency_shape(canonical)


_TRAILING_ASIDE = regex.compile(r"(.+?)[（(][^（()）]*[）)]")
