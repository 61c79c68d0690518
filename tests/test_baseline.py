"""Baselines: written atomically, keyed by rule + file + data path, and shrinking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportlint import baseline as baselines
from tests.helpers import EXAMPLE, run_cli

PENALTY = "    penalty: [75]                    # 行政处罚"
ENFORCEMENT = "    enforcement: [0]"


def report(path: Path, penalty: str = "x75", enforcement: str = "0", top: str = "") -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(PENALTY, f"    penalty: [{penalty}]").replace(
        ENFORCEMENT, f"    enforcement: [{enforcement}]")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(top + text, encoding="utf-8")
    return path


@pytest.fixture
def repo(project: Path) -> Path:
    (project / ".reportlint.yaml").write_text("baseline: .reportlint-baseline.json\n",
                                              encoding="utf-8")
    return project


def entries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def test_baseline_is_written_relative_to_the_config_root(repo, capsys):
    report(repo / "reports" / "a.yaml")
    code, _, err = run_cli(capsys, "baseline", "reports")
    assert code == 0 and "wrote 1 finding(s)" in err
    [entry] = entries(repo / ".reportlint-baseline.json")
    assert (entry["code"], entry["path"], entry["data_path"], entry["count"]) == (
        "RL310", "reports/a.yaml", "tables.table2.penalty.decisions", 1)


def test_same_fingerprint_from_another_working_folder(repo, capsys, monkeypatch):
    report(repo / "reports" / "a.yaml")
    run_cli(capsys, "baseline", "reports/a.yaml")
    first = entries(repo / ".reportlint-baseline.json")
    monkeypatch.chdir(repo / "reports")
    run_cli(capsys, "baseline", "a.yaml")
    assert entries(repo / ".reportlint-baseline.json") == first


def test_check_with_baseline_shows_only_new_findings(repo, capsys):
    path = report(repo / "a.yaml")
    run_cli(capsys, "baseline", "a.yaml")
    code, out, err = run_cli(capsys, "check", "a.yaml")
    assert code == 0 and "RL310" not in out
    assert "1 known finding(s) not shown" in err
    report(path, enforcement="x0")
    code, out, _ = run_cli(capsys, "check", "--format", "concise", "a.yaml")
    assert code == 1
    [line] = out.splitlines()
    assert "RL310" in line and "行政强制" in line


def test_baseline_survives_an_edit_that_moves_lines(repo, capsys):
    path = report(repo / "a.yaml")
    run_cli(capsys, "baseline", "a.yaml")
    report(path, top="# 修订说明：补充了联系方式\n# 第二行注释\n\n")
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 0 and "RL310" not in out and "RL094" not in out


def test_a_second_identical_finding_is_new(repo, capsys):
    path = report(repo / "a.yaml")
    text = path.read_text(encoding="utf-8")
    run_cli(capsys, "baseline", "a.yaml")
    baseline = repo / ".reportlint-baseline.json"
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["entries"][0]["count"] = 2
    baseline.write_text(json.dumps(data), encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", "--show-info", "a.yaml")
    assert "RL094" in out and "少了 1 个" in out  # one of the two baselined is gone
    assert code == 0  # RL094 is info: it does not fail at the default fail-on


def test_fixed_entry_is_reported_so_the_baseline_shrinks(repo, capsys):
    path = report(repo / "a.yaml")
    report(repo / "b.yaml", penalty="75", enforcement="x0")
    run_cli(capsys, "baseline", ".")
    baseline = repo / ".reportlint-baseline.json"
    report(path, penalty="75")  # fixed
    code, out, err = run_cli(capsys, "check", "--format", "concise", "--lang", "en",
                             "--show-info", ".")  # RL094 is a note: printed when asked
    text = baseline.read_text(encoding="utf-8")
    line = text[:text.index('"path": "a.yaml"')].count("\n") + 1
    [notice] = out.splitlines()
    assert notice.startswith(f"{baseline}:{line}:5: RL094 baseline entry no longer occurs: "
                             "RL310 at a.yaml tables.table2.penalty.decisions")
    assert "1 entry no longer occur" in err and code == 0
    assert run_cli(capsys, "check", "--fail-on", "info", ".")[0] == 1
    run_cli(capsys, "baseline", ".")
    assert [e["path"] for e in entries(baseline)] == ["b.yaml"]
    assert run_cli(capsys, "check", "--fail-on", "info", ".")[0] == 0


def test_entries_of_files_not_checked_are_not_gone_and_are_kept(repo, capsys):
    report(repo / "a.yaml")
    report(repo / "b.yaml")
    run_cli(capsys, "baseline", ".")
    code, out, _ = run_cli(capsys, "check", "a.yaml")
    assert code == 0 and "RL094" not in out
    report(repo / "a.yaml", penalty="75")
    run_cli(capsys, "baseline", "a.yaml")
    assert [e["path"] for e in entries(repo / ".reportlint-baseline.json")] == ["b.yaml"]


def test_command_line_baseline_and_output(repo, capsys):
    report(repo / "a.yaml")
    assert run_cli(capsys, "baseline", "-o", "other.json", "a.yaml")[0] == 0
    assert run_cli(capsys, "check", "--baseline", "other.json", "a.yaml")[0] == 0
    code, _, err = run_cli(capsys, "check", "--baseline", "missing.json", "a.yaml")
    assert code == 2 and "no baseline file" in err


def test_bad_baseline_file_is_a_usage_error(repo, capsys):
    report(repo / "a.yaml")
    (repo / ".reportlint-baseline.json").write_text("{not json", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "a.yaml")
    assert code == 2 and out == "" and "cannot read the baseline" in err


def test_write_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "b.json"
    target.write_text("old", encoding="utf-8")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(baselines.os, "replace", fail)
    with pytest.raises(OSError):
        baselines.write(target, {})
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]  # no temporary file left


def test_codes_not_selected_are_neither_gone_nor_dropped(repo, capsys):
    report(repo / "a.yaml", enforcement="/")  # RL310 (error) and RL311 (warning)
    run_cli(capsys, "baseline", "a.yaml")
    code, out, _ = run_cli(capsys, "check", "--select", "RL311", "--fail-on", "info", "a.yaml")
    assert code == 0 and "RL094" not in out
    run_cli(capsys, "baseline", "--select", "RL311", "a.yaml")
    assert sorted(e["code"] for e in entries(repo / ".reportlint-baseline.json")) == [
        "RL310", "RL311"]


def test_baseline_and_check_run_with_the_same_default_jobs(repo, capsys, monkeypatch):
    # `--help` says all cores; `baseline` used to run in one process whatever it said
    from reportlint import batch

    used = []
    real = batch.Batch.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        used.append(self.jobs)

    monkeypatch.setattr(batch.Batch, "__init__", spy)
    monkeypatch.setattr(batch, "default_jobs", lambda: 3)
    report(repo / "a.yaml")
    run_cli(capsys, "baseline", "a.yaml")  # first: a missing baseline stops `check` before it lints
    assert run_cli(capsys, "check", "a.yaml")[0] == 0
    assert used == [3, 3]
