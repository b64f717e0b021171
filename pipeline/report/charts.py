"""Summary charts as inline SVG, drawn by matplotlib (its SVG canvas; no pyplot, no display).

* ``targets_by_year``: how many targets each target year has (``no year`` for the rest);
* ``targets_by_unit``: how many targets each normalized unit has (``kW``, ``percent``…);
* ``agencies_by_tasks``: the agencies (canonical names) named in the most blocks.

Text stays text in the SVG (``svg.fonttype = "none"``), so the browser draws it with the
page's own fonts and nothing is fetched; the font matplotlib measures with is a CJK one
when the machine has one (``CJK_FONTS``), else its default, whose missing glyphs it then
does not warn about.  Output is deterministic: fixed ids (``svg.hashsalt``), no date.
"""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from markupsafe import Markup

Record = dict[str, Any]

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
COLOUR = "#3b6ea5"
TOP_AGENCIES = 12


@cache
def cjk_font() -> str | None:
    """The first of ``CJK_FONTS`` that matplotlib can find on this machine."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


def _rc() -> dict[str, Any]:
    family = [name for name in (cjk_font(), "DejaVu Sans") if name]
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "plan-extract",
        "font.family": family,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def bar_chart(
    labels: Sequence[str], counts: Sequence[int], title: str, *, horizontal: bool = False, width: float = 4.2
) -> Markup:
    """One bar chart as an ``<svg>`` element (an empty note when there is nothing to draw)."""
    if not labels:
        return Markup('<p class="chart-empty">{}: none</p>').format(title)
    import matplotlib
    from matplotlib.figure import Figure

    height = max(2.2, 0.28 * len(labels) + 0.9) if horizontal else 2.6
    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
        positions = range(len(labels))
        if horizontal:
            axes.barh(positions, counts, color=COLOUR)
            axes.set_yticks(list(positions), labels=list(labels))
            axes.invert_yaxis()
            axes.xaxis.get_major_locator().set_params(integer=True)
        else:
            axes.bar(positions, counts, color=COLOUR)
            axes.set_xticks(list(positions), labels=list(labels), rotation=45 if len(labels) > 6 else 0)
            axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and doctype: inline in HTML
    svg = re.sub(r"<svg ", '<svg class="chart" role="img" ', svg, count=1)
    return Markup(svg)


def targets_by_year(targets: Iterable[Record]) -> Markup:
    counts = Counter(t.get("target_year") for t in targets)
    years = sorted(y for y in counts if y is not None)
    labels = [str(y) for y in years] + (["no year"] if None in counts else [])
    values = [counts[y] for y in years] + ([counts[None]] if None in counts else [])
    return bar_chart(labels, values, "Targets by target year")


def targets_by_unit(targets: Iterable[Record]) -> Markup:
    counts = Counter(t.get("norm_unit") or "other" for t in targets)
    ranked = counts.most_common()
    return bar_chart([u for u, _ in ranked], [n for _, n in ranked], "Targets by unit", horizontal=True)


def agencies_by_tasks(blocks: Iterable[Record], top: int = TOP_AGENCIES) -> Markup:
    """Agencies by the number of blocks (tasks) that name them, each block counted once."""
    counts: Counter[str] = Counter()
    for block in blocks:
        counts.update({u.get("canonical") or u.get("name") for u in block.get("units") or []} - {None, ""})
    ranked = counts.most_common(top)
    title = f"Agencies by number of tasks (top {top})" if len(counts) > top else "Agencies by number of tasks"
    return bar_chart([a for a, _ in ranked], [n for _, n in ranked], title, horizontal=True, width=5.2)


def summary_charts(records: Sequence[Record]) -> list[Markup]:
    """The three charts over ``records`` (one document, or a whole run)."""
    targets = [t for r in records for t in r.get("targets") or []]
    blocks = [b for r in records for b in r.get("responsibilities") or []]
    return [targets_by_year(targets), targets_by_unit(targets), agencies_by_tasks(blocks)]
