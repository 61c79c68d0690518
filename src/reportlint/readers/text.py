"""Flattened web text and text extracted from PDFs (.txt/.md) -> blocks -> Report.

The styles seen in published reports (docs/import.md):

- one table cell per line, each followed by `|` marks (`0 |`, `0 | ||`): the text before the
  first `|` is the cell, the marks after it are layout residue; a line that is a lone `|` is a
  blank cell, a line of marks only (`||`) is residue;
- rows joined with `|` (`规章 | 13 | 13 | 524`, markdown `| a | b |`): every piece between marks
  is a cell, an empty piece is a blank cell;
- rows separated by spaces (`规章 0 0 0`), numbers on their own lines, cells glued together
  (`640020470`): left to the assembler, which reads cells after their row labels;
- PDF text (recognised by printed page numbers such as `-2 -`, or by many lines that break at
  the page width mid-sentence): page numbers are dropped, lines broken at the page width are
  joined into paragraphs, and the spaces PDF extraction puts
  between Chinese characters and digits (`2023 年`, `hzzwgk@ 126.com`) are skipped.

Every character keeps its line and column in the file, so findings point at the source.
"""

from __future__ import annotations

import regex

from reportlint.codes import TOO_MANY_PARTS
from reportlint.findings import Hit
from reportlint.i18n import CELL_MARKS, LINES
from reportlint.labels import NUMERALS
from reportlint.model import Span
from reportlint.packs.pack import PackSet
from reportlint.patterns import compile_pattern, compiled
from reportlint.readers.blocks import Block, CellText, Paragraph, TableBlock
from reportlint.readers.encoding import decode
from reportlint.readers.result import ReadResult

