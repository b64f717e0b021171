"""Targets: the quantities a plan commits to (SPEC.md sections 2 and 4).

Every quantity of every sentence (``pipeline.quantities``) is a candidate; the
words around it decide, by rules over its clause (text between ``，；：`` or a
``、`` that follows a value), whether it is a target and what its fields are:

* ``match`` (:func:`read_candidate`): what stands right before the value (a cue:
  达到 / 下降 / 不低于 / 新增 …, peeled off one word at a time, with modality and
  分别), what stands right after it (以上 / 左右, 逐年递增, a noun, 的), and the
  exclusions (names and specifications, thresholds, slogans in quotes,
  explanations in brackets, counts of the plan's own parts, past figures);
* ``set_annotations`` (:func:`targets_in_sentence`): year, baseline, direction,
  comparator, modality and indicator, with continuations (``下降13.5%，力争达到14%``)
  and lists under 分别 resolved against the targets before it in the sentence.

A value with a cue of its own (达到, 下降, 不低于 …) is a target; a value that ends
its clause after an object (``新建充电桩700根``) or counts the object that follows
a verb (``新增2家省级以上绿色工厂``) is one only in a sentence with a time
expression, a paragraph that opens with a year, or a task with a deadline.
All keyword lists live in ``rules/targets.yaml``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import regex

from .quantities import find_quantities
from .records import CleanText, Paragraph, Quantity, Target
from .rules import load_yaml
from .text import squeeze

RULES = "targets.yaml"

_CLAUSE_END = "，,；;：:。！？!?"
_FOLLOW_END = _CLAUSE_END + "、）)」”’》】〕]"


def _longest_first(words: object) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in words or []), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Cue:
    """A word right before a value: its direction (or None) and comparator (or None)."""

    word: str
    direction: str | None
    comparator: str | None


@dataclass(frozen=True, slots=True)
class TargetRules:
    """``rules/targets.yaml``, compiled."""

    cues: tuple[Cue, ...]
    post_cues: tuple[tuple[str, str], ...]
    prefix_comparators: dict[str, str]
    suffix_comparators: tuple[tuple[str, str], ...]
    modality: tuple[str, ...]
    baseline: tuple[regex.Pattern[str], ...]
    time_target: tuple[regex.Pattern[str], ...]
    time_bare: tuple[regex.Pattern[str], ...]
    time_past: tuple[regex.Pattern[str], ...]
    time_relative: tuple[regex.Pattern[str], ...]
    five_year_plan: regex.Pattern[str]
    five_year_base: int
    five_year_step: int
    deadline: tuple[regex.Pattern[str], ...]
    past_cues: tuple[str, ...]
    count_verbs: tuple[str, ...]
    drop_lead: tuple[str, ...]
    drop_lead_fallback: tuple[str, ...]
    region_prefix: regex.Pattern[str]
    plan_parts: tuple[str, ...]
    list_marks: tuple[str, ...]
    distribute: tuple[str, ...]
    lead_cues: tuple[tuple[str, str], ...]
    fillers: tuple[str, ...]
    policy_clauses: tuple[regex.Pattern[str], ...]
    funding_lead: regex.Pattern[str]
    locative_lead: regex.Pattern[str]
    per_base: regex.Pattern[str]


@cache
def target_rules() -> TargetRules:
    """The rules of ``rules/targets.yaml``, compiled once."""
    data = load_yaml(RULES)
    prefix = {w: op for op, words in data["comparators"]["prefix"].items() for w in words}
    cues = [
        Cue(w, None if group == "level" else group, prefix.get(w))
        for group in ("level", "increase", "decrease")
        for w in data["cues"][group]
    ]
    suffix = [(w, op) for op, words in data["comparators"]["suffix"].items() for w in words]
    post = [(w, d) for d, words in data["post_cues"].items() for w in words]
    time = data["time"]
    plan = time["five_year_plan"]
    return TargetRules(
        cues=tuple(sorted(cues, key=lambda c: len(c.word), reverse=True)),
        post_cues=tuple(sorted(post, key=lambda p: len(p[0]), reverse=True)),
        prefix_comparators=prefix,
        suffix_comparators=tuple(sorted(suffix, key=lambda s: len(s[0]), reverse=True)),
        modality=_longest_first(data["modality"]),
        baseline=tuple(regex.compile(p) for p in data["baseline"]),
        time_target=tuple(regex.compile(p) for p in time["target"]),
        time_bare=tuple(regex.compile(p) for p in time["bare"]),
        time_past=tuple(regex.compile(p) for p in time["past"]),
        time_relative=tuple(regex.compile(p) for p in time["relative"]),
        five_year_plan=regex.compile(plan["pattern"]),
        five_year_base=int(plan["base"]),
        five_year_step=int(plan["step"]),
        deadline=tuple(regex.compile(p) for p in data["deadline"]),
        past_cues=_longest_first(data["past_cues"]),
        count_verbs=_longest_first(data["count_verbs"]),
        drop_lead=_longest_first(data["drop_lead"]),
        drop_lead_fallback=_longest_first(data["drop_lead_fallback"]),
        region_prefix=regex.compile(data["region_prefix"]),
        plan_parts=_longest_first(data["plan_parts"]),
        list_marks=_longest_first(data["list_marks"]),
        distribute=_longest_first(data["distribute"]),
        fillers=_longest_first(data["fillers"]),
        lead_cues=tuple(
            sorted(
                ((str(w), d) for d, words in data["lead_cues"].items() for w in words),
                key=lambda p: len(p[0]),
                reverse=True,
            )
        ),
        policy_clauses=tuple(regex.compile(p) for p in data["policy_clauses"]),
        funding_lead=regex.compile(data["funding_lead"]),
        locative_lead=regex.compile(data["locative_lead"]),
        per_base=regex.compile(data["per_base"]),
    )


# --------------------------------------------------------------------------- time


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression in a sentence: ``kind`` is target, past, relative or baseline."""

    start: int
    end: int
    year: int | None
    kind: str


