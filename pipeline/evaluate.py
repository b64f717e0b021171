"""Evaluation: predictions against gold, both in the SPEC record.

Scores are sets (multisets) of tuples, as spaCy's ``Scorer`` does, but over
*character* offsets into the raw text, so the segmenter cannot misalign spans:

* paragraphs: the cleaned paragraphs, white space removed, as a multiset; a line of
  the prediction that holds tabs is a table's row, and each of its non-empty cells
  counts as one paragraph (gold lists a table cell by cell);
* sections: ``(id, heading)``;
* blocks: one-to-one matches of overlapping raw spans; units: exact names,
  within matched blocks (units of unmatched blocks count as misses);
* targets: running-text targets (``source`` ``"text"`` or absent), one-to-one
  matches of overlapping raw spans with an equal value;
* table_targets: targets with ``source: "table"`` (SPEC section 5), matched one to
  one within a document by value, target year and indicator (character F1 of at
  least ``TABLE_INDICATOR_MIN``, best first), since gold for tables may have no
  offsets; their indicator char F1 is reported apart from the text targets'.

A gold record may say which layers it annotates: ``"layers": ["table_targets"]``
scores that document on its table targets only (no metadata, paragraphs, sections,
blocks or text targets: the annotator did not do them).  Without the key every
layer is scored.  Layer names: ``metadata``, ``paragraphs``, ``sections``,
``blocks`` (with ``units``), ``targets``, ``table_targets``.

``norm`` is right when norm unit and norm value agree; where the gold norm unit is
null (a unit none of SPEC's base units measures) only the null is compared.

Attribute accuracies (canonical, role, the fields of a target, metadata) are
over matched pairs only.  ``None`` means there was nothing to score.  Every
miss (FN) and false alarm (FP) is listed with its raw offset and context.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text import squeeze

Record = dict[str, Any]

TARGET_FIELDS = (
    "unit",
    "norm",
    "target_year",
    "baseline_year",
    "comparator",
    "direction",
    "modality",
    "section",
)
TABLE_TARGET_FIELDS = (
    "unit",
    "norm",
    "comparator",
    "direction",
    "modality",
    "baseline_year",
    "baseline_value",
    "value_max",
    "page",
)
METADATA_FIELDS = ("title", "issuer", "date", "region")
LAYERS = ("metadata", "paragraphs", "sections", "blocks", "targets", "table_targets")
#: The least character F1 of two indicators for a predicted and a gold table target to match.
TABLE_INDICATOR_MIN = 0.5


@dataclass(slots=True)
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def score_set(self, cand: Iterable[Any], gold: Iterable[Any]) -> None:
        """Add the counts of a multiset comparison.

        >>> s = PRF(); s.score_set(["a", "b", "b"], ["b", "c"]); (s.tp, s.fp, s.fn)
        (1, 2, 1)
        """
        cand_counts, gold_counts = Counter(cand), Counter(gold)
        common = sum((cand_counts & gold_counts).values())
        self.tp += common
        self.fp += sum(cand_counts.values()) - common
        self.fn += sum(gold_counts.values()) - common

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def fscore(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass(slots=True)
class ErrorItem:
    """One miss or false alarm, for the error listing."""

    doc_id: str
    kind: str  # "FN" (in gold, not predicted), "FP" (predicted, not in gold), or "≠" (attribute differs)
    layer: str  # paragraphs, sections, blocks, units, targets, metadata, or "targets.<field>"…
    start: int | None
    end: int | None
    detail: str
    context: str = ""


@dataclass(slots=True)
class Scores:
    prf: dict[str, PRF] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    indicator_f: list[float] = field(default_factory=list)
    table_indicator_f: list[float] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)

    def p(self, name: str) -> PRF:
        return self.prf.setdefault(name, PRF())

    def acc(self, name: str) -> Accuracy:
        return self.accuracy.setdefault(name, Accuracy())

    def as_dict(self) -> dict[str, Any]:
        """A flat dict: ``{layer}_p/_r/_f``, ``{attr}_acc``, ``indicator_char_f``, and ``errors``."""
        out: dict[str, Any] = {}
        for name, prf in self.prf.items():
            out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f"] = prf.precision, prf.recall, prf.fscore
            out[f"{name}_counts"] = {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn}
        for name, acc in self.accuracy.items():
            out[f"{name}_acc"] = acc.value
        out["indicator_char_f"] = _mean(self.indicator_f)
        out["table_indicator_char_f"] = _mean(self.table_indicator_f)
        out["errors"] = [_slots(e) for e in self.errors]
        return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _slots(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def char_f1(pred: str, gold: str) -> float:
    """Character-multiset F1 of two strings (indicator overlap).

    >>> round(char_f1("森林覆盖率", "全区森林覆盖率"), 4)
    0.8333
    >>> char_f1("", "")
    1.0
    """
    pred, gold = squeeze(pred), squeeze(gold)
    if not pred and not gold:
        return 1.0
    common = sum((Counter(pred) & Counter(gold)).values())
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(gold)
    return 2 * p * r / (p + r)


def close(a: float | None, b: float | None) -> bool:
    """Numbers equal up to rounding noise (gold writes 13333333.3333).

    >>> close(13333333.3333, 40000000 / 3)
    True
    >>> close(None, None), close(1.0, None)
    (True, False)
    """
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-3)


def overlaps(a: Record, b: Record) -> int:
    """Length of the overlap of two raw spans."""
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match_spans(
    preds: Sequence[Record],
    golds: Sequence[Record],
    same: Callable[[Record, Record], bool] = lambda p, g: True,
) -> tuple[list[tuple[Record, Record]], list[Record], list[Record]]:
    """One-to-one matching of overlapping spans (largest overlap first).

    Returns ``(pairs, unmatched_preds, unmatched_golds)``.

    >>> golds = [{"start": 3, "end": 9}, {"start": 20, "end": 25}]
    >>> pairs, fp, fn = match_spans([{"start": 0, "end": 5}], golds)
    >>> len(pairs), len(fp), len(fn)
    (1, 0, 1)
    """
    candidates = sorted(
        (
            (overlaps(p, g), i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if overlaps(p, g) > 0 and same(p, g)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((preds[i], golds[j]))
    return (
        pairs,
        [p for i, p in enumerate(preds) if i not in used_p],
        [g for j, g in enumerate(golds) if j not in used_g],
    )


class Evaluator:
    """Scores one prediction record against its gold record, accumulating into ``scores``."""

    def __init__(self, scores: Scores, raw: str | None) -> None:
        self.scores = scores
        self.raw = raw or ""

    def context(self, start: int | None, end: int | None, width: int = 20) -> str:
        if start is None or end is None or not self.raw:
            return ""
        left = squeeze(self.raw[max(0, start - width) : start])
        return f"{left}[{squeeze(self.raw[start:end])}]{squeeze(self.raw[end : end + width])}"

    def error(
        self, doc_id: str, kind: str, layer: str, start: int | None, end: int | None, detail: str
    ) -> None:
        self.scores.errors.append(
            ErrorItem(doc_id, kind, layer, start, end, detail, self.context(start, end))
        )

    def attribute(
        self, doc_id: str, layer: str, ok: bool, start: int | None, end: int | None, detail: str
    ) -> None:
        """Count one attribute of a matched pair; a difference is listed as a ``≠`` error."""
        self.scores.acc(layer).add(ok)
        if not ok:
            self.error(doc_id, "≠", layer, start, end, detail)

    def evaluate(self, pred: Record, gold: Record) -> None:
        doc_id = gold["doc_id"]
        layers = set(gold.get("layers") or LAYERS)
        unknown = layers - set(LAYERS)
        if unknown:
            raise ValueError(f"gold {doc_id!r}: unknown layer(s) {sorted(unknown)}; known: {list(LAYERS)}")
        pred_targets = pred.get("targets") or []
        gold_targets = gold.get("targets") or []
        if "metadata" in layers:
            self.metadata(doc_id, pred, gold)
        if "paragraphs" in layers and "paragraphs" in gold:
            self.paragraphs(doc_id, pred, gold)
        if "sections" in layers:
            self.sections(doc_id, pred.get("sections") or [], gold.get("sections") or [])
        if "blocks" in layers:
            self.blocks(doc_id, pred.get("responsibilities") or [], gold.get("responsibilities") or [])
        if "targets" in layers:
            self.targets(
                doc_id,
                _of_source(pred_targets, "text"),
                _of_source(gold_targets, "text"),
                pred.get("rejected") or [],
            )
        if "table_targets" in layers:
            self.table_targets(doc_id, _of_source(pred_targets, "table"), _of_source(gold_targets, "table"))

    def metadata(self, doc_id: str, pred: Record, gold: Record) -> None:
        for name in METADATA_FIELDS:
            if gold.get(name) is None:
                continue
            ok = squeeze(pred.get(name)) == squeeze(gold[name])
            self.attribute(
                doc_id, f"metadata.{name}", ok, None, None, f"{pred.get(name)!r} ≠ gold {gold[name]!r}"
            )

    def paragraphs(self, doc_id: str, pred: Record, gold: Record) -> None:
        lines = (pred.get("text") or "").split("\n")
        # a table's row is scored as its cells; where the readers found no table, a tab is a tab
        # (a Word title 专栏2<TAB>能源重点工程 stays one paragraph)
        split = bool(pred.get("tables"))
        cells = [cell for line in lines for cell in (line.split("\t") if split and "\t" in line else [line])]
        cand = [squeeze(cell) for cell in cells if squeeze(cell)]
        want = [squeeze(p) for p in gold["paragraphs"] if squeeze(p)]
        self.scores.p("paragraphs").score_set(cand, want)
        cand_c, want_c = Counter(cand), Counter(want)
        for text in (cand_c - want_c).elements():
            self.error(doc_id, "FP", "paragraphs", None, None, text[:60])
        for text in (want_c - cand_c).elements():
            self.error(doc_id, "FN", "paragraphs", None, None, text[:60])

    def sections(self, doc_id: str, preds: list[Record], golds: list[Record]) -> None:
        def key(s: Record) -> tuple[str, str]:
            return s["id"], squeeze(s["heading"])

        self.scores.p("sections").score_set(map(key, preds), map(key, golds))
        pred_keys, gold_keys = Counter(map(key, preds)), Counter(map(key, golds))
        for s in preds:
            if pred_keys[key(s)] > gold_keys[key(s)]:
                self.error(doc_id, "FP", "sections", s["start"], s["end"], f"{s['id']} {s['heading']}")
        for s in golds:
            if gold_keys[key(s)] > pred_keys[key(s)]:
                self.error(doc_id, "FN", "sections", s["start"], s["end"], f"{s['id']} {s['heading']}")

    def blocks(self, doc_id: str, preds: list[Record], golds: list[Record]) -> None:
        pairs, extra, missed = match_spans(preds, golds)
        block_prf = self.scores.p("blocks")
        block_prf.tp += len(pairs)
        block_prf.fp += len(extra)
        block_prf.fn += len(missed)
        units = self.scores.p("units")
        for block in extra:
            units.fp += len(block["units"])
            self.error(doc_id, "FP", "blocks", block["start"], block["end"], _unit_names(block))
        for block in missed:
            units.fn += len(block["units"])
            self.error(doc_id, "FN", "blocks", block["start"], block["end"], _unit_names(block))
        for pred, gold in pairs:
            self.attribute(
                doc_id,
                "blocks.section",
                pred.get("section") == gold.get("section"),
                gold["start"],
                gold["end"],
                f"{pred.get('section')} ≠ gold {gold.get('section')}",
            )
            self.units(doc_id, pred, gold)

    def units(self, doc_id: str, pred: Record, gold: Record) -> None:
        pred_names = [squeeze(u["name"]) for u in pred["units"]]
        gold_names = [squeeze(u["name"]) for u in gold["units"]]
        self.scores.p("units").score_set(pred_names, gold_names)
        remaining = list(pred["units"])
        for unit in gold["units"]:
            match = next((u for u in remaining if squeeze(u["name"]) == squeeze(unit["name"])), None)
            if match is None:
                self.error(doc_id, "FN", "units", gold["start"], gold["end"], unit["name"])
                continue
            remaining.remove(match)
            for attr in ("canonical", "role"):
                ok = squeeze(match[attr]) == squeeze(unit[attr])
                detail = f"{unit['name']}: {match[attr]!r} ≠ gold {unit[attr]!r}"
                self.attribute(doc_id, f"units.{attr}", ok, gold["start"], gold["end"], detail)
        for unit in remaining:
            self.error(doc_id, "FP", "units", pred["start"], pred["end"], unit["name"])

    def targets(
        self, doc_id: str, preds: list[Record], golds: list[Record], rejected: list[Record] = ()
    ) -> None:
        pairs, extra, missed = match_spans(preds, golds, lambda p, g: close(p["value"], g["value"]))
        prf = self.scores.p("targets")
        prf.tp += len(pairs)
        prf.fp += len(extra)
        prf.fn += len(missed)
        for t in extra:  # the admission rule that took it
            self.error(doc_id, "FP", "targets", t["start"], t["end"], _target_summary(t) + _rule(t))
        for t in missed:  # the rule that left it out, if the value was read at all
            why = next((r for r in rejected if overlaps(r, t) and close(r["value"], t["value"])), None)
            self.error(doc_id, "FN", "targets", t["start"], t["end"], _target_summary(t) + _rule(why))
        for pred, gold in pairs:
            self.target_fields(doc_id, "targets", TARGET_FIELDS, pred, gold)
            self.indicator(doc_id, "targets", pred, gold, self.scores.indicator_f, gold)

    def indicator(
        self, doc_id: str, layer: str, pred: Record, gold: Record, into: list[float], at: Record
    ) -> None:
        """Character F1 of a matched pair's indicators, into ``into``; a differing one listed at ``at``."""
        f1 = char_f1(pred.get("indicator") or "", gold.get("indicator") or "")
        into.append(f1)
        if f1 < 1.0:
            detail = f"{pred.get('indicator')!r} ≠ gold {gold.get('indicator')!r} (char F1 {f1:.2f})"
            self.error(doc_id, "≠", f"{layer}.indicator", at.get("start"), at.get("end"), detail)

    def target_fields(
        self, doc_id: str, layer: str, names: Sequence[str], pred: Record, gold: Record
    ) -> None:
        """Count the attributes ``names`` of a matched pair of targets."""
        for name in names:
            ok, shown = compare_field(name, pred, gold)
            detail = f"{shown[0]!r} ≠ gold {shown[1]!r}"
            if layer == "table_targets":
                detail = f"{gold.get('indicator')} {gold.get('value')} ({gold.get('target_year')}): {detail}"
            self.attribute(doc_id, f"{layer}.{name}", ok, gold.get("start"), gold.get("end"), detail)

    def table_targets(self, doc_id: str, preds: list[Record], golds: list[Record]) -> None:
        if not preds and not golds:  # a plan without tables: nothing to show for this layer
            return
        pairs, extra, missed = match_table_targets(preds, golds)
        prf = self.scores.p("table_targets")
        prf.tp += len(pairs)
        prf.fp += len(extra)
        prf.fn += len(missed)
        for t in extra:
            self.error(doc_id, "FP", "table_targets", t.get("start"), t.get("end"), _target_summary(t))
        for t in missed:
            self.error(doc_id, "FN", "table_targets", t.get("start"), t.get("end"), _target_summary(t))
        for pred, gold in pairs:
            self.target_fields(doc_id, "table_targets", TABLE_TARGET_FIELDS, pred, gold)
            self.indicator(doc_id, "table_targets", pred, gold, self.scores.table_indicator_f, pred)


