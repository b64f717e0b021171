"""Batch runs: many inputs through ``read_raw`` → ``build_document`` into one output folder.

Inputs are files, folders (searched recursively for ``read.SUPPORTED_SUFFIXES``),
globs (``plans/**/*.pdf``) and ``@list.txt`` (one path per line, ``#`` comments;
relative paths are relative to the list file's folder).  Every input is
accounted for in ``DIR/manifest.csv``: ``ok``, ``failed`` (with a one-line
error) or ``skipped`` (``resume`` found it done).

Document ids are file stems.  Inputs that share a stem (case-insensitively, as
on Windows and macOS file systems) get ``stem``, ``stem-2``, ``stem-3``… in
input order (folders are listed sorted), so a run is deterministic; a resumed
run reuses the id the manifest gave each path before, so ids never move.

Processing happens in a process pool (``jobs``; 1 runs in-process), or on a
Dask cluster (``engine="dask"``).  ``process_path`` never raises: a bad input
becomes a ``failed`` row and the run goes on.  Each document is limited to
``$PLAN_EXTRACT_TIMEOUT`` seconds (default 600) where a POSIX alarm is
available (worker processes and the main thread).  A worker that dies (a
crash in a PDF library, the OOM killer) takes its pool down: the documents in
flight are retried each in a fresh pool of one, so only the culprit fails.

Resume: ``manifest.csv`` (and ``manifest.partial.csv``, which a run appends to
as documents finish and which survives a killed run) records the ``sha256``
and ``pipeline_version`` of every ``ok`` input; ``resume=True`` skips an input
whose hash and version match and whose record is still on disk.  The version
is the package version plus a hash of the code and the rules, so editing a
rule re-runs everything.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import hashlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import InputError
from .read import SUPPORTED_SUFFIXES
from .records import Document, RawDocument
from .writers import OutputWriter

if TYPE_CHECKING:
    from concurrent.futures import Future

MANIFEST_COLUMNS = (
    "path",
    "doc_id",
    "sha256",
    "status",
    "error",
    "seconds",
    "n_sections",
    "n_targets",
    "n_blocks",
    "pipeline_version",
)
DEFAULT_TIMEOUT = 600.0
_GLOB_CHARS = set("*?[")


# --------------------------------------------------------------------------------------------------
# One document


@dataclass
class ProcessResult:
    """What became of one input; picklable, so it travels back from workers."""

    path: str
    doc_id: str
    status: str  # "ok" | "failed" | "skipped"
    error: str = ""
    seconds: float = 0.0
    sha256: str = ""
    document: Document | None = None
    raw: RawDocument | None = None

    def manifest_row(self, version: str) -> dict[str, Any]:
        doc = self.document
        return {
            "path": self.path,
            "doc_id": self.doc_id,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "seconds": f"{self.seconds:.3f}",
            "n_sections": len(doc.sections) if doc else "",
            "n_targets": len(doc.targets) if doc else "",
            "n_blocks": len(doc.responsibilities) if doc else "",
            "pipeline_version": version,
        }


class DocumentTimeout(BaseException):
    """Raised inside a worker when one document runs past the time limit.

    A ``BaseException``, like ``KeyboardInterrupt``: the readers' catch-alls for broken
    files (``except Exception``) must not report a timeout as a corrupt PDF.
    """


def doc_timeout() -> float:
    """Seconds one document may take: ``$PLAN_EXTRACT_TIMEOUT`` or 600 (0 = no limit)."""
    value = os.environ.get("PLAN_EXTRACT_TIMEOUT")
    return float(value) if value else DEFAULT_TIMEOUT


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``DocumentTimeout`` after ``seconds`` (POSIX main thread only; else no limit)."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout(f"timed out after {seconds:g} s (PLAN_EXTRACT_TIMEOUT)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_path(path: str, doc_id: str) -> ProcessResult:
    """Read and extract one input; never raises (failures come back as ``status="failed"``).

    Warnings the reader emits (``InputWarning``) are added to the document's warnings.
    """
    from .document import extract_file

    started = time.perf_counter()
    sha = ""
    try:
        with time_limit(doc_timeout()):
            raw, doc = extract_file(path, doc_id=doc_id)
        sha = raw.sha256
        return ProcessResult(
            path, doc_id, "ok", seconds=time.perf_counter() - started, sha256=sha, document=doc, raw=raw
        )
    except InputError as exc:
        error = str(exc)
    except DocumentTimeout as exc:
        error = f"{path}: {exc}"
    except RecursionError:
        error = f"{path}: internal error: recursion too deep (deeply nested input?)"
    except MemoryError:
        error = f"{path}: internal error: out of memory"
    except Exception as exc:
        error = f"{path}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    if not sha:
        sha = file_sha256(path)
    return ProcessResult(
        path, doc_id, "failed", error=error, seconds=time.perf_counter() - started, sha256=sha
    )


def file_sha256(path: str) -> str:
    """The SHA-256 of a file's bytes, or ``""`` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(2**20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


