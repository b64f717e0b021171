"""Agency names: the SPEC's closed table, the general lexicon, `canonical` and recognition.

Cases are grouped by provenance: `SPEC_CASES` are the examples SPEC section 2 gives;
`OWN_CASES` are forms of my own making (prefix look-alikes, party organs, branch
bureaus, double expansion), written from how Chinese plans name their units.
"""

import re
from pathlib import Path

import pytest

from pipeline import agencies
from pipeline.agencies import (
    abbreviation_table,
    canonical_name,
    expand_short_forms,
    is_collective,
    is_known_agency,
    lexicon_words,
    strip_prefix,
)
from pipeline.rules import load_yaml

ROOT = Path(agencies.__file__).resolve().parent.parent
SPEC_FILES = [ROOT / "docs" / "SPEC.md", Path("/work/shared/SPEC.md")]


def spec_table(path: Path) -> list[tuple[str, str]]:
    """The (short, full) rows of the markdown table under `canonical` in the SPEC, row by row."""
    text = path.read_text(encoding="utf-8")
    start = text.index("| short | full | short | full |")
    rows: list[tuple[str, str]] = []
    for line in text[start:].splitlines()[2:]:
        if not line.strip().startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        for short, full in zip(cells[0::2], cells[1::2], strict=True):
            if short or full:
                rows.append((short, full))
    return rows


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p))
def test_abbreviation_file_equals_the_spec_table(path):
    if not path.is_file():
        pytest.skip(f"{path} not present")
    table = spec_table(path)
    assert len(table) == 21  # the parser read the whole table, not a part of it
    assert list(abbreviation_table()) == table


def test_abbreviation_table_has_no_duplicate_short_form():
    shorts = [short for short, _ in abbreviation_table()]
    assert len(shorts) == len(set(shorts))


# --------------------------------------------------------------------------- lexicon

LEXICON = load_yaml("agencies.yaml")["agencies"]
KINDS = {"government", "party", "mass", "vertical", "enterprise", "institution", "platform"}


def test_lexicon_is_large_and_well_formed():
    assert len(LEXICON) >= 80
    fulls = [entry["full"] for entry in LEXICON]
    assert len(fulls) == len(set(fulls)), "a body is listed once"
    for entry in LEXICON:
        assert set(entry) <= {"full", "short", "kind"}, entry
        assert entry["kind"] in KINDS, entry
        assert isinstance(entry.get("short", []), list), entry
        assert not re.search(r"\s", entry["full"] + "".join(entry.get("short", []))), entry


# the bodies the lexicon must cover (short or full forms), from the brief
REQUIRED = (
    "发改委 发改局 工信局 科技局 教育局 教体局 公安局 民政局 司法局 财政局 人社局 自然资源局 生态环境局 "
    "生态环境分局 住建局 交通运输局 交运局 水利局 农业农村局 商务局 文广新旅局 卫健委 卫健局 退役军人局 "
    "应急局 审计局 国资委 市场监管局 统计局 医保局 林业局 城管局 行政审批局 乡村振兴局 数据局 大数据中心 "
    "机关事务局 机关事务管理中心 税务局 供电公司 气象局 消防救援大队 人民银行 金融办 妇联 团县委 团区委 "
    "总工会 科协 县委宣传部 组织部 统战部 政法委 党校 融媒体中心 开发区管委会 交警大队 供销社 邮政 电信 "
    "移动 联通"
).split()


@pytest.mark.parametrize("name", REQUIRED)
def test_lexicon_covers(name):
    assert name in lexicon_words()


def test_lexicon_words_hold_every_full_and_short_name_and_the_table():
    words = set(lexicon_words())
    for entry in LEXICON:
        assert entry["full"] in words
        assert set(entry.get("short", [])) <= words
    for short, full in abbreviation_table():
        assert short in words and full in words
    assert len(lexicon_words()) == len(words), "no duplicates for the jieba dictionary"


# --------------------------------------------------------------------------- canonical

