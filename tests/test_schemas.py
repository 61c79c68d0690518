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
