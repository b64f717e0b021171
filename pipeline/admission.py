"""Whether a quantity is a target: named rules over what was read around it (SPEC section 4).

After the cleaner's fixes (``pipeline.clean``): every rule is a small named function of the
``Facts`` that :mod:`pipeline.targets` read around a value, with doctests.  ``EXCLUSIONS`` lists
the rules that keep a value out, in order; ``ADMISSIONS`` the ones that let it in.  The first
exclusion that applies decides (the value is no target); else the first admission that applies
(it is one); a value no admission takes is left out as ``uncommitted``.  The name of the deciding
rule stays with the value: ``Target.rule`` for targets, ``Rejection.rule`` for the values left
out, and ``plan-extract eval`` shows it beside every false alarm and miss, so a researcher sees
why a number was or was not taken.  Word lists are in ``rules/targets.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .rules import load_yaml, require

RULES = "targets.yaml"


@dataclass(frozen=True, slots=True)
class Facts:
    """What was read around one value: its clause, its sentence, its section and its document."""

    pre: str = ""  # the clause before the value
    sentence_before: str = ""  # the sentence up to the value
    quoted: str | None = None  # the text of the quotes the value stands in
    titled: bool = False  # it stands in a title: 《…》
    bracketed: str | None = None  # the text of the brackets it stands in, up to the value
    plus_name: bool = False  # 1+6+N
    follow: str = "end"  # what follows the value: end | noun | modifier | post
    pushed: bool = False  # a count a push verb governs: 推动600家以上公共机构…
    completes: bool = False  # a counted subject its clause completes: 100个示范社区全面建成
    bounded: bool = False  # a bound (以上, 不少于…) or a range (1—2个) comes with the value
    specification: bool = False  # a unit that only specifies equipment: 500千伏
    one_written: bool = False  # 一 written as a word before a counter: 新建一座监测站
    worked_on: bool = False  # a length or area right after a verb of work: 完成170公里管网改造
    after: str = ""  # the noun phrase after it
    unit: str = ""
    norm_unit: str | None = None
    threshold: bool = False  # 1000吨标准煤及以上“两高”项目
    policy: bool = False  # a subsidy rate or cap: 按投资额的10%给予补助
    plan_part: bool = False  # 三大行动: a count of the plan's own parts
    counted_by: bool = False  # a count whose noun follows is governed by a cue, count verb or 力争
    strong: bool = False  # a cue (达到, 下降…) or post cue (逐年递增) of its own
    committed: bool = False  # a modal, a bound or a making verb in its clause
    named: bool = False  # it names what it measures (subject or noun after)
    from_value: bool = False  # 由65%提升至80%: the first value is where things stand
    time_before: str | None = None  # kind of the nearest time expression before it
    has_time: bool = False  # the sentence (or paragraph, or task) gives a time
    future_time: bool = False  # the sentence aims at a year after the document's own time
    aimed: bool = False  # … and says so (到2025年, a period, a deadline), or the date of issue makes it so
    past_sentence: bool = False  # the sentence speaks of the past (去年, 近年来) and aims at nothing
    section_path: tuple[str, ...] = ()  # headings from the top of the outline down to its section
    document_kind: str = "plan"  # plan | procedural (notice, call, measures, regulation) | news | progress
    one_year_plan: bool = False  # the title names one year (2022年…行动计划): 同比 compares that year


Rule = Callable[[Facts], bool]


@dataclass(frozen=True, slots=True)
class AdmissionRules:
    """The word lists of ``rules/targets.yaml`` the rules read."""

    past_cues: tuple[str, ...]
    plan_year_cues: tuple[str, ...]
    work_on_existing: regex.Pattern[str]
    past_aspect: tuple[str, ...]
    perfective: regex.Pattern[str]  # 实施了: done
    present_cues: tuple[str, ...]  # 截至目前: where things stand
    review_parts: regex.Pattern[str]
    goal_parts: regex.Pattern[str]
    goal_lead_in: regex.Pattern[str]  # …的主要目标包括：, in the sentence before the value
    forecast_cues: tuple[str, ...]
    pledge: regex.Pattern[str]
    sub_target_cues: tuple[str, ...]
    procedural_clauses: tuple[regex.Pattern[str], ...]
    procedural_only: tuple[regex.Pattern[str], ...]
    slogan_chars: int


@cache
def admission_rules() -> AdmissionRules:
    data = load_yaml(RULES)
    reviews = require(data, "review_parts", list, RULES)
    goals = require(data, "goal_parts", list, RULES)
    return AdmissionRules(
        past_cues=tuple(str(w) for w in require(data, "past_cues", list, RULES)),
        plan_year_cues=tuple(str(w) for w in require(data, "plan_year_cues", list, RULES)),
        work_on_existing=regex.compile(require(data, "work_on_existing", str, RULES)),
        past_aspect=tuple(str(w) for w in require(data, "past_aspect", list, RULES)),
        perfective=regex.compile(require(data, "perfective", str, RULES)),
        present_cues=tuple(str(w) for w in require(data, "present_cues", list, RULES)),
        review_parts=regex.compile("|".join(f"(?:{p})" for p in reviews)),
        goal_parts=regex.compile("|".join(f"(?:{p})" for p in goals)),
        goal_lead_in=regex.compile(require(data, "goal_lead_in", str, RULES)),
        forecast_cues=tuple(str(w) for w in require(data, "forecast_cues", list, RULES)),
        pledge=regex.compile(require(data, "pledge", str, RULES)),
        sub_target_cues=tuple(str(w) for w in require(data, "sub_target_cues", list, RULES)),
        procedural_clauses=tuple(regex.compile(p) for p in require(data, "policy_clauses", list, RULES)),
        procedural_only=tuple(regex.compile(p) for p in require(data, "procedural_clauses", list, RULES)),
        slogan_chars=require(data, "slogan_chars", int, RULES),
    )


# ------------------------------------------------------------------------------- exclusions


def slogan(f: Facts) -> bool:
    """A number in short quotes names a slogan or a programme: ``“135”工程``, ``“1+6+N”``.

    Quotes that hold whole clauses quote a goal (实现“新增就业1万人、…达到85%”的目标).

    >>> slogan(Facts(quoted="135")), slogan(Facts(quoted="新增就业1万人、城镇调查失业率控制在5.5%以内"))
    (True, False)
    """
    if f.quoted is None:
        return False
    return len(f.quoted) <= admission_rules().slogan_chars and not any(c in f.quoted for c in "，、；")


def aside(f: Facts) -> bool:
    """A number in brackets explains (``（1公里内）``), unless the brackets list sub-targets.

    >>> aside(Facts(bracketed="约")), aside(Facts(bracketed="其中水电")), aside(Facts())
    (True, False, False)
    >>> aside(Facts(bracketed="县城达到"))  # 城镇污水处理率达到95%以上（县城达到90%以上）
    False
    """
    if f.bracketed is None:
        return False
    inside = f.bracketed.lstrip()
    sub_target = any(w in inside for w in admission_rules().sub_target_cues)
    return not (inside.startswith(("其中", "含")) or sub_target)


def inside_name(f: Facts) -> bool:
    """A number inside a name or a specification: ``220千伏变电站``, ``50MW…项目``, ``1+6+N``, ``X的``.

    >>> inside_name(Facts(follow="noun", norm_unit="kW")), inside_name(Facts(follow="modifier"))
    (True, True)
    >>> inside_name(Facts(follow="noun", norm_unit="count")), inside_name(Facts(plus_name=True))
    (False, True)
    >>> inside_name(Facts(follow="modifier", norm_unit="percent", future_time=True))
    False
    >>> inside_name(Facts(follow="noun", norm_unit="m", worked_on=True))  # 完成170公里管网改造
    False
    >>> inside_name(Facts(follow="end", specification=True))  # 新建6个500千伏、…
    True

    In the plan's goals, a share before 的 and a bounded value before its measure are goals:

    >>> goals = ("总体要求", "发展目标")
    >>> inside_name(Facts(follow="modifier", norm_unit="percent", section_path=goals))  # 98%的行政村…
    False
    >>> inside_name(Facts(follow="noun", bounded=True, norm_unit=None, section_path=goals))
    False
    """
    if f.plus_name or f.titled or f.specification:  # 新建6个500千伏、25个220千伏输变电项目
        return True
    goals = in_goal_part(f)
    if f.follow == "modifier":  # 80万吨/年的…项目; but 到2025年，95%的机关达到…: a share to reach
        return not (f.norm_unit == "percent" and (f.future_time or goals))
    if f.follow == "noun" and f.bounded and goals:  # 主要目标: 提供1000Mbps以上接入服务能力
        return False
    return f.follow == "noun" and f.norm_unit not in ("count", "percent") and not f.worked_on


def in_goal_part(f: Facts) -> bool:
    """Whether the value stands in the plan's goals (a heading such as ``发展目标``, ``主要指标``).

    >>> in_goal_part(Facts(section_path=("总体要求", "发展目标")))
    True
    >>> in_goal_part(Facts(section_path=("重点任务",)))
    False

    or its sentence leads into the goals it lists:

    >>> in_goal_part(Facts(sentence_before="“九五”水利建设的主要目标包括：新增有效灌溉面积"))
    True
    """
    return _goal_path(f.section_path) or admission_rules().goal_lead_in.search(f.sentence_before) is not None


@lru_cache(maxsize=1024)  # every value of a section has the same path; inside_name and goal_part ask
def _goal_path(section_path: tuple[str, ...]) -> bool:
    goals = admission_rules().goal_parts
    return any(goals.search(heading.rstrip("。．.")) for heading in section_path)


def threshold(f: Facts) -> bool:
    """A bound that defines a set: ``年综合能源消费量1000吨标准煤及以上“两高”项目``.

    >>> threshold(Facts(threshold=True)), threshold(Facts())
    (True, False)
    """
    return f.threshold


def plan_part(f: Facts) -> bool:
    """A count of the plan's own parts: ``三大行动``, ``5个方面``.

    >>> plan_part(Facts(plan_part=True))
    True
    """
    return f.plan_part


def past_figure(f: Facts) -> bool:
    """A figure already reached or standing now, whatever the verb (SPEC section 4).

    Its clause says so (``已``, ``截至``, ``同比``), or a past year stands before it, or its sentence
    speaks of the past; or it is where a change starts (``由65%提升至80%``); or it stands in a
    review or status part (发展基础, 取得成效, 现状, “十三五”…回顾) or reads as done (``累计完成``)
    in a sentence that aims at no later year:

    >>> past_figure(Facts(pre="森林覆盖率已达")), past_figure(Facts(time_before="past"))
    (True, True)
    >>> past_figure(Facts(section_path=("发展基础和面临形势", "“十三五”主要成就")))
    True
    >>> past_figure(Facts(section_path=("发展基础",), future_time=True, aimed=True))  # 到2025年…
    False
    >>> past_figure(Facts(section_path=("基本情况",), future_time=True))  # 2014年，… with no date of issue
    True
    >>> past_figure(Facts(pre="累计完成造林"))
    True
    >>> past_figure(Facts(sentence_before="项目建设成效显著，累计实施重点项目"))  # a run-in lead
    True
    >>> past_figure(Facts(pre="实施了重点工程", future_time=True)), past_figure(Facts(pre="为了实现"))
    (True, False)
    >>> past_figure(Facts(sentence_before="截至目前，全县城镇化率达到"))
    True

    Work on what exists is to come (``完成现有…改造``); in a plan for one year, ``同比`` compares
    that year with the one before:

    >>> past_figure(Facts(pre="2023年底前，完成现有")), past_figure(Facts(pre="能耗同比下降"))
    (False, True)
    >>> past_figure(Facts(pre="能耗同比下降", one_year_plan=True))
    False
    """
    rules = admission_rules()
    pre = rules.work_on_existing.sub("", f.pre)
    cues = [w for w in rules.past_cues if not (f.one_year_plan and w in rules.plan_year_cues)]
    if any(w in pre for w in cues) or f.time_before == "past" or f.past_sentence:
        return True
    # 实施了…504项, 比“十一五”末提高了10个百分点: a perfective verb says it is done; 截至目前，…
    if rules.perfective.search(pre) or any(w in f.sentence_before for w in rules.present_cues):
        return True
    if f.from_value:
        return True
    review = any(rules.review_parts.search(heading) for heading in f.section_path)
    if f.future_time and (f.aimed or not review):  # a bare 2014年 in 基本情况 aims at nothing
        return False
    if review:
        return True
    # a review's run-in lead opening the sentence: 项目建设成效显著，累计实施重点项目578个
    lead = _LEAD_CLAUSE.split(f.sentence_before, maxsplit=1)
    if len(lead) > 1 and rules.review_parts.search(lead[0]):
        return True
    return any(w in f.pre for w in rules.past_aspect)


_LEAD_CLAUSE = regex.compile(r"[，,：:；;]")


def forecast(f: Facts) -> bool:
    """A forecast or an estimate, not a commitment: ``预计到2025年将达到…``, ``据初步估算，总投资约…``.

    >>> forecast(Facts(sentence_before="据初步估算，“十四五”期间总投资约"))
    True
    >>> forecast(Facts(sentence_before="到2025年"))
    False
    """
    return any(w in f.sentence_before for w in admission_rules().forecast_cues)


def quoted_pledge(f: Facts) -> bool:
    """Another body's pledge quoted as background (SPEC section 4): ``我国承诺…，明确2030年…达到25%``.

    >>> quoted_pledge(Facts(sentence_before="我国承诺力争于2030年前达到峰值，明确2030年非化石能源比重达到"))
    True
    >>> quoted_pledge(Facts(sentence_before="按照国家要求，到2025年全省非化石能源比重达到"))
    False
    """
    return admission_rules().pledge.search(f.sentence_before) is not None


def procedural_number(f: Facts) -> bool:
    """A rule of a procedure, not a goal: subsidy rates and caps, application conditions, numbers of
    experts, copies or days (``按投资额的10%给予补助``, ``最高不超过200万元``, ``一式三份``).

    >>> procedural_number(Facts(policy=True)), procedural_number(Facts(pre="申报材料一式"))
    (True, True)
    >>> procedural_number(Facts(pre="森林覆盖率达到"))
    False
    """
    return f.policy or any(p.search(f.pre) for p in admission_rules().procedural_only)


def procedure_document(f: Facts) -> bool:
    """In a document that is itself a notice, a call, measures or a regulation, a number is part of
    the procedure it sets out, unless its sentence aims at a later year.

    >>> procedure_document(Facts(document_kind="procedural"))
    True
    >>> procedure_document(Facts(document_kind="procedural", future_time=True))
    False
    """
    return f.document_kind == "procedural" and not f.future_time


def news_report(f: Facts) -> bool:
    """In a news report (``本报讯``, ``（记者…）``, ``…网3月12日电``), a figure is news of what was
    done or stands now, unless its sentence aims at a later year or commits to a count for a
    period (``每年创建10个示范乡镇``): a plan the report carries.

    >>> news_report(Facts(document_kind="news")), news_report(Facts(document_kind="news", future_time=True))
    (True, False)
    >>> news_report(Facts(document_kind="news", has_time=True))  # 要求全市每年创建10个示范乡镇
    False
    """
    return f.document_kind == "news" and not (f.future_time or f.has_time)


def progress_report(f: Facts) -> bool:
    """In a progress report (``完成…，为年计划的48.2%``), a figure is progress made, unless its
    sentence aims at a later year.

    >>> progress_report(Facts(document_kind="progress")), progress_report(Facts(document_kind="plan"))
    (True, False)
    """
    return f.document_kind == "progress" and not f.future_time


def article_one(f: Facts) -> bool:
    """``一座``, ``一个`` written as words, with no cue, are an article, not a count the plan commits
    to (``新建一座监测站``, ``成熟一个、建设一个``); ``至少完成一轮排查`` has a cue.

    >>> article_one(Facts(one_written=True)), article_one(Facts(one_written=True, strong=True))
    (True, False)
    """
    return f.one_written and not f.strong


def bare_number(f: Facts) -> bool:
    """A number with no unit and no cue of its own says nothing measurable: ``第3``, ``1`` of a list.

    >>> bare_number(Facts(unit="")), bare_number(Facts(unit="", strong=True)), bare_number(Facts(unit="%"))
    (True, False, False)
    """
    return f.unit == "" and not f.strong


def days_without_cue(f: Facts) -> bool:
    """``3天`` with no cue is a duration of a procedure, not a goal (``不超过15天`` is one).

    >>> days_without_cue(Facts(norm_unit="d")), days_without_cue(Facts(norm_unit="d", strong=True))
    (True, False)
    """
    return f.norm_unit == "d" and not f.strong


def uncounted(f: Facts) -> bool:
    """A count before its noun that no cue, count verb or 力争 governs: ``15家重点企业``; a push verb
    (推动, 推进, 遴选) governs one that is bounded or dated (``推动600家以上公共机构开展能源审计``).

    >>> uncounted(Facts(follow="noun", norm_unit="count")), uncounted(Facts(follow="noun", norm_unit="count",
    ...     counted_by=True))
    (True, False)
    >>> uncounted(Facts(follow="noun", norm_unit="count", pushed=True))
    True
    >>> uncounted(Facts(follow="noun", norm_unit="count", pushed=True, bounded=True))
    False

    A counted subject that its clause goes on to complete (``到2025年，100个示范社区全面建成``,
    ``77个农村黑臭水体完成整治``) is a goal where the sentence has a time or stands in the goals:

    >>> uncounted(Facts(follow="noun", norm_unit="count", completes=True, has_time=True))
    False
    >>> uncounted(Facts(follow="noun", norm_unit="count", completes=True))
    True
    """
    if f.follow != "noun" or f.norm_unit != "count" or f.counted_by:
        return False
    if f.completes and (f.has_time or in_goal_part(f)):
        return False
    return not (f.pushed and (f.bounded or f.has_time))


EXCLUSIONS: dict[str, Rule] = {
    "slogan": slogan,
    "aside": aside,
    "inside_name": inside_name,
    "threshold": threshold,
    "plan_part": plan_part,
    "past_figure": past_figure,
    "forecast": forecast,
    "quoted_pledge": quoted_pledge,
    "procedural_number": procedural_number,
    "procedure_document": procedure_document,
    "news_report": news_report,
    "progress_report": progress_report,
    "article_one": article_one,
    "bare_number": bare_number,
    "days_without_cue": days_without_cue,
    "uncounted": uncounted,
}
"""The rules that keep a value out, in the order they are tried."""


# ------------------------------------------------------------------------------- admissions


def cue(f: Facts) -> bool:
    """A cue of its own before or after the value: ``达到``, ``下降``, ``不低于``, ``逐年递增``.

    >>> cue(Facts(strong=True)), cue(Facts())
    (True, False)
    """
    return f.strong


def commitment(f: Facts) -> bool:
    """No cue, but a modal (力争), a bound (以上) or a making verb (新建) commits to the value, and it
    names what it counts: project boxes (专栏) list such values with no year.

    >>> commitment(Facts(committed=True, named=True)), commitment(Facts(committed=True))
    (True, False)
    """
    return f.committed and f.named


def dated(f: Facts) -> bool:
    """No cue, but the sentence, paragraph or task gives a time: ``到2025年，新建充电桩700根``.

    >>> dated(Facts(has_time=True, named=True)), dated(Facts(has_time=True))
    (True, False)
    """
    return f.has_time and f.named


def goal_part(f: Facts) -> bool:
    """No cue and no time, but the value stands in the plan's goals (``发展目标``) and names what it
    measures: ``98%的行政村实现光纤通达``.

    >>> goal_part(Facts(section_path=("发展目标",), named=True)), goal_part(Facts(named=True))
    (True, False)
    """
    return f.named and in_goal_part(f)


ADMISSIONS: dict[str, Rule] = {"cue": cue, "commitment": commitment, "dated": dated, "goal_part": goal_part}
"""The rules that let a value in, in the order they are tried."""

UNCOMMITTED = "uncommitted"


def decide(facts: Facts) -> tuple[bool, str]:
    """Whether the value is a target, and the name of the rule that decided.

    >>> decide(Facts(pre="森林覆盖率达到", strong=True, unit="%"))
    (True, 'cue')
    >>> decide(Facts(pre="森林覆盖率已达", strong=True, unit="%"))
    (False, 'past_figure')
    >>> decide(Facts(unit="个"))
    (False, 'uncommitted')
    """
    for name, rule in EXCLUSIONS.items():
        if rule(facts):
            return False, name
    for name, rule in ADMISSIONS.items():
        if rule(facts):
            return True, name
    return False, UNCOMMITTED
