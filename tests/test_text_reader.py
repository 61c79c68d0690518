"""The web-text / PDF-text reader and the assembler, on the shared seed report and mutations."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, position_of
from reportlint.engine import Linter
from reportlint.model import BLANK, NUMBER
from reportlint.readers import read_report
from reportlint.readers.assemble import split_glued
from reportlint.readers.text import to_blocks
from reportlint.rulepack import PackSet

SEED = CORPUS / "guanzhuang-2024.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="shared corpus not present")


def read(packs: PackSet, text: str, name: str = "report.txt"):
    return read_report(name, text.encode("utf-8"), packs)


@needs_seed
def test_seed_reads_title_sections_tables_and_contact(packs: PackSet) -> None:
    result = read(packs, SEED.read_text(encoding="utf-8"), str(SEED))
    report = result.report
    assert report is not None
    assert report.meta["title"].value == "蓟州区官庄镇2024年政府信息公开工作年度报告"
    assert report.meta["year"].value == 2024
    assert report.meta["organ"].value == "蓟州区官庄镇"
    assert [s.id for s in report.sections] == [
        "overview", "proactive", "requests", "appeals", "problems", "other"]
    assert set(report.tables) == {"table2", "table3", "table4"}
    assert report.section("requests").tables == ("table3",)
    penalty = report.tables["table2"].cell("penalty", "decisions")
    assert (penalty.kind, penalty.value, penalty.raw) == (NUMBER, 75, "75")
    text = SEED.read_text(encoding="utf-8")
    assert (penalty.span.line, penalty.span.column) == (position_of(text, "\n75 |")[0] + 1, 1)
    assert report.tables["table3"].cell("new", "total").value == 2
    assert len(report.tables["table4"].rows["cases"]) == 15
    assert report.contact["website"].value == "www.tjjz.gov.cn"
    assert "统计期限自2024年1月1日起至2024年12月31日止" in report.intro.value
    assert not [p for p in result.problems if p.code != "RL008"]


@needs_seed
def test_seed_has_no_error_finding(linter: Linter) -> None:
    findings = linter.lint_path(SEED)
    assert [f for f in findings if f.severity == "error"] == []
