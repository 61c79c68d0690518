"""The README's pre-commit snippet, exactly as written, in a new git repository: ordinary files
(a CI workflow, package.json) commit, a broken web-text report and a broken YAML report are
blocked. reportlint comes from a wheel of this checkout (PIP_FIND_LINKS, as the README says),
not from the network."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportlint import __version__
from reportlint.readers import REPORT_PATTERNS
from tests.helpers import EXAMPLE, ROOT, init_git_repo, set_row_value

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install -e .[test])"),
]

WORKFLOW = """\
name: lint
on: [push]
jobs:
  reports:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: reportlint check reports/
"""
PACKAGE = '{"name": "report-site", "version": "1.0.0", "scripts": {"build": "vite build"}}\n'


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### pre-commit"):]
    return re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", section, re.DOTALL)[1]


def hook_definition() -> dict:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]


def test_readme_snippet_is_the_hook_definition_of_this_version():
    local = yaml.safe_load(readme_snippet())["repos"][0]["hooks"][0]
    hook = hook_definition()
    for key in ("id", "entry", "language", "files", "require_serial"):
        assert local[key] == hook[key], key
    assert local["additional_dependencies"] == [f"reportlint=={__version__}"]


@pytest.mark.parametrize("name", [
    "a.yaml", "reports/2024/b.yml", "c.json", "d.txt", "e.md", "f.html", "g.docx", "h.pdf",
    "i.yaml.bak", "j.JSON", "k.jsonl", "yaml", "l.txt~"])
def test_hook_files_pattern_is_the_default_include(name):
    """The hook passes exactly the files a folder walk picks up by default (REPORT_PATTERNS)."""
    import fnmatch

    by_hook = re.search(hook_definition()["files"], name) is not None
    by_include = any(fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], p) for p in REPORT_PATTERNS)
    assert by_hook == by_include


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def _text_report() -> str:
    from reportlint.packs.load import load_packs
    from tests.published_fixtures import render_text

    return render_text(load_packs(), "pipe")


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> dict[str, str]:
    wheels = tmp_path_factory.mktemp("wheels")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                            str(wheels), str(ROOT)], capture_output=True, text=True, check=False,
                           timeout=600)
    assert built.returncode == 0, built.stderr
    bin_dir = os.path.dirname(sys.executable)
    return {**os.environ, "PIP_FIND_LINKS": str(wheels), "PRE_COMMIT_COLOR": "never",
            "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def test_readme_snippet_lets_ordinary_files_through_and_blocks_broken_reports(tmp_path, hook_env):
    repo = init_git_repo(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text(readme_snippet(), encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "lint.yml").write_text(WORKFLOW, encoding="utf-8")
    (repo / "package.json").write_text(PACKAGE, encoding="utf-8")
    (repo / "requirements.txt").write_text("pyyaml>=6\n", encoding="utf-8")
    (repo / "site.json").write_text('{"title": "石桥镇政务公开", "pages": 12}\n', encoding="utf-8")
    reports = repo / "reports"
    reports.mkdir()
    example = EXAMPLE.read_text(encoding="utf-8")
    (reports / "shiqiao-2024.yaml").write_text(example, encoding="utf-8")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run([*pre_commit, "install"], cwd=repo, env=hook_env,
                               capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        _git(repo, "add", "-A")
        done = subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=hook_env,
                              capture_output=True, text=True, check=False, timeout=900)
        return done

    first = commit("workflow, package.json, a good report")
    assert first.returncode == 0, first.stdout + first.stderr

    text_report = reports / "guanzhuang-2024.txt"
    good_text = _text_report()
    text_report.write_text(good_text, encoding="utf-8")
    assert commit("a good web-text report").returncode == 0

    carried = "二、上年结转政府信息公开申请数量 | 0 |"
    assert carried in good_text
    broken_text = good_text.replace(carried, "二、上年结转政府信息公开申请数量 | 5 |", 1)
    text_report.write_text(broken_text, encoding="utf-8")
    blocked = commit("a broken web-text report")
    assert blocked.returncode != 0
    said = blocked.stdout + blocked.stderr  # git shows the hook's output on stderr
    assert "reports/guanzhuang-2024.txt:" in said and "RL301" in said
    _git(repo, "checkout", "--", "reports/guanzhuang-2024.txt")
    _git(repo, "reset", "-q")

    broken_yaml, _ = set_row_value(example, "outcome_total", 0, "3")
    (reports / "shiqiao-2024.yaml").write_text(broken_yaml, encoding="utf-8")
    blocked = commit("a broken YAML report")
    assert blocked.returncode != 0
    said = blocked.stdout + blocked.stderr
    assert "reports/shiqiao-2024.yaml:" in said and "RL301" in said

    everything = subprocess.run([*pre_commit, "run", "--all-files"], cwd=repo, env=hook_env,
                                capture_output=True, text=True, check=False, timeout=900)
    assert everything.returncode == 1, everything.stdout + everything.stderr
    assert "shiqiao-2024.yaml" in everything.stdout
    for ordinary in ("lint.yml", "package.json", "requirements.txt", "site.json", "RL040"):
        assert ordinary not in everything.stdout