# Possessive: `|---` followed by thousands of spaces was cubic (tests/robustness/test_hostile_regex.py).
_MARKDOWN_RULE = compile_pattern(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")
# The closing #s of an ATX heading; the run of blanks before them is taken whole (searched
# from inside a long run of spaces, `[ \t]+#+` was quadratic: tests/robustness/test_hostile_regex.py).
_ATX_CLOSE = compile_pattern(r"(?<![ \t])[ \t]++#++[ \t]*+$")
_HEADING_START = compile_pattern(
    rf"^\s*(?:[{NUMERALS}]+\s*[、.．]|[（(][{NUMERALS}]+[）)])")
_PAGE_NUMBER = r"^\s*[-－—–]\s*\d{1,3}\s*[-－—–]\s*$"


def read(path: str, data: bytes, packs: PackSet, template: str | None) -> ReadResult:
    from reportlint.readers.assemble import assemble

    text, _, problems = decode(data)
    if text is None:
        return ReadResult(None, problems)
    if (too_many := _line_past(text, MAX_LINES) or _cell_past(text, MAX_CELLS)) is not None:
        return ReadResult(None, [*problems, too_many])
    pack = packs.choose(template, None)
    page_number = (pack.template.recognition.get("page_number") if pack.template else None) \
        or _PAGE_NUMBER
    markdown = path.lower().endswith(".md")
    result = assemble(path, "text", to_blocks(text, page_number, markdown), packs, template)
    return ReadResult(result.report, [*problems, *result.problems])


# Lines of one text file. A long report has a few hundred; PDF text with one table cell per
# line a few thousand. Past this, the file is no report, and reading it line by line would
# exceed the budget of docs/hostile-input.md (2.6 million lines of `1` took 40 s and 1.8 GB).
MAX_LINES = 50_000


def _line_past(text: str, limit: int) -> Hit | None:
    """RL034 at the first line past `limit`, or None."""
    if _line_of(text, len(text)) <= limit:
        return None
    return Hit(Span(limit + 1, 1), code=TOO_MANY_PARTS, args={"what": LINES, "limit": limit})


# `|` marks of one text file: every cell is marked by one or two; a report has a few hundred
# cells (2.6 million `1|` on one line took 15 s and 1.3 GB).
MAX_CELLS = 100_000


def _cell_past(text: str, limit: int) -> Hit | None:
    """RL034 at the first `|` past `limit`, or None."""
    if text.count("|") <= limit:
        return None
    at = -1
    for _ in range(limit + 1):
        at = text.find("|", at + 1)
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    return Hit(Span(_line_of(text, at), at - line_start + 1), code=TOO_MANY_PARTS,
               args={"what": CELL_MARKS, "limit": limit})


def _line_of(text: str, offset: int) -> int:
    """The line of an offset, counted as `to_blocks` splits lines (at CR LF, CR or LF)."""
    return text.count("\n", 0, offset) + text.count("\r", 0, offset) \
        - text.count("\r\n", 0, offset) + 1


def looks_like_text(text: str) -> bool:
    """Content sniffing for files without a known extension: readable text, not data.

    Whether it is a report is then the assembler's finding (no title, no headings, no tables).
    """
    head = text[:4000]
    if not head.strip():
        return False
    printable = sum(1 for char in head if char.isprintable() or char in "\n\r\t")
    return printable >= len(head) * 0.95


# A Markdown ATX heading (`# 标题`, `## 一、总体情况`): the marks are layout, not text.
_ATX = compile_pattern(r"^ {0,3}#{1,6}[ \t]+")


# Long: one pass over the lines with the state the kinds of line share (a PDF paragraph being
# joined, a Markdown table going on); each branch is a kind of line, read top to bottom.
def to_blocks(text: str, page_number: str = _PAGE_NUMBER, markdown: bool = False) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    page = compiled(page_number)
    pipe_lines = [line for line in lines if "|" in line and not _MARKDOWN_RULE.match(line)]
    rows_joined = sum(1 for line in pipe_lines if len(_pieces(line)[1]) >= 2)
    row_style = bool(pipe_lines) and rows_joined * 5 >= len(pipe_lines)
    separators = _separator_style(lines)
    width = _page_width(lines, page)
    pdf = any(page.match(line) for line in lines) or _wrapped_at_width(lines, width)
    blocks: list[Block] = []
    pending: list[tuple[str, int, int]] = []  # PDF: (text, line, column) of a paragraph's lines

    def flush() -> None:
        if pending:
            blocks.append(_pdf_paragraph(pending))
            pending.clear()

    table_goes_on = False  # the previous line was a row of a Markdown table (or its rule)
    for number, line in enumerate(lines, start=1):
        if markdown and not _MARKDOWN_RULE.match(line) and "|" not in line:
            table_goes_on = False
        if not line.strip() or _MARKDOWN_RULE.match(line):
            if not pdf:
                continue
            if not line.strip():
                flush()
            continue
        if pdf and page.match(line):
            continue  # a printed page number; the paragraph goes on
        if "|" in line:
            flush()
            pieces, filled = _pieces(line)
            if row_style:
                cells = tuple(CellText(t.strip(), Span(number, c + _lead(t) + 1))
                              for c, t in pieces)
                previous = blocks[-1] if blocks else None
                if markdown and isinstance(previous, TableBlock) and table_goes_on:
                    # the rows of one Markdown table are one grid (its start is then known)
                    blocks[-1] = TableBlock((*previous.rows, cells), previous.span)
                else:
                    blocks.append(TableBlock((cells,), Span(number, 1)))
                table_goes_on = True
            elif filled:
                column, piece = filled[0]
                blocks.append(Paragraph(piece.strip(), Span(number, column + _lead(piece) + 1)))
            elif line.count("|") == 1 and (not separators or _lone_bar(lines, number - 2)):
                # a lone mark: a cell left blank (between cells that are themselves marked,
                # or a second mark in a row where marks only separate cells)
                blank = CellText("", Span(number, line.index("|") + 1))
                blocks.append(TableBlock(((blank,),), blank.span))
            continue
        if pdf:
            if pending and _HEADING_START.match(line):
                flush()
            pending.append((line, number, 1))
            if len(line.strip()) < width * 0.85:
                flush()
            continue
        marks = _ATX.match(line) if markdown else None
        if marks:
            heading = _ATX_CLOSE.sub("", line[marks.end():]).strip()
            if heading:
                blocks.append(Paragraph(heading, Span(number, marks.end() + 1)))
            continue
        blocks.append(Paragraph(line.strip(), Span(number, _lead(line) + 1)))
    flush()
    return blocks


def _lone_bar(lines: list[str], index: int) -> bool:
    """Whether the nearest non-empty line at or before `index` is a lone `|`."""
    while index >= 0 and not lines[index].strip():
        index -= 1
    return index >= 0 and lines[index].strip() == "|"


def _separator_style(lines: list[str]) -> bool:
    """Cells on lines of their own with a lone `|` line between them (`规章` / `|` / `0` /
    `|` / `0`): there the lone mark separates two cells and is no cell itself. Where the cells
    carry marks (`0 |`), a lone mark is a blank cell."""
    lone = [i for i, line in enumerate(lines) if line.strip() == "|"]
    between = 0
    for index in lone:
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        after = next((lines[i] for i in range(index + 1, len(lines)) if lines[i].strip()), "")
        if before and after and "|" not in before and "|" not in after:
            between += 1
    return bool(lone) and between * 2 >= len(lone)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _pieces(line: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Pieces of a `|` line with their 0-based columns, and the non-empty ones."""
    pieces: list[tuple[int, str]] = []
    column = 0
    for piece in line.split("|"):
        pieces.append((column, piece))
        column += len(piece) + 1
    if line.lstrip().startswith("|"):  # markdown: the marks open and close the row
        pieces = pieces[1:]
        if pieces and not pieces[-1][1].strip():
            pieces = pieces[:-1]
    filled = [p for p in pieces if p[1].strip()]
    return pieces, filled


_SENTENCE_END = "。！？；：…”’）)」』】"


def _wrapped_at_width(lines: list[str], width: int) -> bool:
    """PDF text without page numbers: many lines break at the page width, mid-sentence."""
    prose = [line.strip() for line in lines if len(line.strip()) >= 15 and "|" not in line]
    if len(prose) < 5 or width < 15:
        return False
    # PDF lines that wrap all have about the page width; web paragraphs vary in length
    wrapped = [line for line in prose
               if width - 3 <= len(line) <= width + 1 and line[-1] not in _SENTENCE_END]
    return len(wrapped) >= 5 and len(wrapped) * 10 >= len(prose) * 3


def _page_width(lines: list[str], page: regex.Pattern[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if line.strip() and not page.match(line))
    if not lengths:
        return 0
    return lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]


def _skippable(text: str, index: int) -> bool:
    """A space PDF extraction put next to a Chinese character or after `@`."""
    if text[index] not in " \u3000\u00a0":
        return False
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return (before and (ord(before) > 127 or before == "@")) or \
        (after and ord(after) > 127) or not before or not after


def _pdf_paragraph(lines: list[tuple[str, int, int]]) -> Paragraph:
    chars: list[str] = []
    anchors: list[tuple[int, int, int]] = []
    first: Span | None = None
    previous_line = ""
    for text, number, _ in lines:
        previous_column = -2
        if chars and chars[-1].isdigit() and text.lstrip()[:1].isdigit() \
                and (previous_line[-1:].isspace() or text[:1].isspace()):
            # numbers separated by a space at the line break: keep them apart
            anchors.append((len(chars), number, _lead(text) + 1))
            chars.append(" ")
        previous_line = text
        for index, char in enumerate(text):
            if _skippable(text, index) or char in "\r\n":
                continue
            column = index + 1
            if first is None:
                first = Span(number, column)
            if column != previous_column + 1 or not anchors or anchors[-1][1] != number:
                if not (anchors and anchors[-1][1] == number and column == previous_column + 1):
                    anchors.append((len(chars), number, column))
            chars.append(char)
            previous_column = column
    return Paragraph("".join(chars), first or Span(lines[0][1], 1), tuple(anchors))
