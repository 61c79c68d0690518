"""Cell values: counts are non-negative whole numbers; money may have decimals; a blank or a
placeholder is not a number (and is never read as 0)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.checks._cellindex import cell_index
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import BLANK, NUMBER, PLACEHOLDER, TEXT, Cell, Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["flag"],
    "properties": {
        "flag": {"enum": ["text", "placeholder", "negative", "fraction", "not-finite", "too-large"],
                 "description": "Which kind of bad cell the rule reports."},
        "tables": {"type": "array", "items": {"type": "string"}},
        "limit": {"type": "number", "description": "With too-large: the largest plausible value."},
    },
}


def _is(cell: Cell, flag: str, kind: str, params: Mapping[str, Any]) -> bool:
    value = cell.value
    if type(value) is int and flag in _PLAIN_INT_IS_FINE and (value >= 0 or flag != "negative"):
        return False
    if flag == "text":
        return cell.kind == TEXT
    if flag == "placeholder":
        return cell.kind in (BLANK, PLACEHOLDER)
    if cell.kind != NUMBER or value is None:
        return False
    finite = not isinstance(value, float) or math.isfinite(value)
    if flag == "not-finite":
        return not finite
    if not finite:
        return False
    if flag == "negative":
        return value < 0 and kind != "signed"  # signed: a change (trial 本年增/减)
    if flag == "fraction":
        return kind in ("count", "signed") and value != int(value)
    if flag == "too-large":
        return value > params.get("limit", 10**9)
    return False


# A plain non-negative integer (almost every cell) can only be too large.
_PLAIN_INT_IS_FINE = frozenset({"text", "placeholder", "negative", "fraction", "not-finite"})


@check("cell-values", OPTIONS)
def cell_values(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    flag = params["flag"]
    for table_id, index in cell_index(report).items():
        if params.get("tables") and table_id not in params["tables"]:
            continue
        definition = report.template.tables[table_id]
        # Only a cell that is not a whole number >= 0 can be flagged, or one above the limit.
        entries = index.unusual if flag != "too-large" else \
            sorted((*index.unusual, *index.larger_than(params.get("limit", 10**9))))
        for _, cell, kind, row_id, column_id in entries:
            if _is(cell, flag, kind, params):
                column = definition.column(column_id)
                shown = cell.raw if cell.kind != BLANK else ""
                yield Hit(cell.span, cell.path,
                          {"table": definition.title,
                           "row": report.template.label(table_id, row=row_id),
                           "column": column.full_label if column else column_id,
                           "value": shown, "limit": params.get("limit", "")},
                          actual=shown if cell.kind != NUMBER else cell.value)


BLANK_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "tables": {"type": "array", "items": {"type": "string"}},
        "most": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "description":
                 "Share of a table's cells beyond which its blanks are one finding for the "
                 "whole table (default 0.5); below it, one finding per row."},
    },
}


@check("blank-cells", BLANK_OPTIONS)
def blank_cells(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    """Blank and placeholder cells, one finding per problem: per row, naming its blank
    columns; per table, by column, when most of the table is blank. The finding stands at the
    first blank cell and names every blank cell (`related`), so the html format marks them."""
    most = params.get("most", 0.5)
    for table_id, index in cell_index(report).items():
        if params.get("tables") and table_id not in params["tables"]:
            continue
        definition = report.template.tables[table_id]
        by_row: dict[str, list[Cell]] = {}
        for _, cell, _, row_id, _ in index.unusual:  # blanks are among the unusual cells
            if cell.kind in (BLANK, PLACEHOLDER):
                by_row.setdefault(row_id, []).append(cell)
        blank = [cell for cells in by_row.values() for cell in cells]
        if not blank:
            continue
        size = index.size
        if len(blank) > size * most and len(by_row) > 1:
            yield _blank_hit(blank, f"tables.{table_id}", definition.title,
                             _most_of_table(definition, blank, size, len(by_row)))
            continue
        for row_id, cells in by_row.items():
            row = report.template.label(table_id, row=row_id)
            place = Label(f"「{row.zh}」行 {len(cells)} 格", f", row {row.text('en')}: "
                          f"{len(cells)} cell{'s' if len(cells) > 1 else ''}")
            columns = [(_column(definition, c), c) for c in cells]
            listed = Label("、".join(f"{label.zh}{_shown(c, '「', '」')}" for label, c in columns),
                           ", ".join(f"{label.text('en')}{_shown(c, ' (', ')')}"
                                     for label, c in columns))
            yield _blank_hit(cells, f"tables.{table_id}.{row_id}", definition.title,
                             (place, listed))


def _column(definition: Any, cell: Cell) -> Label:
    """A column's label; with its group where the label alone is ambiguous (table 四)."""
    column = definition.column(cell.column)
    if column is None:
        return Label(cell.column)
    same = sum(1 for c in definition.columns if c.label.zh == column.label.zh)
    return column.full_label if same > 1 else column.label


def _shown(cell: Cell, before: str, after: str) -> str:
    """A placeholder's text ("/"), beside its column; nothing for a blank cell."""
    return f"{before}{cell.raw}{after}" if cell.kind == PLACEHOLDER else ""


def _most_of_table(definition: Any, blank: list[Cell], size: int, rows: int
                   ) -> tuple[Label, Label]:
    by_column: dict[str, list[Cell]] = {}
    for cell in blank:
        by_column.setdefault(cell.column, []).append(cell)
    order = [c.id for c in definition.columns]
    labels = [(_column(definition, cells[0]), len(cells)) for _, cells in
              sorted(by_column.items(), key=lambda item: order.index(item[0])
                     if item[0] in order else len(order))]
    place = Label(f"大部分单元格（{size} 格中 {len(blank)} 格，{rows} 行）",
                  f": most cells ({len(blank)} of {size}, in {rows} rows)")
    listed = Label("、".join(f"{label.zh} {n} 格" for label, n in labels),
                   ", ".join(f"{label.text('en')} {n}" for label, n in labels))
    return place, listed


def _blank_hit(cells: list[Cell], path: str, table: Label, words: tuple[Label, Label]) -> Hit:
    place, listed = words
    return Hit(cells[0].span, path, {"table": table, "place": place, "cells": listed,
                                     "count": len(cells)},
               actual=len(cells), related=tuple(c.path for c in cells))
