"""How a published cell reads: a number, a blank, a placeholder, or other text.

Shared by every reader so a cell means the same in YAML, web text, HTML and DOCX. The number
is read as printed (full-width digits and thousands separators are still that number); nothing
is recomputed, and a blank is never 0.
"""

from __future__ import annotations

import unicodedata

from reportlint.model import BLANK, NUMBER, PLACEHOLDER, TEXT
from reportlint.patterns import compile_pattern

PLACEHOLDERS = frozenset({"/", "／", "\\", "—", "——", "-", "－", "–", "―", "无", "空", "N/A", "n/a"})
# Longer digit strings are text, not a count: int() refuses over 4300 digits, and no table
# cell holds a number that long (a glued row that long is not split either).
MAX_DIGITS = 300
_NUMBER = compile_pattern(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# Digits a Chinese report prints: ASCII and full-width. Others that NFKC or int() would turn
# into digits (Arabic-Indic ٧٥, mathematical 𝟕𝟓, circled ⑦, superscript ⁷) are text: a number
# published in another script is the finding (RL310 / RL013), not a silent conversion.
_PRINTED_DIGITS = frozenset("0123456789０１２３４５６７８９")


def parse_cell(raw: str) -> tuple[str, int | float | None]:
    if raw.isdigit() and raw.isascii() and len(raw) <= MAX_DIGITS:  # most cells: a count
        return NUMBER, int(raw)
    if any(char.isdigit() and char not in _PRINTED_DIGITS for char in raw):
        return TEXT, None
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return BLANK, None
    if text in PLACEHOLDERS:
        return PLACEHOLDER, None
    if _NUMBER.fullmatch(text) and len(text) <= MAX_DIGITS:
        plain = text.replace(",", "")
        return NUMBER, (float(plain) if "." in plain else int(plain))
    return TEXT, None
