"""Writing outputs: ``documents.jsonl``, CSV (UTF-8 with BOM, for Excel), Parquet and Excel tables.

Streaming and atomicity
-----------------------
``OutputWriter.write`` puts each finished document on disk at once, as two
small files written atomically (temp file, then ``os.replace``):

* ``DIR/raw/<doc_id>.txt``: the raw text, UTF-8, line endings untouched;
* ``DIR/.parts/<doc_id>.json``: the document's SPEC record, one JSON line.

``flush``/``close`` merge the parts, one at a time in ``doc_id`` order, into
``documents.jsonl`` and the tables, each written to a temp file in ``DIR`` and
renamed over the old one only when complete.  So memory stays flat in the
number of documents, a reader of ``DIR`` never sees a half-written table, and
a run killed midway leaves (a) the previous complete tables, (b) one valid part
per document finished so far.  ``run_batch(resume=True)`` then processes only
what is missing and the final merge covers every part, old and new.  The order
of rows is by ``doc_id``, so the outputs do not depend on ``--jobs``.

Tables (``to_frames`` returns the same, as pandas DataFrames):

* ``documents``: one row per document, counts and warnings (joined by `` | ``);
* ``sections``: one row per outline section;
* ``responsibilities``: one row per unit, with its block's index, span and section
  (a block in which no unit was found still gets one row, with empty unit fields,
  so that no block is lost);
* ``targets``: one row per target, every ``Target`` field plus the section heading
  (``source`` says whether it comes from running text or a table);
* ``tables``: one row per non-empty body cell of every table the readers found: the table's
  index, page and caption, the row (1 = the first row under the headers) and column (0-based),
  the column's header (merged header cells resolved) and the cell's text and raw span.

Formats: ``csv`` (one file per table), ``parquet`` (one file per table) and ``xlsx``
(``tables.xlsx``, one sheet per table: header row frozen and bold, an autofilter over
the table, column widths from the header and the first rows; text cells are text, so
``=…`` stays what the plan wrote, numbers are numbers).

Spreadsheet safety (OWASP, "CSV Injection"): a CSV cell of text taken from a document
(or a file name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be read by Excel as a formula.  Such a cell is written with a single quote in front
(``'=1+1``), which Excel shows as text.  Numeric columns are written as numbers (``-5.0``
is a number, not text from the document), and the closed vocabularies of ``CODE_COLUMNS``
(``comparator`` ``=``, ``>=``…) as they are.  Excel's sheets need no prefix: their cells
carry their type, and risky ones also get Excel's own "quote prefix" flag, so editing
such a cell keeps it text.  JSONL and Parquet hold the text unchanged.
"""

from __future__ import annotations

import contextlib
import csv
import json
import operator
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .records import Document, RawDocument, Target
from .text import squeeze

if TYPE_CHECKING:
    import pandas

TABLES = ("documents", "sections", "responsibilities", "targets", "tables")
FORMATS = ("csv", "parquet", "xlsx")
XLSX_FILE = "tables.xlsx"

_TARGET_FIELDS = [f.name for f in fields(Target) if f.name != "section"]

#: The columns of every table with their type: ``int`` and ``float`` are nullable numbers.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str",
        "source": "str",
        "sha256": "str",
        "encoding": "str",
        "title": "str",
        "issuer": "str",
        "date": "str",
        "region": "str",
        "n_sections": "int",
        "n_targets": "int",
        "n_blocks": "int",
        "n_units": "int",
        "n_warnings": "int",
        "warnings": "str",
    },
    "sections": {
        "doc_id": "str",
        "id": "str",
        "level": "int",
        "heading": "str",
        "start": "int",
        "end": "int",
    },
    "responsibilities": {
        "doc_id": "str",
        "block": "int",
        "section": "str",
        "section_heading": "str",
        "start": "int",
        "end": "int",
        "name": "str",
        "canonical": "str",
        "role": "str",
    },
    "targets": {
        "doc_id": "str",
        "section": "str",
        "section_heading": "str",
        **{
            name: ("float" if name in ("value", "value_max", "norm_value") else "str")
            for name in _TARGET_FIELDS
        },
    },
    "tables": {
        "doc_id": "str",
        "table": "int",
        "page": "int",
        "caption": "str",
        "row": "int",
        "column": "int",
        "header": "str",
        "cell": "str",
        "start": "int",
        "end": "int",
    },
}
for _name in ("target_year", "baseline_year", "start", "end", "page"):
    COLUMNS["targets"][_name] = "int"
COLUMNS["targets"]["baseline_value"] = "float"

