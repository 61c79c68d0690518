"""One template table, read from the stream range of its section.

A table is located by the template's row labels and aliases, compared on their normal form
(`stream.key`), in template order; a row's cells are the numbers that follow its label. What
cannot be read is an RL0xx hit saying what was expected and where: a table not found (RL011),
a row not found (RL012) or with too few numbers (RL013), glued digits read by their only
split (RL014) or not splittable (RL015), numbers that belong to no row (RL021), another
template's columns (RL020).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from reportlint.codes import (
    GLUED_ROW_SPLIT,
    GLUED_ROW_UNREADABLE,
    NUMBERS_WITHOUT_ROW,
    ROW_CELL_COUNT,
    ROW_NOT_FOUND,
    TABLE_NOT_FOUND,
    TRIAL_FORMAT_TABLE,
)
from reportlint.findings import Hit
from reportlint.labels import NUMERALS, Label
from reportlint.model import BLANK, NUMBER, Cell, LazySpan, Span, Table, Value
from reportlint.patterns import Bounded, compile_pattern, compiled
from reportlint.readers.cellparse import parse_cell
from reportlint.readers.glued import glued_positions, split_glued
from reportlint.readers.stream import (
    PROSE,
    Folded,
    Stream,
    Token,
    is_cell,
    iter_tokens,
    key,
    same_line,
    tokens,
)
from reportlint.records import field, record
from reportlint.template import RowDef, TableDef, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_NUMBERING = compile_pattern(rf"(?:\d+[.、．](?!\d)|[(（][{NUMERALS}]+[)）]|[{NUMERALS}]+、)")


@record
class TableResult:
    table: Table | None
    start: int  # stream range the table took
    end: int
    problems: list[Hit] = field(default_factory=list)


@record
class RowMatch:
    row: RowDef
    start: int  # stream offsets of the label
    end: int


_LEADING_NUMBER = compile_pattern(rf"^\s*[(（]?[{NUMERALS}\d]+[)）]?\s*[、.．]?")


@lru_cache(maxsize=1024)
def row_keys(row: RowDef) -> tuple[str, ...]:
    """The normal forms a row's label may take: label and aliases, with and without numbering.
    Once a process for each row of the templates (every table of every page asked again)."""
    keys = []
    for label in (row.label.zh, *row.aliases):
        full = key(label)
        keys.append(full)
        body = key(_LEADING_NUMBER.sub("", label))
        if body != full and len(body) >= 4:
            keys.append(body)
    return tuple(sorted(set(keys), key=len, reverse=True))


def find_rows(stream: Stream, folded: Folded, definition: TableDef, start: int, end: int,
              prose: Bounded | None = None) -> list[RowMatch]:
    """Row labels in template order, each the earliest after the previous one that stands in
    a table, not in a sentence."""
    matches: list[RowMatch] = []
    position = folded.at(start)
    limit = folded.at(end)
    for row in definition.rows:
        search = _Earliest(folded.text, row_keys(row), position, limit)
        while (best := search.next()) is not None:
            label_start, label_end = folded.origin(best[0]), folded.origin(best[1] - 1) + 1
            if not in_sentence(stream, label_end, end, prose):
                matches.append(RowMatch(row, label_start, label_end))
                position = best[1]
                break
            search.skip(best[0] + 1)
    return matches


class _Earliest:
    """The earliest occurrence of any of a row's keys at or after a moving start. Each key's
    next occurrence is remembered and searched again only once the start has passed it, so
    a label that stands in thousands of sentences is not a search of the whole text per
    sentence for every other key (that was quadratic)."""

    def __init__(self, text: str, keys: list[str], start: int, limit: int) -> None:
        self.text, self.keys, self.limit = text, keys, limit
        self.found = [text.find(key, start, limit) for key in keys]

    def skip(self, start: int) -> None:
        for number, at in enumerate(self.found):
            if 0 <= at < start:
                self.found[number] = self.text.find(self.keys[number], start, self.limit)

    def next(self) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        for key, at in zip(self.keys, self.found):
            if at >= 0 and (best is None or at < best[0]):
                best = (at, at + len(key))
        return best


def _interrupted(label: str, text: str) -> bool:
    """Whether the label's characters all stand in the text, in order, other words between."""
    found = iter(text)
    return all(char in found for char in label)


