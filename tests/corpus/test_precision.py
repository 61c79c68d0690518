"""Precision on the real corpus (bench/precision.py): no report's error findings change unseen.

A change that adds a false alarm on a real report, or loses a real defect, changes the error
findings of that report; this test fails and says which, with what was added and what went.
Read them; then fix the change, or accept it with `python bench/precision.py --update`.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import precision

sys.path.pop(0)

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def test_the_error_findings_of_every_corpus_report_are_as_expected() -> None:
    expected = json.loads(precision.EXPECTED.read_text(encoding="utf-8"))
    reports = precision.by_report(precision.lint(CORPUS), CORPUS)
    assert set(reports) == set(expected)  # every report of the corpus is listed
    assert precision.changes(reports, expected) == {}


def test_a_changed_error_is_flagged_with_what_was_added_and_what_went() -> None:
    reports = {"a.txt": [{"code": "RL302", "severity": "error", "data_path": "tables.table3",
                          "line": 1, "column": 1},
                         {"code": "RL014", "severity": "info", "data_path": "", "line": 1,
                          "column": 1}]}
    assert precision.changes(reports, {"a.txt": ["RL302 tables.table3"]}) == {}
    assert precision.changes(reports, {"a.txt": ["RL301 tables.table3"]}) == {
        "a.txt": (["RL302 tables.table3"], ["RL301 tables.table3"])}
    assert precision.table(reports)[1].split() == ["a.txt", "1", "0", "1", "RL014", "RL302"]
