"""The cleaning stage (pipeline/clean.py): one case table per kind of layout noise, then properties.

Cases are grouped by provenance, as in price-parser:

* ``PAGE_NOISE``: page numbers and running headers in the forms plans use (none of them occur in the
  corpus except ``- 16 -``; the forms follow GB/T 9704 and common PDF readers);
* ``CHARACTERS``: line endings, form feeds, soft hyphens, zero-width and full-width spaces, markers;
* ``SPACES``: the spaces PDF extraction puts around CJK characters, and the ones that must stay;
* ``PARAGRAPHS``: joining hard-wrapped and footnote-broken lines, headings, notice titles.

Each case is ``(label, raw, expected clean text)``; expected failures go in as
``pytest.param(..., marks=pytest.mark.xfail(strict=True))``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean as clean_module
from pipeline.clean import FIXERS, CleanConfig, Edit, Tracked, clean_layout, demo, typical_width

# A body line of a synthetic hard-wrapped page: 20 CJK characters (width 40).
BODY = "推动能源结构持续优化，加快构建清洁低碳安全高效的能源体系，提升能源利用效率。"


def wrap(paragraph: str, width: int = 20, indent: int = 2) -> list[str]:
    """Hard-wrap a paragraph like a PDF reader: the first line is short by the lost indent."""
    first = width - indent
    lines = [paragraph[:first]]
    rest = paragraph[first:]
    while rest:
        lines.append(rest[:width])
        rest = rest[width:]
    return lines


def pdf(*paragraphs: str, sep: str = "\n\n") -> str:
    """Paragraphs hard-wrapped at 20 characters, a blank line between lines (as in the corpus)."""
    return sep.join(line for p in paragraphs for line in wrap(p))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


LONG = BODY * 2


def between(noise: str, text: str = LONG, after: str = "\n") -> str:
    """``text`` hard-wrapped, with ``noise`` (lines, form feeds) between its 2nd and 3rd line."""
    lines = wrap(text)
    return "\n\n".join(lines[:2]) + "\n" + noise + after + "\n\n".join(lines[2:])


# fmt: off
PAGE_NOISE = [
    ("em-dash page number", between("— 3 —"), LONG),
    ("hyphen page number", between("-3-"), LONG),
    ("spaced hyphen page number", between("- 12 -"), LONG),
    ("full-width hyphen page number", between("－ 12 －"), LONG),
    ("page x of y", between("第3页 共12页"), LONG),
    ("page x spaced", between("第 3 页"), LONG),
    ("total first", between("共12页，第3页"), LONG),
    ("dotted page number", between("· 3 ·"), LONG),
    ("English page number", between("Page 3 of 12"), LONG),
    ("bare number before form feed", between("3\n\f"), LONG),
    ("bare number after form feed", between("\f4"), LONG),
    ("bare number before a page-top space", between("3", after="\n "), LONG),
    ("x/y before form feed", between("3/12\n\f"), LONG),
    ("bare number inside a page stays",
     "第一段。\n第二段。\n指标数量：\n3\n说明如下。\n第三段。\n第四段。", "第一段。\n第二段。\n指标数量：\n3\n说明如下。\n第三段。\n第四段。"),
    ("x/y inside a page stays",
     "第一段。\n第二段。\n比例为：\n3/4\n说明如下。\n第三段。\n第四段。", "第一段。\n第二段。\n比例为：\n3/4\n说明如下。\n第三段。\n第四段。"),
    ("running header on 3 pages",
     "XX市碳达峰实施方案\n第一页正文。\fXX市碳达峰实施方案\n第二页正文。\fXX市碳达峰实施方案\n第三页正文。",
     "第一页正文。\n第二页正文。\n第三页正文。"),
    ("running header above a title of the same words",
     "XX市碳达峰实施方案\nXX市碳达峰实施方案\n第一页正文。\fXX市碳达峰实施方案\n第二页正文。\fXX市碳达峰实施方案\n第三页正文。",
     "XX市碳达峰实施方案\n第一页正文。\n第二页正文。\n第三页正文。"),
    ("running footer with page numbers",
     "第一页正文。\nXX县人民政府文件 第1页\f第二页正文。\nXX县人民政府文件 第2页\f第三页正文。\nXX县人民政府文件 第3页",
     "第一页正文。\n第二页正文。\n第三页正文。"),
    ("header on both pages of a 2-page document goes",
     "XX市碳达峰实施方案\n第一页正文。\fXX市碳达峰实施方案\n第二页正文。",
     "第一页正文。\n第二页正文。"),
    ("header on 2 of 4 pages goes",
     "XX市碳达峰实施方案\n第一页正文。\fXX市碳达峰实施方案\n第二页正文。\f第三页正文。\f第四页正文。",
     "第一页正文。\n第二页正文。\n第三页正文。\n第四页正文。"),
    ("a line second from the top of 2 pages stays",
     "第一页开头。\n碳达峰行动\n正文。\f第二页开头。\n碳达峰行动\n正文。\f第三页正文。",
     "第一页开头。\n碳达峰行动\n正文。\n第二页开头。\n碳达峰行动\n正文。\n第三页正文。"),
    ("running header on pages marked by a leading space",
     "\n".join(" XX市碳达峰实施方案\n\n" + pdf(mark + LONG[i + 1 :]) for i, mark in enumerate("甲乙丙")),
     "\n".join(mark + LONG[i + 1 :] for i, mark in enumerate("甲乙丙"))),
    ("header and page number splitting a wrapped paragraph",
     between("\n— 1 —\fXX市碳达峰实施方案\n") + "\n— 2 —\fXX市碳达峰实施方案\n第二页。\n— 3 —\fXX市碳达峰实施方案\n第三页。",
     LONG + "\n第二页。\n第三页。"),
]
CHARACTERS = [
    ("crlf", "一、总体要求\r\n（一）主要目标\r\n", "一、总体要求\n（一）主要目标"),
    ("cr", "一、总体要求\r（一）主要目标\r", "一、总体要求\n（一）主要目标"),
    ("form feed", "第一页的最后一段。\f第二页的第一段。", "第一页的最后一段。\n第二页的第一段。"),
    ("form feed in a wrapped paragraph", pdf(BODY)[:50] + "\f" + pdf(BODY)[50:], BODY),
    ("soft hyphen", "碳达\u00ad峰碳中和。", "碳达峰碳中和。"),
    ("zero width", "\ufeff碳\u200b达\u200c峰\u200d碳\u2060中和。", "碳达峰碳中和。"),
    ("full-width spaces", "\u3000\u3000到\u30002025\u3000年，完成目标。\u3000", "到2025年，完成目标。"),
    ("no-break space", "到\u00a02025\u00a0年。", "到2025年。"),
    ("tabs", "\t一、总体要求\t\n\t到 2025 年。", "一、总体要求\n到2025年。"),
    ("tab between table cells stays", "指标\t2025年\t2030年\n森林覆盖率\t68%\t70%", "指标\t2025年\t2030年\n森林覆盖率\t68%\t70%"),
    ("replacement-char footnote marker", "全力推动“2+1+N”产业�高端化发展。", "全力推动“2+1+N”产业高端化发展。"),
    ("private-use glyph", "\uf06c推进节能降碳。", "推进节能降碳。"),
    ("private-use rare Han character stays", "\ue3c1家村光伏项目。", "\ue3c1家村光伏项目。"),
    ("leading space marks nothing on its own", " 一、总体要求", "一、总体要求"),
]
SPACES = [
    ("year", "到 2025 年，完成。", "到2025年，完成。"),
    ("decimal with unit", "突破 2.6 万千瓦。", "突破2.6万千瓦。"),
    ("date", "2023 年 6 月 30 日", "2023年6月30日"),
    ("percent", "下降 13.5%，力争达到 14%。", "下降13.5%，力争达到14%。"),
    ("spaced percent sign", "下降 13.5 %，力争达到 14 ％。", "下降13.5%，力争达到14％。"),
    ("between CJK", "碳 达 峰 行 动", "碳达峰行动"),
    ("Latin and CJK", "健全 ETC 发行服务体系", "健全ETC发行服务体系"),
    ("after CJK punctuation", "“十四五” 期间， 2025 年", "“十四五”期间，2025年"),
    ("Python 3 stays", "使用 Python 3 编写", "使用Python 3编写"),
    ("PM 2.5 stays", "PM 2.5 浓度下降", "PM 2.5浓度下降"),
    ("COD 10 stays", "COD 10 吨", "COD 10吨"),
    ("run of spaces between Latin tokens", "PM    2.5", "PM 2.5"),
    ("Latin words across a wrap", "\n\n".join([*wrap(LONG)[:-1], "能源体系，提升能源利用效率，开展Carbon", "Peaking行动。"]),
     "".join(wrap(LONG)[:-1]) + "能源体系，提升能源利用效率，开展Carbon Peaking行动。"),
]
PARAGRAPHS = [
    ("mid-word wrap, responsibility bracket", pdf(LONG + "〔责任单位：区经发局、区住建局、区生态环境分局〕"),
     LONG + "〔责任单位：区经发局、区住建局、区生态环境分局〕"),
    ("open bracket goes on (Word)", "到2025年，完成目标。〔责任单位：区经发局、区住建局、区生态环\n境分局〕\n二、主要目标",
     "到2025年，完成目标。〔责任单位：区经发局、区住建局、区生态环境分局〕\n二、主要目标"),
    ("mid-number wrap", pdf("到2030年，全区天然气消费量达到790万立方米，推动能源结构持续优化。"),
     "到2030年，全区天然气消费量达到790万立方米，推动能源结构持续优化。"),
    ("heading on its own line", pdf("一、总体思路", BODY, "（一）能源绿色低碳转型行动", BODY),
     f"一、总体思路\n{BODY}\n（一）能源绿色低碳转型行动\n{BODY}"),
    ("ASCII-parenthesis heading", pdf("(一)能源绿色低碳转型行动", BODY), f"(一)能源绿色低碳转型行动\n{BODY}"),
    ("numbered headings 1. 1、 1． （1）", pdf("1、推进节能", "2．推进降碳", "（3）推进扩绿", "4.推进增长"),
     "1、推进节能\n2．推进降碳\n（3）推进扩绿\n4.推进增长"),
    ("chapter heading", pdf("第一章 总则", LONG), f"第一章总则\n{LONG}"),
    ("heading running into the body", pdf("1.推动化石能源清洁高效利用。" + BODY, "2.推动新能源发展。" + BODY),
     f"1.推动化石能源清洁高效利用。{BODY}\n2.推动新能源发展。{BODY}"),
    ("number in a sentence wrapped to the line start is no heading",
     "推动赣南数据湖示范中心进行节能改造，全面优化电能使用效率，2025年下降到\n\n1.5以下。积极推进光伏发电等清洁能源项目建设，\n\n合理利用屋顶。",
     "推动赣南数据湖示范中心进行节能改造，全面优化电能使用效率，2025年下降到1.5以下。积极推进光伏发电等清洁能源项目建设，合理利用屋顶。"),
    ("sentence ending exactly at a full line goes on", pdf("推动能源结构持续优化，加快构建清洁低碳安全的能源体系。" + BODY),
     "推动能源结构持续优化，加快构建清洁低碳安全的能源体系。" + BODY),
    ("page-top leading space", pdf(BODY * 2)[:120] + "\n " + pdf(BODY * 2)[122:] + "\n\n二、主要目标",
     BODY * 2 + "\n二、主要目标"),
    ("notice title over two lines (Word)", "XX县人民政府关于\n\n印发《XX县碳达峰实施方案》的通知\n\n各乡镇人民政府：",
     "XX县人民政府关于印发《XX县碳达峰实施方案》的通知\n各乡镇人民政府："),
    ("line broken at a footnote reference (Word)",
     "1.推动工业绿色低碳发展。全力推动“2+1+N”产业\n高端化、绿色化发展。\n2.推动氟化工行业碳达峰。",
     "1.推动工业绿色低碳发展。全力推动“2+1+N”产业高端化、绿色化发展。\n2.推动氟化工行业碳达峰。"),
    ("line broken before a comma (Word)", "加快完善“七改三网”基础设施建设，科学配套“8+4”公共服务设施\n，持续改善农村人居环境。",
     "加快完善“七改三网”基础设施建设，科学配套“8+4”公共服务设施，持续改善农村人居环境。"),
    ("connective ending joins (Word)", "推动煤炭和\n新能源优化组合。\n加强统筹、\n协调推进。",
     "推动煤炭和新能源优化组合。\n加强统筹、协调推进。"),
    ("碳中和 is no connective (Word)", "（一）实现碳中和\n加快推进。", "（一）实现碳中和\n加快推进。"),
    ("footnote definitions one paragraph each (Word)",
     "正文最后一段。\n\n\n�“2+1+N”产业：“2”是电子信息产业，“1”是新材料产业。\n\n\n�七改三网：改路、改水、改厕。\n ",
     "正文最后一段。\n“2+1+N”产业：“2”是电子信息产业，“1”是新材料产业。\n七改三网：改路、改水、改厕。"),
    ("title, date and signature stay apart (Word)", "XX县碳达峰实施方案\n为推动碳达峰，制定本方案。\n\nXX县人民政府\n2023年7月23日",
     "XX县碳达峰实施方案\n为推动碳达峰，制定本方案。\nXX县人民政府\n2023年7月23日"),
    ("pdftotext -layout indentation",
     "    一、总体要求\n        推动能源结构持续优化，加快构建清洁低碳\n    安全高效的能源体系。\n        提升能源利用效率，推进节能降碳\n    工作。\n",
     "一、总体要求\n推动能源结构持续优化，加快构建清洁低碳安全高效的能源体系。\n提升能源利用效率，推进节能降碳工作。"),
    ("blank lines between paragraphs only (pdftotext)", "\n".join(wrap(BODY[:37] + "。")) + "\n\n" + "\n".join(wrap(LONG)),
     f"{BODY[:37]}。\n{LONG}"),
    ("first-line indent marks paragraphs (PDF)",
     "\u3000\u3000" + "\n".join(wrap(BODY[:37] + "。")) + "\n\u3000\u3000" + "\n".join(wrap(LONG)),
     f"{BODY[:37]}。\n{LONG}"),
    ("first-line indent marks paragraphs (Word)",
     "\u3000\u3000一、总体要求\n\u3000\u3000推动绿色发展，全力推动“2+1+N”产业\n高端化发展。\n\u3000\u3000二、主要目标",
     "一、总体要求\n推动绿色发展，全力推动“2+1+N”产业高端化发展。\n二、主要目标"),
    pytest.param("paragraph ending exactly at a full line before body text", pdf(BODY[:37] + "。", BODY),
                 f"{BODY[:37]}。\n{BODY}", marks=pytest.mark.xfail(strict=True, reason="ambiguous without indentation"),
                 id="full last line before body (ambiguous)"),
]
# fmt: on


def _params(table: list) -> list:
    return [pytest.param(*c, id=c[0]) if type(c) is tuple else c for c in table]


@pytest.mark.parametrize(("label", "raw", "expected"), _params(PAGE_NOISE + CHARACTERS + SPACES + PARAGRAPHS))
def test_case(label, raw, expected):
    clean = clean_layout(raw)
    assert clean.text == expected
    assert_well_formed(raw, clean)


def assert_well_formed(raw, clean):
    """The contract of ``CleanText``: one offset per char, ascending, no blank or padded lines."""
    assert len(clean.offsets) == len(clean.text)
    assert all(a <= b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))
    assert all(0 <= o < max(len(raw), 1) for o in clean.offsets)
    for line in clean.text.split("\n") if clean.text else []:
        assert line and line == line.strip(), repr(line)
    for ch, off in zip(clean.text, clean.offsets, strict=True):
        if ch not in "\n ":
            assert raw[off] == ch or raw[off] in "\u3000\u00a0\t", (ch, raw[off])


def test_page_starts_find_bare_numbers():
    page1 = pdf(LONG)
    other = "乙" + LONG[1:]  # pages that open with the same line would make it a running header
    raw = page1 + "\n\n2\n\n" + pdf(other)
    start2 = len(page1) + 2
    # mid-text, a bare "2" could be content; the reader's page start says it tops page 2
    assert squeeze(clean_layout(raw).text) == LONG + "2" + other
    assert clean_layout(raw, page_starts=[0, start2]).text == f"{LONG}\n{other}"


def test_page_starts_find_running_headers():
    pages = ["XX市碳达峰实施方案\n\n" + pdf(f"第{i}页正文。") + "\n\n" for i in range(3)]
    starts = [sum(len(p) for p in pages[:i]) for i in range(3)]
    clean = clean_layout("".join(pages), page_starts=starts)
    assert clean.text == "第0页正文。\n第1页正文。\n第2页正文。"
    assert "remove_running_headers" in clean.steps
    # without the reader's page starts there is one page, and a line repeated inside it is content
    assert clean_layout("".join(pages)).text.count("XX市碳达峰实施方案") == 3


def test_steps_name_what_changed():
    clean = clean_layout("到 2025 年\r\n")
    assert clean.steps == ["normalize_line_breaks", "strip_lines", "remove_cjk_spaces"]
    assert clean_layout("一、总体要求").steps == []


def test_steps_replay():
    """ftfy's apply_plan test: applying the named steps alone gives the same text."""
    raw = pdf(BODY, "二、主要目标") + "\n\n- 2 -\n\n" + "\u3000到 2025 年。"
    clean = clean_layout(raw)
    only = CleanConfig(**{name: name in clean.steps for name in CleanConfig._fields})
    assert clean_layout(raw, config=only).text == clean.text


