"""Helpers the prose checks share (claims, dates, history, version): numbers as the prose
writes them, prose without its whitespace but with its positions, which texts a rule reads,
and how a table is named in a message."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from reportlint.labels import Label
from reportlint.model import Report, Span, Text
from reportlint.patterns import compile_pattern
from reportlint.records import record

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_number(text: str) -> float | int | None:
    """Arabic (with , separators) or Chinese numerals (二十三, 两, 一百零五, 1.2万)."""
    text = text.translate(_WIDE).replace(",", "")
    scale = 1
    if len(text) > 1 and text.endswith("万") and text[0].isdigit():
        text, scale = text[:-1], 10000
    try:
        value = float(text) * scale if "." in text else int(text) * scale
        return value
    except ValueError:
        pass
    total = section = digit = 0
    seen = False
    for char in text:
        if char in _DIGITS:
            digit, seen = _DIGITS[char], True
        elif char in _UNITS:
            section += (digit if seen else 1) * _UNITS[char]
            digit, seen = 0, False
        elif char == "万":
            total += (section + digit) * 10000
            section = digit = 0
            seen = False
        else:
            return None
    return total + section + digit


_SPACE = compile_pattern(r"\s+")


@record(frozen=True)
class Compact:
    """Prose with whitespace removed; where each character came from is worked out only when
    a finding needs a position (findings are rare, prose is long)."""

    text: Text
    value: str

    @cached_property
    def origin(self) -> tuple[int, ...]:
        kept: list[int] = []
        position = 0
        for space in _SPACE.finditer(self.text.value):
            kept.extend(range(position, space.start()))
            position = space.end()
        kept.extend(range(position, len(self.text.value)))
        return tuple(kept)

    def span(self, start: int, end: int) -> Span:
        origin = self.origin
        stop = origin[end - 1] + 1 if end > start else origin[start]
        return self.text.locate(origin[start], stop)


_COMPACTED: dict[int, Compact] = {}  # id(text) -> its Compact, which keeps the text alive
_KEPT = 64


def compact(text: Text) -> Compact:
    """Memoised by identity: every prose rule of a report compacts the same few texts (by
    equality, each lookup hashed the whole Text record, its span and anchors)."""
    found = _COMPACTED.get(id(text))
    if found is not None and found.text is text:
        return found
    if len(_COMPACTED) >= _KEPT:
        del _COMPACTED[next(iter(_COMPACTED))]  # the oldest
    found = _COMPACTED[id(text)] = Compact(text, _SPACE.sub("", text.value))
    return found


def scoped_texts(report: Report, scope: Sequence[str] | None) -> list[Text]:
    """The intro and section bodies (never the title), limited to `scope` if given."""
    texts = []
    if report.intro is not None and (not scope or "intro" in scope):
        texts.append(report.intro)
    for section in report.sections:
        if section.body is not None and (not scope or section.id in scope):
            texts.append(section.body)
    return texts


def table_name(report: Report, table_id: str) -> Label:
    """表三 / table 3: tables are known by the numeral of the section they stand in."""
    definition = report.template.tables.get(table_id)
    for index, section in enumerate(report.template.sections, 1):
        if definition is not None and section.id == definition.section:
            return Label(f"表{section.numeral}", f"table {index}")
    return Label(table_id)
