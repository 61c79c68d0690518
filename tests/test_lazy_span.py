"""model.LazySpan: a cell's place worked out when first read, and then the very Span a reader
would have made at once, wherever a Span goes (compared, hashed, pickled, copied, written)."""

from __future__ import annotations

import copy
import gc
import pickle
import weakref

import pytest

from reportlint import yamlsource
from reportlint.model import LazySpan, Span
from reportlint.packs.load import load_packs
from reportlint.readers import read_report
from reportlint.records import FrozenInstanceError
from tests.helpers import ROOT

_MADE: list[tuple[int, int | None]] = []


def _place(start: int, end: int | None) -> Span:
    _MADE.append((start, end))
    return Span(3, start, 3, end or start, "p1")


def test_a_lazy_span_is_made_when_first_read_and_only_once():
    _MADE.clear()
    span = LazySpan(_place, 7, 9)
    assert _MADE == []
    assert (span.line, span.column, span.end_line, span.end_column, span.anchor) == (3, 7, 3, 9, "p1")
    assert span.end_column == 9 and _MADE == [(7, 9)]


def test_a_lazy_span_once_read_keeps_nothing_of_where_it_came_from():
    class Document:  # a stream: large, and only needed until its spans are read
        def span(self, start: int, end: int | None) -> Span:
            return Span(1, start, 1, end or start)

    document = Document()
    lazy = LazySpan(document.span, 4, 6)
    alive = weakref.ref(document)
    del document
    assert alive() is not None  # the unread span still needs it
    assert lazy.column == 4
    gc.collect()
    assert alive() is None and lazy == Span(1, 4, 1, 6)


def test_a_lazy_span_equals_hashes_and_pickles_as_its_span():
    eager = Span(3, 7, 3, 9, "p1")
    lazy = LazySpan(_place, 7, 9)
    assert lazy == eager and eager == lazy and not (lazy != eager) and not (eager != lazy)
    assert LazySpan(_place, 7, 9) == LazySpan(_place, 7, 9)
    assert lazy != Span(3, 7, 3, 10, "p1") and Span(3, 7, 3, 10, "p1") != lazy
    assert hash(LazySpan(_place, 7, 9)) == hash(eager)
    assert {eager: "found"}[LazySpan(_place, 7, 9)] == "found"
    for twin in (pickle.loads(pickle.dumps(LazySpan(_place, 7, 9))), copy.copy(lazy),
                 copy.deepcopy(LazySpan(_place, 7, 9))):
        assert type(twin) is Span and twin == eager
    assert (lazy == (3, 7, 3, 9, "p1")) is False


def test_a_lazy_span_is_frozen_and_has_only_a_spans_fields():
    lazy = LazySpan(_place, 7, 9)
    with pytest.raises(FrozenInstanceError):
        lazy.line = 4
    with pytest.raises(AttributeError):
        lazy.width  # noqa: B018 - no such field: not worked out, not invented
    assert lazy.line == 3  # the refused read made nothing up


def test_yaml_cells_are_placed_lazily_where_their_values_stand():
    path = ROOT / "examples" / "shiqiao-2024.yaml"
    data = path.read_bytes()
    report = read_report(str(path), data, load_packs(), None).report
    assert report is not None
    tables = yamlsource.compose(data.decode("utf-8")).root.get("tables")
    cells = [cell for table in report.tables.values() for row in table.rows.values()
             for cell in row.values()]
    assert len(cells) > 100 and all(isinstance(cell.span, LazySpan) for cell in cells)
    for cell in cells:
        row = tables.get(cell.table).get(cell.row)
        node = row.get(cell.column) if isinstance(row, yamlsource.Mapping) else \
            row.items[report.template.tables[cell.table].row(cell.row).columns.index(cell.column)]
        assert cell.span == node.span, cell.path


def test_stream_cells_are_placed_lazily_as_the_stream_places_them():
    lines = ["2023年东东镇政府信息公开工作年度报告", "二、主动公开政府信息情况",
             "规章 | 0 | 1 | 2", "行政规范性文件 | 3 |  | 4"]
    text = "\n".join(lines) + "\n"
    report = read_report("report.md", text.encode("utf-8"), load_packs(), None).report
    assert report is not None
    cells = [cell for table in report.tables.values() for row in table.rows.values()
             for cell in row.values()]
    assert len(cells) == 6 and all(isinstance(cell.span, LazySpan) for cell in cells)
    placed = [(cell.raw, cell.span.line, lines[cell.span.line - 1][cell.span.column - 1:])
              for cell in cells]
    assert [(raw, line, rest[:len(raw)]) for raw, line, rest in placed] == [
        ("0", 3, "0"), ("1", 3, "1"), ("2", 3, "2"), ("3", 4, "3"), ("", 4, ""), ("4", 4, "4")]
    assert placed[4][2] == "| 4"  # a blank cell stands at the mark that closes it
