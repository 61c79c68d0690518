"""The pre-commit hook, through `pre-commit try-repo` on a throwaway repository: a bad report
fails, a good one passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, ROOT, init_git_repo, set_row_value

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e .[test])")
    return [sys.executable, "-m", "pre_commit"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def report_repo(tmp_path_factory) -> Path:
    repo = init_git_repo(tmp_path_factory.mktemp("reports"))
    text = EXAMPLE.read_text(encoding="utf-8")
    (repo / "good-2024.yaml").write_text(text, encoding="utf-8")
    bad, _ = set_row_value(text, "outcome_total", 0, "3")
    (repo / "bad-2024.yaml").write_text(bad, encoding="utf-8")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([*_pre_commit(), "try-repo", str(ROOT), "reportlint", "--files", *files],
                          cwd=repo, env=env, capture_output=True, text=True, check=False,
                          timeout=600)


def test_hook_fails_a_bad_report_and_passes_a_good_one(report_repo, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    bad = _try_repo(report_repo, home, "bad-2024.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad-2024.yaml:" in bad.stdout and "RL301" in bad.stdout
    good = _try_repo(report_repo, home, "good-2024.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
