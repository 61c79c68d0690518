"""A report as a printable document: what every form (HTML, DOCX, Markdown) prints, in order.

The title, the intro, the sections in the order the data gives them, each followed by the
tables the template puts in it, laid out by the pack's `render` layouts (layout.py); then the
closing: the contact details the prose does not already give, one per line, and the 落款 (the
organ over the publication date). Every cell is printed as the data has it: a blank stays
blank, "/" stays "/", a number keeps its published digits. Nothing is computed or repaired.
"""

from __future__ import annotations

import datetime

from reportlint.layout import (
    BlockEntry,
    Entry,
    GroupEntry,
    HeadCell,
    RowEntry,
    TableLayout,
    place,
    printed,
)
from reportlint.model import BLANK, NUMBER, Cell, Report, Table, Text
from reportlint.patterns import compiled
from reportlint.readers.cellparse import parse_cell
from reportlint.records import record
from reportlint.template import TableDef, Template

# Cell kinds: column headers, the descriptive note over the row labels, block captions, row
# labels, group labels (spanning their members' rows), and data cells.
HEAD, NOTE, CAPTION, LABEL, GROUP, DATA = "head", "note", "caption", "label", "group", "data"


@record(frozen=True)
class GridCell:
    text: str
    kind: str
    rows: int = 1
    cols: int = 1
    path: str = ""  # the data path of a data cell (tables.table3.new.natural)


@record(frozen=True)
class Grid:
    """One table as rows of cells; merged cells are given once, with their spans."""

    id: str
    title: str
    head: tuple[tuple[GridCell, ...], ...]  # header rows, repeated on every printed page
    body: tuple[tuple[GridCell, ...], ...]
    stub: int  # label columns of the body
    width: int  # all columns

    def header_texts(self, head_stub: int) -> list[str]:
        """One header text per printed column (label column first), joining the texts of the
        merged cells above it: for forms that cannot merge cells."""
        data = self.width - self.stub
        label = 1 if head_stub else 0
        texts: list[list[str]] = [[] for _ in range(label + data)]
        for _, column, cell in place(self.head, head_stub + data):
            if column == head_stub and cell.cols == data > 1:
                continue  # a header over every data column (申请人情况) says nothing per column
            for covered in range(column, column + cell.cols):
                bucket = texts[0 if covered < head_stub else covered - head_stub + label]
                if cell.text and cell.text not in bucket:
                    bucket.append(cell.text)
        return ["/".join(t) for t in texts]


@record(frozen=True)
class Part:
    """A section: its heading, its paragraphs, then its tables."""

    title: str
    paragraphs: tuple[str, ...]
    grids: tuple[Grid, ...]


@record(frozen=True)
class Document:
    title: str
    intro: tuple[str, ...]
    leading: tuple[Grid, ...]  # tables whose section comes before every printed one
    parts: tuple[Part, ...]
    closing: tuple[str, ...]  # contact lines
    signature: tuple[str, ...]  # the organ, the date
    head_stubs: dict[str, int]  # label columns of each table's header layout


def paragraphs(text: Text | None) -> tuple[str, ...]:
    """The lines of a piece of prose, as printed paragraphs (blank lines are layout)."""
    if text is None:
        return ()
    return tuple(line.strip() for line in text.value.split("\n") if line.strip())


def build(report: Report, compact: bool = False) -> Document:
    """The printable document; `compact` keeps one label column (for forms without merged
    cells: a group label becomes a row of its own)."""
    template = report.template
    spec = template.render
    grids = {table_id: _grid(template, table_id, report.tables[table_id], compact)
             for table_id in template.tables if table_id in report.tables}
    grids = {table_id: grid for table_id, grid in grids.items() if grid is not None}
    order = [section.id for section in template.sections]
    placed: dict[int, list[Grid]] = {}
    leading: list[Grid] = []
    for table_id, grid in grids.items():
        home = template.tables[table_id].section
        index = next((i for i, s in enumerate(report.sections) if s.id == home), None)
        if index is None:  # no such section: where it would stand, after the one before it
            wanted = order.index(home) if home in order else len(order)
            before = [i for i, s in enumerate(report.sections)
                      if s.id in order and order.index(s.id) < wanted]
            index = before[-1] if before else None
        (placed.setdefault(index, []) if index is not None else leading).append(grid)
    parts = tuple(Part(section.title.value.strip(), paragraphs(section.body),
                       tuple(placed.get(i, ())))
                  for i, section in enumerate(report.sections))
    title = report.meta.get("title")
    return Document(
        str(title.value).strip() if title is not None and title.value else "",
        paragraphs(report.intro), tuple(leading), parts, closing_lines(report),
        signature(report),
        {t: spec.tables[t].stub for t in grids})


# --- tables -----------------------------------------------------------------------------------


def _grid(template: Template, table_id: str, table: Table, compact: bool) -> Grid | None:
    definition = template.tables[table_id]
    layout = template.render.tables[table_id]
    stub = min(layout.stub, 1) if compact else layout.stub
    builder = _Builder(definition, layout, table, stub, template.render.fullwidth)
    body = [row for entry in layout.body for row in builder.rows(entry, 0)]
    if not body:
        return None
    head = tuple(tuple(builder.head_cell(cell) for cell in row) for row in layout.head)
    return Grid(table_id, definition.title.zh, head, tuple(tuple(row) for row in body), stub,
                stub + layout.width)


