"""Structured report data: YAML and JSON read the same, with positions; bad data is a finding."""

from __future__ import annotations

import json

from reportlint import yamlsource
from tests.helpers import EXAMPLE, codes, lint_bytes, lint_text, position_of, replace_once


def _example_json() -> str:
    data = yamlsource.to_data(yamlsource.compose(EXAMPLE.read_text(encoding="utf-8")).root)
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_json_form_of_the_example_is_clean(linter):
    assert lint_text(linter, _example_json(), "report.json") == []


def test_json_finding_points_at_the_json_token(linter):
    text = _example_json()
    marker = '"outcome_total": [\n        2,'
    text = replace_once(text, marker, '"outcome_total": [\n        3,')
    findings = lint_text(linter, text, "report.json")
    rl301 = next(f for f in findings if f.code == "RL301")
    line, _column = position_of(text, '"outcome_total": [')
    assert (rl301.span.line, rl301.span.column) == (line + 1, 9)


def test_json_with_tab_indentation_is_read(linter):
    text = _example_json().replace("  ", "\t")
    assert lint_text(linter, text, "report.json") == []


def test_schema_violation_points_at_the_value(linter, example_text):
    text = replace_once(example_text, "  year: 2024", "  year: 二〇二四")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL004"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "二〇二四")
    assert "meta.year" in findings[0].message


def test_unknown_key_gets_did_you_mean(linter, example_text):
    text = replace_once(example_text, "  organ_kind: township", "  organ_knd: township")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL004"]
    assert "未知的键「organ_knd」（是否应为「organ_kind」？）" in findings[0].message
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "organ_knd")


def test_unknown_table_id(linter, example_text):
    text = replace_once(example_text, "  table4:", "  table5:")
    findings = lint_text(linter, text)
    assert set(codes(findings)) == {"RL009", "RL106"}
    rl009 = next(f for f in findings if f.code == "RL009")
    assert (rl009.span.line, rl009.span.column) == position_of(text, "table5")


def test_unknown_template_is_reported_and_the_year_decides(linter, example_text):
    text = replace_once(example_text, "template: annual-2021", "template: annual-2031")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL007"]


def test_gbk_file_is_read_and_said(linter, example_text):
    findings = lint_bytes(linter, "report.yaml", example_text.encode("gbk"))
    assert codes(findings) == ["RL008"]
    assert findings[0].severity == "info"


def test_utf8_bom_and_crlf_are_read(linter, example_text):
    data = b"\xef\xbb\xbf" + example_text.replace("\n", "\r\n").encode("utf-8")
    assert lint_bytes(linter, "report.yaml", data) == []


def test_empty_and_non_mapping_files(linter, example_text):
    assert codes(lint_text(linter, "")) == ["RL004"]
    # a report written inside a list is a report written wrongly, not other data
    wrapped = "- " + example_text.replace("\n", "\n  ")
    assert codes(lint_text(linter, wrapped)) == ["RL004"]
    # a list or a value with nothing of a report is other data (RL040)
    assert codes(lint_text(linter, "- just\n- a list\n")) == ["RL040"]
    assert codes(lint_text(linter, "just a sentence\n")) == ["RL040"]
    assert codes(lint_bytes(linter, "report.yaml", b"\x00\x01\x02binary")) == ["RL001"]


def test_a_hundred_violations_are_listed_then_one_says_more_follow(linter, example_text):
    # Issue 12 (item 4): a list of a million wrong items was a finding per item (5 GB).
    text = replace_once(example_text, "sections:\n", "sections:\n" + "  - 7\n" * 150)
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL004"] * 101
    assert all("sections[" in f.message for f in findings[:100])
    assert findings[100].message.endswith("还有更多不符合之处（共超过 100 处），只列出前 100 处")
    assert (findings[100].span.line, findings[100].span.column) == position_of(text, "7\n", 101)
