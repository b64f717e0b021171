"""What a report page shows, built from the records the writers wrote.

The page shows the **clean text** (``documents.jsonl``'s ``text``, one paragraph a line),
because that is what a person reads; the records' spans are offsets into the **raw**
text (``raw/<doc_id>.txt``).  ``clean_offsets`` gives, for every clean character, its raw
offset: the cleaner's own offset map when running the cleaner on the raw text gives back
the run's clean text exactly, else a character alignment of the two texts (the clean
text keeps every character of content, in order; a PDF's page starts, which the cleaner
also uses, are not in ``raw/``).  A raw span ``[s, e)`` shows as the clean characters
whose raw offsets fall in it.  A target without a span (a table cell the reader could not
place) is listed beside its section instead.

``Mark`` is one highlighted span; ``render_marks`` nests them into HTML (a mark that
crosses another's end is closed and reopened as a continuation, so each record still has
exactly one element with its kind's class).
"""

from __future__ import annotations

import bisect
import difflib
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..evaluate import Evaluator, Scores, close, match_spans
from ..text import squeeze

Record = dict[str, Any]

TARGET_ROWS = (
    ("indicator", "indicator"),
    ("value", "value"),
    ("unit", "unit"),
    ("norm", "normalized"),
    ("comparator", "comparator"),
    ("direction", "direction"),
    ("target_year", "target year"),
    ("baseline_year", "baseline year"),
    ("modality", "modality"),
    ("section", "section"),
    ("source", "source"),
    ("page", "page"),
    ("span", "raw span"),
)


# --------------------------------------------------------------------------------------------------
# Raw offsets onto the clean text


def clean_offsets(raw: str, clean: str) -> tuple[list[int], str]:
    """The raw offset of every character of ``clean``, and how it was found.

    >>> offsets, how = clean_offsets(" 到 2025 年，森林\\n覆盖率60%。\\n", "到2025年，森林覆盖率60%。")
    >>> how, offsets[:3]
    ('cleaner', [1, 3, 4])
    >>> clean_offsets("甲乙\\n丙", "甲乙丙丁")[1]
    'alignment'
    """
    from ..clean import clean_layout

    cleaned = clean_layout(raw)
    if cleaned.text == clean:
        return list(cleaned.offsets), "cleaner"
    offsets = [-1] * len(clean)
    # difflib's "popular characters" heuristic (autojunk) keeps a 50 000-character plan to
    # seconds; the matching blocks still cover every character the two texts share in order.
    matcher = difflib.SequenceMatcher(None, clean, raw)
    for a, b, size in matcher.get_matching_blocks():
        offsets[a : a + size] = range(b, b + size)
    following = len(raw)
    for i in range(len(clean) - 1, -1, -1):  # a character the raw lacks sits before the next one
        if offsets[i] < 0:
            offsets[i] = following
        else:
            following = offsets[i]
    return offsets, "alignment"


