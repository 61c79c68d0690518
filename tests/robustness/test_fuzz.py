"""Property-based tests: whatever bytes a file holds, reportlint returns findings or a clear
error, never an exception. `REPORTLINT_FUZZ_EXAMPLES` raises the example count for a longer
run (see README)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint import yamlsource
from reportlint.engine import INTERNAL_ERROR
from reportlint.packs.load import PackError, builtin_rules_dir, load_pack, load_packs
from tests.helpers import EXAMPLE, lint_bytes

EXAMPLES = int(os.environ.get("REPORTLINT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLE_BYTES = EXAMPLE.read_bytes()
YAML_ALPHABET = st.sampled_from(list("ab:- \n\t[]{},'\"&*!|>#%@`?0123456789.~年月日表三一二\r\ufeff"))


def _assert_no_crash(findings) -> None:
    assert all(f.code != INTERNAL_ERROR for f in findings), [f.message for f in findings]


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=300))
def test_loader_never_raises_on_arbitrary_yaml_like_text(text):
    composed = yamlsource.compose(text)
    yamlsource.to_data(composed.root)
    assert all(p.code.startswith("RL0") for p in composed.problems)


@FUZZ
@given(st.binary(max_size=400))
def test_linter_never_crashes_on_arbitrary_bytes(linter, data):
    _assert_no_crash(lint_bytes(linter, "report.yaml", data))
    _assert_no_crash(lint_bytes(linter, "report.json", data))


@FUZZ
@given(st.data())
def test_linter_never_crashes_on_mutated_real_reports(linter, data):
    """Cut, duplicate, or overwrite spans of the example report."""
    blob = bytearray(EXAMPLE_BYTES)
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(blob)))
        end = data.draw(st.integers(start, min(len(blob), start + 200)))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            del blob[start:end]
        elif action == "duplicate":
            blob[start:start] = blob[start:end]
        else:
            blob[start:end] = data.draw(st.binary(max_size=20))
    _assert_no_crash(lint_bytes(linter, "report.yaml", bytes(blob)))


@pytest.fixture(scope="module")
def rules_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz-rules") / "rules"
    shutil.copytree(builtin_rules_dir(), target)
    return target


@FUZZ
@given(st.data())
def test_rule_loader_gives_pack_errors_only(rules_copy, data):
    files = sorted(rules_copy.glob("*/*.yaml"))
    path = data.draw(st.sampled_from(files))
    original = path.read_bytes()
    try:
        lines = original.split(b"\n")
        index = data.draw(st.integers(0, len(lines) - 1))
        lines[index] = data.draw(st.binary(max_size=40))
        path.write_bytes(b"\n".join(lines))
        load_pack.cache_clear()
        try:
            load_packs([rules_copy])
        except PackError as error:
            assert error.path and error.line >= 1
    finally:
        path.write_bytes(original)
        load_pack.cache_clear()
