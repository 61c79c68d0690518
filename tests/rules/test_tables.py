"""RL3xx: every identity of the template's tables and the cell-value rules, by mutation of the
bundled example. Each test changes what a real report gets wrong and asserts code and position."""

from __future__ import annotations

import pytest

from tests.helpers import codes, lint_text, position_of, replace_once, set_row_value


def where(findings, code):
    return [(f.span.line, f.span.column) for f in findings if f.code == code]


def test_example_has_no_table_findings(linter, example_text):
    assert [f for f in lint_text(linter, example_text) if f.code.startswith("RL3")] == []


def test_rl301_new_plus_carried_over_must_equal_handled_plus_carried_forward(linter, example_text):
    # 本年新收 3 (row consistent: 自然人 3, 总计 3) while handled stays 2: T3-1 broken.
    # The prose says 收到申请2件; it follows the table, or RL501 would report it too.
    text = replace_once(example_text, "收到政府信息公开申请2件", "收到政府信息公开申请3件")
    text, _ = set_row_value(text, "new", 0, "3")
    text, _ = set_row_value(text, "new", 6, "3")
    _, natural = set_row_value(text, "outcome_total", 0, "2")
    _, total = set_row_value(text, "outcome_total", 6, "2")
    findings = lint_text(linter, text)
    assert set(codes(findings)) == {"RL301"}
    assert where(findings, "RL301") == [natural, total]
    message = findings[0].message
    assert "(七)总计 2" in message and "本年新收政府信息公开申请数量 3" in message
    assert "(七)总计应为 3（现为 2）" in message  # what the cell should be, not "相差 -1"


def test_rl302_handled_total_must_equal_the_outcome_rows(linter, example_text):
    text, _ = set_row_value(example_text, "granted", 0, "2")
    text, _ = set_row_value(text, "granted", 6, "2")
    _, natural = set_row_value(text, "outcome_total", 0, "2")
    findings = lint_text(linter, text)
    assert set(codes(findings)) == {"RL302"}
    assert where(findings, "RL302")[0] == natural
    assert "(七)总计应为 3（现为 2），即各办理结果之和" in findings[0].message


def test_rl303_row_total_must_equal_the_applicant_columns(linter, example_text):
    text, cell = set_row_value(example_text, "granted", 6, "2")
    findings = lint_text(linter, text)
    assert cell in where(findings, "RL303")
    rl303 = next(f for f in findings if f.code == "RL303")
    assert "总计应为 1（现为 2），即各类申请人之和" in rl303.message
    assert rl303.data_path == "tables.table3.granted.total"


@pytest.mark.parametrize(("index", "code", "total_index"), [
    (0, "RL304", 4),    # 行政复议 结果维持
    (6, "RL305", 9),    # 未经复议直接起诉 结果纠正
    (13, "RL306", 14),  # 复议后起诉 尚未审结
])
def test_rl304_to_306_table4_totals(linter, example_text, index, code, total_index):
    # The prose says no review or litigation happened; drop it, or RL507 would report it too.
    text = replace_once(example_text, "全年未发生政府信息公开行政复议、行政诉讼。", "")
    text, _ = set_row_value(text, "cases", index, "1")
    _, total_cell = set_row_value(text, "cases", total_index, "0")
    findings = lint_text(linter, text)
    assert codes(findings) == [code]
    assert where(findings, code) == [total_cell]
    assert "总计应为 1（现为 0）" in findings[0].message


def test_rl307_optional_subtotal_rows_are_checked_when_present(linter, example_text):
    anchor = "    withheld_secret:"
    good = replace_once(example_text, anchor,
                        "    withheld:                     [1, 0, 0, 0, 0, 0, 1]\n" + anchor)
    assert lint_text(linter, good) == []
    bad = replace_once(example_text, anchor,
                       "    withheld:                     [2, 0, 0, 0, 0, 0, 2]\n" + anchor)
    findings = lint_text(linter, bad)
    line, _ = position_of(bad, "    withheld:")
    assert set(codes(findings)) == {"RL307"}
    assert {f.span.line for f in findings} == {line}


def test_rl310_text_in_a_count_cell_is_an_error(linter, example_text):
    text, cell = set_row_value(example_text, "granted", 0, "1件")
    findings = lint_text(linter, text)
    assert where(findings, "RL310") == [cell]
    assert findings[0].severity == "error"
    assert "1件" in findings[0].message
    # The identities of the column are not evaluated with an unreadable cell.
    assert not {"RL302", "RL303"} & set(codes(findings))


@pytest.mark.parametrize("placeholder", ["'/'", "~", "'—'", "无"])
def test_rl311_blank_or_placeholder_is_a_warning_not_zero(linter, example_text, placeholder):
    text, cell = set_row_value(example_text, "granted", 1, placeholder)
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL311"]
    assert where(findings, "RL311") == [cell]
    assert findings[0].severity == "warning"