# fmt: off
SPEC_CASES = [
    ("县发改委", "发展和改革委员会"),
    ("县委组织部", "县委组织部"),
    ("区委宣传部", "区委宣传部"),
    ("团县委", "团县委"),
    ("县妇联", "妇联"),
    ("市场监管分局", "市场监督管理分局"),
    ("城管分局", "城市管理分局"),
    ("区经发局", "经济发展局"),
    ("社管局", "社管局"),
    ("科创中心", "科创中心"),
    ("交管大队", "交管大队"),
    ("妇联", "妇联"),
    ("各乡镇（管理处）", "各乡镇（管理处）"),
    ("领导小组成员单位", "领导小组成员单位"),
]
OWN_CASES = [
    # one prefix removed, then the table
    ("市发改委", "发展和改革委员会"),
    ("县市场监管局", "市场监督管理局"),       # 县 is the prefix; 市场 is a word
    ("区市场监管分局", "市场监督管理分局"),
    ("县城管局", "城市管理局"),               # 县 + 城管局, not 县城 + 管局
    ("县交通局", "交通运输局"),
    ("县交运局", "交通运输局"),
    ("县卫健委", "卫生健康委员会"),
    ("乡卫健办", "卫健办"),                   # not in the table: stays
    ("县教科体局", "教育科技体育局"),
    ("县教体局", "教育体育局"),
    ("县文广新旅局", "文化广电新闻出版旅游局"),
    ("市应急局", "应急管理局"),
    ("县国资委", "国有资产监督管理委员会"),
    ("镇经发局", "经济发展局"),
    ("区社管局", "社管局"),
    ("区团工委", "团工委"),
    ("县纺织服装产业办", "纺织服装产业办"),    # an unknown body of agency shape
    # a full form already written is not expanded again
    ("交通运输局", "交通运输局"),
    ("县机关事务管理局", "机关事务管理局"),
    ("市场监督管理局", "市场监督管理局"),
    ("发展和改革局", "发展和改革局"),
    ("发改局", "发展和改革局"),              # 发改局 and 发改委 are two rows
    # a short form inside a longer name
    ("县城管局执法大队", "城市管理局执法大队"),
    ("住建局建管站", "住房和城乡建设局建管站"),
    # first character only looks like a prefix
    ("市场监管局", "市场监督管理局"),
    ("乡村振兴局", "乡村振兴局"),
    ("县乡村振兴局", "乡村振兴局"),
    ("区域协调发展中心", "区域协调发展中心"),
    ("镇村建设办", "镇村建设办"),
    ("市政工程管理处", "市政工程管理处"),
    ("县直机关工委", "县直机关工委"),
    # party organs and a division's own government keep the prefix
    ("县委党校", "县委党校"),
    ("县纪委", "县纪委"),
    ("县政法委", "县政法委"),
    ("市委办", "市委办"),
    ("镇人民政府", "镇人民政府"),
    ("乡政府", "乡政府"),
    ("县政协", "县政协"),
    # no prefix at all
    ("人民银行某某支行", "人民银行某某支行"),
    ("城西供电中心", "城西供电中心"),
    ("开发区管委会", "开发区管委会"),
    ("税务分局", "税务分局"),
    # collectives stay as written
    ("区生态文明建设领导小组成员单位", "区生态文明建设领导小组成员单位"),
    ("各县（市、区）人民政府", "各县（市、区）人民政府"),
    ("各区、市政府", "各区、市政府"),
]
# fmt: on


@pytest.mark.parametrize(("name", "expected"), SPEC_CASES, ids=[c[0] for c in SPEC_CASES])
def test_canonical_spec_examples(name, expected):
    assert canonical_name(name) == expected


@pytest.mark.parametrize(("name", "expected"), OWN_CASES, ids=[c[0] for c in OWN_CASES])
def test_canonical_own_cases(name, expected):
    assert canonical_name(name) == expected


@pytest.mark.parametrize(("short", "full"), abbreviation_table(), ids=[s for s, _ in abbreviation_table()])
def test_every_table_row_expands_with_and_without_prefix(short, full):
    assert canonical_name(short) == full
    assert canonical_name("县" + short) == full
    assert canonical_name(full) == full, "a full form stays"
    assert expand_short_forms(full) == full


def test_only_one_prefix_is_removed():
    assert strip_prefix("县区发改委") == "区发改委"
    assert canonical_name("县区发改委") == "区发展和改革委员会"


@pytest.mark.parametrize(
    ("name", "collective"),
    [
        ("各乡镇（管理处）", True),
        ("各有关单位", True),
        ("区生态文明建设领导小组成员单位", True),
        ("县发改委", False),
    ],
)
def test_collective(name, collective):
    assert is_collective(name) is collective


# --------------------------------------------------------------------------- recognition

KNOWN = [
    "县发改委", "区市场监管分局", "团县委", "县委宣传部", "县妇联", "交警大队", "区建投公司",
    "人民银行某某支行", "某某供电中心", "区锦某集团", "城关镇", "某某街道", "各镇（管理处）",
    "有关部门", "相关企业", "领导小组成员单位", "县消防救援大队", "邮政", "电信", "供销社", "气候处",
    "县发改委（县能源局）",
]  # fmt: skip
UNKNOWN = ["某某", "加强协调", "下同", "2021年四季度", "局", "", "加强协调（试行）"]


@pytest.mark.parametrize("name", KNOWN)
def test_known_agencies(name):
    assert is_known_agency(name)


@pytest.mark.parametrize("name", UNKNOWN)
def test_unknown_names(name):
    assert not is_known_agency(name)


def test_rule_files_name_no_place():
    """Rules are general: no county, district or city names from the corpus."""
    for name in ("agencies.yaml", "agency_abbreviations.yaml", "responsibility.yaml"):
        text = (ROOT / "rules" / name).read_text(encoding="utf-8")
        for place in ("兴国", "榕江", "赣州", "江西", "潭东", "潭口", "城西", "锦盛"):
            assert place not in text, (name, place)


def test_lexicon_words_is_a_fresh_list():
    words = lexicon_words()
    words.append("x")
    assert "x" not in lexicon_words()