@dataclass(frozen=True, slots=True)
class YearContext:
    """What the document says about "now".

    Bare years at or before ``past_until`` are past; so is any year before
    ``issued`` (the year of issue), even after 到 (``提高到2020年的60.8%`` in a
    plan issued in 2021 reports a figure).
    """

    past_until: int | None = None
    issued: int | None = None

    def kind_of_bare_year(self, year: int) -> str:
        return "past" if self.past_until is not None and year <= self.past_until else "target"

    def kind_of_aim(self, year: int) -> str:
        return "past" if self.issued is not None and year < self.issued else "target"


def five_year_plan_end(numeral: str) -> int:
    """The last year of the five-year plan “十N五” (N written as a Chinese digit).

    >>> five_year_plan_end("四"), five_year_plan_end("五")
    (2025, 2030)
    """
    rules = target_rules()
    return rules.five_year_base + rules.five_year_step * (10 + "一二三四五六七八九".index(numeral) + 1)


_five_year_plan_year = five_year_plan_end


def find_time_expressions(text: str, years: YearContext | None = None) -> list[TimeExpr]:
    """Time expressions in ``text`` (no overlaps), in order.

    >>> [(t.year, t.kind) for t in find_time_expressions("较2020年下降，到2025年，“十四五”期间，5年内")]
    [(2020, 'baseline'), (2025, 'target'), (2025, 'target'), (None, 'relative')]
    >>> [(t.year, t.kind) for t in find_time_expressions("2022年全县为31%", YearContext(2023))]
    [(2022, 'past')]
    >>> [(t.year, t.kind) for t in find_time_expressions("提高到2020年的60.8%", YearContext(2021, 2021))]
    [(2020, 'past')]
    """
    rules = target_rules()
    years = years or YearContext()
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, year: int | None, kind: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(TimeExpr(start, end, year, kind))

    for pattern in rules.baseline:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")  # 比上年: a baseline with no calendar year
            add(m.start(), m.end(), int(year) if year else None, "baseline")
    for pattern in rules.time_past:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")
            add(m.start(), m.end(), int(year) if year else None, "past")
    for m in rules.five_year_plan.finditer(text):
        year = _five_year_plan_year(m.group("n"))
        add(m.start(), m.end(), year, years.kind_of_bare_year(year))
    for pattern in rules.time_relative:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), None, "relative")
    kinds = ((rules.time_target, years.kind_of_aim), (rules.time_bare, years.kind_of_bare_year))
    for patterns, kind_of in kinds:  # explicit aims first: they win where a bare year overlaps
        for pattern in patterns:
            for m in pattern.finditer(text):
                if regex.match(r"\s*\d{1,2}\s*月", text[m.end() :]):  # a date: 2023年6月30日
                    continue
                year = int(m.group("year"))
                add(m.start(), m.end(), year, kind_of(year))
    return sorted(found, key=lambda t: t.start)


