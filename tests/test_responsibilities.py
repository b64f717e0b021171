"""Responsibility blocks (SPEC section 2, "Block"): every form, on inputs of my own making,
then a regression on the two corpus plans against their gold.

Provenance of the cases:
* `FORMS`: one case per form the SPEC lists, written by me (the corpus shows only
  `〔责任单位：…〕`);
* `NOT_BLOCKS`: brackets and labels in running text that must not make a block;
* corpus regression at the end: gold of `corpus/gold/*.json`.
"""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import Warnings
from pipeline.records import CleanText, Paragraph
from pipeline.responsibilities import extract_responsibilities

ROOT = Path(__file__).resolve().parent.parent


def paragraphs_of(
    lines: list[str], sections: list[str | None] | None = None
) -> tuple[list[Paragraph], CleanText]:
    """Paragraphs and an identity CleanText for lines joined by newlines."""
    text = "\n".join(lines)
    paragraphs, start = [], 0
    for i, line in enumerate(lines):
        section = sections[i] if sections else None
        paragraphs.append(Paragraph(i, line, start, start + len(line), section))
        start += len(line) + 1
    return paragraphs, CleanText(text, list(range(len(text))))


def run(*lines: str):
    paragraphs, clean = paragraphs_of(list(lines))
    blocks, warnings = extract_responsibilities(paragraphs, clean)
    return clean.text, blocks, warnings


def summary(*lines: str) -> list[tuple[str, list[tuple[str, str]]]]:
    text, blocks, _ = run(*lines)
    return [(text[b.start : b.end], [(u.name, u.role) for u in b.units]) for b in blocks]


# --------------------------------------------------------------------------- brackets × labels

BRACKETS = [("〔", "〕"), ("（", "）"), ("【", "】"), ("[", "]"), ("［", "］"), ("(", ")"), ("﹝", "﹞")]
LABELS = [
    ("责任单位", "responsible"),
    ("责任部门", "responsible"),
    ("责任处室", "responsible"),
    ("牵头单位", "lead"),
    ("牵头部门", "lead"),
    ("配合单位", "support"),
    ("配合部门", "support"),
    ("协同单位", "support"),
]


@pytest.mark.parametrize(("opener", "closer"), BRACKETS, ids=[b[0] for b in BRACKETS])
@pytest.mark.parametrize(("label", "role"), LABELS, ids=[lab[0] for lab in LABELS])
def test_every_bracket_with_every_label(opener, closer, label, role):
    block = f"{opener}{label}：县发改委、县工信局{closer}"
    assert summary(f"1.推进节能降碳。{block}") == [(block, [("县发改委", role), ("县工信局", role)])]


@pytest.mark.parametrize("colon", ["：", ":", " ："])
def test_colon_variants(colon):
    assert summary(f"推进。〔责任单位{colon}县统计局〕")[0][1] == [("县统计局", "responsible")]


# --------------------------------------------------------------------------- forms

