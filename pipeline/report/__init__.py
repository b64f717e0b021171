"""An HTML report of a run: ``plan-extract report RUN_DIR [--gold GOLD_DIR] --out REPORT_DIR``.

``REPORT_DIR/index.html`` lists the documents with their counts (and, with gold, their
scores); ``REPORT_DIR/<doc_id>.html`` shows one document's clean text with every target
and block highlighted (fields on hover), its outline as a tree, summary charts, and with
gold its misses and false alarms.  Every page is self-contained: styles, script and
charts (SVG) inline, no font or script from the network.

The report reads what the writers wrote (``documents.jsonl`` and ``raw/``) and nothing
else of the run.  ``model.py`` builds what a page shows, ``charts.py`` draws the charts
with matplotlib, ``render.py`` fills the Jinja2 templates in ``templates/``.
"""

from __future__ import annotations

from typing import Any


def write_report(*args: Any, **kwargs: Any) -> Any:
    """See ``pipeline.report.render.write_report`` (imported on first use: Jinja2, matplotlib)."""
    from .render import write_report as write

    return write(*args, **kwargs)