# the date of issue stands alone: "2023年6月30日", or "（2023年6月30日印发）"
_DATE_LINE = regex.compile(
    r"\s*[（(]?\s*(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布|公布)?\s*[）)]?\s*$"
)


def year_context(paragraphs: list[Paragraph]) -> YearContext:
    """ "Now" as the document shows it: the latest date of issue or baseline year.

    Bare years (``2022年全县…``) up to it are past figures; so are bare years
    before the earliest year the plan explicitly aims at (``到2025年``).

    The first full date that is a paragraph of its own (``2023年6月30日``, the date
    under the issuer's name) is taken as the date of issue; a date inside a sentence
    may be a deadline (``2025年12月31日前完成验收``) and says nothing about "now".

    >>> year_context([Paragraph(0, "2023年6月30日", 0, 11)])
    YearContext(past_until=2023, issued=2023)
    >>> year_context([Paragraph(0, "2025年12月31日完成全部项目验收。", 0, 19)])
    YearContext(past_until=None, issued=None)
    """
    rules = target_rules()
    past: list[int] = []
    aims: list[int] = []
    issued: int | None = None
    for p in paragraphs:
        m = _DATE_LINE.match(p.text)
        if m is not None:
            past.append(int(m.group(1)))
            issued = issued or int(m.group(1))
        for pattern in rules.baseline:
            past.extend(int(m["year"]) for m in pattern.finditer(p.text) if m.groupdict().get("year"))
        for pattern in rules.time_target:
            aims.extend(int(m.group("year")) for m in pattern.finditer(p.text))
    if aims:
        past.append(min(aims) - 1)
    return YearContext(max(past) if past else None, issued)


def paragraph_year(text: str) -> int | None:
    """The year a paragraph opens with (``2025年。``, ``到2025年：``), or None.

    >>> paragraph_year("到2025年：森林覆盖率达到60%。"), paragraph_year("森林覆盖率达到60%。")
    (2025, None)
    """
    m = regex.match(r"\s*(?:到|至|在)?\s*(\d{4})\s*年(?:底|末|前)?\s*[。：:，,]", text)
    return int(m.group(1)) if m else None


def deadline_year(text: str) -> int | None:
    """The deadline year of a task written in its paragraph (``完成期限：2021年四季度``).

    >>> deadline_year("建立制度。（责任部门：气候处，完成期限：2021年四季度）")
    2021
    """
    for pattern in target_rules().deadline:
        m = pattern.search(text)
        if m:
            return int(m.group("year"))
    return None


# ------------------------------------------------------------------------ matching


@dataclass(slots=True)
class Candidate:
    """A quantity of a sentence read against its clause (offsets within the sentence)."""

    quantity: Quantity
    clause_start: int
    subject: str  # the clause before the value, cue words peeled off
    cue: Cue | None
    modal: bool
    distribute: bool
    comparator: str
    direction: str | None
    follow: str  # end | noun | modifier | post
    after: str  # the noun phrase after the value (follow == noun)
    suffix_end: int
    strong: bool
    list_of: Candidate | None = None
    verb: str = ""  # the count verb before the value (新增2家…)
    after_end: int | None = None
    target: Target | None = None