def test_overrides_switch_single_fixes():
    assert clean_layout("到 2025 年", remove_cjk_spaces=False).text == "到 2025 年"
    assert clean_layout("甲�乙", remove_markers=False).text == "甲�乙"
    config = CleanConfig(remove_markers=False)
    assert clean_layout("甲�乙", config=config, remove_markers=True).text == "甲乙"


def test_unknown_override_is_a_clear_error():
    with pytest.raises(TypeError, match=r"unknown fix name\(s\) \['fix_tables'\]; known fixes: \["):
        clean_layout("甲", fix_tables=True)


def test_registry_and_config_agree():
    assert list(FIXERS) == list(CleanConfig._fields)
    assert all(getattr(CleanConfig(), name) is True for name in FIXERS)


def test_empty_and_blank_inputs():
    assert clean_layout("").text == ""
    assert clean_layout(" \n\n\u3000\r\n").text == ""
    assert clean_layout("\f\f").offsets == []


def test_separator_points_between_paragraphs():
    raw = "一、总体思路\n\n以习近平新时代中国特色社会主义思想为指导。"
    clean = clean_layout(raw)
    sep = clean.text.index("\n")
    assert raw[clean.offsets[sep]] == "\n"
    assert clean.offsets[sep - 1] < clean.offsets[sep] < clean.offsets[sep + 1]


