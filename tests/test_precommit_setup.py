"""End to end through `pre-commit try-repo`: a repository with a config file, a suppression,
a baseline and its own rule pack (the set-up docs/configuration.md shows)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, ROOT, init_git_repo, own_pack

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install -e .[test])"),
]

PENALTY = "    penalty: [75]                    # 行政处罚"
ENFORCEMENT = "    enforcement: [0]                 # 行政强制"
CONFIG = """\
# Reports of 云溪县; the province's own pack comes first.
rules: [packs]
baseline: .reportlint-baseline.json
exclude: [drafts]
force-exclude: true
fail-on: error
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def setup_repo(tmp_path_factory) -> Path:
    repo = init_git_repo(tmp_path_factory.mktemp("county"))
    own_pack(repo / "packs", "yunxi-2021", "RL311", "error")  # a placeholder cell is an error
    (repo / ".reportlint.yaml").write_text(CONFIG, encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8")
    reports = repo / "reports"
    reports.mkdir()
    (reports / "suppressed.yaml").write_text(text.replace(
        PENALTY, "    penalty: [x75]  # reportlint: ignore[RL310] -- 原表如此，已核实"),
        encoding="utf-8")
    (reports / "known.yaml").write_text(text.replace(PENALTY, "    penalty: [x75]"),
                                        encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.yaml").write_text("meta: {}\n", encoding="utf-8")
    baseline = subprocess.run([sys.executable, "-m", "reportlint", "baseline", "reports"],
                              cwd=repo, capture_output=True, text=True, check=False)
    assert baseline.returncode == 0, baseline.stderr
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "reportlint",
                           *args], cwd=repo, env=env, capture_output=True, text=True,
                          check=False, timeout=600)


def test_config_suppression_baseline_and_own_pack_through_pre_commit(setup_repo, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    # Every file: the draft and the dot files are excluded, the suppressed and the baselined
    # findings are not shown.
    clean = _try_repo(setup_repo, home, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    # A new problem fails, with the severity the repository's own pack gives it.
    known = setup_repo / "reports" / "known.yaml"
    text = known.read_text(encoding="utf-8")
    known.write_text(text.replace(ENFORCEMENT, '    enforcement: ["/"]'), encoding="utf-8")
    line = text[:text.index(ENFORCEMENT)].count("\n") + 1
    _git(setup_repo, "add", ".")
    failing = _try_repo(setup_repo, home, "--files", "reports/known.yaml", "drafts/wip.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert f"reports/known.yaml:{line}:19: RL311 error" in failing.stdout
    assert "RL310" not in failing.stdout and "wip.yaml" not in failing.stdout
