"""Issue 12 (item 9): a config built to exhaust the stack or memory is a config error with its
file (exit code 2): `tool = "x"` in pyproject.toml, arrays nested thousands deep, a chain of
more `extends` than any project writes, a config file larger than any config."""

from __future__ import annotations

import pytest

from reportlint.errors import MAX_SOURCE_BYTES
from tests.helpers import EXAMPLE, run_cli


@pytest.fixture
def report(project):
    path = project / "report.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.mark.parametrize("text", ['tool = "x"\n', "[tool]\nreportlint = 5\n"])
def test_a_tool_table_that_is_no_table_is_a_config_error(project, report, capsys, text):
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", report.name, "--config", "pyproject.toml")
    assert code == 2 and "Traceback" not in err
    assert "pyproject.toml:1:1:" in err, err


@pytest.mark.parametrize("name", ["pyproject.toml", ".reportlint.yaml"])
def test_arrays_nested_thousands_deep_are_a_config_error(project, report, capsys, name):
    deep = "[" * 5000 + "]" * 5000
    text = (f"[tool.reportlint]\nselect = {deep}\n" if name.endswith(".toml")
            else f"select: {deep}\n")
    (project / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "check", report.name, "--config", name)
    assert code == 2, err
    assert name in err and "deep" in err, err


def test_a_chain_of_too_many_extends_is_a_config_error(project, report, capsys):
    for index in range(1200):
        (project / f"c{index}.yaml").write_text(f"extends: c{index + 1}.yaml\n",
                                                encoding="utf-8")
    (project / "c1200.yaml").write_text("lang: en\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", report.name, "--config", "c0.yaml")
    assert code == 2, err
    assert "extends" in err and "more than" in err, err


def test_a_config_larger_than_any_config_is_refused_unread(project, report, capsys):
    path = project / ".reportlint.yaml"
    with open(path, "wb") as handle:  # sparse: no disk and no memory spent on the test
        handle.write(b"lang: en\n")
        handle.truncate(MAX_SOURCE_BYTES + 1)
    code, out, err = run_cli(capsys, "check", report.name, "--config", path.name)
    assert code == 2, err
    assert "larger than" in err, err
