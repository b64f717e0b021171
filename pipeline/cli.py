"""The ``plan-extract`` command (also ``python -m pipeline``).

Sub-commands:

* ``run INPUT... --out DIR``: extract every plan (files, folders, globs, ``@list.txt``)
  into ``DIR/documents.jsonl``, CSV tables (or Parquet) and ``DIR/manifest.csv``;
* ``eval --gold DIR --pred DIR/documents.jsonl``: precision, recall, F1 and accuracies
  against gold annotations, then every error with its context;
* ``annotate export|import``: to and from Label Studio or doccano (``pipeline.annotate``);
* ``report RUN_DIR [--gold DIR] --out DIR``: an HTML report of a run (``pipeline.report``).

Exit status: 0 when everything succeeded, 1 when some inputs failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotate import cli as annotate_cli
from .report import cli as report_cli

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plan-extract",
        description="Extract targets, responsibility blocks and outline from Chinese local-government plans.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="extract plans into DIR (JSONL + CSV/Parquet tables + manifest)")
    run.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, folders (recursive), globs, or @list.txt"
    )
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created)")
    run.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    run.add_argument(
        "--resume", action="store_true", help="skip inputs already done with this pipeline version"
    )
    run.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=["csv", "parquet"],
        default=None,
        help="table format; repeat for both (default: csv)",
    )
    run.add_argument(
        "--engine", choices=["local", "dask"], default="local", help="where documents are processed"
    )
    run.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --engine dask)")
    run.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress lines (failures and the summary still show)",
    )

    ev = commands.add_parser("eval", help="score predictions against gold annotations")
    ev.add_argument(
        "--gold", required=True, type=Path, help="folder of <doc_id>.json gold records (or a JSONL file)"
    )
    ev.add_argument("--pred", required=True, type=Path, help="documents.jsonl written by `plan-extract run`")
    ev.add_argument("--json", action="store_true", help="print the scores and errors as JSON")
    ev.add_argument("--max-errors", type=int, default=None, metavar="N", help="list at most N errors")

    annotate_cli.add_parser(commands)
    report_cli.add_parser(commands)
    return parser


def command_run(args: argparse.Namespace) -> int:
    from .batch import run_batch

    if args.engine == "dask" and not args.scheduler:
        print("plan-extract: error: --engine dask needs --scheduler ADDRESS", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs is not None and args.jobs < 1:
        print("plan-extract: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    report = run_batch(
        args.inputs,
        args.out,
        jobs=args.jobs,
        resume=args.resume,
        formats=tuple(args.formats or ["csv"]),
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.no_progress,
    )
    return report.exit_code


def command_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    for path, what in ((args.gold, "--gold"), (args.pred, "--pred")):
        if not path.exists():
            print(f"plan-extract: error: {what} {path}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    scores, notes = evaluate(args.gold, args.pred)
    if args.json:
        print(json.dumps({**scores.as_dict(), "notes": notes}, ensure_ascii=False, indent=1))
    else:
        print(format_report(scores, notes, args.max_errors))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return command_run(args)
    if args.command == "annotate":
        return annotate_cli.command(args)
    if args.command == "report":
        return report_cli.command(args)
    return command_eval(args)


if __name__ == "__main__":
    raise SystemExit(main())
