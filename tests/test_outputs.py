"""Where a run's output goes: the chosen formats, each file written whole or not at all."""

from __future__ import annotations

import pytest

from reportlint.findings import FileResult, Finding
from reportlint.formats import Context, Summary
from reportlint.model import Span
from reportlint.outputs import OutputError, Outputs, OutputSpec, parse_specs

FINDING = Finding("r.yaml", Span(3, 5), "RL301", "error", "表三不平衡", "table3-balance")


def test_specs_default_to_text_or_github_and_refuse_two_on_standard_output() -> None:
    assert parse_specs(None, {}) == [OutputSpec("text")]
    assert parse_specs(None, {"GITHUB_ACTIONS": "true"}) == [OutputSpec("github")]
    assert parse_specs(["json", "sarif:out.sarif"], {}) == [OutputSpec("json"),
                                                            OutputSpec("sarif", "out.sarif")]
    for bad in (["yaml"], ["json:"], ["json", "text"]):
        with pytest.raises(OutputError):
            parse_specs(bad, {})


def test_an_output_file_appears_only_when_finished_and_never_half_written(tmp_path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    outputs = Outputs([OutputSpec("json", str(target))], Context())
    outputs.file(FileResult("r.yaml", [FINDING]))
    assert target.read_text(encoding="utf-8") == "old"
    outputs.discard()
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left
    assert target.read_text(encoding="utf-8") == "old"
    outputs = Outputs([OutputSpec("concise", str(target))], Context())
    outputs.file(FileResult("r.yaml", [FINDING]))
    summary = Summary()
    summary.add([FINDING])
    outputs.finish(summary)
    assert target.read_text(encoding="utf-8") == "r.yaml:3:5: RL301 表三不平衡\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_output_file_in_a_missing_folder_is_a_usage_error(tmp_path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        Outputs([OutputSpec("json", str(tmp_path / "no" / "out.json"))], Context())