def test_tracked_apply_maps_replacements_to_their_start():
    t = Tracked.of("甲\r\n乙").apply([Edit(1, 3, "\n")])
    assert (t.text, t.offsets) == ("甲\n乙", [0, 1, 3])
    with pytest.raises(ValueError, match="overlapping"):
        Tracked.of("甲乙丙").apply([Edit(0, 2), Edit(1, 3)])


def test_fixers_are_usable_alone():
    assert demo(FIXERS["remove_cjk_spaces"], "到 2025 年") == "到2025年"
    assert demo(FIXERS["remove_page_numbers"], "甲\n— 3 —\n乙") == "甲\n\f乙"


def test_typical_width_needs_wrapped_lines():
    assert typical_width([40] * 10 + [12, 30]) == 40
    assert typical_width([40, 300, 120, 76, 500, 18, 260]) is None


def test_broken_rule_file_is_named(tmp_path, monkeypatch):
    from pipeline import rules
    from pipeline.errors import RuleSyntaxError

    text = (rules.RULES_DIR / "layout.yaml").read_text(encoding="utf-8")
    (tmp_path / "layout.yaml").write_text(text.replace("'第[一二三", "'(?<第[一二三", 1), encoding="utf-8")
    for other in ("outline.yaml", "metadata.yaml"):  # the cleaner reads headings and title words there
        (tmp_path / other).write_bytes((rules.RULES_DIR / other).read_bytes())
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    monkeypatch.setattr(clean_module, "RULES_DIR", tmp_path)
    rules.load_yaml.cache_clear()
    clean_module.layout_rules.cache_clear()
    try:
        with pytest.raises(RuleSyntaxError, match=r"headings: bad pattern"):
            clean_module.layout_rules()
    finally:
        rules.load_yaml.cache_clear()
        clean_module.layout_rules.cache_clear()