def compare_field(name: str, pred: Record, gold: Record) -> tuple[bool, tuple[Any, Any]]:
    """Whether one attribute of two matched targets agrees, and the two values as shown.

    >>> gold = {"norm_value": 6773, "norm_unit": None}
    >>> compare_field("norm", {"norm_value": None, "norm_unit": None}, gold)
    (True, ('None None', '6773 None'))
    >>> compare_field("unit", {"unit": "万 千瓦"}, {"unit": "万千瓦"})[0]
    True
    """
    if name == "norm":
        if gold.get("norm_unit") is None:  # no SPEC base unit measures it: only the null counts
            ok = pred.get("norm_unit") is None
        else:
            ok = pred.get("norm_unit") == gold["norm_unit"] and close(
                pred.get("norm_value"), gold["norm_value"]
            )
        return ok, (
            f"{pred.get('norm_value')} {pred.get('norm_unit')}",
            f"{gold.get('norm_value')} {gold.get('norm_unit')}",
        )
    if name == "unit":
        return squeeze(pred.get("unit")) == squeeze(gold.get("unit")), (pred.get("unit"), gold.get("unit"))
    if name in ("baseline_value", "value_max"):
        return close(pred.get(name), gold.get(name)), (pred.get(name), gold.get(name))
    return pred.get(name) == gold.get(name), (pred.get(name), gold.get(name))


