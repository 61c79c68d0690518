"""How a pack's report is printed: the `render` section of its template.yaml, as plain data.

The national template prints its tables with merged header cells and grouped row labels
(表三: 申请人情况 over the applicant columns, 三、本年度办理结果 beside the result rows, (三)不予公开
beside its eight reasons). That layout is pack data, read here into plain types that
`reportlint render` lays out and `reportlint new` fills; a table without a layout gets a plain
one derived from its rows and columns, so a new pack renders without new code.

A table layout has `stub` columns of row labels left of the data columns, `head` rows (cells
with `rows`/`cols` spans), and `body` entries:

- a row id: the row's label, then its data cells (the last one stretches to the table's width);
- `{group: TEXT-or-ROW-ID, rows: [...]}`: a label spanning its members' rows in the stub, or,
  when the report has the subtotal row the group names (or the stub has no room), a row of its
  own followed by its members;
- `{block: CAPTION, head: [cells], rows: [...]}`: a caption row and a header row across the
  table before its members (the four blocks of 表二).

A bad layout is a PackError when the pack loads, never a wrong document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record(frozen=True)
class HeadCell:
    """A header cell: literal `text`, or the label of a `column` or of a row (`label`)."""

    text: str = ""
    column: str = ""
    label: str = ""
    rows: int = 1
    cols: int = 1
    note: bool = False  # descriptive text (表三's 勾稽关系 note), not a column header


@record(frozen=True)
class RowEntry:
    row: str


@record(frozen=True)
class GroupEntry:
    text: str  # printed label when the group is no row of the template
    row: str  # the subtotal row the group names, or ""
    members: tuple[Entry, ...]


@record(frozen=True)
class BlockEntry:
    caption: str
    head: tuple[HeadCell, ...]
    members: tuple[Entry, ...]


Entry = RowEntry | GroupEntry | BlockEntry


@record(frozen=True)
class TableLayout:
    stub: int  # label columns
    width: int  # data columns
    head: tuple[tuple[HeadCell, ...], ...]
    body: tuple[Entry, ...]


@record(frozen=True)
class ContactLine:
    field: str
    label: str


@record(frozen=True)
class CarryRule:
    """A value `reportlint new` takes from last year's report: (table, row[, column])."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    note: str = ""


@record(frozen=True)
class RenderSpec:
    """The `render` section: table layouts, and the texts `new` and the closing print."""

    tables: dict[str, TableLayout] = field(default_factory=dict)
    title: str = ""  # e.g. "{organ}{year}年政府信息公开工作年度报告"
    intro: str = ""  # with {parts}, {count}, {year}
    fullwidth: bool = False  # print labels with full-width （）：，“” as the template does
    contact: tuple[ContactLine, ...] = ()  # the closing's contact lines, in this order
    date: str = "{year}年{month}月{day}日"  # the date of the 落款
    section_notes: dict[str, str] = field(default_factory=dict)  # what `new` says to write
    carry: tuple[CarryRule, ...] = ()  # what `new` takes from last year's report


class LayoutError(ValueError):
    """A layout that cannot be printed; the message names the table and the problem."""


# --- reading the pack data ----------------------------------------------------------------------


def read_spec(data: Mapping[str, Any] | None, tables: Mapping[str, Any]) -> RenderSpec:
    """The render section; `tables` maps table id -> TableDef (rows and columns)."""
    data = data or {}
    layouts = {}
    for table_id, definition in tables.items():
        given = data.get("tables", {}).get(table_id)
        layout = _table(given, definition) if given else default_layout(definition)
        check_layout(table_id, definition, layout)
        layouts[table_id] = layout
    unknown = sorted(set(data.get("tables", {})) - set(tables))
    if unknown:
        raise LayoutError(f"render: layout for unknown table(s) {unknown}")
    return RenderSpec(
        layouts, data.get("title", ""), data.get("intro", ""), bool(data.get("fullwidth", False)),
        tuple(ContactLine(item["field"], item["label"]) for item in data.get("contact", ())),
        data.get("date", RenderSpec.date), dict(data.get("section_notes", {})),
        tuple(_carry(item, tables) for item in data.get("carry", ())))


def _carry(item: Mapping[str, Any], tables: Mapping[str, Any]) -> CarryRule:
    rule = CarryRule(tuple(item["from"].split(".")), tuple(item["to"].split(".")),
                     item.get("note", ""))
    for path in (rule.source, rule.target):
        definition = tables.get(path[0])
        row = definition.row(path[1]) if definition is not None and len(path) > 1 else None
        if row is None or len(path) > 3 or (len(path) == 3 and path[2] not in row.columns):
            raise LayoutError(f"render: carry names {'.'.join(path)}, which is no row or "
                              "cell of the template (table.row or table.row.column)")
    return rule


def _cell(item: Any) -> HeadCell:
    if isinstance(item, str):
        return HeadCell(text=item)
    return HeadCell(item.get("text", ""), item.get("column", ""), item.get("label", ""),
                    item.get("rows", 1), item.get("cols", 1), bool(item.get("note", False)))


def _entry(item: Any, definition: Any) -> Entry:
    if isinstance(item, str):
        return RowEntry(item)
    members = tuple(_entry(member, definition) for member in item["rows"])
    if "block" in item:
        return BlockEntry(item["block"], tuple(_cell(c) for c in item.get("head", ())), members)
    group = item["group"]
    is_row = definition.row(group) is not None
    return GroupEntry("" if is_row else group, group if is_row else "", members)


