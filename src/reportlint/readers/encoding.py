"""Bytes to text: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else GB18030 (a superset of
GBK and GB2312, which many government pages use). A file that is not UTF-8 is read, and said so."""

from __future__ import annotations

import codecs

from reportlint import i18n
from reportlint.codes import FILE_UNREADABLE, NOT_UTF8
from reportlint.findings import Hit
from reportlint.model import FILE_START


def decode(data: bytes, declared: str | None = None) -> tuple[str | None, str, list[Hit]]:
    """(text or None, encoding used, problems)."""
    if data.startswith(codecs.BOM_UTF8):
        return _try(data[3:], "utf-8", [])
    # UTF-32 LE's BOM starts with UTF-16 LE's: it is tested first, or it is misnamed UTF-16
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _try(data, "utf-32", [Hit(FILE_START, code=NOT_UTF8, args={"encoding": "UTF-32"})])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16", [Hit(FILE_START, code=NOT_UTF8, args={"encoding": "UTF-16"})])
    if b"\x00" in data[:4096]:
        return None, "binary", [Hit(FILE_START, code=FILE_UNREADABLE,
                                    args={"problem": i18n.BINARY})]
    candidates = [declared] if declared else []
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        problems = []
        if encoding.lower().replace("-", "") not in ("utf8",) and not declared:
            problems.append(Hit(FILE_START, code=NOT_UTF8, args={"encoding": encoding.upper()}))
        return text, encoding, problems
    return None, "unknown", [Hit(FILE_START, code=FILE_UNREADABLE,
                                 args={"problem": i18n.UNKNOWN_ENCODING})]


def _try(data: bytes, encoding: str, problems: list[Hit]) -> tuple[str | None, str, list[Hit]]:
    try:
        return data.decode(encoding), encoding, problems
    except UnicodeDecodeError as error:
        return None, encoding, [Hit(FILE_START, code=FILE_UNREADABLE,
                                    args={"problem": i18n.invalid_encoding(encoding, error.reason, error.start)})]
