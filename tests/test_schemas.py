"""The shipped schemas: the generated fast validator matches report.schema.json."""

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
    current = generate_validators.TARGET.read_text(encoding="utf-8")
    assert current == generate_validators.generate(), \
        "run: python scripts/generate_validators.py"
