"""The published document as one character stream, its normal form, and its tokens.

The assembler (`readers/assemble.py`) lays every form's blocks out as one string: paragraphs end
with a newline, table cells with a tab, table rows with a newline, so a blank table cell stays a
blank. Every character keeps its source position (`Stream.points`), so whatever is found in the
string is located in the file the user edits. Labels are compared on a normal form (`key`,
`Folded`): letters and digits only, NFKC-folded, so full/half-width punctuation, spaces and
wrapped labels do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate

from reportlint.model import BLANK, FILE_START, NUMBER, PLACEHOLDER, Span, Text
from reportlint.patterns import Bounded, compile_pattern
from reportlint.readers.blocks import Block, Paragraph, TableBlock
from reportlint.readers.cellparse import parse_cell
from reportlint.records import record

CELL_END = "\t"
LINE_END = "\n"


# Table cells and paragraphs are laid out on one line each; a tab, newline or carriage return
# inside their text is a space in the stream, so the structural CELL_END and LINE_END stay alone.
_LAYOUT = str.maketrans("\t\n\r", "   ")


class Stream:
    """The document as one string, with the source position of every character.

    Positions are kept as runs, not per character: a run starts at a stream offset with a
    (line, column, anchor) and its characters advance one column each (`step` 1), or all stand
    at the run's point (`step` 0). A paragraph is a run per source line, a cell one run, so a
    5-million-character line costs one run, not five million tuples.
    """

    __slots__ = ("text", "grids", "_starts", "_runs")

    def __init__(self, text: str, starts: list[int], runs: list[tuple[int, int, str, int]],
                 grids: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self._starts = starts  # the stream offset where each run starts, ascending
        self._runs = runs  # (line, column, anchor, step) of each run's first character
        # (start, end) offsets of the tables given as grids of several rows (HTML, DOCX and
        # Markdown tables): where such a table starts is known, not guessed from its lines
        self.grids = grids or []

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> Stream:
        layout = _Layout()
        for block in blocks:
            if isinstance(block, Paragraph):
                layout.paragraph(block)
            elif isinstance(block, TableBlock):
                layout.table(block)
        return cls("".join(layout.pieces), layout.starts, layout.runs, layout.grids)

    def point(self, offset: int) -> tuple[int, int, str]:
        """(line, column, anchor) of the character at a stream offset."""
        index = bisect_right(self._starts, offset) - 1
        line, column, anchor, step = self._runs[index]
        return line, column + (offset - self._starts[index]) * step, anchor

    def span(self, start: int, end: int | None = None) -> Span:
        if not self.text:
            return FILE_START
        start = min(max(start, 0), len(self.text) - 1)
        line, column, anchor = self.point(start)
        if end is None or end <= start + 1:
            return Span(line, column, line, column, anchor)
        end_line, end_column, _ = self.point(min(end, len(self.text)) - 1)
        return Span(line, column, end_line, end_column + 1, anchor)

    def span_after(self, offset: int) -> Span:
        """The span of the first visible character at or after an offset."""
        while offset < len(self.text) and self.text[offset].isspace():
            offset += 1
        return self.span(offset)

    def text_of(self, start: int, end: int, path: str, keep_lines: bool = True) -> Text:
        """Prose from the stream, with anchors back to the source: one wherever the next
        character does not continue the previous one's line, column and anchor."""
        start, end = self._trim(start, end)
        value: list[str] = []
        size = 0
        anchors: list[tuple[int, int, int] | tuple[int, int, int, str]] = []
        previous: tuple[int, int, str] | None = None
        index = max(bisect_right(self._starts, start) - 1, 0)
        at = start
        while at < end:
            run_start = self._starts[index]
            run_end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)
            stop = min(run_end, end)
            line, column, anchor, step = self._runs[index]
            piece = self.text[at:stop]
            column += (at - run_start) * step
            at = stop
            index += 1
            if piece == LINE_END and not keep_lines:
                previous = None
            elif step:
                if previous is None or (line, column - 1, anchor) != previous:
                    anchors.append((size, line, column, anchor) if anchor else (size, line, column))
                value.append(piece)
                size += len(piece)
                previous = (line, column + len(piece) - 1, anchor)
            else:  # every character at one point: each one is an anchor of its own
                for char in piece:
                    if previous is None or (line, column - 1, anchor) != previous:
                        anchors.append((size, line, column, anchor) if anchor
                                       else (size, line, column))
                    value.append(char)
                    size += 1
                    previous = (line, column, anchor)
        span = self.span(start, end) if end > start else self.span(start)
        return Text("".join(value).replace(CELL_END, " "), span, path, tuple(anchors))

    def plain(self, start: int, end: int) -> str:
        """The value `text_of` gives for a range (with its lines kept), without working out its
        anchors: enough to see whether a pattern can be found in it at all."""
        start, end = self._trim(start, end)
        return self.text[start:end].replace(CELL_END, " ")

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end


