"""The shipped schemas: the generated fast validators match report.schema.json and
config.schema.json."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.helpers import ROOT


@pytest.mark.skipif(importlib.util.find_spec("fastjsonschema") is None,
                    reason="fastjsonschema (a test dependency) is not installed")
def test_generated_validator_is_up_to_date():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import generate_validators
    finally:
        sys.path.pop(0)
    assert set(generate_validators.TARGETS) == {"report.schema.json", "config.schema.json"}
    for schema_name, target in generate_validators.TARGETS.items():
        assert target.read_text(encoding="utf-8") == generate_validators.generate(schema_name), \
            f"{target.name} is stale: run python scripts/generate_validators.py"


def test_the_fast_validator_builds_an_error_path_only_when_it_raises():
    """fastjsonschema formats the instance path of every cell it validates; the generated
    module passes a constant schema path instead, and formats only the path of an error."""
    from reportlint.schemas import _report_validator

    source = (ROOT / "src" / "reportlint" / "schemas" / "_report_validator.py").read_text(encoding="utf-8")
    eager = [line for line in source.splitlines() if ".format(**locals())" in line and "raise " not in line]
    assert eager == []
    report = {"meta": {"title": "x", "year": 2024}, "sections": [],
              "tables": {"table3": {"granted": [1, 2, "x", None], "other": {"natural": [1]}}}}
    with pytest.raises(ValueError, match=r"data\.tables\.\*\.\*\.\* must be integer or number"):
        _report_validator.validate(report)


def test_a_call_is_skipped_only_for_values_that_pass_it():
    """The generated module skips a type-test definition's call for a value of an exact type
    that test always passes (`_PASSES_CELL`). Every such value must pass both the definition's
    own validator and jsonschema; every other kind of value still gets the call."""
    import json
    import re

    import jsonschema

    from reportlint.schemas import _report_validator

    schema = json.loads((ROOT / "src" / "reportlint" / "schemas" / "report.schema.json")
                        .read_text(encoding="utf-8"))
    samples = {int: [0, 1, -7, 10**30], float: [0.0, 1.5, -2.0, float("nan"), float("inf")],
               str: ["", "/", "—", "12"], type(None): [None]}
    others = [True, False, [], [1], {}, {"a": 1}, (1,), b"1"]
    guarded = {name[len("_PASSES_"):].lower(): types for name, types in vars(_report_validator).items()
               if name.startswith("_PASSES_")}
    assert set(guarded) == {"cell", "text"}
    for name, types in guarded.items():
        function = next(f for n, f in vars(_report_validator).items()
                        if n.startswith("validate_") and n.endswith(f"___defs_{name}"))
        checker = jsonschema.Draft202012Validator(schema["$defs"][name])
        for kind in types:
            for value in samples[kind]:
                function(value)  # raises if the skipped call would have
                assert checker.is_valid(value), (name, value)
        for value in others:
            assert type(value) not in types
    source = (ROOT / "src" / "reportlint" / "schemas" / "_report_validator.py").read_text(encoding="utf-8")
    calls = re.findall(r"\n( *)if type\((\w+)\) not in _PASSES_CELL:\n\1    validate_\w+___defs_cell\(\2,", source)
    assert len(calls) == 2  # a row's items and a row's values by column
    report = {"meta": {"title": "x", "year": 2024}, "sections": [],
              "tables": {"table3": {"granted": [1, 2.5, "/", None], "other": {"natural": True}}}}
    with pytest.raises(ValueError, match=r"data\.tables\.\*\.\*\.\* must be integer or number"):
        _report_validator.validate(report)
