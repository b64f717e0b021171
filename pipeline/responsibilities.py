"""Responsibility blocks: ``〔责任单位：…〕`` and its kin (SPEC section 2, "Block").

Works on the cleaned paragraphs and returns blocks with RAW spans.  Three forms
make a block, all described by data in ``rules/responsibility.yaml``:

* a bracket opening with a label: ``〔责任单位：A、B〕``, ``（牵头单位：A；配合单位：B、C）``;
  other fields inside it (``完成期限：…``) are not units;
* a bracket with no label whose every part ends with a role word:
  ``（A、B牵头，C、D配合）``;  a bracket that merely follows a word (``各县（市、区）``)
  is none;
* a bracketless ``label：…`` line, at the start of a paragraph or after the task's
  last sentence; stand-alone label lines in consecutive paragraphs form one block,
  spanning from the first label to the end of the last line.

Units split on ``、`` ``，`` ``；`` outside parentheses; a collective whose ``、`` joins
kinds of division under one head (``各区、市政府``) stays one unit.  Roles come from
the label, from a role word after a list (``A、B牵头``), from a mark after a unit
(``A（牵头）``) or, for blocks that name none of these, from a convention the plan
states once (``逗号前为牵头单位，下同``).

``match_brackets``, ``match_line`` and ``match_continuation`` find blocks in one
paragraph (paragraph-local offsets); ``parse_fields`` reads their units;
``extract_responsibilities`` only orchestrates, and sets raw spans and sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .agencies import canonical_name, is_known_agency
from .errors import Warnings
from .records import AgencyUnit, CleanText, Paragraph, ResponsibilityBlock, Role
from .rules import load_yaml, require
from .text import squeeze

_FILE = "responsibility.yaml"
_ROLES: tuple[Role, ...] = ("lead", "support", "responsible")


@dataclass(frozen=True, slots=True)
class BlockRules:
    """``rules/responsibility.yaml``, compiled once."""

    openers: dict[str, int]  # character → bracket family
    closers: dict[str, int]
    opener_re: regex.Pattern[str]  # any opening bracket: hot loops jump between brackets
    bracket_re: regex.Pattern[str]  # any bracket, opening or closing
    labels: dict[str, Role]  # label with white space removed → role
    label_re: regex.Pattern[str]  # a label then a colon, at a position
    key_re: regex.Pattern[str]  # a label, a field or a generic key, then a colon
    line_key_re: regex.Pattern[str]  # a label or a listed field, then a colon
    role_words: tuple[tuple[str, Role], ...]  # longest first
    role_word_ends: tuple[str, ...]  # the same words, for one str.endswith over all of them
    mark_re: regex.Pattern[str]  # `（牵头）` at the end of a unit
    leading_words: tuple[str, ...]
    trailing_words: tuple[str, ...]  # longest first
    notes: frozenset[str]
    remark_words: tuple[str, ...]  # 具体任务均涉及…: a remark after a full stop
    unit_separators: str
    segment_separators: str
    sentence_ends: str
    conventions: tuple[tuple[str, regex.Pattern[str]], ...]
    bare_division_re: regex.Pattern[str]
    division_word_re: regex.Pattern[str]
    division_re: regex.Pattern[str]
    named_division_re: regex.Pattern[str]  # 武昌区人民政府: a place, its division word and head


def _spaced(word: str) -> str:
    """A pattern for ``word`` that tolerates white space between its characters."""
    return r"\s*".join(regex.escape(char) for char in word)


def _alternation(words: list[str]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


def _char_class(chars: str) -> str:
    return "[" + "".join(regex.escape(c) for c in chars) + "]"


@cache
def block_rules() -> BlockRules:
    """The block rules of ``rules/responsibility.yaml``, compiled once."""
    data = load_yaml(_FILE)
    openers: dict[str, int] = {}
    closers: dict[str, int] = {}
    for family, pair in enumerate(require(data, "brackets", list, _FILE)):
        openers.update(dict.fromkeys(str(pair[0]), family))
        closers.update(dict.fromkeys(str(pair[1]), family))
    labels = {str(k): v for k, v in require(data, "labels", dict, _FILE).items()}
    fields = [str(f) for f in require(data, "fields", list, _FILE)]
    colon = _char_class(str(require(data, "colons", str, _FILE)))
    key_char = str(data.get("field_key", r"\p{Han}"))
    key_max = int(data.get("field_key_max", 8))
    generic = rf"{key_char}(?:\s*{key_char}){{1,{key_max - 1}}}"
    role_words = [
        (str(word), role)
        for role, words in require(data, "role_words", dict, _FILE).items()
        for word in words
    ]
    marks = require(data, "role_marks", dict, _FILE)
    mark_alternatives = "|".join(
        f"(?P<{role}>{_alternation([str(w) for w in marks[role]])})" for role in _ROLES if role in marks
    )
    division = require(data, "division", dict, _FILE)
    division_words = _alternation([str(w) for w in division["words"]])
    division_heads = _alternation([str(w) for w in division["heads"]])
    division_qualifiers = _alternation([str(w) for w in division["qualifiers"]])
    return BlockRules(
        openers=openers,
        closers=closers,
        opener_re=regex.compile(_char_class("".join(openers))),
        bracket_re=regex.compile(_char_class("".join(openers) + "".join(closers))),
        labels=labels,
        label_re=regex.compile(rf"(?P<key>{_alternation(list(labels))})\s*{colon}"),
        key_re=regex.compile(rf"(?P<key>{_alternation(list(labels) + fields)}|{generic})\s*{colon}"),
        line_key_re=regex.compile(rf"(?P<key>{_alternation(list(labels) + fields)})\s*{colon}"),
        role_words=tuple(sorted(role_words, key=lambda pair: -len(pair[0]))),
        role_word_ends=tuple(word for word, _ in role_words),
        mark_re=regex.compile(
            rf"{_char_class(''.join(openers))}\s*(?:{mark_alternatives})\s*{_char_class(''.join(closers))}$"
        ),
        leading_words=tuple(str(w) for w in data.get("leading_words") or []),
        trailing_words=tuple(
            sorted((str(w) for w in data.get("trailing_words") or []), key=len, reverse=True)
        ),
        notes=frozenset(str(w) for w in data.get("notes") or []),
        remark_words=tuple(str(w) for w in data.get("remark_words") or []),
        unit_separators=str(require(data, "unit_separators", str, _FILE)),
        segment_separators=str(require(data, "segment_separators", str, _FILE)),
        sentence_ends=str(require(data, "sentence_ends", str, _FILE)),
        conventions=tuple(
            (str(item["rule"]), regex.compile(str(item["pattern"])))
            for item in require(data, "conventions", list, _FILE)
        ),
        bare_division_re=regex.compile(rf"(?:{division_qualifiers})?(?:{division_words})"),
        division_word_re=regex.compile(rf"(?:{division_words})"),
        division_re=regex.compile(rf"(?:{division_words})(?:{division_heads})?"),
        named_division_re=regex.compile(rf"\p{{Han}}{{1,4}}?(?:{division_words})(?:{division_heads})"),
    )


# --------------------------------------------------------------------------- text helpers


def _depths(text: str) -> list[int]:
    """The bracket depth of each character of ``text`` (any family; brackets count as inside).

    >>> _depths("各县（市、区）政府")
    [0, 0, 1, 1, 1, 1, 1, 0, 0]
    """
    rules = block_rules()
    depths: list[int] = []
    depth = 0
    for char in text:
        if char in rules.openers:
            depth += 1
        depths.append(depth)
        if char in rules.closers:
            depth = max(depth - 1, 0)
    return depths


def _split_top(text: str, separators: str) -> list[str]:
    """``text`` split on ``separators`` outside brackets.

    >>> _split_top("各县（市、区）人民政府、县发改委", "、")
    ['各县（市、区）人民政府', '县发改委']
    """
    parts: list[str] = []
    begin = 0
    for i, (char, depth) in enumerate(zip(text, _depths(text), strict=True)):
        if depth == 0 and char in separators:
            parts.append(text[begin:i])
            begin = i + 1
    parts.append(text[begin:])
    return parts


def _matching_close(text: str, open_at: int) -> int | None:
    """Where the bracket opened at ``open_at`` closes (same family, nesting counted), or None.

    >>> _matching_close("（各县（市、区）政府）", 0), _matching_close("（各县（市", 0)
    (10, None)
    """
    return _bracket_pairs(text).get(open_at)


@lru_cache(maxsize=16)
def _bracket_pairs(text: str) -> dict[int, int]:
    """Every opening bracket's closing partner, found in one pass (one stack per family).

    One pass, not a scan per bracket: a text of many unclosed ``（`` must stay linear.
    """
    rules = block_rules()
    stacks: dict[str, list[int]] = {}
    pairs: dict[int, int] = {}
    for match in rules.bracket_re.finditer(text):
        char, i = match.group(), match.start()
        family = rules.openers.get(char)
        if family is not None:
            stacks.setdefault(family, []).append(i)
            continue
        family = rules.closers[char]
        if stacks.get(family):
            pairs[stacks[family].pop()] = i
    return pairs


def _stray_close(text: str, begin: int) -> int | None:
    """The first closing bracket from ``begin`` that closes nothing opened after ``begin``.

    A block opened with one family and closed with another (``（责任单位：…〕``) ends there;
    the search stops at a top-level 。.

    >>> _stray_close("责任单位：各县（市、区）政府〕", 0)
    14
    >>> _stray_close("责任单位：县发改委。〕", 0) is None
    True
    """
    rules = block_rules()
    depth = 0
    for i in range(begin, len(text)):
        char = text[i]
        if char in rules.openers:
            depth += 1
        elif char in rules.closers:
            if depth == 0:
                return i
            depth -= 1
        elif char == "。" and depth == 0:
            return None
    return None


def _enclosing_open(text: str, position: int) -> int | None:
    """The opening bracket that encloses ``position``, if any.

    >>> _enclosing_open("甲（乙（丙）丁）", 6)
    1
    """
    rules = block_rules()
    balance = 0
    for j in range(position - 1, -1, -1):
        if text[j] in rules.closers:
            balance += 1
        elif text[j] in rules.openers:
            if balance == 0:
                return j
            balance -= 1
    return None


def mask_remarks(text: str) -> str:
    """Blank out convention statements and their brackets, so they are not read as units.

    >>> mask_remarks("县发改委，县工信局（逗号前为牵头单位，下同）").strip()
    '县发改委，县工信局'
    >>> mask_remarks("甲局、乙局；两省市列首位的为牵头单位，下同").split("；")[1].strip(" ，")
    '下同'
    """
    rules = block_rules()
    chars = list(text)
    for _, pattern in rules.conventions:
        for found in pattern.finditer(text):
            start, end = found.span()
            opener = _enclosing_open(text, start)
            if opener is not None:  # inside brackets: blank the whole bracket
                close = _matching_close(text, opener)
                start, end = opener, len(text) if close is None else close + 1
            else:  # blank the whole clause, its subject too (两省市列首位的为牵头单位)
                while start > 0 and text[start - 1] not in rules.segment_separators:
                    start -= 1
                while end < len(text) and text[end] not in rules.segment_separators:
                    end += 1
            chars[start:end] = " " * (end - start)
    return "".join(chars)


# --------------------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """A unit as read from a block, before canonical names are added."""

    name: str
    role: Role
    explicit: bool  # the role was written at the unit (label 牵头/配合, role word, mark)
    segment: int  # where the part of the block it was written in begins (for `first_segment`)
    group: int = 0  # how many `；` come before it in its list (for `first_unit`)


def _strip_role_word(text: str) -> tuple[str, Role | None]:
    """``text`` without a final role word, and that word's role.

    >>> _strip_role_word("县发改委、县工信局牵头")
    ('县发改委、县工信局', 'lead')
    >>> _strip_role_word("县发改委")
    ('县发改委', None)
    """
    rules = block_rules()
    if not text.endswith(rules.role_word_ends):  # most names end with no role word: one check
        return text, None
    for word, role in rules.role_words:
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], role
    return text, None


def clean_unit(piece: str) -> tuple[str, Role | None]:
    """A unit name as written (white space removed, trailing 等/负责 dropped) and its role mark.

    >>> clean_unit("县发改委（牵头）"), clean_unit("区自然资源分局\\n\\n等")
    (('县发改委', 'lead'), ('区自然资源分局', None))
    >>> clean_unit("各镇（管理处）")
    ('各镇（管理处）', None)
    """
    rules = block_rules()
    name = squeeze(piece)
    role: Role | None = None
    changed = True
    while changed and name:
        changed = False
        mark = rules.mark_re.search(name)
        if mark is not None and mark.start() > 0:
            role = next(r for r in _ROLES if r in mark.groupdict() and mark.group(r))
            name = name[: mark.start()]
            changed = True
        for word in rules.trailing_words if name.endswith(rules.trailing_words) else ():
            if name.endswith(word) and len(name) > len(word):
                name = name[: -len(word)]
                changed = True
                break
    return name, role


def _merge_collectives(pieces: list[str]) -> list[str]:
    """Join ``各区、市政府``-like pieces: a bare division word, ``、``, a division (+ head).

    >>> _merge_collectives(["各区", "市政府", "县发改委"])
    ['各区、市政府', '县发改委']
    >>> _merge_collectives(["各县", "市", "区人民政府"]), _merge_collectives(["各有关区", "县级市"])
    (['各县、市、区人民政府'], ['各有关区、县级市'])
    >>> _merge_collectives(["城关镇", "河口镇"]), _merge_collectives(["各乡镇", "县直各部门"])
    (['城关镇', '河口镇'], ['各乡镇', '县直各部门'])

    Places named bare before one that carries the division word and its head share that head
    (SPEC: one unit):

    >>> _merge_collectives(["市房管局", "江岸", "江汉", "武昌区人民政府", "市城投公司"])
    ['市房管局', '江岸、江汉、武昌区人民政府', '市城投公司']
    >>> _merge_collectives(["各区", "江岸", "市政府"])
    ['各区', '江岸', '市政府']
    """
    rules = block_rules()
    merged: list[str] = []
    open_head = False  # the last piece ends with a division word that still waits for its head
    bare: list[str] = []  # places named without division word or head, waiting for one that has both
    for piece in pieces:
        squeezed = clean_unit(piece)[0]
        if bare and rules.named_division_re.fullmatch(squeezed):
            merged.append("、".join([*bare, piece]))
            bare, open_head = [], False
            continue
        if _BARE_PLACE.fullmatch(squeezed) and not rules.division_word_re.search(squeezed):
            bare.append(piece)
            continue
        if bare:  # no head came: the bare places stay units of their own, and no head is open
            merged.extend(bare)
            bare, open_head = [], False
        if merged and open_head and rules.division_re.fullmatch(squeezed):
            merged[-1] = merged[-1] + "、" + piece
            open_head = bool(rules.division_word_re.fullmatch(squeezed))
        else:
            merged.append(piece)
            open_head = bool(rules.bare_division_re.fullmatch(squeezed))
    return merged + bare


_BARE_PLACE = regex.compile(r"\p{Han}{2,3}")


def parse_units(value: str, role: Role, explicit: bool, offset: int = 0) -> list[ParsedUnit]:
    """The units of a label's value, in the order written.

    >>> [(u.name, u.role) for u in parse_units("县发改委、县工信局牵头，县财政局配合", "responsible", False)]
    [('县发改委', 'lead'), ('县工信局', 'lead'), ('县财政局', 'support')]
    >>> [u.name for u in parse_units("各县（市、区）人民政府、各区、市政府等", "responsible", False)]
    ['各县（市、区）人民政府', '各区、市政府']
    >>> [u.name for u in parse_units("县政府办、县生态环境局，按职责分工负责", "responsible", False)]
    ['县政府办', '县生态环境局']
    >>> remark = "省商务厅负责。具体任务均涉及相关市人民政府，下同"
    >>> [u.name for u in parse_units(remark, "responsible", False)]
    ['省商务厅']
    """
    rules = block_rules()
    units: list[ParsedUnit] = []
    begin = offset
    group, after_sentence, first = 0, False, True
    masked = mask_remarks(value)
    for segment in _split_top(masked, rules.segment_separators):
        segment_at, begin = begin, begin + len(segment) + 1
        separator = masked[begin - 1 - offset] if begin - 1 - offset < len(masked) else ""
        text = squeeze(segment)
        current_group, sentence_done = group, after_sentence
        group += separator in "；;"
        after_sentence = after_sentence or separator == "。"
        # a segment that is all role words (，按职责分工负责) names no unit
        if not text or text in rules.notes or any(text == word for word, _ in rules.role_words):
            continue
        if sentence_done and any(w in text for w in rules.remark_words):  # 具体任务均涉及…，不再做分工
            continue
        for word in rules.leading_words:
            if text.startswith(word) and len(text) > len(word):
                text = text[len(word) :]
        text, word_role = _strip_role_word(text)
        seg_role, seg_explicit = role, explicit
        if word_role in ("lead", "support"):
            seg_role, seg_explicit = word_role, True
        elif word_role == "responsible" and not first:  # 配合单位：A，B负责落实: B is responsible
            seg_role = word_role
        first = False
        for piece in _merge_collectives(_split_top(text, rules.unit_separators)):
            name, mark = clean_unit(piece)
            name, piece_role = _strip_role_word(name)
            unit_role, unit_explicit = seg_role, seg_explicit
            for found in (piece_role, mark):
                if found in ("lead", "support"):
                    unit_role, unit_explicit = found, True
            # after a full stop a block may go on in prose (以下均需…落实，不再列出): only agencies count
            if name and (not sentence_done or is_known_agency(name)):
                units.append(ParsedUnit(name, unit_role, unit_explicit, segment_at, current_group))
    return units


def parse_fields(content: str, offset: int = 0) -> list[ParsedUnit]:
    """The units of a block's content: each label's value; other fields are skipped.

    >>> [(u.name, u.role) for u in parse_fields("牵头单位：县发改委；配合单位：县工信局、县财政局")]
    [('县发改委', 'lead'), ('县工信局', 'support'), ('县财政局', 'support')]
    >>> [u.name for u in parse_fields("责任部门：气候处，完成期限：2021年四季度")]
    ['气候处']
    >>> [(u.name, u.role) for u in parse_fields("牵头部门：县卫健委配合部门：县医保局")]
    [('县卫健委', 'lead'), ('县医保局', 'support')]
    """
    rules = block_rules()
    depths = _depths(content)
    keys: list[regex.Match[str]] = []
    # overlapped: the match at every start position, as key_re.match(content, i) would give it
    for found in rules.key_re.finditer(content, overlapped=True):
        i = found.start()
        at_start = i == 0 or content[i - 1] in rules.segment_separators or content[i - 1].isspace()
        if depths[i] == 0 and not (keys and i < keys[-1].end()):
            # a role label starts a field even with nothing before it: the cleaner drops the space
            # in 【牵头部门：县卫健委  配合部门：县医保局】
            if at_start or squeeze(found.group("key")) in rules.labels:
                keys.append(found)
    units: list[ParsedUnit] = []
    for n, key in enumerate(keys):
        role = rules.labels.get(squeeze(key.group("key")))
        if role is None:  # another field: its value is not units
            continue
        value_end = keys[n + 1].start() if n + 1 < len(keys) else len(content)
        units += parse_units(content[key.end() : value_end], role, role != "responsible", offset + key.end())
    return units


def _before_fields(content: str) -> str:
    """A role list without the fields that follow it (``；完成时限：2024年12月``).

    >>> _before_fields("县城管局牵头，县发改局配合；完成时限：2024年12月")
    '县城管局牵头，县发改局配合'
    """
    rules = block_rules()
    for i, char in enumerate(content):
        if char in rules.segment_separators and rules.line_key_re.match(content, i + 1):
            return content[:i]
    return content


def parse_role_list(content: str, bare: bool = False) -> list[ParsedUnit] | None:
    """The units of a label-less bracket ``A、B牵头，C配合``, or None if it is not one.

    Every part must end with a role word, one of them lead or support, and every
    unit must be a recognised agency name.  With ``bare`` (the plan states a
    convention such as ``逗号前为牵头单位``), a list of recognised agencies with no
    role word at all is a block too: the convention gives the roles.

    >>> [(u.name, u.role) for u in parse_role_list("县发改委、县工信局牵头，县财政局配合")]
    [('县发改委', 'lead'), ('县工信局', 'lead'), ('县财政局', 'support')]
    >>> parse_role_list("市、区") is None, parse_role_list("牵头") is None
    (True, True)
    >>> parse_role_list("政府引导、企业参与") is None
    True
    >>> parse_role_list("县发改局，县财政局") is None, len(parse_role_list("县发改局，县财政局", bare=True))
    (True, 2)
    >>> [(u.name, u.role) for u in parse_role_list("市工业和信息化局、市财政局等按职责分工负责")]
    [('市工业和信息化局', 'responsible'), ('市财政局', 'responsible')]
    >>> parse_role_list("企业自主负责") is None
    True
    >>> [u.name for u in parse_role_list("市财政局等按职责分工负责，各区人民政府负责落实。以下均需落实")]
    ['市财政局', '各区人民政府']
    """
    rules = block_rules()
    if not bare and not any(word in squeeze(content) for word in rules.role_word_ends):
        return None  # most brackets are prose: without a role word no part can carry a role
    if rules.label_re.search(content):
        return None
    # a remark may follow the list after a full stop (…负责落实。以下均需…落实，不再列出)
    content = _split_top(content, "。")[0]
    parts = [squeeze(p) for p in _split_top(content, rules.segment_separators)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    roles = [_strip_role_word(part) for part in parts]
    bare_list = bare and all(role is None for _, role in roles)
    # （A、B等按职责分工负责，C负责落实）: agencies, each part at most a responsible word, the last
    # with one (SPEC: units responsible)
    responsible_list = bool(roles[-1][0]) and roles[-1][1] == "responsible"
    responsible_list = responsible_list and all(role in (None, "responsible") for _, role in roles)
    if not (bare_list or responsible_list):
        if any(role is None or not stripped for stripped, role in roles):
            return None
        if not any(role in ("lead", "support") for _, role in roles):
            return None
    units = parse_units(content, "responsible", False)
    # without a label only names that are recognised make a block: "（政府引导、企业参与）" is prose
    if not units or not all(is_known_agency(u.name) for u in units):
        return None
    return units


def apply_convention(units: list[ParsedUnit], convention: str | None) -> list[ParsedUnit]:
    """Roles by the plan's stated convention, for a block that names no lead or support.

    >>> units = parse_units("县发改委，县工信局、县财政局", "responsible", False)
    >>> [u.role for u in apply_convention(units, "first_segment")]
    ['lead', 'responsible', 'responsible']
    >>> units = parse_units("县发改委、县工信局", "responsible", False)
    >>> [u.role for u in apply_convention(units, "first_unit")]
    ['lead', 'responsible']
    >>> units = parse_units("甲市发改委、甲市财政局；乙省发改委、乙省财政厅", "responsible", False)
    >>> [u.role for u in apply_convention(units, "first_unit")]
    ['lead', 'responsible', 'lead', 'responsible']
    """
    if convention is None or not units or any(u.explicit for u in units):
        return units
    if convention == "first_unit":  # the first unit, and the first after every ；
        leads = {next(i for i, u in enumerate(units) if u.group == g) for g in {u.group for u in units}}
    else:  # first_segment: the units before the first comma
        first = units[0].segment
        leads = {i for i, u in enumerate(units) if u.segment == first}
    return [
        ParsedUnit(u.name, "lead" if i in leads else "responsible", u.explicit, u.segment, u.group)
        for i, u in enumerate(units)
    ]


def find_convention(paragraphs: list[Paragraph]) -> str | None:
    """The lead-unit convention the plan states once (``逗号前为牵头单位，下同``), if any.

    >>> find_convention([Paragraph(0, "（排在第一位的为牵头单位，下同）", 0, 16)])
    'first_unit'
    >>> find_convention([Paragraph(0, "加强组织领导。", 0, 7)]) is None
    True
    """
    rules = block_rules()
    for paragraph in paragraphs:
        text = squeeze(paragraph.text)
        for rule, pattern in rules.conventions:
            if pattern.search(text):
                return rule
    return None


# --------------------------------------------------------------------------- matching


@dataclass(slots=True)
class BlockMatch:
    """A block found in one paragraph (paragraph-local offsets, ``end`` exclusive)."""

    start: int
    end: int
    units: list[ParsedUnit]
    closed: bool = True
    open_line: bool = False  # a bracketless run that reaches the end of its paragraph


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _unclosed_end(text: str, begin: int) -> int:
    """Where an unclosed block's content stops: the first top-level 。 or the paragraph end."""
    for i, (char, depth) in enumerate(zip(text[begin:], _depths(text[begin:]), strict=True)):
        if char == "。" and depth == 0:
            return begin + i
    return len(text.rstrip())


