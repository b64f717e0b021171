"""Start-up (issue #10): what a command imports.  No timings here (they live in benchmarks/).

Libraries that only some inputs or options need (PDF, Word and HTML readers, spaCy, pint,
pandas, pyarrow, dask, the process pool) must not load for ``--help`` or for a run of one
plain-text plan, so that both start fast.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = [
    "spacy",
    "pint",
    "numpy",
    "pandas",
    "pyarrow",
    "dask",
    "pypdfium2",
    "pdfplumber",
    "docx",
    "bs4",
    "lxml",
    "charset_normalizer",
    "tqdm",
    "concurrent.futures.process",
]


def imported_after(code: str, tmp_path: Path) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    # run from tmp_path, so that the package comes from the install, as for `plan-extract`
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_help_imports_no_extractor(tmp_path):
    modules = imported_after(
        "from pipeline.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass", tmp_path
    )
    assert not {*HEAVY, "jieba", "cn2an", "regex", "pipeline.document"} & modules


def test_one_text_plan_imports_none_of_the_optional_libraries(tmp_path):
    plan = ROOT / "corpus" / "raw" / "xingguo.txt"
    modules = imported_after(
        f"from pipeline.cli import main\nmain(['run', {str(plan)!r}, '--out', {str(tmp_path / 'out')!r}, '--no-progress'])",
        tmp_path,
    )
    assert "pipeline.document" in modules  # it did extract the plan
    assert not set(HEAVY) & modules, set(HEAVY) & modules


def test_rare_units_are_read_without_pint(tmp_path):
    # units pint would be asked about if the norm table did not answer: a rate over a product of
    # bases, a mass per kWh, a concentration, an unknown Chinese base
    sentences = "平均降尘量不得高于7.5吨/月·平方公里；供电煤耗降至295克标煤/千瓦时；PM2.5浓度35微克/立方米；人均6773千瓦时/人。"
    modules = imported_after(
        f"from pipeline.document import build_document, raw_from_text\nbuild_document(raw_from_text({sentences!r}))",
        tmp_path,
    )
    assert "pipeline.units" in modules and "pint" not in modules
