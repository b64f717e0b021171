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
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import regex

from .admission import Facts, decide
from .quantities import find_quantities, more_than
from .records import CleanText, Paragraph, Quantity, Rejection, Section, Target
from .target_rules import CLAUSE_END, Cue, document_kind, target_rules
from .text import any_of, squeeze
from .times import (
    TimeExpr,
    YearContext,
    body_year,
    closing_deadlines,
    deadline_year,
    find_time_expressions,
    opens_in_past,
    paragraph_year,
    year_context,
)

# what may follow a value that ends its clause; an opening bracket starts an aside to it
# (总规模达到800万亩（其中A 200万亩、B 600万亩）)
_FOLLOW_END = CLAUSE_END + "、）)」”’》】〕]（("

# patterns of the code (the rules' own are compiled in target_rules)
_ASIDE_AFTER_VALUE = regex.compile(r"\s*[（(][^）)]{0,12}[）)]")
_DIGIT = regex.compile(r"\d")
# (patterns of literal characters only run on the faster standard ``re``: see pipeline.quantities)
_THRESHOLD_END = re.compile(r"及以[上下]$")
_CLAUSE_OR_END = re.compile(f"[{re.escape(CLAUSE_END)}]|$")
_HAN = regex.compile(r"\p{Han}")
_YEAR_LIST = regex.compile(r"\d\s*年?\s*、")
_CLOSE_BRACKET = re.compile(r"[）)]")

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
    facts: Facts = field(default_factory=Facts)  # what the admission rules read
    rule: str = ""  # the rule that took or left the value (pipeline.admission)


@cache
def _cues_by_last_char() -> dict[str, tuple[Cue, ...]]:
    """The cues grouped by their last character, each group longest first like ``cues``."""
    groups: dict[str, list[Cue]] = {}
    for c in target_rules().cues:
        groups.setdefault(c.word[-1], []).append(c)
    return {char: tuple(cues) for char, cues in groups.items()}


def _peel_cues(pre: str) -> tuple[str, Cue | None, bool, bool]:
    """Peel cue, modality and 分别 words off the end of the text before a value.

    >>> _peel_cues("森林覆盖率力争达到")[1:]
    (Cue(word='达到', direction=None, comparator=None), True, False)
    >>> _peel_cues("占比分别达")[0]
    '占比'
    >>> _peel_cues("统计年限为验收前最近")[1] is None  # 最近 is a word, not the cue 近
    True
    >>> _peel_cues("能耗、用水量分别较2020年降低")[0], _peel_cues("能耗、用水量分别较2020年降低")[3]
    ('能耗、用水量', True)
    >>> cues = [_peel_cues(p)[1] for p in ("排放下降约", "约下降", "累计下降不低于")]
    >>> [(c.direction, c.comparator) for c in cues]
    [('decrease', '~'), ('decrease', '~'), ('decrease', '>=')]
    """
    rules = target_rules()
    cues = _cues_by_last_char()  # only cues ending with the last character can end the text
    cue: Cue | None = None
    modal = distribute = False
    text = pre.rstrip()
    while text:
        for c in cues.get(text[-1], ()):
            guard = rules.cue_guards.get(c.word, "")
            if text.endswith(c.word) and not (guard and text[: -len(c.word)].endswith(tuple(guard))):
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
                baseline = rules.baseline_at_end.search(text) if cue is not None else None
                if word is not None:
                    distribute = True
                elif baseline is not None:  # 分别较2020年降低: the baseline between 分别 and its cue
                    word = text[baseline.start() :]
                else:
                    word = next((w for w in rules.fillers if text.endswith(w)), None)
                    if word is None:
                        break
            text = text[: -len(word)].rstrip()
    return text, cue, modal, distribute


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


def _enclosure(text: str, pos: int, opens: str, closes: str) -> tuple[int, int] | None:
    """The innermost brackets or quotes of ``text`` that ``pos`` stands in: (opening, closing) offsets.

    The closing offset is ``len(text)`` for brackets left open.  Looked for within
    ``MAX_CLAUSE_CHARS`` of ``pos``: a mark farther off quotes a passage, not a name.

    >>> _enclosure("实施“1+6+N”工程", 4, "“", "”"), _enclosure("实施“1+6+N”工程", 9, "“", "”")
    ((2, 8), None)
    """
    if not any(mark in text for mark in opens):  # most sentences: no bracket to build depths for
        return None
    depths = _depths(text, opens, closes)
    depth = depths[pos]
    if depth == 0:
        return None
    opening = next(
        (
            i
            for i in range(pos - 1, max(-1, pos - MAX_CLAUSE_CHARS), -1)
            if text[i] in opens and depths[i] == depth - 1
        ),
        None,
    )
    if opening is None:
        return None
    closing = next(
        (
            j
            for j in range(pos, min(len(text), pos + MAX_CLAUSE_CHARS))
            if text[j] in closes and depths[j] == depth
        ),
        len(text),
    )
    return opening, closing


