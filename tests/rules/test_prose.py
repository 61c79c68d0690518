"""RL5xx: numbers in the prose against the tables, on mutations of the bundled example."""

from __future__ import annotations

import pytest

from reportlint.checks._prose import parse_number
from tests.helpers import codes, lint_text, position_of, replace_once


def rl5(findings):
    return [f for f in findings if f.code.startswith("RL5")]


def only(linter, text: str, code: str):
    """The single RL5xx finding of `text`, which must have `code`."""
    findings = rl5(lint_text(linter, text))
    assert codes(findings) == [code]
    return findings[0]


def test_clean_example_has_no_prose_finding(linter, example_text):
    assert rl5(lint_text(linter, example_text)) == []


@pytest.mark.parametrize(("written", "value"), [
    ("2", 2), ("3,119", 3119), ("二十三", 23), ("两", 2), ("十", 10), ("一百零五", 105),
    ("1.5万", 15000), ("３", 3), ("三千零四十", 3040),
])
def test_numbers_are_read_in_arabic_and_chinese(written, value):
    assert parse_number(written) == value


def test_changed_received_count_is_found_at_the_number(linter, example_text):
    text = replace_once(example_text, "收到政府信息公开申请2件", "收到政府信息公开申请3件")
    finding = only(linter, text, "RL501")
    line, column = position_of(text, "申请3件")
    assert (finding.span.line, finding.span.column) == (line, column + 2)
    assert "3" in finding.message and "2" in finding.message
    assert finding.expected == 2 and finding.actual == 3


def test_chinese_numerals_are_compared(linter, example_text):
    same = replace_once(example_text, "收到政府信息公开申请2件", "收到政府信息公开申请两件")
    assert rl5(lint_text(linter, same)) == []
    wrong = replace_once(example_text, "收到政府信息公开申请2件", "收到政府信息公开申请二十三件")
    finding = only(linter, wrong, "RL501")
    assert finding.span.column == position_of(wrong, "二十三件")[1]


def test_approximate_numbers_are_not_compared(linter, example_text):
    for approximate in ("近百件", "20余件", "约30件"):
        text = replace_once(example_text, "收到政府信息公开申请2件", "收到政府信息公开申请" + approximate)
        assert rl5(lint_text(linter, text)) == [], approximate


def three_requests(example_text: str) -> str:
    """The example with one request carried over: 2 new + 1 = 3 handled, 2 of them disclosed."""
    text = replace_once(example_text, "carried_over:                 [0, 0, 0, 0, 0, 0, 0]",
                  "carried_over:                 [1, 0, 0, 0, 0, 0, 1]")
    text = replace_once(text, "outcome_total:                [2, 0, 0, 0, 0, 0, 2]",
                  "outcome_total:                [3, 0, 0, 0, 0, 0, 3]")
    return replace_once(text, "granted:                      [1, 0, 0, 0, 0, 0, 1]",
                  "granted:                      [2, 0, 0, 0, 0, 0, 2]")


def test_received_may_count_carried_over_requests(linter, example_text):
    # 收到 N 件 may be 本年新收 + 上年结转 (as 平潭 2022 writes it); 新收 may not.
    text = three_requests(example_text)
    received = replace_once(text, "收到政府信息公开申请2件", "收到政府信息公开申请3件")
    assert rl5(lint_text(linter, received)) == []
    new = replace_once(text, "收到政府信息公开申请2件", "新收政府信息公开申请3件")
    assert codes(rl5(lint_text(linter, new))) == ["RL501"]


def test_handled_and_carried_counts(linter, example_text):
    text = replace_once(example_text, "均在法定期限内答复。",
                  "办结政府信息公开申请2件，结转下年度继续办理1件。")
    finding = only(linter, text, "RL503")
    assert finding.span.column == position_of(text, "1件。")[1]