def match_table_targets(
    preds: Sequence[Record], golds: Sequence[Record]
) -> tuple[list[tuple[Record, Record]], list[Record], list[Record]]:
    """One-to-one matching of table targets by value, target year and indicator (best char F1 first;
    overlapping spans, where both have them, break ties).

    >>> p = [{"indicator": "森林覆盖率", "value": 65.7, "target_year": 2025}]
    >>> g = [{"indicator": "森林覆盖率（%）", "value": 65.7, "target_year": 2025},
    ...      {"indicator": "森林覆盖率", "value": 65.7, "target_year": 2030}]
    >>> pairs, fp, fn = match_table_targets(p, g); len(pairs), fn[0]["target_year"]
    (1, 2030)
    """
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if not close(p.get("value"), g.get("value")) or p.get("target_year") != g.get("target_year"):
                continue
            f1 = char_f1(p.get("indicator") or "", g.get("indicator") or "")
            if f1 < TABLE_INDICATOR_MIN:
                continue
            spans = all(isinstance(r.get(k), int) for r in (p, g) for k in ("start", "end"))
            candidates.append((f1, overlaps(p, g) if spans else 0, i, j))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    for _, _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((preds[i], golds[j]))
    return (
        pairs,
        [p for i, p in enumerate(preds) if i not in used_p],
        [g for j, g in enumerate(golds) if j not in used_g],
    )


