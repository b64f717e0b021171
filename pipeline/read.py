"""Reading inputs: any supported file into a ``RawDocument`` (SPEC section 1).

The raw text is the input's bytes decoded (BOM removed, line endings
untouched) for text files, and the text the reader produced for PDF, Word and
HTML files.  Every offset of the pipeline points into it, so batch runs write
it out as ``raw/<doc_id>.txt``.

==============  ==================================================================
format          how
==============  ==================================================================
``.txt``, other strict UTF-8, else BOM, else UTF-16 sniffing, else GB18030 (checked to
                read as Chinese), else charset-normalizer; not text → ``InputError``
``.pdf``        pypdfium2, page by page, pages joined by ``"\\n"``; ``page_starts``; the
                tables a page draws as rows of tab-separated cells (``read_tables``)
``.docx``       python-docx: paragraphs and table rows (cells tab-separated) in body
                order, then footnotes and endnotes as their own paragraphs
``.doc/.wps``   converted to ``.docx`` by LibreOffice when ``soffice`` is on PATH
``.html/.htm``  BeautifulSoup + lxml, article body chosen by ``rules/html.yaml``
==============  ==================================================================

A UTF-8 file cut off inside its last character (a download that stopped
short) is read with that character replaced by U+FFFD and the warning
``W003``: the rest of the file is sound, and one lost character is better than
a lost document.  Any other undecodable byte means the file is not text.

Limits: inputs above ``PLAN_EXTRACT_MAX_BYTES`` (default 50 MiB) are refused
before they are read, texts longer than ``PLAN_EXTRACT_MAX_CHARS`` (default five
million characters) after; ``.docx`` archives whose members would inflate beyond
ten times that, or at a ratio above 200:1, are refused as zip bombs.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError, InputWarning, Warnings
from .read_tables import Grid, docx_grid, html_grid, pdf_page_blocks, write_blocks
from .records import RawDocument, RawTable
from .rules import load_yaml

#: Default size limit of one input, in bytes (override with ``$PLAN_EXTRACT_MAX_BYTES``).
DEFAULT_MAX_BYTES = 50 * 2**20
#: Default limit of the raw text's length in characters (``$PLAN_EXTRACT_MAX_CHARS``): about
#: 2,500 pages, five times the longest plans seen; a 50 MB one-line file stops here, not in a regex.
DEFAULT_MAX_CHARS = 5_000_000
#: The extensions a folder scan picks up (explicit files of other extensions are read as text;
#: ``.md`` is not among them: a collection's README is no plan).
SUPPORTED_SUFFIXES = (
    ".txt",
    ".text",
    ".pdf",
    ".docx",
    ".doc",
    ".wps",
    ".html",
    ".htm",
    ".shtml",
    ".xhtml",
)
_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
_ZIP_MAX_RATIO = 200
_SOFFICE_TIMEOUT = 180

#: What a reader returns: the text, its encoding, where pages start, the tables written into it.
ReaderResult = tuple[str, str, tuple[int, ...], list[RawTable]]


def max_bytes() -> int:
    """The size limit of one input: ``$PLAN_EXTRACT_MAX_BYTES`` or 50 MiB.

    >>> max_bytes() == int(os.environ.get("PLAN_EXTRACT_MAX_BYTES", DEFAULT_MAX_BYTES))
    True
    """
    value = os.environ.get("PLAN_EXTRACT_MAX_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def max_chars() -> int:
    """The length limit of one raw text: ``$PLAN_EXTRACT_MAX_CHARS`` or 5 million characters."""
    value = os.environ.get("PLAN_EXTRACT_MAX_CHARS")
    return int(value) if value else DEFAULT_MAX_CHARS


# --------------------------------------------------------------------------------------------------
# Entry point


def read_raw(path: str | Path, *, doc_id: str | None = None) -> RawDocument:
    """Read one input file of any supported format into its raw document.

    ``doc_id`` defaults to the file stem; ``source`` is the path as given.
    Raises ``InputError`` with a one-line message that names the file.
    """
    source = str(path)
    path = Path(path)
    try:
        data = _read_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        fmt = sniff_format(path, data)
        text, encoding, page_starts, tables = _READERS[fmt](path, data)
        if len(text) > max_chars():
            raise InputError(
                f"text too long ({len(text):,} characters > limit {max_chars():,}; "
                "raise PLAN_EXTRACT_MAX_CHARS to read it)"
            )
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    return RawDocument(
        doc_id=doc_id if doc_id is not None else path.stem,
        source=source,
        sha256=digest,
        encoding=encoding,
        text=text,
        format=fmt,
        page_starts=page_starts,
        tables=tuple(tables),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise InputError("is a folder, not a file")
    limit = max_bytes()
    if size > limit:
        raise InputError(
            f"file too large ({size / 2**20:.1f} MiB > limit {limit / 2**20:.1f} MiB; "
            "raise PLAN_EXTRACT_MAX_BYTES to read it)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None


def sniff_format(path: Path, data: bytes) -> str:
    """The reader for a file: by extension, else by the magic bytes at its start.

    >>> sniff_format(Path("a.PDF"), b"")
    'pdf'
    >>> sniff_format(Path("notes"), b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format(Path("plan.txt"), "一、总体要求".encode())
    'txt'
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix in (".doc", ".wps"):
        return "doc"
    if suffix in _HTML_SUFFIXES:
        return "html"
    # A file of another extension (or none) may still be a PDF or an Office file in disguise.
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: legacy .doc/.wps
        return "doc"
    return "txt"


# --------------------------------------------------------------------------------------------------
# Text files: encoding detection

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_NAMES = {"gb2312", "gbk", "gb18030", "hz", "cp936", "ms936", "euc_cn", "euc-cn"}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes: ``(text, encoding name)``; BOM removed, line endings kept.

    >>> decode_bytes("一、总体要求\\r\\n".encode("utf-8"))
    ('一、总体要求\\r\\n', 'utf-8')
    >>> decode_bytes("一、总体要求".encode("utf-8-sig"))
    ('一、总体要求', 'utf-8-sig')
    >>> decode_bytes("到2025年，森林覆盖率达到60%。".encode("gbk"))
    ('到2025年，森林覆盖率达到60%。', 'gb18030')
    >>> decode_bytes("一、总体要求".encode("utf-16"))
    ('一、总体要求', 'utf-16')
    >>> decode_bytes("一、总体要求".encode("utf-16-le"))
    ('一、总体要求', 'utf-16-le')
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
    Traceback (most recent call last):
    ...
    pipeline.errors.InputError: not a text file (binary content: NUL bytes)
    """
    if not data:
        raise InputError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not a text file (broken {name} after its BOM at byte {exc.start})"
                ) from None
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        truncated = _truncated_utf8(data, exc)
    if truncated is not None:
        warnings.warn(InputWarning(Warnings.W003), stacklevel=2)
        return _checked(truncated), "utf-8"
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return _checked(utf16[0]), utf16[1]
    if b"\x00" in data:
        raise InputError("not a text file (binary content: NUL bytes)")
    for text, name in _candidates(data):
        if "\ufffd" not in text and _few_controls(text):
            return _checked(text), name
    raise InputError("not a text file (no known encoding decodes it as text)")


def _checked(text: str) -> str:
    """``text``, unless it is blank or made of control characters (binary that happens to decode)."""
    if not text.strip():
        raise InputError("empty file (white space only)")
    if not _few_controls(text):
        raise InputError("not a text file (binary content: control characters)")
    return text


def _truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> str | None:
    """The text of a UTF-8 file cut inside its last character, that character as U+FFFD.

    >>> data = b"ab\\xe4\\xb8"
    >>> _truncated_utf8(data, UnicodeDecodeError("utf-8", data, 2, 4, "unexpected end of data"))
    'ab\\ufffd'
    """
    if exc.reason != "unexpected end of data" or exc.end != len(data) or len(data) - exc.start > 3:
        return None
    return data[: exc.start].decode("utf-8") + "\ufffd"


def _sniff_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: the byte order whose decoding reads as text, if either does."""
    if len(data) % 2 or len(data) < 4:
        return None
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _plain_share(text)
        if score >= 0.95 and (best is None or score > best[0]):
            best = (score, text, name)
    return (best[1], best[2]) if best else None


def _candidates(data: bytes) -> Iterator[tuple[str, str]]:
    """GB18030 first (charset-normalizer misjudges short Chinese texts), then its best guess."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plain_share(text) >= 0.9:
            yield text, "gb18030"
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        name = best.encoding.lower()
        if name.replace("-", "_") in _GB_NAMES:
            yield data.decode("gb18030", errors="replace"), "gb18030"
        else:
            yield str(best), name


def _plain_share(text: str) -> float:
    """The share of characters a Chinese plan is made of: CJK, its punctuation, printable ASCII.

    >>> _plain_share("到2025年，森林覆盖率达到60%。")
    1.0
    >>> _plain_share("\\u6162\\uac00\\ue000\\ua123") < 0.9
    True
    """
    if not text:
        return 0.0
    return 1 - len(_NOT_PLAIN.findall(text)) / len(text)


_NOT_PLAIN = re.compile(
    "[^\x20-\x7e\t\n\r\f"
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\uff00-\uffef"  # full-width forms
    "\u2000-\u206f"  # general punctuation (“”…—)
    "\u2460-\u24ff"  # enclosed numbers ①
    "\u3400-\u4dbf"  # CJK extension A
    "\u00a0\u00b7\u00d7\u00b0]"
)


def _few_controls(text: str) -> bool:
    r"""At most one control character (other than white space) per thousand.

    >>> _few_controls("一、总体要求\r\n\t二、任务\f"), _few_controls("ab\x01\x02")
    (True, False)
    """
    controls = len(_CONTROLS.findall(text))
    return controls <= len(text) // 1000


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _read_text(path: Path, data: bytes) -> ReaderResult:
    text, encoding = decode_bytes(data)
    return text, encoding, (), []


# --------------------------------------------------------------------------------------------------
# PDF

_CID = re.compile(r"\(cid:\d+\)")


def _read_pdf(path: Path, data: bytes) -> ReaderResult:
    # PDFium reads a page's text some 20 times faster than pdfminer, and keeps sub- and
    # superscripts on their line (``PM2.5``, not ``PM`` / ``2.5``).
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(
                "encrypted PDF: needs a password; decrypt it first (e.g. qpdf --decrypt)"
            ) from None
        raise InputError(f"corrupt or unreadable PDF ({_one_line(exc)})") from None
    plumber = _LazyPlumber(data)
    try:
        pages = [pdf_page_text(pdf[index], index, plumber) for index in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise InputError(f"corrupt or unreadable PDF ({_one_line(exc)})") from None
    finally:
        pdf.close()
        plumber.close()
    text, starts = join_pages([page for page, _ in pages])
    tables = [
        table.shifted(start) for (_, found), start in zip(pages, starts, strict=True) for table in found
    ]
    if not text.strip():
        raise InputError(f"no text layer: needs OCR ({len(pages)} page(s) of images only)")
    if text.count("\ufffd") * 8 > len(text) or len(_CID.findall(text)) * 8 > len(text):
        raise InputError("text layer has no Unicode mapping (unknown glyphs): needs OCR")
    return text, "utf-8", starts, tables


class _LazyPlumber:
    """pdfplumber's view of the same PDF, opened on the first page that may hold a table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None

    def page(self, index: int) -> Any:
        if self.pdf is None:
            import io

            import pdfplumber

            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        return self.pdf.pages[index]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def pdf_page_text(
    page: Any, index: int = 0, plumber: _LazyPlumber | None = None
) -> tuple[str, list[RawTable]]:
    """One PDFium page's text, with the line breaks PDFium makes (``\\r\\n``) as ``\\n``, and its tables.

    A page that holds tables (``read_tables.pdf_page_blocks``) is written as its text above,
    beside and below them with the tables' rows in between; any other page is PDFium's text,
    where a line that the page sets in from its left margin (a paragraph's first line, a centred
    heading) opens with ``PDF_INDENT``, as ``pdftotext -layout`` would show it: the cleaner reads
    paragraph breaks from it, where a line full to the margin ends with 。 but the paragraph does
    not.  ``get_text_bounded`` rather than ``get_text_range``: the latter counts UCS-2 units and
    cuts characters outside the BMP (rare CJK of names) in two.
    """
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
        blocks = None
        if plumber is not None:
            try:
                blocks = pdf_page_blocks(page, textpage, text, lambda: plumber.page(index), index + 1)
            except Exception as exc:  # a table is a bonus: a page pdfplumber cannot take reads as text
                warnings.warn(
                    InputWarning(Warnings.W004.format(page=index + 1, error=_one_line(exc))), stacklevel=2
                )
        indented = _indented_lines(textpage, text) if blocks is None else set()
    finally:
        textpage.close()
        page.close()
    if blocks is None:
        lines = _PDFIUM_BREAK.split(text)
        return "\n".join(PDF_INDENT + line if k in indented else line for k, line in enumerate(lines)), []
    text, tables = write_blocks(_PDFIUM_BREAK.sub("\n", b) if isinstance(b, str) else b for b in blocks)
    return text, tables


_PDFIUM_BREAK = re.compile(r"\r\n?")
#: What a line set in from the margin opens with in the raw text.
PDF_INDENT = "  "
#: How far past the page's left margin a line must start to count as indented, in glyph widths
#: (a paragraph indent is two full-width characters).
_INDENT_GLYPHS = 1.2


def _indented_lines(textpage: Any, text: str) -> set[int]:
    """Numbers of the lines of ``text`` that start right of the page's left margin.

    Character boxes come from PDFium by character index, which is the text's index as long as
    the page has no character outside the BMP; on a page that has one, no line is marked.
    """
    if textpage.count_chars() != len(text):
        return set()
    starts: list[tuple[int, float, float]] = []  # line number, left edge, glyph width
    for number, match in enumerate(_LINE_START.finditer(text)):
        first = match.end()
        if first < len(text) and text[first] not in "\r\n":
            left, _, right, _ = textpage.get_charbox(first)
            starts.append((number, left, right - left))
    widths = sorted(width for _, _, width in starts if width > 0)
    if not widths:
        return set()
    glyph = widths[len(widths) // 2]
    # the margin is where most lines start (a page number or a table cell may stand further left)
    column = Counter(round(left / glyph) for _, left, _ in starts).most_common(1)[0][0]
    margin = min(left for _, left, _ in starts if round(left / glyph) == column)
    return {number for number, left, _ in starts if left - margin > _INDENT_GLYPHS * glyph}


_LINE_START = re.compile(r"(?:^|(?<=\n))[ \t]*")


def join_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Join page texts with ``"\\n"``; the offsets where each page starts.

    >>> join_pages(["第一页", "", "第三页"])
    ('第一页\\n\\n第三页', (0, 4, 5))
    """
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1
    return "\n".join(pages), tuple(starts)


# --------------------------------------------------------------------------------------------------
# Word

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}


def _read_docx(path: Path, data: bytes) -> ReaderResult:
    text, tables = read_docx_text(path)
    return text, "utf-8", (), tables


def read_docx_text(path: Path) -> tuple[str, list[RawTable]]:
    """The text of a ``.docx`` (body paragraphs and table rows in order, then its notes), its tables."""
    check_zip(path)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines: list[str | Grid] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_grids(block))
            else:
                lines.append(block.text)
        with zipfile.ZipFile(path) as archive:
            for part in ("word/footnotes.xml", "word/endnotes.xml"):
                if part in archive.namelist():
                    lines.extend(_note_lines(archive.read(part)))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… on broken parts
        raise InputError(f"corrupt .docx ({_one_line(exc)})") from None
    text, tables = write_blocks(lines)
    if not text.strip():
        raise InputError("empty document (no text in the .docx)")
    return text, tables


def check_zip(path: Path) -> None:
    """Refuse archives that are not Word documents, or that would inflate too far (zip bombs)."""
    limit = 10 * max_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"corrupt .docx (not a zip archive: {_one_line(exc)})") from None
    if not any(info.filename == "word/document.xml" for info in infos):
        raise InputError("corrupt .docx (no word/document.xml: not a Word document)")
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise InputError(f"zip bomb refused: members inflate to {total / 2**20:.0f} MiB")
    for info in infos:
        if info.file_size > 2**20 and info.file_size > _ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"zip bomb refused: {info.filename} inflates {info.file_size // max(info.compress_size, 1)}:1"
            )


def _table_grids(table: Any) -> list[Grid]:
    """A Word table as a grid (one line per row, merged cells once), then the tables nested in it."""
    grid, nested = docx_grid(table)
    grids = [grid] if grid is not None else []
    for inner in nested:
        grids.extend(_table_grids(inner))
    return grids


def _note_lines(xml: bytes) -> list[str]:
    """Each paragraph of every real footnote/endnote (not the separators Word keeps there)."""
    from lxml import etree

    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    lines = []
    for note in root:
        if note.get(f"{_W}type") in _NOTE_SKIP:
            continue
        for para in note.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in para.iter(f"{_W}t"))
            if text.strip():
                lines.append(text)
    return lines


def _read_doc(path: Path, data: bytes) -> ReaderResult:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            f"{path.suffix or 'legacy Word'} files need LibreOffice (soffice) on PATH; "
            "convert it to .docx or PDF first"
        )
    with tempfile.TemporaryDirectory(prefix="plan-extract-") as tmp:
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=_SOFFICE_TIMEOUT,
                env={**os.environ, "HOME": tmp},  # a private profile: parallel conversions don't collide
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(f"LibreOffice could not convert it ({_one_line(exc)})") from None
        converted = Path(tmp) / f"{path.stem}.docx"
        if not converted.is_file():
            raise InputError("LibreOffice could not convert it (no .docx produced)")
        text, tables = read_docx_text(converted)
        return text, "utf-8", (), tables


# --------------------------------------------------------------------------------------------------
# HTML


@cache
def html_rules() -> dict[str, Any]:
    """``rules/html.yaml``, with its lists turned into sets where order does not matter."""
    data = load_yaml("html.yaml")
    return {
        "content_selectors": list(data["content_selectors"]),
        "min_content_chars": int(data["min_content_chars"]),
        "drop_tags": set(data["drop_tags"]),
        "noise_substrings": tuple(data["noise_substrings"]),
        "noise_tokens": set(data["noise_tokens"]),
        "block_tags": set(data["block_tags"]),
        "cell_tags": set(data["cell_tags"]),
        "title_meta": list(data["title_meta"]),
    }


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u2002\u2003\u200b]+")


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a web page: BOM, else its ``<meta charset>``, else detection.

    >>> decode_html('<meta charset="gb2312"><p>碳达峰</p>'.encode("gbk"))
    ('<meta charset="gb2312"><p>碳达峰</p>', 'gb18030')
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        match = _META_CHARSET.search(data[:8192])
        if match:
            name = match.group(1).decode("ascii").lower()
            name = "gb18030" if name.replace("-", "_") in _GB_NAMES else name
            try:
                return data.decode(name), name
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back to detection
    return decode_bytes(data)


def _read_html(path: Path, data: bytes) -> ReaderResult:
    markup, encoding = decode_html(data)
    text, tables = write_blocks(html_blocks(markup))
    if not text.strip():
        raise InputError("no article text found in the page")
    return text, encoding, (), tables


def html_to_text(markup: str) -> str:
    """The article of a web page as lines of text: title first, navigation and footers dropped.

    >>> html_to_text('<html><body><div class="nav">首页 > 政策</div>'
    ...     '<div id="zoom"><p>一、总体要求</p><p>到2025年，森林覆盖率达到<b>60%</b>。</p></div>'
    ...     '<div class="footer">版权所有</div></body></html>')
    '一、总体要求\\n到2025年，森林覆盖率达到60%。'
    """
    return write_blocks(html_blocks(markup))[0]


def html_blocks(markup: str) -> list[str | Grid]:
    """The article of a web page as lines of text and the grids of its data tables."""
    from bs4 import BeautifulSoup

    rules = html_rules()
    soup = BeautifulSoup(markup, "lxml")
    title = _page_title(soup, rules)
    for tag in soup.find_all(rules["drop_tags"]):
        tag.decompose()
    container = _select_content(soup, rules)
    _drop_noise(container, rules)
    if container is soup.body or container is soup:
        container = _densest(container, rules) or container
    lines = _block_lines(container, rules)
    if title and not any(isinstance(line, str) and _squash(title) in _squash(line) for line in lines[:5]):
        lines.insert(0, title)
    return lines


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _page_title(soup: Any, rules: dict[str, Any]) -> str | None:
    for name in rules["title_meta"]:
        meta = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if meta is not None and meta.get("content", "").strip():
            return _WS.sub(" ", meta["content"]).strip()
    heading = soup.find("h1")
    if heading is not None and heading.get_text(strip=True):
        return _WS.sub(" ", heading.get_text(" ", strip=True))
    return None


def _select_content(soup: Any, rules: dict[str, Any]) -> Any:
    for selector in rules["content_selectors"]:
        for element in soup.select(selector):
            if len(_squash(element.get_text())) >= rules["min_content_chars"]:
                return element
    return soup.body or soup


def _is_noise(tag: Any, rules: dict[str, Any]) -> bool:
    names = " ".join([*(tag.get("class") or []), tag.get("id") or ""]).lower()
    if not names.strip():
        return False
    if any(part in names for part in rules["noise_substrings"]):
        return True
    return any(token in rules["noise_tokens"] for token in re.split(r"[\s_\-]+", names))


def _drop_noise(container: Any, rules: dict[str, Any]) -> None:
    for tag in container.find_all(True):
        if tag.decomposed:
            continue
        if _is_noise(tag, rules):
            tag.decompose()


def _densest(root: Any, rules: dict[str, Any]) -> Any | None:
    """The element whose own paragraphs hold the most text (links count against it)."""
    scores: dict[int, tuple[int, Any]] = {}
    for para in root.find_all(["p", "br", "font", "span"]):
        parent = para.parent
        if parent is None:
            continue
        length = len(_squash(para.get_text())) if para.name != "br" else 5
        score, _ = scores.get(id(parent), (0, parent))
        scores[id(parent)] = (score + length, parent)
    for element_id, (score, element) in list(scores.items()):
        links = sum(len(_squash(a.get_text())) for a in element.find_all("a"))
        scores[element_id] = (score - 2 * links, element)
    if not scores:
        return None
    score, element = max(scores.values(), key=lambda pair: pair[0])
    return element if score > 0 else None


def _block_lines(container: Any, rules: dict[str, Any]) -> list[str | Grid]:
    """Walk the tree: text joins the current line; block elements end it; a data table is a grid,
    the cells of a layout table are tab-separated."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    lines: list[str | Grid] = []
    current: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(current)).strip()
        line = re.sub(r" ?\x1f ?", "\t", line).strip("\t ")
        if line:
            lines.append(line)
        current.clear()

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "table":
                    grid = html_grid(child, _cell_text)
                    if grid is not None:
                        flush()
                        lines.append(grid)
                        continue
                if child.name in rules["cell_tags"]:
                    if current:
                        current.append("\x1f")  # a cell boundary, restored as a tab after squashing
                    walk(child)
                    continue
                block = child.name in rules["block_tags"]
                if block:
                    flush()
                walk(child)
                if block:
                    flush()

    walk(container)
    flush()
    return lines


def _cell_text(cell: Any) -> str:
    """The text of a table cell: its strings with white space runs as one space (a leading
    indent of spaces kept, for sub-rows)."""
    text = cell.get_text(" ")
    lead = len(text) - len(text.lstrip(" \u3000\u00a0\t\r\n"))
    indent = text[:lead].replace("\n", "").replace("\r", "").replace("\t", "")
    return indent + _WS.sub(" ", text).strip()


def _one_line(exc: BaseException | str) -> str:
    """An exception as a short single line.

    >>> _one_line(ValueError("bad\\nthing"))
    'ValueError: bad thing'
    """
    if isinstance(exc, str):
        text = exc
    else:
        detail = " ".join(str(exc).split())
        text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return text[:300]


_READERS = {
    "txt": _read_text,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "doc": _read_doc,
    "html": _read_html,
}