# fmt: off
FORMS = [
    # (label, lines, expected [(span text, [(name, role)])])
    ("lead and support labels in one bracket",
     ["推进。（牵头单位：县发改委；配合单位：县工信局、县财政局）"],
     [("（牵头单位：县发改委；配合单位：县工信局、县财政局）",
       [("县发改委", "lead"), ("县工信局", "support"), ("县财政局", "support")])]),
    ("roles written after the units, no label",
     ["推进。（县发改委、县工信局牵头，县财政局、县统计局配合）"],
     [("（县发改委、县工信局牵头，县财政局、县统计局配合）",
       [("县发改委", "lead"), ("县工信局", "lead"), ("县财政局", "support"), ("县统计局", "support")])]),
    ("由 … 牵头 and 等 … 配合",
     ["推进（由县发改委牵头，各有关单位等配合）。"],
     [("（由县发改委牵头，各有关单位等配合）", [("县发改委", "lead"), ("各有关单位", "support")])]),
    ("role words inside a labelled block",
     ["推进。〔责任单位：县发改委牵头，县工信局、县财政局配合〕"],
     [("〔责任单位：县发改委牵头，县工信局、县财政局配合〕",
       [("县发改委", "lead"), ("县工信局", "support"), ("县财政局", "support")])]),
    ("（牵头） after a unit",
     ["推进。〔责任单位：县发改委（牵头）、县工信局、县财政局〕"],
     [("〔责任单位：县发改委（牵头）、县工信局、县财政局〕",
       [("县发改委", "lead"), ("县工信局", "responsible"), ("县财政局", "responsible")])]),
    ("(牵头) in ASCII parentheses with a space",
     ["推进。〔责任单位：县工信局、县发改委 (牵头)〕"],
     [("〔责任单位：县工信局、县发改委 (牵头)〕", [("县工信局", "responsible"), ("县发改委", "lead")])]),
    ("another field inside the block is not a unit",
     ["推进。（责任部门：气候处，完成期限：2021年四季度）"],
     [("（责任部门：气候处，完成期限：2021年四季度）", [("气候处", "responsible")])]),
    ("a field before the label, and a field of no list",
     ["推进。（完成时限：2025年底；责任单位：县林业局；牵头领导：分管副县长）"],
     [("（完成时限：2025年底；责任单位：县林业局；牵头领导：分管副县长）", [("县林业局", "responsible")])]),
    ("trailing 等",
     ["推进。〔责任单位：县发改委、县工信局等〕"],
     [("〔责任单位：县发改委、县工信局等〕", [("县发改委", "responsible"), ("县工信局", "responsible")])]),
    ("trailing 等单位 and 按职责分工负责",
     ["推进。〔责任单位：县发改委、县工信局等单位按职责分工负责〕"],
     [("〔责任单位：县发改委、县工信局等单位按职责分工负责〕",
       [("县发改委", "responsible"), ("县工信局", "responsible")])]),
    ("trailing 负责",
     ["推进。〔责任单位：各乡镇负责〕"],
     [("〔责任单位：各乡镇负责〕", [("各乡镇", "responsible")])]),
    ("units split on 、 ， ；",
     ["推进。〔责任单位：县发改委，县工信局；县财政局、县统计局〕"],
     [("〔责任单位：县发改委，县工信局；县财政局、县统计局〕",
       [("县发改委", "responsible"), ("县工信局", "responsible"), ("县财政局", "responsible"),
        ("县统计局", "responsible")])]),
    ("nested parentheses are part of a name",
     ["推进。〔责任单位：各镇（管理处）、各县（市、区）人民政府、县发改委（县能源局）〕"],
     [("〔责任单位：各镇（管理处）、各县（市、区）人民政府、县发改委（县能源局）〕",
       [("各镇（管理处）", "responsible"), ("各县（市、区）人民政府", "responsible"),
        ("县发改委（县能源局）", "responsible")])]),
    ("same family nested: the outer bracket closes last",
     ["推进。（责任单位：各县（市、区）人民政府）。"],
     [("（责任单位：各县（市、区）人民政府）", [("各县（市、区）人民政府", "responsible")])]),
    ("collectives joined by 、 under one head",
     ["推进。〔责任单位：各区、市政府，各区、县级市，各县、市、区人民政府，各乡、镇〕"],
     [("〔责任单位：各区、市政府，各区、县级市，各县、市、区人民政府，各乡、镇〕",
       [("各区、市政府", "responsible"), ("各区、县级市", "responsible"),
        ("各县、市、区人民政府", "responsible"), ("各乡、镇", "responsible")])]),
    ("two collectives each with its own head stay two",
     ["推进。〔责任单位：各乡镇、县直各部门、城关镇、河口镇〕"],
     [("〔责任单位：各乡镇、县直各部门、城关镇、河口镇〕",
       [("各乡镇", "responsible"), ("县直各部门", "responsible"), ("城关镇", "responsible"),
        ("河口镇", "responsible")])]),
    ("stand-alone lines after a task form one block",
     ["1.推进林业碳汇。", "牵头单位：市林业局", "责任单位：各县（市、区）人民政府", "2.下一项任务。"],
     [("牵头单位：市林业局\n责任单位：各县（市、区）人民政府",
       [("市林业局", "lead"), ("各县（市、区）人民政府", "responsible")])]),
    ("a stand-alone field line stays in the block, its value is no unit",
     ["1.推进。", "责任单位：县发改委、县工信局", "完成时限：2025年底", "2.下一项任务。"],
     [("责任单位：县发改委、县工信局\n完成时限：2025年底", [("县发改委", "responsible"), ("县工信局", "responsible")])]),
    ("a field line alone is no block",
     ["1.推进。", "完成时限：2025年底"],
     []),
    ("bracketless trailing line in the task's paragraph",
     ["1.推进节能。严格标准。责任单位：县发改委、县工信局。"],
     [("责任单位：县发改委、县工信局。", [("县发改委", "responsible"), ("县工信局", "responsible")])]),
    ("bracketless line, then body text: the block stops at its sentence",
     ["责任单位：县发改委。以下为说明文字"],
     [("责任单位：县发改委。", [("县发改委", "responsible")])]),
    ("bracketless lead and support in one line",
     ["牵头单位：县发改委；配合单位：县工信局、县财政局。"],
     [("牵头单位：县发改委；配合单位：县工信局、县财政局。",
       [("县发改委", "lead"), ("县工信局", "support"), ("县财政局", "support")])]),
    ("a block inside a parenthetical remark",
     ["加强协调（详见附件（责任单位：县发改委））。"],
     [("（责任单位：县发改委）", [("县发改委", "responsible")])]),
    ("two blocks in one paragraph",
     ["推进。〔牵头单位：县发改委〕又推进。〔责任单位：县工信局〕"],
     [("〔牵头单位：县发改委〕", [("县发改委", "lead")]), ("〔责任单位：县工信局〕", [("县工信局", "responsible")])]),
    ("white space inside a block is not part of names",
     ["推进。〔责任单位：县发 改委、\u3000县工信局〕"],
     [("〔责任单位：县发 改委、\u3000县工信局〕", [("县发改委", "responsible"), ("县工信局", "responsible")])]),
    ("opened with one bracket family, closed with another",
     ["推进。（责任单位：县发改委、各县（市、区）人民政府〕。"],
     [("（责任单位：县发改委、各县（市、区）人民政府〕",
       [("县发改委", "responsible"), ("各县（市、区）人民政府", "responsible")])]),
    ("a label spread by stray white space",
     ["推进。〔责 任单位：县统计局〕"],
     [("〔责 任单位：县统计局〕", [("县统计局", "responsible")])]),
    ("a role list followed by a deadline field",
     ["推进。（区城管局牵头，区发改局、区生态环境分局配合；完成时限：2024年12月）"],
     [("（区城管局牵头，区发改局、区生态环境分局配合；完成时限：2024年12月）",
       [("区城管局", "lead"), ("区发改局", "support"), ("区生态环境分局", "support")])]),
    ("a segment that is only 按职责分工负责 names no unit",
     ["推进。（责任单位：县政府办、县生态环境局，按职责分工负责）"],
     [("（责任单位：县政府办、县生态环境局，按职责分工负责）",
       [("县政府办", "responsible"), ("县生态环境局", "responsible")])]),
    ("two labels with only white space between them",
     ["完善机制。【牵头部门：县卫健委  配合部门：县医保局、县民政局】"],
     [("【牵头部门：县卫健委  配合部门：县医保局、县民政局】",
       [("县卫健委", "lead"), ("县医保局", "support"), ("县民政局", "support")])]),
]

