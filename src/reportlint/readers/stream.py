"""The published document as one character stream, its normal form, and its tokens.

The assembler (`readers/assemble.py`) lays every form's blocks out as one string: paragraphs end
with a newline, table cells with a tab, table rows with a newline, so a blank table cell stays a
blank. Every character keeps its source position (`Stream.points`), so whatever is found in the
string is located in the file the user edits. Labels are compared on a normal form (`key`,
`Folded`): letters and digits only, NFKC-folded, so full/half-width punctuation, spaces and
wrapped labels do not matter.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import field
from functools import lru_cache


from reportlint.model import BLANK, FILE_START, NUMBER, PLACEHOLDER, Span, Text
from reportlint.patterns import Bounded, compile_pattern
from reportlint.readers.blocks import Block, Paragraph, TableBlock
from reportlint.readers.cellparse import parse_cell
from reportlint.records import record

CELL_END = "\t"
LINE_END = "\n"


@record
class Stream:
    """The document as one string, with the source position of every character."""

    text: str
    points: list[tuple[int, int, str]]  # (line, column, anchor) per character
    # (start, end) offsets of the tables given as grids of several rows (HTML, DOCX and
    # Markdown tables): where such a table starts is known, not guessed from its lines
    grids: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> Stream:
        chars: list[str] = []
        points: list[tuple[int, int, str]] = []
        grids: list[tuple[int, int]] = []

        def put(text: str, point_of) -> None:
            for index, char in enumerate(text):
                chars.append(" " if char in "\t\n\r" else char)
                points.append(point_of(index))

        for block in blocks:
            if isinstance(block, Paragraph):
                text = block.as_text("")
                put(block.text, lambda i, t=text: _point(t.locate(i)))
                end = text.locate(max(len(block.text) - 1, 0))
                chars.append(LINE_END)
                points.append((end.line, end.column + 1, end.anchor))
            elif isinstance(block, TableBlock):
                grid_start = len(chars)
                for row in block.rows:
                    last = (block.span.line, block.span.column, block.span.anchor)
                    for cell in row:
                        span = cell.span
                        put(cell.text, lambda i, s=span: (s.line, s.column + i, s.anchor))
                        last = (span.line, span.column + len(cell.text), span.anchor)
                        chars.append(CELL_END)
                        points.append(last)
                    chars.append(LINE_END)
                    points.append(last)
                if len(block.rows) > 1:
                    grids.append((grid_start, len(chars)))
        return cls("".join(chars), points, grids)

    def span(self, start: int, end: int | None = None) -> Span:
        if not self.points:
            return FILE_START
        start = min(max(start, 0), len(self.points) - 1)
        line, column, anchor = self.points[start]
        if end is None or end <= start + 1:
            return Span(line, column, line, column, anchor)
        end_line, end_column, _ = self.points[min(end, len(self.points)) - 1]
        return Span(line, column, end_line, end_column + 1, anchor)

    def span_after(self, offset: int) -> Span:
        """The span of the first visible character at or after an offset."""
        while offset < len(self.text) and self.text[offset].isspace():
            offset += 1
        return self.span(offset)

    def text_of(self, start: int, end: int, path: str, keep_lines: bool = True) -> Text:
        """Prose from the stream, with anchors back to the source."""
        start, end = self._trim(start, end)
        value: list[str] = []
        anchors: list[tuple[int, int, int] | tuple[int, int, int, str]] = []
        previous: tuple[int, int, str] | None = None
        for index in range(start, end):
            char = self.text[index]
            if char == LINE_END and not keep_lines:
                previous = None
                continue
            point = self.points[index]
            if char == CELL_END:
                char = " "
            if previous is None or point[0] != previous[0] or point[1] != previous[1] + 1 \
                    or point[2] != previous[2]:
                # a place without lines (DOCX paragraph) is named in a fourth element
                anchors.append((len(value), *point) if point[2] else (len(value), *point[:2]))
            value.append(char)
            previous = point
        span = self.span(start, end) if end > start else self.span(start)
        return Text("".join(value), span, path, tuple(anchors))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end


def _point(span: Span) -> tuple[int, int, str]:
    return span.line, span.column, span.anchor


# --- normal form for labels -------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character's normal form (a few thousand distinct characters in all reports)."""
    return "".join(c for c in unicodedata.normalize("NFKC", char) if c.isalnum()).lower()


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Letters and digits only, NFKC-folded: what a label is compared on."""
    return "".join(_fold(c) for c in text)


@record
class Folded:
    """The stream's normal form, with a map back to stream offsets."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, stream: Stream) -> Folded:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(stream.text):
            for folded in _fold(char):
                chars.append(folded)
                origin.append(index)
        return cls("".join(chars), origin)

    def at(self, stream_offset: int) -> int:
        """First folded index at or after a stream offset."""
        return bisect_left(self.origin, stream_offset)

    def stream_end(self, folded_end: int) -> int:
        return self.origin[folded_end - 1] + 1 if folded_end > 0 else 0


# --- tokens ----------------------------------------------------------------------------------


@record
class Token:
    raw: str
    start: int  # stream offsets
    end: int
    kind: str  # number, blank, placeholder, text, prose
    value: int | float | None = None


PROSE = "prose"  # a token's kind: a number in a sentence (not a cell kind of the model)
_WORD = compile_pattern(r"[+-]?\d[\d,.]*|[^\s\d]+")


def tokens(stream: Stream, start: int, end: int,
           prose: Bounded | None = None) -> list[Token]:
    """Cells and words of a stream range; a table cell left empty is a blank token.

    A number that `prose` matches right after (a unit and 。，、, a date's 年) is a word of a
    sentence, never a cell: "予以公开45件、" is prose, "45" alone in its cell is not.
    """
    return list(iter_tokens(stream, start, end, prose))


def iter_tokens(stream: Stream, start: int, end: int,
                prose: Bounded | None = None) -> Iterator[Token]:
    """`tokens` one at a time, so a reader that decides on the first cell reads no further;
    the pieces between cell and line ends are found with str.find, not character by character."""
    text = stream.text
    piece_start = start
    next_cell = text.find(CELL_END, start, end)
    next_line = text.find(LINE_END, start, end)
    while True:
        if next_cell < 0 and next_line < 0:
            index, char = end, LINE_END  # the range ends as a line would
        elif next_line < 0 or 0 <= next_cell < next_line:
            index, char = next_cell, CELL_END
            next_cell = text.find(CELL_END, index + 1, end)
        else:
            index, char = next_line, LINE_END
            next_line = text.find(LINE_END, index + 1, end)
        piece = text[piece_start:index]
        if char == CELL_END and not piece.strip():
            if piece_start != start:  # not the rest of the cell a label ended in
                yield Token("", piece_start, piece_start, BLANK)
        else:
            for word in _WORD.finditer(piece):
                kind, value = parse_cell(word.group(0))
                if kind == NUMBER and prose is not None and prose.match(piece, word.end()):
                    kind, value = PROSE, None
                yield Token(word.group(0), piece_start + word.start(),
                            piece_start + word.end(), kind, value)
        if index >= end:
            return
        piece_start = index + 1


def is_cell(token: Token) -> bool:
    return token.kind in (NUMBER, BLANK, PLACEHOLDER)


def same_line(stream: Stream, first: Token, second: Token) -> bool:
    """Whether two tokens stand in one line of the document: a paragraph, or a table row
    (a table's cells each stand on a source line of their own in HTML)."""
    return LINE_END not in stream.text[first.end:second.start]
