"""What the docs tell users to do works: the worked rule pack, and the CI files' commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from reportlint.cli import main
from tests.helpers import EXAMPLE, ROOT

DOCS = ROOT / "docs"


def worked_pack(tmp_path: Path) -> Path:
    """The files of docs/writing-rule-packs.md's worked example, written under tmp_path."""
    text = (DOCS / "writing-rule-packs.md").read_text(encoding="utf-8")
    files = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", text, flags=re.S)
    assert len(files) == 3
    for name, content in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return tmp_path / "my-packs"


def test_the_worked_pack_validates(tmp_path, capsys):
    packs = worked_pack(tmp_path)
    assert main(["validate-rules", str(packs)]) == 0, capsys.readouterr().err
    assert "1 pack(s)" in capsys.readouterr().out


def test_the_worked_pack_reports_its_rules_and_the_national_ones(tmp_path, capsys, example_text):
    packs = worked_pack(tmp_path)
    report = tmp_path / "report.yaml"
    report.write_text(example_text.replace("  phone: 0813-5551234\n", "")
                      .replace("[2, 0, 0, 0, 0, 0, 2]", "[2, 0, 0, 0, 0, 0, 3]", 1), "utf-8")
    assert main(["check", "--rules", str(packs), "--template", "yunxi", "--format", "concise",
                 str(report)]) == 1
    codes = [line.split()[1] for line in capsys.readouterr().out.splitlines()]
    assert "YX401" in codes and "RL303" in codes and "YX101" not in codes
    assert main(["check", "--rules", str(packs), "--template", "yunxi", str(EXAMPLE)]) == 0


def test_the_worked_pack_is_explained(tmp_path, capsys):
    packs = worked_pack(tmp_path)
    assert main(["explain", "YX101", "--rules", str(packs), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Failing example:" in out and "→ YX101 " in out


def ci_commands(name: str) -> list[list[str]]:
    data = yaml.safe_load((DOCS / "ci" / name).read_text(encoding="utf-8"))
    scripts = [step.get("run", "") for job in data.get("jobs", {}).values()
               for step in job.get("steps", [])]
    scripts += [line for job in data.values() if isinstance(job, dict)
                for line in job.get("script", [])]
    return [shlex.split(s)[1:] for s in scripts if s.startswith("reportlint check")]


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_files_run_as_written(name, tmp_path, monkeypatch, capsys, example_text):
    [command] = ci_commands(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.yaml").write_text(example_text, encoding="utf-8")
    assert main(command) == 0
    written = [spec.split(":", 1)[1] for spec in command if ":" in spec]
    assert written and all((tmp_path / file).stat().st_size > 0 for file in written)
