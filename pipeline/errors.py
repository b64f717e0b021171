"""Coded errors and warnings, in one place (after spaCy's ``errors.py``).

Every message starts with its code, so a researcher can grep a log for it and
find the explanation here.
"""

from __future__ import annotations


class PlanExtractError(Exception):
    """Base class of the errors this package raises on purpose."""


class InputError(PlanExtractError):
    """An input cannot be read: not text, unsupported format, encrypted, too large…"""


class InputWarning(UserWarning):
    """A reader noticed something about an input it could still read (``Warnings.W0xx``)."""


class RuleSyntaxError(PlanExtractError):
    """A file in ``rules/`` is malformed; the message names the file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"[E100] {where}: {message}")
        self.path = path
        self.line = line


class BaselineError(PlanExtractError):
    """The regression baseline (``corpus/gold/baseline.json``) is missing or malformed."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"[E110] {path}: {message}")
        self.path = path


class Warnings:
    """Warning texts that go into ``Document.warnings``; ``{}`` are filled in."""

    W001 = "[W001] no title found"
    W002 = "[W002] no date of issue found"
    W003 = "[W003] input ends inside a UTF-8 character (truncated file?); it was read as U+FFFD"
    W004 = "[W004] the table finder failed on page {page} ({error}); the page was read as text"
    W101 = "[W101] unknown agency kept as written: {name}"
    W102 = "[W102] responsibility bracket opened at raw offset {offset} is never closed"


class AnnotationError(PlanExtractError):
    """An annotation tool's export does not fit the raw text or the SPEC record.

    Codes (the message names the task and the region):

    * ``[E200]`` the raw text of a task cannot be found, or differs from the task's text;
    * ``[E201]`` a region's offsets fall outside the text or inside a UTF-16 surrogate pair;
    * ``[E202]`` a region's text is not the raw text at its offsets;
    * ``[E203]`` a field's value cannot be read (``target_year: '二〇二五'``);
    * ``[E204]`` a region's label, or a relation, is not one the export wrote;
    * ``[E205]`` a unit belongs to no block (no relation, and no block contains it).
    """
