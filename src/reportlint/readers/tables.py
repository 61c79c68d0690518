"""One template table, read from the stream range of its section.

A table is located by the template's row labels and aliases, compared on their normal form
(`stream.key`), in template order; a row's cells are the numbers that follow its label. What
cannot be read is an RL0xx hit saying what was expected and where: a table not found (RL011),
a row not found (RL012) or with too few numbers (RL013), glued digits read by their only
split (RL014) or not splittable (RL015), numbers that belong to no row (RL021), another
template's columns (RL020).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from reportlint.findings import Hit
from reportlint.labels import NUMERALS
from reportlint.model import BLANK, NUMBER, Cell, Span, Table, Value
from reportlint.readers.cellparse import parse_cell
from reportlint.readers.glued import RowIdentity, glued_positions, split_glued
from reportlint.readers.stream import Folded, Stream, Token, is_cell, key, line_of, tokens
from reportlint.rulepack import RowDef, RulePack, TableDef

_NUMBERING = regex.compile(rf"(?:\d+[.、．](?!\d)|[(（][{NUMERALS}]+[)）]|[{NUMERALS}]+、)")


@dataclass
class TableResult:
    table: Table | None
    start: int  # stream range the table took
    end: int
    problems: list[Hit] = field(default_factory=list)


@dataclass
class RowMatch:
    row: RowDef
    start: int  # stream offsets of the label
    end: int


def row_keys(row: RowDef) -> list[str]:
    """The normal forms a row's label may take: label and aliases, with and without numbering."""
    keys = []
    for label in (row.label.zh, *row.aliases):
        full = key(label)
        keys.append(full)
        body = key(regex.sub(rf"^\s*[(（]?[{NUMERALS}\d]+[)）]?\s*[、.．]?", "", label))
        if body != full and len(body) >= 4:
            keys.append(body)
    return sorted(set(keys), key=len, reverse=True)


def row_identities(pack: RulePack, table_id: str) -> list[RowIdentity]:
    """(total columns, part columns) of the pack's identities within one row of a table."""
    found: list[RowIdentity] = []
    for rule in pack.rules:
        params = rule.params
        if rule.check == "balance" and params.get("table") == table_id \
                and params.get("across") == "rows":
            found.extend((list(i["total"]), list(i["parts"])) for i in params["identities"])
    return found


def find_rows(folded: Folded, definition: TableDef, start: int, end: int) -> list[RowMatch]:
    """Row labels in template order, each the earliest after the previous one."""
    matches: list[RowMatch] = []
    position = folded.at(start)
    limit = folded.at(end)
    for row in definition.rows:
        best: tuple[int, int] | None = None
        for candidate in row_keys(row):
            at = folded.text.find(candidate, position, limit)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, at + len(candidate))
        if best is None:
            continue
        matches.append(RowMatch(row, folded.origin[best[0]], folded.origin[best[1] - 1] + 1))
        position = best[1]
    return matches


def read_table(stream: Stream, folded: Folded, definition: TableDef, pack: RulePack,
               start: int, end: int, section_title: str, where: Span,
               own_section: bool = True) -> TableResult:
    """One table from the stream range of its section; `where` is the place to report a gap.

    Without its own section heading (`own_section` false) the range is the gap between the
    neighbouring sections: only row labels can place a table there.
    """
    return _TableReader(stream, folded, definition, pack, start, end, section_title,
                        where).read(own_section)