def clean_span(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The clean characters whose raw offsets lie in ``[start, end)`` (empty when none do)."""
    return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)


# --------------------------------------------------------------------------------------------------
# Marks and their HTML


@dataclass(slots=True)
class Mark:
    """One highlighted span of the clean text.

    ``kind`` is the class that counts the record (``target``, ``block``, ``fn``, ``heading``);
    ``classes`` are the others (``tp``, ``fp``…).  ``attrs`` become ``data-`` attributes of
    the first element only.
    """

    start: int
    end: int
    key: str
    kind: str
    classes: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str | None = None

    def open_tag(self, continued: bool) -> str:
        if continued:
            classes = " ".join((f"{self.kind}-cont", *self.classes))
            return f'<span class="{classes}" data-key="{self.key}">'
        attrs = "".join(f' data-{name}="{html.escape(value)}"' for name, value in self.attrs.items())
        anchor = f' id="{self.anchor}"' if self.anchor else ""
        classes = " ".join((self.kind, *self.classes))
        return f'<span{anchor} class="{classes}" data-key="{self.key}"{attrs}>'


_ORDER = {"heading": 0, "block": 1, "fn": 2, "target": 3}


def render_marks(text: str, marks: Iterable[Mark], inserts: dict[int, str] | None = None) -> Markup:
    """``text`` as HTML, every mark a ``<span>``; nested where spans nest, split where they cross.

    ``inserts`` are HTML fragments to place at clean offsets (before marks that open there).

    >>> m = [Mark(0, 2, "b0", "block"), Mark(1, 3, "t0", "target", attrs={"start": "9"})]
    >>> print(str(render_marks("甲乙丙丁", m)).replace("><", ">\\n<"))
    <span class="block" data-key="b0">甲<span class="target" data-key="t0" data-start="9">乙</span>
    </span>
    <span class="target-cont" data-key="t0">丙</span>丁
    """
    marks = sorted(marks, key=lambda m: (m.start, -m.end, _ORDER.get(m.kind, 9)))
    inserts = inserts or {}
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks), *inserts})
    out: list[str] = []
    stack: list[Mark] = []
    pending = 0
    for i, pos in enumerate(bounds):
        if any(m.end <= pos for m in stack):
            reopen: list[Mark] = []
            while any(m.end <= pos for m in stack):
                mark = stack.pop()
                out.append("</span>")
                if mark.end > pos:
                    reopen.append(mark)
            for mark in reversed(reopen):
                out.append(mark.open_tag(continued=True))
                stack.append(mark)
        if pos in inserts:
            out.append(inserts[pos])
        while pending < len(marks) and marks[pending].start == pos:
            mark = marks[pending]
            pending += 1
            out.append(mark.open_tag(continued=False))
            if mark.end > mark.start:
                stack.append(mark)
            else:  # the cleaner removed its text: a visible stand-in, so it can be hovered
                out.append('<span class="removed">∅</span></span>')
        if i + 1 < len(bounds):
            out.append(html.escape(text[pos : bounds[i + 1]], quote=False))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


# --------------------------------------------------------------------------------------------------
# One document


@dataclass(slots=True)
class OutlineNode:
    id: str
    heading: str
    anchor: str
    classes: tuple[str, ...] = ()
    children: list[OutlineNode] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    """Everything a document page shows."""

    record: Record
    marks: list[Mark]
    mapping: str
    outline: list[OutlineNode]
    side: dict[str, list[dict[str, Any]]]  # section id ("" for none) -> targets listed beside the text
    tooltips: dict[str, dict[str, Any]]
    counts: dict[str, int]
    scores: Scores | None = None
    missing_sections: list[Record] = field(default_factory=list)
    side_at: dict[str, int] = field(default_factory=dict)  # section id -> clean offset of its heading's line

    def text_html(self, asides: dict[str, str] | None = None) -> Markup:
        """The clean text with every mark, and each section's aside at its heading's line."""
        inserts: dict[int, str] = {}
        for section, fragment in (asides or {}).items():
            pos = self.side_at.get(section, 0)
            inserts[pos] = inserts.get(pos, "") + fragment
        return render_marks(self.record.get("text") or "", self.marks, inserts)

    @property
    def tooltips_json(self) -> Markup:
        # JSON inside <script>: "<" escaped so no "</script>" can close the element early.
        return Markup(json.dumps(self.tooltips, ensure_ascii=False).replace("<", "\\u003c"))


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_rows(t: Record) -> list[tuple[str, str]]:
    value = _fmt(t.get("value")) + (f"–{_fmt(t['value_max'])}" if t.get("value_max") is not None else "")
    shown = {
        **t,
        "value": value,
        "norm": f"{_fmt(t.get('norm_value'))} {t.get('norm_unit') or ''}".strip(),
        "span": "—" if t.get("start") is None else f"{t['start']}–{t['end']}",
    }
    return [(label, _fmt(shown.get(name))) for name, label in TARGET_ROWS if name in shown]


def block_rows(b: Record) -> list[tuple[str, str]]:
    rows = [("section", _fmt(b.get("section"))), ("raw span", f"{b['start']}–{b['end']}")]
    rows += [(u.get("role") or "unit", f"{u['name']} → {u.get('canonical')}") for u in b.get("units") or []]
    return rows


def _has_span(record: Record) -> bool:
    return record.get("start") is not None and record.get("end") is not None


def _table_key(t: Record) -> tuple[Any, ...]:
    return (squeeze(t.get("indicator")), t.get("target_year"))


def _match_unspanned(
    preds: list[Record], golds: list[Record]
) -> tuple[list[tuple[Record, Record]], list, list]:
    """Targets without spans match by indicator, target year and value (SPEC section 5)."""
    pairs, left = [], list(golds)
    extra = []
    for p in preds:
        g = next((g for g in left if _table_key(g) == _table_key(p) and close(g["value"], p["value"])), None)
        if g is None:
            extra.append(p)
        else:
            left.remove(g)
            pairs.append((p, g))
    return pairs, extra, left


def _differences(doc_id: str, raw: str, layer: str, pred: Record, gold: Record) -> list[str]:
    """What the evaluator finds different in one matched pair (its own judgement, reused)."""
    scores = Scores()
    judge = Evaluator(scores, raw)
    if layer == "targets":
        judge.targets(doc_id, [pred], [gold])
    else:
        judge.blocks(doc_id, [pred], [gold])
    return [f"{e.layer} {e.kind} {e.detail}" for e in scores.errors]


def build_view(record: Record, raw: str, gold: Record | None = None) -> DocumentView:
    """The page of one document; with ``gold``, its misses and false alarms marked."""
    doc_id = record["doc_id"]
    text = record.get("text") or ""
    offsets, mapping = clean_offsets(raw, text)
    marks: list[Mark] = []
    tips: dict[str, dict[str, Any]] = {}
    side: dict[str, list[dict[str, Any]]] = {}

    def span_of(r: Record) -> tuple[int, int]:
        return clean_span(offsets, r["start"], r["end"])

    def add(
        r: Record, key: str, kind: str, title: str, rows: list[tuple[str, str]], classes: tuple[str, ...]
    ) -> None:
        tips[key] = {"title": title, "rows": rows}
        if _has_span(r):
            s, e = span_of(r)
            attrs = {"start": str(r["start"]), "end": str(r["end"])}
            marks.append(Mark(s, e, key, kind, classes, attrs))
        else:
            entry = {"key": key, "kind": kind, "classes": " ".join(classes), "record": r}
            side.setdefault(r.get("section") or "", []).append(entry)

    targets = record.get("targets") or []
    blocks = record.get("responsibilities") or []
    status_t: dict[int, tuple[str, list[str]]] = {}
    status_b: dict[int, tuple[str, list[str]]] = {}
    missed_t: list[Record] = []
    missed_b: list[Record] = []
    scores = None
    missing_sections: list[Record] = []
    fp_sections: set[int] = set()
    if gold is not None:
        scores = score(record, gold, raw)
        status_t, missed_t = _statuses(doc_id, raw, "targets", targets, gold.get("targets") or [])
        status_b, missed_b = _statuses(doc_id, raw, "blocks", blocks, gold.get("responsibilities") or [])
        gold_keys = [(s["id"], squeeze(s["heading"])) for s in gold.get("sections") or []]
        for i, s in enumerate(record.get("sections") or []):
            key = (s["id"], squeeze(s["heading"]))
            if key in gold_keys:
                gold_keys.remove(key)
            else:
                fp_sections.add(i)
        missing_sections = [
            s for s in gold.get("sections") or [] if (s["id"], squeeze(s["heading"])) in gold_keys
        ]

    for i, t in enumerate(targets):
        status, diffs = status_t.get(i, ("", []))
        classes = tuple(c for c in (status, "table" if t.get("source") == "table" else "") if c)
        title = f"target {i + 1}" + (f" · {status.upper()}" if status else "")
        add(t, f"t{i}", "target", title, target_rows(t) + [("≠", d) for d in diffs], classes)
    for i, b in enumerate(blocks):
        status, diffs = status_b.get(i, ("", []))
        title = f"block {i + 1}" + (f" · {status.upper()}" if status else "")
        add(
            b, f"b{i}", "block", title, block_rows(b) + [("≠", d) for d in diffs], (status,) if status else ()
        )
    for i, t in enumerate(missed_t):
        add(t, f"gt{i}", "fn", "missed target (in gold, not predicted)", target_rows(t), ("gold-target",))
    for i, b in enumerate(missed_b):
        add(b, f"gb{i}", "fn", "missed block (in gold, not predicted)", block_rows(b), ("gold-block",))

    outline: list[OutlineNode] = []
    nodes: dict[str, OutlineNode] = {}
    for i, s in enumerate(record.get("sections") or []):
        anchor = f"sec-{i}"
        start, end = span_of(s)
        classes = ("fp",) if i in fp_sections else ()
        marks.append(Mark(start, end, f"s{i}", "heading", classes, {"section": s["id"]}, anchor=anchor))
        tips[f"s{i}"] = {
            "title": f"section {s['id']}",
            "rows": [("level", str(s["level"])), ("heading", s["heading"])],
        }
        node = OutlineNode(s["id"], s["heading"], anchor, classes)
        parent = nodes.get(s["id"].rpartition(".")[0])
        (parent.children if parent else outline).append(node)
        nodes[s["id"]] = node

    counts = {
        "sections": len(record.get("sections") or []),
        "targets": len(targets),
        "targets_inline": sum(1 for t in targets if _has_span(t)),
        "blocks": len(blocks),
        "units": sum(len(b.get("units") or []) for b in blocks),
        "warnings": len(record.get("warnings") or []),
        "missed_targets": len(missed_t),
        "missed_blocks": len(missed_b),
    }
    side_at = {}
    for s in record.get("sections") or []:
        if s["id"] in side:
            start = span_of(s)[0]
            side_at[s["id"]] = text.rfind("\n", 0, start) + 1
    return DocumentView(
        record=record,
        marks=marks,
        side_at=side_at,
        mapping=mapping,
        outline=outline,
        side=side,
        tooltips=tips,
        counts=counts,
        scores=scores,
        missing_sections=missing_sections,
    )


def score(record: Record, gold: Record, raw: str, into: Scores | None = None) -> Scores:
    """The evaluator's scores of one document (added to ``into`` when given).

    An evaluator that cannot yet place targets without spans (a table's) is given the
    targets with spans only; the page lists the others beside the text either way.
    """
    scores = into if into is not None else Scores()
    try:
        Evaluator(Scores(), raw).evaluate(record, gold)
    except TypeError:
        record = {**record, "targets": [t for t in record.get("targets") or [] if _has_span(t)]}
        gold = {**gold, "targets": [t for t in gold.get("targets") or [] if _has_span(t)]}
    Evaluator(scores, raw).evaluate(record, gold)
    return scores


def _statuses(
    doc_id: str, raw: str, layer: str, preds: list[Record], golds: list[Record]
) -> tuple[dict[int, tuple[str, list[str]]], list[Record]]:
    """For each prediction (by index): ``tp`` with the evaluator's differences, or ``fp``; and the misses."""
    index = {id(p): i for i, p in enumerate(preds)}
    spanned = [p for p in preds if _has_span(p)]
    gold_spanned = [g for g in golds if _has_span(g)]
    same = (lambda p, g: close(p["value"], g["value"])) if layer == "targets" else (lambda p, g: True)
    pairs, extra, missed = match_spans(spanned, gold_spanned, same)
    if layer == "targets":
        more_pairs, more_extra, more_missed = _match_unspanned(
            [p for p in preds if not _has_span(p)], [g for g in golds if not _has_span(g)] + missed
        )
        pairs, extra, missed = pairs + more_pairs, extra + more_extra, more_missed
    statuses: dict[int, tuple[str, list[str]]] = {}
    for p, g in pairs:
        diffs = _differences(doc_id, raw, layer, p, g) if _has_span(p) and _has_span(g) else []
        statuses[index[id(p)]] = ("tp", diffs)
    for p in extra:
        statuses[index[id(p)]] = ("fp", [])
    return statuses, missed
