"""Cell values: counts are non-negative whole numbers; money may have decimals; a blank or a
placeholder is not a number (and is never read as 0)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from reportlint.checks._base import check
from reportlint.checks._cellindex import cell_index
from reportlint.findings import Hit
from reportlint.model import BLANK, NUMBER, PLACEHOLDER, TEXT, Cell, Report

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
