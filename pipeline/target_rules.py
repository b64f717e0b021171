"""The rules of the target extractor, ``rules/targets.yaml``, compiled once (:func:`target_rules`),
and the kind of document its title and paragraphs make it (a notice's numbers are its procedure, a
news report's and a progress report's are what was done: :func:`document_kind`).

``pipeline.times`` (time expressions, the document's own time), ``pipeline.targets`` (candidates,
fields, lists) and ``pipeline.table_targets`` read them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .records import Paragraph
from .rules import load_yaml

RULES = "targets.yaml"

CLAUSE_END = "，,；;：:。！？!?●■◆▲•"  # marks that end a clause (and a sentence); bullets of a list


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
    baseline_at_end: regex.Pattern[str]
    time_target: tuple[regex.Pattern[str], ...]
    time_bare: tuple[regex.Pattern[str], ...]
    time_past: tuple[regex.Pattern[str], ...]
    time_relative: tuple[regex.Pattern[str], ...]
    time_recurring: tuple[regex.Pattern[str], ...]
    time_plan_year: tuple[regex.Pattern[str], ...]
    five_year_plan: regex.Pattern[str]
    five_year_plan_in_title: regex.Pattern[str]  # 十四五规划, 第十四个五年规划: a title's period
    five_year_base: int
    five_year_step: int
    deadline: tuple[regex.Pattern[str], ...]
    past_cues: tuple[str, ...]
    count_verbs: tuple[str, ...]
    completion_predicates: tuple[str, ...]  # 100个示范社区|全面建成: the count is the goal
    verbs_before_count: tuple[str, ...]  # count_verbs and the direct ones (重点支持300名…): right before it
    drop_lead: tuple[str, ...]
    drop_lead_fallback: tuple[str, ...]
    region_prefix: regex.Pattern[str]
    plan_parts: tuple[str, ...]
    list_marks: tuple[str, ...]
    list_join: regex.Pattern[str]  # a list mark joining two values: 分别下降14.5%和15%
    noun_end: re.Pattern[str]  # where the noun after a count ends: a clause end, or the next count
    work_amounts: tuple[str, ...]
    cue_guards: dict[str, str]
    push_verbs: tuple[str, ...]
    specification_units: tuple[str, ...]
    facility_heads: tuple[str, ...]  # 200万只蛋鸡养殖基地: a capacity, not a count of bases
    facility_counters: tuple[str, ...]
    facility_work: tuple[str, ...]
    group_units: tuple[str, ...]  # 0-6岁儿童: an age group, no goal
    requirement_nouns: tuple[str, ...]
    scope_clause: regex.Pattern[str]
    plan_part_clause: regex.Pattern[str]
    distribute: tuple[str, ...]
    measure_heads: tuple[str, ...]  # 毛入园率、…年限: members named in full
    lead_cues: tuple[tuple[str, str], ...]
    fillers: tuple[str, ...]
    policy_clauses: tuple[regex.Pattern[str], ...]
    funding_lead: regex.Pattern[str]
    locative_lead: regex.Pattern[str]
    goal_label: regex.Pattern[str]  # 年度目标： opening a paragraph
    list_mark_split: regex.Pattern[str]  # any list mark: 大事|和|民生实事
    own_verbs: tuple[str, ...]  # verbs that give a noun before a value a task of its own
    per_base: regex.Pattern[str]
    procedural_kinds: tuple[str, ...]
    news_marks: regex.Pattern[str]  # 本报讯, （记者…）, …网3月12日电: a news report
    progress_cues: regex.Pattern[str]  # 为年计划的48.2%: a progress report
    ordinal_nouns: tuple[str, ...]  # 三次|会议: a meeting's ordinal
    named_set_leads: tuple[str, ...]  # 国务院确定的|150项…: a set's name


@cache
def target_rules() -> TargetRules:
    """The rules of ``rules/targets.yaml``, compiled once."""
    data = load_yaml(RULES)
    marks = _longest_first(data["list_marks"])
    any_mark = "|".join(map(re.escape, marks))
    words = "|".join(re.escape(m) for m in marks if m != "、")  # 、 joins values with no digit check
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
        baseline_at_end=regex.compile("(?:" + "|".join(f"(?:{p})" for p in data["baseline"]) + r")\s*$"),
        time_target=tuple(regex.compile(p) for p in time["target"]),
        time_bare=tuple(regex.compile(p) for p in time["bare"]),
        time_past=tuple(regex.compile(p) for p in time["past"]),
        time_relative=tuple(regex.compile(p) for p in time["relative"]),
        time_recurring=tuple(regex.compile(p) for p in time["recurring"]),
        time_plan_year=tuple(regex.compile(p) for p in time["plan_year"]),
        five_year_plan=regex.compile(plan["pattern"]),
        five_year_plan_in_title=regex.compile(plan["in_title"]),
        five_year_base=int(plan["base"]),
        five_year_step=int(plan["step"]),
        deadline=tuple(regex.compile(p) for p in data["deadline"]),
        past_cues=_longest_first(data["past_cues"]),
        count_verbs=_longest_first(data["count_verbs"]),
        completion_predicates=_longest_first(data["completion_predicates"]),
        verbs_before_count=_longest_first([*data["count_verbs"], *data["direct_count_verbs"]]),
        drop_lead=_longest_first(data["drop_lead"]),
        drop_lead_fallback=_longest_first(data["drop_lead_fallback"]),
        region_prefix=regex.compile(data["region_prefix"]),
        plan_parts=_longest_first(data["plan_parts"]),
        list_marks=marks,
        list_join=regex.compile(rf"\s*(?:、|(?:{words})\s*(?=[0-9０-９]))"),
        noun_end=re.compile(
            rf"[{re.escape(CLAUSE_END)}〔【]|(?:{any_mark})(?=[0-9０-９一二两三四五六七八九十])"
        ),
        work_amounts=tuple(str(u) for u in data["work_amounts"]),
        cue_guards={str(k): str(v) for k, v in data["cue_guards"].items()},
        push_verbs=_longest_first(data["push_verbs"]),
        specification_units=tuple(str(u) for u in data["specification_units"]),
        facility_heads=_longest_first(data["facility_heads"]),
        facility_counters=tuple(data["facility_counters"]),
        facility_work=_longest_first(data["facility_work"]),
        group_units=tuple(str(u) for u in data["group_units"]),
        requirement_nouns=tuple(str(w) for w in data["requirement_nouns"]),
        scope_clause=regex.compile(data["scope_clause"]),
        plan_part_clause=regex.compile(data["plan_part_clause"]),
        distribute=_longest_first(data["distribute"]),
        measure_heads=_longest_first(data["measure_heads"]),
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
        goal_label=regex.compile(data["goal_label"]),
        list_mark_split=regex.compile("|".join(map(regex.escape, marks))),
        own_verbs=(
            *_longest_first([*data["count_verbs"], *data["direct_count_verbs"]]),
            *_longest_first(data["push_verbs"]),
            *_longest_first(data["drop_lead_fallback"]),
            *_longest_first(data["modality"]),
        ),
        per_base=regex.compile(data["per_base"]),
        procedural_kinds=_longest_first(data["procedural_kinds"]),
        news_marks=regex.compile(data["news_marks"]),
        progress_cues=regex.compile(data["progress_cues"]),
        ordinal_nouns=_longest_first(data["ordinal_nouns"]),
        named_set_leads=_longest_first(data["named_set_leads"]),
    )


def document_kind(title: str | None, paragraphs: Sequence[Paragraph] = ()) -> str:
    """``procedural`` for a document that is itself a notice, call, measure or regulation (its title
    ends with one of ``procedural_kinds``); else, read from its ``paragraphs`` where given,
    ``news`` for a news report (:func:`reports_news`) and ``progress`` for a report of progress
    against an annual plan (``progress_cues``: 为年计划的48.2%); else ``plan``.

    >>> document_kind("关于组织申报2022年度科技创新专项项目的通知"), document_kind("示例县碳达峰实施方案")
    ('procedural', 'plan')
    >>> document_kind(None, [Paragraph(0, "通畅工程：完成里程13883公里，为年计划的77.1%。", 0, 26)])
    'progress'
    """
    rules = target_rules()
    if title and any(
        title.rstrip("）)").endswith(k) or regex.search(f"{k}[（(]", title) for k in rules.procedural_kinds
    ):
        return "procedural"
    if reports_news(paragraphs):
        return "news"
    if any(rules.progress_cues.search(p.text) for p in paragraphs):
        return "progress"
    return "plan"


NEWS_HEAD = 4  # paragraphs at the top where a news report says it is one
NEWS_TAIL = 2  # … and at its end (the reporters' byline)


def reports_news(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the document is a news report: its first paragraphs carry a news lead
    (``本报讯（记者…）``, ``中新网3月12日电``), rules/targets.yaml ``news_marks``.

    >>> reports_news([Paragraph(0, "本报讯（记者 王明）7月24日，示例县举行发布会。", 0, 24)])
    True
    >>> reports_news([Paragraph(0, "到2025年，森林覆盖率达到60%。", 0, 18)])
    False
    """
    marks = target_rules().news_marks
    # the lead at the top, or the reporters' byline closing it: （记者王明、李红）
    return any(marks.search(p.text) for p in [*paragraphs[:NEWS_HEAD], *paragraphs[-NEWS_TAIL:]])
