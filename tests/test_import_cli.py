"""`reportlint import`: stdout by default, -o atomically, never over its source; input codes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from reportlint.cli import main
from reportlint.packs.pack import PackSet
from tests.helpers import CORPUS, EXAMPLE

SEED = CORPUS / "guanzhuang-2024.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="shared corpus not present")
READER_CODES = [f"RL0{n}" for n in range(11, 23)]


@needs_seed
def test_import_writes_yaml_to_stdout_with_source_positions(capsys) -> None:
    assert main(["import", str(SEED)]) == 0
    out = capsys.readouterr().out
    data = yaml.safe_load(out)
    assert data["meta"]["title"] == "蓟州区官庄镇2024年政府信息公开工作年度报告"
    assert data["tables"]["table2"]["penalty"] == [75]
    positions = data["source"]["positions"]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    line, column = map(int, positions["tables.table2.penalty.decisions"].split(":"))
    assert lines[line - 1][column - 1:].startswith("75")
    assert positions["meta.title"] == "2:1"
    assert data["source"]["form"] == "text"


@needs_seed
def test_import_to_file_is_checked_clean(tmp_path: Path, capsys) -> None:
    out = tmp_path / "guanzhuang.yaml"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["guanzhuang.yaml"]  # no temporary left
    assert main(["check", str(out), "--fail-on", "error"]) == 0


def test_import_refuses_to_overwrite_its_source(tmp_path: Path, capsys) -> None:
    source = tmp_path / "report.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    assert main(["import", str(source), "-o", str(source)]) == 2
    assert "refusing" in capsys.readouterr().err
    assert source.read_bytes() == EXAMPLE.read_bytes()
    link = tmp_path / "link.yaml"
    os.symlink(source, link)
    assert main(["import", str(source), "-o", str(link)]) == 2


def test_import_of_unreadable_file_fails_cleanly(tmp_path: Path, capsys) -> None:
    source = tmp_path / "report.txt"
    source.write_bytes(b"\x00\x01binary")
    assert main(["import", str(source)]) == 2
    assert "RL001" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.txt")]) == 2


def test_every_reader_code_is_a_documented_rule(packs: PackSet) -> None:
    rules = {r.code: r for r in packs.all_rules()}
    for code in READER_CODES:
        rule = rules[code]
        assert rule.check == "input"
        assert rule.message["zh"] and rule.message["en"]
        assert {"what", "why", "fix"} <= set(rule.doc)


def test_import_lists_what_it_could_not_read(capsys) -> None:
    source = CORPUS / "full" / "pingtan-2023.txt"
    if not source.is_file():
        pytest.skip("shared corpus not present")
    assert main(["import", str(source)]) == 0
    captured = capsys.readouterr()
    assert "#   RL015 tables.table3.granted at 1:" in captured.out
    assert "RL015" in captured.err
    assert "granted" not in yaml.safe_load(captured.out)["tables"]["table3"]
