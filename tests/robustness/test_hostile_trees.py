"""Issue 12 (item 6): a folder tree or a `--jobs` built to exhaust the machine. Config lookup
asks each folder once (it was about cubic in the depth), a tree deeper than the walk follows is
RL001 at its deepest folder instead of a RecursionError, and the workers are capped."""

from __future__ import annotations

import os

from reportlint import batch, config, globs
from tests.helpers import EXAMPLE, run_cli


def _tree(root, depth: int) -> str:
    path = os.path.join(str(root), *["d"] * depth)
    os.makedirs(path)
    with open(os.path.join(path, "r.yaml"), "wb") as handle:
        handle.write(EXAMPLE.read_bytes())
    return path


def test_config_lookup_in_a_deep_tree_asks_each_folder_once(project, capsys, monkeypatch):
    _tree(project, 150)
    asked: list[object] = []
    real = config._config_in
    monkeypatch.setattr(config, "_config_in", lambda folder: asked.append(folder) or real(folder))
    code, out, err = run_cli(capsys, "check", ".")
    assert code == 0, err
    assert "1 " in out or "1 个文件" in out
    assert len(asked) == len(set(asked)) <= 150 + len(project.parts) + 1


def _work_of_a_walk(project, monkeypatch, capsys, depth: int) -> tuple[int, int]:
    """(lstat calls, glob matches) of `check` on a repository with one report `depth` folders
    down: what resolving paths and matching the excludes cost, counted, not timed."""
    tree = project / f"t{depth}"
    (tree / ".git").mkdir(parents=True)
    _tree(tree, depth)
    counts = [0, 0]
    lstat, matcher = os.lstat, globs._matcher

    def counted_lstat(*args, **kwargs):
        counts[0] += 1
        return lstat(*args, **kwargs)

    def counted_matcher(pattern):
        counts[1] += 1
        return matcher(pattern)

    with monkeypatch.context() as patch:
        patch.chdir(tree)
        patch.setattr(os, "lstat", counted_lstat)
        patch.setattr(globs, "_matcher", counted_matcher)
        code, _, err = run_cli(capsys, "check", "--no-cache", ".")
    assert code == 0, err
    return counts[0], counts[1]


def test_resolving_and_excluding_grow_linearly_with_the_depth(project, monkeypatch, capsys):
    # Each folder is resolved from its parent (one lstat, not one per folder above it) and its
    # exclude matches are its parent's plus its own name: the work added by 50 more folders is
    # the same at any depth. Resolving every folder above each path, and matching every exclude
    # pattern against every folder name above it, made the step from 50 to 100 about 4 times
    # the step from 25 to 50. (The first run also loads the packs: not counted.)
    work = {depth: _work_of_a_walk(project, monkeypatch, capsys, depth) for depth in (1, 25, 50, 100)}
    for kind, index in (("lstat calls", 0), ("glob matches", 1)):
        small = work[50][index] - work[25][index]
        large = work[100][index] - work[50][index]
        assert small > 0 and large <= 2.2 * small, (kind, work)


def test_a_tree_deeper_than_the_walk_is_a_finding_not_a_traceback(project, capsys):
    _tree(project, 260)
    code, out, err = run_cli(capsys, "check", ".", "--lang", "en", "--format", "concise")
    assert code == 1 and "Traceback" not in err, err
    [line] = [line for line in out.splitlines() if "RL001" in line]
    depth = line.split(":")[0].count("/") + 1
    assert depth == 200, line


def test_workers_are_capped_by_the_files_and_the_cores(monkeypatch):
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    assert batch.worker_count(100000, 10000) == 2 * batch.WORKERS_PER_CORE
    assert batch.worker_count(100000, 16) == 2
    assert batch.worker_count(3, 10000) == 3
