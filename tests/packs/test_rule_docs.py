"""Rule docs come from the rule YAML: `explain`, docs/rules.md, and `validate-rules`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportlint.cli import main
from tests.helpers import ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_in_english_has_every_part_and_runs_the_examples(capsys):
    code, out, _ = run(capsys, "explain", "RL301", "--lang", "en")
    assert code == 0
    for heading in ("What it does:", "Why:", "Legal basis:", "How to fix:",
                    "Failing example:", "Passing example:"):
        assert heading in out
    assert "条例第四十七条" in out
    assert "set tables.table3.carried_forward[0] = 1" in out
    assert "→ RL301 Table 3, column natural persons" in out and "should be 1 (it is 2)" in out


def test_explain_in_chinese_by_default_and_by_name(capsys):
    code, out, _ = run(capsys, "explain", "table3-balance")
    assert code == 0
    assert out.startswith("RL301 表三各列勾稽关系（table3-balance）")
    assert "修改方法：" in out and "不合格示例：" in out
    assert "作用：\n  表三每一列：一、本年新收 + 二、上年结转" in out  # the doc's zh translation
    assert "勾稽关系不成立" in out  # the message of the failing example, in Chinese


def test_explain_an_unknown_code_is_a_usage_error(capsys):
    code, _, err = run(capsys, "explain", "RL999")
    assert code == 2 and "RL999" in err


def test_docs_rules_md_is_up_to_date(capsys):
    code, out, _ = run(capsys, "rules", "--format", "markdown", "--lang", "en")
    assert code == 0
    checked_in = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out == checked_in, ("docs/rules.md is stale: run "
                               "`reportlint rules --format markdown --lang en > docs/rules.md`")


# Runs the CLI with the system date moved to another day; the rest of the process is unchanged.
_ANOTHER_DAY = """
import datetime, sys

class _Date(datetime.date):
    @classmethod
    def today(cls):
        return cls(2031, 6, 30)

datetime.date = _Date
from reportlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_docs_rules_md_does_not_depend_on_the_date():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _ANOTHER_DAY, "rules", "--format", "markdown",
                           "--lang", "en"], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_rules_markdown_documents_every_rule(capsys):
    _, out, _ = run(capsys, "rules", "--format", "markdown", "--lang", "en")
    for code in ("RL001", "RL101", "RL301", "RL403"):
        assert f"\n## {code}\n" in out
    assert "### Failing example" in out and "### Passing example" in out


def test_validate_rules_accepts_the_built_in_pack(capsys):
    code, out, err = run(capsys, "validate-rules", str(ROOT / "rules"))
    assert code == 0, err
    assert "OK" in out.splitlines()[-1]


@pytest.fixture
def own_pack(tmp_path: Path) -> Path:
    """A user's pack: a copy of the national pack's template and one rule, with examples."""
    pack = tmp_path / "rules" / "county"
    (pack / "examples").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "annual-2021" / "template.yaml", pack / "template.yaml")
    shutil.copy(ROOT / "examples" / "shiqiao-2024.yaml", pack / "examples" / "report.yaml")
    (pack / "pack.yaml").write_text(
        "id: county\nname: 县级补充规则\ntemplate: template.yaml\n"
        "example: examples/report.yaml\napplies: {template: [county]}\n", encoding="utf-8")
    return pack


RULE = """rules:
  - code: XX101
    name: penalty-reported
    severity: warning
    check: compare
    params: {table: table2, rows: [penalty], left: [processed], op: "<=", right: [processed]}
    message: {zh: "{row}", en: "{row}"}
    doc: {what: w, why: y, fix: f}
    examples:
      fail: [{set: {"tables.table2.penalty[0]": 3}}]
      pass: [{set: {"tables.table2.penalty[0]": 4}}]
"""


def test_validate_rules_reports_a_failing_example_at_its_rule(own_pack, capsys):
    (own_pack / "checks.yaml").write_text(RULE, encoding="utf-8")
    code, _, err = run(capsys, "validate-rules", str(own_pack))
    assert code == 2
    assert f"{own_pack / 'checks.yaml'}:10:14: XX101 fail[0]: XX101 does not report the failing" \
        in err


def test_validate_rules_reports_an_unknown_check_with_file_and_line(own_pack, capsys):
    (own_pack / "checks.yaml").write_text(RULE.replace("check: compare", "check: comparre"),
                                          encoding="utf-8")
    code, _, err = run(capsys, "validate-rules", str(own_pack.parent))
    assert code == 2
    assert f"{own_pack / 'checks.yaml'}:5:5: rule XX101: unknown check 'comparre'" in err


def test_validate_rules_reports_bad_params_and_schema_errors(own_pack, capsys):
    (own_pack / "checks.yaml").write_text(RULE.replace('op: "<="', 'op: "=<"'), "utf-8")
    code, _, err = run(capsys, "validate-rules", str(own_pack))
    assert code == 2 and f"{own_pack / 'checks.yaml'}:6:" in err and "params" in err
    (own_pack / "checks.yaml").write_text(RULE.replace("severity: warning", "severity: high"),
                                          "utf-8")
    code, _, err = run(capsys, "validate-rules", str(own_pack))
    assert code == 2 and f"{own_pack / 'checks.yaml'}:4:" in err


def test_validate_rules_on_a_folder_without_a_pack(tmp_path, capsys):
    code, _, err = run(capsys, "validate-rules", str(tmp_path))
    assert code == 2 and "no pack.yaml" in err
