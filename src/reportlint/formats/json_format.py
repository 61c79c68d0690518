"""Machine output: a JSON list of findings (schema version in docs/output-formats.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from reportlint.findings import Finding

if TYPE_CHECKING:
    from reportlint.formats import Summary


def as_dict(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "path": finding.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "anchor": span.anchor or None,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "data_path": finding.data_path or None,
        "expected": _plain(finding.expected),
        "actual": _plain(finding.actual),
        "fingerprint": finding.fingerprint(),
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    return str(value)


def write(findings: list[Finding], stream: TextIO, summary: Summary, lang: str) -> None:
    json.dump([as_dict(f) for f in findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")
