"""The command line: output forms, selection, language and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint.cli import main
from tests.helpers import EXAMPLE, replace_once, set_row_value


@pytest.fixture
def broken(tmp_path: Path, example_text: str) -> Path:
    text, _ = set_row_value(example_text, "outcome_total", 0, "3")
    text = replace_once(text, "  website: www.yunxi.gov.cn\n", "")
    path = tmp_path / "broken-2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_example_exits_0(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_a_run_keeps_the_cycle_collector_on_with_rarer_young_passes(broken, capsys):
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # CPython's default
        assert main(["check", str(broken)]) == 1
        assert gc.isenabled()
        young, *_ = gc.get_threshold()
        assert young >= 100_000  # a young pass every hundred reports or so, not several a report
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # cycles are still found and freed
    finally:
        gc.set_threshold(*before)
    capsys.readouterr()


def test_findings_exit_1_with_lint_style_lines(broken, capsys):
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith(f"{broken}:") for line in out[:-1])
    assert any(line.split()[1:3] == ["RL301", "error"] and "表三「自然人」列" in line for line in out)
    assert out[-1].startswith("检查 1 个文件，发现")


def test_concise_output_is_lint_style_lines(broken, capsys):
    assert main(["check", "--format", "concise", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith(f"{broken}:") for line in out)
    assert any(" RL301 表三「自然人」列" in line for line in out)


def test_directory_is_walked_for_reports(broken, capsys):
    (broken.parent / "notes.txt.bak").write_text("x", encoding="utf-8")
    assert main(["check", str(broken.parent)]) == 1
    assert "检查 1 个文件" in capsys.readouterr().out


def test_json_output_has_positions_and_codes(broken, capsys):
    main(["check", "--format", "json", str(broken)])
    data = json.loads(capsys.readouterr().out)["findings"]
    first = next(item for item in data if item["code"] == "RL301")
    assert {"path", "line", "column", "code", "severity", "message"} <= set(first)
    assert first["code"] == "RL301" and first["data_path"] == "tables.table3.outcome_total.natural"
    assert first["expected"] == 2 and first["actual"] == 3


def test_select_and_ignore_by_code_or_prefix(broken, capsys):
    assert main(["check", "--select", "RL4", "--format", "concise", str(broken)]) == 0  # a warning
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["RL401"]
    assert main(["check", "--ignore", "RL3,RL401", str(broken)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_fail_on_warning_and_never(broken, capsys):
    assert main(["check", "--select", "RL401", "--fail-on", "warning", str(broken)]) == 1
    assert main(["check", "--fail-on", "never", str(broken)]) == 0


def test_english_messages(broken, capsys):
    main(["check", "--lang", "en", str(broken)])
    out = capsys.readouterr().out
    assert "Table 3, column natural persons" in out and out.strip().endswith("file(s).")


def test_bad_files_are_findings_and_the_run_goes_on(tmp_path, capsys):
    (tmp_path / "a-bad.yaml").write_text("meta: [\n", encoding="utf-8")
    (tmp_path / "b-dup.yaml").write_text("meta: {title: x, year: 1}\nmeta: {}\n", encoding="utf-8")
    (tmp_path / "c-good.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "--format", "concise", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "a-bad.yaml:2:1: RL002" in out and "b-dup.yaml:2:1: RL003" in out
    assert "Traceback" not in out
    assert main(["check", str(tmp_path)]) == 1
    assert "检查 3 个文件" in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", "--format", "xml", str(EXAMPLE)]) == 2
    assert main(["check", "--template", "annual-1999", str(EXAMPLE)]) == 2


def test_rules_lists_code_severity_name(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "RL301  错误    表三各列勾稽关系（table3-balance）" in lines


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "reportlint", "check", str(EXAMPLE)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# The command as its console script runs it (reportlint.cli.run), with an object whose
# finalizer prints at the interpreter's teardown and an exit handler that prints.
_AS_COMMAND = """
import atexit, sys
class Teardown:
    def __del__(self):
        print("teardown", file=sys.stderr)
