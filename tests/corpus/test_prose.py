"""RL5xx on real published reports, read at test time from the shared corpus: the prose
phrasings of several organs, one number changed in a temporary copy, and the unmodified
reports that really are consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import CORPUS, codes, lint_file, position_of

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")

# Reports whose prose agrees with their tables (INDEX.md; checked by hand).
CONSISTENT = ["guanzhuang-2024.txt", "full/huaian-2024.txt", "full/hongze-2023.txt",
              "full/pingtan-2019.txt", "full/pingtan-2020.txt", "full/pingtan-2022.txt",
              "full/pingtan-2023.txt"]
# Partial reports: every one but 026-2023, whose text says 受理…2件 where the table has 3.
PARTIAL = sorted(p.name for p in (CORPUS / "partial").glob("*.txt")) if CORPUS.is_dir() else []


def rl5(findings):
    return [f for f in findings if f.code.startswith("RL5")]


def changed(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, str]:
    """A temporary copy of a corpus report with one phrase changed."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path = tmp_path / Path(name).name
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize("name", CONSISTENT)
def test_no_prose_finding_on_consistent_reports(linter, name):
    assert rl5(lint_file(linter, CORPUS / name)) == []


@pytest.mark.parametrize("name", [n for n in PARTIAL if n != "026-2023.txt"])
def test_no_prose_finding_on_consistent_partial_reports(linter, name):
    assert rl5(lint_file(linter, CORPUS / "partial" / name)) == []


@pytest.mark.parametrize(("name", "old", "new", "needle", "code"), [
    # 官庄镇: "收到政府信息公开申请2件" (本年新收 2)
    ("guanzhuang-2024.txt", "收到政府信息公开申请2件", "收到政府信息公开申请3件", "3件", "RL501"),
    # 淮安: "答复 3050件（含上年度结转申请 34件，另有 103件顺延到下年度", PDF line breaks inside
    ("full/huaian-2024.txt", "复 3050件", "复 3051件", "3051件", "RL502"),
    ("full/huaian-2024.txt", "另有 103件", "另有 104件", "104件", "RL503"),
    ("full/huaian-2024.txt", "行政复议 351", "行政复议 350", "350", "RL505"),
    # 平潭 2022: "收到…申请75件" counts 74 new + 1 carried over; 76 matches neither
    ("full/pingtan-2022.txt", "申请75件", "申请76件", "76件", "RL501"),
    # 平潭 2023: "予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%…"
    ("full/pingtan-2023.txt", "不予公开5件", "不予公开6件", "6件", "RL504"),
    ("full/pingtan-2023.txt", "占6.17%", "占7.17%", "7.17%", "RL508"),
    ("full/pingtan-2023.txt", "行政诉讼案件7件", "行政诉讼案件8件", "8件", "RL505"),
])
def test_one_changed_number_is_found_at_that_number(linter, tmp_path, name, old, new, needle,
                                                     code):
    path, text = changed(tmp_path, name, old, new)
    findings = rl5(lint_file(linter, path))
    assert codes(findings) == [code]
    assert (findings[0].span.line, findings[0].span.column) == \
        position_of(text, needle, text[:text.index(new)].count(needle) + 1)


def test_nothing_received_against_nonzero_table(linter, tmp_path):
    # 官庄镇 says "未收到相关行政复议和行政诉讼"; its table 四 is all zero. Put a case in it.
    path, text = changed(tmp_path, "guanzhuang-2024.txt", "共收到政府信息公开申请2件",
                         "未收到政府信息公开申请")
    findings = rl5(lint_file(linter, path))
    assert codes(findings) == ["RL507"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "未收到政府")


def test_shanghai_2019_contradictions_are_found(linter):
    # INDEX.md: the text says 予以公开及部分公开258件 (table 275) and 无法提供265件 (table 337).
    path = CORPUS / "full" / "shanghai-govoffice-2019.txt"
    text = path.read_text(encoding="utf-8")
    findings = rl5(lint_file(linter, path))
    assert codes(findings) == ["RL504", "RL504", "RL508"]
    assert [(f.span.line, f.span.column) for f in findings] == [
        position_of(text, "258件"), position_of(text, "265件"), position_of(text, "32.9%")]
    assert [(f.actual, f.expected) for f in findings[:2]] == [(258, 275), (265, 337)]
    # 32.9% of 805 handled is 265, the sub-row; the group's blanks make 337 a lower bound
    assert "≥41.86%" in findings[2].message


def test_changchun_2023_text_contradicts_its_table(linter):
    # INDEX.md: "共受理政府信息公开申请2件", but 本年新收 = 3.
    path = CORPUS / "partial" / "026-2023.txt"
    text = path.read_text(encoding="utf-8")
    findings = rl5(lint_file(linter, path))
    assert codes(findings) == ["RL501"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "2件")
