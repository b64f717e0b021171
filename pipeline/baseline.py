"""The regression gate: a floor under every figure of ``plan-extract eval``, per named set.

``corpus/gold/baseline.json`` names the regression sets (the bundled corpus, the plans
of ``tests/data``; more can be added) and, for each, the floors its figures must hold::

    {
     "root": "../..",                         // the sets' paths are relative to this folder
                                              // (itself relative to the baseline file's folder)
     "sets": {
      "corpus": {
       "inputs": ["corpus/raw/*.txt"],        // globs of the plans to extract
       "gold": "corpus/gold",                 // their gold: a folder of <doc_id>.json, or JSONL
       "floors": {"targets_r": 1.0, …},      // every figure of the evaluation
       "known": ["FN targets xingguo@6506-6511 | …", …],  // misses and false alarms accepted
       "differing": ["≠ targets.unit …", …]  // attributes differing, at the last update
      }
     }
    }

A figure is a layer's ``_p``/``_r``/``_f``, an attribute's ``_acc`` or ``indicator_char_f``
(the flat names of ``Scores.as_dict``).  ``check`` fails a set when

* a figure falls below its floor, or has none (a new figure must be recorded), or
* the evaluation lists a miss (FN) or false alarm (FP) that ``known`` does not: an item
  lost, even when a gain elsewhere keeps the figures where they were.

When an attribute's figure drops, the report names the differing attributes (``≠``) that
``differing`` does not list.

``update`` rewrites the floors to the figures of now (rounded down to four decimals),
``known`` to the misses and false alarms of now and ``differing`` to the ``≠`` items, but
only when nothing dropped and nothing was lost, unless ``allow_drop``: floors rise
deliberately and never fall by accident.  A set added without floors is recorded as it stands.

A miss or false alarm is identified by its kind, layer, document and raw span; where the
span does not single it out (a unit within its block, a paragraph), by its text too.
"""

from __future__ import annotations

import glob
import json
import math
import re
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .errors import BaselineError
from .evaluate import ErrorItem, Scores, evaluate

#: Where ``plan-extract eval --update-baseline`` looks by default (relative to the current folder).
DEFAULT_BASELINE = Path("corpus") / "gold" / "baseline.json"
DECIMALS = 4
_FIGURE = re.compile(r".+_(p|r|f|acc)$|^indicator_char_f$")
#: Layers whose errors carry the span of something larger (the block), or none.
_DETAIL_IS_IDENTITY = frozenset({"units", "paragraphs"})
_SPAN_AT_END = re.compile(r"@\d+-\d+$")


# --------------------------------------------------------------------------------------------------
# Figures and items


def figures(scores: Scores) -> dict[str, float | None]:
    """Every figure of an evaluation: ``{layer}_p/_r/_f``, ``{attr}_acc``, ``indicator_char_f``."""
    return {name: value for name, value in scores.as_dict().items() if _FIGURE.match(name)}


def floor_of(value: float | None) -> float | None:
    """``value`` rounded down to ``DECIMALS`` places (a floor it holds).

    >>> floor_of(0.98765), floor_of(1.0), floor_of(0.29), floor_of(None)
    (0.9876, 1.0, 0.29, None)
    """
    if value is None:
        return None
    scale = 10**DECIMALS
    return math.floor(value * scale + 1e-9) / scale


def item_line(error: ErrorItem) -> str:
    """One miss, false alarm or differing attribute as a line: ``KIND LAYER DOC@START-END | DETAIL``.

    >>> item_line(ErrorItem("xingguo", "FN", "targets", 10, 15, "森林覆盖率 60.0% (level, 2025)"))
    'FN targets xingguo@10-15 | 森林覆盖率 60.0% (level, 2025)'
    """
    span = f"@{error.start}-{error.end}" if error.start is not None else ""
    return f"{error.kind} {error.layer} {error.doc_id}{span} | {error.detail}"


def item_key(line: str) -> str:
    """What identifies the item of ``line``: the span, or the span and text where the span is shared.

    >>> item_key("FP targets x@10-15 | 覆盖率 60.0% (level, 2025)")
    'FP targets x@10-15'
    >>> item_key("FN units x@3-40 | 县林业局")
    'FN units x@3-40 | 县林业局'
    """
    head, _, _ = line.partition(" | ")
    parts = head.split(" ", 2)
    if len(parts) == 3 and parts[1] not in _DETAIL_IS_IDENTITY and _SPAN_AT_END.search(head):
        return head
    return line


def lost_lines(scores: Scores) -> list[str]:
    """The misses (FN) and false alarms (FP) of an evaluation, as ``item_line``s."""
    return [item_line(e) for e in scores.errors if e.kind in ("FN", "FP")]


def differing_lines(scores: Scores) -> list[str]:
    """The differing attributes (``≠``) of an evaluation, as ``item_line``s."""
    return [item_line(e) for e in scores.errors if e.kind == "≠"]


