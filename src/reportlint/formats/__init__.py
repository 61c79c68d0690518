"""Output formats: one module per format, each writing findings to a stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from reportlint.findings import Finding
from reportlint.formats import json_format, text


@dataclass
class Summary:
    files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})

    def add(self, findings: list[Finding]) -> None:
        self.files += 1
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + 1


Writer = Callable[[list[Finding], TextIO, Summary, str], None]

FORMATS: dict[str, Writer] = {
    "text": text.write,
    "concise": text.write_concise,
    "json": json_format.write,
}