def _plus_name(text: str, q: Quantity) -> bool:
    """``1+6+N``: a number joined by plus signs is part of a name."""
    return (q.start > 0 and text[q.start - 1] in "+＋") or text[q.end : q.end + 1] in ("+", "＋")


def _after_value(text: str, q: Quantity) -> tuple[str, int, str, str | None]:
    """What follows a value: comparator suffix, where it ends, the follow kind, post direction."""
    rules = target_rules()
    pos = q.end
    m = _ASIDE_AFTER_VALUE.match(text, pos)  # 1000吨标准煤（等价值）及以上
    if m and not _DIGIT.search(m.group()):
        pos = m.end()
    comparator = ">" if more_than(q) else "="
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
    if not rest or rest[0] in _FOLLOW_END or rules.list_join.match(rest):  # 下降14.5%和15%: a list goes on
        return comparator, pos, "end", None
    if rest[0] == "的":
        return comparator, pos, "modifier", None
    return comparator, pos, "noun", None


def _threshold(text: str, suffix_end: int, follow: str, pre: str) -> bool:
    """A bound that defines a set, not a goal: ``1000吨标准煤及以上“两高”项目``; a value in a clause
    that opens on what it treats and closes that set with 的 (``对于规模超过100个标准机架的数据中心``).

    >>> text = "对于规模超过100个标准机架的数据中心，逐一登记。"
    >>> _threshold(text, 10, "noun", "对于规模超过"), _threshold("确保达到100个，", 7, "end", "确保达到")
    (True, False)
    """
    before = text[max(0, suffix_end - 16) : suffix_end]
    if follow in ("noun", "modifier") and _THRESHOLD_END.search(before.rstrip()) is not None:
        return True
    if target_rules().scope_clause.match(pre.lstrip()) is None:
        return False
    rest = _CLAUSE_OR_END.search(text, suffix_end)
    return "的" in text[suffix_end : rest.start() if rest else len(text)]


# Real clauses run to a few dozen characters; reading at most this far around a value keeps a
# text with no clause marks (a list joined by 、 only) linear instead of quadratic.
MAX_CLAUSE_CHARS = 160


@lru_cache(maxsize=64)
def _policy_spans(text: str) -> tuple[tuple[int, int, int], ...]:
    """Clauses of ``text`` that state a subsidy rate or cap, not a goal (one pass per sentence):
    (clause start, where the policy words start, clause end).

    >>> _policy_spans("对项目按投资额的10%给予补助，单个项目补助最高不超过200万元。")
    ((0, 11, 15), (16, 20, 32))
    >>> _policy_spans("困难残疾人生活补贴发放率保持100%。")
    ()
    """
    spans = []
    start = 0
    for m in _CLAUSE_OR_END.finditer(text):
        clause = text[start : m.start()]
        found = [f.start() for p in target_rules().policy_clauses if clause and (f := p.search(clause))]
        if found:
            spans.append((start, start + min(found), m.start()))
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


