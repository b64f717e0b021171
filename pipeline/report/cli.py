"""``plan-extract report``: the command-line face of ``pipeline.report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(commands: Any) -> None:
    """Add ``report`` to the sub-commands of ``plan-extract``."""
    report = commands.add_parser("report", help="an HTML report of a run: highlighted text, outline, charts")
    report.add_argument(
        "run_dir", type=Path, metavar="RUN_DIR", help="the --out folder of `plan-extract run`"
    )
    report.add_argument(
        "--gold", type=Path, metavar="GOLD_DIR", help="gold records: mark misses and false alarms"
    )
    report.add_argument("--out", required=True, type=Path, metavar="REPORT_DIR", help="folder for the pages")


def command(args: argparse.Namespace) -> int:
    if not (args.run_dir / "documents.jsonl").is_file():
        print(
            f"plan-extract: error: {args.run_dir}: no documents.jsonl (run `plan-extract run` first)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.gold is not None and not args.gold.exists():
        print(f"plan-extract: error: --gold {args.gold}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    from . import write_report

    pages = write_report(args.run_dir, args.out, args.gold)
    print(f"{len(pages) - 1} document page(s) and {pages[0]}")
    return EXIT_OK