def _table(data: Mapping[str, Any], definition: Any) -> TableLayout:
    return TableLayout(data.get("stub", 1), _width(definition),
                       tuple(tuple(_cell(c) for c in row) for row in data.get("head", ())),
                       tuple(_entry(item, definition) for item in data["body"]))


def _width(definition: Any) -> int:
    return max(len(row.columns) for row in definition.rows)


def default_layout(definition: Any) -> TableLayout:
    """One label column; column labels on top (under their group, if they have one); rows
    that use other columns than the first row's go in captioned blocks with their own head."""
    width = _width(definition)
    full = [row for row in definition.rows if len(row.columns) == len(definition.columns)]
    if len(full) == len(definition.rows):
        return TableLayout(1, width, _column_head(definition, definition.columns),
                           tuple(RowEntry(row.id) for row in definition.rows))
    blocks: list[BlockEntry] = []
    for row in definition.rows:
        key = (row.block, row.columns)
        if not blocks or (blocks[-1].caption, _head_columns(blocks[-1])) != key:
            stretch = width - len(row.columns) + 1
            head = (HeadCell(), *(HeadCell(column=c, cols=stretch if i == len(row.columns) - 1
                                           else 1) for i, c in enumerate(row.columns)))
            blocks.append(BlockEntry(row.block, head, ()))
        last = blocks[-1]
        blocks[-1] = BlockEntry(last.caption, last.head, (*last.members, RowEntry(row.id)))
    return TableLayout(1, width, (), tuple(blocks))


def _head_columns(block: BlockEntry) -> tuple[str, ...]:
    return tuple(cell.column for cell in block.head if cell.column)


def _column_head(definition: Any, columns: Sequence[Any]) -> tuple[tuple[HeadCell, ...], ...]:
    if not any(c.group for c in columns):
        return ((HeadCell(), *(HeadCell(column=c.id) for c in columns)),)
    top: list[HeadCell] = [HeadCell(rows=2)]
    under: list[HeadCell] = []
    index = 0
    while index < len(columns):
        group = columns[index].group
        if group is None:
            top.append(HeadCell(column=columns[index].id, rows=2))
            index += 1
            continue
        run = list(columns[index:])
        run = run[:next((i for i, c in enumerate(run) if c.group != group), len(run))]
        top.append(HeadCell(text=group.zh, cols=len(run)))
        under.extend(HeadCell(column=c.id) for c in run)
        index += len(run)
    return (tuple(top), tuple(under))


# --- checking a layout --------------------------------------------------------------------------


def place(rows: Sequence[Sequence[Any]], width: int) -> Iterator[tuple[int, int, Any]]:
    """(grid row, grid column, cell) of every cell, laid out as HTML lays out merged cells;
    raises LayoutError when a row does not fill `width` columns exactly."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            for dr in range(cell.rows):
                for dc in range(cell.cols):
                    taken.add((r + dr, c + dc))
            c += cell.cols
        filled = {column for row_, column in taken if row_ == r}
        if filled != set(range(width)):
            raise LayoutError(f"row {r + 1} of the layout fills columns {sorted(filled)}, "
                              f"not the {width} of the table")


def entries(body: Sequence[Entry]) -> Iterator[Entry]:
    """Every entry of a body, members after their group or block."""
    for entry in body:
        yield entry
        if not isinstance(entry, RowEntry):
            yield from entries(entry.members)


def check_layout(table_id: str, definition: Any, layout: TableLayout) -> None:
    where = f"render: table {table_id}"
    total = layout.stub + layout.width
    try:
        list(place(layout.head, total))
        for entry in entries(layout.body):
            if isinstance(entry, BlockEntry) and entry.head:
                list(place([entry.head], total))
    except LayoutError as error:
        raise LayoutError(f"{where}: {error}") from None
    seen: set[str] = set()
    for entry in entries(layout.body):
        row = entry.row if isinstance(entry, RowEntry | GroupEntry) else ""
        if not row:
            continue
        if definition.row(row) is None:
            raise LayoutError(f"{where}: unknown row {row!r}")
        if row in seen:
            raise LayoutError(f"{where}: row {row!r} is laid out twice")
        seen.add(row)
    missing = [r.id for r in definition.rows if r.id not in seen]
    if missing:
        raise LayoutError(f"{where}: rows {missing} are not laid out (they would never print)")
    cells = [c for row in layout.head for c in row] + [
        c for e in entries(layout.body) if isinstance(e, BlockEntry) for c in e.head]
    for cell in cells:
        if cell.column and definition.column(cell.column) is None:
            raise LayoutError(f"{where}: unknown column {cell.column!r}")
        if cell.label and definition.row(cell.label) is None:
            raise LayoutError(f"{where}: unknown row {cell.label!r}")
    if layout.stub == 0 and len(definition.rows) > 1:
        raise LayoutError(f"{where}: rows without a label column cannot be told apart")


# --- printing labels ----------------------------------------------------------------------------

_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def printed(text: str, fullwidth: bool) -> str:
    """A template label as the national template prints it: full-width （）：， and “” quotes
    (the template's data keeps the normal form the readers compare on)."""
    if not fullwidth:
        return text
    text = text.translate(_FULLWIDTH)
    opened = False
    out = []
    for char in text:
        if char == '"':
            out.append("”" if opened else "“")
            opened = not opened
        else:
            out.append(char)
    return "".join(out)