# --------------------------------------------------------------------------- properties

CJK = "碳达峰中和能源结构优化推动绿色低碳发展区县市局"
PUNCT = "，。、：；“”（）《》%.+"
# A line never consists of digits alone and always holds a CJK character, so no line is a page number.
line_st = st.builds(
    lambda head, body: head + body,
    st.sampled_from(CJK),
    st.text(alphabet=CJK + PUNCT + "0123456789 \u3000", max_size=30),
)
gap_st = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n", "\n "])


@st.composite
def documents(draw: st.DrawFn) -> str:
    # lines differ even with digits ignored, so none can pass for a running header
    lines = draw(st.lists(line_st, min_size=1, max_size=25, unique_by=lambda s: re.sub(r"\d+|\s+", "", s)))
    gaps = draw(st.lists(gap_st, min_size=len(lines), max_size=len(lines)))
    lead = draw(st.sampled_from(["", " ", "\u3000\u3000", "\n"]))
    return lead + "".join(line + gap for line, gap in zip(lines, gaps, strict=True))


def _content(s: str) -> str:
    return squeeze(s)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_property_only_layout_goes(raw):
    """Every non-white-space character of the raw survives, in order (no page noise in the input)."""
    clean = clean_layout(raw)
    assert _content(clean.text) == _content(raw)
    assert_well_formed(raw, clean)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=CJK + PUNCT + "0123456789 \n\u3000\r\t\f", max_size=200))
