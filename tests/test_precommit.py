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


WORKFLOW = "name: lint\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"


@pytest.fixture
def mixed_repo(project: Path) -> Path:
    """A report repository that also holds other tools' YAML and JSON."""
    (project / ".github" / "workflows").mkdir(parents=True)
    (project / ".github" / "workflows" / "lint.yml").write_text(WORKFLOW, encoding="utf-8")
    (project / ".gitlab-ci.yml").write_text("test:\n  script: [make]\n", encoding="utf-8")
    (project / "package.json").write_text('{"name": "site", "version": "1.0.0"}\n', encoding="utf-8")
    (project / "site.json").write_text('{"title": "政务公开", "pages": 12}\n', encoding="utf-8")
    (project / "shiqiao-2024.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return project


HOOK_ARGS = ("check", "--force-exclude", "--skip-non-reports")
OTHER_FILES = (".github/workflows/lint.yml", ".gitlab-ci.yml", "package.json", "site.json")


def test_hook_passes_other_tools_files_over_without_a_word(mixed_repo, capsys):
    from tests.helpers import run_cli

    code, out, err = run_cli(capsys, *HOOK_ARGS, *OTHER_FILES)
    assert (code, out, err) == (0, "检查 0 个文件，未发现问题。\n", "")
    code, out, _ = run_cli(capsys, *HOOK_ARGS, *OTHER_FILES, "shiqiao-2024.yaml")
    assert code == 0 and "RL040" not in out and "检查 1 个文件" in out


def test_a_person_who_names_another_tools_file_is_told_why_it_is_not_a_report(mixed_repo, capsys):
    from tests.helpers import run_cli

    code, out, _ = run_cli(capsys, "check", ".github/workflows/lint.yml", "package.json", "site.json")
    assert code == 1
    assert ".github/workflows/lint.yml:1:1: RL040" in out
    assert "YAML 文件中找不到年度报告的任何部分（没有 meta、sections 或 tables，其键为：name、on、jobs）" in out
    assert "package.json:1:1: RL040" in out and "site.json:1:1: RL040" in out


def test_known_tool_files_and_hidden_folders_are_not_walked(mixed_repo, capsys):
    from tests.helpers import run_cli

    code, out, _ = run_cli(capsys, "check", "--format", "concise", ".")
    assert code == 1  # site.json: a folder walk still explains what it cannot read
    assert [line.split(":")[0] for line in out.splitlines()] == ["site.json"]
