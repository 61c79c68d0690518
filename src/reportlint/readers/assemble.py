"""Blocks of a published document -> Report, driven by the rule pack's template.

Every published form (web text, PDF text, HTML, DOCX) is first turned into blocks
(`readers/blocks.py`); this module recognises the report in them, once for all forms:

- the blocks are laid out as one character stream with the source position of every
  character (`Stream`): paragraphs end with a newline, table cells with a tab, table rows with
  a newline, so a blank table cell stays a blank;
- section headings are found by their numerals and the template's titles and aliases, in
  document order (the same titles the structured reader accepts, so an imported YAML file
  has the same sections);
- the title (one or two lines), organ and year come from the title, the publication date and
  the contact details from the prose, by the patterns of the template's `recognition`;
- each table is located in its section by the template's row labels and aliases, compared on a
  normal form (letters and digits only, so full/half-width punctuation, spaces and wrapped
  labels do not matter); a row's cells are the numbers that follow its label. Cells glued into
  one digit string are split only where exactly one split satisfies the row's identities (the
  pack's `balance` rules across rows), and that is reported; otherwise the row is reported
  unreadable.

Nothing is repaired: a cell keeps its published text and position, a blank is a blank, and
whatever cannot be recognised is an RL0xx hit saying what was expected and where.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from reportlint.findings import Hit
from reportlint.labels import NUMERALS, Label, chinese_number
from reportlint.model import (
    BLANK,
    FILE_START,
    NUMBER,
    PLACEHOLDER,
    Cell,
    Report,
    Section,
    Span,
    Table,
    Text,
    Value,
)
from reportlint.packs.pack import PackSet, RulePack
from reportlint.patterns import compiled
from reportlint.readers import ReadResult
from reportlint.readers.blocks import Block, Paragraph, TableBlock
from reportlint.readers.cellparse import parse_cell
from reportlint.template import RowDef, TableDef, Template

CELL_END = "\t"
LINE_END = "\n"
_MAX_SPLITS = 200_000  # glued digit strings: give up (unreadable) beyond this many candidates


# --- the character stream ---------------------------------------------------------------------


@dataclass
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


@dataclass
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
        from bisect import bisect_left

        return bisect_left(self.origin, stream_offset)

    def stream_end(self, folded_end: int) -> int:
        return self.origin[folded_end - 1] + 1 if folded_end > 0 else 0


# --- headings and sections --------------------------------------------------------------------

_HEADING = regex.compile(rf"[{NUMERALS}]{{1,3}}\s*[、.．]")
_JOINERS = str.maketrans("", "", "和及与")


@dataclass
class Heading:
    start: int  # stream offsets
    end: int
    section: str | None  # template section id, None when not recognised
    numeral: str


def _section_keys(template: Template) -> list[tuple[int, str]]:
    keys = []
    for index, section in enumerate(template.sections):
        for title in (section.title.zh, *section.aliases):
            keys.append((index, key(title).translate(_JOINERS)))
    return keys


def _match_title(folded: Folded, at: int, keys: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(section index, folded length consumed) when a section title starts at `at`."""
    window = folded.text[at:at + 48]
    stripped: list[str] = []
    consumed: list[int] = []
    for offset, char in enumerate(window):
        if char in "和及与":
            continue
        stripped.append(char)
        consumed.append(offset + 1)
    plain = "".join(stripped)
    for index, title in keys:
        if title and plain.startswith(title):
            return index, consumed[len(title) - 1]
    return None


