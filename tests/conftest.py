"""Fixtures and hooks shared by every test; helpers live in tests/helpers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportlint.engine import Linter
from reportlint.packs.load import load_packs
from reportlint.packs.pack import PackSet
from tests.helpers import EXAMPLE

CORPUS_TESTS = Path(__file__).parent / "corpus"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/corpus/ reads the whole shared corpus: marked `corpus`, so a
    quick run can leave them out (`pytest -m "not corpus"`)."""
    for item in items:
        if item.path.is_relative_to(CORPUS_TESTS):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def packs() -> PackSet:
    return load_packs()


@pytest.fixture(scope="session")
def linter(packs: PackSet) -> Linter:
    return Linter(packs)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository folder (a `.git` marker) as the working directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_repository(tmp_path_factory):
    """Runs of the CLI in tests cache under a temporary folder, not the working tree."""
    os.environ["REPORTLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("reportlint-cache"))
