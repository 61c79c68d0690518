"""One pass over a report's cells, shared by its cell rules.

A pack has a dozen cell rules (text, blank, negative, fraction, not finite, too large) and
identities over the same tables; each walked every cell. The engine runs a report's rules one
after another, so the index of the last report asked for is kept (by identity: a report is
never changed once read) and each rule reads only the cells it can flag.
"""

from __future__ import annotations

import math

from reportlint.checks._base import for_last_report
from reportlint.model import NUMBER, Cell, Report, Table
from reportlint.records import record

# (place in document order, cell, column kind, row id, column id)
Entry = tuple[int, Cell, str, str, str]


@record(frozen=True, slots=True)
class TableIndex:
    numbers: dict[tuple[str, str], int | float]  # (row, column) -> a finite published number
    unusual: tuple[Entry, ...]  # every cell that is not a whole number >= 0, in document order
    size: int  # cells in all
    table: Table  # for the rare rule that reads the whole numbers too
    kinds: dict[str, str]  # column id -> its kind

    def larger_than(self, limit: float) -> list[Entry]:
        """The whole numbers >= 0 above `limit`, in document order. A scan when a rule asks
        (one rule of a pack does), not a sort of every report's cells by value."""
        found = []
        order = 0
        for row_id, cells in self.table.rows.items():
            for column_id, cell in cells.items():
                value = cell.value
                if type(value) is int and value > limit and value >= 0:
                    found.append((order, cell, self.kinds.get(column_id, "count"), row_id,
                                  column_id))
                order += 1
        return found


@for_last_report
def cell_index(report: Report) -> dict[str, TableIndex]:
    """The index of every table of the report that its template defines, in report order."""
    tables: dict[str, TableIndex] = {}
    for table_id, table in report.tables.items():
        definition = report.template.tables.get(table_id)
        if definition is None:
            continue
        kinds = {column.id: column.kind for column in definition.columns}
        numbers: dict[tuple[str, str], int | float] = {}
        unusual: list[Entry] = []
        order = 0
        for row_id, cells in table.rows.items():
            for column_id, cell in cells.items():
                value = cell.value
                if type(value) is int and value >= 0:  # almost every cell: nothing more to note
                    if cell.kind == NUMBER:
                        numbers[row_id, column_id] = value
                else:
                    unusual.append((order, cell, kinds.get(column_id, "count"), row_id, column_id))
                    if cell.kind == NUMBER and value is not None and (
                            not isinstance(value, float) or math.isfinite(value)):
                        numbers[row_id, column_id] = value
                order += 1
        tables[table_id] = TableIndex(numbers, tuple(unusual), order, table, kinds)
    return tables