@record
class _Builder:
    definition: TableDef
    layout: TableLayout
    table: Table
    stub: int
    fullwidth: bool

    @property
    def total(self) -> int:
        return self.stub + self.layout.width

    def text(self, text: str) -> str:
        return printed(text, self.fullwidth)

    def head_cell(self, cell: HeadCell, cols: int | None = None) -> GridCell:
        if cell.column:
            column = self.definition.column(cell.column)
            text = column.label.zh if column else cell.column
        elif cell.label:
            row = self.definition.row(cell.label)
            text = row.label.zh if row else cell.label
        else:
            text = cell.text
        return GridCell(self.text(text), NOTE if cell.note else HEAD, cell.rows,
                        cols if cols is not None else cell.cols)

    def block_head(self, cells: tuple[HeadCell, ...]) -> list[GridCell]:
        """A block's header row; compact, the cells over the label columns become one."""
        full = self.layout.stub + self.layout.width
        if self.stub == self.layout.stub:
            return [self.head_cell(c) for c in cells]
        over_stub = [cell for _, column, cell in place([cells], full) if column < self.layout.stub]
        joined = GridCell(self.text("/".join(c.text for c in map(self.head_cell, over_stub)
                                             if c.text)), HEAD, cols=self.stub)
        return [joined, *(self.head_cell(c) for c in cells[len(over_stub):])]

    def rows(self, entry: Entry, depth: int) -> list[list[GridCell]]:
        if isinstance(entry, RowEntry):
            return self.row(entry.row, depth)
        if isinstance(entry, BlockEntry):
            members = [row for m in entry.members for row in self.rows(m, depth)]
            if not members:
                return []
            rows: list[list[GridCell]] = []
            if entry.caption:
                rows.append([GridCell(self.text(entry.caption), CAPTION, cols=self.total)])
            if entry.head:
                rows.append(self.block_head(entry.head))
            return rows + members
        return self.group(entry, depth)

    def group(self, entry: GroupEntry, depth: int) -> list[list[GridCell]]:
        label = entry.text or self.definition.row(entry.row).label.zh
        if entry.row and entry.row in self.table.rows:
            # the report publishes the subtotal: a row of its own, its items after it
            return self.row(entry.row, depth) + [
                row for m in entry.members for row in self.rows(m, depth)]
        if self.stub - depth >= 2:
            members = [row for m in entry.members for row in self.rows(m, depth + 1)]
            if members:
                members[0].insert(0, GridCell(self.text(label), GROUP, rows=len(members)))
            return members
        members = [row for m in entry.members for row in self.rows(m, depth)]
        if not members:
            return []
        return [[GridCell(self.text(label), GROUP, cols=self.total)], *members]

    def row(self, row_id: str, depth: int) -> list[list[GridCell]]:
        cells = self.table.rows.get(row_id)
        row = self.definition.row(row_id)
        if cells is None or row is None:
            return []  # a row the report lacks is not printed (its absence is the finding)
        printed_row: list[GridCell] = []
        if self.stub:
            printed_row.append(GridCell(self.text(row.label.zh), LABEL,
                                        cols=self.stub - min(depth, self.stub - 1)))
        stretch = self.layout.width - len(row.columns) + 1
        for index, column in enumerate(row.columns):
            printed_row.append(GridCell(cell_text(cells.get(column)), DATA,
                                        cols=stretch if index == len(row.columns) - 1 else 1,
                                        path=f"tables.{self.definition.id}.{row_id}.{column}"))
        return [printed_row]


def cell_text(cell: Cell | None) -> str:
    """A cell as published: its own text (a number keeps its digits), blank when blank."""
    if cell is None or cell.kind == BLANK:
        return ""
    raw = cell.raw.strip()
    if cell.kind == NUMBER and parse_cell(raw) != (NUMBER, cell.value):
        # a YAML spelling no reader of a published form reads as this number (1e3)
        value = cell.value
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return raw


# --- the closing --------------------------------------------------------------------------------


def _prose(report: Report) -> list[Text]:
    texts = [report.intro] if report.intro is not None else []
    return texts + [s.body for s in report.sections if s.body is not None]


def closing_lines(report: Report) -> tuple[str, ...]:
    """Contact lines for the details the prose does not already give (as the importers would
    read them from it), in the pack's order."""
    template = report.template
    patterns = template.recognition.get("contact", {})
    prose = [t.value for t in _prose(report)]
    lines = []
    for line in template.render.contact:
        item = report.contact.get(line.field)
        value = "" if item is None or item.value is None else str(item.value).strip()
        if not value:
            continue
        pattern = patterns.get(line.field)
        if pattern and _first_match(compiled(pattern), prose) == value:
            continue
        lines.append(f"{line.label}：{value}")
    return tuple(lines)


def _first_match(pattern, texts: list[str]) -> str | None:
    for text in texts:
        match = pattern.search(text)
        if match is not None:
            return match.group("value").strip()
    return None


def signature(report: Report) -> tuple[str, ...]:
    """The 落款: the organ over the publication date, when the report has both."""
    published = report.meta.get("published")
    date = _as_date(published.value) if published is not None else None
    organ = _organ(report)
    if date is None or not organ:
        return ()
    spec = report.template.render
    return organ, spec.date.format(year=date.year, month=date.month, day=date.day)


def _organ(report: Report) -> str:
    organ = report.meta.get("organ")
    if organ is not None and isinstance(organ.value, str) and organ.value.strip():
        return organ.value.strip()
    title = report.meta.get("title")
    pattern = report.template.recognition.get("title")
    if title is None or not pattern or not isinstance(title.value, str):
        return ""
    match = compiled(pattern).match(title.value)
    return (match.group("organ") or "").strip() if match else ""


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None