def _peel_cues(pre: str) -> tuple[str, Cue | None, bool, bool]:
    """Peel cue, modality and 分别 words off the end of the text before a value.

    >>> _peel_cues("森林覆盖率力争达到")[1:]
    (Cue(word='达到', direction=None, comparator=None), True, False)
    >>> _peel_cues("占比分别达")[0]
    '占比'
    >>> cues = [_peel_cues(p)[1] for p in ("排放下降约", "约下降", "累计下降不低于")]
    >>> [(c.direction, c.comparator) for c in cues]
    [('decrease', '~'), ('decrease', '~'), ('decrease', '>=')]
    """
    rules = target_rules()
    cue: Cue | None = None
    modal = distribute = False
    text = pre.rstrip()
    while text:
        for c in rules.cues:
            if text.endswith(c.word):
                if cue is None:
                    cue = c
                else:  # 下降约 / 约下降 / 下降不低于: each cue gives what the other lacks
                    cue = replace(
                        cue, direction=cue.direction or c.direction, comparator=cue.comparator or c.comparator
                    )
                text = text[: -len(c.word)].rstrip()
                break
        else:
            word = next((w for w in rules.modality if text.endswith(w)), None)
            if word is not None:
                modal = True
            else:
                word = next((w for w in rules.distribute if text.endswith(w)), None)
                if word is not None:
                    distribute = True
                else:
                    word = next((w for w in rules.fillers if text.endswith(w)), None)
                    if word is None:
                        break
            text = text[: -len(word)].rstrip()
    return text, cue, modal, distribute


def _enclosed(text: str, pos: int, opens: str, closes: str) -> bool:
    """Whether ``pos`` lies inside an open bracket or quote of ``text``.

    >>> _enclosed("实施“1+6+N”工程", 4, "“", "”"), _enclosed("实施“1+6+N”工程", 9, "“", "”")
    (True, False)
    """
    return _depths(text, opens, closes)[pos] > 0


@lru_cache(maxsize=64)
def _depths(text: str, opens: str, closes: str) -> list[int]:
    """Bracket depth before each position of ``text``, in one pass (a rescan per value is quadratic)."""
    depths = [0] * (len(text) + 1)
    depth = 0
    for i, char in enumerate(text):
        if char in opens:
            depth += 1
        elif char in closes and depth:
            depth -= 1
        depths[i + 1] = depth
    return depths


def _excluded_by_position(text: str, q: Quantity) -> bool:
    """Slogans in quotes, explanations in brackets, titles, and 1+6+N names."""
    if _enclosed(text, q.start, "“「『《", "”」』》") or _enclosed(text, q.start, "（(", "）)"):
        return True
    return (q.start > 0 and text[q.start - 1] in "+＋") or text[q.end : q.end + 1] in ("+", "＋")


def _after_value(text: str, q: Quantity) -> tuple[str, int, str, str | None]:
    """What follows a value: comparator suffix, where it ends, the follow kind, post direction."""
    rules = target_rules()
    pos = q.end
    m = regex.match(r"\s*[（(][^）)]{0,12}[）)]", text[pos:])  # 1000吨标准煤（等价值）及以上
    if m and not regex.search(r"\d", m.group()):
        pos += m.end()
    comparator = "="
    rest = text[pos:]
    for word, op in rules.suffix_comparators:
        if rest.lstrip().startswith(word):
            comparator = op
            pos += len(rest) - len(rest.lstrip()) + len(word)
            break
    rest = text[pos:].lstrip()
    for word, direction in rules.post_cues:
        if rest.startswith(word):
            return comparator, pos, "post", direction
    if not rest or rest[0] in _FOLLOW_END:
        return comparator, pos, "end", None
    if rest[0] == "的":
        return comparator, pos, "modifier", None
    return comparator, pos, "noun", None


def _threshold(text: str, suffix_end: int, follow: str) -> bool:
    """``1000吨标准煤及以上“两高”项目``: a bound that defines a set, not a goal."""
    before = text[max(0, suffix_end - 16) : suffix_end]
    return follow in ("noun", "modifier") and regex.search(r"及以[上下]$", before.rstrip()) is not None


# Real clauses run to a few dozen characters; reading at most this far around a value keeps a
# text with no clause marks (a list joined by 、 only) linear instead of quadratic.
MAX_CLAUSE_CHARS = 160