# A label-less role list (`（A、B牵头，C配合）`) is short; a longer bracket is prose. The bound also keeps
# deeply nested brackets linear: without it every level re-reads everything inside it.
MAX_ROLE_LIST_CHARS = 400


def match_brackets(text: str, convention: str | None = None) -> list[BlockMatch]:
    """Bracket blocks in a paragraph: labelled (a label first, or a field then a label),
    or label-less role lists.

    >>> [(m.start, m.end) for m in match_brackets("推进节能。〔责任单位：县发改委〕")]
    [(5, 16)]
    >>> match_brackets("各县（市、区）要加强领导。")
    []
    """
    rules = block_rules()
    found: list[BlockMatch] = []
    i = 0
    while (opener := rules.opener_re.search(text, i)) is not None:
        i = opener.start()
        close = _matching_close(text, i)
        label_at = _skip_space(text, i + 1)
        if rules.label_re.match(text, label_at):
            if close is None:  # closed by a bracket of another family?
                close = _stray_close(text, label_at)
            end = close if close is not None else _unclosed_end(text, label_at)
            units = parse_fields(text[label_at:end])
            found.append(BlockMatch(i, end + 1 if close is not None else end, units, close is not None))
            i = end + 1
            continue
        if close is not None and rules.line_key_re.match(text, label_at):  # a field first, then a label
            units = parse_fields(text[label_at:close])
            if units:
                found.append(BlockMatch(i, close + 1, units))
                i = close + 1
                continue
        if close is not None and close - i <= MAX_ROLE_LIST_CHARS:
            # a bare list of agencies (no role words) is a block only where a task ends: after it
            # comes the paragraph's end or a 。, not more of the sentence (各部门（A、B）要…)
            ends_task = text[close + 1 : close + 2].strip() in ("", "。", "；", ";")
            content = _before_fields(text[i + 1 : close])
            units = parse_role_list(content, bare=convention is not None and ends_task)
            if units is not None:
                found.append(BlockMatch(i, close + 1, units))
                i = close + 1
                continue
        i += 1
    return found


