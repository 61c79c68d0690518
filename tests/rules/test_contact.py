"""RL4xx: the portal address is given; given contact details are well-formed; no empty
placeholders."""

from __future__ import annotations

import pytest

from tests.helpers import codes, lint_text, position_of, replace_once


def test_rl401_no_website(linter, example_text):
    text = replace_once(example_text, "  website: www.yunxi.gov.cn\n", "")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL401"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "六、其他")


def test_rl401_empty_website_points_at_the_key_value(linter, example_text):
    text = replace_once(example_text, "  website: www.yunxi.gov.cn", "  website: ''")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL401"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "''")


@pytest.mark.parametrize(("field", "good", "bad"), [
    ("postcode", '"617300"', '"61730"'),
    ("phone", "0813-5551234", "5551-234"),
    ("website", "www.yunxi.gov.cn", "http:/www.yunxi.gov.cn"),
])
def test_rl402_malformed_contact(linter, example_text, field, good, bad):
    text = replace_once(example_text, f"  {field}: {good}", f"  {field}: {bad}")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL402"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, bad)


def test_rl402_checks_email_when_given(linter, example_text):
    good = replace_once(example_text, "  phone: 0813-5551234", "  phone: 0813-5551234\n  email: gk@yunxi.gov.cn")
    assert lint_text(linter, good) == []
    bad = replace_once(example_text, "  phone: 0813-5551234", "  phone: 0813-5551234\n  email: gk@ yunxi")
    findings = lint_text(linter, bad)
    assert codes(findings) == ["RL402"]


def test_rl403_empty_address_placeholder(linter, example_text):
    text = replace_once(example_text, "门户网站查询。", "门户网站查询，网站下载()。")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL403"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "下载()")
