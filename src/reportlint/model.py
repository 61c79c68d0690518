"""The report model every reader produces and every check reads.

Plain frozen dataclasses (records: reportlint/records.py). A reader never repairs a published
value: a cell keeps the text that was published (`raw`) beside the number read from it (`value`,
None when it is not a number), so a blank stays distinct from 0 and a wrong total stays wrong.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import attrgetter
from collections.abc import Callable

from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.template import Template


@record(frozen=True, slots=True)
class Span:
    """Where a value stands in the file the user edits (1-based line and column).

    `anchor` names a place that has no line, such as a DOCX table cell (`table3:r5:c2`).
    """

    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    anchor: str = ""

    def __post_init__(self) -> None:
        if not self.end_line:
            _set_end_line(self, self.line)
        if not self.end_column:
            _set_end_column(self, self.column)


# The slots' own setters: a Span is made for every value of a report, and object.__setattr__
# looks the name up each time (a sixth of the time of making one).
_set_end_line = Span.__dict__["end_line"].__set__
_set_end_column = Span.__dict__["end_column"].__set__
_SPAN_FIELDS = ("line", "column", "end_line", "end_column", "anchor")
_SPAN_SETTERS = tuple((name, Span.__dict__[name].__set__) for name in _SPAN_FIELDS)
_span_key = attrgetter(*_SPAN_FIELDS)  # a span's fields, as a tuple


class LazySpan(Span):
    """A Span worked out when it is first read, as `make(start, end)`.

    A reader places every table cell, and only the cells a finding names are ever read: making
    each cell's Span up front was a third of building a report from its data. Until a field is
    read, only `make` and its two arguments are kept; the first read fills every field and lets
    them go (a finding kept to the end of a run must not keep its document's stream alive). It
    reads, compares, hashes and pickles as the Span it stands for (it pickles as a plain Span).
    """

    __slots__ = ("_pending",)

    def __init__(self, make: Callable[[Any, Any], Span], start: Any, end: Any) -> None:
        _set_pending(self, (make, start, end))  # one slot: a LazySpan is made for every cell

    def __getattr__(self, name: str) -> Any:  # only for a field not yet filled
        if name not in _SPAN_FIELDS:
            raise AttributeError(name)
        make, start, end = _get_pending(self)
        span = make(start, end)
        for field_name, setter in _SPAN_SETTERS:
            setter(self, getattr(span, field_name))
        _set_pending(self, None)
        return getattr(span, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Span):
            return _span_key(self) == _span_key(other)
        return NotImplemented

    __hash__ = Span.__hash__  # of the fields, as for the Span it equals

    def __reduce__(self) -> tuple[type[Span], tuple[Any, ...]]:
        return Span, _span_key(self)


_set_pending = LazySpan.__dict__["_pending"].__set__
_get_pending = LazySpan.__dict__["_pending"].__get__
FILE_START = Span(1, 1)
# The end of the anchor of a value recognised by OCR (readers/ocr.py): `p1:table2:r4:c3:ocr`.
OCR_MARK = ":ocr"


@record(frozen=True, slots=True)
class Value:
    """A scalar with its position and its data path (e.g. `meta.year`)."""

    value: Any
    span: Span
    path: str
    raw: str = ""


@record(frozen=True, slots=True)
class Text:
    """Prose with a map from character offsets back to source positions.

    `anchors` holds (offset, line, column) triples, one wherever the text continues on a new
    source line; offsets in between advance the column one character at a time. Where the text
    runs over places without lines (DOCX paragraphs), an entry has a fourth element: the
    `Span.anchor` of the place it continues in.
    """

    value: str
    span: Span
    path: str
    anchors: tuple[tuple[int, int, int] | tuple[int, int, int, str], ...] = ()

    def locate(self, start: int, end: int | None = None) -> Span:
        """The span of `value[start:end]` in the source."""
        line, column, anchor = self._point(start)
        if end is None or end <= start:
            return Span(line, column, line, column, anchor)
        end_line, end_column, _ = self._point(end)
        return Span(line, column, end_line, end_column, anchor)

    def _point(self, offset: int) -> tuple[int, int, str]:
        if not self.anchors:
            return self.span.line, self.span.column + offset, self.span.anchor
        index = bisect_right(self.anchors, (offset, 1 << 62, 0)) - 1
        if index < 0:
            return self.span.line, self.span.column, self.span.anchor
        base, line, column, *place = self.anchors[index]
        return line, column + (offset - base), place[0] if place else self.span.anchor


# How a published cell reads.
NUMBER = "number"  # a number: `value` holds it
BLANK = "blank"  # nothing was published in the cell
PLACEHOLDER = "placeholder"  # "/", "—", "无" and the like: not a number, not zero either
TEXT = "text"  # anything else


@record(frozen=True, slots=True)
class Cell:
    """One published cell of a template table (`table`, `row` and `column` are template ids)."""

    table: str
    row: str
    column: str
    kind: str
    raw: str
    span: Span
    value: int | float | None = None

    @property
    def path(self) -> str:
        """Its data path, `tables.table3.granted.natural`: worked out when read, since a reader
        makes a cell for every number of a report and only a finding's cell is ever named."""
        return f"tables.{self.table}.{self.row}.{self.column}"


@record(frozen=True, slots=True)
class Table:
    """One template table as published: cells by row id, then column id.

    A row or column the source lacks is simply absent; `extra_rows` keeps published rows the
    template does not know, with their label and position, and `extra_cells` values published
    beyond a row's columns.
    """

    id: str
    span: Span
    path: str
    rows: dict[str, dict[str, Cell]]
    row_spans: dict[str, Span] = field(default_factory=dict)
    extra_rows: tuple[Value, ...] = ()
    extra_cells: tuple[Value, ...] = ()  # value: (row label, published text)

    def cell(self, row: str, column: str) -> Cell | None:
        return self.rows.get(row, {}).get(column)


@record(frozen=True, slots=True)
class Section:
    """A numbered top-level section; `id` is the template section its title matched, if any."""

    title: Text
    body: Text | None
    id: str | None
    span: Span
    path: str
    tables: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class Report:
    path: str
    form: str  # yaml, json, text, html, docx
    template: Template
    meta: dict[str, Value | Text]  # the title is Text, so a year inside it can be located
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    contact: dict[str, Value]
    intro: Text | None = None
    span: Span = FILE_START
    # Last year's report of the same organ, attached by the engine (--previous or pairing).
    previous: Report | None = None

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def rests_on_ocr(self, span: Span, paths: tuple[str, ...]) -> bool:
        """Whether a place, or a value at one of the data paths, was recognised by OCR; a
        table's identities rest on all its cells, so any OCR cell of the table counts."""
        if span.anchor.endswith(OCR_MARK):
            return True
        if self.form != "pdf":  # only PDF pages are read by OCR (readers/pdflayout.py)
            return False
        for path in paths:
            parts = path.split(".")
            table = self.tables.get(parts[1]) if parts[0] == "tables" and len(parts) > 1 else None
            if table is not None and any(cell.span.anchor.endswith(OCR_MARK)
                                         for cells in table.rows.values() for cell in cells.values()):
                return True
        return False

    def prose(self) -> list[Text]:
        """Every piece of prose in document order: the title, the intro and section bodies."""
        texts: list[Text] = []
        title = self.meta.get("title")
        if isinstance(title, Text):
            texts.append(title)
        if self.intro is not None:
            texts.append(self.intro)
        texts.extend(s.body for s in self.sections if s.body is not None)
        return texts
