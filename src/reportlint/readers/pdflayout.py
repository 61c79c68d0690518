"""Page layout -> blocks: text lines, paragraphs and ruled tables of PDF pages.

The geometry, in the order it is applied:

- glyphs drawn twice at (almost) the same place, as fake bold does, are read once;
- every run of text at its own height is a line; lines are numbered from the top of each page
  (headers, footers and table rows included), which gives the `page:line` of every position;
- tables are found from their ruling lines: horizontal and vertical lines that cross form a
  grid, a missing line between two grid cells merges them (colspan, rowspan), and each glyph
  belongs to the cell its centre is in (the same cells HTML and Word tables give);
- a line repeated at the same height on most pages near the top or bottom edge (a running
  header, `第 3 页 共 9 页`, `- 3 -`) is a header or footer and is dropped;
- a table that ends a page and a table of the same columns that starts the next are one table;
  header rows the continuation repeats are dropped;
- a line that runs to the right edge of the text continues in the next line (a wrapped
  paragraph), unless the next one starts a numbered heading.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

import regex

from reportlint.labels import NUMERALS
from reportlint.model import OCR_MARK, Span
from reportlint.readers.blocks import Block, CellText, Paragraph, TableBlock
from reportlint.readers.pdfpage import Glyph, PageContent, Ruling
from reportlint.records import field, record, replace

SNAP = 3.5  # points: ruling lines closer than this are one line (double borders, line width)
EDGE_BAND = 0.12  # share of the page height at the top and bottom where headers and footers are
_PAGE_NUMBER = regex.compile(
    r"^\s*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|(?:page\s*)?\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$", regex.I)
_HEADING_START = regex.compile(rf"^\s*(?:[{NUMERALS}]+\s*[、.．]|[（(][{NUMERALS}]+[）)])")


# --- lines ------------------------------------------------------------------------------------


@record
class Line:
    glyphs: list[Glyph]
    number: int = 0  # on its page

    @property
    def y0(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def y1(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def height(self) -> float:
        return max(g.height for g in self.glyphs)

    @property
    def text(self) -> str:
        return line_text(self.glyphs)


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The glyphs of one line, left to right, a space where the print leaves one."""
    out: list[str] = []
    pending_space = False
    previous: Glyph | None = None
    for glyph in glyphs:
        if glyph.text.isspace():
            pending_space = True
            continue
        if previous is not None and (pending_space or glyph.x0 - previous.x1 >
                                     0.45 * max(glyph.height, previous.height)) \
                and _spaced(previous.text[-1]) and _spaced(glyph.text[0]):
            out.append(" ")  # between Chinese characters a gap is print, not a space
        out.append(glyph.text)
        previous, pending_space = glyph, False
    return "".join(out)


def _spaced(char: str) -> bool:
    return ord(char) < 0x2E80  # not CJK: letters, digits, Latin punctuation


def group_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs in lines, top to bottom, each left to right. A glyph joins the line it overlaps
    vertically by at least half its height."""
    lines: list[list[Glyph]] = []
    bottom = top = 0.0
    for glyph in sorted(glyphs, key=lambda g: (g.middle, g.x0)):
        if lines and glyph.y0 < bottom - 0.5 * min(glyph.height, bottom - top):
            lines[-1].append(glyph)
            bottom = max(bottom, glyph.y1)
            continue
        lines.append([glyph])
        top, bottom = glyph.y0, glyph.y1
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def without_doubles(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Fake bold draws a glyph twice, a fraction of a point apart: keep one."""
    kept: list[Glyph] = []
    recent: dict[str, list[Glyph]] = {}
    for glyph in glyphs:
        twins = recent.setdefault(glyph.text, [])
        near = 0.1 * glyph.height  # fake bold offsets by ~0.03 em; "ll" stands ~0.25 em apart
        if not glyph.text.isspace() and any(
                abs(t.x0 - glyph.x0) < near and abs(t.y0 - glyph.y0) < near for t in twins[-4:]):
            continue
        twins.append(glyph)
        kept.append(glyph)
    return kept


# --- tables from ruling lines -----------------------------------------------------------------


@record
class GridCell:
    row: int
    column: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]
    glyphs: list[Glyph] = field(default_factory=list)


@record
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    owner: dict[tuple[int, int], int]  # (row, column) of every grid square -> index in cells
    lines: tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]  # drawn

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> GridCell | None:
        column = bisect_right(self.xs, x) - 1
        row = bisect_right(self.ys, y) - 1
        index = self.owner.get((row, column))
        return self.cells[index] if index is not None else None


