"""Every rule of the national pack carries a failing and a passing example, and each is run:
a failing example the rule does not report, or a passing one it does, breaks the suite."""

from __future__ import annotations

import pytest

from reportlint.engine import lint_example
from reportlint.packs.examples import ExampleError, apply, parse_path, run_example, run_pack
from reportlint.packs.load import load_packs

PACKS = load_packs()
PACK = PACKS.get("annual-2021")
OUTCOMES = run_pack(lint_example, PACKS, PACK)
OWN_RULES = [r for r in PACK.rules if r.pack == "annual-2021"]


def test_the_pack_names_its_example_report_inside_its_folder():
    assert PACK.example is not None
    assert PACK.example.is_relative_to(PACK.path)
    assert PACK.example.read_text(encoding="utf-8").startswith("# A complete annual report")


@pytest.mark.parametrize("rule", OWN_RULES, ids=lambda r: r.code)
def test_every_rule_has_a_failing_and_a_passing_example(rule):
    assert rule.examples.get("fail"), f"{rule.code} has no failing example"
    assert rule.examples.get("pass"), f"{rule.code} has no passing example"


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.label)
def test_example(outcome):
    assert outcome.ok, outcome.problem
    if outcome.kind == "fail":
        assert all(f.code == outcome.rule.code for f in outcome.findings)
        assert outcome.findings[0].span.line > 0


def test_a_failing_example_that_passes_breaks_the_suite():
    rule = PACK.rule("RL303")
    outcome = run_example(lint_example, PACKS, PACK, rule, "fail", 0,
                          {"set": {"tables.table3.new[0]": 2}})  # unchanged: balanced
    assert not outcome.ok
    assert "does not report the failing example" in outcome.problem


def test_a_passing_example_that_fails_breaks_the_suite():
    rule = PACK.rule("RL303")
    outcome = run_example(lint_example, PACKS, PACK, rule, "pass", 0, {"set": {"tables.table3.new[6]": 5}})
    assert not outcome.ok
    assert "reports the passing example" in outcome.problem


def test_an_edit_that_breaks_the_report_is_not_a_pass():
    rule = PACK.rule("RL303")
    outcome = run_example(lint_example, PACKS, PACK, rule, "pass", 0, {"set": {"meta.year": "twenty"}})
    assert not outcome.ok
    assert "does not read" in outcome.problem


@pytest.mark.parametrize("example, message", [
    ({"set": {"tables.table9.new[0]": 1}}, "no 'table9'"),
    ({"set": {"tables.table3.new[9]": 1}}, "no item 9"),
    ({"replace": {"intro": ["不存在的文字", "x"]}}, "is not in the example report"),
    ({"delete": ["contact.fax"]}, "nothing to delete"),
])
def test_an_example_that_does_not_fit_the_report_is_reported(example, message):
    report = {"tables": {"table3": {"new": [1, 2]}}, "intro": "文字", "contact": {}}
    with pytest.raises(ExampleError, match=message):
        apply(report, example)


def test_data_paths():
    assert parse_path("tables.table3.new[6]") == ["tables", "table3", "new", 6]
    assert parse_path("sections[4].text") == ["sections", 4, "text"]
    with pytest.raises(ExampleError):
        parse_path("tables..x")