#: Text columns whose values come from a closed vocabulary of the pipeline, never from a document.
CODE_COLUMNS = frozenset({"sha256", "encoding", "comparator", "direction", "modality", "norm_unit", "role"})

#: The text columns of each table whose cells may begin like a formula (see the module docstring).
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(col for col, kind in columns.items() if kind == "str" and col not in CODE_COLUMNS)
    for name, columns in COLUMNS.items()
}

#: What makes Excel read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value: str | None) -> str | None:
    r"""``value`` as a CSV cell Excel shows as text: a quote before a formula-like start.

    >>> excel_text("=1+1"), excel_text("-5%"), excel_text("@县发改委"), excel_text("\tx")
    ("'=1+1", "'-5%", "'@县发改委", "'\tx")
    >>> excel_text("森林覆盖率"), excel_text("5-10"), excel_text(""), excel_text(None)
    ('森林覆盖率', '5-10', '', None)
    """
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row of table ``name`` with its text cells made safe for Excel (``excel_text``).

    >>> csv_row("targets", {"indicator": "-PM2.5浓度", "value": -5.0, "comparator": "="})
    {'indicator': "'-PM2.5浓度", 'value': -5.0, 'comparator': '='}
    """
    risky = [col for col in TEXT_COLUMNS[name] if isinstance(row.get(col), str)]
    if not any(row[col].startswith(FORMULA_STARTS) for col in risky):
        return row
    return {**row, **{col: excel_text(row[col]) for col in risky}}


def table_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows ``doc`` contributes to each table, as dicts keyed by ``COLUMNS``.

    >>> from pipeline.records import Section
    >>> doc = Document("d", "d.txt", "0" * 64, "utf-8", "方案", None, None, None, "",
    ...                sections=[Section("一", 1, "总体要求", 2, 6)])
    >>> rows = table_rows(doc)
    >>> rows["sections"]
    [{'doc_id': 'd', 'id': '一', 'level': 1, 'heading': '总体要求', 'start': 2, 'end': 6}]
    >>> rows["documents"][0]["n_sections"], rows["targets"]
    (1, [])
    """
    headings = {s.id: s.heading for s in doc.sections}
    document = {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "title": doc.title,
        "issuer": doc.issuer,
        "date": doc.date,
        "region": doc.region,
        "n_sections": len(doc.sections),
        "n_targets": len(doc.targets),
        "n_blocks": len(doc.responsibilities),
        "n_units": sum(len(b.units) for b in doc.responsibilities),
        "n_warnings": len(doc.warnings),
        "warnings": " | ".join(doc.warnings),
    }
    sections = [
        {
            "doc_id": doc.doc_id,
            "id": s.id,
            "level": s.level,
            "heading": s.heading,
            "start": s.start,
            "end": s.end,
        }
        for s in doc.sections
    ]
    units = []
    for index, block in enumerate(doc.responsibilities):
        base = {
            "doc_id": doc.doc_id,
            "block": index,
            "section": block.section,
            "section_heading": headings.get(block.section or ""),
            "start": block.start,
            "end": block.end,
        }
        for unit in block.units or [None]:
            units.append(
                {
                    **base,
                    "name": unit.name if unit else None,
                    "canonical": unit.canonical if unit else None,
                    "role": unit.role if unit else None,
                }
            )
    targets = [
        {
            "doc_id": doc.doc_id,
            "section": t.section,
            "section_heading": headings.get(t.section or ""),
            **{name: getattr(t, name) for name in _TARGET_FIELDS},
        }
        for t in doc.targets
    ]
    cells = [
        {
            "doc_id": doc.doc_id,
            "table": table.index,
            "page": cell.page,
            "caption": table.caption,
            "row": r,
            "column": c,
            "header": table.columns[c] if c < len(table.columns) else None,
            "cell": squeeze(cell.text),
            "start": cell.start,
            "end": cell.end,
        }
        for table in doc.tables
        for r, row in enumerate(table.rows, start=1)
        for c, cell in enumerate(row)
        if cell.text.strip()
    ]
    return {
        "documents": [document],
        "sections": sections,
        "responsibilities": units,
        "targets": targets,
        "tables": cells,
    }


def to_frames(docs: Iterable[Document]) -> dict[str, pandas.DataFrame]:
    """The tables of ``docs`` as DataFrames (same columns as the CSV files).

    Integer columns use pandas' nullable ``Int64`` so that a missing year stays missing.
    """
    import pandas

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, table in table_rows(doc).items():
            rows[name].extend(table)
    frames = {}
    for name in TABLES:
        frame = pandas.DataFrame(rows[name], columns=list(COLUMNS[name]))
        frames[name] = frame.astype({col: _PANDAS_TYPES[kind] for col, kind in COLUMNS[name].items()})
    return frames