def test_rl311_one_finding_per_row_naming_its_blank_columns(linter, example_text):
    # 4 blank cells of (七)总计 and 2 of 本年新收: two findings, not six
    text = example_text
    first = None
    for index in (1, 2, 3, 4):
        text, cell = set_row_value(text, "outcome_total", index, "~")
        first = first or cell
    text, new = set_row_value(text, "new", 2, "'/'")
    text, _ = set_row_value(text, "new", 3, "'/'")
    findings = [f for f in lint_text(linter, text) if f.code == "RL311"]
    assert [(f.span.line, f.span.column, f.data_path) for f in findings] == [
        (*new, "tables.table3.new"), (*first, "tables.table3.outcome_total")]
    assert findings[1].message == ("收到和处理政府信息公开申请情况「(七)总计」行 4 格为空或占位符："
                                   "商业企业、科研机构、社会公益组织、法律服务机构；应填写数字（没有则填 0）")
    assert "科研机构「/」、社会公益组织「/」" in findings[0].message
    # every blank cell is named, so the html format marks each of them
    assert findings[1].related == tuple(f"tables.table3.outcome_total.{c}" for c in (
        "business", "research", "public_interest", "legal_services"))


def test_rl311_one_finding_for_a_table_mostly_blank(linter, example_text):
    # a table filled only where something happened: blanks in most cells, one finding
    lines = example_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("new:"))
    for index in range(start, start + 25):
        lines[index] = lines[index].replace(" 0,", " ~,").replace(", 0]", ", ~]")
    findings = [f for f in lint_text(linter, "\n".join(lines)) if f.code == "RL311"]
    assert len(findings) == 1 and findings[0].data_path == "tables.table3"
    assert findings[0].message == (
        "收到和处理政府信息公开申请情况大部分单元格（175 格中 146 格，25 行）为空或占位符：商业企业 25 格、"
        "科研机构 25 格、社会公益组织 25 格、法律服务机构 25 格、其他 25 格、总计 21 格；"
        "应填写数字（没有则填 0）")
    assert len(findings[0].related) == findings[0].actual == 146


def test_rl312_negative_count(linter, example_text):
    text, cell = set_row_value(example_text, "enforcement", 0, "-1")
    findings = lint_text(linter, text)
    assert where(findings, "RL312") == [cell]


def test_rl313_fraction_in_a_count_but_not_in_the_fee_amount(linter, example_text):
    text, cell = set_row_value(example_text, "penalty", 0, "75.5")
    assert where(lint_text(linter, text), "RL313") == [cell]
    fee, _ = set_row_value(example_text, "fees", 0, "0.35")
    assert lint_text(linter, fee) == []


def test_rl314_nan_or_infinity(linter, example_text):
    text, cell = set_row_value(example_text, "licensing", 0, ".nan")
    findings = lint_text(linter, text)
    assert where(findings, "RL314") == [cell]


def test_rl315_missing_row(linter, example_text):
    text = replace_once(example_text, "    withheld_query:               [0, 0, 0, 0, 0, 0, 0]\n", "")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL315"]
    assert where(findings, "RL315") == [position_of(text, "table3:")]
    assert "8.属于行政查询事项" in findings[0].message


def test_rl316_unknown_row(linter, example_text):
    text = replace_once(example_text, "    withheld_query:", "    withheld_querry:")
    findings = lint_text(linter, text)
    assert set(codes(findings)) == {"RL315", "RL316"}
    assert where(findings, "RL316") == [position_of(text, "withheld_querry")]


def test_rl317_row_with_too_few_values(linter, example_text):
    text = replace_once(example_text, "carried_over:                 [0, 0, 0, 0, 0, 0, 0]",
                        "carried_over:                 [0, 0, 0, 0, 0, 0]")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL317"]
    assert where(findings, "RL317") == [position_of(text, "carried_over:")]
    assert "总计" in findings[0].message


def test_rl318_row_with_too_many_values(linter, example_text):
    text = replace_once(example_text, "carried_over:                 [0, 0, 0, 0, 0, 0, 0]",
                        "carried_over:                 [0, 0, 0, 0, 0, 0, 0, 9]")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL318"]
    line, _ = position_of(text, "carried_over:")
    assert where(findings, "RL318") == [(line, text.split("\n")[line - 1].index("9") + 1)]


def test_rl320_more_issued_than_in_force_plus_repealed(linter, example_text):
    text, cell = set_row_value(example_text, "normative_documents", 0, "3")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL320"]
    assert where(findings, "RL320") == [cell]
    consistent, _ = set_row_value(text, "normative_documents", 2, "3")
    assert lint_text(linter, consistent) == []


def test_rl321_township_reporting_rules(linter, example_text):
    text, cell = set_row_value(example_text, "regulations", 2, "1")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL321"]
    assert where(findings, "RL321") == [cell]
    department = replace_once(text, "organ_kind: township", "organ_kind: department")
    department = replace_once(department, "level: township", "level: provincial")
    assert lint_text(linter, department) == []