class _Layout:
    """A stream being laid out: its pieces of text, and the runs placing their characters."""

    __slots__ = ("grids", "pieces", "runs", "size", "starts")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.runs: list[tuple[int, int, str, int]] = []
        self.grids: list[tuple[int, int]] = []
        self.size = 0

    def run(self, length: int, line: int, column: int, anchor: str, step: int = 1) -> None:
        if length > 0:
            self.starts.append(self.size)
            self.runs.append((line, column, anchor, step))
            self.size += length

    def put(self, text: str) -> None:
        # translating is a lookup per character: only for the few texts that need it
        self.pieces.append(text.translate(_LAYOUT)
                           if "\t" in text or "\n" in text or "\r" in text else text)

    def paragraph(self, block: Paragraph) -> None:
        self.put(block.text)
        last_run: tuple[int, tuple[int, int, str, int]] | None = None
        for length, point in _paragraph_runs(block):
            self.run(length, *point)
            if length > 0:
                last_run = (length, point)
        if last_run is not None:  # the last character: where its run places it
            length, (line, column, anchor, step) = last_run
            end_line, end_column, end_anchor = line, column + (length - 1) * step, anchor
        else:
            end = block.as_text("").locate(0)
            end_line, end_column, end_anchor = end.line, end.column, end.anchor
        self.pieces.append(LINE_END)
        self.run(1, end_line, end_column + 1, end_anchor)

    def table(self, block: TableBlock) -> None:
        pieces, starts, runs, put = self.pieces, self.starts, self.runs, self.put
        size = grid_start = self.size
        for row in block.rows:
            last = (block.span.line, block.span.column, block.span.anchor, 1)
            for cell in row:  # `run` written out: a page has hundreds of cells
                span, text = cell.span, cell.text
                put(text)
                if text:
                    starts.append(size)
                    runs.append((span.line, span.column, span.anchor, 1))
                    size += len(text)
                last = (span.line, span.column + len(text), span.anchor, 1)
                pieces.append(CELL_END)
                starts.append(size)
                runs.append(last)
                size += 1
            pieces.append(LINE_END)
            starts.append(size)
            runs.append(last)
            size += 1
        self.size = size
        if len(block.rows) > 1:
            self.grids.append((grid_start, size))


def _paragraph_runs(block: Paragraph) -> Iterator[tuple[int, tuple[int, int, str, int]]]:
    """(length, (line, column, anchor, step)) of each run of a paragraph's text, in order,
    as `Text.locate` places its characters."""
    text, span, anchors = block.text, block.span, block.anchors
    if not anchors:
        yield len(text), (span.line, span.column, span.anchor, 1)
        return
    if anchors[0][0] > 0:  # before the first anchor, every character stands at the span
        yield min(anchors[0][0], len(text)), (span.line, span.column, span.anchor, 0)
    for number, (base, line, column, *place) in enumerate(anchors):
        following = anchors[number + 1][0] if number + 1 < len(anchors) else len(text)
        stop = min(following, len(text))
        if stop > base:
            yield stop - base, (line, column, place[0] if place else span.anchor, 1)


