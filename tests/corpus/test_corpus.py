"""Every report of the shared corpus (../shared/corpus), read as published.

Files are discovered at test time, so reports added to the corpus are tested too. A complete
report (full/ and the seed) must be read with all three tables, or the gap must be a finding
that names the table; each cut-off report (partial/) must be read as far as it goes. The
defects noted in INDEX.md that the rules cover must be found, at their place in the file.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from reportlint import importer
from reportlint.engine import Linter
from reportlint.packs.pack import PackSet
from reportlint.readers import read_report, reader_for
from tests.helpers import CORPUS, lint_file, position_of

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def _readable(paths: list[Path]) -> list[Path]:
    return sorted(p for p in paths if p.is_file() and p.name != "INDEX.md"
                  and reader_for(str(p), p.read_bytes()) is not None)


COMPLETE = _readable([*CORPUS.glob("full/*"), *CORPUS.glob("*")]) if CORPUS.is_dir() else []
PARTIAL = _readable(list(CORPUS.glob("partial/*"))) if CORPUS.is_dir() else []

# Error-level findings each known report really has (INDEX.md), and nothing else:
# 2019/2020 reports are read in the trial template (rules/annual-2019-trial), where pingtan's
# glued table 二 rows cannot be split (RL015; the row is then not reported missing again as
# RL315). In 2021+ reports, RL802: the old single (六)其他处理 row (未按新格式; its three
# sub-rows are "not found", RL012, a warning). RL015: glued digits that cannot be split.
# RL302/RL304/RL306: the noted table defects. RL501/RL504: the prose contradicts the table
# (hongze 2024 "受理…申请17件" vs 本年新收 95; shanghai 2019 258 vs 275, 265 vs 337).
KNOWN_ERRORS = {
    "guanzhuang-2024.txt": set(),
    "huaian-2024.txt": set(),
    "hongze-2023.txt": {"RL304", "RL306", "RL802"},
    "hongze-2024.txt": {"RL501", "RL802"},
    "pingtan-2019.txt": {"RL015"},
    "pingtan-2020.txt": {"RL015", "RL302"},
    "pingtan-2022.txt": {"RL015"},
    "pingtan-2023.txt": {"RL015"},
    "shanghai-govoffice-2019.txt": {"RL504"},
}


# Reader findings about a missing place, and the check finding the same place gets in YAML.
AS_CHECK = {"RL011": "RL106", "RL012": "RL315", "RL013": "RL315", "RL015": "RL315"}


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


@pytest.mark.parametrize("path", COMPLETE, ids=_id)
def test_complete_report_has_all_tables_or_says_which_is_missing(packs: PackSet,
                                                                 path: Path) -> None:
    result = read_report(str(path), path.read_bytes(), packs)
    assert result.report is not None
    report = result.report
    assert report.meta.get("year") is not None
    for table_id in report.template.tables:
        if table_id in report.tables:
            assert report.tables[table_id].rows, table_id
            continue
        named = [p for p in result.problems
                 if p.code in ("RL011", "RL020") and p.data_path == f"tables.{table_id}"]
        assert named, f"{table_id} neither read nor reported"


@pytest.mark.parametrize("path", COMPLETE, ids=_id)
def test_complete_report_has_no_error_it_does_not_really_have(linter: Linter,
                                                              path: Path) -> None:
    findings = lint_file(linter, path)
    assert "RL099" not in {f.code for f in findings}
    errors = {f.code for f in findings if f.severity == "error"}
    if path.name in KNOWN_ERRORS:
        assert errors == KNOWN_ERRORS[path.name]


@pytest.mark.parametrize("path", PARTIAL, ids=_id)
def test_partial_report_is_read_as_far_as_it_goes(packs: PackSet, linter: Linter,
                                                  path: Path) -> None:
    result = read_report(str(path), path.read_bytes(), packs)
    assert result.report is not None
    assert result.report.intro is not None or result.report.sections
    assert "RL099" not in {f.code for f in lint_file(linter, path)}


def _at(findings, code: str) -> list[tuple[int, int, str]]:
    return [(f.span.line, f.span.column, f.data_path) for f in findings if f.code == code]


def test_pingtan_2020_outcome_rows_do_not_sum_to_the_total(linter: Linter) -> None:
    path = CORPUS / "full" / "pingtan-2020.txt"
    text = path.read_text(encoding="utf-8")
    findings = [f for f in lint_file(linter, path) if f.code == "RL302"]
    assert {(f.data_path, f.expected, f.actual) for f in findings} == {
        ("tables.table3.outcome_total.natural", 26, 20),
        ("tables.table3.outcome_total.total", 27, 21)}
    # at the published (七)总计 figures "20 0 00 0 121"
    line, column = position_of(text, "（七）总计")
    assert {(f.span.line, f.span.column) for f in findings} == {
        (line, column + len("（七）总计")), (line, column + len("（七）总计20 0 00 0 1"))}


def test_hongze_2023_table4_totals_are_zero(linter: Linter) -> None:
    path = CORPUS / "full" / "hongze-2023.txt"
    text = path.read_text(encoding="utf-8")
    findings = lint_file(linter, path)
    row = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"
    line, column = position_of(text, row)
    starts = [column + i for i, char in enumerate(row)
              if char != " " and (i == 0 or row[i - 1] == " ")]
    assert _at(findings, "RL304") == [(line, starts[4], "tables.table4.cases.review_total")]
    assert _at(findings, "RL306") == [(line, starts[14], "tables.table4.cases.after_review_total")]


def test_hongze_old_single_other_handling_row_is_reported(linter: Linter) -> None:
    # one cause, one finding: RL802 for the trial format's single row, not also the three new
    # rows it stands for as missing (RL012 from the reader, RL315 from the checks)
    for name in ("hongze-2023.txt", "hongze-2024.txt"):
        findings = lint_file(linter, CORPUS / "full" / name)
        assert [f.data_path for f in findings if f.code == "RL802"] == [
            "tables.table3.other_handling"]
        assert not {"RL012", "RL315"} & {f.code for f in findings}


def test_missing_website_is_found_where_index_notes_it(linter: Linter) -> None:
    for name in ("hongze-2023.txt", "hongze-2024.txt", "huaian-2024.txt", "pingtan-2022.txt"):
        findings = lint_file(linter, CORPUS / "full" / name)
        assert "RL401" in {f.code for f in findings}, name
    for name in ("pingtan-2023.txt", "shanghai-govoffice-2019.txt"):
        assert "RL401" not in {f.code for f in lint_file(linter, CORPUS / "full" / name)}


def test_trial_format_table2_is_read_in_the_trial_template(packs: PackSet) -> None:
    path = CORPUS / "full" / "shanghai-govoffice-2019.txt"
    result = read_report(str(path), path.read_bytes(), packs)
    assert result.report.template.id == "annual-2019-trial"
    table2 = result.report.tables["table2"]
    assert [table2.cell("regulations", c).value for c in ("made", "published", "total_published")] \
        == [13, 13, 524]
    assert not [p for p in result.problems if p.code == "RL020"]
    # blank 总计 cells stay blank: not 0
    granted = result.report.tables["table3"].cell("granted", "total")
    assert granted.kind == "blank" and granted.value is None


def test_glued_rows_are_split_only_when_unique(packs: PackSet) -> None:
    path = CORPUS / "full" / "pingtan-2023.txt"
    result = read_report(str(path), path.read_bytes(), packs)
    table3 = result.report.tables["table3"]
    assert [table3.cell("new", c).value for c in
            ("natural", "business", "research", "public_interest", "legal_services", "other",
             "total")] == [80, 1, 0, 0, 0, 0, 81]
    # "220000022" is 22+0=22 or 2+20=22: not read, and said so
    assert "granted" not in table3.rows
    unreadable = {p.data_path for p in result.problems if p.code == "RL015"}
    assert "tables.table3.granted" in unreadable
    cases = result.report.tables["table4"].rows["cases"]
    assert [c.value for c in cases.values()] == [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]


def test_import_round_trip_gives_same_findings_and_numbers(packs: PackSet, linter: Linter,
                                                           tmp_path: Path) -> None:
    for path in COMPLETE:
        text, _problems = importer.import_file(str(path), packs)
        source = read_report(str(path), path.read_bytes(), packs).report
        if "title" not in source.meta:
            continue  # the schema requires a title the source does not have (RL017)
        out = tmp_path / (path.stem + ".yaml")
        out.write_text(text, encoding="utf-8")
        imported = read_report(str(out), out.read_bytes(), packs)
        assert not [p for p in imported.problems if p.code != "RL008"], path.name

        def rule_findings(findings):
            # A row or table the source does not give is the reader's finding there (RL011-15,
            # which also keeps the checks from repeating it) and a check's in the imported YAML.
            return Counter((AS_CHECK.get(f.code, f.code), f.data_path) for f in findings
                           if not f.code.startswith("RL0") or f.code in AS_CHECK)

        assert rule_findings(lint_file(linter, out)) == rule_findings(lint_file(linter, path)), \
            path.name
        for table_id, table in source.tables.items():
            copy = imported.report.tables[table_id]
            assert {r: {c: (cell.kind, cell.value, cell.raw) for c, cell in cells.items()}
                    for r, cells in table.rows.items()} == \
                {r: {c: (cell.kind, cell.value, cell.raw) for c, cell in cells.items()}
                 for r, cells in copy.rows.items()}, (path.name, table_id)


def _mutated(tmp_path: Path, source: Path, line: int, old: str, new: str) -> Path:
    lines = source.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    target = tmp_path / source.name
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def test_changed_cell_in_seed_is_reported_at_its_line_and_column(linter: Linter,
                                                                 tmp_path: Path) -> None:
    seed = CORPUS / "guanzhuang-2024.txt"
    text = seed.read_text(encoding="utf-8")
    total_line = text.split("\n").index("(七)总计 |") + 1 + 7  # 总计 column of (七)总计
    path = _mutated(tmp_path, seed, total_line, "2 |", "3 |")
    findings = lint_file(linter, path)
    assert (total_line, 1, "tables.table3.outcome_total.total") in _at(findings, "RL303")
    assert (total_line, 1, "tables.table3.outcome_total.total") in _at(findings, "RL302")
    assert (total_line, 1, "tables.table3.outcome_total.total") in _at(findings, "RL301")
    # table 四: the 行政复议 总计 is the 5th number after the header
    lines = text.split("\n")
    first = lines.index("总计 | |||||") + 1
    path = _mutated(tmp_path, seed, first + 5, "0 |", "4 |")
    assert _at(lint_file(linter, path), "RL304") == [
        (first + 5, 1, "tables.table4.cases.review_total")]
    assert [f for f in lint_file(linter, seed) if f.code.startswith("RL30")] == []


def test_changed_cell_in_pdf_text_is_reported_at_its_line_and_column(linter: Linter,
                                                                     tmp_path: Path) -> None:
    source = CORPUS / "full" / "huaian-2024.txt"
    text = source.read_text(encoding="utf-8")
    line, column = position_of(text, "3001 53 0 0 61 4 3119")
    path = _mutated(tmp_path, source, line, "61 4 3119", "61 4 3118")
    findings = lint_file(linter, path)
    total_column = column + len("3001 53 0 0 61 4 ")
    assert (line, total_column, "tables.table3.new.total") in _at(findings, "RL303")
    assert (line, total_column, "tables.table3.new.total") not in _at(
        lint_file(linter, source), "RL303")


def test_changed_cell_in_glued_text_breaks_its_split(linter: Linter, tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / "full" / "pingtan-2023.txt", source / "pingtan-2023.txt")
    path = _mutated(tmp_path, source / "pingtan-2023.txt", 1,
                    "（七）总计801000081", "（七）总计801000082")
    findings = lint_file(linter, path)
    # 80+1 = 82 has no split: the row is unreadable, not guessed
    assert ("tables.table3.outcome_total" in
            {f.data_path for f in findings if f.code in ("RL015", "RL014")})
    assert "tables.table3.outcome_total" in {f.data_path for f in findings if f.code == "RL015"}


def test_cut_off_tables_are_read_as_far_as_they_go(packs: PackSet) -> None:
    path = CORPUS / "partial" / "024-2022.txt"
    report = read_report(str(path), path.read_bytes(), packs).report
    table2, table3 = report.tables["table2"], report.tables["table3"]
    assert table2.cell("regulations", "in_force").kind == "blank"  # INDEX: the cell is blank
    assert [c.value for c in table3.rows["new"].values()] == [8, 0, 0, 0, 0, 0, 8]
    assert set(table3.rows) == {"new", "carried_over"}
    assert "table4" not in report.tables
    path = CORPUS / "partial" / "025-2022.txt"
    report = read_report(str(path), path.read_bytes(), packs).report
    new = report.tables["table3"].rows["new"]
    assert [(c.kind, c.value) for c in new.values()] == [
        ("number", 56), *[("blank", None)] * 5, ("number", 56)]
