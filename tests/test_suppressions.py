"""Suppression comments and the in-data key, on mutations of the bundled example report."""

from __future__ import annotations

import json

import yaml

from reportlint.engine import Linter, Selection
from reportlint.suppressions import scan_comments
from tests.helpers import EXAMPLE, codes, lint_text, position_of

PENALTY = "    penalty: [75]                    # 行政处罚"
BROKEN = "    penalty: [x75]"  # RL310: a cell that is not a number
CELL = "tables.table2.penalty.decisions"


def broken(example_text: str, comment: str = "", above: str = "") -> str:
    replacement = (f"    {above}\n" if above else "") + BROKEN + (f"  {comment}" if comment else "")
    assert PENALTY in example_text
    return example_text.replace(PENALTY, replacement)


def only(findings, code):
    return [f for f in findings if f.code == code]


def located(findings, code):
    """(line, column) of the one finding with this code."""
    [finding] = only(findings, code)
    return finding.span.line, finding.span.column


def test_unsuppressed_mutation_is_found(linter, example_text):
    text = broken(example_text)
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.line, finding.span.column) == (
        "RL310", *position_of(text, "x75"))


def test_clean_example_has_no_suppression_findings(linter, example_text):
    assert lint_text(linter, example_text) == []


def test_trailing_ignore_comment_hides_the_finding(linter, example_text):
    text = broken(example_text, "# reportlint: ignore[RL310] -- 原表如此，已核实")
    assert lint_text(linter, text) == []


def test_ignore_comment_on_the_line_above(linter, example_text):
    text = broken(example_text, above="# reportlint: ignore[RL3] -- 原表如此")
    assert lint_text(linter, text) == []


def test_comment_above_a_node_covers_its_children(linter, example_text):
    text = broken(example_text).replace(
        "  table2:\n", "  # reportlint: ignore[RL310] -- 整表按原文照录\n  table2:\n")
    assert lint_text(linter, text) == []


def test_ignore_does_not_reach_the_next_sibling(linter, example_text):
    text = broken(example_text, above="# reportlint: ignore[RL310] -- reason").replace(
        "    enforcement: [0]", "    enforcement: [x0]")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL310"]
    assert located(findings, "RL310") == position_of(text, "x0]")


def test_ignore_without_reason_suppresses_nothing_and_is_reported(linter, example_text):
    text = broken(example_text, "# reportlint: ignore[RL310]")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL310", "RL090"]
    missing = only(findings, "RL090")[0]
    assert (missing.span.line, missing.span.column) == position_of(text, "# reportlint")
    assert missing.severity == "warning"


def test_unused_ignore_is_reported_at_its_code(linter, example_text):
    text = example_text.replace(PENALTY, "    penalty: [75]  # reportlint: ignore[RL310] -- old")
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.line, finding.span.column) == (
        "RL091", *position_of(text, "RL310]"))


def test_one_unused_code_among_used_ones(linter, example_text):
    text = broken(example_text, "# reportlint: ignore[RL310, RL301] -- reason")
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.column) == ("RL091", position_of(text, "RL301]")[1])


def test_unused_not_reported_for_codes_not_selected(packs, example_text):
    text = example_text.replace(PENALTY, "    penalty: [75]  # reportlint: ignore[RL310] -- old")
    linter = Linter(packs, Selection(["ALL"], ["RL310"]))
    assert lint_text(linter, text) == []


def test_unknown_code_is_reported(linter, example_text):
    text = broken(example_text, "# reportlint: ignore[RL310, RL3010] -- typo")
    assert located(lint_text(linter, text), "RL093") == position_of(text, "RL3010")


def test_malformed_directive_is_reported(linter, example_text):
    text = broken(example_text, "# reportlint: ignroe[RL310] -- reason")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL310", "RL092"]
    assert located(findings, "RL092") == position_of(text, "# reportlint: ignroe")


