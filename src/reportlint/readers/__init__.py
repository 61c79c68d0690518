"""Input readers: one module per input form, each turning bytes into a Report with spans.

`read_report` picks the reader by file extension (and, for forms that add readers, by content
sniffing). A reader reports what it cannot read as RL0xx hits; it never repairs a number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from reportlint.codes import UNSUPPORTED_FILE
from reportlint.findings import Hit
from reportlint.packs.pack import PackSet
from reportlint.readers.result import ReadResult
from reportlint.records import replace

Reader = Callable[[str, bytes, PackSet, "str | None"], ReadResult]


def _yaml(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="yaml")


def _json(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import structured

    return structured.read(path, data, packs, template, form="json")


def _text(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import text

    return text.read(path, data, packs, template)


def _sniff_text(data: bytes) -> bool:
    from reportlint.readers import text
    from reportlint.readers.encoding import decode

    decoded = decode(data[:8192])[0] if b"\x00" not in data[:4096] else None
    return decoded is not None and text.looks_like_text(decoded)


def _html(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import published

    return published.read_html(path, data, packs, template)


def _docx(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import published

    return published.read_docx(path, data, packs, template)


def _pdf(path: str, data: bytes, packs: PackSet, template: str | None,
         ocr: bool = False) -> ReadResult:
    from reportlint.readers import published

    return published.read_pdf(path, data, packs, template, ocr)


READERS: dict[str, Reader] = {
    ".yaml": _yaml,
    ".yml": _yaml,
    ".json": _json,
    ".txt": _text,
    ".md": _text,
    ".html": _html,
    ".htm": _html,
    ".docx": _docx,
    ".doc": _docx,  # only to say clearly that old binary .doc is not read (RL030)
    ".pdf": _pdf,
}

# Content sniffing for files whose extension names no reader: (test on the bytes, reader).
SNIFFERS: list[tuple[Callable[[bytes], bool], Reader]] = [
    (_sniff_text, _text),
]

# File name patterns `reportlint check DIR` picks up when walking a directory. Markdown, HTML
# and DOCX are read when named (`reportlint check report.html`) but not walked: a folder's
# README.md, or an HTML findings report written by `--format html`, is not a report.
# The pre-commit hook's `files` pattern matches these too (tests/test_precommit.py checks it).
REPORT_PATTERNS = ("*.yaml", "*.yml", "*.json", "*.txt")

# Files of other tools that match REPORT_PATTERNS but are never reports: excluded by default
# (with the hidden names: .github/, .gitlab-ci.yml), so a folder walk or the pre-commit hook
# passes them over; named on the command line they are still read and said not to be reports.
NOT_REPORT_NAMES = (
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml",
    "pnpm-workspace.yaml", "composer.json", "tsconfig*.json", "jsconfig.json", "deno.json",
    "bower.json", "lerna.json", "renovate.json", "mkdocs.yml", "docker-compose*.yml",
    "docker-compose*.yaml", "compose.yml", "compose.yaml", "environment.yml", "codecov.yml",
    "requirements*.txt", "constraints*.txt", "CMakeLists.txt", "robots.txt", "LICENSE*",
    "COPYING*", "CHANGELOG*", "README*",
)


def reader_for(path: str, data: bytes) -> Reader | None:
    return _choose(path, data)[0]


def _choose(path: str, data: bytes) -> tuple[Reader | None, list[Hit]]:
    """By extension, unless the content is plainly HTML or DOCX (then with an RL033 note);
    a file whose extension names no reader is sniffed."""
    from reportlint.readers.published import sniffed_suffix

    suffix, notes = sniffed_suffix(path, data)
    reader = READERS.get(suffix)
    if reader is None:
        reader = next((r for test, r in SNIFFERS if test(data)), None)
    return reader, notes


def read_report(path: str, data: bytes, packs: PackSet, template: str | None = None,
                ocr: bool = False) -> ReadResult:
    """The report in a file's bytes. `ocr`: read scanned PDF pages by OCR (readers/ocr.py)."""
    reader, notes = _choose(path, data)
    if reader is None:
        from reportlint.i18n import no_reader
        from reportlint.model import FILE_START

        return ReadResult(None, [Hit(FILE_START, code=UNSUPPORTED_FILE,
                                     args={"problem": no_reader(PurePath(path).suffix)})])
    result = _pdf(path, data, packs, template, ocr) if reader is _pdf \
        else reader(path, data, packs, template)
    return replace(result, problems=notes + list(result.problems)) if notes else result
