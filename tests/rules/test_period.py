"""RL2xx: the statistical period stated, readable, and the calendar year; title year."""

from __future__ import annotations

import pytest

from tests.helpers import codes, lint_text, position_of, replace_once

PERIOD = "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


def test_rl201_no_period_sentence(linter, example_text):
    text = replace_once(example_text, PERIOD, "")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL201"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "|", 1)


def test_rl202_period_that_cannot_be_read(linter, example_text):
    # The garbling seen in a real report: 年 and 月 lost.
    text = replace_once(example_text, PERIOD, "本报告中所列数据统计期限自202411日起至20241231日止。")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL202"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "所列数据统计期限")


@pytest.mark.parametrize(("period", "starts_at"), [
    ("统计期限自2024年1月1日起至2024年12月30日止", "2024"),
    ("统计期限自2023年1月1日起至2023年12月31日止", "2023"),
    ("统计期限自2024年2月1日至12月31日", "2024"),
    ("数据截至2024年12月30日", "截至"),
])
def test_rl203_period_not_the_report_year(linter, example_text, period, starts_at):
    text = replace_once(example_text, PERIOD, f"本报告所列数据的{period}。")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL203"]
    line, column = position_of(text, period)
    assert (findings[0].span.line, findings[0].span.column) == (line, column + period.index(starts_at))


@pytest.mark.parametrize("period", [
    "统计期限从2024年1月1日到12月31日止",
    "统计时限为2024年1月1日至2024年12月31日",
    "统计期限为自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止",
])
def test_period_wordings_seen_in_real_reports_are_accepted(linter, example_text, period):
    text = replace_once(example_text, PERIOD, f"本报告所列数据的{period}。")
    assert lint_text(linter, text) == []


def test_rl204_title_year_differs_from_report_year(linter, example_text):
    text = replace_once(example_text, "  year: 2024", "  year: 2025")
    findings = lint_text(linter, text)
    assert "RL204" in codes(findings)
    rl204 = next(f for f in findings if f.code == "RL204")
    line, column = position_of(text, "云溪县石桥镇2024")
    assert (rl204.span.line, rl204.span.column) == (line, column + len("云溪县石桥镇"))
    assert "2024" in rl204.message and "2025" in rl204.message