def find_headings(stream: Stream, folded: Folded, template: Template,
                  row_keys: set[str]) -> list[Heading]:
    keys = _section_keys(template)
    headings: list[Heading] = []
    highest = -1
    last_number = 0
    text = stream.text
    for match in _HEADING.finditer(text):
        start = match.start()
        at_line_start = not text[text.rfind(LINE_END, 0, start) + 1:start].strip()
        numeral = match.group(0).rstrip("、.． \t")
        if start > 0 and text[start - 1] in NUMERALS:
            continue
        title_at = folded.at(match.end())
        found = _match_title(folded, title_at, keys)
        if found is not None and found[0] > highest:
            index, length = found
            end = folded.stream_end(title_at + length)
            headings.append(Heading(start, end, template.sections[index].id, numeral))
            highest = index
            last_number = chinese_number(numeral) or last_number
            continue
        if not at_line_start:
            continue
        line_end = text.find(LINE_END, start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[start:line_end].strip()
        number = chinese_number(numeral)
        if number is None or number != last_number + 1 or len(line) > 40 or "。" in line \
                or CELL_END in text[start:line_end].rstrip(CELL_END + " "):
            continue
        line_key = key(line)
        if any(k and k in line_key for k in row_keys) or any(line_key in k for k in row_keys):
            continue
        headings.append(Heading(start, line_end, None, numeral))
        last_number = number
    return headings


# --- title and meta ---------------------------------------------------------------------------


def _find_title(stream: Stream, limit: int, template: Template
                ) -> tuple[int, int, regex.Match[str] | None, Text | None]:
    """The title's stream range (it may span two lines) and its pattern match."""
    patterns = [compiled(template.recognition[name])
                for name in ("title", "title_without_year") if template.recognition.get(name)]
    for pattern in patterns:
        found = _find_title_by(stream, limit, pattern)
        if found[3] is not None:
            return found
    return 0, 0, None, None


def _find_title_by(stream: Stream, limit: int, pattern: regex.Pattern[str]
                   ) -> tuple[int, int, regex.Match[str] | None, Text | None]:
    text = stream.text
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in text[:limit].split(LINE_END):
        if line.strip():
            lines.append((offset, offset + len(line)))
        offset += len(line) + 1
        if len(lines) >= 12:
            break
    for number, (_start, end) in enumerate(lines):
        for first in (number - 1, number) if number else (number,):
            if first < 0:
                continue
            span_start = lines[first][0]
            if first < number:
                previous = text[span_start:lines[first][1]]
                if len(previous.strip()) > 30 or regex.search(r"[。，,|：:；;]", previous):
                    continue
            candidate = stream.text_of(span_start, end, "meta.title", keep_lines=False)
            match = pattern.match(candidate.value.replace(CELL_END, " "))
            if match is None:
                continue
            title = Text(match.group(0).strip(), candidate.span, "meta.title", candidate.anchors)
            end_offset = _stream_offset(stream, span_start, end, len(match.group(0)))
            return span_start, end_offset, match, title
    return 0, 0, None, None


def _stream_offset(stream: Stream, start: int, end: int, count: int) -> int:
    """The stream offset after `count` characters of the newline-free text of [start, end)."""
    seen = 0
    for index in range(start, end):
        if stream.text[index] == LINE_END:
            continue
        seen += 1
        if seen == count:
            return index + 1
    return end


# --- tables -----------------------------------------------------------------------------------


@dataclass
class Token:
    raw: str
    start: int  # stream offsets
    end: int
    kind: str  # number, blank, placeholder, text
    value: int | float | None = None


_NUMBERING = regex.compile(rf"(?:\d+[.、．](?!\d)|[(（][{NUMERALS}]+[)）]|[{NUMERALS}]+、)")
_WORD = regex.compile(r"[+-]?\d[\d,.]*|[^\s\d]+")


def tokens(stream: Stream, start: int, end: int) -> list[Token]:
    """Cells and words of a stream range; a table cell left empty is a blank token."""
    found: list[Token] = []
    text = stream.text
    piece_start = start
    for index in range(start, end + 1):
        char = text[index] if index < end else LINE_END
        if char not in (CELL_END, LINE_END):
            continue
        piece = text[piece_start:index]
        if char == CELL_END and not piece.strip():
            if piece_start != start:  # not the rest of the cell a label ended in
                found.append(Token("", piece_start, piece_start, BLANK))
        else:
            for word in _WORD.finditer(piece):
                kind, value = parse_cell(word.group(0))
                found.append(Token(word.group(0), piece_start + word.start(),
                                   piece_start + word.end(), kind, value))
        piece_start = index + 1
    return found


def _is_cell(token: Token) -> bool:
    return token.kind in (NUMBER, BLANK, PLACEHOLDER)


def row_identities(pack: RulePack, table_id: str) -> list[tuple[list[str], list[str]]]:
    """(total columns, part columns) of the pack's identities within one row of a table."""
    found = []
    for rule in pack.rules:
        params = rule.params
        if rule.check == "balance" and params.get("table") == table_id \
                and params.get("across") == "rows":
            found.extend((list(i["total"]), list(i["parts"])) for i in params["identities"])
    return found


def _splits(digits: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut a digit string into `parts` numbers without leading zeros."""
    if parts == 1:
        if len(digits) == 1 or not digits.startswith("0"):
            yield [digits]
        return
    for cut in range(1, len(digits) - parts + 2):
        head = digits[:cut]
        if len(head) > 1 and head.startswith("0"):
            break
        for rest in _splits(digits[cut:], parts - 1):
            yield [head, *rest]


def _cut_counts(words: list[str], extra: int) -> Iterator[list[int]]:
    """Every way to give `extra` further cuts to the words (a word of n digits takes < n)."""
    if len(words) == 1:
        if extra < len(words[0]):
            yield [extra]
        return
    for here in range(min(extra, len(words[0]) - 1) + 1):
        for rest in _cut_counts(words[1:], extra - here):
            yield [here, *rest]


def split_glued(words: list[str], columns: Sequence[str],
                identities: list[tuple[list[str], list[str]]]) -> tuple[list[list[str]], int]:
    """Splits of glued digit strings into len(columns) numbers that keep the row's identities.

    Returns the candidate splits (each a list of the published digit strings per column) and
    how many splits there were before the identities were applied (more than _MAX_SPLITS:
    not tried, and no candidate).
    """
    need = len(columns)
    if not words or any(not w.isdigit() for w in words) or sum(len(w) for w in words) < need:
        return [], 0
    plans = list(itertools.islice(_cut_counts(words, need - len(words)), _MAX_SPLITS + 1))
    total = sum(math.prod(math.comb(len(w) - 1, c) for w, c in zip(words, plan, strict=True))
                for plan in plans)
    if total > _MAX_SPLITS:
        return [], total
    candidates: list[list[str]] = []
    count = 0
    for plan in plans:
        pools = [list(_splits(w, c + 1)) for c, w in zip(plan, words, strict=True)]
        for combo in itertools.product(*pools):
            count += 1
            cells = [part for group in combo for part in group]
            values = dict(zip(columns, (int(c) for c in cells), strict=True))
            if all(sum(values[c] for c in total_columns) == sum(values[c] for c in parts)
                   for total_columns, parts in identities
                   if all(c in values for c in (*total_columns, *parts))):
                candidates.append(cells)
    return candidates, count


@dataclass
class TableResult:
    table: Table | None
    start: int  # stream range the table took
    end: int
    problems: list[Hit] = field(default_factory=list)


@dataclass
class _RowMatch:
    row: RowDef
    start: int  # stream offsets of the label
    end: int


def _row_keys(row: RowDef) -> list[str]:
    keys = []
    for label in (row.label.zh, *row.aliases):
        full = key(label)
        keys.append(full)
        body = key(regex.sub(rf"^\s*[(（]?[{NUMERALS}\d]+[)）]?\s*[、.．]?", "", label))
        if body != full and len(body) >= 4:
            keys.append(body)
    return sorted(set(keys), key=len, reverse=True)


def _find_rows(stream: Stream, folded: Folded, definition: TableDef, start: int, end: int
               ) -> list[_RowMatch]:
    """Row labels in template order, each the earliest after the previous one."""
    matches: list[_RowMatch] = []
    position = folded.at(start)
    limit = folded.at(end)
    for row in definition.rows:
        best: tuple[int, int] | None = None
        for candidate in _row_keys(row):
            at = folded.text.find(candidate, position, limit)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, at + len(candidate))
        if best is None:
            continue
        label_start = folded.origin[best[0]]
        label_end = folded.origin[best[1] - 1] + 1
        matches.append(_RowMatch(row, label_start, label_end))
        position = best[1]
    return matches


def read_table(stream: Stream, folded: Folded, definition: TableDef, pack: RulePack,
               start: int, end: int, section_title: str, where: Span,
               own_section: bool = True) -> TableResult:
    """One table from the stream range of its section; `where` is the place to report a gap.

    Without its own section heading (`own_section` false) the range is the gap between the
    neighbouring sections: only row labels can place a table there.
    """
    template = pack.template
    assert template is not None
    table_path = f"tables.{definition.id}"
    problems: list[Hit] = []
    title = definition.title  # a Label: messages pick the language
    region_key = folded.text[folded.at(start):folded.at(end)]
    foreign = sorted({label for labels in template.foreign_labels.values() for label in labels
                      if key(label) and key(label) in region_key})
    matches = _find_rows(stream, folded, definition, start, end)
    column_keys = [k for c in definition.columns for k in (key(c.label.zh), *map(key, c.aliases))]
    own_columns = sum(1 for c in definition.columns
                      if any(k in region_key for k in (key(c.label.zh), *map(key, c.aliases))))
    if not own_section and not matches:
        problems.append(Hit(where, table_path, code="RL011", args={
            "table": title, "section": section_title}))
        return TableResult(None, start, start, problems)
    if foreign and (own_columns * 2 < len(definition.columns) or not matches):
        problems.append(Hit(stream.span(start), table_path, code="RL020", args={
            "table": title, "labels": foreign}))
        return TableResult(None, start, start, problems)
    rows: dict[str, dict[str, Cell]] = {}
    row_spans: dict[str, Span] = {}
    extra_cells: list[Value] = []
    identities = row_identities(pack, definition.id)
    first = matches[0].start if matches else None
    last_end = start
    if not matches and len(definition.rows) == 1:
        # a single unlabelled row (table 4): the first run of cells after the header words
        header_end = start
        base = folded.at(start)
        for column_key in column_keys:
            at = region_key.rfind(column_key) if column_key else -1
            if at >= 0:
                header_end = max(header_end, folded.origin[base + at + len(column_key) - 1] + 1)
        words = tokens(stream, header_end, end)
        begin = _first_row(stream, words, len(definition.rows[0].columns))
        if begin is None:
            problems.append(Hit(where, table_path, code="RL011", args={
                "table": title, "section": section_title}))
            return TableResult(None, start, start, problems)
        row = definition.rows[0]
        # the row is read from just before its first cell, so a blank first cell counts
        at = words[begin].start - (1 if words[begin].kind == BLANK else 0)
        matches = [_RowMatch(row, at, at)]
        first = words[begin].start
    if not matches:
        problems.append(Hit(where, table_path, code="RL011", args={
            "table": title, "section": section_title}))
        return TableResult(None, start, start, problems)
    for number, match in enumerate(matches):
        row = match.row
        row_path = f"{table_path}.{row.id}"
        region_end = matches[number + 1].start if number + 1 < len(matches) else end
        words = tokens(stream, match.end, region_end)
        # skip the rest of a label (wrapped or longer than the alias that matched); a numbered
        # label there is another row, one the template does not know: its numbers are not ours
        index = 0
        while index < len(words) and not _is_cell(words[index]):
            if _NUMBERING.match(words[index].raw):
                index = len(words)
                break
            index += 1
        if index == len(words):
            index = 0
        run: list[Token] = []
        while index < len(words) and _is_cell(words[index]):
            if len(run) >= len(row.columns) and _line_of(stream, words[index]) != \
                    _line_of(stream, run[-1]):
                break  # a further line of numbers: not this row's
            run.append(words[index])
            index += 1
        if not run:
            index = 0
        leftover = [w for w in words[index:] if _is_cell(w) and w.kind != BLANK]
        if leftover:
            label = " ".join(w.raw for w in words[index:] if not _is_cell(w))[:40]
            problems.append(Hit(stream.span(leftover[0].start, leftover[-1].end), row_path,
                                code="RL021", args={
                                    "table": title, "row": row.label,
                                    "numbers": " ".join(w.raw for w in leftover)[:60],
                                    "label": label or "—"}))
        if run:
            last_end = max(last_end, run[-1].end)
        else:
            last_end = max(last_end, match.end)
        if not run:
            if not row.optional:
                problems.append(Hit(stream.span(match.start, match.end), row_path, code="RL013",
                                    args={"table": title, "row": row.label, "found": 0,
                                          "expected": len(row.columns)}))
            continue
        need = len(row.columns)
        cells: dict[str, Cell] = {}
        if len(run) < need and all(t.kind == NUMBER for t in run):
            candidates, total = split_glued([t.raw for t in run], row.columns, identities)
            published = "".join(t.raw for t in run)
            if len(candidates) == 1 or total == 1:
                chosen = candidates[0] if candidates else next(
                    iter(split_glued([t.raw for t in run], row.columns, [])[0]))
                positions = _glued_positions(stream, run, chosen)
                for column, raw, (s, e) in zip(row.columns, chosen, positions, strict=True):
                    kind, value = parse_cell(raw)
                    cells[column] = Cell(definition.id, row.id, column, kind, raw,
                                         stream.span(s, e), f"{row_path}.{column}", value)
                problems.append(Hit(stream.span(run[0].start, run[-1].end), row_path,
                                    code="RL014", args={
                                        "table": title, "row": row.label,
                                        "published": published, "read": "/".join(chosen)}))
            else:
                code = "RL015" if len("".join(t.raw for t in run)) >= need else "RL013"
                args: dict[str, Any] = {"table": title, "row": row.label,
                                        "published": " ".join(t.raw for t in run),
                                        "found": len(run), "expected": need,
                                        "candidates": len(candidates)}
                problems.append(Hit(stream.span(run[0].start, run[-1].end), row_path,
                                    code=code, args=args))
                continue
        elif len(run) < need:
            problems.append(Hit(stream.span(run[0].start, run[-1].end), row_path, code="RL013",
                                args={"table": title, "row": row.label, "found": len(run),
                                      "expected": need}))
            continue
        else:
            for column, token in zip(row.columns, run, strict=False):
                cells[column] = Cell(definition.id, row.id, column, token.kind, token.raw,
                                     stream.span(token.start, token.end) if token.raw
                                     else stream.span(token.start), f"{row_path}.{column}",
                                     token.value)
            extra = list(run[need:])
            while extra and not extra[-1].raw.strip():
                extra.pop()  # empty cells closing a row ("0 | 0 | |") are layout, not values
            for position, token in enumerate(extra):
                extra_cells.append(Value((row.label, token.raw or "(blank)"),
                                         stream.span(token.start, token.end),
                                         f"{row_path}[{need + position}]", token.raw))
        rows[row.id] = cells
        row_spans[row.id] = stream.span(match.start, match.end) if match.end > match.start \
            else cells[row.columns[0]].span
    for row in definition.rows:
        if row.id not in rows and not row.optional and not any(m.row is row for m in matches):
            problems.append(Hit(stream.span(first if first is not None else start),
                                f"{table_path}.{row.id}", code="RL012",
                                args={"table": title, "row": row.label}))
    if foreign:
        problems.append(Hit(stream.span(start), table_path, code="RL020", args={
            "table": title, "labels": foreign}))
    table = Table(definition.id, stream.span(first if first is not None else start), table_path,
                  rows, row_spans, (), tuple(extra_cells))
    return TableResult(table, first if first is not None else start, last_end, problems)


def _first_row(stream: Stream, words: list[Token], need: int) -> int | None:
    """Where the cells of an unlabelled single row begin: at its first number, or at the blank
    and "/" cells before it on the same line; failing a number, the first line of cells only."""
    def line(token: Token) -> int:
        return stream.text.rfind(LINE_END, 0, token.start)

    first = next((i for i, t in enumerate(words) if t.kind == NUMBER), None)
    if first is not None:
        while first > 0 and _is_cell(words[first - 1]) and line(words[first - 1]) == \
                line(words[first]):
            first -= 1
        return first
    index = 0
    while index < len(words):
        same = [i for i in range(index, len(words)) if line(words[i]) == line(words[index])]
        if len(same) >= need and all(_is_cell(words[i]) for i in same):
            return index
        index = same[-1] + 1
    return None


def _line_of(stream: Stream, token: Token) -> int:
    return stream.span(token.start).line


def _glued_positions(stream: Stream, run: list[Token], parts: list[str]
                     ) -> list[tuple[int, int]]:
    """Stream ranges of the parts of glued tokens, in order."""
    positions = []
    token_index, offset = 0, 0
    for part in parts:
        token = run[token_index]
        start = token.start + offset
        positions.append((start, start + len(part)))
        offset += len(part)
        if offset >= len(token.raw):
            token_index, offset = token_index + 1, 0
    return positions


# --- contact and publication date -------------------------------------------------------------


def _contact(texts: list[Text], template: Template) -> dict[str, Value]:
    patterns = template.recognition.get("contact", {})
    found: dict[str, Value] = {}
    taken: list[tuple[int, int, int]] = []  # (text index, start, end) of values already taken
    for field_name, pattern in patterns.items():
        contact = compiled(pattern)
        for number, text in enumerate(texts):
            hit = None
            for match in contact.finditer(text.value):
                start, end = match.span("value")
                if any(n == number and s < end and start < e for n, s, e in taken):
                    continue
                hit = match
                break
            if hit is not None:
                start, end = hit.span("value")
                raw = hit.group("value").strip()
                found[field_name] = Value(raw, text.locate(start, end), f"contact.{field_name}",
                                          raw)
                taken.append((number, start, end))
                break
    return found


def _published(texts: list[Text], template: Template) -> Value | None:
    pattern = template.recognition.get("published")
    if not pattern:
        return None
    date_line = compiled(pattern)
    for text in texts:
        match = date_line.search(text.value)
        if match:
            date = f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"
            return Value(date, text.locate(*match.span()), "meta.published", match.group(0))
    return None


# --- the report -------------------------------------------------------------------------------

def assemble(path: str, form: str, blocks: Sequence[Block], packs: PackSet,
             template_override: str | None = None) -> ReadResult:
    stream = Stream.of(blocks)
    folded = Folded.of(stream)
    problems: list[Hit] = []
    # the title decides the year, the year the pack; the newest pack's template reads the title
    provisional = packs.choose(template_override, None)
    assert provisional.template is not None
    _start_title, end_title, match, title = _find_title(stream, min(len(stream.text), 2000),
                                                       provisional.template)
    year: Value | None = None
    meta: dict[str, Value | Text] = {}
    if title is not None and match is not None:
        meta["title"] = title
        if match.groupdict().get("year"):
            year = Value(int(match.group("year")), title.locate(*match.span("year")),
                         "meta.year", match.group("year"))
        organ = (match.groupdict().get("organ") or "").strip()
        if organ:
            meta["organ"] = Value(organ, title.locate(*match.span("organ")), "meta.organ", organ)
    else:
        problems.append(Hit(FILE_START, "meta.title", code="RL017", args={}))
    if year is None:
        pattern = provisional.template.recognition.get("year_from_period")
        period = compiled(pattern).search(stream.text[:4000]) if pattern else None
        if period is not None:
            year = Value(int(period["year"]), stream.span(*period.span("year")), "meta.year",
                         period["year"])
            problems.append(Hit(year.span, "meta.year", code="RL018",
                                args={"year": year.value, "text": period.group(0)}))
        else:
            problems.append(Hit(FILE_START, "meta.year", code="RL019", args={}))
    if year is not None:
        meta["year"] = year
    pack = packs.choose(template_override, year.value if year else None)
    template = pack.template
    assert template is not None

    row_keys = {k for t in template.tables.values() for r in t.rows for k in _row_keys(r)}
    headings = [h for h in find_headings(stream, folded, template, row_keys)
                if h.start >= end_title]
    unmatched = [h for h in headings if h.section is None]
    for heading in unmatched:
        line = stream.text[heading.start:heading.end].strip()
        problems.append(Hit(stream.span(heading.start, heading.end),
                            f"sections[{headings.index(heading)}]", code="RL016",
                            args={"title": line}))
    if not headings:
        problems.append(Hit(stream.span_after(end_title), "sections", code="RL022", args={}))

    closing = find_closing(stream, headings[-1].end if headings else end_title, template)
    document_end = closing.start
    intro_end = headings[0].start if headings else document_end
    intro = stream.text_of(end_title, intro_end, "intro")
    intro_text = intro if intro.value else None

    # tables, in the section the template puts them (or where the section would be)
    by_section = {h.section: i for i, h in enumerate(headings) if h.section}
    order = [s.id for s in template.sections]
    tables: dict[str, Table] = {}
    table_ranges: dict[int, list[tuple[int, int, str]]] = {}
    for definition in template.tables.values():
        if definition.section in by_section:
            index = by_section[definition.section]
            start = headings[index].end
            end = headings[index + 1].start if index + 1 < len(headings) else document_end
            section_title = stream.text[headings[index].start:headings[index].end]
        else:
            wanted = order.index(definition.section)
            before = [i for i, h in enumerate(headings)
                      if h.section and order.index(h.section) < wanted]
            after = [i for i, h in enumerate(headings)
                     if h.section and order.index(h.section) > wanted]
            start = headings[before[-1]].end if before else end_title
            end = headings[after[0]].start if after else document_end
            index = None
            numeral = next(s.numeral for s in template.sections if s.id == definition.section)
            section_title = f"{numeral}、" + next(s.title.zh for s in template.sections
                                                  if s.id == definition.section)
        where = stream.span(headings[index].start, headings[index].end) if index is not None \
            else stream.span_after(start)
        result = read_table(stream, folded, definition, pack, start, end, section_title, where,
                            own_section=index is not None)
        problems.extend(result.problems)
        if result.table is not None:
            tables[definition.id] = result.table
            if index is not None:
                table_ranges.setdefault(index, []).append((result.start, result.end,
                                                           definition.id))

    if title is None and year is None and not headings and not tables:
        # nothing of a report: one clear finding, not a finding per missing part (a README.txt)
        missing = Label("无标题、无年度、无编号标题、无表格", "no title, no year, no numbered heading, no table")
        return ReadResult(None, [Hit(FILE_START, code="RL040",
                                     args={"form": form.upper(), "missing": missing})])
    sections = []
    for index, heading in enumerate(headings):
        path = f"sections[{index}]"
        end = headings[index + 1].start if index + 1 < len(headings) else document_end
        title_text = stream.text_of(heading.start, heading.end, f"{path}.title",
                                    keep_lines=False)
        ranges = sorted(table_ranges.get(index, []))
        body_end = end
        body_parts = [(heading.end, end)]
        if ranges:
            table_start = _line_start(stream, min(r[0] for r in ranges), heading.end)
            table_end = max(r[1] for r in ranges)
            body_parts = [(heading.end, table_start), (table_end, body_end)]
        body = None
        for part_start, part_end in body_parts:
            candidate = stream.text_of(part_start, part_end, f"{path}.text")
            if candidate.value.strip(" |") and regex.search(r"[^\d\s|./—-]", candidate.value):
                body = candidate
                break
        sections.append(Section(title_text, body, heading.section, title_text.span, path,
                                tuple(r[2] for r in ranges)))

    prose = [t for t in ([intro_text] if intro_text else []) + [s.body for s in sections if s.body]]
    contact = _contact(prose + ([closing.text] if closing.text else []), template)
    published = _published([title, *prose] if title else prose, template) \
        or _published([stream.text_of(0, min(len(stream.text), 3000), "meta")], template) \
        or closing.date
    if published is not None:
        meta["published"] = published
    report = Report(path=path, form=form, template=template, meta=meta,
                    sections=tuple(sections), tables=tables, contact=contact, intro=intro_text)
    return ReadResult(report, problems)


@dataclass
class Closing:
    """The lines after the last section that are no section text: contact lines and the 落款."""

    start: int  # stream offset where the closing begins (the end of the stream when none)
    text: Text | None = None
    date: Value | None = None  # the 落款's date: the publication date when none is stated


def find_closing(stream: Stream, floor: int, template: Template) -> Closing:
    """The closing ending the document, by the template's `signature` (an organ line over a
    date, as 公文 are signed) and `closing_line` (contact lines such as 地址：…) patterns, each
    matching whole lines of their own; never inside a table."""
    text = stream.text
    lines: list[tuple[int, int]] = []  # non-empty lines from the end, back to `floor`
    end = len(text)
    while end > floor:
        start = max(text.rfind(LINE_END, floor, end - 1) + 1, floor)
        if text[start:end].strip():
            lines.append((start, end))
        end = start
        if len(lines) > 40:
            break
    signature = template.recognition.get("signature")
    contact = template.recognition.get("closing_line")
    taken = 0
    date: Value | None = None
    if signature:
        pattern = compiled(signature)
        for count in (2, 1):
            if len(lines) < count or any(CELL_END in text[s:e] for s, e in lines[:count]):
                continue
            joined = "\n".join(text[s:e].strip() for s, e in reversed(lines[:count]))
            match = pattern.fullmatch(joined)
            if match is None or (count == 2 and not match.group("organ")):
                continue
            date = _signature_date(stream, lines[0], match)
            taken = count if date is not None else 0
            break
    if contact:
        pattern = compiled(contact)
        while taken < len(lines):
            start, end = lines[taken]
            line = text[start:end]
            if CELL_END in line or not pattern.fullmatch(line.strip()):
                break
            taken += 1
    if not taken:
        return Closing(len(text))
    start = lines[taken - 1][0]
    return Closing(start, stream.text_of(start, len(text), "closing"), date)


def _signature_date(stream: Stream, line: tuple[int, int], match: regex.Match[str]
                    ) -> Value | None:
    import datetime

    try:
        date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    start, end = line
    raw = stream.text[start:end].strip()
    offset = start + stream.text[start:end].index(raw[0])
    return Value(date.isoformat(), stream.span(offset, offset + len(raw)), "meta.published", raw)


def _line_start(stream: Stream, offset: int, floor: int) -> int:
    """Back from a table's first label over the header lines (lines without a full stop);
    in a table given as a grid, its first row."""
    for start, end in stream.grids:
        if start <= offset < end and start >= floor:
            return start
    position = offset
    while position > floor:
        line_start = stream.text.rfind(LINE_END, floor, position - 1)
        line_start = floor if line_start < 0 else line_start + 1
        line = stream.text[line_start:position]
        if "。" in line or line_start == floor:
            return position if "。" in line else floor
        position = line_start
    return floor