def _of_source(targets: list[Record], source: str) -> list[Record]:
    """The targets of one source; a target without ``source`` is a running-text one."""
    return [t for t in targets if (t.get("source") or "text") == source]


def _unit_names(block: Record) -> str:
    return "、".join(u["name"] for u in block["units"])


def _rule(record: Record | None) -> str:
    """`` [rule: past_figure]``: which rule of pipeline.admission decided, where the record says."""
    return f" [rule: {record['rule']}]" if record and record.get("rule") else ""


def _target_summary(t: Record) -> str:
    value = f"{t['value']}{t.get('unit') or ''}"
    return f"{t.get('indicator')} {value} ({t.get('direction')}, {t.get('target_year')})"


#: The regression gate's floors (``pipeline/baseline.py``) may sit among the gold files: no gold record.
BASELINE_FILE = "baseline.json"


def gold_files(folder: Path) -> list[Path]:
    """The ``<doc_id>.json`` gold files of a folder, without the baseline file."""
    return [p for p in sorted(folder.glob("*.json")) if p.name != BASELINE_FILE]


def load_gold(path: Path) -> dict[str, Record]:
    """Gold records from a folder of ``<doc_id>.json`` files, or from a JSONL file."""
    if path.is_dir():
        records = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(path)]
    else:
        records = load_jsonl(path)
    return {r["doc_id"]: r for r in records}


