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

from dataclasses import dataclass, field, replace
from functools import cache

import regex

from .quantities import find_quantities
from .records import CleanText, Paragraph, Quantity, Target
from .rules import load_yaml

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
    """What the document says about "now": bare years at or before ``past_until`` are past."""

    past_until: int | None = None

    def kind_of_bare_year(self, year: int) -> str:
        return "past" if self.past_until is not None and year <= self.past_until else "target"


def _five_year_plan_year(numeral: str) -> int:
    rules = target_rules()
    return rules.five_year_base + rules.five_year_step * (10 + "一二三四五六七八九".index(numeral) + 1)


def find_time_expressions(text: str, years: YearContext | None = None) -> list[TimeExpr]:
    """Time expressions in ``text`` (no overlaps), in order.

    >>> [(t.year, t.kind) for t in find_time_expressions("较2020年下降，到2025年，“十四五”期间，5年内")]
    [(2020, 'baseline'), (2025, 'target'), (2025, 'target'), (None, 'relative')]
    >>> [(t.year, t.kind) for t in find_time_expressions("2022年全县为31%", YearContext(2023))]
    [(2022, 'past')]
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
            add(m.start(), m.end(), int(m.group("year")), "baseline")
    for pattern in rules.time_past:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")
            add(m.start(), m.end(), int(year) if year else None, "past")
    for m in rules.five_year_plan.finditer(text):
        add(m.start(), m.end(), _five_year_plan_year(m.group("n")), "target")
    for pattern in rules.time_relative:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), None, "relative")
    for i, pattern in enumerate(rules.time_target):
        for m in pattern.finditer(text):
            if regex.match(r"\s*\d{1,2}\s*月", text[m.end() :]):  # a date: 2023年6月30日
                continue
            year = int(m.group("year"))
            bare = i == len(rules.time_target) - 1  # the last pattern is a bare "2025年"
            add(m.start(), m.end(), year, years.kind_of_bare_year(year) if bare else "target")
    return sorted(found, key=lambda t: t.start)


def year_context(paragraphs: list[Paragraph]) -> YearContext:
    """ "Now" as the document shows it: the latest date of issue or baseline year.

    Bare years (``2022年全县…``) up to it are past figures; so are bare years
    before the earliest year the plan explicitly aims at (``到2025年``).

    >>> year_context([Paragraph(0, "2023年6月30日", 0, 11)]).past_until
    2023
    """
    rules = target_rules()
    past: list[int] = []
    aims: list[int] = []
    for p in paragraphs:
        for m in regex.finditer(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?!\s*前)", p.text):
            past.append(int(m.group(1)))
        for pattern in rules.baseline:
            past.extend(int(m.group("year")) for m in pattern.finditer(p.text))
        for pattern in rules.time_target[:-1]:
            aims.extend(int(m.group("year")) for m in pattern.finditer(p.text))
    candidates = [*past, *(a - 1 for a in aims[:1] and [min(aims)])]
    return YearContext(max(candidates) if candidates else None)


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
    target: Target | None = None
    extra: dict[str, object] = field(default_factory=dict)


def _peel_cues(pre: str) -> tuple[str, Cue | None, bool, bool]:
    """Peel cue, modality and 分别 words off the end of the text before a value.

    >>> _peel_cues("森林覆盖率力争达到")[1:]
    (Cue(word='达到', direction=None, comparator=None), True, False)
    >>> _peel_cues("占比分别达")[0]
    '占比'
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
                elif cue.direction is None and cue.comparator is None and c.direction is not None:
                    cue = replace(c, comparator=cue.comparator)
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
                    word = next(
                        (w for w in ("均", "将", "要", "再", "可", "累计", "年均") if text.endswith(w)), None
                    )
                    if word is None:
                        break
            text = text[: -len(word)].rstrip()
    return text, cue, modal, distribute


def _enclosed(text: str, pos: int, opens: str, closes: str) -> bool:
    """Whether ``pos`` lies inside an open bracket or quote of ``text``."""
    depth = 0
    for char in text[:pos]:
        if char in opens:
            depth += 1
        elif char in closes and depth:
            depth -= 1
    return depth > 0


def _excluded_by_position(text: str, q: Quantity) -> bool:
    """Slogans in quotes, explanations in brackets, titles, and 1+6+N names."""
    if _enclosed(text, q.start, "“「『《", "”」』》") or _enclosed(text, q.start, "（(", "）)"):
        return True
    return text[q.start - 1 : q.start] in "+＋" and q.start > 0 or text[q.end : q.end + 1] in ("+", "＋")


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
    before = text[:suffix_end]
    return follow in ("noun", "modifier") and regex.search(r"及以[上下]$", before.rstrip()) is not None