_PANDAS_TYPES = {"int": "Int64", "float": "float64", "str": "object"}


def _arrow_schema(name: str) -> Any:
    import pyarrow

    types = {"int": pyarrow.int64(), "float": pyarrow.float64(), "str": pyarrow.string()}
    return pyarrow.schema([(col, types[kind]) for col, kind in COLUMNS[name].items()])


@cache
def _file_mode() -> int:
    """The mode an ordinary new file gets (mkstemp's files are private: 0600).

    Read once, on the first write: reading the umask means setting it for a moment.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` so that readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class OutputWriter:
    """Streams finished documents to ``out_dir`` and merges them into the tables atomically.

    Use as a context manager; ``close`` (or ``flush``) writes ``documents.jsonl`` and
    the tables of ``formats`` (``"csv"``, ``"parquet"``, ``"xlsx"``) from every part in ``out_dir``.
    """

    def __init__(self, out_dir: Path, formats: Sequence[str] = ("csv",)) -> None:
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown output format(s) {unknown}; choose from {list(FORMATS)}")
        self.out_dir = Path(out_dir)
        self.formats = tuple(dict.fromkeys(formats))
        self.parts_dir = self.out_dir / ".parts"
        self.raw_dir = self.out_dir / "raw"
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        self._closed = False

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Merge even after an error: the tables then hold every document finished so far.
        self.close()

    def reset(self) -> None:
        """Forget the documents of earlier runs (a fresh, non-resumed run)."""
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        self.parts_dir.mkdir(parents=True, exist_ok=True)

    def part_path(self, doc_id: str) -> Path:
        return self.parts_dir / f"{doc_id}.json"

    def has(self, doc_id: str) -> bool:
        """Whether a finished record of ``doc_id`` is on disk."""
        return self.part_path(doc_id).is_file()

    def write(self, doc: Document, raw: RawDocument) -> None:
        """Put one finished document on disk: its raw text and its record (both atomic)."""
        atomic_write_bytes(self.raw_dir / f"{doc.doc_id}.txt", raw.text.encode("utf-8", errors="replace"))
        line = json.dumps(doc.to_json(), ensure_ascii=False)
        atomic_write_bytes(self.part_path(doc.doc_id), (line + "\n").encode("utf-8"))

    def discard(self, doc_id: str) -> None:
        """Drop an earlier record of ``doc_id`` (its input failed this time)."""
        for path in (self.part_path(doc_id), self.raw_dir / f"{doc_id}.txt"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def iter_documents(self) -> Iterator[tuple[str, Document]]:
        """Every stored record, in ``doc_id`` order: (JSON line, document)."""
        for name in sorted(os.listdir(self.parts_dir)):
            if not name.endswith(".json") or name.startswith("."):
                continue
            line = (self.parts_dir / name).read_text(encoding="utf-8").strip()
            yield line, Document.from_json(json.loads(line))

    def flush(self) -> None:
        """Merge every part into ``documents.jsonl`` and the tables; each file replaced atomically."""
        with _TableFiles(self.out_dir, self.formats) as tables:
            for line, doc in self.iter_documents():
                tables.add(line, table_rows(doc))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.flush()


class _TableFiles:
    """The output files of one merge: temp files while open, renamed into place on success."""

    def __init__(self, out_dir: Path, formats: Sequence[str], batch_rows: int = 5000) -> None:
        self.out_dir = out_dir
        self.formats = formats
        self.batch_rows = batch_rows
        self.finals: list[tuple[Path, Path]] = []
        self.handles: list[Any] = []
        self.csv: dict[str, Any] = {}
        # a row's values in column order (a DictWriter checked every row's keys: half the merge)
        self.values = {name: operator.itemgetter(*COLUMNS[name]) for name in TABLES}
        self.parquet: dict[str, Any] = {}
        self.xlsx: _Workbook | None = None
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def _temp(self, name: str) -> Path:
        final = self.out_dir / name
        tmp = self.out_dir / f".{name}.tmp"
        self.finals.append((tmp, final))
        return tmp

    def __enter__(self) -> _TableFiles:
        self.jsonl = self._temp("documents.jsonl").open("w", encoding="utf-8", newline="\n")
        self.handles.append(self.jsonl)
        if "csv" in self.formats:
            for name in TABLES:
                handle = self._temp(f"{name}.csv").open("w", encoding="utf-8-sig", newline="")
                self.handles.append(handle)
                writer = csv.writer(handle)
                writer.writerow(COLUMNS[name])
                self.csv[name] = writer
        if "parquet" in self.formats:
            import pyarrow.parquet

            for name in TABLES:
                self.parquet[name] = pyarrow.parquet.ParquetWriter(
                    self._temp(f"{name}.parquet"), _arrow_schema(name)
                )
        if "xlsx" in self.formats:
            self.xlsx = _Workbook(self._temp(XLSX_FILE))
        return self

    def add(self, line: str, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.jsonl.write(line + "\n")
        for name, table in rows.items():
            if name in self.csv:
                self.csv[name].writerows(self.values[name](csv_row(name, row)) for row in table)
            if self.xlsx is not None:
                self.xlsx.add(name, table)
            if name in self.parquet:
                self.buffers[name].extend(table)
                if len(self.buffers[name]) >= self.batch_rows:
                    self._write_parquet(name)

    def _write_parquet(self, name: str) -> None:
        import pyarrow

        rows = self.buffers[name]
        table = pyarrow.Table.from_pylist(rows, schema=self.parquet[name].schema)
        self.parquet[name].write_table(table)
        rows.clear()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None:
                for name in self.parquet:
                    if self.buffers[name]:
                        self._write_parquet(name)
                if self.xlsx is not None:
                    self.xlsx.save()
        finally:
            for handle in self.handles:
                handle.close()
            for writer in self.parquet.values():
                writer.close()
        for tmp, final in self.finals:
            if exc_type is None:
                os.replace(tmp, final)
            else:  # a failed merge leaves the previous tables untouched
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()


class _Workbook:
    """``tables.xlsx``: a sheet per table, streamed row by row (openpyxl's write-only mode).

    Write-only sheets take their column widths and frozen pane before the first row, so
    each sheet holds back its first ``sample_rows`` rows, measures them, then streams.
    """

    #: Excel's limit on the characters of one cell; longer text is cut and ends in "…".
    MAX_CELL = 32767
    MAX_WIDTH = 60

    def __init__(self, path: Path, sample_rows: int = 1000) -> None:
        from openpyxl import Workbook

        self.path = path
        self.sample_rows = sample_rows
        self.book = Workbook(write_only=True)
        self.sheets = {name: self.book.create_sheet(name) for name in TABLES}
        self.pending: dict[str, list[dict[str, Any]] | None] = {name: [] for name in TABLES}
        self.rows = dict.fromkeys(TABLES, 0)

    def add(self, name: str, rows: list[dict[str, Any]]) -> None:
        pending = self.pending[name]
        if pending is None:
            self._append(name, rows)
            return
        pending.extend(rows)
        if len(pending) >= self.sample_rows:
            self._start(name)

    def _start(self, name: str) -> None:
        """Widths from the header and the rows held back, frozen header, then those rows."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        sheet, rows = self.sheets[name], self.pending[name] or []
        self.pending[name] = None
        for i, col in enumerate(COLUMNS[name], start=1):
            widest = max([display_width(col), *(display_width(_shown(row.get(col))) for row in rows)])
            sheet.column_dimensions[get_column_letter(i)].width = min(widest + 2, self.MAX_WIDTH)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for col in COLUMNS[name]:
            cell = WriteOnlyCell(sheet, value=col)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        self._append(name, rows)

    def _append(self, name: str, rows: list[dict[str, Any]]) -> None:
        sheet, kinds = self.sheets[name], COLUMNS[name]
        for row in rows:
            sheet.append([self._cell(sheet, row.get(col), kind) for col, kind in kinds.items()])
        self.rows[name] += len(rows)

    def _cell(self, sheet: Any, value: Any, kind: str) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if value is None or kind != "str":
            return value  # a number stays a number; None an empty cell
        text = ILLEGAL_CHARACTERS_RE.sub(" ", str(value))  # control characters XML cannot hold
        if len(text) > self.MAX_CELL:
            text = text[: self.MAX_CELL - 1] + "…"
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # text, even when it begins with "=" (openpyxl would make it a formula)
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell

    def save(self) -> None:
        from openpyxl.utils import get_column_letter

        for name in TABLES:
            if self.pending[name] is not None:
                self._start(name)
            last = get_column_letter(len(COLUMNS[name]))
            self.sheets[name].auto_filter.ref = f"A1:{last}{self.rows[name] + 1}"
        self.book.save(self.path)


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    r"""Columns ``text`` takes in a spreadsheet: wide (CJK) characters count two; first line only.

    >>> display_width("森林覆盖率"), display_width("percent"), display_width("a\nlonger line")
    (10, 7, 1)
    """
    line = text.split("\n", 1)[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