def load_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def find_raw(doc_id: str, pred: Record, pred_path: Path, gold_path: Path) -> str | None:
    """The raw text behind a record, for error contexts.

    Looked for in the run's ``raw/`` copy, then the record's source, then the corpus beside the gold.
    """
    candidates = [
        pred_path.parent / "raw" / f"{doc_id}.txt",
        Path(pred.get("source") or ""),
        gold_path.parent / "raw" / f"{doc_id}.txt",
    ]
    for candidate in candidates:
        if candidate.suffix == ".txt" and candidate.is_file():
            try:
                from .read import read_raw

                return read_raw(candidate).text
            except Exception:  # context is a courtesy: fall back to plain UTF-8
                return candidate.read_text(encoding="utf-8", errors="replace")
    return None


def unscored_table_targets(pred: Record, gold: Record) -> str | None:
    """A note when a prediction has table targets that its gold's layers leave unscored: a gold
    of ``"layers": ["metadata", "targets"]`` scores running-text targets only, so a false table
    target there would go unseen.

    >>> unscored_table_targets({"targets": [{"source": "table"}]}, {"doc_id": "x", "layers": ["targets"]})
    "'x': 1 table target(s) not scored (its gold has no table_targets layer)"
    >>> unscored_table_targets({"targets": [{"source": "table"}]}, {"doc_id": "x"}) is None
    True
    """
    layers = set(gold.get("layers") or LAYERS)
    count = len(_of_source(pred.get("targets") or [], "table"))
    if "table_targets" in layers or not count:
        return None
    return f"{gold['doc_id']!r}: {count} table target(s) not scored (its gold has no table_targets layer)"


