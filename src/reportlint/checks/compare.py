"""Sanity relations between cells that are not sums (warnings by nature)."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.findings import Hit, Label
from reportlint.model import NUMBER, Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_OPERATORS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt,
              "==": operator.eq}

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["table", "rows", "left", "op", "right"],
    "properties": {
        "table": {"type": "string"},
        "rows": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "left": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "op": {"enum": list(_OPERATORS)},
        "right": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    },
}


def _sum_label(labels: list[Label]) -> Label:
    """`本年制发件数 + 本年废止件数`, in English with the English names."""
    return Label(" + ".join(label.zh for label in labels),
                 " + ".join(label.en or label.zh for label in labels))


@check("compare", OPTIONS)
def compare(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    table = report.tables.get(params["table"])
    if table is None:
        return
    template = report.template
    for row in params["rows"]:
        left = [table.cell(row, c) for c in params["left"]]
        right = [table.cell(row, c) for c in params["right"]]
        cells = left + right
        if any(c is None or c.kind != NUMBER or c.value is None for c in cells):
            continue
        left_sum = sum(c.value for c in left)  # type: ignore[union-attr,misc]
        right_sum = sum(c.value for c in right)  # type: ignore[union-attr,misc]
        if _OPERATORS[params["op"]](left_sum, right_sum):
            continue
        first = left[0]
        yield Hit(first.span, first.path,  # type: ignore[union-attr]
                  {"row": template.label(params["table"], row=row),
                   "left": _sum_label([template.label(params["table"], column=c) for c in params["left"]]),
                   "right": _sum_label([template.label(params["table"], column=c)
                                        for c in params["right"]]),
                   "left_value": left_sum, "right_value": right_sum, "op": params["op"]},
                  expected=f"{params['op']} {right_sum}", actual=left_sum)


ZERO_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["table", "rows", "when"],
    "properties": {
        "table": {"type": "string"},
        "rows": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "columns": {"type": "array", "items": {"type": "string"}},
        "when": {"type": "object", "description":
                 "Report metadata field -> values; the rule applies when any field has one of them.",
                 "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}


@check("expect-zero", ZERO_OPTIONS)
def expect_zero(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    applies = any(
        field in report.meta and report.meta[field].value in values
        for field, values in params["when"].items()
    )
    table = report.tables.get(params["table"])
    if not applies or table is None:
        return
    organ = next((report.meta[f].value for f in params["when"] if f in report.meta), "")
    for row in params["rows"]:
        for column, cell in table.rows.get(row, {}).items():
            if params.get("columns") and column not in params["columns"]:
                continue
            if cell.kind == NUMBER and cell.value:
                yield Hit(cell.span, cell.path,
                          {"row": report.template.label(params["table"], row=row),
                           "column": report.template.label(params["table"], column=column),
                           "value": cell.raw, "organ": organ}, expected=0, actual=cell.value)
