"""Machine output: `json` (one document) and `jsonl` (one finding per line).

Both follow src/reportlint/schemas/findings.schema.json (`SCHEMA_VERSION`); docs/output-formats.md
describes the fields. A finding's position, data path, expected and actual values and
fingerprint are all there, so tools need not parse messages.
"""

from __future__ import annotations


from reportlint import __version__
from reportlint.findings import Finding, json_text
from reportlint.formats import Collecting, Formatter, Summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.findings import FileResult

SCHEMA_VERSION = 1


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
        "expected": plain(finding.expected),
        "actual": plain(finding.actual),
        "fingerprint": finding.fingerprint(),
        "related": list(finding.related),
    }


def plain(value: Any) -> Any:
    """A JSON value for expected/actual: numbers and strings as they are, never NaN."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    return str(value)


class JsonFormatter(Collecting):
    def finish(self, summary: Summary) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "reportlint", "version": __version__},
            "files": summary.files,
            "counts": summary.counts,
            "findings": [as_dict(f) for f in self.findings],
        }
        self.stream.write(json_text(document, indent=2))
        self.stream.write("\n")


class JsonLinesFormatter(Formatter):
    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            record = {"schema_version": SCHEMA_VERSION, **as_dict(finding)}
            self.stream.write(json_text(record) + "\n")