def test_property_any_text_without_page_fixes(raw):
    """With the page fixers off, any text of content, spaces and line breaks keeps all its content."""
    clean = clean_layout(raw, remove_page_numbers=False, remove_running_headers=False)
    assert _content(clean.text) == _content(raw)
    assert_well_formed(raw, clean)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_property_raw_span_round_trip(raw, data):
    """For any clean span, the raw span that ``raw_span`` gives holds the same content."""
    clean = clean_layout(raw)
    n = len(clean.text)
    a = data.draw(st.integers(0, n - 1))
    b = data.draw(st.integers(a + 1, n))
    s, e = clean.raw_span(a, b)
    assert squeeze(raw[s:e]) == squeeze(clean.text[a:b])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(2, 5), st.integers(0, 16)).flatmap(
            lambda kt: st.builds(
                str.__add__,  # a paragraph opens with a character, not a pause mark
                st.sampled_from(CJK),
                st.text(
                    alphabet=CJK + "，、", min_size=17 + 20 * kt[0] + kt[1], max_size=17 + 20 * kt[0] + kt[1]
                ),
            )
        ),
        min_size=1,
        max_size=8,
    )
)
def test_property_wrapped_paragraphs_come_back(bodies):
    """Hard-wrapping paragraphs (lost indent, blank line between lines) and cleaning gives them back.

    The generated paragraphs end with a short last line: one that ends (nearly) full is ambiguous
    without indentation (see the xfail case above). Each paragraph has at least two full lines, so
    that full lines are the most common (a text of a few short lines is not recognisably wrapped).
    """
    paragraphs = [body + "。" for body in bodies]
    assert clean_layout(pdf(*paragraphs)).text.split("\n") == paragraphs


