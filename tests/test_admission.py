"""Whether a value is a target, and which named rule says so (pipeline/admission.py, issue #8).

Sentences written for this suite, one per form of SPEC section 4 the admission rules read; each
names the rule that must decide, so a change that lets a value in or out for another reason shows.
"""

from __future__ import annotations

import pytest

from pipeline.admission import ADMISSIONS, EXCLUSIONS, Facts, decide
from pipeline.records import CleanText, Paragraph, Rejection, Section
from pipeline.targets import extract_targets, targets_in_sentence


def decided(sentence: str) -> list[tuple[float, str, bool]]:
    """(value, rule, taken) of every quantity of ``sentence``, in order."""
    rejected: list[Rejection] = []
    taken = targets_in_sentence(sentence, rejected=rejected)
    rows = [(t.value, t.rule or "", True, t.start) for t in taken]
    rows += [(r.value, r.rule, False, r.start) for r in rejected]
    return [(value, rule, ok) for value, rule, ok, _ in sorted(rows, key=lambda row: row[3])]


# fmt: off
CASES = [
    # sentence, [(value, rule, is a target)]
    ("到2025年，森林覆盖率达到62%。", [(62, "cue", True)]),
    ("森林覆盖率已达62%。", [(62, "past_figure", False)]),
    ("全市规模以上工业增加值同比增长8.2%。", [(8.2, "past_figure", False)]),
    ("优良天数比率由85%提升至90%。", [(85, "past_figure", False), (90, "cue", True)]),
    ("预计到2025年，全县新能源汽车保有量将达到1万辆。", [(1, "forecast", False)]),
    ("对项目按投资额的10%给予补助。", [(10, "procedural_number", False)]),
    ("评审专家组成员不少于5名。", [(5, "procedural_number", False)]),
    ("实施“135”工程。", [(135, "slogan", False)]),
    ("到2025年，实现“新增就业1万人、城镇调查失业率控制在5.5%以内”的目标。",
     [(1, "commitment", True), (5.5, "cue", True)]),
    ("建设220千伏变电站。", [(220, "inside_name", False)]),
    ("到2025年，淘汰年综合能源消费量1000吨标准煤及以上的落后产能。", [(1000, "inside_name", False)]),
    ("推进5项任务。", [(5, "plan_part", False)]),
    ("到2025年，高新技术企业超300家。", [(300, "cue", True)]),
    ("到2025年，全县造林总规模达到800万亩（其中人工造林200万亩、封山育林600万亩）。",
     [(800, "cue", True), (200, "dated", True), (600, "dated", True)]),
    ("5年内引进200名高层次人才。", [(200, "commitment", True)]),
    ("我国承诺力争于2030年前达到峰值，明确2030年非化石能源占比达到25%左右。", [(25, "quoted_pledge", False)]),
    ("到2022年，95%的省级党政机关达到节约型机关创建标准。", [(95, "dated", True)]),
    ("力争到2025年，3个地级及以上城市开展“无废城市”建设。", [(3, "dated", True)]),
    ("平均降尘量不得高于7.5吨/月·平方公里。", [(7.5, "cue", True)]),
    ("到2025年，城镇污水处理率达到95%以上（县城达到90%以上）。", [(95, "cue", True), (90, "cue", True)]),
    ("推进步行道建设（1公里内）。", [(1, "aside", False)]),
    # a horizon opens the sentence; each clause's own verb of selecting or training governs its count
    ("5年内重点引进100名管理人才，选拔100名正职后备人才、200名副职后备人才，培养100名优秀企业家。",
     [(100, "commitment", True), (100, "commitment", True), (200, "commitment", True),
      (100, "commitment", True)]),
    ("每年资助培养社会工作督导员50名、社会工作从业人员3000名。", [(50, "commitment", True), (3000, "commitment", True)]),
    ("社会工作督导员50名、社会工作从业人员3000名。", [(50, "uncommitted", False), (3000, "uncommitted", False)]),
    ("5年内选拔资助高层次医疗卫生专家不少于100名。", [(100, "cue", True)]),
    # 支持 counts only right before its value; elsewhere it is part of a name (支持工具)
    ("5年内重点支持300名领军人才赴境外培训，1000名核心人才参加研修。",
     [(300, "commitment", True), (1000, "commitment", True)]),
    ("充分运用碳减排支持工具和支持煤炭清洁高效利用专项再贷款两项创新工具。", [(2, "uncounted", False)]),
    ("互联网国际出口带宽达到20太比特/秒（Tbps）。", [(20, "cue", True)]),
    # a counted subject its clause goes on to complete is a goal where the sentence has a time;
    # not where the work is done (在…4个县区开展…), nor without a time
    ("到2025年底前，全市首批100个示范社区全面建成。", [(100, "dated", True)]),
    ("到2025年，在甲县、乙县2个沿江县区开展排污口整治。", [(2, "uncounted", False)]),
    ("全市100个示范社区全面建成。", [(100, "uncounted", False)]),
    # the area of counted work right after its count is measured work too (465幢|23.25万平方米)
    ("完成465幢23.25万平方米房屋“平改坡”。", [(465, "commitment", True), (23.25, "commitment", True)]),
    ("完成钢铁行业17家2851平方米烧结机改造。", [(17, "commitment", True), (2851, "inside_name", False)]),
    # verbs of opening, finishing and renewing count the noun after their value
    ("开设40个小学生爱心暑托班办班点；新增400台、完工200台。",
     [(40, "commitment", True), (400, "commitment", True), (200, "commitment", True)]),
    # the count of a list of practical projects is the list's own (plan_part)
    ("2017年，区政府将努力为民办好十件实事。", [(10, "plan_part", False)]),
    ("重点抓好15件大事和民生实事。", [(15, "plan_part", False)]),
    # the count of the bodies that issue a cited document is no goal
    ("重庆市水利局、重庆市财政局等9个部门《关于全面推进节水型社会建设的指导意见》。", [(9, "plan_part", False)]),
    # 上升到 reaches a level
    ("到2020年，非化石能源比重上升到14%左右。", [(14, "cue", True)]),
    # bare nouns and values after a committed item, in the same unit, are items of its list;
    # a value in another unit after a comma is another clause
    ("新建行政村公共厕所120座、旅游厕所8座，农村户用厕所14500座。",
     [(120, "commitment", True), (8, "commitment", True), (14500, "commitment", True)]),
    ("新建公共厕所120座，全市具备5%左右的应急能力。", [(120, "commitment", True), (5, "inside_name", False)]),
    # an age before a noun names a group of people
    ("依托社区开展0-6岁儿童家长培训。", [(0, "inside_name", False)]),
    # verbs of building on, opening up and paving count the noun after their value
    ("续建10条线路，打通断头路20条。", [(10, "commitment", True), (20, "commitment", True)]),
    ("各区至少办1所早教中心。", [(1, "cue", True)]),
    # a quoted name may open a bare item of a committed list
    ("力争新增示范企业3户，“两品一标”企业5户，家庭农场、合作社10户。",
     [(3, "commitment", True), (5, "commitment", True), (10, "commitment", True)]),
    # a count in a unit that counts no facility, before a facility's noun, is its capacity
    ("完成甲镇200万只蛋鸡标准化养殖基地建设。", [(200, "inside_name", False)]),
    ("建设5万头生猪养殖场。", [(5, "inside_name", False)]),
    ("建设3个劳动密集型产业园。", [(3, "commitment", True)]),
    # years of schooling are a measure in years; a procedure's term in years is no quantity
    ("到2025年，劳动年龄人口平均受教育年限达到11.5年。", [(11.5, "cue", True)]),
    ("试点项目创建年限为3年。", []),
    # 翻番 alone doubles; a review's run-in lead opening the sentence makes its figures past
    ("力争到2030年实现经济总量翻番。", [(2, "dated", True)]),
    ("项目建设成效显著，累计实施重点项目578个。", [(578, "past_figure", False)]),
    # a perfective verb in the clause, the present, and a time since which things were done
    ("“十二五”期间，实施了城乡建设重点工程504项。", [(504, "past_figure", False)]),
    ("截至目前，全县城镇化率达到52.5%。", [(52.5, "past_figure", False)]),
    ("从2019年实施城市更新以来，增设停车位380万个。", [(380, "past_figure", False)]),
    ("为了实现目标，到2025年建成充电桩500个。", [(500, "commitment", True)]),
    # a count in 次 before 会议 is a meeting's ordinal
    ("在十四届全国人大三次会议上说。", [(3, "inside_name", False)]),
    # a set fixed by another body is named by its count; 优选 governs a dated count
    ("“十四五”时期，实施国务院确定的150项重大水利工程，优选124处灌区实施改造。",
     [(150, "inside_name", False), (124, "dated", True)]),
    # a sentence's lead into its goals (主要目标包括：) puts what follows in the goals
    ("水利建设的主要目标包括：新增有效灌溉面积200万亩，改善灌溉面积700万亩。",
     [(200, "commitment", True), (700, "goal_part", True)]),
    # the part of a five-year period behind the document is past
    ("“十四五”前四年，全国农村公路新改建71.6万公里。", [(71.6, "past_figure", False)]),
    ("“十四五”以来，中央累计投入资金2200亿元。", [(2200, "past_figure", False)]),
    # a ratio to one that a 比 names is a value (not a clock time)
    ("到2025年，车桩比例达到4：1。", [(4, "cue", True)]),
    ("会议于上午8:15召开。", []),
    # a list's bullets end its clauses
    ("●优良天数不低于317天 ●PM2.5达到30.5微克/立方米左右", [(317, "cue", True), (30.5, "cue", True)]),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_the_rule_that_decides(sentence, expected):
    got = decided(sentence)
    assert [(v, rule, ok) for v, rule, ok in got] == [(float(v), rule, ok) for v, rule, ok in expected]


def test_fields_of_the_new_forms():
    (t,) = targets_in_sentence("到2025年，森林覆盖率大于等于62%。")
    assert (t.comparator, t.target_year) == (">=", 2025)
    (t,) = targets_in_sentence("到2025年，高新技术企业超300家。")
    assert (t.comparator, t.indicator) == (">", "高新技术企业")
    # a four-digit value is no year: 到2855 is no time expression
    (t,) = targets_in_sentence("可再生能源装机规模达到2855万千瓦。")
    assert t.target_year is None
    (t,) = targets_in_sentence("到2025年，绿色建筑占新建建筑比例达到2/3。")
    assert round(t.value, 3) == 0.667
    (t,) = targets_in_sentence("到2025年，城镇生活污水处理率达到百分之百。")
    assert (t.value, t.norm_unit) == (100.0, "percent")
    # 每年 commits a count with no year, and takes no year away from the sentence's own
    (t,) = targets_in_sentence("到2025年，马尾松林分面积占比每年下降1个百分点以上。")
    assert t.target_year == 2025
    sub = targets_in_sentence("到2025年，全县造林总规模达到800万亩（其中人工造林200万亩、封山育林600万亩）。")
    assert [t.indicator for t in sub] == ["造林总规模", "人工造林", "封山育林"]
    # a heading's or list item's marker is no part of the indicator; the counted work's area
    # takes the indicator of its count
    (t,) = targets_in_sentence("（一）地区生产总值增长7%以上")
    assert (t.indicator, t.comparator) == ("地区生产总值", ">=")
    first, second = targets_in_sentence("完成465幢23.25万平方米房屋“平改坡”。")
    assert first.indicator == second.indicator == "房屋“平改坡”"
    # the named members before 等 leave the indicator: what is counted is the category after
    (t,) = targets_in_sentence("完工友谊大道北段、高新二路示范段等15条重点道路。")
    assert t.indicator == "重点道路"
    # the members of a list share its head, also where 等 ends the list or 和 joins its last member
    found = targets_in_sentence("到2025年，化学需氧量、氨氮等重点工程减排量分别达到245吨、18吨。")
    assert [t.indicator for t in found] == ["化学需氧量重点工程减排量", "氨氮重点工程减排量"]
    found = targets_in_sentence(
        "二氧化硫、氮氧化物和挥发性有机物（VOCs）排放量分别比2015年下降20%、20%和10%。"
    )
    assert [t.indicator for t in found] == ["二氧化硫排放量", "氮氧化物排放量", "挥发性有机物（VOCs）排放量"]
    # person-years are a unit of their own (no head count)
    (t,) = targets_in_sentence("研发人员达到209人年以上。")
    assert (t.unit, t.norm_unit, t.comparator) == ("人年", None, ">=")
    # the items of a list share its modal verb
    found = targets_in_sentence("争取建成省级重点企业研究院1家，市级重点实验室1家。")
    assert [t.modality for t in found] == ["aspirational", "aspirational"]
    # members that end in a measure are named in full; a second list with no subject of its own
    # takes the first list's names; a bound written after a member bounds that member only
    found = targets_in_sentence(
        "2015年学前教育毛入园率、高中阶段毛入学率和人均受教育年限分别达到90%、92%和13.5年；"
        "2020年分别达到98%、95%以上和15年以上。"
    )
    names = ["学前教育毛入园率", "高中阶段毛入学率", "人均受教育年限"]
    assert [t.indicator for t in found] == names * 2
    assert [t.target_year for t in found] == [2015] * 3 + [2020] * 3
    assert [t.comparator for t in found] == ["=", "=", "=", "=", ">=", ">="]
    assert [(t.value, t.unit) for t in found][2] == (13.5, "年")
    # a verb that makes something happen is no part of what is measured
    (t,) = targets_in_sentence("推动主要农作物耕种收综合机械化率达94%以上。")
    assert t.indicator == "主要农作物耕种收综合机械化率"
    (t,) = targets_in_sentence("带动全县蛋鸡饲养规模超过1000万只。")
    assert t.indicator == "蛋鸡饲养规模"
    # 在 and a planning horizon (近期, 中期, 远期) are no part of what is measured
    (t,) = targets_in_sentence("规划中期2015年市域城镇化水平达到66%。")
    assert (t.indicator, t.target_year) == ("市域城镇化水平", 2015)


def _doc(texts: list[str], sections: list[Section], ids: list[str | None], title: str | None):
    paragraphs, start = [], 0
    for i, (text, section) in enumerate(zip(texts, ids, strict=True)):
        paragraphs.append(Paragraph(i, text, start, start + len(text), section))
        start += len(text) + 1
    joined = "\n".join(texts)
    rejected: list[Rejection] = []
    targets = extract_targets(
        paragraphs, CleanText(joined, list(range(len(joined)))), sections, title, rejected
    )
    return targets, rejected


def test_a_review_part_reports_past_figures_unless_a_sentence_aims_later():
    texts = [
        "一、发展基础",
        "“十三五”以来，全省森林覆盖率达到65%，建成绿色工厂120家。",
        "到2025年，森林覆盖率达到66%。",
        "二、主要目标",
        "森林覆盖率达到67%。",
    ]
    sections = [Section("一", 1, "发展基础", 0, 0), Section("二", 1, "主要目标", 0, 0)]
    targets, rejected = _doc(texts, sections, ["一", "一", "一", "二", "二"], "示例省“十四五”林业发展规划")
    assert [t.value for t in targets] == [66, 67]
    assert {r.value: r.rule for r in rejected} == {65: "past_figure", 120: "past_figure"}


def test_the_goals_part_takes_shares_and_bounded_measures_without_a_year():
    texts = [
        "二、总体要求",
        "（三）发展目标",
        "到2020年，信息化发展水平大幅跃升。",
        "城镇地区提供1000兆比特/秒（Mbps）以上接入服务能力，98%的行政村实现光纤通达，宽带网络覆盖90%以上的贫困村。",
        "三、主要任务",
        "98%的资金用于项目建设。",
    ]
    sections = [
        Section("二", 1, "总体要求", 0, 0),
        Section("二.(三)", 2, "发展目标", 0, 0),
        Section("三", 1, "主要任务", 0, 0),
    ]
    ids = ["二", "二.(三)", "二.(三)", "二.(三)", "三", "三"]
    targets, rejected = _doc(texts, sections, ids, "示例“十三五”信息化规划")
    assert [(t.value, t.unit, t.comparator) for t in targets] == [
        (1000, "兆比特/秒", ">="),
        (98, "%", "="),
        (90, "%", ">="),
    ]
    assert targets[0].norm_unit is None  # a data rate: no SPEC norm unit
    assert [(r.value, r.rule) for r in rejected] == [(98, "inside_name")]  # outside the goals


def test_a_paragraph_opening_with_a_year_behind_the_plan_is_past_throughout():
    # the opening of a five-year plan's review, with no heading to say so: its title's period
    # (十四五规划, no quotes) looks from 2020, and the paragraph opens with 2020年
    texts = [
        "2020年，全市地区生产总值为424.74亿元。全市固定资产投资年均增速11%。",
        "到2025年，地区生产总值达到600亿元。",
    ]
    targets, rejected = _doc(texts, [], [None, None], "示例市国民经济和社会发展十四五规划")
    assert [t.value for t in targets] == [600]
    assert {r.value: r.rule for r in rejected} == {424.74: "past_figure", 11: "past_figure"}


def test_a_plans_horizon_opening_a_paragraph_gives_its_year_to_every_sentence():
    # 规划到2020年… with no comma: the horizon of the plan the paragraph states, for its sentences
    # with no time of their own; the lead 规划 is no part of the indicator
    texts = ["规划到2020年全市常住人口为500万人。全市城镇建设用地300平方公里。到2010年常住人口为450万人。"]
    targets, _ = _doc(texts, [], [None], None)
    assert [(t.value, t.target_year, t.indicator) for t in targets] == [
        (500, 2020, "常住人口"),
        (300, 2020, "城镇建设用地"),
        (450, 2010, "常住人口"),
    ]


def test_a_news_report_states_what_was_done_unless_a_sentence_aims_later():
    texts = [
        "本报讯（记者 王明）7月24日，示例县举行发布会，展示“十四五”期间发展成就。",
        "城乡居民人均可支配收入达38922元，存栏量达57.3万只。",
        "示例县将力争到2030年，地区生产总值达到300亿元。",
    ]
    targets, rejected = _doc(texts, [], [None] * 3, None)
    assert [(t.value, t.target_year) for t in targets] == [(300, 2030)]
    assert {r.value: r.rule for r in rejected} == {38922: "news_report", 57.3: "news_report"}
    # the same sentences in a plan, with no news lead, are undated goals
    targets, _ = _doc(texts[1:], [], [None] * 2, None)
    assert [t.value for t in targets] == [38922, 57.3, 300]


def test_a_paragraph_opening_with_a_past_period_reviews_it():
    # 这一年，… / 五年来，… open a work report's review: its sentences with no time are past
    texts = [
        "这一年，我们聚焦三农谋幸福。新建笼式运动场10座。打造美丽庭院3500座。",
        "新建笼式运动场12座。",
    ]
    targets, rejected = _doc(texts, [], [None, None], None)
    assert [t.value for t in targets] == [12]
    assert {r.value: r.rule for r in rejected} == {10: "past_figure", 3500: "past_figure"}


def test_a_progress_report_states_progress_unless_a_sentence_aims_later():
    texts = [
        "通畅工程：完成里程13883公里，为年计划的77.1%。",
        "农网建设：改造户表11.33万户，完成40.5%。",
        "到2025年，通畅工程里程达到20000公里。",
    ]
    targets, rejected = _doc(texts, [], [None] * 3, None)
    assert [(t.value, t.target_year) for t in targets] == [(20000, 2025)]
    assert {r.rule for r in rejected} == {"progress_report"}


def test_a_news_report_carries_a_plans_counts_for_each_year():
    texts = [
        "晚报讯（记者 王明）市里将实施新计划，要求全市每年创建10个示范乡镇。",
        "去年全市建成示范村30个。",
    ]
    targets, rejected = _doc(texts, [], [None, None], None)
    assert [t.value for t in targets] == [10]
    # a reporter's lead (记者…从…了解到) makes a page news too
    texts = ["记者今天从交通运输部了解到，全国农村公路新改建10万公里，通硬化路比例达89.5%。"]
    targets, rejected = _doc(texts, [], [None], None)
    assert targets == [] and {r.rule for r in rejected} == {"news_report"}


def test_a_news_report_with_its_reporters_byline_at_the_end():
    texts = ["部长说，全国加装电梯超过13万台。", "（记者王明、李红）"]
    targets, rejected = _doc(texts, [], [None, None], None)
    assert targets == [] and [r.rule for r in rejected] == ["news_report"]


def test_a_bare_year_in_a_situation_part_aims_at_nothing_without_a_date_of_issue():
    # 第一章 基本情况: 2014年，… is the situation described, though no date of issue says 2014 is past;
    # an explicit aim there (到2025年) still counts
    sections = [Section("第一章", 1, "基本情况", 0, 4)]
    texts = ["第一章 基本情况", "2014年，规划区总人口3.04亿人。到2025年，农村自来水普及率达到90%。"]
    targets, rejected = _doc(texts, sections, ["第一章", "第一章"], None)
    assert [(t.value, t.target_year) for t in targets] == [(90, 2025)]
    assert [(r.value, r.rule) for r in rejected] == [(3.04, "past_figure")]


def test_fields_of_periods_and_amounts():
    # “九五” ends in 2000; a quote closed by an ASCII " still names the period; 增加 + amount increases
    (t,) = targets_in_sentence("“九五”期间，新建节水灌溉面积300万亩。")
    assert t.target_year == 2000
    (t,) = targets_in_sentence('在“十四五"时期新建大型灌区30处。')
    assert t.target_year == 2025
    (t,) = targets_in_sentence("到2025年，增加非农业供水6亿立方米。")
    assert (t.direction, t.indicator) == ("increase", "非农业供水")


def test_a_goal_label_makes_the_years_of_its_paragraph_aims():
    # 年度目标：2019年，… in a plan aiming at 2020: 2019 is an aim, not a year behind the plan; a
    # modal word in the label (年度努力目标) makes its paragraph aspirational
    texts = [
        "到2020年，大气环境质量得到总体改善。",
        "年度目标：2019年，全区细颗粒物浓度下降到37微克/立方米；2020年，下降到35微克/立方米。",
        "年度努力目标：2019年，全区细颗粒物浓度下降到35微克/立方米。",
        "总体发展目标，到2025年，充电站达到8000座以上。其中，公共充换电站达到5000座左右。",
    ]
    targets, _ = _doc(texts, [], [None] * 4, "示例区打赢蓝天保卫战行动方案")
    assert [(t.value, t.target_year, t.modality) for t in targets] == [
        (37, 2019, "binding"),
        (35, 2020, "binding"),
        (35, 2019, "aspirational"),
        (8000, 2025, "binding"),
        (5000, 2025, "binding"),
    ]


def test_an_item_heading_ending_with_a_full_stop_leaves_the_year_to_its_body():
    # 2.结构优化。2020年，…: the body opens with the year that every sentence of it aims at
    texts = ["2.结构优化。2020年，煤炭占比下降到33%左右。天然气消费量增加到100亿立方米左右。"]
    targets, _ = _doc(texts, [], ["2"], "示例市能源发展规划（2016—2020年）")
    assert [(t.value, t.target_year, t.direction) for t in targets] == [
        (33, 2020, "level"),
        (100, 2020, "level"),
    ]


def test_a_year_of_the_period_a_title_names_is_an_aim():
    # （2022—2024年）: 2022年… is the plan's first year, though its first 到-aim is 2024
    texts = ["2022年，全市新建5G基站2600个以上。到2024年，全市累计建成5G基站1万个。"]
    targets, _ = _doc(texts, [], [None], "示例市新型基础设施建设三年行动方案（2022—2024年）")
    assert [(t.value, t.target_year) for t in targets] == [(2600, 2022), (1, 2024)]


def test_a_notice_states_procedures_not_goals():
    texts = ["一、支持标准", "单个项目资助经费不超过200万元。", "到2025年，累计支持项目达到50个。"]
    targets, rejected = _doc(texts, [], [None, None, None], "关于组织申报2022年度专项项目的通知")
    assert [t.value for t in targets] == [50]
    assert [(r.value, r.rule) for r in rejected] == [(200, "procedure_document")]


def test_every_rule_has_a_name_and_a_doctest():
    for name, rule in {**EXCLUSIONS, **ADMISSIONS}.items():
        assert rule.__name__ == name
        assert ">>>" in (rule.__doc__ or ""), name
    assert decide(Facts(strong=True, unit="%")) == (True, "cue")


@pytest.mark.parametrize(
    ("heading", "review"),
    [
        ("发展基础", True),
        ("“十四五”发展环境", True),
        ("“十三五”规划实施情况", True),
        ("编制背景", True),
        ("优化绿色发展环境", False),  # a chapter of tasks
        ("加强规划实施情况评估", False),
    ],
)
def test_review_parts_by_heading(heading, review):
    from pipeline.admission import Facts, past_figure

    assert past_figure(Facts(section_path=(heading,))) is review
