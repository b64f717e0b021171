"""Loading of the data files in ``rules/``: once, with errors that name the file.

Rules are data a researcher edits without touching code.  Every file opens
with a comment header that documents its own syntax; this module only reads
them.  Loaders are cached, so each file is parsed once per process.

Where the files are found, first match wins:

1. ``$PLAN_EXTRACT_RULES``, a folder of rule files (a researcher's variant);
2. the repository's ``rules/`` when the package runs from a checkout (an editable
   install, or ``python -m pipeline`` in the repository): the place to edit them;
3. the copy inside the installed package, ``pipeline/_rules``, found through
   ``importlib.resources``: a wheel carries the repository's ``rules/`` there
   (``[tool.setuptools.package-dir]`` in ``pyproject.toml``).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleSyntaxError

#: The name of the rule folder inside the installed package (a wheel's copy of ``rules/``).
PACKAGED = "_rules"


def find_rules_dir() -> Path:
    """The folder the rule files are read from (see the module docstring for the order).

    >>> (find_rules_dir() / "targets.yaml").is_file()
    True
    """
    override = os.environ.get("PLAN_EXTRACT_RULES")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    # An installed wheel: pip unpacks it onto the file system, so this is a real folder.
    return Path(str(resources.files("pipeline") / PACKAGED))


#: Where the rule files live, decided once per process by ``find_rules_dir``.
RULES_DIR = find_rules_dir()


#: libyaml's parser where PyYAML was built with it: the same documents, ten times faster to read.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def rule_path(name: str) -> Path:
    """The path of the rule file ``name`` (``"agencies.yaml"``)."""
    path = RULES_DIR / name
    if not path.is_file():
        raise RuleSyntaxError(str(path), None, "rule file not found")
    return path


@cache
def load_yaml(name: str) -> Any:
    """Parse ``rules/<name>`` as YAML; a syntax error names the file and line."""
    path = rule_path(name)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise RuleSyntaxError(str(path), line, str(getattr(exc, "problem", exc))) from exc


def require(data: Any, key: str, kind: type, name: str) -> Any:
    """``data[key]``, checked to be of ``kind``; else a ``RuleSyntaxError`` for ``name``."""
    if not isinstance(data, dict) or key not in data:
        raise RuleSyntaxError(str(RULES_DIR / name), None, f"missing top-level key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleSyntaxError(
            str(RULES_DIR / name), None, f"{key!r} must be a {kind.__name__}, not {type(value).__name__}"
        )
    return value


def alternation(patterns: list[str], key: str, name: str) -> str:
    """``patterns`` of rule file ``name`` as one alternation, each checked first: a bad one is a
    ``RuleSyntaxError`` naming the file and the key.

    >>> alternation(["a+", "b"], "demo", "layout.yaml")
    '(?:a+)|(?:b)'
    """
    import regex

    for p in patterns:
        try:
            regex.compile(p)
        except regex.error as exc:
            raise RuleSyntaxError(str(RULES_DIR / name), None, f"{key}: bad pattern {p!r}: {exc}") from exc
    return "|".join(f"(?:{p})" for p in patterns)
