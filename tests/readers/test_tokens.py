"""The published document's tokens: a cell's number, blank, placeholder or text, and prose.

The shortcuts for the common cell (a count in ASCII digits) give what the general reading
gives; a number that ends its cell or line is never prose, whatever `prose_number` says.
"""

from __future__ import annotations

import pytest

from reportlint.model import BLANK, NUMBER, PLACEHOLDER, TEXT, Span
from reportlint.patterns import Bounded
from reportlint.readers.blocks import CellText, Paragraph, TableBlock
from reportlint.readers.cellparse import MAX_DIGITS, parse_cell
from reportlint.readers.stream import PROSE, Stream, tokens

PROSE_NUMBER = Bounded(r"(?<!\s)\s*+(?:[年月日]|[，、。；;,：:]|件\s*[，、。])")


def row(*cells: str) -> TableBlock:
    return TableBlock((tuple(CellText(text, Span(1, 1 + 4 * n)) for n, text in enumerate(cells)),),
                      Span(1, 1))


@pytest.mark.parametrize(("raw", "kind", "value"), [
    ("0", NUMBER, 0), ("45", NUMBER, 45), ("007", NUMBER, 7), ("9" * MAX_DIGITS, NUMBER, int("9" * MAX_DIGITS)),
    ("9" * (MAX_DIGITS + 1), TEXT, None), ("１２", NUMBER, 12), ("1,234", NUMBER, 1234),
    ("3.5", NUMBER, 3.5), (" 12 ", NUMBER, 12), ("٧٥", TEXT, None), ("⑦", TEXT, None),
    ("", BLANK, None), ("/", PLACEHOLDER, None), ("12件", TEXT, None),
])
def test_a_cell_reads_as_printed(raw, kind, value):
    assert parse_cell(raw) == (kind, value)
    assert type(parse_cell(raw)[1]) is type(value)


def test_a_cell_of_digits_is_one_number_token_at_its_place():
    stream = Stream.of([row("规章", "12", "007", "", "1,234", "/", "3 4")])
    words = [(t.raw, t.kind, t.value, stream.span(t.start, t.end)) for t in tokens(stream, 0, len(stream.text))]
    assert words == [
        ("规章", TEXT, None, Span(1, 1, 1, 3)), ("12", NUMBER, 12, Span(1, 5, 1, 7)),
        ("007", NUMBER, 7, Span(1, 9, 1, 12)), ("", BLANK, None, Span(1, 13)),
        ("1,234", NUMBER, 1234, Span(1, 17, 1, 22)), ("/", PLACEHOLDER, None, Span(1, 21)),
        ("3", NUMBER, 3, Span(1, 25)), ("4", NUMBER, 4, Span(1, 27))]


def test_a_number_is_prose_only_where_something_follows_it():
    stream = Stream.of([Paragraph("全年受理申请45件，予以公开12", Span(3, 1)), row("45", "12件，")])
    words = tokens(stream, 0, len(stream.text), PROSE_NUMBER)
    assert [(t.raw, t.kind) for t in words if t.raw[:1].isdigit()] == [
        ("45", PROSE), ("12", NUMBER), ("45", NUMBER), ("12", PROSE)]
    # a pattern that would match nothing at all after a number is not tried at the end
    anything = Bounded(r"(?<=\d)")
    assert [t.kind for t in tokens(stream, 0, len(stream.text), anything)
            if t.raw[:1].isdigit()] == [PROSE, NUMBER, NUMBER, PROSE]
