"""The real PDFs of ``../shared/corpus/real`` (a public collection; see its README), read as a batch.

No gold comes with them; what every one of them must give is checked here: it reads, and its title
agrees with the title in its file name (``N、title.pdf``), where the collection may have put a place
name in front or dropped quote marks.  Skipped where the collection is not beside the repository.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import regex

from pipeline.document import extract_file

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(not PDFS, reason=f"no real PDFs at {REAL} (../shared/corpus/real)")

# a place name the collection puts in front of a title: a division, or a province's short name
_PLACE = regex.compile(
    r"^(?:\p{Han}{1,12}(?:省|市|自治区|区|县|州|盟|旗|新区)|北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江"
    r"|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)$"
)


def _plain(text: str | None) -> str:
    """NFKC, white space and quote marks removed (PDFs drop quotes the file name keeps, and back)."""
    folded = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s《》“”\"'‘’]", "", folded)


def title_agrees(title: str | None, file_name: str) -> bool:
    """The title equals the file name's, or ends it after a place name (``湖南省`` + ``关于…``).

    The title of a notice or opinion keeps its issuer as printed (SPEC section 2,
    ``湖南省人民政府办公厅关于…``), where the collection's file name puts a place name or
    nothing: the part from ``关于`` on is compared then.
    """
    expected = _plain(re.sub(r"^\s*\d+、", "", file_name))
    got = _plain(title)
    if not got:
        return False
    about = got.find("关于")
    for own in (got, got[about:] if about > 0 else None):
        if own is None:
            continue
        prefix = expected[: len(expected) - len(own)]
        if own == expected or (expected.endswith(own) and len(own) >= 6 and bool(_PLACE.match(prefix))):
            return True
    return False


@pytest.fixture(scope="module")
def documents() -> dict[str, object]:
    return {path.stem: extract_file(path)[1] for path in PDFS}


def test_every_real_pdf_reads(documents):
    assert len(documents) == len(PDFS)
    for name, doc in documents.items():
        assert doc.text.strip(), name
        assert doc.sections or doc.responsibilities or doc.targets, f"{name}: nothing extracted"


def test_titles_agree_with_the_file_names(documents):
    wrong = [(name, doc.title) for name, doc in documents.items() if not title_agrees(doc.title, name)]
    share = 1 - len(wrong) / len(documents)
    # issue #7 asks for 90 % on a batch of real PDFs; the misses are listed when it fails
    assert share >= 0.9, f"titles agree for {share:.0%}; wrong: {wrong}"


@pytest.mark.parametrize(
    ("title", "name", "agrees"),
    [
        ("关于科学绿化的实施意见", "150、湖南省关于科学绿化的实施意见", True),
        ("湖南省人民政府办公厅关于科学绿化的实施意见", "150、湖南省关于科学绿化的实施意见", True),
        ("湖南省人民政府办公厅关于科学绿化的实施意见", "150、关于科学绿化的实施意见", True),
        ("湖南省人民政府办公厅关于绿化的意见", "150、湖南省关于科学绿化的实施意见", False),
        ("云南省“十四五”生态环境保护规划", "424、云南省“十四五”生态环境保护规划", True),
        ("“十四五”发展规划", "531、武汉市建筑节能与绿色建筑“十四五”发展规划", False),
        (None, "1、示例", False),
    ],
)
def test_title_agreement_rule(title, name, agrees):
    assert title_agrees(title, name) is agrees


# --------------------------------------------------------------------------------- judged targets

JUDGED = Path(__file__).resolve().parent / "data" / "judged_targets.jsonl"


def _judged_key(doc_id: str, value: float, sentence: str | None) -> tuple[str, float, str]:
    return doc_id, round(value, 4), _plain(sentence)


@pytest.fixture(scope="module")
def judged() -> list[dict]:
    """Targets sampled from batches over the real PDFs and judged by hand against SPEC section 4
    (``benchmarks/sample_targets.py``): sample 1 before the admission rules of issue #8, samples 2
    and 3 after two rounds of them, sample 4 after round 5, sample 5 after rounds 6–9
    (tests/data/README.md)."""
    with JUDGED.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_judged_targets_keep_their_precision_and_stay_found(documents, judged):
    reported = {
        _judged_key(name, t.value, t.sentence) for name, doc in documents.items() for t in doc.targets
    }
    sure = [j for j in judged if j["judgement"] in ("target", "not")]
    still = [j for j in sure if _judged_key(j["doc_id"], j["value"], j["sentence"]) in reported]
    true_ones = [j for j in sure if j["judgement"] == "target"]
    kept = [j for j in still if j["judgement"] == "target"]
    precision = len(kept) / len(still)
    # what a researcher gets today among the judged values, and none of the judged targets lost
    assert precision >= 0.9, [j["as_written"] for j in still if j["judgement"] == "not"]
    assert len(kept) >= 0.97 * len(true_ones), [
        (j["doc_id"], j["as_written"]) for j in true_ones if j not in kept
    ]
