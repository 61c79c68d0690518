"""Published document forms (HTML, DOCX, PDF): bytes -> blocks -> Report, and content sniffing.

Each form only turns its bytes into blocks (`readers/blocks.py`); recognising the report in
them (title, sections, tables by the pack's labels, period, contact) is the assembler's job,
the same for every form.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from reportlint.codes import CONTENT_SNIFFED, NO_TABLES, TABLE_NOT_FOUND
from reportlint.findings import Hit
from reportlint.model import FILE_START
from reportlint.packs.pack import PackSet
from reportlint.readers.result import ReadResult
from reportlint.records import replace

TYPE_CHECKING = False
if TYPE_CHECKING:  # sniffing a YAML file needs none of the published forms' types
    from reportlint.readers.blocks import Block

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF-"
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<p>",
               b"<p ", b"<div", b"<h1", b"<h2")
# Structured data is never sniffed: its content decides nothing.
NOT_SNIFFED = frozenset({".yaml", ".yml", ".json"})
# Extensions that name a form: content of another form under them is worth a note (RL033).
NAMED_FORMS = frozenset({".html", ".htm", ".txt", ".md", ".docx", ".pdf"})


def sniff(data: bytes) -> str | None:
    """".docx", ".pdf" or ".html" when the bytes are plainly one of them, else None."""
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return ".docx"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n\x00")[:5] == _PDF_MAGIC:
        return ".pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and any(mark in head for mark in _HTML_MARKS):
        return ".html"
    return None


def suffix_of(path: str) -> str:
    """The file name's extension as pathlib's `suffix` gives it ("" for `.profile`, `name.`),
    without building a path object for each file of a run (pathlib interns every part)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def sniffed_suffix(path: str, data: bytes) -> tuple[str, list[Hit]]:
    """The extension to read the file by, and an RL033 note when it is not the file's own."""
    suffix = suffix_of(path).lower()
    if suffix in NOT_SNIFFED:
        return suffix, []
    found = sniff(data)
    if found is None or found == suffix or (found == ".html" and suffix == ".htm"):
        return suffix, []
    if suffix not in NAMED_FORMS:
        return found, []  # .shtml, .doc, no extension: read by content, nothing to note
    form = {".docx": "DOCX", ".html": "HTML", ".pdf": "PDF"}[found]
    return found, [Hit(FILE_START, code=CONTENT_SNIFFED, args={"suffix": suffix or "(none)", "form": form})]


def read_html(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import html

    return _assemble(path, "html", html.read_blocks, data, packs, template)


def read_docx(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers import docx

    return _assemble(path, "docx", docx.read_blocks, data, packs, template)


def read_pdf(path: str, data: bytes, packs: PackSet, template: str | None,
             ocr: bool = False) -> ReadResult:
    from reportlint.readers import pdf

    return _assemble(path, "pdf", lambda d: pdf.read_blocks(d, ocr), data, packs, template)


def _assemble(path: str, form: str,
              read_blocks: Callable[[bytes], tuple[list[Block] | None, list[Hit]]],
              data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers.blocks import TableBlock

    blocks, problems = read_blocks(data)
    if blocks is None:
        return ReadResult(None, problems)
    tableless = not any(isinstance(block, TableBlock) for block in blocks)
    from reportlint.readers.assemble import assemble

    result = assemble(path, form, blocks, packs, template)
    found = list(result.problems)
    if tableless and result.report is not None:
        # RL032 says why no table was read; an RL011 per table would say it three times more
        problems.append(Hit(FILE_START, code=NO_TABLES, args={"form": form.upper()}))
        found = [hit for hit in found if hit.code != TABLE_NOT_FOUND]
    return replace(result, problems=problems + found)