# --------------------------------------------------------------------------- a whole document of another layout


def layout_pages() -> list[str]:
    """Four pages as ``pdftotext -layout`` writes them: centred running header, indented first lines,
    a centred page number at the foot (GB/T 9704 style)."""
    pages = []
    for i, mark in enumerate("甲乙丙丁", start=1):
        lines = ["                    XX市碳达峰实施方案", ""]
        if i == 1:
            lines.append("    一、总体要求")
        lines += [
            f"        {mark}以新时代中国特色社会主义思想为指导，全面贯彻党的二十大精",
            "    神，深入践行生态文明思想，坚持系统观念，处理好发展和减排、",
            "    整体和局部的关系，推动经济社会发展全面绿色转型。",
            f"        （{'一二三四'[i - 1]}）主要目标。到 2025 年，单位地区生产总值能源消耗下降 13.5%，非化石",
            "    能源消费比重达到 25%。",
            "",
            f"                               — {i} —",
        ]
        pages.append("\n".join(lines))
    return pages


def layout_expected() -> str:
    paragraphs = ["一、总体要求"]
    for i, mark in enumerate("甲乙丙丁"):
        paragraphs.append(
            f"{mark}以新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入践行生态文明思想，"
            "坚持系统观念，处理好发展和减排、整体和局部的关系，推动经济社会发展全面绿色转型。"
        )
        paragraphs.append(
            f"（{'一二三四'[i]}）主要目标。到2025年，单位地区生产总值能源消耗下降13.5%，非化石能源消费比重达到25%。"
        )
    return "\n".join(paragraphs)


