"""One-off: move the spans of gold records to the raw text the PDF reader writes since issue 9.

Since the readers keep tables, a PDF page that holds a table reads as its text above, the
table's rows (tab-separated cells) and its text below, where it used to read as PDFium's text of
the whole page.  Every other page reads as before.  Gold spans (sections, targets, blocks) that
point into the old raw text are moved here to the new one:

* both raw texts are rebuilt page by page from the PDF beside the gold record: the old one is
  PDFium's plain text of each page (``pdf_page_text`` without the table finder, the reader as
  it was), the new one is ``read_raw``;
* pages whose text is unchanged shift by the difference of their start offsets; a page that
  changed is aligned old → new with ``difflib.SequenceMatcher`` (characters, no junk
  heuristic), and each span end is carried over through the matching blocks;
* every moved span is checked: its text with white space removed must be the text it had
  (else the script stops and names the span), and a span that lay in a changed stretch is
  looked up by that text in the new page.

Paragraph gold is offset-free (strings) and is not touched.  Run from the repository root::

    .venv/bin/python tests/data/remap_offsets.py tests/data/real/r424_yunnan_ecology_fyp.json --write

Without ``--write`` it only reports what it would move.  Applied once (issue 9) to
``r424_yunnan_ecology_fyp`` and ``r561_hunan_renewable_fyp``, the two regression plans whose
PDFs hold tables; the other real PDFs read exactly as before.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import sys
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.read import pdf_page_text, read_raw
from pipeline.text import squeeze


def old_pages(pdf_path: Path) -> list[str]:
    """The page texts the reader wrote before issue 9 (PDFium's plain text of every page)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf_page_text(pdf[i])[0] for i in range(len(pdf))]
    finally:
        pdf.close()


def starts_of(pages: list[str]) -> list[int]:
    out, pos = [], 0
    for page in pages:
        out.append(pos)
        pos += len(page) + 1
    return out


class OffsetMap:
    """Old raw offset → new raw offset, page by page."""

    def __init__(self, old: list[str], new: list[str]) -> None:
        if len(old) != len(new):
            raise SystemExit(f"page counts differ: {len(old)} old, {len(new)} new")
        self.old, self.new = old, new
        self.old_starts, self.new_starts = starts_of(old), starts_of(new)
        self.blocks: dict[int, list[tuple[int, int, int]]] = {}
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
                self.blocks[i] = [(m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size]

    def page_of(self, offset: int) -> int:
        return bisect.bisect_right(self.old_starts, offset) - 1

    def point(self, offset: int) -> int | None:
        """The new offset of the old character at ``offset`` (None if it has no match)."""
        page = self.page_of(offset)
        local = offset - self.old_starts[page]
        if page not in self.blocks:
            return self.new_starts[page] + local
        for a, b, size in self.blocks[page]:
            if a <= local < a + size:
                return self.new_starts[page] + b + (local - a)
        return None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The new span of the old ``[start, end)``, its text (white space aside) unchanged."""
        old_text = squeeze(self.old_text[start:end])
        first, last = self.point(start), self.point(end - 1)
        if first is not None and last is not None and squeeze(self.new_text[first : last + 1]) == old_text:
            return first, last + 1
        # in a changed stretch: find the same text (white space aside) on the same page
        page = self.page_of(start)
        lo, hi = self.new_starts[page], self.new_starts[page] + len(self.new[page])
        hint = first if first is not None else lo
        found = _find_squeezed(self.new_text, old_text, lo, hi, hint)
        if found is None:
            raise SystemExit(f"cannot move span {start}-{end} {old_text!r}: not found on page {page + 1}")
        return found

    @property
    def old_text(self) -> str:
        return "\n".join(self.old)

    @property
    def new_text(self) -> str:
        return "\n".join(self.new)


def _find_squeezed(text: str, wanted: str, lo: int, hi: int, hint: int) -> tuple[int, int] | None:
    """The span in ``text[lo:hi]`` whose white-space-free text is ``wanted``, nearest to ``hint``."""
    best: tuple[int, int] | None = None
    for start in range(lo, hi):
        if text[start] != wanted[0]:
            continue
        k, pos = 0, start
        while pos < hi and k < len(wanted):
            if text[pos].isspace():
                pos += 1
                continue
            if text[pos] != wanted[k]:
                break
            k += 1
            pos += 1
        if k == len(wanted) and (best is None or abs(start - hint) < abs(best[0] - hint)):
            best = (start, pos)
    return best


def remap(gold_path: Path, write: bool) -> int:
    pdf_path = gold_path.with_suffix(".pdf")
    record = json.loads(gold_path.read_text(encoding="utf-8"))
    old = old_pages(pdf_path)
    raw = read_raw(pdf_path)
    new = [
        raw.text[s : (raw.page_starts[i + 1] - 1 if i + 1 < len(raw.page_starts) else len(raw.text))]
        for i, s in enumerate(raw.page_starts)
    ]
    mapping = OffsetMap(old, new)
    assert mapping.new_text == raw.text
    moved = 0
    for key in ("sections", "targets", "responsibilities"):
        for item in record.get(key) or []:
            if item.get("start") is None or item.get("end") is None:
                continue
            start, end = mapping.span(item["start"], item["end"])
            assert squeeze(raw.text[start:end]) == squeeze(mapping.old_text[item["start"] : item["end"]])
            if (start, end) != (item["start"], item["end"]):
                moved += 1
            item["start"], item["end"] = start, end
    print(f"{gold_path.name}: {moved} span(s) moved, {len(mapping.blocks)} page(s) changed")
    if write:
        gold_path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold records with the PDF beside them")
    parser.add_argument("--write", action="store_true", help="write the moved spans back")
    args = parser.parse_args(argv)
    for path in args.gold:
        remap(path, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
