"""Where the text pipeline spends its time: pyinstrument over ``build_document`` (issue #10).

    .venv/bin/python benchmarks/profile_text.py ../shared/corpus/real corpus/raw
    .venv/bin/python benchmarks/profile_text.py corpus/raw --interval 0.0005 --min 0.02
    PYTHONPATH=/tmp/old .venv/bin/python benchmarks/profile_text.py corpus/raw   # another checkout

The inputs (files or folders of .txt/.pdf) are read first and not profiled; the process is
warmed on a plan outside them, so the profile is of extraction from raw text only, as the
``text`` figure of ``benchmarks/bench.py`` measures it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = ROOT / "tests" / "data" / "layout_city_plan.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="files or folders of .txt and .pdf")
    parser.add_argument("--interval", type=float, default=0.001, help="sampling interval, seconds")
    parser.add_argument(
        "--min", type=float, default=0.01, help="leave out frames under this share of the time"
    )
    args = parser.parse_args()
    from pyinstrument import Profiler

    from pipeline.document import build_document, raw_from_text
    from pipeline.read import read_raw

    paths = [p for i in args.inputs for p in (sorted(i.glob("*")) if i.is_dir() else [i])]
    raws = [read_raw(p) for p in paths if p.suffix.lower() in (".txt", ".pdf")]
    build_document(raw_from_text(WARM_UP.read_text(encoding="utf-8")))
    profiler = Profiler(interval=args.interval)
    profiler.start()
    for raw in raws:
        build_document(raw)
    profiler.stop()
    print(f"{len(raws)} documents, {sum(len(r.text) for r in raws)} characters")
    options = {"filter_threshold": args.min}
    print(profiler.output_text(unicode=True, color=False, show_all=False, processor_options=options))


if __name__ == "__main__":
    main()