@lru_cache(maxsize=64)
def _policy_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Clauses of ``text`` that state a subsidy rate or cap, not a goal (one pass per sentence).

    >>> _policy_spans("对项目按投资额的10%给予补助，单个项目补助最高不超过200万元。")
    ((0, 15), (16, 32))
    >>> _policy_spans("困难残疾人生活补贴发放率保持100%。")
    ()
    """
    spans = []
    start = 0
    for m in regex.finditer(f"[{regex.escape(_CLAUSE_END)}]|$", text):
        clause = text[start : m.start()]
        if clause and any(p.search(clause) for p in target_rules().policy_clauses):
            spans.append((start, m.start()))
        start = m.end()
        if m.start() == len(text):
            break
    return tuple(spans)


def _committed(cand: Candidate) -> bool:
    """A value without a cue that the plan still commits to without a time expression.

    A modal verb (``力争新增…3家``), a bound after it (``3000亩以上``) or a verb of
    making things (``新建公共充电桩1500个``) in its clause: project boxes (专栏) list
    such values with no year.
    """
    rules = target_rules()
    return (
        cand.modal
        or cand.comparator != "="
        or bool(cand.verb)
        or any(v in cand.subject for v in rules.count_verbs)
    )


def read_candidate(text: str, q: Quantity, clause_start: int, previous: Candidate | None) -> Candidate | None:
    """Read one quantity against its clause; None when a rule excludes it."""
    rules = target_rules()
    clause_start = max(clause_start, q.start - MAX_CLAUSE_CHARS)
    if _excluded_by_position(text, q):
        return None
    comparator, suffix_end, follow, post = _after_value(text, q)
    if follow == "modifier" or _threshold(text, suffix_end, follow):
        return None
    pre = text[clause_start : q.start]
    if any(w in pre for w in rules.past_cues) or any(a <= q.start < b for a, b in _policy_spans(text)):
        return None
    base = rules.per_base.search(pre)
    if base is not None:  # 托位数达到每千人口4.5个: the cue stands before the base
        pre = pre[: base.start()]
    list_of = None
    if previous is not None and previous.target is not None:
        between = text[previous.suffix_end : q.start].strip()
        if between in rules.list_marks and not pre.strip(" 、和及"):
            list_of = previous.list_of or previous
    subject, cue, modal, distribute = _peel_cues(pre)
    verb = next((v for v in rules.count_verbs if cue is None and subject.endswith(v)), None)
    if verb is not None:  # 至少建成1座…, 力争新增2家…: a comparator or modality before the verb
        head, cue, verb_modal, _ = _peel_cues(subject[: -len(verb)])
        subject, modal = head + verb, modal or verb_modal
    if list_of is not None:
        cue, modal, distribute = list_of.cue, list_of.modal, list_of.distribute
        if comparator == "=" and list_of.comparator != "=":
            comparator = list_of.comparator
    if comparator == "=" and cue is not None and cue.comparator:
        comparator = cue.comparator
    direction = post or (cue.direction if cue else None)
    strong = cue is not None or post is not None
    after = ""
    after_end = None
    if follow == "noun":
        after = regex.split(
            rf"[{regex.escape(_CLAUSE_END)}〔【]|、(?=[0-9０-９一二两三四五六七八九十])",
            text[suffix_end:],
            maxsplit=1,
        )[0].strip()
        after_end = text.find(after, suffix_end) + len(after)
        if q.norm_unit == "count":
            # the noun is the whole of what follows: 三个重点 is a part of the plan, 15家重点企业 is not
            if any(
                after.startswith(w) and not regex.match(r"\p{Han}", after[len(w) :]) for w in rules.plan_parts
            ):
                return None
            if (
                previous is not None
                and previous.verb
                and previous.after_end is not None
                and text[previous.after_end : q.start].strip() in rules.list_marks
            ):  # 新增1个省级森林乡镇、5个省级森林村庄: the verb governs the list
                subject, verb, modal = previous.verb, previous.verb, previous.modal
            stripped = subject
            for w in rules.modality:
                stripped = stripped.removesuffix(w)
            if not (
                cue is not None or any(stripped.endswith(v) or subject.endswith(v) for v in rules.count_verbs)
            ):
                if not any((pre.rstrip()).endswith(v) for v in rules.modality):
                    return None
        elif q.norm_unit != "percent":
            return None
    if q.unit == "" and not strong:
        return None
    if q.norm_unit == "d" and cue is None:
        return None
    return Candidate(
        quantity=q,
        clause_start=clause_start,
        subject=subject,
        cue=cue,
        modal=modal,
        distribute=distribute,
        comparator=comparator,
        direction=direction,
        follow=follow,
        after=after,
        suffix_end=suffix_end,
        strong=strong,
        list_of=list_of,
        verb=verb or "",
        after_end=after_end,
    )


# ------------------------------------------------------------------- annotations


def clean_indicator(text: str, fallback: bool = False) -> str:
    """The indicator named in ``text``: time, baseline and lead words removed, no white space.

    >>> clean_indicator("到2025年，全区天然气消费量")
    '天然气消费量'
    >>> clean_indicator("单位地区生产总值能源消耗较2020年")
    '单位地区生产总值能源消耗'
    >>> clean_indicator("全面优化电能使用效率（PUE）", fallback=True)
    '电能使用效率（PUE）'
    >>> clean_indicator("区财政每年安排绿色低碳发展专项资金")
    '绿色低碳发展专项资金'
    >>> clean_indicator("在示例经济开发区建设新型储能电站")
    '建设新型储能电站'
    """
    rules = target_rules()
    for expr in find_time_expressions(text)[::-1]:
        text = text[: expr.start] + text[expr.end :]
    text = squeeze(text)
    for lead in (rules.funding_lead, rules.locative_lead):  # the payer of a fund, where a thing is built
        m = lead.match(text)
        text = text[m.end() :] if m else text
    leads = rules.drop_lead + rules.modality + (rules.drop_lead_fallback if fallback else ())
    changed = True
    while changed and text:
        changed = False
        stripped = text.lstrip("，,；;：:、。 ")
        m = rules.region_prefix.match(stripped)
        if m and _word_ends_at(stripped, m.end()):
            stripped = stripped[m.end() :]
        for word in leads:
            if stripped.startswith(word) and _word_ends_at(stripped, len(word)):
                stripped = stripped[len(word) :]
                break
        if stripped != text:
            text, changed = stripped, True
    return text.rstrip("，,；;：:、的")


def _word_ends_at(text: str, pos: int) -> bool:
    """Whether a word of the segmenter ends at ``pos`` (建成|区 is not 建成区).

    >>> _word_ends_at("其中更新改造", 2), _word_ends_at("建成区绿地率", 2)
    (True, False)
    """
    from .segment import segment

    return pos >= len(text) or any(t.end == pos for t in segment(text[: pos + 8]))


def _object_of(clause: str) -> str:
    """What follows the last verb of ``drop_lead_fallback`` in a clause (its object).

    >>> _object_of("新建数据中心全面优化电能利用效率（PUE）")
    '电能利用效率（PUE）'
    """
    verbs = target_rules().drop_lead_fallback
    ends = [m.end() for v in verbs for m in regex.finditer(regex.escape(v), clause)]
    return clause[max(ends) :] if ends else clause


@lru_cache(maxsize=64)
def _clause_starts(text: str) -> tuple[int, ...]:
    """Where the clauses of ``text`` start (after each ，；：。…); cached: asked once per value."""
    return tuple(i + 1 for i, c in enumerate(text) if c in _CLAUSE_END)


@dataclass(slots=True)
class SentenceContext:
    """What a sentence knows beyond itself."""

    paragraph_year: int | None = None
    deadline: int | None = None
    years: YearContext = field(default_factory=YearContext)
    section: str | None = None


def targets_in_sentence(text: str, ctx: SentenceContext | None = None) -> list[Target]:
    """The targets of one sentence (offsets within the sentence, ``section`` from ``ctx``).

    >>> [(t.indicator, t.value, t.direction, t.baseline_year, t.modality)
    ...  for t in targets_in_sentence("到2025年，单位地区生产总值能源消耗较2020年下降13.5%，力争达到14%。")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('单位地区生产总值能源消耗', 13.5, 'decrease', 2020, 'binding'),
     ('单位地区生产总值能源消耗', 14.0, 'decrease', 2020, 'aspirational')]
    """
    ctx = ctx or SentenceContext()
    times = find_time_expressions(text, ctx.years)
    if any(t.kind == "past" and t.year is None for t in times) and not any(t.kind == "target" for t in times):
        return []
    clause_starts = _clause_starts(text)
    has_time = any(t.kind in ("target", "relative") for t in times) or bool(
        ctx.paragraph_year or ctx.deadline
    )
    first_clause_end = next((s for s in clause_starts if s > 0), len(text))
    first_clause = clean_indicator(text[:first_clause_end]).strip("，,")
    sentence_modal = any(text.lstrip().startswith(w) for w in target_rules().modality) and first_clause == ""
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    for q in find_quantities(text):
        start = max([0, *(s for s in clause_starts if s <= q.start)])
        for c in candidates:
            for end in (c.suffix_end, c.after_end):
                if (
                    c.target is not None
                    and end is not None
                    and end <= q.start
                    and text[end : end + 1] == "、"
                ):
                    start = max(start, end + 1)
        cand = read_candidate(text, q, start, previous)
        if cand is None:
            continue
        if not cand.strong and not ((has_time or _committed(cand)) and (cand.subject.strip() or cand.after)):
            continue
        before = [t for t in times if t.end <= q.start and t.kind != "baseline"]
        if before and before[-1].kind == "past":
            continue
        cand.target = _annotate(text, cand, candidates, times, ctx, sentence_modal)
        if cand.target is None:
            continue
        candidates.append(cand)
        previous = cand
    _distribute(candidates)
    return [c.target for c in candidates if c.target is not None]


def _annotate(
    text: str,
    cand: Candidate,
    earlier: list[Candidate],
    times: list[TimeExpr],
    ctx: SentenceContext,
    sentence_modal: bool,
) -> Target | None:
    q = cand.quantity
    own_time = [
        t for t in times if cand.clause_start <= t.start and t.end <= q.start and t.kind != "baseline"
    ]
    before = [t for t in times if t.end <= q.start and t.kind != "baseline"]
    year = before[-1].year if before else (ctx.paragraph_year or ctx.deadline)
    prior = next((c for c in reversed(earlier) if c.target is not None), None)
    # indicator
    indicator = clean_indicator(cand.subject)
    if cand.follow == "noun" and cand.after:
        subject = clean_indicator(cand.subject)
        if subject not in target_rules().drop_lead:  # 新增 stays, a trailing 建成 goes
            subject = next(
                (subject[: -len(w)] for w in target_rules().drop_lead if subject.endswith(w)), subject
            )
        indicator = subject + squeeze(cand.after)
    inherited = False
    if cand.list_of is not None and cand.list_of.target is not None:
        indicator = cand.list_of.target.indicator
        inherited = True
    elif not indicator:
        if prior is not None:
            indicator, inherited = prior.target.indicator, True
        else:
            starts = [s for s in _clause_starts(text[: cand.clause_start - 1]) if s < cand.clause_start - 1]
            prev_clause = text[max([0, *starts]) : max(cand.clause_start - 1, 0)]
            indicator = clean_indicator(_object_of(prev_clause), fallback=True)
    if not indicator:
        return None
    # direction and baseline
    direction = cand.direction or "level"
    if cand.direction is None and cand.cue is None and not inherited:
        for word, lead_direction in target_rules().lead_cues:
            if indicator.startswith(word) and len(indicator) > len(word):  # 压减燃煤消费量30万吨
                indicator, direction = indicator[len(word) :], lead_direction
                break
    baseline = None
    restates = (
        inherited
        and cand.list_of is None
        and prior is not None
        and cand.direction is None
        and (cand.cue is None or cand.cue.word in ("达到", "达"))
        and prior.target.norm_unit == q.norm_unit
        and not own_time
    )
    if cand.list_of is not None and cand.list_of.target is not None:
        direction = cand.list_of.target.direction
        baseline = cand.list_of.target.baseline_year
    elif restates:
        direction, baseline = prior.target.direction, prior.target.baseline_year
    if direction != "level" or q.norm_unit == "times":
        for t in times:
            own_clause = text[t.end : t.end + 1] in tuple(_CLAUSE_END)  # 与2020年相比，…
            if (
                t.kind == "baseline"
                and t.end <= q.start
                and (t.start >= cand.clause_start or text[t.start] == "以" or own_clause)
            ):
                baseline = t.year
    # 力争 governs its whole clause (up to ，；。), across a 、 list: 力争建成工厂3家、园区1个
    whole_clause = text[max([0, *(s for s in _clause_starts(text) if s <= q.start)]) : q.start]
    modal = cand.modal or sentence_modal or any(w in whole_clause for w in target_rules().modality)
    if cand.list_of is not None:
        modal = cand.list_of.modal or modal
    return Target(
        indicator=indicator,
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        norm_value=q.norm_value,
        norm_unit=q.norm_unit,
        comparator=cand.comparator,  # type: ignore[arg-type]
        direction=direction,  # type: ignore[arg-type]
        target_year=year,
        baseline_year=baseline,
        modality="aspirational" if modal else "binding",
        section=ctx.section,
        start=q.start,
        end=q.end,
        sentence=text,
    )


def _distribute(candidates: list[Candidate]) -> None:
    """``A、B占比分别达72%、35%``: one indicator per value (or one year per value)."""
    groups: dict[int, list[Candidate]] = {}
    for c in candidates:
        head = c.list_of or c
        if head.distribute:
            groups.setdefault(id(head), []).append(c)
    for group in groups.values():
        first = group[0]
        if first.target is None or len(group) < 2:
            continue
        clause = (
            first.target.sentence[first.clause_start : first.quantity.start] if first.target.sentence else ""
        )
        years = [t.year for t in find_time_expressions(clause) if t.kind == "target" and t.year]
        if len(years) == len(group) and regex.search(r"\d\s*年?\s*、", clause):  # 到2025年、2030年分别…
            for c, year in zip(group, years, strict=True):
                if c.target is not None:
                    c.target.target_year = year
            continue
        items = [i for i in clean_indicator(first.subject).split("、") if i]
        if len(items) != len(group):
            continue
        names = _distributed_names(items)
        for c, name in zip(group, names, strict=True):
            if c.target is not None:
                c.target.indicator = name


def _distributed_names(items: list[str]) -> list[str]:
    """Share the head of the last subject with the ones before it.

    >>> _distributed_names(["公交车", "出租汽车（含网约车）新能源汽车占比"])
    ['公交车新能源汽车占比', '出租汽车（含网约车）新能源汽车占比']
    """
    last = items[-1]
    if "）" in last or ")" in last:
        head = regex.split(r"[）)]", last)[-1]
    else:
        from .segment import segment

        tokens = segment(last)
        width = len(segment(items[0]))
        head = last[tokens[width].start :] if len(tokens) > width else ""
    return [item + head for item in items[:-1]] + [last]


# ----------------------------------------------------------------------- document


def extract_targets(paragraphs: list[Paragraph], clean: CleanText) -> list[Target]:
    """Every target of the plan, with raw spans (``clean.raw_span``) and its section.

    >>> text = "到2025年，森林覆盖率达到60%。"
    >>> clean = CleanText(text, list(range(len(text))))
    >>> t = extract_targets([Paragraph(0, text, 0, len(text), "二")], clean)[0]
    >>> (t.indicator, t.value, t.norm_unit, t.target_year, t.section, text[t.start:t.end])
    ('森林覆盖率', 60.0, 'percent', 2025, '二', '60%')
    """
    from .structure import split_sentences

    years = year_context(paragraphs)
    targets: list[Target] = []
    for paragraph in paragraphs:
        if paragraph.in_table:  # a table's row is no running text (its cells: pipeline.table_targets)
            continue
        ctx = SentenceContext(
            paragraph_year(paragraph.text), deadline_year(paragraph.text), years, paragraph.section
        )
        for sentence in split_sentences(paragraph):
            offset = sentence.start
            for target in targets_in_sentence(sentence.text, ctx):
                target.start, target.end = clean.raw_span(offset + target.start, offset + target.end)
                targets.append(target)
    return targets


def set_pages(targets: list[Target], page_starts: tuple[int, ...]) -> None:
    """Give each target the 1-based page its span starts on, for inputs that have pages.

    >>> t = targets_in_sentence("到2025年，森林覆盖率达到60%。")[0]
    >>> set_pages([t], (0, 5)); t.page
    2
    """
    if not page_starts:
        return
    for target in targets:
        if target.page is None:
            target.page = bisect.bisect_right(page_starts, target.start)
