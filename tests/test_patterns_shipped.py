"""Patterns ship compiled (reportlint/patterns.pickle): the table holds what a lint of the
examples compiles, each entry is what the installed regex compiles from its source, a table made
by another regex is never used, and a run with the table finds what a run without it finds."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
import regex

from reportlint import patterns
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)


def _table(raw: bytes) -> dict:
    return pickle.loads(raw)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("patterns") / "patterns.pickle"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_packs.py"), "--patterns-to", str(out)],
                   check=True)
    return _table(out.read_bytes())


def test_the_shipped_table_holds_the_patterns_a_lint_of_the_examples_compiles(built):
    shipped = _table(patterns.SHIPPED.read_bytes())
    assert set(shipped["patterns"]) == set(built["patterns"]), \
        "the patterns changed: run python scripts/compile_packs.py"
    assert len(shipped["patterns"]) > 50


def test_each_shipped_pattern_is_what_this_regex_compiles_from_its_source():
    shipped = _table(patterns.SHIPPED.read_bytes())
    if shipped["key"] != patterns.shipped_key():
        pytest.skip(f"the table is for {shipped['key']}, not {patterns.shipped_key()}: "
                    "it is not used (run python scripts/compile_packs.py)")
    for (source, flags), raw in shipped["patterns"].items():
        loaded, fresh = pickle.loads(raw)._pickled_data, regex.compile(source, flags)._pickled_data
        assert loaded[0] == source
        # the same program but for the order of its first-character sets (by object identity)
        assert loaded[:2] + loaded[3:] == fresh[:2] + fresh[3:], source
        assert sorted(loaded[2]) == sorted(fresh[2]), source


def test_a_table_made_by_another_regex_is_not_used(tmp_path, monkeypatch):
    source = r"(?P<n>[0-9]+)件"
    wrong = regex.compile(r"x")  # what a table for another version might turn the source into
    table = {"key": "regex 0.0 little", "patterns": {(source, 0): pickle.dumps(wrong, protocol=4)}}
    (tmp_path / "patterns.pickle").write_bytes(pickle.dumps(table))
    monkeypatch.setattr(patterns, "SHIPPED", tmp_path / "patterns.pickle")
    patterns._shipped.cache_clear()
    try:
        assert patterns.compile_pattern(source).pattern == source
        assert patterns.compile_pattern(source).search("共12件").group("n") == "12"
    finally:
        patterns._shipped.cache_clear()


def test_an_unreadable_table_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "patterns.pickle").write_bytes(b"not a pickle")
    monkeypatch.setattr(patterns, "SHIPPED", tmp_path / "patterns.pickle")
    patterns._shipped.cache_clear()
    try:
        assert patterns.compile_pattern(r"\d+").fullmatch("42")
    finally:
        patterns._shipped.cache_clear()


def test_a_lint_finds_the_same_with_and_without_the_table(tmp_path):
    generate.generate(tmp_path, reports=30, seed=3)  # reports with injected defects
    code = ("import sys\n"
            "from reportlint import patterns\n"
            "if sys.argv[1] == 'without': patterns._shipped = lambda: {}\n"
            "from reportlint.cli import main\n"
            "sys.exit(main(['check', '--isolated', '--no-cache', '--jobs', '1', '--format', 'jsonl',"
            " *sys.argv[2:]]))\n")
    files = sorted(str(p) for p in tmp_path.glob("*.yaml"))
    runs = [subprocess.run([sys.executable, "-c", code, how, *files], capture_output=True, text=True)
            for how in ("with", "without")]
    assert runs[0].stdout.count("\n") > 10  # the defects were found
    assert runs[0].stdout == runs[1].stdout and runs[0].returncode == runs[1].returncode