kept = Teardown()
atexit.register(print, "exit handler", file=sys.stderr)
{before}
sys.argv = ["reportlint", *sys.argv[1:]]
from reportlint.cli import run
run()
"""


def _as_command(*argv: str, before: str = "",
                timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _AS_COMMAND.format(before=before), *argv],
                          capture_output=True, text=True, check=False, timeout=timeout)


def test_the_command_ends_without_teardown_and_loses_no_output(broken, tmp_path, capsys):
    """`reportlint` ends with os._exit once main() has returned (the teardown was 8 % of
    checking one file): every line reaches a pipe and an output file, the exit code is the
    run's, and the exit handlers still run."""
    files = [str(broken), str(EXAMPLE), str(broken)]
    assert main(["check", "--format", "jsonl", *files]) == 1
    expected = capsys.readouterr().out
    written = tmp_path / "out.sarif"
    result = _as_command("check", "--format", "jsonl", "--format", f"sarif:{written}", *files)
    assert result.returncode == 1
    assert result.stdout == expected and expected.count("\n") >= 4
    assert json.loads(written.read_text("utf-8"))["runs"][0]["results"]
    assert result.stderr == "exit handler\n"  # no "teardown": the interpreter was not torn down
    assert not [p for p in tmp_path.iterdir() if p.name != "out.sarif" and p != broken]


def test_the_command_waits_for_a_running_thread_and_tears_down_as_usual():
    # the thread starts as main() returns, so it still runs when the command ends, however
    # long the check took (a first run compiles every module)
    waiting = ("import threading, time, reportlint.cli\n"
               "checked = reportlint.cli.main\n"
               "def main():\n"
               "    code = checked()\n"
               "    threading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start()\n"
               "    return code\n"
               "reportlint.cli.main = main")
    result = _as_command("check", str(EXAMPLE), before=waiting)
    assert result.returncode == 0
    assert "thread done" in result.stdout and "未发现问题" in result.stdout
    assert result.stderr.splitlines() == ["exit handler", "teardown"]


def test_after_ctrl_c_the_command_does_not_wait_for_the_stopped_pools_threads():
    """A worker terminated while it writes a result can leave the pool's manager thread
    waiting for ever, and the interpreter's teardown waits for it: an interrupted run ends
    at once instead (here a thread that never ends stands for it)."""
    stuck = ("import threading, reportlint.cli\n"
             "threading.Thread(target=threading.Event().wait).start()\n"
             "reportlint.cli.main = lambda: reportlint.cli.EXIT_INTERRUPTED")
    result = _as_command(before=stuck, timeout=20)
    assert result.returncode == 130
    assert result.stderr == "exit handler\n"


COMMANDS = ["check", "baseline", "config", "import", "render", "new", "rules", "explain",
            "validate-rules", "serve"]


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command_is_chinese_unless_lang_en(command, capsys):
    import re

    chinese = _help(capsys, command, "--help")
    assert chinese.startswith("用法：reportlint " + command)
    assert "选项:" in chinese and "显示本帮助并退出" in chinese
    # every option's help is Chinese: no English sentence left (option names, metavars,
    # choices and package names aside)
    for line in chinese.splitlines()[1:]:
        words = re.sub(r"\[[^\]]*\]|\{[^}]*\}|-[-\w]+|reportlint\[\w+\]|[A-Z_]{2,}", "", line)
        assert not re.search(r"[a-z]{3,} [a-z]{3,}", words), line
    english = _help(capsys, command, "--help", "--lang=en")
    assert english.startswith("usage: reportlint " + command) and "options:" in english
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_the_command_list_is_chinese_too(capsys):
    out = _help(capsys, "--help")
    assert "检查报告文件和文件夹" in out and "检查政府信息公开工作年度报告" in out