def read_candidate(
    text: str,
    q: Quantity,
    clause_start: int,
    previous: Candidate | None,
    of_sentence: dict[str, object] | None = None,
) -> Candidate:
    """Read one quantity against its clause: its cue, comparator, subject and what the admission
    rules need to know of it (``Candidate.facts``, with ``of_sentence``: what the sentence and the
    document say around it); whether it is a target is theirs to say."""
    rules = target_rules()
    clause_start = max(clause_start, q.start - MAX_CLAUSE_CHARS)
    quotes = _enclosure(text, q.start, "“「『", "”」』")
    title = _enclosure(text, q.start, "《", "》")
    brackets = _enclosure(text, q.start, "（(", "）)")
    if brackets is not None:  # a sub-target's clause starts inside its brackets: （其中人工造林200万亩…）
        clause_start = max(clause_start, brackets[0] + 1)
    comparator, suffix_end, follow, post = _after_value(text, q)
    pre = text[clause_start : q.start]
    # a subsidy's rate or cap, or anything after the policy words (每个项目…不超过3项); a count of
    # pilots before them (开展10个试点并给予奖补) is a goal
    policy = any(
        a <= q.start < b and (q.norm_unit in ("yuan", "percent") or q.start >= at)
        for a, at, b in _policy_spans(text)
    )
    base = rules.per_base.search(pre)
    if base is not None:  # 托位数达到每千人口4.5个: the cue stands before the base
        pre = pre[: base.start()]
    list_of = None
    if previous is not None and previous.target is not None:
        between = text[previous.suffix_end : q.start].strip()
        if between in rules.list_marks and not pre.strip(" 、和及"):
            list_of = previous.list_of or previous
    subject, cue, modal, distribute = _peel_cues(pre)
    # 完成465幢23.25万平方米房屋改造: a second measure of the counted work, right after its count
    measures_count = (
        previous is not None
        and previous.target is not None
        and previous.quantity.norm_unit == "count"
        and previous.suffix_end == q.start
        and q.norm_unit in rules.work_amounts
        and previous.subject.rstrip().endswith(rules.verbs_before_count)
    )
    if measures_count and previous is not None:
        subject = previous.subject
    verb = next((v for v in rules.verbs_before_count if cue is None and subject.endswith(v)), None)
    if verb is not None:  # 至少建成1座…, 力争新增2家…: a comparator or modality before the verb
        head, cue, verb_modal, _ = _peel_cues(subject[: -len(verb)])
        subject, modal = head + verb, modal or verb_modal
    # 新建公共厕所120座、旅游厕所8座，户用厕所14500座: a bare noun and value after a committed one
    # in the same list is an item of it (its verb or modal governs it too)
    parallel_of = _parallel_item(text, q, pre, previous) if list_of is None and cue is None else None
    if parallel_of is not None and parallel_of.target is not None:
        modal = modal or parallel_of.modal or parallel_of.target.modality == "aspirational"
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
    plan_part = rules.plan_part_clause.search(pre) is not None  # 共设置重点指标14项
    counted_by = True
    if follow == "modifier" and q.norm_unit == "percent":  # 60%以上的学校达到创建要求
        after = rules.noun_end.split(text[suffix_end:], maxsplit=1)[0].strip().removeprefix("的")
    if follow == "noun":
        after = rules.noun_end.split(text[suffix_end:], maxsplit=1)[0].strip()
        after_end = text.find(after, suffix_end) + len(after)
        if (measure := _second_measure(after)) is not None and measure.norm_unit in rules.work_amounts:
            after = after[measure.end :].strip()  # 465幢|23.25万平方米|房屋: one object
        if q.norm_unit == "count":
            # the noun is the whole of what follows: 三个重点 is a part of the plan, 15家重点企业 is not
            # (every noun of a list of them: 15件大事和民生实事)
            nouns = [n for n in rules.list_mark_split.split(after) if n]
            plan_part = bool(nouns) and all(
                any(n.startswith(w) and not _HAN.match(n, len(w)) for w in rules.plan_parts) for n in nouns
            )
            if (
                previous is not None
                and previous.verb
                and previous.after_end is not None
                and _continues_count_list(text[previous.after_end : q.start].strip(), pre)
            ):  # 新增1个省级森林乡镇、5个省级森林村庄: the verb governs the list
                subject, verb, modal = previous.verb, previous.verb, previous.modal
            stripped = subject
            for w in rules.modality:
                stripped = stripped.removesuffix(w)
            # a cue, or a count verb or 力争 in the clause before it: 完成钢铁行业17家…, 推动3个城市…
            counted_by = (
                cue is not None
                or any(stripped.endswith(v) or subject.endswith(v) for v in rules.verbs_before_count)
                or any(v in pre for v in rules.count_verbs + rules.modality)
                or (not pre.strip() and _modal_time_lead(text[:clause_start]))
            )
    cand = Candidate(
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
    worked_on = (
        follow == "noun"
        and q.norm_unit in rules.work_amounts
        and any(pre.removesuffix("现有").endswith(v) for v in rules.count_verbs)
    ) or measures_count  # 完成465幢23.25万平方米房屋改造: the area of the counted work
    # 推动600家以上公共机构…, 到2023年推进20个…试点: a push verb governs a count that is bounded or dated
    pushed = follow == "noun" and any(subject.rstrip().endswith(v) for v in rules.push_verbs)
    # 全市首批100个示范社区全面建成: what the counted subject goes on to do in its clause
    clause_end = _CLAUSE_OR_END.search(text, suffix_end, suffix_end + MAX_CLAUSE_CHARS)
    rest = text[suffix_end : clause_end.start() if clause_end else suffix_end]
    # (not where the work is done: 在A县、B区4个沿黄县区开展…)
    completes = (
        follow == "noun"
        and any(w in rest for w in rules.completion_predicates)
        and not pre.lstrip().startswith("在")
    )
    cand.facts = Facts(
        pre=pre,
        pushed=pushed,
        completes=completes,
        bounded=comparator != "=" or q.value_max is not None,
        specification=q.unit in rules.specification_units
        or (follow == "noun" and after in rules.requirement_nouns)  # 引导值下降20%要求: a criterion
        or (follow == "noun" and q.unit in rules.group_units)  # 0-6岁儿童: an age group
        or (follow == "noun" and _facility_capacity(q, after))  # 200万只蛋鸡养殖基地
        or (q.unit == "次" and after.startswith(rules.ordinal_nouns))  # 全国人大三次会议
        or (follow == "noun" and pre.rstrip().endswith(rules.named_set_leads)),  # 国务院确定的150项…
        worked_on=worked_on,
        one_written=q.value == 1 and q.norm_unit == "count" and q.text.lstrip().startswith("一"),
        sentence_before=text[: q.start],
        quoted=text[quotes[0] + 1 : quotes[1]] if quotes else None,
        titled=title is not None,
        bracketed=text[brackets[0] + 1 : q.start] if brackets else None,
        plus_name=_plus_name(text, q),
        follow=follow,
        after=after,
        unit=q.unit,
        norm_unit=q.norm_unit,
        threshold=_threshold(text, suffix_end, follow, pre),
        policy=policy,
        plan_part=plan_part,
        counted_by=counted_by,
        strong=strong,
        committed=_committed(cand) or parallel_of is not None,
        named=bool(subject.strip() or after),
        from_value=_from_value(text, q, clause_start),
        **(of_sentence or {}),  # type: ignore[arg-type]
    )
    return cand


def _facility_capacity(q: Quantity, after: str) -> bool:
    """Whether a count names the capacity of the facility its noun names (not how many to build).

    >>> _facility_capacity(find_quantities("200万只")[0], "蛋鸡标准化养殖基地建设")
    True
    >>> _facility_capacity(find_quantities("3个")[0], "劳动密集型产业园")
    False
    """
    rules = target_rules()
    if q.norm_unit != "count" or not q.unit or q.unit[-1] in rules.facility_counters:
        return False
    noun = after
    for work in rules.facility_work:
        noun = noun.removesuffix(work)
    return noun.endswith(rules.facility_heads)


def _parallel_item(text: str, q: Quantity, pre: str, previous: Candidate | None) -> Candidate | None:
    """The committed value whose list ``q`` continues as a bare noun and value (``、旅游厕所8座``),
    or None: the item before it ends at its value and measures in the same norm unit, one list mark
    or comma stands between, and the noun before ``q`` holds no verb of its own (``，优化公交线路9条``
    is a task of its own; ``力争达到1000万千瓦，全省电网具备5%…`` another clause).

    >>> [(t.value, t.modality) for t in targets_in_sentence("力争新增龙头企业3户，“两品一标”企业5户。")]
    [(3.0, 'aspirational'), (5.0, 'aspirational')]
    """
    if previous is None or previous.target is None or previous.follow != "end":
        return None
    same = previous.quantity.norm_unit or previous.quantity.unit, q.norm_unit or q.unit
    if same[0] != same[1]:
        return None
    if not (previous.facts.committed or previous.strong):
        return None
    between = text[previous.suffix_end : q.start]
    mark, noun = between[:1], between[1:]
    named = noun.strip().lstrip("“‘《")  # ，“两品一标”企业5户: a quoted name opens the noun
    if mark not in ("、", "，", ",") or noun != pre or not _HAN.match(named[:1] or " "):
        return None
    if any(v in noun for v in target_rules().own_verbs) or _DIGIT.search(noun):
        return None
    return previous


def _second_measure(after: str) -> Quantity | None:
    """A measure that opens the noun after a count, of the same counted thing (465幢|23.25万平方米房屋).

    >>> _second_measure("23.25万平方米房屋“平改坡”").text, _second_measure("房屋改造") is None
    ('23.25万平方米', True)
    """
    if not after[:1].isdigit():
        return None
    found = find_quantities(after[:24])
    return found[0] if found and found[0].start == 0 else None


def _modal_time_lead(lead: str) -> bool:
    """Whether the clause right before a value's clause is only a modal and a time
    (``…建设，力争到2025年，``): the modal governs the clause after it.

    >>> _modal_time_lead("推进建设，力争到2025年，"), _modal_time_lead("到2025年，")
    (True, False)
    >>> _modal_time_lead("力争，")
    False
    """
    lead = any_of(CLAUSE_END).split(lead.strip().rstrip(CLAUSE_END).strip())[-1].strip()
    modal = next((w for w in target_rules().modality if lead.startswith(w)), None)
    return modal is not None and _only_time(lead[len(modal) :].strip())


def _only_time(text: str) -> bool:
    """Whether ``text`` is one time expression and nothing else (``到2025年``).

    >>> _only_time("到 2025 年"), _only_time("达到90%"), _only_time("")
    (True, False, False)
    """
    times = find_time_expressions(text)
    return len(times) == 1 and times[0].start == 0 and times[0].end == len(text)


def _continues_count_list(between: str, pre: str) -> bool:
    """Whether a count goes on the list of counts before it: ``、``, ``以及``, or a clause that opens
    with the count (建成10个示范县，100个示范乡镇，1000个示范村).

    >>> _continues_count_list("以及", ""), _continues_count_list("，", "")
    (True, True)
    >>> _continues_count_list("，", "推动")
    False
    """
    return between in target_rules().list_marks or (between in ("，", ",") and not pre.strip())


def _from_value(text: str, q: Quantity, clause_start: int) -> bool:
    """``由2020年的65%提升至80%``: the first value is where things stand, the second the goal.

    >>> q = find_quantities("优良天数比率由85%提升至90%")
    >>> [_from_value("优良天数比率由85%提升至90%", x, 0) for x in q]
    [True, False]
    """
    before = text[max(clause_start, q.start - 12) : q.start]
    m = _FROM.search(before)
    return m is not None and _TO.match(text, q.end) is not None


_FROM = regex.compile(r"(?:由|从)(?:\d{4}年(?:底|末)?的?)?$")
_TO = regex.compile(r"\s*(?:提高|提升|增长|增加|上升|下降|降低|减少|增至|降至|升至|到|至)")


# ------------------------------------------------------------------- annotations


@lru_cache(maxsize=4096)
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

    A heading's or list item's marker is no part of it (``（一）地区生产总值增长7%``, ``3.建设…``):

    >>> clean_indicator("（一）地区生产总值"), clean_indicator("3.建设产业园"), clean_indicator("（15）")
    ('地区生产总值', '建设产业园', '')
    """
    from .structure import marker_end  # the outline's markers, as the structure stage reads them

    rules = target_rules()
    text = text[marker_end(text) :]
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


def clause_start_of(starts: tuple[int, ...], pos: int) -> int:
    """Where the clause holding ``pos`` starts, from the sorted clause starts (0 before the first).

    >>> clause_start_of((4, 9), 6), clause_start_of((4, 9), 2), clause_start_of((4, 9), 9)
    (4, 0, 9)
    """
    k = bisect.bisect_right(starts, pos)
    return starts[k - 1] if k else 0


@lru_cache(maxsize=256)
def _clause_starts(text: str) -> tuple[int, ...]:
    return tuple(i + 1 for i, c in enumerate(text) if c in CLAUSE_END)


@dataclass(frozen=True, slots=True)
class SentenceTimes:
    """A sentence's time expressions, indexed so that each value finds its own in log time (a
    sentence of thousands of clauses stays linear)."""

    aims: tuple[TimeExpr, ...]  # every kind but baseline, by end
    aim_ends: tuple[int, ...]
    baselines: tuple[TimeExpr, ...]  # by end
    baseline_ends: tuple[int, ...]

    @classmethod
    def of(cls, times: list[TimeExpr]) -> SentenceTimes:
        aims = tuple(sorted((t for t in times if t.kind != "baseline"), key=lambda t: t.end))
        bases = tuple(sorted((t for t in times if t.kind == "baseline"), key=lambda t: t.end))
        return cls(aims, tuple(t.end for t in aims), bases, tuple(t.end for t in bases))

    def last_before(self, pos: int) -> TimeExpr | None:
        """The time expression (not a baseline) that ends last at or before ``pos``."""
        k = bisect.bisect_right(self.aim_ends, pos)
        return self.aims[k - 1] if k else None

    def baselines_before(self, pos: int) -> tuple[TimeExpr, ...]:
        """The baselines ending at or before ``pos``, nearest last."""
        return self.baselines[: bisect.bisect_right(self.baseline_ends, pos)]


#: The rule name of a value the admission rules took but that names nothing measurable.
NO_INDICATOR = "no_indicator"


@dataclass(slots=True)
class SentenceContext:
    """What a sentence knows beyond itself."""

    paragraph_year: int | None = None
    deadline: int | None = None
    years: YearContext = field(default_factory=YearContext)
    section: str | None = None
    section_path: tuple[str, ...] = ()  # the headings from the top of the outline to ``section``
    document_kind: str = "plan"  # plan | procedural (rules/targets.yaml procedural_kinds) | news | progress
    goal_lead: bool = False  # the paragraph opens with a goal's label (年度目标：): its years are aims
    past_lead: bool = False  # the paragraph opens with a time behind it (这一年，…): a review
    modal_lead: bool = False  # … and the label holds a modal word (年度努力目标：)


def targets_in_sentence(
    text: str, ctx: SentenceContext | None = None, rejected: list[Rejection] | None = None
) -> list[Target]:
    """The targets of one sentence (offsets within the sentence, ``section`` from ``ctx``); the values
    left out, with the rule that left them out, are added to ``rejected``.

    >>> [(t.indicator, t.value, t.direction, t.baseline_year, t.modality)
    ...  for t in targets_in_sentence("到2025年，单位地区生产总值能源消耗较2020年下降13.5%，力争达到14%。")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('单位地区生产总值能源消耗', 13.5, 'decrease', 2020, 'binding'),
     ('单位地区生产总值能源消耗', 14.0, 'decrease', 2020, 'aspirational')]
    """
    quantities = find_quantities(text)
    if not quantities:  # most sentences: nothing below can find a target
        return []
    ctx = ctx or SentenceContext()
    # a year in a title names a document (《…规划（2021-2035年）》), not a time of this sentence
    in_title = _depths(text, "《", "》") if "《" in text else None
    times = [t for t in find_time_expressions(text, ctx.years) if in_title is None or not in_title[t.start]]
    if ctx.goal_lead:  # 年度目标：2019年，…；2020年，…: each year is an aim, none behind the plan
        times = [replace(t, kind="target") if t.kind == "past" and t.year else t for t in times]
    indexed = SentenceTimes.of(times)
    # the sentence aims at a later year: a time of its own, the year its paragraph opens with, a deadline
    now = ctx.years.past_until
    later = ctx.paragraph_year is not None and (now is None or ctx.paragraph_year > now)
    future = any(t.kind == "target" for t in times) or later or ctx.deadline is not None
    # … and says so (到2025年, 2025年前, “十四五”期间, a deadline): with no date of issue a bare year
    # (2014年，规划区总人口…) aims at nothing in a part that describes the situation
    aimed = (
        future
        if now is not None
        else (any(t.kind == "target" and not t.bare for t in times) or ctx.deadline is not None)
    )
    # a paragraph that opens with a year already behind (2020年，全市…) speaks of the past in
    # every sentence of it with no time of its own, as one opening with 到2025年 speaks of that aim
    behind = ctx.paragraph_year is not None and now is not None and ctx.paragraph_year <= now and not times
    behind = behind or (ctx.past_lead and not times)  # 这一年，我们…。新建笼式运动场10座。
    past_sentence = (any(t.kind == "past" and t.year is None for t in times) or behind) and not future
    clause_starts = _clause_starts(text)
    has_time = any(t.kind in ("target", "relative") for t in times) or bool(
        ctx.paragraph_year or ctx.deadline or any(p.search(text) for p in target_rules().time_recurring)
    )
    first_clause_end = next((s for s in clause_starts if s > 0), len(text))
    sentence_modal = ctx.modal_lead or (
        any(text.lstrip().startswith(w) for w in target_rules().modality)
        and clean_indicator(text[:first_clause_end]).strip("，,") == ""
    )
    # what the admission rules know of the sentence and the document, the same for each value
    of_sentence: dict[str, object] = {
        "has_time": has_time,
        "future_time": future,
        "aimed": aimed,
        "past_sentence": past_sentence,
        "section_path": ctx.section_path,
        "document_kind": ctx.document_kind,
        "one_year_plan": ctx.years.plan_year is not None,
    }
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    list_join = target_rules().list_join
    for q in quantities:
        start = clause_start_of(clause_starts, q.start)
        for c in reversed(candidates):  # later targets end later: the first that ends before start stops
            ends = [end for end in (c.suffix_end, c.after_end) if end is not None and end <= q.start]
            if not ends or max(ends) < start:
                break
            for end in ends:
                if joined := list_join.match(text, end):
                    start = max(start, joined.end())
        last = indexed.last_before(q.start)
        cand = read_candidate(
            text, q, start, previous, {**of_sentence, "time_before": last.kind if last else None}
        )
        taken, cand.rule = decide(cand.facts)
        if taken:
            cand.target = _annotate(text, cand, candidates, indexed, ctx, sentence_modal)
            if cand.target is None:
                cand.rule = NO_INDICATOR
        if cand.target is None:
            if rejected is not None:
                rejected.append(Rejection(q.start, q.end, q.value, q.unit, cand.rule))
            continue
        cand.target.rule = cand.rule
        candidates.append(cand)
        previous = cand
    _distribute(candidates)
    _share_bounds(candidates)
    return [c.target for c in candidates if c.target is not None]


def _annotate(
    text: str,
    cand: Candidate,
    earlier: list[Candidate],
    times: SentenceTimes,
    ctx: SentenceContext,
    sentence_modal: bool,
) -> Target | None:
    q = cand.quantity
    last = times.last_before(q.start)
    # times do not overlap: if the last one before the value starts before its clause, all do
    own_time = last is not None and last.start >= cand.clause_start
    year = last.year if last else (ctx.paragraph_year or ctx.deadline)
    prior = next((c for c in reversed(earlier) if c.target is not None), None)
    # indicator
    indicator = clean_indicator(cand.subject)
    if cand.follow == "noun" and cand.after:
        subject = clean_indicator(cand.subject)
        if subject not in target_rules().drop_lead:  # 新增 stays, a trailing 建成 goes
            subject = next(
                (subject[: -len(w)] for w in target_rules().drop_lead if subject.endswith(w)), subject
            )
        if subject.endswith("等"):  # 完工友谊大道北段、…等15条重点道路: the category counted
            subject = ""
        indicator = subject + squeeze(cand.after)
    elif cand.follow == "modifier" and cand.after and not indicator:
        indicator = squeeze(cand.after)  # 到2022年，95%的省级机关达到创建标准: the share of what follows
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
        for t in reversed(times.baselines_before(q.start)):  # the nearest that applies
            own_clause = text[t.end : t.end + 1] in tuple(CLAUSE_END)  # 与2020年相比，…
            if t.start >= cand.clause_start or text[t.start] == "以" or own_clause:
                # 同比, 比上年: the year before the one a plan for one year is for
                baseline = t.year if t.year or ctx.years.plan_year is None else ctx.years.plan_year - 1
                break
    # 力争 governs its whole clause (up to ，；。), across a 、 list: 力争建成工厂3家、园区1个;
    # and the clause after one that holds only 力争 and a time: 力争到2025年，3个城市开展…
    starts = _clause_starts(text)
    own_start = clause_start_of(starts, q.start)
    whole_clause = text[own_start : q.start]
    modal_time = _modal_time_lead(text[:own_start])
    modal = (
        cand.modal or sentence_modal or modal_time or any(w in whole_clause for w in target_rules().modality)
    )
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
    names: list[str] = []  # the last list's names: 2020年分别达到… takes them again
    for group in groups.values():
        first = group[0]
        if first.target is None or len(group) < 2:
            continue
        clause = (
            first.target.sentence[first.clause_start : first.quantity.start] if first.target.sentence else ""
        )
        years = [t.year for t in find_time_expressions(clause) if t.kind == "target" and t.year]
        if len(years) == len(group) and _YEAR_LIST.search(clause):  # 到2025年、2030年分别…
            for c, year in zip(group, years, strict=True):
                if c.target is not None:
                    c.target.target_year = year
            continue
        subject = clean_indicator(first.subject)
        if not subject and len(names) == len(group):  # …分别达到90%、99%；2020年分别达到98%、99%
            items, joined_by_and = names, False
        else:
            items, joined_by_and = [i for i in subject.split("、") if i], False
        if len(items) != len(group):  # 二氧化硫、氮氧化物和挥发性有机物排放量: the last joined by 和
            items, joined_by_and = [i for i in _LIST_MEMBERS.split(subject) if i], True
        if len(items) != len(group):
            continue
        made = _distributed_names(items)
        if joined_by_and and made == items and not _named_in_full(items):  # 装机量和发电量比重: no names made
            continue
        names = made
        for c, name in zip(group, names, strict=True):
            if c.target is not None:
                c.target.indicator = name


def _share_bounds(candidates: list[Candidate]) -> None:
    """``分别稳定在95%和90%以上``: a bound written after the last value of a list bounds them all."""
    lists: dict[int, list[Candidate]] = {}
    for c in candidates:
        lists.setdefault(id(c.list_of or c), []).append(c)
    for members in lists.values():
        last = members[-1]
        if len(members) < 2 or last.target is None or last.suffix_end <= last.quantity.end:
            continue  # no list, or no bound written after its last value
        if any(c.suffix_end > c.quantity.end for c in members[:-1]):
            continue  # 8%、8%、10%以上、10%以上: the bounds are written where they apply
        for c in members[:-1]:
            if c.target is not None and c.comparator == "=" and c.suffix_end <= c.quantity.end:
                c.target.comparator = last.target.comparator


_LIST_MEMBERS = regex.compile(r"、|(?<=\p{Han}{2})(?:以及|和|及)(?=\p{Han}{2})")
_COUNTED_KINDS = regex.compile(r"[0-9一二三四五六七八九十]+[项个类种]")


def _named_in_full(items: list[str]) -> bool:
    """Whether every member ends in a measure (``…毛入园率``, ``…年限``): it names what it measures."""
    return all(item.endswith(target_rules().measure_heads) for item in items)


def _distributed_names(items: list[str]) -> list[str]:
    """Share the head of the last subject with the ones before it.

    >>> _distributed_names(["公交车", "出租汽车（含网约车）新能源汽车占比"])
    ['公交车新能源汽车占比', '出租汽车（含网约车）新能源汽车占比']
    >>> _distributed_names(["秸秆综合利用率", "畜禽粪污综合利用率"])
    ['秸秆综合利用率', '畜禽粪污综合利用率']

    A 等 ends the members (化学需氧量、氨氮等重点工程减排量):

    >>> _distributed_names(["化学需氧量", "氨氮等重点工程减排量"])
    ['化学需氧量重点工程减排量', '氨氮重点工程减排量']

    Members that end in a measure are named in full:

    >>> _distributed_names(["学前三年幼儿教育毛入园率", "新增劳动力人均受教育年限"])
    ['学前三年幼儿教育毛入园率', '新增劳动力人均受教育年限']
    """
    last = items[-1]
    if _named_in_full(items[:-1]):
        return list(items)
    if "等" in last and not _COUNTED_KINDS.match(last.rsplit("等", 1)[1]):  # not 等4项主要污染物…
        member, head = last.rsplit("等", 1)
        return [item + head for item in items[:-1]] + [member + head]
    if "）" in last or ")" in last:
        head = _CLOSE_BRACKET.split(last)[-1]
    else:
        from .segment import segment

        tokens = segment(last)
        width = len(segment(items[0]))
        head = last[tokens[width].start :] if len(tokens) > width else ""
    return [item if item.endswith(head) else item + head for item in items[:-1]] + [last]


# ----------------------------------------------------------------------- document


def extract_targets(
    paragraphs: list[Paragraph],
    clean: CleanText,
    sections: list[Section] | None = None,
    title: str | None = None,
    rejected: list[Rejection] | None = None,
) -> list[Target]:
    """Every target of the plan, with raw spans (``clean.raw_span``) and its section.

    ``sections`` give each sentence the headings above it (a review part says its figures are
    past), ``title`` the kind of document (a notice or a regulation states procedures); the values
    left out go to ``rejected`` with the rule that left them out, raw spans too.

    >>> text = "到2025年，森林覆盖率达到60%。"
    >>> clean = CleanText(text, list(range(len(text))))
    >>> t = extract_targets([Paragraph(0, text, 0, len(text), "二")], clean)[0]
    >>> (t.indicator, t.value, t.norm_unit, t.target_year, t.section, text[t.start:t.end])
    ('森林覆盖率', 60.0, 'percent', 2025, '二', '60%')
    """
    from .structure import split_sentences

    years = year_context(paragraphs, title)
    # the headings open at each paragraph, taken in text order: an attachment that starts its
    # outline again at 一、 replaces the plan's headings of the same ids from where it starts
    outline = sorted(sections or [], key=lambda s: s.start)
    headings: dict[str, str] = {}
    opened = 0
    kind = document_kind(title, paragraphs)
    closing = closing_deadlines(paragraphs, years.plan_year)
    targets: list[Target] = []
    for k, paragraph in enumerate(paragraphs):
        raw_start = clean.raw_span(paragraph.start, paragraph.end)[0]
        while opened < len(outline) and outline[opened].start <= raw_start:
            headings[outline[opened].id] = outline[opened].heading
            opened += 1
        if paragraph.in_table:  # a table's row is no running text (its cells: pipeline.table_targets)
            continue
        label = target_rules().goal_label.match(paragraph.text)
        ctx = SentenceContext(
            paragraph_year(paragraph.text) or body_year(paragraph.text),
            deadline_year(paragraph.text, years.plan_year) or closing[k],
            years,
            paragraph.section,
            section_path(paragraph.section, headings),
            kind,
            goal_lead=label is not None,
            past_lead=opens_in_past(paragraph.text),
            modal_lead=label is not None and any(w in label.group() for w in target_rules().modality),
        )
        for sentence in split_sentences(paragraph):
            offset = sentence.start
            left_out: list[Rejection] = []
            for target in targets_in_sentence(sentence.text, ctx, left_out):
                target.start, target.end = clean.raw_span(offset + target.start, offset + target.end)
                targets.append(target)
            if rejected is not None:
                for r in left_out:
                    r.start, r.end = clean.raw_span(offset + r.start, offset + r.end)
                rejected.extend(left_out)
    return targets


def section_path(section: str | None, headings: dict[str, str]) -> tuple[str, ...]:
    """The headings from the top of the outline down to ``section``.

    >>> section_path("一.(二)", {"一": "发展基础", "一.(二)": "主要成效"})
    ('发展基础', '主要成效')
    """
    if not section:
        return ()
    parts = section.split(".")
    return tuple(h for k in range(len(parts)) if (h := headings.get(".".join(parts[: k + 1]))))


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