def read_candidate(text: str, q: Quantity, clause_start: int, previous: Candidate | None) -> Candidate | None:
    """Read one quantity against its clause; None when a rule excludes it."""
    rules = target_rules()
    if q.norm_value is None or _excluded_by_position(text, q):
        return None
    comparator, suffix_end, follow, post = _after_value(text, q)
    if follow == "modifier" or _threshold(text, suffix_end, follow):
        return None
    pre = text[clause_start : q.start]
    if any(w in pre for w in rules.past_cues):
        return None
    list_of = None
    if previous is not None and previous.target is not None:
        between = text[previous.suffix_end : q.start].strip()
        if between in rules.list_marks and not pre.strip(" 、和及"):
            list_of = previous.list_of or previous
    subject, cue, modal, distribute = _peel_cues(pre)
    if list_of is not None:
        cue, modal, distribute = list_of.cue, list_of.modal, list_of.distribute
        if comparator == "=" and list_of.comparator != "=":
            comparator = list_of.comparator
    if comparator == "=" and cue is not None and cue.comparator:
        comparator = cue.comparator
    direction = post or (cue.direction if cue else None)
    strong = cue is not None or post is not None
    after = ""
    if follow == "noun":
        after = regex.split(rf"[{regex.escape(_CLAUSE_END)}〔【]", text[suffix_end:], maxsplit=1)[0].strip()
        if q.norm_unit == "count":
            if any(after.startswith(w) for w in rules.plan_parts) or after.startswith("大"):
                return None
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
    """
    rules = target_rules()
    for expr in find_time_expressions(text)[::-1]:
        text = text[: expr.start] + text[expr.end :]
    text = "".join(text.split())
    leads = rules.drop_lead + rules.modality + (rules.drop_lead_fallback if fallback else ())
    changed = True
    while changed and text:
        changed = False
        stripped = text.lstrip("，,；;：:、。 ")
        m = rules.region_prefix.match(stripped)
        if m:
            stripped = stripped[m.end() :]
        for word in leads:
            if stripped.startswith(word):
                stripped = stripped[len(word) :]
                break
        if stripped != text:
            text, changed = stripped, True
    return text.rstrip("，,；;：:、的")


def _object_of(clause: str) -> str:
    """What follows the last verb of ``drop_lead_fallback`` in a clause (its object).

    >>> _object_of("新建数据中心全面优化电能利用效率（PUE）")
    '电能利用效率（PUE）'
    """
    verbs = target_rules().drop_lead_fallback
    ends = [m.end() for v in verbs for m in regex.finditer(regex.escape(v), clause)]
    return clause[max(ends) :] if ends else clause


def _clause_starts(text: str) -> list[int]:
    return [i + 1 for i, c in enumerate(text) if c in _CLAUSE_END]


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
            if (
                c.target is not None
                and c.suffix_end <= q.start
                and text[c.suffix_end : c.suffix_end + 1] == "、"
            ):
                start = max(start, c.suffix_end + 1)
        cand = read_candidate(text, q, start, previous)
        if cand is None:
            continue
        if not cand.strong and not (has_time and (cand.subject.strip() or cand.after)):
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
    clause = text[cand.clause_start : q.start]
    own_time = [
        t for t in times if cand.clause_start <= t.start and t.end <= q.start and t.kind != "baseline"
    ]
    before = [t for t in times if t.end <= q.start and t.kind != "baseline"]
    year = before[-1].year if before else (ctx.paragraph_year or ctx.deadline)
    prior = next((c for c in reversed(earlier) if c.target is not None), None)
    # indicator
    indicator = clean_indicator(cand.subject)
    if cand.follow == "noun" and cand.after:
        indicator = clean_indicator(cand.subject) + "".join(cand.after.split())
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
            if (
                t.kind == "baseline"
                and t.end <= q.start
                and (t.start >= cand.clause_start or "以" in text[t.start : t.start + 1])
            ):
                baseline = t.year
        if baseline is None and cand.cue is not None and cand.cue.word == "翻":
            baseline = None
    modal = cand.modal or sentence_modal or any(w in clause for w in target_rules().modality)
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
        items = [i for i in clean_indicator(first.subject).split("、") if i]
        if len(items) != len(group):
            continue
        years = [find_time_expressions(i) for i in items]
        if all(len(y) == 1 and y[0].year for y in years):
            for c, y in zip(group, years, strict=True):
                if c.target is not None:
                    c.target.target_year = y[0].year
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
    >>> t = extract_targets([Paragraph(0, text, 0, len(text), "二")], CleanText(text, list(range(len(text)))))[0]
    >>> (t.indicator, t.value, t.norm_unit, t.target_year, t.section, text[t.start:t.end])
    ('森林覆盖率', 60.0, 'percent', 2025, '二', '60%')
    """
    from .structure import split_sentences

    years = year_context(paragraphs)
    targets: list[Target] = []
    for paragraph in paragraphs:
        ctx = SentenceContext(
            paragraph_year(paragraph.text), deadline_year(paragraph.text), years, paragraph.section
        )
        for sentence in split_sentences(paragraph):
            offset = sentence.start
            for target in targets_in_sentence(sentence.text, ctx):
                target.start, target.end = clean.raw_span(offset + target.start, offset + target.end)
                targets.append(target)
    return targets
