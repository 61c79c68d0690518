"""One pass over a report's cells, shared by its cell rules.

A pack has a dozen cell rules (text, blank, negative, fraction, not finite, too large) and
identities over the same tables; each walked every cell. The engine runs a report's rules one
after another, so the index of the last report asked for is kept (by identity: a report is
never changed once read) and each rule reads only the cells it can flag.
"""

from __future__ import annotations

import math

from reportlint.model import NUMBER, Cell, Report
from reportlint.records import record

# (place in document order, cell, column kind, row id, column id)
Entry = tuple[int, Cell, str, str, str]


@record(frozen=True, slots=True)
class TableIndex:
    numbers: dict[tuple[str, str], int | float]  # (row, column) -> a finite published number
    unusual: tuple[Entry, ...]  # every cell that is not a whole number >= 0, in document order
    counts: tuple[Entry, ...]  # the whole numbers >= 0, largest first

    def larger_than(self, limit: float) -> list[Entry]:
        found = []
        for entry in self.counts:
            if not entry[1].value > limit:  # type: ignore[operator]
                break
            found.append(entry)
        return found


_last: tuple[Report | None, dict[str, TableIndex]] = (None, {})


def cell_index(report: Report) -> dict[str, TableIndex]:
    """The index of every table of the report that its template defines, in report order."""
    global _last
    if _last[0] is not report:
        _last = (report, _build(report))
    return _last[1]


def _build(report: Report) -> dict[str, TableIndex]:
    tables: dict[str, TableIndex] = {}
    for table_id, table in report.tables.items():
        definition = report.template.tables.get(table_id)
        if definition is None:
            continue
        kinds = {column.id: column.kind for column in definition.columns}
        numbers: dict[tuple[str, str], int | float] = {}
        unusual: list[Entry] = []
        counts: list[Entry] = []
        order = 0
        for row_id, cells in table.rows.items():
            for column_id, cell in cells.items():
                value = cell.value
                entry = (order, cell, kinds.get(column_id, "count"), row_id, column_id)
                (counts if type(value) is int and value >= 0 else unusual).append(entry)
                if cell.kind == NUMBER and value is not None and (
                        not isinstance(value, float) or math.isfinite(value)):
                    numbers[row_id, column_id] = value
                order += 1
        counts.sort(key=lambda entry: entry[1].value, reverse=True)  # type: ignore[arg-type,return-value]
        tables[table_id] = TableIndex(numbers, tuple(unusual), tuple(counts))
    return tables
