"""RL1xx: sections present, in order, with standard titles; intro claim; fee statement; tables."""

from __future__ import annotations

from tests.helpers import codes, lint_text, position_of, replace_once

FIVE = "  - title: 五、存在的主要问题及改进情况\n"
SIX = "  - title: 六、其他需要报告的事项\n"


def _section_block(text: str, title_line: str) -> str:
    start = text.index(title_line)
    following = text.find("\n  - title:", start + 1)
    end = following + 1 if following != -1 else text.index("\n\n", start) + 1
    return text[start:end]


def test_clean_example_has_no_findings_at_all(linter, example_text):
    assert lint_text(linter, example_text) == []


def test_rl101_missing_section(linter, example_text):
    text = replace_once(example_text, _section_block(example_text, FIVE), "")
    text = replace_once(text, "等六部分", "等五部分")
    text = replace_once(text, "存在的主要问题及改进情况、", "")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL101"]
    assert [(f.span.line, f.span.column) for f in findings] == [position_of(text, "六、其他需要")]
    assert "五" in findings[0].message


def test_rl102_sections_out_of_order(linter, example_text):
    five, six = _section_block(example_text, FIVE), _section_block(example_text, SIX)
    text = replace_once(example_text, five + six, six + five)
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL102"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "五、存在")


def test_rl103_non_standard_title_is_a_warning_not_a_missing_section(linter, example_text):
    text = replace_once(example_text, "五、存在的主要问题及改进情况", "五、工作中的不足")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL103"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "五、工作中")
    assert "五、存在的主要问题及改进情况" in findings[0].message


def test_rl103_accepts_the_aliases_of_the_spec(linter, example_text):
    for alias in ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                  "四、政府信息公开行政复议及行政诉讼情况"):
        text = replace_once(example_text, "四、政府信息公开行政复议、行政诉讼情况", alias)
        assert lint_text(linter, text) == []


def test_rl103_title_matching_ignores_width_and_spaces(linter, example_text):
    text = replace_once(example_text, "三、收到和处理政府信息公开申请情况",
                        "三.收到和处理政府信息公开申请情况 ")
    assert lint_text(linter, text) == []


def test_rl103_wrong_numeral(linter, example_text):
    text = replace_once(example_text, "六、其他需要报告的事项", "七、其他需要报告的事项")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL103"]
    assert "六、其他需要报告的事项" in findings[0].message


def test_rl104_intro_claims_a_different_number_of_parts(linter, example_text):
    text = replace_once(example_text, "等六部分", "等五部分")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL104"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "五部分")


def test_rl104_intro_lists_fewer_parts_than_it_claims(linter, example_text):
    text = replace_once(example_text, "存在的主要问题及改进情况、其他需要报告的事项等六部分",
                        "其他需要报告的事项等六部分")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL104"]
    assert findings[0].message == "引言称报告共「六」部分，但列出的是 5 项"


def test_rl105_section_six_without_fee_statement(linter, example_text):
    text = replace_once(example_text, "      依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。\n", "")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL105"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "六、其他")
    assert findings[0].severity == "warning"


def test_rl106_missing_table(linter, example_text):
    start = example_text.index("  table4:\n")
    end = example_text.index("\ncontact:")
    text = example_text[:start] + example_text[end + 1:]
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL106"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "四、政府信息公开")


def test_rl107_non_standard_report_title(linter, example_text):
    text = replace_once(example_text, "title: 云溪县石桥镇2024年政府信息公开工作年度报告",
                        "title: 云溪县石桥镇2024年政府信息公开工作报告")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL107"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "云溪县石桥镇2024")
