"""Input readers: one module per input form, each turning bytes into a Report with spans.

`read_report` picks the reader by file extension (and, for forms that add readers, by content
sniffing). A reader reports what it cannot read as RL0xx hits; it never repairs a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from reportlint.findings import Hit
from reportlint.model import Report
from reportlint.rulepack import PackSet


@dataclass
class ReadResult:
    report: Report | None
    problems: list[Hit] = field(default_factory=list)


Reader = Callable[[str, bytes, PackSet, "str | None"], ReadResult]


def _yaml(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="yaml")


def _json(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="json")


def _html(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import published

    return published.read_html(path, data, packs, template)


def _docx(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import published

    return published.read_docx(path, data, packs, template)


READERS: dict[str, Reader] = {
    ".yaml": _yaml,
    ".yml": _yaml,
    ".json": _json,
    ".html": _html,
    ".htm": _html,
    ".docx": _docx,
    ".doc": _docx,  # only to say clearly that old binary .doc is not read (RL030)
}

# File name patterns `reportlint check DIR` picks up when walking a directory.
REPORT_PATTERNS = ("*.yaml", "*.yml", "*.json", "*.html", "*.htm", "*.docx")


def reader_for(path: str, data: bytes) -> Reader | None:
    return READERS.get(_suffix(path, data)[0])


def _suffix(path: str, data: bytes) -> tuple[str, list[Hit]]:
    """The extension to read by: the file's own, unless its content is plainly HTML or DOCX."""
    from reportlint.readers.published import sniffed_suffix

    return sniffed_suffix(path, data)


def read_report(path: str, data: bytes, packs: PackSet, template: str | None = None) -> ReadResult:
    suffix, notes = _suffix(path, data)
    reader = READERS.get(suffix)
    if reader is None:
        from reportlint.model import FILE_START

        return ReadResult(None, [Hit(FILE_START, code="RL006",
                                     args={"problem": f"no reader for {PurePath(path).suffix!r} files"})])
    result = reader(path, data, packs, template)
    return ReadResult(result.report, notes + list(result.problems))
