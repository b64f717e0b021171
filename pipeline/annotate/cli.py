"""``plan-extract annotate export|import``: the command-line face of ``pipeline.annotate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import FORMATS

EXIT_OK, EXIT_USAGE, EXIT_BAD_INPUT = 0, 2, 1


def add_parser(commands: Any) -> None:
    """Add ``annotate`` with its two directions to the sub-commands of ``plan-extract``."""
    annotate = commands.add_parser(
        "annotate", help="export predictions to Label Studio or doccano; import corrected gold back"
    )
    directions = annotate.add_subparsers(dest="direction", required=True, metavar="DIRECTION")
    export = directions.add_parser("export", help="write tasks to import into the annotation tool")
    export.add_argument(
        "pred", type=Path, metavar="PRED.jsonl", help="documents.jsonl written by `plan-extract run`"
    )
    export.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="folder for the tasks (created)"
    )
    export.add_argument(
        "--format", choices=FORMATS, default="labelstudio", help="annotation tool (default: labelstudio)"
    )
    export.add_argument(
        "--raw", type=Path, metavar="RAWDIR", help="raw texts (default: raw/ beside PRED.jsonl)"
    )
    imp = directions.add_parser("import", help="turn the tool's export into SPEC gold records")
    imp.add_argument(
        "export", type=Path, metavar="EXPORT", help="Label Studio JSON export, or doccano JSONL (or its zip)"
    )
    imp.add_argument("--raw", required=True, type=Path, metavar="RAWDIR", help="the run's raw/ folder")
    imp.add_argument(
        "--out", required=True, type=Path, metavar="GOLDDIR", help="folder for <doc_id>.json (created)"
    )
    imp.add_argument(
        "--format", choices=FORMATS, default="labelstudio", help="annotation tool (default: labelstudio)"
    )


def command(args: argparse.Namespace) -> int:
    from ..errors import AnnotationError
    from . import export_run, import_annotations, write_gold

    path = args.pred if args.direction == "export" else args.export
    if not path.is_file():
        print(f"plan-extract: error: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.direction == "export":
            written = export_run(args.pred, args.out, args.format, args.raw)
            for file in written:
                print(file)
            return EXIT_OK
        records, notes = import_annotations(args.export, args.raw, args.format)
    except AnnotationError as error:
        print(f"plan-extract: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for file in write_gold(records, args.out):
        print(file)
    return EXIT_OK
