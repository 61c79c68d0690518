"""Issue 12 (items 7 and 8): numbers and dates past what Python or the calendar holds are
findings or config errors, never RL099 or a traceback. The report cases are also in the
hostile folder (hostile_files.py: huge-int.*, year-typo.yaml, impossible-date.yaml)."""

from __future__ import annotations

import pytest

from reportlint.packs.load import PackError, load_pack
from tests.helpers import EXAMPLE, ROOT, replace_once, run_cli

HUGE = "7" * 5000


def _lint(project, capsys, text: str, name: str = "report.yaml", *args: str):
    (project / name).write_text(text, encoding="utf-8")
    return run_cli(capsys, "check", name, "--no-cache", "--lang", "en", *args)


@pytest.mark.parametrize("old, new, code, where", [
    ("penalty: [75]", f"penalty: [{HUGE}]", "RL310", "found '7777"),
    ("  year: 2024", "  year: 20244", "RL004",
     "meta.year: expected at most 9998 (a whole year, e.g. 2024), found 20244"),
    ("  year: 2024", "  year: 9999", "RL004", "found 9999"),
    ("  year: 2024", "  year: -1", "RL004", "found -1"),
    ("  year: 2024", f"  year: {HUGE}", "RL004", "meta.year"),
    ("  published: 2025-01-20", "  published: 2025-02-30", "RL004",
     "expected a date of the calendar (YYYY-MM-DD), found '2025-02-30'"),
    ("  published: 2025-01-20", "  published: 0000-01-01", "RL004", "found '0000-01-01'"),
])
def test_a_value_past_python_or_the_calendar_is_one_finding_about_it(project, capsys, old, new,
                                                                      code, where):
    exit_code, out, err = _lint(project, capsys, replace_once(EXAMPLE.read_text("utf-8"), old, new))
    assert exit_code == 1 and "Traceback" not in err
    assert "RL099" not in out and f" {code} " in out and where in out, out
    lines = [line for line in out.splitlines() if line.startswith("report.yaml:")]
    assert len(lines) == 1, out  # one finding: the value, not the date rules it breaks
    assert len(lines[0]) < 400  # a 5000-digit value is shown cut


@pytest.mark.parametrize("config, name", [
    (f"max-bytes: {HUGE}\n", ".reportlint.yaml"),
    ("max-bytes: 1e23\n", ".reportlint.yaml"),
    ("max-bytes: 9999999999999999999999999\n", ".reportlint.yaml"),
    (f"[tool.reportlint]\nmax-bytes = {HUGE}\n", "pyproject.toml"),
    ("[tool.reportlint]\nmax-bytes = 1e23\n", "pyproject.toml"),
])
def test_a_huge_number_in_a_config_is_a_config_error(project, capsys, config, name):
    (project / name).write_text(config, encoding="utf-8")
    exit_code, _out, err = _lint(project, capsys, EXAMPLE.read_text("utf-8"))
    assert exit_code == 2 and "Traceback" not in err
    assert f"{name}:1:" in err or f"{name}:2:" in err, err
    assert len(err) < 600 and "set_int_max_str_digits" not in err


@pytest.mark.parametrize("value", ["99999999999999999999999", "1e23", "0", "-5"])
def test_a_huge_max_bytes_on_the_command_line_is_a_usage_error(project, capsys, value):
    with pytest.raises(SystemExit) as raised:
        _lint(project, capsys, EXAMPLE.read_text("utf-8"), "report.yaml", "--max-bytes", value)
    assert raised.value.code == 2
    assert "from 1 to 1099511627776" in capsys.readouterr().err


def test_a_float_max_bytes_that_is_whole_is_taken(project, capsys):
    (project / ".reportlint.yaml").write_text("max-bytes: 1e6\n", encoding="utf-8")
    exit_code, _out, err = _lint(project, capsys, EXAMPLE.read_text("utf-8"))
    assert exit_code == 0, err


def test_a_huge_number_in_a_rule_pack_is_a_pack_error(tmp_path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "rules" / "annual-2021", pack)
    rules = pack / "tables.yaml"
    text = rules.read_text("utf-8")
    assert "limit: 100000000" in text
    rules.write_text(text.replace("limit: 100000000", f"limit: {HUGE}", 1), encoding="utf-8")
    with pytest.raises(PackError) as raised:
        load_pack(pack)
    assert "tables.yaml:" in str(raised.value) and len(str(raised.value)) < 600
