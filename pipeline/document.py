"""One document through every stage: raw text in, SPEC record out.

This module only orchestrates; each stage lives in its own module::

    read_raw → clean_layout → split_paragraphs (table rows marked) / find_sections → find_metadata
             → build_tables → extract_responsibilities / extract_targets / extract_table_targets
             → Document

``build_document`` is pure (no I/O), so batch runs can ship it to worker
processes or a Dask cluster.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

from .clean import clean_layout
from .errors import Warnings
from .metadata import find_metadata
from .records import Document, RawDocument, Rejection
from .responsibilities import extract_responsibilities
from .structure import find_sections, split_paragraphs
from .table_targets import extract_table_targets
from .tables import build_tables, mark_table_paragraphs, table_sections
from .targets import extract_targets, set_pages


def build_document(raw: RawDocument) -> Document:
    """Run every stage on one raw document and assemble its SPEC record."""
    clean = clean_layout(raw.text, page_starts=raw.page_starts)
    paragraphs = mark_table_paragraphs(split_paragraphs(clean), clean, raw.tables)
    sections, paragraphs = find_sections(paragraphs, clean)
    meta = find_metadata(paragraphs)
    tables = build_tables(raw.text, raw.tables)
    table_sections(tables, paragraphs, clean)
    blocks, block_warnings = extract_responsibilities(paragraphs, clean)
    rejected: list[Rejection] = []
    targets = extract_targets(paragraphs, clean, sections, meta.title, rejected)
    targets += extract_table_targets(tables, meta.title, paragraphs)
    set_pages(targets, raw.page_starts)
    warnings = [*block_warnings]
    if meta.title is None:
        warnings.append(Warnings.W001)
    if meta.date is None:
        warnings.append(Warnings.W002)
    return Document(
        doc_id=raw.doc_id,
        source=raw.source,
        sha256=raw.sha256,
        encoding=raw.encoding,
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        region=meta.region,
        text=clean.text,
        sections=sections,
        targets=targets,
        responsibilities=blocks,
        warnings=warnings,
        rejected=rejected,
        tables=tables,
    )


def raw_from_text(text: str, doc_id: str = "text") -> RawDocument:
    """Wrap a string as a raw document (for the API and tests).

    >>> raw_from_text("一、目标").sha256[:8]
    'd10179ba'
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RawDocument(doc_id=doc_id, source="<text>", sha256=digest, encoding="utf-8", text=text)


def extract(path_or_text: str | Path) -> Document:
    """Extract one plan from a file path, or from the plan's text itself.

    A ``Path``, or a string naming an existing file, is read with the reader of
    its format; any other string is taken as the text.
    """
    if isinstance(path_or_text, Path) or _names_a_file(path_or_text):
        return extract_file(path_or_text)[1]
    return build_document(raw_from_text(path_or_text))


def extract_file(path: str | Path, doc_id: str | None = None) -> tuple[RawDocument, Document]:
    """Read a file and extract it; the reader's warnings (``[W003]`` …) join the document's."""
    from .read import read_raw  # the reader pulls in pdf/docx/html libraries: only when needed

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = read_raw(path, doc_id=doc_id)
        doc = build_document(raw)
    doc.warnings.extend(str(w.message) for w in caught if str(w.message).startswith("[W"))
    return raw, doc


def _names_a_file(text: str) -> bool:
    """Whether ``text`` is the path of an existing file (a plan's text never is).

    >>> _names_a_file("到2025年，森林覆盖率达到60%。" * 50), _names_a_file(__file__)
    (False, True)
    """
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # a long sentence is "File name too long" to the OS
        return False