# --------------------------------------------------------------------------------------------------
# Sets


@dataclass
class RegressionSet:
    """One named set of the baseline: what to extract, its gold, its floors and known items."""

    name: str
    inputs: list[str]
    gold: str
    floors: dict[str, float | None] = field(default_factory=dict)
    known: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)

    def input_paths(self, root: Path) -> list[Path]:
        found = {Path(p) for pattern in self.inputs for p in glob.glob(str(root / pattern), recursive=True)}
        return sorted(p for p in found if p.is_file())

    def as_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "gold": self.gold,
            "floors": dict(sorted(self.floors.items())),
            "known": sorted(self.known),
            "differing": sorted(self.differing),
        }


@dataclass
class Baseline:
    path: Path
    root: str
    sets: dict[str, RegressionSet]
    extra: dict[str, Any] = field(default_factory=dict)  # other top-level keys, kept as they are

    @property
    def root_dir(self) -> Path:
        return self.path.parent / self.root

    def as_json(self) -> dict[str, Any]:
        return {
            **self.extra,
            "root": self.root,
            "sets": {name: s.as_json() for name, s in self.sets.items()},
        }

    def save(self) -> None:
        text = json.dumps(self.as_json(), ensure_ascii=False, indent=1) + "\n"
        self.path.write_text(text, encoding="utf-8")


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a malformed one raises ``BaselineError`` naming it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(str(path), "no such file") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(str(path), f"line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sets"), dict) or not data["sets"]:
        raise BaselineError(str(path), 'needs "sets": {name: {"inputs": [...], "gold": ...}}')
    sets = {}
    for name, spec in data["sets"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("gold"), str):
            raise BaselineError(str(path), f"set {name!r} needs a string 'gold'")
        inputs = spec.get("inputs")
        if not isinstance(inputs, list) or not inputs or not all(isinstance(i, str) for i in inputs):
            raise BaselineError(str(path), f"set {name!r} needs 'inputs', a list of globs")
        floors = spec.get("floors") or {}
        if not isinstance(floors, dict) or not all(
            v is None or isinstance(v, int | float) for v in floors.values()
        ):
            raise BaselineError(str(path), f"set {name!r}: 'floors' maps figures to numbers")
        lists = {key: spec.get(key) or [] for key in ("known", "differing")}
        if not all(isinstance(v, list) and all(isinstance(i, str) for i in v) for v in lists.values()):
            raise BaselineError(str(path), f"set {name!r}: 'known' and 'differing' are lists of lines")
        sets[name] = RegressionSet(name, inputs, spec["gold"], floors, lists["known"], lists["differing"])
    extra = {k: v for k, v in data.items() if k not in ("root", "sets")}
    return Baseline(path, str(data.get("root", ".")), sets, extra)


def extract_set(regression_set: RegressionSet, root: Path, pred_path: Path) -> Path:
    """Extract every input of the set into ``pred_path`` (a ``documents.jsonl``)."""
    from .document import build_document
    from .read import read_raw

    paths = regression_set.input_paths(root)
    if not paths:
        raise BaselineError(regression_set.name, f"no input matches {regression_set.inputs} under {root}")
    with pred_path.open("w", encoding="utf-8") as out:
        for path in paths:
            doc = build_document(read_raw(path))
            out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    return pred_path


def score_set(regression_set: RegressionSet, root: Path, pred_path: Path | None = None) -> Scores:
    """Extract the set's plans and evaluate them against its gold (as ``plan-extract eval`` does).

    With ``pred_path``, score that ``documents.jsonl`` instead of extracting.
    """
    gold = root / regression_set.gold
    if pred_path is not None:
        scores, _ = evaluate(gold, pred_path)
        return scores
    with tempfile.TemporaryDirectory(prefix="plan-extract-baseline-") as tmp:
        pred = extract_set(regression_set, root, Path(tmp) / "documents.jsonl")
        scores, _ = evaluate(gold, pred)
    return scores


# --------------------------------------------------------------------------------------------------
# The gate