NOT_BLOCKS = [
    "各县（市、区）要加强组织领导。",
    "《实施方案（试行）》印发。",
    "（一）加强组织领导",
    "加强协调（详见附件）。",
    "县发改委（牵头）负责统筹。",
    "明确责任单位：各乡镇要加强领导。",    # a label inside a sentence, not after its end
    "（牵头）",
    "落实“谁主管、谁负责”（属地负责）原则。",
    "（逗号前为牵头单位，下同）",
    "坚持（政府引导、企业参与）的原则。",  # role words in prose: no agency names
    "构建（市场主导、政府推动、社会参与）格局。",
    "（由政府牵头）",
    "",
]
# fmt: on


@pytest.mark.parametrize(("label", "lines", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_forms(label, lines, expected):
    assert summary(*lines) == expected


@pytest.mark.parametrize("line", NOT_BLOCKS)
def test_not_a_block(line):
    assert summary(line) == []


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize(
    "statement",
    [
        "（逗号前为牵头单位，下同）",
        "注：各项任务中逗号前的单位为牵头单位。",
        "责任单位中，逗号之前为牵头单位。",
    ],
)
def test_comma_convention_stated_once(statement):
    result = summary(
        statement,
        "1.推进。〔责任单位：县发改委，县工信局、县财政局〕",
        "2.推进。〔责任单位：县统计局、县林业局，县水利局〕",
    )
    assert [units for _, units in result] == [
        [("县发改委", "lead"), ("县工信局", "responsible"), ("县财政局", "responsible")],
        [("县统计局", "lead"), ("县林业局", "lead"), ("县水利局", "responsible")],
    ]


@pytest.mark.parametrize(
    "statement",
    ["（排在第一位的为牵头单位，下同）", "各责任单位中排在第一位的为牵头单位。", "第一个单位为牵头单位"],
)
def test_first_unit_convention(statement):
    result = summary(statement, "1.推进。〔责任单位：县发改委、县工信局，县财政局〕")
    assert result[0][1] == [("县发改委", "lead"), ("县工信局", "responsible"), ("县财政局", "responsible")]


def test_convention_inside_the_first_block_is_no_unit_and_applies_to_later_blocks():
    result = summary(
        "1.推进。〔责任单位：县发改委，县工信局（逗号前为牵头单位，下同）〕",
        "2.推进。〔责任单位：县统计局，县财政局〕",
    )
    assert [units for _, units in result] == [
        [("县发改委", "lead"), ("县工信局", "responsible")],
        [("县统计局", "lead"), ("县财政局", "responsible")],
    ]


def test_convention_makes_a_bare_list_of_agencies_at_a_task_end_a_block():
    result = summary(
        "责任分工中逗号前为牵头单位，下同。",
        "1.推进改革。建立机制。（县发改局，县市场监管局、县行政审批局）",
        "2.加强宣传。各部门（县委宣传部、县融媒体中心）要做好宣传。",  # inside a sentence: no block
    )
    assert [units for _, units in result] == [
        [("县发改局", "lead"), ("县市场监管局", "responsible"), ("县行政审批局", "responsible")],
    ]


def test_without_a_convention_a_bare_list_is_no_block():
    assert summary("1.推进改革。建立机制。（县发改局，县市场监管局、县行政审批局）") == []


def test_convention_does_not_override_written_roles():
    result = summary("（排在第一位的为牵头单位，下同）", "推进。（牵头单位：县工信局；配合单位：县发改委）")
    assert result[0][1] == [("县工信局", "lead"), ("县发改委", "support")]


def test_no_convention_means_responsible():
    assert summary("推进。〔责任单位：县发改委，县工信局〕")[0][1] == [
        ("县发改委", "responsible"),
        ("县工信局", "responsible"),
    ]


# --------------------------------------------------------------------------- warnings, spans, sections


@pytest.mark.parametrize(
    "line",
    [
        "1.推进节能。〔责任单位：县发改委、县工信局",
        "1.推进节能。（责任单位：县发改委、县工信局。下一句",
        "〔责任单位：",
        "（（（责任单位：县发改委",
    ],
)
def test_unclosed_bracket_warns_and_does_not_crash(line):
    text, blocks, warnings = run(line, "2.下一项。〔责任单位：县统计局〕")
    opener = text.index("责任单位") - 1
    assert Warnings.W102.format(offset=opener) in warnings
    assert blocks[-1].units[0].name == "县统计局", "the next paragraph is read as usual"
    if "县工信局" in line:
        assert [u.name for u in blocks[0].units] == ["县发改委", "县工信局"]


def test_unknown_unit_kept_as_written_and_warned_once():
    _, blocks, warnings = run("推进。〔责任单位：县发改委、某某〕", "推进。〔责任单位：某某、县工信局〕")
    assert [u.name for b in blocks for u in b.units] == ["县发改委", "某某", "某某", "县工信局"]
    assert warnings == [Warnings.W101.format(name="某某")]


def test_known_shapes_are_not_warned():
    _, _, warnings = run(
        "推进。〔责任单位：县纺织服装产业办、某某供电中心、人民银行某某支行、各镇（管理处）、城关镇、县发改委（县能源局）〕"
    )
    assert warnings == []


def test_canonical_names_in_blocks():
    _, blocks, _ = run("推进。〔责任单位：区市场监管分局、县委宣传部、团县委、县妇联、领导小组成员单位〕")
    assert [u.canonical for u in blocks[0].units] == [
        "市场监督管理分局",
        "县委宣传部",
        "团县委",
        "妇联",
        "领导小组成员单位",
    ]


def test_raw_span_covers_layout_noise_the_cleaner_removed():
    raw = "推进。〔责任单位：区住建局、区\n\n生态环境分局〕"
    keep = [i for i, ch in enumerate(raw) if ch != "\n"]
    text = "".join(raw[i] for i in keep)
    clean = CleanText(text, keep)
    blocks, _ = extract_responsibilities([Paragraph(0, text, 0, len(text), "一")], clean)
    assert raw[blocks[0].start : blocks[0].end] == "〔责任单位：区住建局、区\n\n生态环境分局〕"
    assert [u.name for u in blocks[0].units] == ["区住建局", "区生态环境分局"]
    assert blocks[0].section == "一"


def test_standalone_block_spans_raw_lines_and_takes_the_first_section():
    paragraphs, clean = paragraphs_of(
        ["1.推进。", "牵头单位：县林业局", "配合单位：县财政局"], ["1", "1", "1"]
    )
    blocks, _ = extract_responsibilities(paragraphs, clean)
    assert (clean.text[blocks[0].start : blocks[0].end], blocks[0].section) == (
        "牵头单位：县林业局\n配合单位：县财政局",
        "1",
    )


def test_blocks_come_in_text_order():
    _, blocks, _ = run("推进。〔责任单位：县工信局〕责任单位：县发改委。", "〔牵头单位：县林业局〕")
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)
    assert [b.units[0].name for b in blocks] == ["县工信局", "县发改委", "县林业局"]


def test_empty_input():
    assert extract_responsibilities([], CleanText("", [])) == ([], [])


ALPHABET = "〔〕（）()【】[]［］、，；。：:责任单位牵头配合县发改委局等负责\n "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_never_crashes_and_spans_stay_inside(text):
    lines = text.split("\n")
    paragraphs, clean = paragraphs_of(lines)
    blocks, warnings = extract_responsibilities(paragraphs, clean)
    for block in blocks:
        assert 0 <= block.start < block.end <= len(clean.text)
        assert block.units and all(u.name and not any(c.isspace() for c in u.name) for u in block.units)
    assert all(w.startswith(("[W101]", "[W102]")) for w in warnings)


# --------------------------------------------------------------------------- corpus regression


def gold_of(doc: str) -> dict:
    return json.loads((ROOT / "corpus" / "gold" / f"{doc}.json").read_text(encoding="utf-8"))


def raw_of(doc: str) -> str:
    return (ROOT / "corpus" / "raw" / f"{doc}.txt").read_text(encoding="utf-8")


def identity_clean(doc: str) -> CleanText:
    """Word text needs no joining: the raw itself, offsets identity (xingguo only)."""
    raw = raw_of(doc)
    return CleanText(raw, list(range(len(raw))))


def aligned_gold_clean(doc: str) -> CleanText:
    """A clean text made of the gold paragraphs, each character aligned to the raw.

    This tests the stage independently of the cleaner: gold paragraphs are the
    raw content without layout noise, so a greedy left-to-right alignment maps
    every character back; a jump of more than 200 raw characters fails.
    """
    raw = raw_of(doc)
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for paragraph in gold_of(doc)["paragraphs"]:
        if chars:
            chars.append("\n")
            offsets.append(position)
        for char in "".join(paragraph.split()):
            found = raw.find(char, position)
            assert 0 <= found - position <= 200, (doc, char, position)
            chars.append(char)
            offsets.append(found)
            position = found + 1
    return CleanText("".join(chars), offsets)


def pipeline_clean(doc: str) -> CleanText:
    clean = pytest.importorskip("pipeline.clean")
    return clean.clean_layout(raw_of(doc))


def f1(pred: set, gold: set) -> float:
    if not pred and not gold:
        return 1.0
    tp = len(pred & gold)
    return 2 * tp / (len(pred) + len(gold))


CORPUS = [
    ("xingguo", identity_clean),
    ("xingguo", aligned_gold_clean),
    ("rongjiang", aligned_gold_clean),
    ("xingguo", pipeline_clean),
    ("rongjiang", pipeline_clean),
]


@pytest.mark.parametrize(("doc", "make_clean"), CORPUS, ids=[f"{d}-{m.__name__}" for d, m in CORPUS])
def test_corpus_against_gold(doc, make_clean):
    from pipeline.structure import find_sections, split_paragraphs

    clean = make_clean(doc)
    _, paragraphs = find_sections(split_paragraphs(clean), clean)
    blocks, warnings = extract_responsibilities(paragraphs, clean)
    gold = gold_of(doc)["responsibilities"]

    spans_pred = {(b.start, b.end) for b in blocks}
    spans_gold = {(b["start"], b["end"]) for b in gold}
    assert f1(spans_pred, spans_gold) == 1.0, sorted(spans_pred ^ spans_gold)

    units_pred = {(b.start, b.end, i, u.name, u.role) for b in blocks for i, u in enumerate(b.units)}
    units_gold = {
        (b["start"], b["end"], i, u["name"], u["role"]) for b in gold for i, u in enumerate(b["units"])
    }
    assert f1(units_pred, units_gold) >= 0.99, sorted(units_pred ^ units_gold)

    canon_pred = {(b.start, u.name): u.canonical for b in blocks for u in b.units}
    canon_gold = {(b["start"], u["name"]): u["canonical"] for b in gold for u in b["units"]}
    shared = canon_pred.keys() & canon_gold.keys()
    right = sum(canon_pred[k] == canon_gold[k] for k in shared)
    assert right / len(canon_gold) >= 0.95, [
        (k, canon_pred[k], canon_gold[k]) for k in shared if canon_pred[k] != canon_gold[k]
    ]

    sections_pred = {(b.start, b.end): b.section for b in blocks}
    assert all(sections_pred.get((b["start"], b["end"])) == b["section"] for b in gold)
    assert not [w for w in warnings if w.startswith("[W102]")]