@pytest.mark.parametrize("pages_known", ["form feeds", "page_starts", "page numbers only"])
def test_pdftotext_layout_document(pages_known):
    pages = layout_pages()
    starts = []
    if pages_known == "form feeds":
        raw = "\f".join(pages) + "\f"
    else:
        raw = "\n".join(pages)
        if pages_known == "page_starts":
            starts = [sum(len(p) + 1 for p in pages[:i]) for i in range(len(pages))]
    clean = clean_layout(raw, page_starts=starts)
    assert clean.text == layout_expected()
    assert {"remove_page_numbers", "remove_running_headers", "join_wrapped_lines"} <= set(clean.steps)
    assert_well_formed(raw, clean)


# --------------------------------------------------------------------------- every rule line is exercised

PAGE_NUMBER_EXAMPLES = [
    "— 3 —",
    "-3-",
    "－12－",
    "第3页",
    "第 3 页 共 12 页",
    "共12页，第3页",
    "· 3 ·",
    "Page 3 of 12",
]
BOUNDARY_EXAMPLES = ["3", "3/12", "（3）", "II"]
NOT_PAGE_NUMBERS = ["3.5", "2025年", "第3条", "— 三 —", "1-2个", "13.5%"]


@pytest.mark.parametrize(
    ("key", "examples"), [("anywhere", PAGE_NUMBER_EXAMPLES), ("at_boundary", BOUNDARY_EXAMPLES)]
)
def test_every_page_number_pattern_has_an_example(key, examples):
    import regex

    from pipeline.rules import load_yaml

    for pattern in load_yaml("layout.yaml")["page_numbers"][key]:
        assert any(regex.fullmatch(pattern, e) for e in examples), f"no example for {pattern!r}"


@pytest.mark.parametrize("line", NOT_PAGE_NUMBERS)
def test_content_lines_are_no_page_numbers(line):
    rules = clean_module.layout_rules()
    assert not rules.page_anywhere.match(line)
    assert not rules.page_boundary.match(line)


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("推动煤炭和", False),
        ("实现碳中和", True),
        ("加快普及", True),
        ("涉及", False),
        ("区属、", False),
        ("XX县人民政府关于", False),
        ("印发《", False),
        ("以及", False),
        ("各单位：", True),
        ("制定本方案。", True),
    ],
)
def test_no_end_words(line, ends):
    assert bool(clean_module.layout_rules().no_end.search(line)) is not ends


def test_cms_markup_left_in_a_text_file_is_layout_noise():
    raw = '<p align="left">一、主要目标</p>\n<p>到2025年，森林覆盖率达到&nbsp;60%。<br></p>\n<p>二、重点任务</p>'
    clean = clean_layout(raw)
    assert clean.text.split("\n") == ["一、主要目标", "到2025年，森林覆盖率达到60%。", "二、重点任务"]
    assert "remove_markup" in clean.steps
    # offsets still point into the raw text, past the tags
    at = clean.text.index("60%")
    start, end = clean.raw_span(at, at + 3)
    assert raw[start:end] == "60%"
    heading = clean.text.index("重点任务")
    assert raw[slice(*clean.raw_span(heading, heading + 4))] == "重点任务"


def test_angle_brackets_in_prose_are_not_markup():
    raw = "细颗粒物<PM2.5>浓度<35微克/立方米。"
    assert clean_layout(raw).text == raw