def test_outcome_categories_and_sums(linter, example_text):
    consistent = replace_once(example_text, "均在法定期限内答复。",
                        "其中予以公开1件，属于三类内部事务信息不予公开1件。")
    assert rl5(lint_text(linter, consistent)) == []
    wrong = replace_once(example_text, "均在法定期限内答复。", "其中予以公开及部分公开2件。")
    finding = only(linter, wrong, "RL504")
    assert (finding.span.line, finding.span.column) == position_of(wrong, "2件。")
    assert "(一)予以公开" in finding.message


def test_appeal_counts_against_table_four(linter, example_text):
    text = replace_once(example_text, "全年未发生政府信息公开行政复议、行政诉讼。",
                  "全年因政府信息公开引起的行政复议案件1件。")
    finding = only(linter, text, "RL505")
    assert finding.span.column == position_of(text, "1件。")[1]


def test_table_two_counts(linter, example_text):
    text = replace_once(example_text, "全年组织业务培训2次。",
                  "全年组织业务培训2次，作出行政处罚决定70件。")
    finding = only(linter, text, "RL506")
    assert finding.span.column == position_of(text, "70件")[1]
    # 行政处罚12件 counts published notices (按月公开), not decisions: not compared.
    assert rl5(lint_text(linter, replace_once(example_text, "共75则", "共70则"))) == []


def test_nothing_happened_against_nonzero_table(linter, example_text):
    text = replace_once(example_text, "cases: [0, 0, 0, 0, 0,", "cases: [1, 0, 0, 0, 1,")
    finding = only(linter, text, "RL507")
    assert (finding.span.line, finding.span.column) == position_of(text, "未发生政府信息公开")
    none_received = replace_once(example_text, "全镇共收到政府信息公开申请2件",
                           "全镇未收到政府信息公开申请")
    finding = only(linter, none_received, "RL507")
    assert finding.span.column == position_of(none_received, "未收到")[1]


def test_percentages_are_recomputed_with_rounding_tolerance(linter, example_text):
    text = three_requests(example_text)  # 2 of 3 disclosed: 66.67%
    for printed in ("66.7", "66.6", "67", "66.67"):  # rounded or truncated
        ok = replace_once(text, "均在法定期限内答复。", f"予以公开2件，占{printed}%。")
        assert rl5(lint_text(linter, ok)) == [], printed
    wrong = replace_once(text, "均在法定期限内答复。", "予以公开2件，占66.5%。")
    finding = only(linter, wrong, "RL508")
    assert finding.span.column == position_of(wrong, "66.5%")[1]
    assert "66.67" in finding.message


def test_fee_statements(linter, example_text):
    collected = replace_once(example_text, "本年度未收取信息处理费。", "本年度收取信息处理费300元。")
    finding = only(linter, collected, "RL509")
    assert finding.span.column == position_of(collected, "300元")[1]
    covered = replace_once(collected, "fees: [0]", "fees: [0.05]")
    assert rl5(lint_text(linter, covered)) == []
    both = replace_once(covered, "本年度收取信息处理费300元。",
                  "本年度未收取信息处理费，收取信息处理费300元。")
    finding = only(linter, both, "RL510")
    assert finding.span.column == position_of(both, "未收取")[1]


def test_combined_appeal_count_names_each_total(linter, example_text):
    text = replace_once(example_text, "全年未发生政府信息公开行政复议、行政诉讼。",
                  "全年因政府信息公开引起的行政复议、行政诉讼案件1件。")
    finding = only(linter, text, "RL505")
    assert finding.span.column == position_of(text, "1件。")[1]
    assert "行政复议 总计+未经复议直接起诉 总计+复议后起诉 总计" in finding.message


def test_handled_count_against_the_outcome_total(linter, example_text):
    text = replace_once(example_text, "均在法定期限内答复。", "已办结政府信息公开申请3件。")
    finding = only(linter, text, "RL502")
    assert finding.span.column == position_of(text, "3件。")[1]
    assert "(七)总计" in finding.message and finding.expected == 2
