"""The cleaner on the real corpus: paragraphs against gold, and gold spans findable in the clean text.

The two corpus plans, and the made-up `pdftotext -layout` plan of ``tests/data`` (running header,
page numbers, form feeds, indented first lines), which shows forms the corpus lacks.

Gold paragraphs are compared with white space removed (SPEC section 3), as a multiset; precision,
recall and F1 are printed (``pytest -s``) and must each reach 0.95.  Every gold span (section
heading, responsibility block, target value) must survive cleaning whole, so that later stages
can find it, and must map back to the same raw content.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from pipeline.clean import clean_layout
from pipeline.records import CleanText

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DATA = Path(__file__).resolve().parent / "data"
# doc id -> (raw, gold): the corpus, plus the hand-annotated `pdftotext -layout` plan of tests/data
SOURCES = {
    p.stem: (CORPUS / "raw" / f"{p.stem}.txt", p)
    for p in sorted((CORPUS / "gold").glob("*.json"))
    if (CORPUS / "raw" / f"{p.stem}.txt").is_file()
}
if (DATA / "layout_city_plan.txt").is_file():
    SOURCES["layout_city_plan"] = (DATA / "layout_city_plan.txt", DATA / "layout_city_plan.json")
DOCS = sorted(SOURCES)
THRESHOLD = 0.95


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


@cache
def load(doc: str) -> tuple[str, dict, CleanText]:
    raw_path, gold_path = SOURCES[doc]
    raw = raw_path.read_text(encoding="utf-8")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return raw, gold, clean_layout(raw)


def prf(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Precision, recall, F1 of two multisets of strings."""
    tp = sum((Counter(pred) & Counter(gold)).values())
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_corpus_is_present():
    assert set(DOCS) >= {"rongjiang", "xingguo"}


@pytest.mark.parametrize("doc", DOCS)
def test_paragraphs_match_gold(doc):
    _, gold, clean = load(doc)
    pred = [squeeze(p) for p in clean.text.split("\n") if squeeze(p)]
    want = [squeeze(p) for p in gold["paragraphs"] if squeeze(p)]
    p, r, f = prf(pred, want)
    print(f"\n{doc}: paragraphs P={p:.3f} R={r:.3f} F1={f:.3f} ({len(pred)} predicted, {len(want)} gold)")
    missed = sorted((Counter(want) - Counter(pred)).elements())
    extra = sorted((Counter(pred) - Counter(want)).elements())
    detail = f"missed {[m[:30] for m in missed]} extra {[x[:30] for x in extra]}"
    assert p >= THRESHOLD, detail
    assert r >= THRESHOLD, detail
    assert f >= THRESHOLD, detail


@pytest.mark.parametrize("doc", DOCS)
def test_clean_text_keeps_all_content(doc):
    """Only layout noise goes: whole page-number or running-header lines, and marker characters."""
    raw, _, clean = load(doc)
    kept = set(clean.offsets)
    dropped_lines = []
    for m in re.finditer(r"[^\n\f]+", raw):
        content = [i for i in range(m.start(), m.end()) if not raw[i].isspace()]
        lost = [i for i in content if i not in kept]
        if lost and len(lost) == len(content):
            dropped_lines.append(squeeze(m.group()))
        else:
            assert all(raw[i] in "\ufffd\u200b\ufeff\u00ad" for i in lost), [raw[i] for i in lost]
    print(f"\n{doc}: dropped lines {Counter(dropped_lines)}")
    for line in dropped_lines:
        page_number = re.fullmatch(r"[-—]\d+[-—]|\d+", line)
        header = len(line) <= 40 and squeeze(raw).count(line) >= 3
        assert page_number or header, line
    assert len(clean.offsets) == len(clean.text)
    assert all(a < b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))


def _spans(gold: dict) -> list[tuple[str, int, int]]:
    spans = [(f"section {s['id']}", s["start"], s["end"]) for s in gold.get("sections", [])]
    spans += [(f"block in {b['section']}", b["start"], b["end"]) for b in gold.get("responsibilities", [])]
    spans += [(f"target {t['indicator']}", t["start"], t["end"]) for t in gold.get("targets", [])]
    return spans


@pytest.mark.parametrize("doc", DOCS)
def test_gold_spans_survive_and_map_back(doc):
    raw, gold, clean = load(doc)
    spans = _spans(gold)
    assert spans, "gold has spans to check"
    failures = []
    for label, start, end in spans:
        piece = squeeze(raw[start:end])
        i, j = clean.clean_index(start), clean.clean_index(end)
        if piece not in squeeze(clean.text) or squeeze(clean.text[i:j]) != piece:
            failures.append((label, piece, clean.text[i:j]))
            continue
        s, e = clean.raw_span(i, j)
        if squeeze(raw[s:e]) != piece:
            failures.append((label, piece, raw[s:e]))
    print(f"\n{doc}: {len(spans) - len(failures)}/{len(spans)} gold spans found whole and mapped back")
    assert not failures, failures[:5]


@pytest.mark.parametrize("doc", DOCS)
def test_headings_start_paragraphs(doc):
    """Every gold section heading begins a line of the clean text (after its number)."""
    _, gold, clean = load(doc)
    marker = re.compile(
        r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+[.、．]|[（(][0-9]+[）)]"
    )
    for section in gold.get("sections", []):
        i = clean.clean_index(section["start"])
        number = clean.text[clean.text.rfind("\n", 0, i) + 1 : i]
        assert marker.fullmatch(number), (section["id"], number)
