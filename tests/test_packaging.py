"""Packaging: a wheel carries the rules, and its ``plan-extract`` extracts like the checkout.

``pip install .`` (not editable) used to give a command that failed on every document
(``[E100] …/site-packages/rules/layout.yaml: rule file not found``): the rules lived outside
the package.  These tests build the wheel the way ``pip install .`` does, from a copy of the
repository (so no build output lands in the work tree), install it into a fresh virtual
environment with no access to the repository, and extract a seed plan with it.

Offline: the wheel is built with ``--no-build-isolation`` (setuptools comes with the dev
extras) and installed with ``--no-deps --no-index``; the fresh environment borrows the
dependencies (spaCy, pandas…) of the running one through a ``.pth`` line, which adds those
folders to ``sys.path`` after its own ``site-packages`` (a ``.pth`` line does not run the
``.pth`` files of the folder it adds, so the editable install's path hook stays out).
Marked ``slow`` (about a minute): ``pytest -m "not slow"`` leaves them out.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from pipeline.document import build_document
from pipeline.read import read_raw

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "raw" / "xingguo.txt"
RULE_FILES = sorted(p.name for p in (ROOT / "rules").iterdir() if p.is_file())

pytestmark = pytest.mark.slow

_BUILD_LEFTOVERS = (".git", ".venv", "outputs", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
_NOT_SOURCE = shutil.ignore_patterns(*_BUILD_LEFTOVERS, ".hypothesis", ".benchmarks")


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def clean_env() -> dict[str, str]:
    """This process's environment without anything that points back into the repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PLAN_EXTRACT_RULES", "PYTHONPATH")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The repository's files, as a fresh clone has them (no venv, no build output)."""
    dst = tmp_path_factory.mktemp("src") / "plan-extract"
    shutil.copytree(ROOT, dst, ignore=_NOT_SOURCE)
    return dst


@pytest.fixture(scope="module")
def wheel(source_copy, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", ".", "--no-build-isolation", "--no-deps"]
    run([*pip_wheel, "--no-index", "--quiet", "-w", dist], source_copy)
    (built,) = dist.glob("plan_extract-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; returns its ``bin`` (``Scripts`` on Windows) folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-pip", venv], venv.parent)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    pip_install = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index"]
    run([*pip_install, "--quiet", wheel], venv.parent)
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv.parent)
    (Path(purelib.strip()) / "_borrowed_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return bindir


def test_wheel_carries_every_rule_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in RULE_FILES if f"pipeline/_rules/{name}" not in names]
    assert not missing, f"rule files left out of the wheel: {missing}"
    for name in RULE_FILES:
        packed = zipfile.ZipFile(wheel).read(f"pipeline/_rules/{name}")
        assert packed == (ROOT / "rules" / name).read_bytes(), name


def test_sdist_carries_the_rules_and_builds_a_wheel_with_them(source_copy, tmp_path):
    build_sdist = "import sys; from setuptools import build_meta as b; print(b.build_sdist(sys.argv[1]))"
    name = run([sys.executable, "-c", build_sdist, tmp_path], source_copy).strip().splitlines()[-1]
    with tarfile.open(tmp_path / name) as sdist:
        members = sdist.getnames()
        top = members[0].split("/")[0]
        assert all(f"{top}/rules/{rule}" in members for rule in RULE_FILES), "the sdist lacks rules/"
        sdist.extractall(tmp_path / "unpacked", filter="data")
    dist = tmp_path / "dist"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", ".", "--no-build-isolation", "--no-deps", "--no-index"]
    run([*pip_wheel, "--quiet", "-w", dist], tmp_path / "unpacked" / top)
    (built,) = dist.glob("plan_extract-*.whl")
    names = set(zipfile.ZipFile(built).namelist())
    assert {f"pipeline/_rules/{rule}" for rule in RULE_FILES} <= names


def test_installed_package_reads_its_own_rules(installed, tmp_path):
    python = installed / ("python.exe" if os.name == "nt" else "python")
    where = run(
        [python, "-c", "import pipeline, pipeline.rules as r; print(pipeline.__file__); print(r.RULES_DIR)"],
        tmp_path,
        clean_env(),
    ).splitlines()
    venv = installed.parent.resolve()
    package_file, rules_dir = Path(where[0]).resolve(), Path(where[1]).resolve()
    assert package_file.is_relative_to(venv), f"imported the checkout, not the wheel: {package_file}"
    assert rules_dir.is_relative_to(venv) and rules_dir.name == "_rules", rules_dir


def test_installed_command_extracts_what_the_checkout_extracts(installed, tmp_path):
    command = installed / ("plan-extract.exe" if os.name == "nt" else "plan-extract")
    out = tmp_path / "out"
    run([command, "run", SEED, "--out", out, "--jobs", "1", "--no-progress"], tmp_path, clean_env())
    manifest = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    assert ",ok," in manifest, manifest
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    installed_targets = json.loads(lines[0])["targets"]
    checkout_targets = build_document(read_raw(SEED)).to_json()["targets"]
    assert len(checkout_targets) > 40  # the seed plan's targets, not two empty lists
    assert installed_targets == checkout_targets
