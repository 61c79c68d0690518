"""bench/instructions.py: what one more file costs, from callgrind's counts."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import instructions

sys.path.pop(0)

CALLGRIND_END = """==4711== Events    : Ir
==4711== Collected : 1059564862
==4711==
==4711== I   refs:      1,059,564,862
"""


def test_the_count_is_read_from_callgrinds_summary():
    assert instructions.collected(CALLGRIND_END) == 1_059_564_862
    with pytest.raises(RuntimeError, match="no count"):
        instructions.collected("==1== Memcheck, a memory error detector\n")


def test_one_more_file_costs_the_difference_over_the_files_added():
    runs: list[list[str]] = []

    def counter(command):
        runs.append(list(command))
        return 500_000 + 7_000 * (len(command) - 1)  # start-up, then 7,000 a file

    files = [f"r{i}.yaml" for i in range(40)]
    assert instructions.per_file(lambda fs: ["tool", *fs], files, 10, 30, counter) == 7_000
    assert [len(run) - 1 for run in runs] == [30, 10]
    with pytest.raises(ValueError):
        instructions.per_file(lambda fs: fs, files, 30, 10, counter)
    with pytest.raises(ValueError):
        instructions.per_file(lambda fs: fs, files, 10, 41, counter)


def test_the_sets_are_those_bench_run_leaves(tmp_path):
    corpus, clean = tmp_path / "corpus-20-3", tmp_path / "clean-20-3"
    (corpus / "html").mkdir(parents=True)
    (clean / "forms" / "md").mkdir(parents=True)
    for name in ("b.yaml", "a.yaml", "html/a.html"):
        (corpus / name).write_text("x", encoding="utf-8")
    (clean / "forms" / "md" / "a.md").write_text("x", encoding="utf-8")
    found = instructions.sets(tmp_path, 20, 3)
    assert [(name, [f.rsplit("/", 1)[-1] for f in files]) for name, files, _ in found] == [
        ("YAML, 40 % with one defect", ["a.yaml", "b.yaml"]), ("HTML pages", ["a.html"]),
        ("Markdown (text)", ["a.md"])]
    assert found[0][2] == instructions.FLOOR_YAML and found[2][2] == instructions.FLOOR_TEXT


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_a_process_that_does_more_counts_more():
    small = instructions.count([sys.executable, "-S", "-c", "pass"])
    large = instructions.count([sys.executable, "-S", "-c", "sum(range(200_000))"])
    assert small > 1_000_000 and large > small + 1_000_000
