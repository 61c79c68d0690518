"""One finding per problem: the engine's rule that a finding hides those it explains, and
the message and severity of the pack that checked the report.

- A reader's finding that a place was not read (`params: {unread: true}` in core/input.yaml)
  hides every check's finding at or inside that place.
- A finding naming what it explains (`Hit.explains`: RL802's single (六)其他处理 row) hides
  every other finding there.
"""

from __future__ import annotations

from pathlib import Path

from reportlint.engine import Linter, one_per_problem
from reportlint.findings import Hit
from reportlint.model import FILE_START
from reportlint.packs.pack import PackSet
from tests.helpers import ROOT, codes, lint_bytes, lint_text, replace_once
from tests.published_fixtures import render_text

TABLE3 = "三、收到和处理政府信息公开申请情况"


def hit(code: str, path: str, explains: tuple[str, ...] = ()) -> Hit:
    return Hit(FILE_START, path, code=code, explains=explains)


def test_an_unread_place_hides_the_checks_at_and_inside_it(linter: Linter) -> None:
    rules = {code: linter.rule(code) for code in ("RL011", "RL012", "RL014", "RL021",
                                                  "RL106", "RL301", "RL311", "RL315")}
    read = [hit("RL011", "tables.table3"), hit("RL012", "tables.table2.penalty"),
            hit("RL021", "tables.table4.cases"), hit("RL014", "tables.table2")]
    checked = [hit("RL106", "tables.table3"), hit("RL301", "tables.table3.new.total"),
               hit("RL315", "tables.table2.penalty"), hit("RL311", "tables.table4.cases"),
               hit("RL311", "tables.table2.licensing"), hit("RL106", "tables.table30")]
    kept = [(h.code, h.data_path) for h in one_per_problem(read, checked, rules)]
    assert kept == [
        ("RL011", "tables.table3"), ("RL012", "tables.table2.penalty"),
        ("RL021", "tables.table4.cases"), ("RL014", "tables.table2"),
        # RL021 (numbers belonging to no row) hides nothing: the row was read; an info
        # note (RL014) hides nothing; a place is no prefix of another (table30)
        ("RL311", "tables.table4.cases"), ("RL311", "tables.table2.licensing"),
        ("RL106", "tables.table30")]


def test_a_finding_hides_what_it_explains_from_reader_and_checks(linter: Linter) -> None:
    rules = {code: linter.rule(code) for code in ("RL012", "RL315", "RL802")}
    rows = ("tables.table3.other_no_correction", "tables.table3.other_other")
    read = [hit("RL012", rows[0]), hit("RL012", rows[1])]
    checked = [hit("RL802", "tables.table3.other_handling", explains=rows),
               hit("RL315", rows[1])]
    assert [h.code for h in one_per_problem(read, checked, rules)] == ["RL802"]


def test_a_table_published_as_a_picture_is_one_finding(packs: PackSet, linter: Linter) -> None:
    text = render_text(packs, "pipe")
    lines = text.split("\n")
    start, end = lines.index(TABLE3), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join([*lines[:start + 1], "（表格以图片形式发布）", *lines[end:]])
    findings = lint_bytes(linter, "report.txt", text.encode("utf-8"))
    assert [f.code for f in findings if f.severity != "info"] == ["RL011"]  # not also RL106


def test_the_old_single_other_handling_row_is_rl802_not_three_missing_rows(
        packs: PackSet, linter: Linter) -> None:
    text = render_text(packs, "pipe")
    kept = []
    for line in text.split("\n"):
        if line.startswith(("1.申请人无正当理由", "2.申请人逾期未按", "3.其他 |")):
            continue
        if line.startswith("(七)总计"):
            kept.append("(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0")
        kept.append(line)
    findings = lint_bytes(linter, "report.txt", "\n".join(kept).encode("utf-8"))
    assert codes(findings) == ["RL802"]
    assert findings[0].data_path == "tables.table3.other_handling"


def test_no_numbered_heading_is_one_finding_not_six_missing_sections(linter: Linter,
                                                                      packs: PackSet) -> None:
    text = render_text(packs, "pipe")
    for line in text.split("\n"):
        if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") and line.endswith(("情况", "事项")):
            text = text.replace(line + "\n", "", 1)
    found = codes(lint_bytes(linter, "report.txt", text.encode("utf-8")))
    assert "RL022" in found and "RL101" not in found


# --- the pack that checked the report gives message and severity -----------------------------

COUNTY = """id: county-2024
name: 县级补充规则（示例）
extends: [annual-2021]
exclude: [RL302]
template: template.yaml
applies:
  template: [county-2024]
  years: {from: 2024}
"""


