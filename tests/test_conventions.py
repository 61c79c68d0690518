"""The conventions of the linters people know: stdin with --stdin-filename, --exclude and
--extend-exclude, gitignore-style `!` negation, -q, --exit-zero, --output-file, --color with
NO_COLOR/FORCE_COLOR, and an empty folder is a warning with exit 0."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from reportlint.outputs import wants_colour
from tests.helpers import EXAMPLE, run_cli

PENALTY = "    penalty: [75]                    # 行政处罚"
NOT_NUMBER = "    penalty: [x75]"  # RL310, error


def report(path: Path, broken: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace(PENALTY, NOT_NUMBER) if broken else text, encoding="utf-8")
    return path


def linted(out: str) -> list[str]:
    """The files named by concise output lines."""
    return sorted({line.split(":", 1)[0] for line in out.splitlines() if line})


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_read_as_the_file_stdin_filename_names(project, capsys, monkeypatch):
    data = report(project / "scratch.yaml").read_bytes()
    (project / "scratch.yaml").unlink()
    (project / "reports").mkdir()
    (project / "reports" / ".reportlint.yaml").write_text(
        "per-file-ignores: {'*-2023.yaml': [RL310]}\n", encoding="utf-8")
    feed(monkeypatch, data)
    code, out, _ = run_cli(capsys, "check", "-", "--stdin-filename", "reports/shiqiao-2024.yaml",
                           "--format", "concise")
    assert code == 1
    assert "reports/shiqiao-2024.yaml:" in out and "RL310" in out  # named as the editor's file
    feed(monkeypatch, data)  # the config beside the named file applies to what stdin holds
    code, out, _ = run_cli(capsys, "check", "-", "--stdin-filename", "reports/shiqiao-2023.yaml",
                           "--format", "concise")
    assert (code, "RL310" in out) == (0, False)


def test_stdin_filename_obeys_force_exclude_and_needs_the_dash(project, capsys, monkeypatch):
    (project / ".reportlint.yaml").write_text("exclude: [drafts]\n", encoding="utf-8")
    feed(monkeypatch, report(project / "x.yaml").read_bytes())
    code, out, _ = run_cli(capsys, "check", "-", "--stdin-filename", "drafts/a.yaml",
                           "--force-exclude")
    assert (code, out) == (0, "")
    code, _, err = run_cli(capsys, "check", "x.yaml", "--stdin-filename", "a.yaml")
    assert code == 2 and "`-`" in err


def test_exclude_replaces_the_configs_and_extend_exclude_adds(project, capsys):
    for name in ("reports/a.yaml", "drafts/b.yaml", "old/c.yaml"):
        report(project / name)
    (project / ".reportlint.yaml").write_text("exclude: [drafts]\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", ".", "--format", "concise")
    assert linted(out) == ["old/c.yaml", "reports/a.yaml"]
    _, out, _ = run_cli(capsys, "check", ".", "--format", "concise", "--extend-exclude", "old")
    assert linted(out) == ["reports/a.yaml"]
    _, out, _ = run_cli(capsys, "check", ".", "--format", "concise", "--exclude", "old,reports")
    assert linted(out) == ["drafts/b.yaml"]  # the config's `drafts` no longer applies
    code, _, err = run_cli(capsys, "check", ".", "--exclude", "[z-a]")
    assert code == 2 and "not a glob" in err


def test_a_negated_glob_takes_back_what_an_earlier_one_excluded(project, capsys):
    for name in ("reports/a-2024.yaml", "reports/a-2023.yaml", "reports/b-2023.yaml"):
        report(project / name)
    (project / ".reportlint.yaml").write_text(
        "exclude: ['*-2023.yaml', '!b-2023.yaml']\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", ".", "--format", "concise")
    assert linted(out) == ["reports/a-2024.yaml", "reports/b-2023.yaml"]
    # as in .gitignore, the last matching line decides: excluded again after the negation
    (project / ".reportlint.yaml").write_text(
        "exclude: ['*-2023.yaml', '!b-2023.yaml', 'b-*']\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", ".", "--format", "concise")
    assert linted(out) == ["reports/a-2024.yaml"]
    (project / ".reportlint.yaml").write_text(
        "include: ['reports/*.yaml', '!reports/a-*']\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", ".", "--format", "concise")
    assert linted(out) == ["reports/b-2023.yaml"]


def test_quiet_prints_findings_without_the_summary(project, capsys):
    report(project / "a.yaml")
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 1 and "检查 1 个文件" in out
    code, out, _ = run_cli(capsys, "check", "a.yaml", "-q")
    assert code == 1 and "RL310" in out and "检查" not in out


def test_exit_zero_keeps_the_findings_but_not_errors_of_use(project, capsys):
    report(project / "a.yaml")
    code, out, _ = run_cli(capsys, "check", "a.yaml", "--exit-zero")
    assert code == 0 and "RL310" in out
    assert run_cli(capsys, "check", "a.yaml", "--exit-zero", "--format", "nope")[0] == 2


def test_output_file_is_format_name_file(project, capsys):
    report(project / "a.yaml")
    code, out, _ = run_cli(capsys, "check", "a.yaml", "--format", "json", "--output-file",
                           "out.json")
    assert code == 1 and out == ""
    found = json.loads((project / "out.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in found["findings"]] == ["RL310"]
    run_cli(capsys, "check", "a.yaml", "-o", "out.txt")  # text by default
    assert "RL310" in (project / "out.txt").read_text(encoding="utf-8")
    assert run_cli(capsys, "check", "a.yaml", "-o", "x", "--format", "json:y")[0] == 2
    assert run_cli(capsys, "check", "a.yaml", "-o", "x", "--format", "json", "--format",
                   "sarif")[0] == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("mode", "env", "terminal", "colour"), [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_color_auto_always_never_with_no_color_and_force_color(mode, env, terminal, colour):
    stream = _Terminal() if terminal else io.StringIO()
    assert wants_colour(stream, env, mode) is colour


def test_color_on_the_command_line(project, capsys, monkeypatch):
    report(project / "a.yaml")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert "\033[" in run_cli(capsys, "check", "a.yaml", "--color", "always")[1]
    assert "\033[" not in run_cli(capsys, "check", "a.yaml")[1]  # captured: not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in run_cli(capsys, "check", "a.yaml")[1]
    assert "\033[" not in run_cli(capsys, "check", "a.yaml", "--color", "never")[1]


def test_an_empty_folder_is_a_warning_and_exit_0(project, capsys):
    (project / "empty").mkdir()
    code, out, err = run_cli(capsys, "check", "empty")
    assert (code, out) == (0, "")
    assert "没有报告文件" in err
    code, _, err = run_cli(capsys, "check", "empty", "--lang", "en")
    assert code == 0 and "no report files found in empty" in err