_SENTENCE_END = frozenset("。；;！？")
_LOOK_AHEAD = 400  # characters after a label in which its first number is looked for


def in_sentence(stream: Stream, label_end: int, end: int,
                prose: Bounded | None) -> bool:
    """Whether a label is a word of a sentence: its first number is prose ("予以公开45件、"), or
    the sentence ends before any number. A label followed by cells stands in a table."""
    for word in iter_tokens(stream, label_end, min(end, label_end + _LOOK_AHEAD), prose):
        if is_cell(word):
            return False
        if word.kind == PROSE or _SENTENCE_END.intersection(word.raw):
            return True
    return False


def read_table(stream: Stream, folded: Folded, definition: TableDef, template: Template,
               start: int, end: int, section_title: str, where: Span,
               own_section: bool = True) -> TableResult:
    """One table from the stream range of its section; `where` is the place to report a gap.

    Without its own section heading (`own_section` false) the range is the gap between the
    neighbouring sections: only row labels can place a table there.
    """
    return _TableReader(stream, folded, definition, template, start, end, section_title,
                        where).read(own_section)


class _TableReader:
    def __init__(self, stream: Stream, folded: Folded, definition: TableDef, template: Template,
                 start: int, end: int, section_title: str, where: Span) -> None:
        self.stream, self.folded, self.definition = stream, folded, definition
        self.start, self.end, self.where = start, end, where
        self.section_title = section_title
        self.path = f"tables.{definition.id}"
        self.title = definition.title  # a Label: messages pick the language
        # the identities that hold within a row split its glued digits (template data)
        self.identities = [(i.total, i.parts) for i in definition.row_identities]
        self.region_key = folded.text[folded.at(start):folded.at(end)]
        self.foreign = sorted({label for labels in template.foreign_labels.values()
                               for label in labels if key(label) and key(label) in self.region_key})
        prose = template.recognition.get("prose_number")
        self.prose = compiled(prose) if prose else None
        self.problems: list[Hit] = []
        self.rows: dict[str, dict[str, Cell]] = {}
        self.row_spans: dict[str, Span] = {}
        self.extra_cells: list[Value] = []
        self.split: list[tuple[RowDef, str, list[str], Span]] = []  # glued rows read (RL014)
        self.last_end = start
        self.first: int | None = None  # where an unlabelled row's cells begin

    # -- the table -----------------------------------------------------------------------------

    def read(self, own_section: bool) -> TableResult:
        definition = self.definition
        matches = find_rows(self.stream, self.folded, definition, self.start, self.end,
                            self.prose)
        if not own_section and not matches:
            return self._not_found()
        own_columns = sum(1 for c in definition.columns
                          if any(k in self.region_key for k in self._column_keys(c)))
        if self.foreign and (own_columns * 2 < len(definition.columns) or not matches):
            return self._give_up(Hit(self.stream.span(self.start), self.path, code=TRIAL_FORMAT_TABLE,
                                     args={"table": self.title, "labels": self.foreign}))
        if not matches and len(definition.rows) == 1:
            unlabelled = self._unlabelled_row()
            matches = [unlabelled] if unlabelled is not None else []
        if not matches:
            return self._not_found()
        order = {row.id: index for index, row in enumerate(definition.rows)}
        for number, match in enumerate(matches):
            following = matches[number + 1] if number + 1 < len(matches) else None
            region_end = following.start if following is not None else self.end
            # rows between this label and the next one found, whose own label was not found
            between = definition.rows[order[match.row.id] + 1:
                                      order[following.row.id] if following else None]
            self._read_row(match, region_end, [r for r in between if not r.optional])
        first = self.first if self.first is not None else matches[0].start
        self._missing_rows(matches, first)
        if self.split:
            self.problems.append(self._split_note())
        if self.foreign:
            self.problems.append(Hit(self.stream.span(self.start), self.path, code=TRIAL_FORMAT_TABLE,
                                     args={"table": self.title, "labels": self.foreign}))
        table = Table(definition.id, self.stream.span(first), self.path, self.rows,
                      self.row_spans, (), tuple(self.extra_cells))
        return TableResult(table, first, self.last_end, self.problems)

    def _split_note(self) -> Hit:
        """One note for the table: the rows read from glued digits by their only split."""
        rows = [(row.label, f"{published}→{'/'.join(read)}") for row, published, read, _
                in self.split]
        listed = Label("；".join(f"「{label.zh}」{reading}" for label, reading in rows),
                       "; ".join(f"{label.text('en')}: {reading}" for label, reading in rows))
        return Hit(self.split[0][3], self.path, code=GLUED_ROW_SPLIT, args={
            "table": self.title, "count": len(rows), "rows": listed})

    def _not_found(self) -> TableResult:
        return self._give_up(Hit(self.where, self.path, code=TABLE_NOT_FOUND, args={
            "table": self.title, "section": self.section_title}))

    def _give_up(self, hit: Hit) -> TableResult:
        self.problems.append(hit)
        return TableResult(None, self.start, self.start, self.problems)

    @staticmethod
    def _column_keys(column: Any) -> list[str]:
        return [key(column.label.zh), *map(key, column.aliases)]

    def _unlabelled_row(self) -> RowMatch | None:
        """A single row without a label (table 4): the first run of cells after the header."""
        header_end = self.start
        base = self.folded.at(self.start)
        for column in self.definition.columns:
            for column_key in self._column_keys(column):
                at = self.region_key.rfind(column_key) if column_key else -1
                if at >= 0:
                    header_end = max(header_end,
                                     self.folded.origin(base + at + len(column_key) - 1) + 1)
        words = tokens(self.stream, header_end, self.end, self.prose)
        begin = self._first_row(words, len(self.definition.rows[0].columns))
        if begin is None:
            return None
        self.first = words[begin].start
        # the row is read from just before its first cell, so a blank first cell counts
        at = words[begin].start - (1 if words[begin].kind == BLANK else 0)
        return RowMatch(self.definition.rows[0], at, at)

    def _first_row(self, words: list[Token], need: int) -> int | None:
        """Where the cells of an unlabelled single row begin: at its first number, or at the
        blank and "/" cells before it on the same line; failing a number, the first line of
        cells only."""
        first = next((i for i, t in enumerate(words) if t.kind == NUMBER), None)
        if first is not None:
            while first > 0 and is_cell(words[first - 1]) and \
                    same_line(self.stream, words[first - 1], words[first]):
                first -= 1
            return first
        index = 0
        while index < len(words):
            same = [i for i in range(index, len(words))
                    if same_line(self.stream, words[index], words[i])]
            if len(same) >= need and all(is_cell(words[i]) for i in same):
                return index
            index = same[-1] + 1
        return None

    def _missing_rows(self, matches: list[RowMatch], first: int) -> None:
        """One RL012 per run of rows missing one after the other (a table cut short, a block
        of rows left out): one cause, one finding, which names the run's first and last rows
        and explains the others. A row missing on its own is a finding of its own."""
        matched = {m.row.id for m in matches}
        runs: list[list[RowDef]] = [[]]
        for row in self.definition.rows:
            if row.id in self.rows or row.id in matched:
                runs.append([])
            elif not row.optional:
                runs[-1].append(row)
        for run in filter(None, runs):
            label = run[0].label if len(run) == 1 else Label(
                f"{run[0].label.zh}」至「{run[-1].label.zh}",
                f"{run[0].label.text('en')}' to '{run[-1].label.text('en')}")
            self.problems.append(Hit(
                self.stream.span(first), f"{self.path}.{run[0].id}", code=ROW_NOT_FOUND,
                args={"table": self.title, "row": label},
                related=(others := tuple(f"{self.path}.{row.id}" for row in run[1:])),
                explains=others))

    # -- one row -------------------------------------------------------------------------------

    def _read_row(self, match: RowMatch, region_end: int, unmatched: list[RowDef]) -> None:
        row = match.row
        words = tokens(self.stream, match.end, region_end, self.prose)
        run, rest = self._run(words, len(row.columns))
        self._take(match, run)
        rest = self._by_order(unmatched, rest)
        leftover = [w for w in rest if is_cell(w) and w.kind != BLANK]
        if leftover:
            label = " ".join(w.raw for w in rest if not is_cell(w))[:40]
            self.problems.append(Hit(
                self.stream.span(leftover[0].start, leftover[-1].end), f"{self.path}.{row.id}",
                code=NUMBERS_WITHOUT_ROW, args={"table": self.title, "row": row.label,
                                    "numbers": " ".join(w.raw for w in leftover)[:60],
                                    "label": label or "—"}))

    def _by_order(self, unmatched: list[RowDef], rest: list[Token]) -> list[Token]:
        """Rows whose label could not be matched (wrapped around a group label, "1.本机关不掌握
        相关 / （四）无法 / 政府信息 2 1 0 …"), read by label order and cell count: when the
        numbers after a row are exactly one full run of cells for each such row. The words
        the runs did not take are returned."""
        if not unmatched:
            return rest
        runs: list[list[Token]] = []
        words: list[str] = []  # the words before each run: its label, broken up
        index = 0
        while index < len(rest) and len(runs) < len(unmatched):
            if not is_cell(rest[index]):
                words.append(rest[index].raw)
                index += 1
                continue
            row = unmatched[len(runs)]
            run, index = self._cells_from(rest, index, len(row.columns))
            if len(run) != len(row.columns) or not any(t.kind == NUMBER for t in run) \
                    or not any(_interrupted(k, key("".join(words))) for k in row_keys(row)):
                return rest  # a row without its whole label is not guessed
            runs.append(run)
            words = []
        if len(runs) != len(unmatched) \
                or any(is_cell(w) and w.kind != BLANK for w in rest[index:]):
            return rest
        for row, run in zip(unmatched, runs, strict=True):
            self._take(RowMatch(row, run[0].start, run[0].start), run)
        taken = {id(t) for run in runs for t in run}
        return [w for w in rest if id(w) not in taken]

    def _take(self, match: RowMatch, run: list[Token]) -> None:
        """A row's run of cells: its cells, or why it cannot be read."""
        row = match.row
        self.last_end = max(self.last_end, run[-1].end if run else match.end)
        if not run:
            if not row.optional:
                self.problems.append(Hit(self.stream.span(match.start, match.end),
                                         f"{self.path}.{row.id}", code=ROW_CELL_COUNT,
                                         args={"table": self.title, "row": row.label,
                                               "found": 0, "expected": len(row.columns)}))
            return
        cells = self._glued(row, run) if len(run) < len(row.columns) else self._cells(row, run)
        if cells is None:
            return
        self.rows[row.id] = cells
        self.row_spans[row.id] = LazySpan(self.stream.span, match.start, match.end) \
            if match.end > match.start else cells[row.columns[0]].span

    def _run(self, words: list[Token], need: int) -> tuple[list[Token], list[Token]]:
        """The row's cells among the words after its label, and the words after them."""
        # skip the rest of a label (wrapped or longer than the alias that matched); a numbered
        # label there is another row, one the template does not know: its numbers are not ours
        index = 0
        while index < len(words) and not is_cell(words[index]):
            if _NUMBERING.match(words[index].raw):
                index = len(words)
                break
            index += 1
        if index == len(words):
            index = 0
        run, index = self._cells_from(words, index, need)
        if self._spread_label(run, words[index:]):
            # the label's own line only spreads it over the header's columns ("| 一、… | | |");
            # its numbers stand on the next line ("类别 | 数据 | … | 总计" layouts)
            run, index = self._cells_from(words, index, need)
            if len(run) == need + 1 and run[0].kind == BLANK:
                run = run[1:]  # the label column, left blank on the numbers' line
        if not run:
            index = 0
        return run, words[index:]

    def _spread_label(self, run: list[Token], rest: list[Token]) -> bool:
        """Blank cells on one line, then a line of cells with numbers."""
        if not run or any(t.kind != BLANK for t in run) or not rest or not is_cell(rest[0]):
            return False
        if not same_line(self.stream, run[0], run[-1]) or same_line(self.stream, run[-1],
                                                                       rest[0]):
            return False
        following, _ = self._cells_from(rest, 0, len(run))
        return any(t.kind == NUMBER for t in following)

    def _cells_from(self, words: list[Token], index: int, need: int) -> tuple[list[Token], int]:
        """The run of cells starting at `index`, and where it ends."""
        run: list[Token] = []
        while index < len(words) and is_cell(words[index]):
            if len(run) >= need and not same_line(self.stream, run[-1], words[index]):
                break  # a further line of numbers: not this row's
            run.append(words[index])
            index += 1
        return run, index

    def _cell(self, row: RowDef, column: str, raw: str, span: Span) -> Cell:
        kind, value = parse_cell(raw)
        return Cell(self.definition.id, row.id, column, kind, raw, span, value)

    def _cells(self, row: RowDef, run: list[Token]) -> dict[str, Cell]:
        """A row with a cell for every column; values beyond its columns are kept as extra."""
        need = len(row.columns)
        row_path = f"{self.path}.{row.id}"
        run = list(run)
        while len(run) > need and not run[-1].raw.strip():
            run.pop()  # empty cells closing a row ("0 | 0 | |") are layout, not values
        while len(run) > need and run[0].kind == BLANK:
            run.pop(0)  # a label spread over empty cells (the template's merged label cells)
        cells = {}
        place = self.stream.span
        for column, token in zip(row.columns, run, strict=False):
            # placed only when a finding reads it (model.LazySpan)
            span = LazySpan(place, token.start, token.end if token.raw else None)
            cells[column] = Cell(self.definition.id, row.id, column, token.kind, token.raw,
                                 span, token.value)
        for position, token in enumerate(run[need:]):
            self.extra_cells.append(Value((row.label, token.raw or "(blank)"),
                                          self.stream.span(token.start, token.end),
                                          f"{row_path}[{need + position}]", token.raw))
        return cells

    def _glued(self, row: RowDef, run: list[Token]) -> dict[str, Cell] | None:
        """Fewer numbers than columns: digits glued together, split only where one split fits."""
        need = len(row.columns)
        row_path = f"{self.path}.{row.id}"
        span = self.stream.span(run[0].start, run[-1].end)
        if any(t.kind != NUMBER for t in run):
            self.problems.append(Hit(span, row_path, code=ROW_CELL_COUNT, args={
                "table": self.title, "row": row.label, "found": len(run), "expected": need}))
            return None
        words = [t.raw for t in run]
        candidates, total = split_glued(words, row.columns, self.identities)
        if len(candidates) != 1 and total != 1:
            code = GLUED_ROW_UNREADABLE if len("".join(words)) >= need else ROW_CELL_COUNT
            args: dict[str, Any] = {"table": self.title, "row": row.label,
                                    "published": " ".join(words), "found": len(run),
                                    "expected": need, "candidates": len(candidates)}
            self.problems.append(Hit(span, row_path, code=code, args=args))
            return None
        chosen = candidates[0] if candidates else split_glued(words, row.columns, [])[0][0]
        positions = glued_positions([(t.start, t.raw) for t in run], chosen)
        self.split.append((row, "".join(words), chosen, span))
        return {column: self._cell(row, column, raw, self.stream.span(s, e))
                for column, raw, (s, e) in zip(row.columns, chosen, positions, strict=True)}