def test_disable_enable_range(linter, example_text):
    text = broken(example_text, above="# reportlint: disable[RL310] -- 表二按原文照录").replace(
        "    enforcement: [0]", "    enforcement: [x0]")
    text = text.replace("  table3:\n", "    # reportlint: enable[RL310]\n  table3:\n")
    assert lint_text(linter, text) == []


def test_enabled_range_ends_before_later_findings(linter, example_text):
    text = broken(example_text, above="# reportlint: disable[RL310] -- 表二按原文照录").replace(
        "    enforcement: [0]", "    # reportlint: enable[RL310]\n    enforcement: [x0]")
    findings = lint_text(linter, text)
    assert [(f.code, f.span.line) for f in findings] == [("RL310", position_of(text, "x0]")[0])]


def test_enable_without_disable(linter, example_text):
    text = example_text.replace(PENALTY, PENALTY + "  # reportlint: enable[RL310]")
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.column) == ("RL092", position_of(text, "RL310]")[1])


def test_unused_range_is_reported(linter, example_text):
    text = example_text.replace(PENALTY, "    # reportlint: disable[RL310] -- reason\n" + PENALTY)
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.line) == ("RL091", position_of(text, "disable[")[0])


def test_file_form(linter, example_text):
    text = "# reportlint: ignore-file[RL310] -- 整份报告照录原文\n" + broken(example_text)
    assert lint_text(linter, text) == []


def test_unused_file_form(linter, example_text):
    text = "# reportlint: ignore-file[RL310] -- reason\n" + example_text
    [finding] = lint_text(linter, text)
    assert (finding.code, finding.span.line, finding.span.column) == ("RL091", 1, 27)


def test_directive_text_inside_a_quoted_or_block_scalar_is_not_a_comment(linter, example_text):
    text = broken(example_text).replace(
        "    text: ~", "    text: '见下表。 # reportlint: ignore-file[RL310] -- x'", 1)
    fees = "      依据《政府信息公开信息处理费管理办法》"
    text = text.replace(fees, "      # reportlint: ignore-file[RL310] -- 这是正文\n" + fees)
    assert codes(lint_text(linter, text)) == ["RL310"]


def test_scanner_knows_quotes_block_scalars_and_plain_hashes():
    text = ("a: 'it''s # not' # one\n"
            "b: \"x \\\" # not\"\n"
            "c: |\n  # not\n  text\n"
            "d: x#y # two\n"
            "e: \"multi\n  # not\n  end\" # three\n"
            "- |\n  # not\n# four\n")
    comments, _ = scan_comments(text)
    assert [(c.line, c.text) for c in comments] == [
        (1, "# one"), (6, "# two"), (9, "# three"), (12, "# four")]


def test_json_in_data_suppression(linter):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["meta"]["published"] = str(data["meta"]["published"])
    data["tables"]["table2"]["penalty"] = ["x75"]
    data["reportlint"] = {"ignore": [{"code": "RL310", "path": CELL, "reason": "原表如此"}]}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    assert lint_text(linter, text, "report.json") == []
    data["reportlint"]["ignore"][0]["path"] = "tables.table3"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    findings = lint_text(linter, text, "report.json")
    assert codes(findings) == ["RL310", "RL091"]
    unused = only(findings, "RL091")[0]
    assert (unused.span.line, unused.span.column) == position_of(text, '"RL310"')
    del data["reportlint"]["ignore"][0]["reason"]
    data["reportlint"]["ignore"][0]["path"] = CELL
    text = json.dumps(data, ensure_ascii=False, indent=2)
    findings = lint_text(linter, text, "report.json")
    assert codes(findings) == ["RL310", "RL090"]
    entry = text.rindex("{", 0, text.index('"code": "RL310"'))
    assert only(findings, "RL090")[0].span.line == text.count("\n", 0, entry) + 1


def test_in_data_key_is_validated(linter, example_text):
    text = example_text + "reportlint:\n  ignore:\n    - {code: RL310, resaon: x}\n"
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL004"]
    assert findings[0].span.line == position_of(text, "resaon")[0]