def _run_end(text: str, begin: int) -> int:
    """The end of a bracketless run from ``begin``: its sentences that open with a label or field."""
    rules = block_rules()
    end = begin
    position = begin
    for sentence in _split_top(text[begin:], "。"):
        stop = position + len(sentence)
        if position > begin and not rules.line_key_re.match(text, _skip_space(text, position)):
            break
        end = min(stop + 1, len(text))  # keep the 。 that ends it
        position = stop + 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return end


def match_line(text: str, taken: list[BlockMatch]) -> BlockMatch | None:
    """A bracketless ``label：…`` run: at the paragraph start, after a sentence end or a block.

    >>> m = match_line("推进节能。责任单位：县发改委、县工信局。", [])
    >>> (m.start, m.end, [u.name for u in m.units], m.open_line)
    (5, 20, ['县发改委', '县工信局'], True)
    >>> match_line("明确责任单位：各乡镇要加强领导", []) is None
    True
    """
    rules = block_rules()
    depths: list[int] | None = None  # measured only where a label stands: most paragraphs have none
    first = _skip_space(text, 0)
    for label in rules.label_re.finditer(text, first, overlapped=True):
        i = label.start()
        if depths is None:
            depths = _depths(text)
        if depths[i] or any(m.start <= i < m.end for m in taken):
            continue
        before = i
        while before > 0 and text[before - 1].isspace():
            before -= 1
        after_end = before > 0 and text[before - 1] in rules.sentence_ends
        after_block = any(m.end == before for m in taken)
        if i == first or after_end or after_block:
            end = _run_end(text, i)
            units = parse_fields(text[i:end])
            return BlockMatch(i, end, units, open_line=end == len(text.rstrip()))
    return None


