"""Move the spans of gold records onto a new raw text of the same document.

A reader change (PDF indentation kept as leading spaces, tables written as rows) changes the raw
text a PDF gives, and with it every offset.  The gold stays the annotator's: this script aligns the
old raw text with the new one character by character (difflib) and moves every ``start``/``end`` of
sections, targets and blocks, then checks that each moved span holds the same characters (white
space aside) as before.  A span that does not survive is reported and the file is left unwritten.

    python tests/data/remap_gold.py OLD_RAW.txt NEW_RAW.txt GOLD.json [--write]

To get the old raw text of a committed PDF, run the reader of the commit the gold was made on
(``git worktree add /tmp/old <commit>`` and ``read_raw`` there).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path


def offset_map(old: str, new: str) -> list[int]:
    """For every offset ``0..len(old)`` of ``old``, the offset in ``new`` of the same character.

    Characters only in ``old`` map to where ``new`` goes on; ``len(old)`` maps to ``len(new)``.

    >>> offset_map("ab\\ncd", "ab\\n  cd")
    [0, 1, 2, 5, 6, 7]
    """
    mapping = [0] * (len(old) + 1)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            mapping[k] = j1 + (k - i1) if tag == "equal" else j1 + min(k - i1, max(j2 - j1 - 1, 0))
    mapping[len(old)] = len(new)
    return mapping


def _squeeze(text: str) -> str:
    return "".join(text.split())


def remap(record: dict, old: str, new: str) -> list[str]:
    """Move the spans of ``record`` in place; the problems found (empty when all moved cleanly)."""
    mapping = offset_map(old, new)
    problems = []
    for layer in ("sections", "targets", "responsibilities"):
        for item in record.get(layer) or []:
            if item.get("start") is None:
                continue  # table targets may have no span
            start, end = item["start"], item["end"]
            before = old[start:end]
            # the first character keeps its place; the end follows the last character
            item["start"], item["end"] = mapping[start], mapping[end - 1] + 1 if end > start else mapping[end]
            after = new[item["start"] : item["end"]]
            if _squeeze(before) != _squeeze(after):
                problems.append(f"{layer}@{start}: {before!r} -> {after!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_raw", type=Path)
    parser.add_argument("new_raw", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--write", action="store_true", help="rewrite GOLD.json when every span moved")
    args = parser.parse_args()
    old = args.old_raw.read_bytes().decode("utf-8")  # no newline translation: offsets count "\r"
    new = args.new_raw.read_bytes().decode("utf-8")
    record = json.loads(args.gold.read_text(encoding="utf-8"))
    problems = remap(record, old, new)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if args.write:
        args.gold.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.gold}: every span moved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
