"""Structure stage: outline sections, paragraphs and sentences, on forms of my own making."""

import pytest

from pipeline.records import CleanText
from pipeline.structure import (
    find_sections,
    match_chapter,
    match_heading,
    split_paragraphs,
    split_sentences,
)


def identity(text: str) -> CleanText:
    return CleanText(text, list(range(len(text))))


# fmt: off
HEADINGS = [
    # text, level, id part, heading
    ("一、总体要求", 1, "一", "总体要求"),
    ("十二、附则", 1, "十二", "附则"),
    ("（三）重点任务", 2, "(三)", "重点任务"),
    ("(三)重点任务", 2, "(三)", "重点任务"),
    ("（ 十 ）保障措施", 2, "(十)", "保障措施"),
    ("1.推动化石能源清洁高效利用。构筑以清洁高效…", 3, "1", "推动化石能源清洁高效利用"),
    ("2、加快建设新型电力系统。", 3, "2", "加快建设新型电力系统"),
    ("3．完善能源监管体系", 3, "3", "完善能源监管体系"),
    ("１２．全角数字标题。正文", 3, "12", "全角数字标题"),
    ("（1）加强统计核算。正文", 4, "(1)", "加强统计核算"),
    ("(2)健全标准体系", 4, "(2)", "健全标准体系"),
]
NOT_HEADINGS = [
    "1.5以下。",              # a decimal number, not a marker
    "2025年，森林覆盖率达到60%。",
    "第一章 总则",            # a chapter: match_chapter's, not one of the four markers
    "①加强监测",
    "（a）其他事项",
    "一、",                   # a marker with no heading text
    "到2025年，一、二级水源地全面达标。",  # a marker inside a sentence
]
# fmt: on


@pytest.mark.parametrize(("text", "level", "part", "heading"), HEADINGS)
def test_match_heading(text, level, part, heading):
    found = match_heading(text)
    assert found is not None
    assert (found.level, found.id_part, text[found.heading_start : found.heading_end]) == (
        level,
        part,
        heading,
    )


@pytest.mark.parametrize("text", NOT_HEADINGS)
def test_not_a_heading(text):
    assert match_heading(text) is None


def test_section_ids_follow_the_path_and_close_deeper_levels():
    text = "\n".join(
        [
            "一、目标",
            "正文。",
            "二、任务",
            "（一）能源",
            "1.光伏。正文。",
            "（1）屋顶光伏",
            "2.风电",
            "（二）工业",
            "1.钢铁",
            "三、保障",
            "1.跳过第二级",
        ]
    )
    clean = identity(text)
    sections, paragraphs = find_sections(split_paragraphs(clean), clean)
    assert [s.id for s in sections] == [
        "一", "二", "二.(一)", "二.(一).1", "二.(一).1.(1)", "二.(一).2", "二.(二)", "二.(二).1", "三", "三.1",
    ]  # fmt: skip
    assert [p.section for p in paragraphs][:2] == ["一", "一"]
    assert paragraphs[4].section == "二.(一).1"


def test_an_item_whose_heading_opens_with_a_digit_continues_its_list():
    # 11.121人才梯队项目 reads like the decimal 11.121; after item 10 it is item 11
    text = "\n".join(["一、项目", "10.百人计划。正文。", "11.121人才梯队项目。正文。", "增长1.5倍。"])
    clean = identity(text)
    sections, _ = find_sections(split_paragraphs(clean), clean)
    assert [(s.id, s.heading) for s in sections] == [
        ("一", "项目"),
        ("一.10", "百人计划"),
        ("一.11", "121人才梯队项目"),
    ]


def test_section_span_is_the_heading_text_in_the_raw():
    raw = "前言。\n\n1. 推动 绿色\n\n发展。正文"
    # a hand-made clean text: wraps joined, spaces inside the heading kept where the raw has them
    clean_text = "前言。\n1. 推动 绿色发展。正文"
    offsets = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19]
    clean = CleanText(clean_text, offsets)
    sections, _ = find_sections(split_paragraphs(clean), clean)
    (section,) = sections
    assert section.heading == "推动绿色发展"
    assert raw[section.start : section.end] == "推动 绿色\n\n发展"


def test_sentences_end_at_full_stops_not_commas():
    clean = identity("到2025年，达到5%；力争6%。其中A达到3%！")
    (paragraph,) = split_paragraphs(clean)
    sentences = split_sentences(paragraph)
    assert [s.text for s in sentences] == ["到2025年，达到5%；力争6%。", "其中A达到3%！"]
    assert all(clean.text[s.start : s.end] == s.text for s in sentences)


def test_chapters_and_sections_nest_and_levels_are_path_depths():
    text = "\n".join(
        [
            "第一章 总体要求",
            "第一节 指导思想",
            "正文。",
            "一、基本原则",
            "（一）坚持系统观念",
            "第二节“十四五”主要目标",
            "1.能源结构",
            "第二章 重点任务",
            "一、推动工业降碳",
        ]
    )
    clean = identity(text)
    sections, paragraphs = find_sections(split_paragraphs(clean), clean)
    assert [(s.id, s.level) for s in sections] == [
        ("第一章", 1), ("第一章.第一节", 2), ("第一章.第一节.一", 3), ("第一章.第一节.一.(一)", 4),
        ("第一章.第二节", 2), ("第一章.第二节.1", 3), ("第二章", 1), ("第二章.一", 2),
    ]  # fmt: skip
    assert sections[4].heading == "“十四五”主要目标"
    assert paragraphs[2].section == "第一章.第一节"


@pytest.mark.parametrize(
    "text",
    [
        "第三章所列项目由省发展改革委负责实施。",  # a sentence that opens with a chapter number
        "第二节的任务，按照本规划第三章执行。",
        "第一条 为了保护和改善生态环境，制定本条例。",  # articles make no sections
    ],
)
def test_chapter_numbers_inside_sentences_make_no_section(text):
    assert match_chapter(text) is None


def test_a_table_of_contents_makes_no_sections():
    text = "\n".join(
        [
            "目 录",
            "第一章 发展基础……………………1",
            "第一节 主要成效……………………1",
            "第二章 总体要求……………………9",
            "第一章 发展基础",
            "第一节 主要成效",
            "“十三五”以来，成效明显。",
            "第二章 总体要求",
        ]
    )
    clean = identity(text)
    sections, _ = find_sections(split_paragraphs(clean), clean)
    assert [s.id for s in sections] == ["第一章", "第一章.第一节", "第二章"]
    assert all(s.start > text.index("第一章 发展基础\n") for s in sections)


def test_a_table_of_contents_without_page_numbers_makes_no_sections():
    text = "\n".join(["目录", "第一章 总则", "第二章 法律责任", "第一章 总则", "第一条 为了…，制定本条例。"])
    clean = identity(text)
    sections, _ = find_sections(split_paragraphs(clean), clean)
    assert [(s.id, s.start) for s in sections] == [("第一章", text.rindex("总则"))]


def test_list_items_lose_their_final_semicolon():
    clean = identity("一、要求\n（一）设置专用烟道；\n（二）配备净化设施。")
    sections, _ = find_sections(split_paragraphs(clean), clean)
    assert [s.heading for s in sections] == ["要求", "设置专用烟道", "配备净化设施"]