def match_continuation(text: str, offset: int = 0) -> BlockMatch | None:
    """A paragraph that is wholly a ``label：…`` or listed ``field：…`` line, continuing a block.

    ``offset`` places the units' segments in the whole text (the paragraph's start), so that
    segments of different paragraphs stay apart.

    >>> m = match_continuation("责任单位：各县（市、区）人民政府")
    >>> (m.start, m.end, [u.name for u in m.units])
    (0, 16, ['各县（市、区）人民政府'])
    >>> match_continuation("完成时限：2025年").units
    []
    >>> match_continuation("主要目标：到2025年") is None
    True
    >>> match_continuation("责任单位：县发改委。正文") is None
    True
    """
    start = _skip_space(text, 0)
    if block_rules().line_key_re.match(text, start) is None:
        return None
    end = _run_end(text, start)
    if end != len(text.rstrip()):
        return None
    return BlockMatch(start, end, parse_fields(text[start:end], offset + start), open_line=True)


# --------------------------------------------------------------------------- the stage


def _to_block(
    match: BlockMatch, start_par: Paragraph, end_par: Paragraph, clean: CleanText, convention: str | None
) -> ResponsibilityBlock:
    start, end = clean.raw_span(start_par.start + match.start, end_par.start + match.end)
    units = apply_convention(match.units, convention)
    return ResponsibilityBlock(
        section=start_par.section,
        start=start,
        end=end,
        units=[AgencyUnit(u.name, canonical_name(u.name), u.role) for u in units],
    )


