"""Table identities: a reported total equals the sum of its parts, in every column or row.

Both numbers are reported, with the items that make up the sum (as XBRL calculation checks
do), and what the total cell should be: "总计应为 2（现为 3）", not "相差 -1". An identity with
a blank, placeholder or missing cell is not evaluated: that cell has a finding of its own, and
a blank is never read as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.checks._cellindex import cell_index
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import Cell, Report, Table
from reportlint.template import IdentityDef, TableDef

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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


def _keys(across: str, line: str, items: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The (row, column) of each item on a line."""
    return tuple((item, line) if across == "columns" else (line, item) for item in items)


# Each form of an identity, with each of its lines and the cells of that line's total and parts.
Plan = list[tuple[IdentityDef, list[tuple[str, tuple[tuple[str, str], ...],
                                         tuple[tuple[str, str], ...]]]]]
# (id of the table's definition, identity, lines) -> (the definition, kept alive so that its id
# is not reused, and its plan): template data, worked out once, not for every report.
_PLANS: dict[tuple[int, str, tuple[str, ...] | None], tuple[TableDef, Plan]] = {}


def _plan(definition: TableDef, name: str, lines: tuple[str, ...] | None) -> Plan:
    """Each form of the named identity, with each of its lines and the cells of that line's
    total and of its parts."""
    key = (id(definition), name, lines)
    found = _PLANS.get(key)
    if found is not None and found[0] is definition:
        return found[1]
    plan = []
    for identity in definition.identity(name):
        across = identity.across
        own = list(lines) if lines else (
            [c.id for c in definition.columns] if across == "columns" else
            [r.id for r in definition.rows])
        plan.append((identity, [(line, _keys(across, line, identity.total),
                                 _keys(across, line, identity.parts)) for line in own]))
    if len(_PLANS) >= 4096:  # a run with ever new packs: start again rather than grow
        _PLANS.clear()
    _PLANS[key] = (definition, plan)
    return plan


def _cells(table: Table, across: str, line: str, items: list[str]) -> list[Cell]:
    cells = [table.cell(item, line) if across == "columns" else table.cell(line, item) for item in items]
    return [cell for cell in cells if cell is not None]


@check("balance", OPTIONS)
def balance(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    table = report.tables.get(params["table"])
    definition = report.template.tables.get(params["table"])
    if table is None or definition is None:
        return
    lines = params.get("lines")
    plan = _plan(definition, params["identity"], tuple(lines) if lines else None)
    if not plan:  # a pack naming an identity its template lacks: said, never silently skipped
        raise ValueError(f"table {definition.id} has no identity {params['identity']!r}")
    numbers = cell_index(report)[definition.id].numbers
    for identity, identity_lines in plan:
        yield from _check(table, definition, identity, numbers, identity_lines)


def _check(table: Table, definition: TableDef, identity: IdentityDef,
           numbers: Mapping[tuple[str, str], float],
           lines: list[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]
           ) -> Iterator[Hit]:
    across = identity.across
    total_ids, part_ids = list(identity.total), list(identity.parts)
    number = numbers.__getitem__
    for line, total_keys, part_keys in lines:
        try:  # a blank, text or missing cell is not in `numbers`: the identity is not evaluated
            reported = sum(map(number, total_keys))
            computed = sum(map(number, part_keys))
        except KeyError:
            continue
        if reported == computed or \
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