class _TableReader:
    def __init__(self, stream: Stream, folded: Folded, definition: TableDef, pack: RulePack,
                 start: int, end: int, section_title: str, where: Span) -> None:
        self.stream, self.folded, self.definition = stream, folded, definition
        self.start, self.end, self.where = start, end, where
        self.section_title = section_title
        self.path = f"tables.{definition.id}"
        self.title = definition.title  # a Label: messages pick the language
        self.identities = row_identities(pack, definition.id)
        self.region_key = folded.text[folded.at(start):folded.at(end)]
        assert pack.template is not None
        self.foreign = sorted({label for labels in pack.template.foreign_labels.values()
                               for label in labels if key(label) and key(label) in self.region_key})
        self.problems: list[Hit] = []
        self.rows: dict[str, dict[str, Cell]] = {}
        self.row_spans: dict[str, Span] = {}
        self.extra_cells: list[Value] = []
        self.last_end = start

    # -- the table -----------------------------------------------------------------------------

    def read(self, own_section: bool) -> TableResult:
        definition = self.definition
        matches = find_rows(self.folded, definition, self.start, self.end)
        if not own_section and not matches:
            return self._not_found()
        own_columns = sum(1 for c in definition.columns
                          if any(k in self.region_key for k in self._column_keys(c)))
        if self.foreign and (own_columns * 2 < len(definition.columns) or not matches):
            return self._give_up(Hit(self.stream.span(self.start), self.path, code="RL020",
                                     args={"table": self.title, "labels": self.foreign}))
        if not matches and len(definition.rows) == 1:
            unlabelled = self._unlabelled_row()
            matches = [unlabelled] if unlabelled is not None else []
        if not matches:
            return self._not_found()
        for number, match in enumerate(matches):
            region_end = matches[number + 1].start if number + 1 < len(matches) else self.end
            self._read_row(match, region_end)
        self._missing_rows(matches, matches[0].start)
        if self.foreign:
            self.problems.append(Hit(self.stream.span(self.start), self.path, code="RL020",
                                     args={"table": self.title, "labels": self.foreign}))
        first = matches[0].start
        table = Table(definition.id, self.stream.span(first), self.path, self.rows,
                      self.row_spans, (), tuple(self.extra_cells))
        return TableResult(table, first, self.last_end, self.problems)

    def _not_found(self) -> TableResult:
        return self._give_up(Hit(self.where, self.path, code="RL011", args={
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
                                     self.folded.origin[base + at + len(column_key) - 1] + 1)
        words = tokens(self.stream, header_end, self.end)
        begin = next((w for w in words if w.kind == NUMBER), None)
        if begin is None:
            return None
        return RowMatch(self.definition.rows[0], begin.start, begin.start)

    def _missing_rows(self, matches: list[RowMatch], first: int) -> None:
        matched = {m.row.id for m in matches}
        for row in self.definition.rows:
            if row.id not in self.rows and not row.optional and row.id not in matched:
                self.problems.append(Hit(self.stream.span(first), f"{self.path}.{row.id}",
                                         code="RL012", args={"table": self.title,
                                                             "row": row.label}))

    # -- one row -------------------------------------------------------------------------------

    def _read_row(self, match: RowMatch, region_end: int) -> None:
        row = match.row
        row_path = f"{self.path}.{row.id}"
        words = tokens(self.stream, match.end, region_end)
        run, rest = self._run(words, len(row.columns))
        leftover = [w for w in rest if is_cell(w) and w.kind != BLANK]
        if leftover:
            label = " ".join(w.raw for w in rest if not is_cell(w))[:40]
            self.problems.append(Hit(
                self.stream.span(leftover[0].start, leftover[-1].end), row_path, code="RL021",
                args={"table": self.title, "row": row.label,
                      "numbers": " ".join(w.raw for w in leftover)[:60], "label": label or "—"}))
        self.last_end = max(self.last_end, run[-1].end if run else match.end)
        if not run:
            if not row.optional:
                self.problems.append(Hit(self.stream.span(match.start, match.end), row_path,
                                         code="RL013", args={"table": self.title,
                                                             "row": row.label, "found": 0,
                                                             "expected": len(row.columns)}))
            return
        cells = self._glued(row, run) if len(run) < len(row.columns) else self._cells(row, run)
        if cells is None:
            return
        self.rows[row.id] = cells
        self.row_spans[row.id] = self.stream.span(match.start, match.end) \
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
        run: list[Token] = []
        while index < len(words) and is_cell(words[index]):
            if len(run) >= need and line_of(self.stream, words[index]) != \
                    line_of(self.stream, run[-1]):
                break  # a further line of numbers: not this row's
            run.append(words[index])
            index += 1
        if not run:
            index = 0
        return run, words[index:]

    def _cell(self, row: RowDef, column: str, raw: str, span: Span) -> Cell:
        kind, value = parse_cell(raw)
        return Cell(self.definition.id, row.id, column, kind, raw, span,
                    f"{self.path}.{row.id}.{column}", value)

    def _cells(self, row: RowDef, run: list[Token]) -> dict[str, Cell]:
        """A row with a cell for every column; values beyond its columns are kept as extra."""
        need = len(row.columns)
        row_path = f"{self.path}.{row.id}"
        cells = {}
        for column, token in zip(row.columns, run, strict=False):
            span = self.stream.span(token.start, token.end) if token.raw \
                else self.stream.span(token.start)
            cells[column] = Cell(self.definition.id, row.id, column, token.kind, token.raw,
                                 span, f"{row_path}.{column}", token.value)
        extra = list(run[need:])
        while extra and not extra[-1].raw.strip():
            extra.pop()  # empty cells closing a row ("0 | 0 | |") are layout, not values
        for position, token in enumerate(extra):
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
            self.problems.append(Hit(span, row_path, code="RL013", args={
                "table": self.title, "row": row.label, "found": len(run), "expected": need}))
            return None
        words = [t.raw for t in run]
        candidates, total = split_glued(words, row.columns, self.identities)
        if len(candidates) != 1 and total != 1:
            code = "RL015" if len("".join(words)) >= need else "RL013"
            args: dict[str, Any] = {"table": self.title, "row": row.label,
                                    "published": " ".join(words), "found": len(run),
                                    "expected": need, "candidates": len(candidates)}
            self.problems.append(Hit(span, row_path, code=code, args=args))
            return None
        chosen = candidates[0] if candidates else split_glued(words, row.columns, [])[0][0]
        positions = glued_positions([(t.start, t.raw) for t in run], chosen)
        self.problems.append(Hit(span, row_path, code="RL014", args={
            "table": self.title, "row": row.label, "published": "".join(words),
            "read": "/".join(chosen)}))
        return {column: self._cell(row, column, raw, self.stream.span(s, e))
                for column, raw, (s, e) in zip(row.columns, chosen, positions, strict=True)}
