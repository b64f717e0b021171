"""plan-extract: Chinese local-government plans into tidy, traceable data.

The public API, for notebooks and scripts::

    import pipeline
    doc = pipeline.extract("corpus/raw/xingguo.txt")     # a path, or the text itself
    frames = pipeline.to_frames([doc])                    # dict of pandas DataFrames
    pipeline.find_quantities("装机容量突破2.6万千瓦")        # every quantity in a text

Heavy modules (spaCy, pint, pandas) are imported on first use, so that
``import pipeline`` and ``plan-extract --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "extract": "pipeline.document",
    "build_document": "pipeline.document",
    "find_quantities": "pipeline.quantities",
    "to_frames": "pipeline.writers",
    "clean_layout": "pipeline.clean",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
