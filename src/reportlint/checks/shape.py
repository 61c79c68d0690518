"""Table shape: the template's tables are there, with every row and cell, and nothing unknown."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.findings import Hit, Label
from reportlint.model import FILE_START, Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TABLES_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"tables": {"type": "array", "items": {"type": "string"},
                              "description": "Table ids to require; default all of the template."}},
}


@check("tables-present", TABLES_OPTIONS)
def tables_present(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    wanted = params.get("tables") or list(report.template.tables)
    for table_id in wanted:
        definition = report.template.tables.get(table_id)
        if definition is None:
            continue
        section = report.section(definition.section)
        section_title = (section.title.value if section else
                         next((Label(f"{d.numeral}、{d.title.zh}", f"{d.numeral}、{d.title.zh} ({d.title.en})")
                               for d in report.template.sections
                               if d.id == definition.section), definition.section))
        if table_id in report.tables:
            if section is not None and report.form not in ("yaml", "json") \
                    and table_id not in section.tables:
                yield Hit(report.tables[table_id].span, f"tables.{table_id}",
                          {"table": definition.title, "section": section_title})
            continue
        span = section.title.span if section else FILE_START
        yield Hit(span, f"tables.{table_id}", {"table": definition.title, "section": section_title})


OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["flag"],
    "properties": {
        "flag": {"enum": ["missing-row", "unknown-row", "missing-cell", "extra-cell"]},
        "tables": {"type": "array", "items": {"type": "string"}},
    },
}


@check("table-shape", OPTIONS)
def table_shape(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    flag = params["flag"]
    for table_id, table in report.tables.items():
        definition = report.template.tables.get(table_id)
        if definition is None or (params.get("tables") and table_id not in params["tables"]):
            continue
        if flag == "unknown-row":
            for extra in table.extra_rows:
                yield Hit(extra.span, extra.path, {"table": definition.title, "row": extra.value})
            continue
        if flag == "extra-cell":
            for extra in table.extra_cells:
                yield Hit(extra.span, extra.path,
                          {"table": definition.title, "row": extra.value[0], "value": extra.value[1]})
            continue
        for row in definition.rows:
            cells = table.rows.get(row.id)
            if cells is None:
                if flag == "missing-row" and not row.optional:
                    yield Hit(table.span, f"{table.path}.{row.id}",
                              {"table": definition.title, "row": row.label})
                continue
            if flag != "missing-cell":
                continue
            for column_id in row.columns:
                if column_id not in cells:
                    span = table.row_spans.get(row.id, table.span)
                    yield Hit(span, f"{table.path}.{row.id}.{column_id}",
                              {"table": definition.title, "row": row.label,
                               "column": definition.column(column_id).full_label})
