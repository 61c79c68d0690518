"""One code, one rule: the reader and run codes (RL0xx) are the constants of reportlint/codes.py,
each the code of the rule of that name in rules/core/input.yaml, and no module spells one out."""

from __future__ import annotations

import ast

import regex
import yaml

from reportlint import codes
from tests.helpers import ROOT

SOURCE = ROOT / "src" / "reportlint"
CODE = regex.compile(r"RL0\d\d")


def constants() -> dict[str, str]:
    return {name: value for name, value in vars(codes).items()
            if name.isupper() and isinstance(value, str)}


def core_rules() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "rules" / "core" / "input.yaml").read_text(encoding="utf-8"))
    return {rule["code"]: rule["name"] for rule in data["rules"]}


def test_each_constant_is_the_rule_of_its_name_in_core_input_yaml() -> None:
    rules = core_rules()
    assert {value: rules.get(value) for value in constants().values()} == {
        value: name.lower().replace("_", "-") for name, value in constants().items()}


def test_each_rl0xx_rule_of_core_input_yaml_has_its_constant() -> None:
    assert sorted(c for c in core_rules() if CODE.fullmatch(c)) == sorted(constants().values())


def test_no_module_spells_out_a_reader_code() -> None:
    # a code as a string of its own ("RL013") outside codes.py; prose and messages may name one
    spelt = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name in ("codes.py", "_report_validator.py"):  # the latter is generated
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and CODE.fullmatch(node.value):
                spelt.append(f"{path.relative_to(SOURCE)}:{node.lineno} {node.value}")
    assert spelt == []