def _snap(values: list[float]) -> list[float]:
    """Positions closer than SNAP merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _merge_segments(rulings: list[Ruling], horizontal: bool) -> list[tuple[float, float, float]]:
    """(position, start, end) of the lines, collinear overlapping pieces joined."""
    pieces = sorted(((r.y0, r.x0, r.x1) if horizontal else (r.x0, r.y0, r.y1))
                    for r in rulings if r.horizontal is horizontal)
    merged: list[list[float]] = []
    for position, start, end in pieces:
        for line in reversed(merged[-8:]):
            if abs(line[0] - position) <= SNAP and start <= line[2] + SNAP and end >= line[1] - SNAP:
                line[1], line[2] = min(line[1], start), max(line[2], end)
                break
        else:
            merged.append([position, start, end])
    return [(p, s, e) for p, s, e in merged]


def find_grids(rulings: list[Ruling]) -> list[Grid]:
    """Tables drawn with ruling lines: each set of crossing lines with at least two rows and
    two columns of cells."""
    horizontals = _merge_segments(rulings, True)
    verticals = _merge_segments(rulings, False)
    if len(horizontals) < 3 or len(verticals) < 3:
        return []
    parent = list(range(len(horizontals) + len(verticals)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h, (y, x0, x1) in enumerate(horizontals):
        for v, (x, y0, y1) in enumerate(verticals):
            if x0 - SNAP <= x <= x1 + SNAP and y0 - SNAP <= y <= y1 + SNAP:
                parent[root(h)] = root(len(horizontals) + v)
    components: dict[int, tuple[list[int], list[int]]] = {}
    for h in range(len(horizontals)):
        components.setdefault(root(h), ([], []))[0].append(h)
    for v in range(len(verticals)):
        components.setdefault(root(len(horizontals) + v), ([], []))[1].append(v)
    # A column line of a table cut by a page break can cross no row line (a merged cell's
    # side): it belongs to the table whose column lines start and end where it does.
    for key, (hs, vs) in list(components.items()):
        if hs or len(vs) != 1:
            continue
        _, top, bottom = verticals[vs[0]]
        home = next((other_vs for other_hs, other_vs in components.values()
                     if other_hs and abs(min(verticals[v][1] for v in other_vs) - top) <= SNAP
                     and abs(max(verticals[v][2] for v in other_vs) - bottom) <= SNAP), None)
        if home is not None:
            home.append(vs[0])
            del components[key]
    grids = []
    for hs, vs in components.values():
        grid = _grid([horizontals[i] for i in hs], [verticals[i] for i in vs])
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0])


def _grid(horizontals: list[tuple[float, float, float]],
          verticals: list[tuple[float, float, float]], columns: list[float] | None = None
          ) -> Grid | None:
    """The grid of one table's lines; `columns` gives the column lines of the whole table
    when it runs over several pages (a page may lack a line only some rows draw)."""
    if len(horizontals) < 2 or len(verticals) < 2:
        return None
    drawn_lines = (horizontals, verticals)
    ys = _snap([h[0] for h in horizontals])
    xs = columns or _snap([v[0] for v in verticals])
    # A table broken by a page ends without its rule: its column lines run on past the last
    # row line, to the edge of the fragment. That edge closes the row.
    top, bottom = min(v[1] for v in verticals), max(v[2] for v in verticals)
    if top < ys[0] - SNAP:
        ys.insert(0, top)
        horizontals = [*horizontals, (top, xs[0], xs[-1])]
    if bottom > ys[-1] + SNAP:
        ys.append(bottom)
        horizontals = [*horizontals, (bottom, xs[0], xs[-1])]
    if len(ys) < 3 or len(xs) < 3:
        return None  # a box around a paragraph, or a single rule: not a table

    def drawn(lines: list[tuple[float, float, float]], at: float, across: float) -> bool:
        return any(abs(p - at) <= SNAP and s - SNAP <= across <= e + SNAP for p, s, e in lines)

    rows, columns = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def root(key: tuple[int, int]) -> tuple[int, int]:
        while parent[key] != key:
            key = parent[key]
        return key

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            middle_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < columns and not drawn(verticals, xs[c + 1], middle_y):
                parent[root((r, c + 1))] = root((r, c))
            if r + 1 < rows and not drawn(horizontals, ys[r + 1], middle_x):
                parent[root((r + 1, c))] = root((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    cells: list[GridCell] = []
    owner: dict[tuple[int, int], int] = {}
    for members in sorted(groups.values(), key=min):
        top, left = min(r for r, _ in members), min(c for _, c in members)
        bottom, right = max(r for r, _ in members), max(c for _, c in members)
        for key in members:
            owner[key] = len(cells)
        cells.append(GridCell(top, left, bottom - top + 1, right - left + 1,
                              (xs[left], ys[top], xs[right + 1], ys[bottom + 1])))
    return Grid(xs, ys, cells, owner, drawn_lines)


# --- one page ---------------------------------------------------------------------------------


@record
class PageTable:
    grid: Grid
    top: float
    bottom: float
    number: int = 0  # in the document, set when tables are joined


@record
class PageLayout:
    page: PageContent
    items: list[Line | PageTable]  # top to bottom
    line_tops: list[float]  # y of every numbered line, for the line number of a place

    def line_at(self, y: float) -> int:
        """The number of the line at (or, between lines, just below) height y."""
        return max(1, min(bisect_left(self.line_tops, y - 0.5), len(self.line_tops)) or 1)


def _place_in_cell(glyph: Glyph, grids: list[Grid]) -> bool:
    """Put the glyph in the cell its centre is in. A glyph that sticks out of a table cut by
    the page edge (a merged cell's text centred over both pages) goes to the edge cell."""
    for grid in grids:
        x0, y0, x1, y1 = grid.box
        if x0 <= glyph.centre <= x1 and y0 - glyph.height / 2 <= glyph.middle <= y1 + glyph.height / 2:
            cell = grid.cell_at(glyph.centre, min(max(glyph.middle, y0 + 0.01), y1 - 0.01))
            if cell is not None:
                cell.glyphs.append(glyph)
                return True
    return False


def lay_out(page: PageContent) -> PageLayout:
    glyphs = without_doubles(page.glyphs)
    numbered = group_lines(glyphs)
    line_of = {id(g): n for n, line in enumerate(numbered, 1) for g in line}
    tops = [min(g.y0 for g in line) for line in numbered]
    grids = find_grids(page.rulings)
    flow = [glyph for glyph in glyphs if not _place_in_cell(glyph, grids)]
    items: list[Line | PageTable] = []
    for glyph_line in group_lines(flow):
        if any(not glyph.text.isspace() for glyph in glyph_line):
            items.append(Line(glyph_line, line_of[id(glyph_line[0])]))
    for grid in grids:
        if any(cell.glyphs for cell in grid.cells):
            items.append(PageTable(grid, grid.ys[0], grid.ys[-1]))
        # an empty ruled grid (a form left blank, a decoration) has nothing to read
    items.sort(key=lambda item: item.y0 if isinstance(item, Line) else item.top)
    return PageLayout(page, items, tops)


# --- headers and footers ----------------------------------------------------------------------


def _edge_key(line: Line, page: PageContent) -> tuple[str, int] | None:
    if page.height <= 0:
        return None
    if line.y1 > page.height * EDGE_BAND and line.y0 < page.height * (1 - EDGE_BAND):
        return None
    return regex.sub(r"\d+", "#", regex.sub(r"\s+", "", line.text)), round(line.y0 / 6)


def drop_headers_and_footers(layouts: list[PageLayout]) -> None:
    """Remove page numbers and running headers and footers, before any other reading."""
    counts: Counter[tuple[str, int]] = Counter()
    for layout in layouts:
        counts.update({key for item in layout.items if isinstance(item, Line)
                       and (key := _edge_key(item, layout.page)) is not None})
    recurring = max(2, (len(layouts) + 1) // 2)
    for layout in layouts:
        kept: list[Line | PageTable] = []
        for item in layout.items:
            if isinstance(item, Line):
                key = _edge_key(item, layout.page)
                if key is not None and (counts[key] >= recurring or _PAGE_NUMBER.match(item.text)):
                    continue
            kept.append(item)
        layout.items = kept


# --- tables over page breaks ------------------------------------------------------------------


def _same_columns(first: Grid, second: Grid) -> bool:
    """The same outer edges, and most column lines of one in the other (a page of the table
    may lack a line that only some rows draw)."""
    if abs(first.xs[0] - second.xs[0]) > 2 * SNAP or abs(first.xs[-1] - second.xs[-1]) > 2 * SNAP:
        return False
    fewer, more = sorted((first.xs, second.xs), key=len)
    shared = sum(1 for x in fewer if any(abs(x - y) <= 2 * SNAP for y in more))
    return shared * 10 >= len(fewer) * 8


def common_columns(tables: list[PageTable]) -> None:
    """Give the pages of one table the same grid columns, so a column keeps its number and a
    merged cell its width from page to page; the glyphs go to the new cells."""
    columns = _snap([x for table in tables for x in table.grid.xs])
    for table in tables:
        if len(table.grid.xs) == len(columns):
            continue
        regrid = _grid(*table.grid.lines, columns=columns)
        if regrid is None:
            continue
        for cell in table.grid.cells:
            for glyph in cell.glyphs:
                _place_in_cell(glyph, [regrid])
        table.grid = regrid


def _row_texts(grid: Grid, row: int) -> list[str]:
    return [cell_text(c) for c in grid.cells if c.row == row]


def repeated_header_rows(first: Grid, second: Grid) -> int:
    """How many rows at the top of `second` repeat the top rows of `first`."""
    count = 0
    rows = len(second.ys) - 1
    while count < rows - 1 and count < len(first.ys) - 2:
        texts = _row_texts(second, count)
        if not any(texts) or texts != _row_texts(first, count):
            break
        count += 1
    return count


def number_tables(layouts: list[PageLayout]) -> list[tuple[PageTable, PageTable]]:
    """Number the tables of the document; a table that ends a page and one of the same
    columns that starts the next are one table. Returns (first part, continuation) pairs."""
    continued: list[tuple[PageTable, PageTable]] = []
    number = 0
    previous: PageTable | None = None
    first: dict[int, PageTable] = {}
    for layout in layouts:
        tables = [item for item in layout.items if isinstance(item, PageTable)]
        for index, table in enumerate(tables):
            first_on_page = index == 0 and layout.items and layout.items[0] is table
            if first_on_page and previous is not None and _same_columns(previous.grid, table.grid):
                table.number = previous.number
                continued.append((first[table.number], table))
            else:
                number += 1
                table.number = number
                first[number] = table
        last = layout.items[-1] if layout.items else None
        previous = last if isinstance(last, PageTable) else None
    return continued


# --- blocks -----------------------------------------------------------------------------------


def cell_text(cell: GridCell) -> str:
    return "\n".join(line_text(line) for line in group_lines(cell.glyphs))


def _place(page: int, line: int, anchor: str) -> Span:
    return Span(page, line, anchor=anchor)


def _paragraph(lines: list[tuple[Line, int, str]]) -> Paragraph:
    """Wrapped lines as one paragraph; every character keeps its page and line."""
    chars: list[str] = []
    anchors: list[tuple[int, int, int, str]] = []
    for line, page, suffix in lines:
        text = line.text
        place = f"p{page}:l{line.number}{suffix}"
        if chars and chars[-1].isascii() and chars[-1].isalnum() and text[:1].isascii() \
                and text[:1].isalnum():
            anchors.append((len(chars), page, line.number, place))
            chars.append(" ")
        for char in text:
            anchors.append((len(chars), page, line.number, place))
            chars.append(char)
    first_line, first_page, _ = lines[0]
    return Paragraph("".join(chars), _place(first_page, first_line.number, anchors[0][3]),
                     tuple(anchors))  # type: ignore[arg-type]


def _table_rows(table: PageTable, layout: PageLayout, skip: int, suffix: str
                ) -> list[list[tuple[CellText, GridCell]]]:
    page = layout.page.number
    rows: list[list[tuple[CellText, GridCell]]] = []
    for row in range(skip, len(table.grid.ys) - 1):
        cells = []
        for cell in table.grid.cells:
            if cell.row != row:
                continue
            text = cell_text(cell)
            line = layout.line_at(min((g.y0 for g in cell.glyphs), default=(cell.box[1] + cell.box[3]) / 2))
            anchor = f"p{page}:table{table.number}:r{row + 1}:c{cell.column + 1}{suffix}"
            cells.append((CellText(text, _place(page, line, anchor), cell.colspan,
                                   min(cell.rowspan, len(table.grid.ys) - 1 - row)), cell))
        rows.append(cells)
    return rows


class _OpenTable:
    """A table being collected, possibly over several pages."""

    def __init__(self, rows: list[list[tuple[CellText, GridCell]]], span: Span) -> None:
        self.rows = rows
        self.span = span

    def continue_with(self, rows: list[list[tuple[CellText, GridCell]]]) -> None:
        """Join the next page's part: a row the break cut in two (Word lets rows break) is
        one row, and a merged cell the break cut continues its rowspan."""
        if not rows or not self.rows:
            self.rows.extend(rows)
            return
        reaching = self._cells_reaching_the_end()
        first, *rest = rows
        # a cut row: the same cells, and text on both sides of the cut in one of them at
        # most (a wrapped label); a row after a header row has text under every heading
        if [(g.column, g.colspan) for _, g in first] == sorted(reaching) and sum(
                1 for cell, g in first
                if cell.text and self._cell(reaching[(g.column, g.colspan)]).text) <= 1:
            for cell, g in first:  # the rest of a cut row: its text joins each cell's
                if cell.text:
                    row, index = reaching[(g.column, g.colspan)]
                    above, above_grid = self.rows[row][index]
                    joined = "\n".join(t for t in (above.text, cell.text) if t)
                    self.rows[row][index] = (replace(above, text=joined), above_grid)
            self.rows.extend(rest)
            return
        own = []
        for cell, g in first:
            place = reaching.get((g.column, g.colspan))
            if place is not None and not cell.text and self._cell(place).rowspan > 1:
                row, index = place
                above, above_grid = self.rows[row][index]
                self.rows[row][index] = (replace(above, rowspan=above.rowspan + cell.rowspan),
                                         above_grid)
            else:
                own.append((cell, g))
        self.rows.append(own)
        self.rows.extend(rest)

    def _cell(self, place: tuple[int, int]) -> CellText:
        return self.rows[place[0]][place[1]][0]

    def _cells_reaching_the_end(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(column, colspan) -> (row, index) of the cells that reach the last row."""
        found = {}
        count = len(self.rows)
        for row, cells in enumerate(self.rows):
            for index, (cell, grid_cell) in enumerate(cells):
                if row + cell.rowspan == count:
                    found[(grid_cell.column, grid_cell.colspan)] = (row, index)
        return found

    def block(self) -> TableBlock:
        return TableBlock(tuple(tuple(cell for cell, _ in row) for row in self.rows), self.span)


def _right_edge(layouts: list[PageLayout]) -> float:
    edges = sorted(item.x1 for layout in layouts for item in layout.items
                   if isinstance(item, Line) and len(item.glyphs) >= 8)
    return edges[int(len(edges) * 0.9)] if edges else 0.0


def blocks_of(pages: list[PageContent]) -> list[Block]:
    """The blocks of the pages, in reading order."""
    layouts = [lay_out(page) for page in pages]
    drop_headers_and_footers(layouts)
    continued = number_tables(layouts)
    parts: dict[int, list[PageTable]] = {}
    for layout in layouts:
        for item in layout.items:
            if isinstance(item, PageTable):
                parts.setdefault(item.number, []).append(item)
    for tables in parts.values():
        if len(tables) > 1:
            common_columns(tables)
    continuations = {id(table): repeated_header_rows(previous.grid, table.grid)
                     for previous, table in continued}
    right = _right_edge(layouts)
    blocks: list[Block] = []
    pending: list[tuple[Line, int, str]] = []
    open_table: _OpenTable | None = None

    def flush() -> None:
        if pending:
            blocks.append(_paragraph(pending))
            pending.clear()

    def close_table() -> None:
        nonlocal open_table
        if open_table is not None:
            blocks.append(open_table.block())
            open_table = None

    for layout in layouts:
        suffix = OCR_MARK if layout.page.ocr else ""
        for item in layout.items:
            if isinstance(item, PageTable):
                flush()
                skip = continuations.get(id(item))
                rows = _table_rows(item, layout, skip or 0, suffix)
                if skip is not None and open_table is not None:
                    open_table.continue_with(rows)
                    continue
                close_table()
                number = layout.page.number
                open_table = _OpenTable(rows, _place(number, layout.line_at(item.top),
                                                     f"p{number}:table{item.number}{suffix}"))
                continue
            close_table()
            if pending and _HEADING_START.match(item.text):
                flush()
            pending.append((item, layout.page.number, suffix))
            if not right or item.x1 < right - 1.5 * item.height:
                flush()
        # a table at the end of a page stays open: the next page may continue it
    flush()
    close_table()
    return blocks