def extract_responsibilities(
    paragraphs: list[Paragraph], clean: CleanText
) -> tuple[list[ResponsibilityBlock], list[str]]:
    """All responsibility blocks of a plan, with raw spans, and the warnings raised.

    Blocks come in text order.  Warnings: W102 for each bracket never closed (its
    units up to the next top-level 。 are still read), W101 once per distinct unit
    name that is not recognised (the unit is kept as written).

    >>> text = "1.推进节能。〔牵头单位：县发改委；配合单位：县工信局〕"
    >>> blocks, _ = extract_responsibilities([Paragraph(0, text, 0, len(text), "1")],
    ...                                      CleanText(text, list(range(len(text)))))
    >>> [(b.start, b.end, [(u.canonical, u.role) for u in b.units]) for b in blocks]
    [(7, 28, [('发展和改革委员会', 'lead'), ('工业和信息化局', 'support')])]
    """
    convention = find_convention(paragraphs)
    blocks: list[ResponsibilityBlock] = []
    warnings: list[str] = []
    run: tuple[BlockMatch, Paragraph, Paragraph] | None = None  # an open stand-alone run

    def flush() -> None:
        nonlocal run
        if run is not None and run[0].units:
            blocks.append(_to_block(run[0], run[1], run[2], clean, convention))
        run = None

    for paragraph in paragraphs:
        text = paragraph.text
        line = match_continuation(text, paragraph.start) if run is not None else None
        if run is not None and line is not None:
            previous, first_par, _ = run
            run = (
                BlockMatch(previous.start, line.end, previous.units + line.units, open_line=True),
                first_par,
                paragraph,
            )
            continue
        flush()
        matches = match_brackets(text, convention)
        for match in matches:
            if not match.closed:
                warnings.append(Warnings.W102.format(offset=clean.offsets[paragraph.start + match.start]))
            if match.units:
                blocks.append(_to_block(match, paragraph, paragraph, clean, convention))
        line = match_line(text, matches)
        if line is not None:
            if line.open_line:
                run = (line, paragraph, paragraph)
            elif line.units:
                blocks.append(_to_block(line, paragraph, paragraph, clean, convention))
    flush()
    blocks.sort(key=lambda b: b.start)
    seen: set[str] = set()
    for block in blocks:
        for unit in block.units:
            if unit.name not in seen and not is_known_agency(unit.name):
                warnings.append(Warnings.W101.format(name=unit.name))
            seen.add(unit.name)
    return blocks, warnings
