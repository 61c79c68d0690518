"""Issue 12 (item 6): a folder tree or a `--jobs` built to exhaust the machine. Config lookup
asks each folder once (it was about cubic in the depth), a tree deeper than the walk follows is
RL001 at its deepest folder instead of a RecursionError, and the workers are capped."""

from __future__ import annotations

import os

from reportlint import batch, config
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