def county_pack(folder: Path) -> Path:
    """A user's pack, newer than the national one, that makes RL302 a note."""
    pack = folder / "county-2024"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text(COUNTY, encoding="utf-8")
    template = (ROOT / "rules" / "annual-2021" / "template.yaml").read_text(encoding="utf-8")
    (pack / "template.yaml").write_text(template.replace("id: annual-2021", "id: county-2024"),
                                        encoding="utf-8")
    national = (ROOT / "rules" / "annual-2021" / "tables.yaml").read_text(encoding="utf-8")
    start = national.index("  - code: RL302")
    rule = national[start:national.index("  - code: RL303")]
    (pack / "tables.yaml").write_text(
        "rules:\n" + rule.replace("severity: error", "severity: info", 1)
        .replace('zh: "表三「{line}」列', 'zh: "（县级）表三「{line}」列', 1), encoding="utf-8")
    return folder


def test_message_and_severity_come_from_the_pack_that_ran(tmp_path: Path,
                                                          example_text: str) -> None:
    from reportlint.packs.load import builtin_rules_dir, load_packs

    packs = load_packs([builtin_rules_dir(), county_pack(tmp_path / "packs")])
    linter = Linter(packs)
    broken = replace_once(example_text, "withheld_internal:            [1, 0, 0, 0, 0, 0, 1]",
                          "withheld_internal:            [2, 0, 0, 0, 0, 0, 2]")
    national = [f for f in lint_text(linter, broken) if f.code == "RL302"]
    assert national and {(f.severity, f.message[:3]) for f in national} == {("error", "表三「")}, \
        "a report the national pack checked has the national rule's severity and message"
    county = [f for f in lint_text(linter, broken.replace("template: annual-2021",
                                                          "template: county-2024"))
              if f.code == "RL302"]
    assert county and {f.severity for f in county} == {"info"}
    assert all(f.message.startswith("（县级）") for f in county)


def test_a_missing_section_explains_its_missing_table(packs: PackSet, linter: Linter) -> None:
    # section 三, heading and table, not published: one finding, the section's (RL101)
    lines = render_text(packs, "pipe").split("\n")
    start, end = lines.index(TABLE3), lines.index("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join([*lines[:start], *lines[end:]])
    findings = lint_bytes(linter, "report.txt", text.encode("utf-8"))
    assert [f.code for f in findings if f.severity != "info"] == ["RL101"]
    assert findings[0].data_path == "sections[requests]"


def test_a_table_cut_short_is_one_finding_not_one_per_missing_row(packs: PackSet,
                                                                  linter: Linter) -> None:
    # table 三 ends after 二、上年结转 (a page or a paste cut short): the 23 rows after it are
    # one problem, said once with its first and last rows; the checks of those rows are quiet
    lines = render_text(packs, "spaces").split("\n")
    start = lines.index("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0") + 1
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join([*lines[:start], *lines[end:]])
    findings = [f for f in lint_bytes(linter, "report.txt", text.encode("utf-8"))
                if f.severity != "info"]
    assert [(f.code, f.data_path) for f in findings] == [
        ("RL012", "tables.table3.granted")]
    assert findings[0].message == ("收到和处理政府信息公开申请情况：未找到「(一)予以公开」至"
                                   "「四、结转下年度继续办理」行")
    # a row missing on its own, between rows that were read, is a finding of its own
    row = next(line for line in lines if line.startswith("2.重复申请 "))
    alone = "\n".join(line for line in lines if line != row)
    missing = [(f.code, f.data_path, f.message) for f in
               lint_bytes(linter, "report.txt", alone.encode("utf-8")) if f.code == "RL012"]
    assert missing == [("RL012", "tables.table3.not_processed_repeat",
                        "收到和处理政府信息公开申请情况：未找到「2.重复申请」行")]


def test_a_run_of_missing_rows_is_kept_when_only_its_first_row_is_explained(
        linter: Linter) -> None:
    # the old single (六)其他处理 row explains the three new rows (RL802); a run of missing
    # rows that goes on past them (the (七)总计 row too) must still be said
    rules = {code: linter.rule(code) for code in ("RL012", "RL802")}
    rows = ["tables.table3.other_no_correction", "tables.table3.other_unpaid_fee",
            "tables.table3.other_other", "tables.table3.outcome_total"]
    trial = Hit(FILE_START, "tables.table3.other_handling", code="RL802", explains=tuple(rows[:3]))
    run = Hit(FILE_START, rows[0], code="RL012", related=tuple(rows[1:]), explains=tuple(rows[1:]))
    assert one_per_problem([run], [trial], rules) == [run, trial]
    within = Hit(FILE_START, rows[0], code="RL012", related=tuple(rows[1:3]),
                 explains=tuple(rows[1:3]))
    assert one_per_problem([within], [trial], rules) == [trial]
