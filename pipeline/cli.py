"""The ``plan-extract`` command (also ``python -m pipeline``).

Sub-commands:

* ``run INPUT... --out DIR``: extract every plan (files, folders, globs, ``@list.txt``)
  into ``DIR/documents.jsonl``, CSV tables (or Parquet, or an Excel workbook) and ``DIR/manifest.csv``;
* ``eval --gold DIR --pred DIR/documents.jsonl``: precision, recall, F1 and accuracies
  against gold annotations, then every error with its context;
* ``eval --baseline [FILE]``: extract every regression set of the baseline
  (``corpus/gold/baseline.json``) and check each figure against its floor;
  ``eval --update-baseline [--allow-drop]`` raises the floors (see ``pipeline/baseline.py``).
* ``annotate export|import``: to and from Label Studio or doccano (``pipeline.annotate``);
* ``report RUN_DIR [--gold DIR] --out DIR``: an HTML report of a run (``pipeline.report``).

Exit status: 0 when everything succeeded, 1 when some inputs failed (or a figure fell below
its floor), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotate import cli as annotate_cli
from .baseline import DEFAULT_BASELINE, RegressionSet
from .report import cli as report_cli

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plan-extract",
        description="Extract targets, responsibility blocks and outline from Chinese local-government plans.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="extract plans into DIR (JSONL + CSV, Parquet or xlsx tables + manifest)"
    )
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
        choices=["csv", "parquet", "xlsx"],
        default=None,
        help="table format: csv files, parquet files, or one xlsx workbook; repeat for more (default: csv)",
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

    ev = commands.add_parser(
        "eval",
        help="score predictions against gold annotations, or the regression sets against their floors",
    )
    ev.add_argument("--gold", type=Path, help="folder of <doc_id>.json gold records (or a JSONL file)")
    ev.add_argument("--pred", type=Path, help="documents.jsonl written by `plan-extract run`")
    ev.add_argument("--json", action="store_true", help="print the scores and errors as JSON")
    ev.add_argument("--max-errors", type=int, default=None, metavar="N", help="list at most N errors")
    gate = ev.add_argument_group("regression gate (no --gold/--pred: extracts each set of the baseline)")
    gate.add_argument(
        "--baseline",
        type=Path,
        nargs="?",
        const=DEFAULT_BASELINE,
        metavar="FILE",
        help=f"check every set of FILE against its floors (default FILE: {DEFAULT_BASELINE})",
    )
    gate.add_argument(
        "--update-baseline",
        action="store_true",
        help="raise the floors of the baseline to the figures of now (refused when one would drop)",
    )
    gate.add_argument(
        "--allow-drop",
        action="store_true",
        help="with --update-baseline: lower floors and accept lost items too",
    )

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

    if args.baseline is not None or args.update_baseline:
        if args.gold is not None or args.pred is not None:
            print(
                "plan-extract: error: --baseline/--update-baseline extract their own sets: no --gold/--pred",
                file=sys.stderr,
            )
            return EXIT_USAGE
        return command_baseline(args.baseline or DEFAULT_BASELINE, args.update_baseline, args.allow_drop)
    if args.allow_drop:
        print("plan-extract: error: --allow-drop goes with --update-baseline", file=sys.stderr)
        return EXIT_USAGE
    if args.gold is None or args.pred is None:
        print(
            "plan-extract: error: eval needs --gold and --pred (or --baseline / --update-baseline)",
            file=sys.stderr,
        )
        return EXIT_USAGE
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


def command_baseline(path: Path, update: bool, allow_drop: bool) -> int:
    """Check the regression sets of ``path`` against their floors, or raise the floors."""
    from . import baseline
    from .errors import BaselineError

    if allow_drop and not update:
        print("plan-extract: error: --allow-drop goes with --update-baseline", file=sys.stderr)
        return EXIT_USAGE
    try:
        gate = baseline.load_baseline(path)
        scores = baseline.score_all(gate, log=sys.stderr)
    except BaselineError as exc:
        print(f"plan-extract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not update:
        verdicts = [baseline.check(gate.sets[name], scores[name]) for name in gate.sets]
        print("\n".join(v.report() for v in verdicts))
        return EXIT_OK if all(v.ok for v in verdicts) else EXIT_FAILED
    before = {name: dict(s.floors) for name, s in gate.sets.items()}
    written, verdicts = baseline.update(gate, scores, allow_drop=allow_drop)
    if not written:
        print("\n".join(v.report() for v in verdicts))
        print(f"nothing written to {path}: fix what dropped, or accept it with --allow-drop", file=sys.stderr)
        return EXIT_FAILED
    for verdict in verdicts:
        print(_floor_changes(verdict.name, before[verdict.name], gate.sets[verdict.name]))
    print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _floor_changes(name: str, old: dict[str, float | None], new_set: RegressionSet) -> str:
    """One set's floors before and after an update: counts, then every figure that moved."""
    new = new_set.floors
    moved = [f for f in new if f in old and old[f] != new[f]]
    recorded = [f for f in new if f not in old]
    gone = [f for f in old if f not in new]
    lines = [
        f"{name}: {len(moved)} floors moved, {len(recorded)} recorded, {len(gone)} removed, "
        f"{len(new) - len(moved) - len(recorded)} unchanged; "
        f"{len(new_set.known)} known misses and false alarms"
    ]
    lines.extend(f"  {f}: {old[f]} → {new[f]}" for f in moved)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "annotate":
            return annotate_cli.command(args)
        if args.command == "report":
            return report_cli.command(args)
        return command_eval(args)
    except BrokenPipeError:  # `plan-extract eval … | head`: the reader stopped; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
