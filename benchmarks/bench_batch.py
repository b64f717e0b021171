"""Throughput and peak memory of batch runs on a generated corpus.

    .venv/bin/python benchmarks/bench_batch.py --copies 200 --jobs 1 --jobs 4
    .venv/bin/python -m pytest benchmarks/bench_batch.py --benchmark-only   # the pytest-benchmark cases

The corpus is N copies of the bundled plans (``corpus/raw/*.txt``), each copy made unique by
a counter line so that every document is processed.  Reports documents/s, characters/s and
the peak resident memory of the parent process and of its (largest) worker, so that one can
see that memory stays flat in the number of documents.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.batch import run_batch  # noqa: E402
from pipeline.document import build_document  # noqa: E402
from pipeline.read import read_raw  # noqa: E402


def make_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` of each corpus plan into ``folder``; (files, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    chars = 0
    for i in range(copies):
        for source, text in zip(sources, texts, strict=True):
            body = f"{text}\n（副本{i}）\n"
            (folder / f"{source.stem}-{i:05d}.txt").write_text(body, encoding="utf-8")
            chars += len(body)
    return copies * len(sources), chars


def peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def bench(copies: int, jobs: int, formats: tuple[str, ...]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="plan-extract-bench-") as tmp:
        n_docs, chars = make_corpus(Path(tmp) / "in", copies)
        started = time.perf_counter()
        report = run_batch(
            [str(Path(tmp) / "in")], Path(tmp) / "out", jobs=jobs, formats=formats, progress=False
        )
        seconds = time.perf_counter() - started
        assert report.ok == n_docs, report.errors[:3]
        out_mib = sum(p.stat().st_size for p in (Path(tmp) / "out").rglob("*") if p.is_file()) / 2**20
    return {
        "docs": n_docs,
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "docs_per_s": round(n_docs / seconds, 2),
        "kchars_per_s": round(chars / seconds / 1000, 1),
        "peak_rss_parent_mib": round(peak_mib(resource.RUSAGE_SELF), 1),
        "peak_rss_worker_mib": round(peak_mib(resource.RUSAGE_CHILDREN), 1),
        "output_mib": round(out_mib, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="copies of each corpus plan")
    parser.add_argument("--jobs", type=int, action="append", help="worker processes (repeatable)")
    parser.add_argument("--format", dest="formats", action="append", choices=["csv", "parquet"])
    args = parser.parse_args()
    for jobs in args.jobs or [1]:
        print(json.dumps(bench(args.copies, jobs, tuple(args.formats or ["csv"]))), flush=True)


# pytest-benchmark cases (`make bench`)


def test_bench_one_document(benchmark):
    path = ROOT / "corpus" / "raw" / "xingguo.txt"
    benchmark(lambda: build_document(read_raw(path)))


def test_bench_batch_in_process(benchmark, tmp_path):
    make_corpus(tmp_path / "in", 5)

    def run() -> None:
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        run_batch([str(tmp_path / "in")], tmp_path / "out", jobs=1, progress=False)

    benchmark.pedantic(run, rounds=3, iterations=1)


if __name__ == "__main__":
    main()
