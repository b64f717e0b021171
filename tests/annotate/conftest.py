"""Fixtures of the annotation tests: the corpus run, the tests/data run and the astral run (``tests/review_runs.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_runs import astral_run, corpus_run, data_run


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_run(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def astral_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return astral_run(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_run(tmp_path_factory.getbasetemp())