# --- normal form for labels -------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character's normal form (a few thousand distinct characters in all reports)."""
    return "".join(c for c in unicodedata.normalize("NFKC", char) if c.isalnum()).lower()


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Letters and digits only, NFKC-folded: what a label is compared on."""
    return "".join(_fold(c) for c in text)


class _Folds:
    """The normal form of every character met so far in the process, with the translation
    table and the pattern of breaks they make: a few thousand characters in all reports, so
    each document looks up only the characters it is the first to hold.

    A run of characters that fold to nothing is one break; a character that folds to several
    is a break of its own. Characters of other documents in the table and the pattern are
    never in this one, so they change nothing. Past MAX_KNOWN characters (text made of all of
    Unicode) the process starts again from the document at hand. Like the rules' per-report
    caches, it serves one lint at a time: runs and `serve` lint in processes, one file each."""

    MAX_KNOWN = 20_000

    def __init__(self) -> None:
        self.folded: dict[str, str] = {}  # character -> its normal form
        self.table: dict[int, str] = {}  # for str.translate: the characters that change
        self.breaks: re.Pattern[str] | None = None
        self._dropped: set[str] = set()
        self.expanded: set[str] = set()  # the characters that fold to several

    def _clear(self) -> None:
        self.folded, self.table, self.breaks = {}, {}, None
        self._dropped, self.expanded = set(), set()

    def of(self, chars: set[str]) -> _Folds:
        """The folds, knowing every one of `chars` (a document's)."""
        new = chars.difference(self.folded)
        if not new:
            return self
        if len(self.folded) + len(new) > self.MAX_KNOWN:
            self._clear()
            new = chars
        breaks_before = len(self._dropped), len(self.expanded)
        for char in new:
            fold = self.folded[char] = _fold(char)
            if fold != char:
                self.table[ord(char)] = fold
            if not fold:
                self._dropped.add(char)
            elif len(fold) > 1:
                self.expanded.add(char)
        if (len(self._dropped), len(self.expanded)) != breaks_before or self.breaks is None:
            dropped, expanded = "".join(sorted(self._dropped)), "".join(sorted(self.expanded))
            alternatives = [*([f"[{re.escape(dropped)}]+"] if dropped else []),
                            *([f"[{re.escape(expanded)}]"] if expanded else [])]
            self.breaks = re.compile("|".join(alternatives)) if alternatives else None
        return self


_FOLDS = _Folds()


class Folded:
    """The stream's normal form, with a map back to stream offsets.

    The map is kept as runs: most characters fold to one character, so folded and stream
    offsets advance together until a character folds to nothing (spaces, punctuation) or to
    several (`㎡` is `m2`). Only there does a new run start.
    """

    __slots__ = ("text", "_starts", "_origins", "_lasts", "_steps")

    def __init__(self, text: str, starts: list[int], origins: list[int], steps: list[int]) -> None:
        self.text = text
        ends = [*starts[1:], len(text)]
        kept = [i for i, (begin, stop) in enumerate(zip(starts, ends)) if stop > begin]
        self._starts = [starts[i] for i in kept]  # the folded offset where each run starts
        self._origins = [origins[i] for i in kept]  # the stream offset of its first character
        # 1: one stream character each; 0: all from one stream character
        self._steps = [steps[i] for i in kept]
        self._lasts = [origins[i] + (ends[i] - starts[i] - 1) * steps[i] for i in kept]

    @classmethod
    def _one_char_runs(cls, text: str, starts: list[int], origins: list[int]) -> Folded:
        """Runs of one stream character each, between breaks that fold to nothing: a break is
        a maximal run, so only the first run (before a break the text starts with) and the
        last (after one it ends with) can be empty. `__init__`'s general filter, without it."""
        ends = [*starts[1:], len(text)]
        lasts = [origin + (end - start - 1) for origin, start, end in zip(origins, starts, ends)]
        first = 1 if ends[0] == starts[0] else 0
        last = len(starts) - (1 if len(starts) > first and ends[-1] == starts[-1] else 0)
        folded = cls.__new__(cls)
        folded.text = text
        folded._starts, folded._origins = starts[first:last], origins[first:last]
        folded._lasts, folded._steps = lasts[first:last], [1] * (last - first)
        return folded

    @classmethod
    def of(cls, stream: Stream) -> Folded:
        source = stream.text
        chars = set(source)
        folds = _FOLDS.of(chars)
        text = source.translate(folds.table)
        starts: list[int] = [0]
        origins: list[int] = [0]
        steps: list[int] = [1]
        if folds.breaks is not None and chars.isdisjoint(folds.expanded):
            # every break a run of characters folding to nothing (nearly every document): the
            # folded offset of a break is its stream offset less what the earlier ones dropped
            spans = [found.span() for found in folds.breaks.finditer(source)]
            dropped = accumulate((stop - index for index, stop in spans), initial=0)
            starts += [index - before for (index, _), before in zip(spans, dropped)]
            origins += [stop for _, stop in spans]
            return cls._one_char_runs(text, starts, origins)
        elif folds.breaks is not None:
            folded = folds.folded
            folded_at = 0  # folded offset of the stream character `stream_at`
            stream_at = 0
            for found in folds.breaks.finditer(source):
                index, stop = found.span()
                folded_at += index - stream_at
                expansion = len(folded[source[index]])
                if expansion:
                    starts.append(folded_at)
                    origins.append(index)
                    steps.append(0)
                    folded_at += expansion
                starts.append(folded_at)
                origins.append(stop)
                steps.append(1)
                stream_at = stop
        return cls(text, starts, origins, steps)

    def origin(self, folded_offset: int) -> int:
        """The stream offset a folded character comes from."""
        index = bisect_right(self._starts, folded_offset) - 1
        return self._origins[index] + (folded_offset - self._starts[index]) * self._steps[index]

    def at(self, stream_offset: int) -> int:
        """First folded index at or after a stream offset."""
        index = bisect_left(self._lasts, stream_offset)
        if index >= len(self._starts):
            return len(self.text)
        return self._starts[index] + max(0, stream_offset - self._origins[index]) * \
            self._steps[index]

    def stream_end(self, folded_end: int) -> int:
        return self.origin(folded_end - 1) + 1 if folded_end > 0 else 0


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
    sentence, never a cell: "予以公开45件、" is prose, "45" alone in its cell is not (a number
    that ends its cell or line is never prose: `prose` is not even tried there).
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
        if piece.isdigit() and piece.isascii():  # most cells: one count, one word
            yield Token(piece, piece_start, index, *parse_cell(piece))
        elif char == CELL_END and not piece.strip():
            if piece_start != start:  # not the rest of the cell a label ended in
                yield Token("", piece_start, piece_start, BLANK)
        else:
            for word in _WORD.finditer(piece):
                kind, value = parse_cell(word.group(0))
                # a number that ends its cell or line has nothing after it to make it prose
                if kind == NUMBER and prose is not None and word.end() < len(piece) \
                        and prose.match(piece, word.end()):
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
