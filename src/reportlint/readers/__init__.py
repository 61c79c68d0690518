"""Input readers: one module per input form, each turning bytes into a Report with spans.

`read_report` picks the reader by file extension (and, for forms that add readers, by content
sniffing). A reader reports what it cannot read as RL0xx hits; it never repairs a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.rulepack import PackSet


@dataclass
class ReadResult:
    report: Report | None
    problems: list[Hit] = field(default_factory=list)
    suppressions: list[Any] = field(default_factory=list)  # in-data `reportlint.ignore` entries


Reader = Callable[[str, bytes, PackSet, "str | None"], ReadResult]


def _yaml(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="yaml")


def _json(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="json")


READERS: dict[str, Reader] = {
    ".yaml": _yaml,
    ".yml": _yaml,
    ".json": _json,
}

# File name patterns `reportlint check DIR` picks up when walking a directory.
REPORT_PATTERNS = ("*.yaml", "*.yml", "*.json")


def reader_for(path: str, data: bytes) -> Reader | None:
    return READERS.get(PurePath(path).suffix.lower())


def read_report(path: str, data: bytes, packs: PackSet, template: str | None = None) -> ReadResult:
    reader = reader_for(path, data)
    if reader is None:
        from reportlint.model import FILE_START

        return ReadResult(None, [Hit(FILE_START, code="RL006",
                                     args={"problem": f"no reader for {PurePath(path).suffix!r} files"})])
    return reader(path, data, packs, template)