def evaluate(gold_path: Path, pred_path: Path) -> tuple[Scores, list[str]]:
    """Score every gold document against its prediction; docs missing from either side are reported."""
    golds = load_gold(gold_path)
    preds = {r["doc_id"]: r for r in load_jsonl(pred_path)}
    scores = Scores()
    notes: list[str] = []
    for doc_id, gold in golds.items():
        pred = preds.get(doc_id)
        if pred is None:
            notes.append(f"no prediction for gold document {doc_id!r}: counted as all missed")
            pred = {"doc_id": doc_id, "text": "", "sections": [], "targets": [], "responsibilities": []}
        raw = find_raw(doc_id, pred, pred_path, gold_path)
        Evaluator(scores, raw).evaluate(pred, gold)
        if note := unscored_table_targets(pred, gold):
            notes.append(note)
    for doc_id in preds.keys() - golds.keys():
        notes.append(f"prediction {doc_id!r} has no gold: not scored")
    return scores, notes


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def format_report(scores: Scores, notes: Sequence[str] = (), max_errors: int | None = None) -> str:
    """The human-readable table, then every error with its context."""
    lines = ["layer            P      R      F1     tp   fp   fn"]
    for name, prf in scores.prf.items():
        lines.append(
            f"{name:<14} {_fmt(prf.precision)} {_fmt(prf.recall)} {_fmt(prf.fscore)} "
            f"{prf.tp:5d}{prf.fp:5d}{prf.fn:5d}"
        )
    lines.append("")
    lines.append("accuracy (over matched pairs)      acc    n")
    for name, acc in sorted(scores.accuracy.items()):
        lines.append(f"{name:<32} {_fmt(acc.value)} {acc.total:4d}")
    summary = scores.as_dict()
    indicator = _fmt(summary["indicator_char_f"])
    lines.append(f"{'targets.indicator (mean char F1)':<32} {indicator} {len(scores.indicator_f):4d}")
    if scores.table_indicator_f:
        lines.append(
            f"{'table_targets.indicator (char F1)':<32} {_fmt(summary['table_indicator_char_f'])} "
            f"{len(scores.table_indicator_f):4d}"
        )
    for note in notes:
        lines.append(f"note: {note}")
    errors = scores.errors if max_errors is None else scores.errors[:max_errors]
    if errors:
        lines.append("")
        lines.append(f"errors ({len(scores.errors)})")
        for e in errors:
            where = f"@{e.start}" if e.start is not None else ""
            context = f"  | {e.context}" if e.context else ""
            lines.append(f"{e.kind:<2} {e.layer:<20} {e.doc_id}{where}  {e.detail}{context}")
        if max_errors is not None and len(scores.errors) > max_errors:
            lines.append(f"… {len(scores.errors) - max_errors} more (use --max-errors or --json)")
    return "\n".join(lines)
