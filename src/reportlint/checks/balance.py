"""Table identities: a reported total equals the sum of its parts, in every column or row.

Both numbers are reported, with the items that make up the sum (as XBRL calculation checks
do), and what the total cell should be: "总计应为 2（现为 3）", not "相差 -1". An identity with
a blank, placeholder or missing cell is not evaluated: that cell has a finding of its own, and
a blank is never read as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from reportlint.checks._base import check
from reportlint.checks._cellindex import cell_index
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import Cell, Report, Table
from reportlint.template import IdentityDef, TableDef

OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["table", "identity"],
    "properties": {
        "table": {"type": "string"},
        "identity": {"type": "string", "description":
                     "The name of one of the table's identities (template.yaml `identities`): "
                     "each of its forms is checked where its cells are published."},
        "lines": {"type": "array", "items": {"type": "string"},
                  "description": "Only these columns (or rows); default every one that has all cells."},
    },
}

_ELIDE_AFTER = 6


def _label(definition: TableDef, across: str, item: str) -> Label:
    if across == "columns":
        row = definition.row(item)
        return row.label if row else Label(item)
    column = definition.column(item)
    return column.label if column else Label(item)


def _number(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _terms(terms: list[tuple[Label, Cell]], lang: str) -> str:
    shown = terms
    hidden = 0
    if len(terms) > _ELIDE_AFTER:
        shown = [t for t in terms if t[1].value]
        hidden = len(terms) - len(shown)
    text = " + ".join(f"{label.text(lang)} {_number(cell.value)}" for label, cell in shown) or "0"
    if hidden:
        text += (f" (other {hidden} items 0)" if lang == "en" else f"（其余 {hidden} 项为 0）")
    return text


def _sum(numbers: Mapping[tuple[str, str], float], across: str, line: str, items: list[str]
         ) -> float | None:
    """The sum of the items' finite numbers; None when one is blank, text or missing."""
    total: float = 0
    for item in items:
        value = numbers.get((item, line) if across == "columns" else (line, item))
        if value is None:
            return None
        total += value
    return total


def _cells(table: Table, across: str, line: str, items: list[str]) -> list[Cell]:
    cells = [table.cell(item, line) if across == "columns" else table.cell(line, item) for item in items]
    return [cell for cell in cells if cell is not None]


def _lines(definition: TableDef, across: str, params: Mapping[str, Any]) -> list[str]:
    if params.get("lines"):
        return list(params["lines"])
    if across == "columns":
        return [c.id for c in definition.columns]
    return [r.id for r in definition.rows]


@check("balance", OPTIONS)
def balance(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    table = report.tables.get(params["table"])
    definition = report.template.tables.get(params["table"])
    if table is None or definition is None:
        return
    forms = definition.identity(params["identity"])
    if not forms:  # a pack naming an identity its template lacks: said, never silently skipped
        raise ValueError(f"table {definition.id} has no identity {params['identity']!r}")
    numbers = cell_index(report)[definition.id].numbers
    for identity in forms:
        yield from _check(table, definition, identity, numbers,
                          _lines(definition, identity.across, params))


def _check(table: Table, definition: TableDef, identity: IdentityDef,
           numbers: Mapping[tuple[str, str], float], lines: list[str]) -> Iterator[Hit]:
    across = identity.across
    total_ids, part_ids = list(identity.total), list(identity.parts)
    for line in lines:
        reported = _sum(numbers, across, line, total_ids)
        computed = _sum(numbers, across, line, part_ids)
        if reported is None or computed is None or \
                math.isclose(reported, computed, rel_tol=1e-9, abs_tol=1e-9):
            continue
        totals = _cells(table, across, line, total_ids)
        parts = _cells(table, across, line, part_ids)
        total_terms = [(_label(definition, across, i), c)
                       for i, c in zip(total_ids, totals, strict=True)]
        part_terms = [(_label(definition, across, i), c)
                      for i, c in zip(part_ids, parts, strict=True)]
        line_label = (_label(definition, "rows", line) if across == "columns"
                      else _label(definition, "columns", line))
        # The finding points at the first total cell: what that cell should be for the
        # identity to hold (the other totals as published), and what it is.
        should = computed - sum(c.value for c in totals[1:])  # type: ignore[misc]
        yield Hit(
            totals[0].span, totals[0].path,
            {"table": definition.title, "line": line_label,
             "cell": total_terms[0][0],
             "should": _number(should), "now": _number(totals[0].value),  # type: ignore[arg-type]
             "total_terms": Label(_terms(total_terms, "zh"), _terms(total_terms, "en")),
             "parts_terms": Label(_terms(part_terms, "zh"), _terms(part_terms, "en")),
             "total": _number(reported), "parts": _number(computed),
             "diff": _number(reported - computed)},
            expected=computed, actual=reported)