@dataclass
class Verdict:
    """How one set's evaluation stands against its floors and known items."""

    name: str
    now: dict[str, float | None]
    drops: list[tuple[str, float | None, float | None]] = field(default_factory=list)  # (figure, floor, now)
    rises: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    unrecorded: list[str] = field(default_factory=list)  # figures without a floor
    lost: list[ErrorItem] = field(default_factory=list)  # FN/FP items the baseline did not know
    fixed: list[str] = field(default_factory=list)  # known FN/FP items gone now
    differing: dict[str, list[ErrorItem]] = field(default_factory=dict)  # new ≠ items of dropped figures

    @property
    def ok(self) -> bool:
        return not (self.drops or self.unrecorded or self.lost)

    def report(self, context: bool = True) -> str:
        """What failed, naming every item lost, in the form of ``plan-extract eval``'s error list."""
        if self.ok:
            raised = f"; {len(self.rises)} figures above their floors" if self.rises else ""
            fixed = f"; {len(self.fixed)} known misses/false alarms gone" if self.fixed else ""
            return f"{self.name}: holds every floor{raised}{fixed}"
        lines = [f"{self.name}: below the baseline"]
        for figure, floor, now in self.drops:
            lines.append(f"  {figure}: {_show(now)} < floor {_show(floor)}")
        if self.unrecorded:
            names = ", ".join(self.unrecorded)
            lines.append(
                f"  no floor yet (record with --update-baseline) for {len(self.unrecorded)}: {names}"
            )
        if self.lost:
            lines.append(
                f"  items lost ({len(self.lost)} misses and false alarms the baseline did not have):"
            )
            lines.extend(f"    {_error_line(e, context)}" for e in self.lost)
        for figure, items in self.differing.items():
            lines.append(f"  {figure} differs now on ({len(items)} not in the baseline):")
            lines.extend(f"    {_error_line(e, context)}" for e in items)
        return "\n".join(lines)


def _show(value: float | None) -> str:
    return "none" if value is None else f"{value:.4f}"


def _error_line(error: ErrorItem, context: bool) -> str:
    line = item_line(error)
    return f"{line}  ‖ {error.context}" if context and error.context else line


def check(regression_set: RegressionSet, scores: Scores) -> Verdict:
    """Compare one set's evaluation with its floors and known misses and false alarms."""
    now = figures(scores)
    verdict = Verdict(regression_set.name, now)
    for figure, floor in regression_set.floors.items():
        value = now.get(figure)
        if floor is None:
            continue
        if value is None or value < floor - 1e-9:
            verdict.drops.append((figure, floor, value))
        elif (raised := floor_of(value)) is not None and raised > floor:
            verdict.rises.append((figure, floor, value))
    verdict.unrecorded = [f for f in now if f not in regression_set.floors]
    known = Counter(item_key(line) for line in regression_set.known)
    current = Counter()
    for error in scores.errors:
        if error.kind not in ("FN", "FP"):
            continue
        key = item_key(item_line(error))
        current[key] += 1
        if current[key] > known[key]:
            verdict.lost.append(error)
    verdict.fixed = sorted((known - current).elements())
    seen = Counter(regression_set.differing)
    new_differing = []
    for error in scores.errors:
        if error.kind == "≠":
            line = item_line(error)
            if seen[line] > 0:
                seen[line] -= 1
            else:
                new_differing.append(error)
    for figure, _, _ in verdict.drops:
        layer = _attribute_layer(figure)
        if layer:
            verdict.differing[figure] = [e for e in new_differing if e.layer == layer]
    return verdict


def _attribute_layer(figure: str) -> str | None:
    """The error layer behind an attribute figure: ``targets.unit_acc`` → ``targets.unit``."""
    if figure == "indicator_char_f":
        return "targets.indicator"
    return figure.removesuffix("_acc") if figure.endswith("_acc") else None


def update(
    baseline: Baseline, scores: Mapping[str, Scores], *, allow_drop: bool = False
) -> tuple[bool, list[Verdict]]:
    """Raise every set's floors to its figures of now; ``False`` (nothing changed) on a drop or a loss.

    With ``allow_drop`` the floors follow the figures down too, and the items lost become known.
    Sets missing from ``scores`` are left as they are.
    """
    verdicts = [check(baseline.sets[name], scores[name]) for name in baseline.sets if name in scores]
    # a set without floors is recorded for the first time: its misses become known, nothing is lost
    refused = [v for v in verdicts if v.drops or (v.lost and baseline.sets[v.name].floors)]
    if refused and not allow_drop:
        return False, verdicts
    for verdict in verdicts:
        regression_set = baseline.sets[verdict.name]
        floors: dict[str, float | None] = {}
        for figure, value in verdict.now.items():
            new = floor_of(value)
            old = regression_set.floors.get(figure)
            if not allow_drop and old is not None and (new is None or new < old):
                new = old
            floors[figure] = new
        regression_set.floors = floors
        regression_set.known = sorted(lost_lines(scores[verdict.name]))
        regression_set.differing = sorted(differing_lines(scores[verdict.name]))
    baseline.save()
    return True, verdicts


def score_all(baseline: Baseline, log: TextIO | None = None) -> dict[str, Scores]:
    """Extract and evaluate every set, in the baseline's order (naming each on ``log``)."""
    out = {}
    for name, regression_set in baseline.sets.items():
        if log is not None:
            n = len(regression_set.input_paths(baseline.root_dir))
            print(f"scoring {name} ({n} plans)…", file=log, flush=True)
        out[name] = score_set(regression_set, baseline.root_dir)
    return out