@cache
def pipeline_version() -> str:
    """``<package version>+<hash of pipeline/*.py and rules/*>``: what resume compares.

    >>> pipeline_version().startswith(__version__ + "+")
    True
    """
    from .rules import RULES_DIR

    digest = hashlib.sha256()
    code_dir = Path(__file__).resolve().parent
    for folder, pattern in ((code_dir, "*.py"), (RULES_DIR, "*")):
        for path in sorted(Path(folder).glob(pattern)):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"


# --------------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class Item:
    """One input to account for: a file to process, or an input that named nothing (``error``)."""

    path: str
    doc_id: str = ""
    error: str = ""


def expand_inputs(inputs: Sequence[str]) -> list[Item]:
    """Files, folders, globs and ``@lists`` → one item per file (first mention wins)."""
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            items.append(Item(path))

    for spec in inputs:
        for path, error in _expand_one(spec):
            if error:
                items.append(Item(path, error=error))
            else:
                add(path)
    return items


def _expand_one(spec: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    if spec.startswith("@") and depth < 5:
        list_path = Path(spec[1:])
        try:
            lines = list_path.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            yield spec, f"{spec}: cannot read the input list ({exc.strerror or exc})"
            return
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                nested = line if line.startswith("@") or os.path.isabs(line) else str(list_path.parent / line)
                if line.startswith("@") and not os.path.isabs(line[1:]):
                    nested = "@" + str(list_path.parent / line[1:])
                yield from _expand_one(nested, depth + 1)
        return
    path = Path(spec)
    if path.is_dir():
        found = sorted(_scan_folder(path))
        if not found:
            yield spec, f"{spec}: no supported files in the folder ({', '.join(SUPPORTED_SUFFIXES)})"
        for file in found:
            yield str(file), ""
        return
    if path.exists() or not (_GLOB_CHARS & set(spec)):
        yield spec, "" if path.exists() else f"{spec}: no such file"
        return
    matches = sorted(m for m in glob.glob(spec, recursive=True) if os.path.isfile(m))
    if not matches:
        yield spec, f"{spec}: no files match the pattern"
    for match in matches:
        yield match, ""


def _scan_folder(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            # hidden files and Office lock files (~$plan.docx) are not plans
            if name.startswith((".", "~$")):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / name


def assign_doc_ids(items: Sequence[Item], previous: dict[str, str] | None = None) -> list[Item]:
    """Give each file a distinct id: its stem, else ``stem-2``, ``stem-3``… (or its old id).

    >>> [i.doc_id for i in assign_doc_ids([Item("a/plan.txt"), Item("b/plan.pdf"), Item("Plan.docx")])]
    ['plan', 'plan-2', 'Plan-3']
    >>> [i.doc_id for i in assign_doc_ids([Item("a/plan.txt"), Item("b/plan.pdf")], {"b/plan.pdf": "plan"})]
    ['plan-2', 'plan']
    """
    previous = previous or {}
    taken = {doc_id.casefold() for item in items if (doc_id := previous.get(item.path))}
    out = []
    for item in items:
        if item.error:
            out.append(item)
            continue
        doc_id = previous.get(item.path)
        if doc_id is None:
            stem = _safe_stem(Path(item.path).stem)
            doc_id, n = stem, 1
            while doc_id.casefold() in taken:
                n += 1
                doc_id = f"{stem}-{n}"
            taken.add(doc_id.casefold())
        out.append(Item(item.path, doc_id))
    return out


def _safe_stem(stem: str) -> str:
    """A stem usable as a file name on every system (``raw/<doc_id>.txt``)."""
    cleaned = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in stem).strip(" .")
    return cleaned or "document"


# --------------------------------------------------------------------------------------------------
# Manifest


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """The last row per path of ``manifest.csv`` then ``manifest.partial.csv`` (a killed run's)."""
    rows: dict[str, dict[str, str]] = {}
    for name in ("manifest.csv", "manifest.partial.csv"):
        path = out_dir / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("path") and row.get("status") != "skipped":
                    rows[row["path"]] = row
                elif row.get("path") and row["path"] not in rows:
                    rows[row["path"]] = row
    return rows


class _Manifest:
    """Rows appended to ``manifest.partial.csv`` as documents finish; ``manifest.csv`` at the end."""

    def __init__(self, out_dir: Path, carried: Iterable[dict[str, str]]) -> None:
        self.out_dir = out_dir
        self.partial = out_dir / "manifest.partial.csv"
        exists = self.partial.is_file() and self.partial.stat().st_size > 0
        self.handle = self.partial.open("a", encoding="utf-8-sig" if not exists else "utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=MANIFEST_COLUMNS, extrasaction="ignore")
        if not exists:
            self.writer.writeheader()
        self.carried = list(carried)
        self.rows: dict[str, dict[str, Any]] = {}

    def add(self, row: dict[str, Any]) -> None:
        self.rows[row["path"]] = row
        self.writer.writerow(row)
        self.handle.flush()

    def close(self, order: Sequence[str]) -> Path:
        from .writers import atomic_write_bytes

        self.handle.close()
        rows = [*self.carried, *(self.rows[p] for p in order if p in self.rows)]
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=MANIFEST_COLUMNS, extrasaction="ignore", lineterminator="\r\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        final = self.out_dir / "manifest.csv"
        atomic_write_bytes(final, buffer.getvalue().encode("utf-8-sig"))
        self.partial.unlink(missing_ok=True)
        return final


# --------------------------------------------------------------------------------------------------
# The run


@dataclass
class BatchReport:
    """Counts of a run; ``exit_code`` is 0 when nothing failed, else 1."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    out_dir: Path | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.ok + self.failed + self.skipped

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        rate = (self.ok + self.failed) / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped in {self.seconds:.1f} s "
            f"({rate:.1f} docs/s) → {self.out_dir}"
        )


def run_batch(
    inputs: Sequence[str],
    out_dir: Path,
    *,
    jobs: int | None = None,
    resume: bool = False,
    formats: Sequence[str] = ("csv",),
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool = True,
) -> BatchReport:
    """Extract every input into ``out_dir``; see the module docstring for the guarantees."""
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: choose 'local' or 'dask'")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    version = pipeline_version()
    previous = read_manifest(out_dir) if resume else {}
    items = assign_doc_ids(
        expand_inputs(inputs), {p: r["doc_id"] for p, r in previous.items() if r.get("doc_id")}
    )
    paths = {item.path for item in items}
    # A resumed run keeps the manifest rows of inputs it was not given again (their records stay too).
    carried = [row for path, row in previous.items() if path not in paths]
    if not resume:
        (out_dir / "manifest.partial.csv").unlink(missing_ok=True)

    report = BatchReport(out_dir=out_dir)
    writer = OutputWriter(out_dir, formats)
    if not resume:
        writer.reset()
    manifest = _Manifest(out_dir, carried)
    bar = _Progress(len(items), progress)

    def record(result: ProcessResult) -> None:
        if result.status == "ok" and result.document is not None and result.raw is not None:
            writer.write(result.document, result.raw)
            report.ok += 1
        elif result.status == "failed":
            if result.doc_id:
                writer.discard(result.doc_id)
            report.failed += 1
            report.errors.append(result.error)
        else:
            report.skipped += 1
        manifest.add(result.manifest_row(version))
        bar.update(result)

    todo: list[Item] = []
    for item in items:
        if item.error:
            record(ProcessResult(item.path, "", "failed", error=item.error))
        elif resume and _is_done(item, previous.get(item.path), version, writer):
            row = previous[item.path]
            record(ProcessResult(item.path, item.doc_id, "skipped", sha256=row.get("sha256", "")))
        else:
            todo.append(item)

    try:
        if engine == "dask":
            _run_dask(todo, record, scheduler)
        elif (jobs or os.cpu_count() or 1) == 1 or len(todo) <= 1:
            for item in todo:
                record(process_path(item.path, item.doc_id))
        else:
            _run_pool(todo, record, jobs or os.cpu_count() or 1)
    finally:
        bar.close()
        writer.close()
        manifest.close([item.path for item in items])
    report.seconds = time.perf_counter() - started
    print(report.summary(), file=sys.stderr)  # always: the one line that says how the run went
    return report


def _is_done(item: Item, row: dict[str, str] | None, version: str, writer: OutputWriter) -> bool:
    if row is None or row.get("status") not in ("ok", "skipped") or row.get("pipeline_version") != version:
        return False
    if row.get("doc_id") != item.doc_id or not writer.has(item.doc_id):
        return False
    return row.get("sha256") == file_sha256(item.path)


def _run_pool(todo: Sequence[Item], record: Callable[[ProcessResult], None], jobs: int) -> None:
    # imported here: a run of one document, or of one job, needs no process pool (nor multiprocessing)
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    crashed: list[Item] = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures: dict[Future[ProcessResult], Item] = {
            pool.submit(process_path, item.path, item.doc_id): item for item in todo
        }
        for future in as_completed(futures):
            item = futures.pop(future)  # a done future holds its document: let it go (flat memory)
            try:
                record(future.result())
            except BrokenProcessPool:
                crashed.append(item)
    # A dead worker breaks the whole pool: retry those documents one pool each, so only the culprit fails.
    for item in crashed:
        try:
            with ProcessPoolExecutor(max_workers=1) as pool:
                record(pool.submit(process_path, item.path, item.doc_id).result())
        except BrokenProcessPool:
            error = f"{item.path}: internal error: the worker process died (crash or out of memory)"
            record(
                ProcessResult(item.path, item.doc_id, "failed", error=error, sha256=file_sha256(item.path))
            )


def _run_dask(todo: Sequence[Item], record: Callable[[ProcessResult], None], scheduler: str | None) -> None:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise RuntimeError("engine='dask' needs Dask: pip install 'plan-extract[dask]'") from None
    # Workers read the inputs themselves: paths must be visible to them (shared file system).
    with Client(scheduler) if scheduler else Client(processes=False) as client:
        futures = client.map(
            process_path,
            [item.path for item in todo],
            [item.doc_id for item in todo],
            pure=False,
            key=[f"plan-extract-{item.doc_id}-{i}" for i, item in enumerate(todo)],
        )
        for future in dask_completed(futures):
            record(future.result())
            future.release()


class _Progress:
    """tqdm bar on a terminal; one line per document when stderr is not a TTY; only failures when off."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.total = total
        self.done = 0
        self.tty = enabled and sys.stderr.isatty()
        self.bar: Any = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)

    def update(self, result: ProcessResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(f"failed: {result.error}", file=sys.stderr)
        elif not self.enabled:
            if result.status == "failed":  # failures are never silent
                print(f"failed: {result.error}", file=sys.stderr, flush=True)
        else:
            doc = result.document
            if doc is not None:
                what = f"{result.path} ({result.seconds:.2f} s): {len(doc.targets)} targets, "
                what += f"{len(doc.responsibilities)} blocks, {len(doc.sections)} sections"
            else:  # the error names the file already
                what = result.error or result.path
            print(f"[{self.done}/{self.total}] {result.status} {what}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
