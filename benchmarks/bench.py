"""Speed and memory of plan-extract, in one run on the same files (issue #10).

    make bench                                        # everything; the 100 MB corpus takes minutes
    .venv/bin/python benchmarks/bench.py --quick      # 1 and 10 MB only, fewer repeats
    .venv/bin/python benchmarks/bench.py --code /tmp/old --json old.json   # another checkout's code

What it measures (each figure the best of ``--repeat`` runs, at least five for the text figures,
every run in a fresh process, so no run finds the caches of the one before; "wall" is elapsed
time, "cpu" user + system; the load average before and after says how busy the machine was):

* **text**: the raw texts of the real PDFs (as ``pipeline.read`` reads them) and the bundled
  plans, through ``build_document`` in a warm process, against plain ``jieba.lcut`` (its own
  dictionary, no user words) over the same texts in a warm process; and end to end (interpreter
  start, ``plan-extract run --jobs 1`` on the texts as ``.txt`` files, outputs written) against a
  fresh process that imports jieba and ``lcut``\\ s the same files.  Ratio > 1: the pipeline is faster.
* **pdf**: ``plan-extract run`` on the real PDFs at ``--jobs 1`` and ``--jobs 2`` against
  ``pdftotext`` dumping each PDF's text (skipped, saying so, where poppler-utils is missing).
  Ratio: pipeline time / pdftotext time (the acceptance bound is 1.5).
* **synthetic**: corpora of 1, 10 and 100 MB, documents of about 50 KB made of the bundled
  plans' paragraphs shuffled (seeded), through ``plan-extract run``; seconds, MB/s and the
  peak resident memory of the main process and of the largest worker.
* **cold**: one plan (``corpus/raw/xingguo.txt``) through ``plan-extract run`` including the
  interpreter's start, and from source with ``PYTHONDONTWRITEBYTECODE=1`` (every start compiles
  every module), and ``plan-extract --help``.

Every child runs the package with its bytecode compiled once, as an installed wheel has it (kept in
a temporary ``PYTHONPYCACHEPREFIX``), except the cold run from source.

The real PDFs are ``../shared/corpus/real`` (relative to the repository root) or ``--pdfs``;
without them the text set is the bundled plans only and the PDF section is skipped.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDFS = ROOT.parent / "shared" / "corpus" / "real"
COLD_PLAN = ROOT / "corpus" / "raw" / "xingguo.txt"
WARM_UP = ROOT / "tests" / "data" / "layout_city_plan.txt"  # not in the text set
SYNTHETIC_DOC_BYTES = 50_000
MB = 2**20


# --------------------------------------------------------------------------------------------------
# Children: each measurement runs in a fresh process (`bench.py _child KIND ...`) and prints JSON.


def _rusage() -> dict[str, float]:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
        "rss_main_mib": own.ru_maxrss / 1024,  # Linux reports KiB
        "rss_worker_mib": kids.ru_maxrss / 1024,
    }


def _texts(files: list[str]) -> list[str]:
    return [Path(f).read_text(encoding="utf-8") for f in files]


def child(kind: str, args: list[str]) -> dict:
    if kind == "text-pipeline":
        from pipeline.document import build_document, raw_from_text

        texts = _texts(args)
        build_document(raw_from_text(WARM_UP.read_text(encoding="utf-8")))  # rules, jieba, tables loaded
        wall, cpu = time.perf_counter(), time.process_time()
        for i, text in enumerate(texts):
            build_document(raw_from_text(text, f"d{i}"))
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    if kind == "text-jieba":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        texts = _texts(args)
        plain = jieba.Tokenizer()  # jieba's own dictionary, untouched by the pipeline's user words
        plain.lcut("预热")
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            plain.lcut(text)
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    if kind == "jieba-cold":  # what a script that only segments the files does, start to end
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        for text in _texts(args):
            jieba.lcut(text)
        return _rusage()
    if kind == "run":  # plan-extract run, in this process (its memory is "main")
        from pipeline.cli import main

        code = main(["run", *args, "--no-progress"])
        return {"exit": code, "code": str(Path(sys.modules["pipeline"].__file__).parent.parent), **_rusage()}
    if kind == "pdftotext":
        with tempfile.TemporaryDirectory() as tmp:
            for i, pdf in enumerate(args):
                subprocess.run(["pdftotext", pdf, str(Path(tmp) / f"{i}.txt")], check=True)
        return _rusage()
    if kind == "read-pdfs":  # setup: the raw texts of the PDFs, as the pipeline reads them
        from pipeline.read import read_raw

        out, pdfs = Path(args[0]), args[1:]
        for i, pdf in enumerate(pdfs):
            (out / f"pdf{i:03d}.txt").write_text(read_raw(pdf).text, encoding="utf-8")
        return {}
    raise SystemExit(f"unknown child {kind!r}")


class Runner:
    """Starts the children with the code under test (``--code``) on the import path."""

    def __init__(self, code: Path, cwd: Path) -> None:
        # the package's bytecode compiled once, as an installed wheel has it (kept in a temporary
        # PYTHONPYCACHEPREFIX, so the checkout is not written to): a machine that sets
        # PYTHONDONTWRITEBYTECODE would otherwise compile every module again in every child
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env = {**env, "PYTHONPATH": str(code), "PYTHONPYCACHEPREFIX": str(cwd / "pycache")}
        self.code = code
        self.cwd = cwd  # not the repository: `python -m` puts the working directory first on the path
        compile_all = [sys.executable, "-m", "compileall", "-q", str(code / "pipeline")]
        subprocess.run(compile_all, env=self.env, check=True, capture_output=True)

    def child(self, kind: str, *args: str) -> dict:
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "_child", kind, *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"{kind} failed:\n{proc.stderr[-2000:]}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result.setdefault("wall", wall)
        result["process_wall"] = wall  # including the interpreter's start
        return result

    def command(self, *args: str, env: dict[str, str] | None = None) -> float:
        """Wall seconds of ``python -m pipeline ARGS`` (what ``plan-extract ARGS`` runs)."""
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            env=env or self.env,
            cwd=self.cwd,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def best(runs: list[dict], key: str = "wall") -> dict:
    return min(runs, key=lambda r: r[key])


# --------------------------------------------------------------------------------------------------
# Sections


def bench_text(runner: Runner, files: list[str], repeat: int, tmp: Path) -> dict:
    chars = sum(len(t) for t in _texts(files))
    mib = sum(Path(f).stat().st_size for f in files) / MB
    pipe, plain, e2e, cold = [], [], [], []
    for r in range(max(repeat, 5)):  # interleaved, so that a busy moment hits both sides alike
        plain.append(runner.child("text-jieba", *files))
        pipe.append(runner.child("text-pipeline", *files))
        cold.append(runner.child("jieba-cold", *files))
        e2e.append(runner.child("run", *files, "--out", str(tmp / f"text-out-{r}"), "--jobs", "1"))
    p, j, e, c = best(pipe), best(plain), best(e2e, "process_wall"), best(cold, "process_wall")
    if Path(e["code"]) != runner.code:
        raise RuntimeError(f"measured the code in {e['code']}, not {runner.code}")
    return {
        "files": len(files),
        "chars": chars,
        "mib": round(mib, 2),
        "pipeline_warm_s": round(p["wall"], 3),
        "pipeline_warm_cpu_s": round(min(r["cpu"] for r in pipe), 3),
        "jieba_warm_s": round(j["wall"], 3),
        "jieba_warm_cpu_s": round(min(r["cpu"] for r in plain), 3),
        "ratio_warm": round(j["wall"] / p["wall"], 2),
        "ratio_warm_cpu": round(min(r["cpu"] for r in plain) / min(r["cpu"] for r in pipe), 2),
        "pipeline_end_to_end_s": round(e["process_wall"], 3),
        "jieba_end_to_end_s": round(c["process_wall"], 3),
        "ratio_end_to_end": round(c["process_wall"] / e["process_wall"], 2),
        "pipeline_kchars_per_s": round(chars / p["wall"] / 1000, 1),
        "jieba_kchars_per_s": round(chars / j["wall"] / 1000, 1),
    }


def bench_pdfs(runner: Runner, pdfs: list[str], repeat: int, tmp: Path) -> dict:
    out: dict = {"files": len(pdfs), "mib": round(sum(Path(p).stat().st_size for p in pdfs) / MB, 1)}
    if shutil.which("pdftotext") is None:
        out["pdftotext"] = "skipped: pdftotext not found (install poppler-utils for the comparison)"
    for jobs in (1, 2):
        runs = [
            runner.child("run", *pdfs, "--out", str(tmp / f"pdf-out-{jobs}-{r}"), "--jobs", str(jobs))
            for r in range(repeat)
        ]
        b = best(runs, "process_wall")
        out[f"jobs{jobs}_s"] = round(b["process_wall"], 3)
        out[f"jobs{jobs}_rss_main_mib"] = round(b["rss_main_mib"], 1)
        out[f"jobs{jobs}_rss_worker_mib"] = round(b["rss_worker_mib"], 1)
    if shutil.which("pdftotext") is not None:
        dumps = [runner.child("pdftotext", *pdfs) for _ in range(repeat)]
        out["pdftotext_s"] = round(best(dumps, "process_wall")["process_wall"], 3)
        for jobs in (1, 2):
            out[f"jobs{jobs}_vs_pdftotext"] = round(out[f"jobs{jobs}_s"] / out["pdftotext_s"], 2)
    return out


def paragraphs() -> list[str]:
    sources = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted(
        (ROOT / "tests" / "data").glob("*.txt")
    )
    return [line for p in sources for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_synthetic(folder: Path, size: int, seed: int = 10) -> int:
    """Documents of about 50 KB of shuffled paragraphs until ``size`` bytes; returns their number."""
    folder.mkdir(parents=True)
    pool, rng = paragraphs(), random.Random(seed)
    written = n = 0
    while written < size:
        lines, doc_bytes = [f"合成文档{n}"], 0
        while doc_bytes < min(SYNTHETIC_DOC_BYTES, size - written):
            line = rng.choice(pool)
            lines.append(line)
            doc_bytes += len(line.encode("utf-8")) + 1
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / f"s{n:05d}.txt").write_bytes(data)
        written += len(data)
        n += 1
    return n


def bench_synthetic(runner: Runner, sizes: list[int], jobs: list[int], repeat: int, tmp: Path) -> list[dict]:
    rows = []
    for size in sizes:
        folder = tmp / f"synthetic-{size}MB"
        docs = make_synthetic(folder, size * MB)
        for j in jobs:
            runs = [
                runner.child(
                    "run", str(folder), "--out", str(tmp / f"syn-out-{size}-{j}-{r}"), "--jobs", str(j)
                )
                for r in range(repeat if size < 100 else 1)
            ]
            for r in range(len(runs)):
                shutil.rmtree(tmp / f"syn-out-{size}-{j}-{r}", ignore_errors=True)
            b = best(runs, "process_wall")
            rows.append(
                {
                    "mb": size,
                    "docs": docs,
                    "jobs": j,
                    "s": round(b["process_wall"], 2),
                    "cpu_s": round(b["cpu"], 2),
                    "mb_per_s": round(size / b["process_wall"], 2),
                    "rss_main_mib": round(b["rss_main_mib"], 1),
                    "rss_worker_mib": round(b["rss_worker_mib"], 1),
                }
            )
            print(f"  synthetic {size} MB, {docs} docs, --jobs {j}: {rows[-1]['s']} s", file=sys.stderr)
        shutil.rmtree(folder)
    return rows


def bench_cold(runner: Runner, repeat: int, tmp: Path) -> dict:
    """One plan from the interpreter's start, with the package's bytecode compiled (as ``pip
    install`` leaves a wheel) and from source (an editable checkout where PYTHONDONTWRITEBYTECODE
    is set, so every start compiles every module again)."""
    compiled_env = runner.env
    source_env = {k: v for k, v in runner.env.items() if k != "PYTHONPYCACHEPREFIX"}
    source_env["PYTHONDONTWRITEBYTECODE"] = "1"
    args = ("run", str(COLD_PLAN), "--out", str(tmp / "cold"), "--jobs", "1")
    plan = [runner.command(*args, env=compiled_env) for _ in range(repeat)]
    source = [runner.command(*args, env=source_env) for _ in range(repeat)]
    helps = [runner.command("--help", env=compiled_env) for _ in range(repeat)]
    return {
        "one_plan_s": round(min(plan), 3),
        "one_plan_median_s": round(statistics.median(plan), 3),
        "one_plan_source_s": round(min(source), 3),
        "help_s": round(min(helps), 3),
    }


def machine() -> dict:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    mem = (
        next(
            (
                int(line.split()[1]) / 2**20
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0.0,
        )
        if Path("/proc/meminfo").exists()
        else 0.0
    )
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "mem_gib": round(mem, 1),
        "python": platform.python_version(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


# --------------------------------------------------------------------------------------------------
# Report


def report(results: dict) -> str:
    m, t = results["machine"], results["text"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['mem_gib']} GiB, Python {m['python']}; {m['date']}; "
        f"load average {m['load_avg']} at start, {results['load_avg_end']} at end",
        f"code: {results['code']}",
        "",
        f"text ({t['files']} files, {t['chars']} characters, {t['mib']} MiB)",
        f"  warm:       pipeline {t['pipeline_warm_s']} s, plain jieba.lcut {t['jieba_warm_s']} s  "
        f"-> {t['ratio_warm']}x jieba's speed (cpu: {t['ratio_warm_cpu']}x)",
        f"  end to end: plan-extract run --jobs 1 {t['pipeline_end_to_end_s']} s, python + jieba.lcut "
        f"{t['jieba_end_to_end_s']} s  -> {t['ratio_end_to_end']}x",
    ]
    p = results.get("pdf")
    if p is None:
        lines += ["", "pdf: skipped (no real PDFs; pass --pdfs DIR)"]
    else:
        lines += ["", f"pdf ({p['files']} PDFs, {p['mib']} MiB)"]
        for jobs in (1, 2):
            vs = f", {p[f'jobs{jobs}_vs_pdftotext']}x pdftotext's time" if "pdftotext_s" in p else ""
            lines.append(
                f"  --jobs {jobs}: {p[f'jobs{jobs}_s']} s{vs}; peak RSS main {p[f'jobs{jobs}_rss_main_mib']} MiB, "
                f"worker {p[f'jobs{jobs}_rss_worker_mib']} MiB"
            )
        lines.append(
            f"  pdftotext: {p['pdftotext_s']} s" if "pdftotext_s" in p else f"  pdftotext: {p['pdftotext']}"
        )
    lines += [
        "",
        "synthetic corpora (plan-extract run)",
        "  MB   docs  jobs  seconds   cpu s     MB/s  RSS main  RSS worker (MiB)",
    ]
    for r in results["synthetic"]:
        lines.append(
            f"  {r['mb']:<4} {r['docs']:<5} {r['jobs']:<5} {r['s']:<9} {r['cpu_s']:<9} {r['mb_per_s']:<5} "
            f"{r['rss_main_mib']:<9} {r['rss_worker_mib']}"
        )
    for j in sorted({r["jobs"] for r in results["synthetic"]}):
        rows = {r["mb"]: r for r in results["synthetic"] if r["jobs"] == j}
        if 1 in rows and max(rows) > 1:
            big, one = rows[max(rows)], rows[1]
            lines.append(
                f"  --jobs {j}: {max(rows)} MB took {big['s'] / one['s']:.1f}x the 1 MB time "
                f"({big['cpu_s'] / one['cpu_s']:.1f}x its cpu time)"
            )
    c = results["cold"]
    lines += [
        "",
        f"cold: one plan {c['one_plan_s']} s (median {c['one_plan_median_s']} s) including the interpreter's start, "
        f"bytecode compiled; {c['one_plan_source_s']} s from source (no bytecode); --help {c['help_s']} s",
    ]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_child":
        print(json.dumps(child(sys.argv[2], sys.argv[3:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=DEFAULT_PDFS, help="folder of real PDFs")
    parser.add_argument("--code", type=Path, default=ROOT, help="repository whose pipeline/ is measured")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best is kept)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="synthetic corpora, MB")
    parser.add_argument("--synthetic-jobs", type=int, nargs="+", default=[2], help="--jobs of those runs")
    parser.add_argument("--quick", action="store_true", help="1 and 10 MB, two runs per figure")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = [s for s in args.sizes if s <= 10], min(args.repeat, 2)
    results: dict = {"machine": machine(), "code": str(args.code.resolve())}
    with tempfile.TemporaryDirectory(prefix="plan-extract-bench-") as name:
        tmp = Path(name)
        runner = Runner(args.code.resolve(), tmp)
        pdfs = sorted(str(p.resolve()) for p in args.pdfs.glob("*.pdf")) if args.pdfs.is_dir() else []
        texts = tmp / "texts"
        texts.mkdir()
        if pdfs:
            runner.child("read-pdfs", str(texts), *pdfs)
        else:
            print(
                f"no PDFs in {args.pdfs}: the text set is the bundled plans only, no PDF section",
                file=sys.stderr,
            )
        for plan in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
            shutil.copy(plan, texts / plan.name)
        print("text ...", file=sys.stderr)
        results["text"] = bench_text(runner, sorted(str(p) for p in texts.glob("*.txt")), args.repeat, tmp)
        if pdfs:
            print("pdf ...", file=sys.stderr)
            results["pdf"] = bench_pdfs(runner, pdfs, args.repeat, tmp)
        print("synthetic ...", file=sys.stderr)
        results["synthetic"] = bench_synthetic(runner, args.sizes, args.synthetic_jobs, args.repeat, tmp)
        print("cold ...", file=sys.stderr)
        results["cold"] = bench_cold(runner, max(args.repeat, 5), tmp)
    results["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
