"""Which template a report is written in: the trial format after 2021 is 未按新格式.

Two checks. `template-years` sits in a pack that only applies to some years (the trial pack)
and reports a report outside them, e.g. a 2022 report checked against the trial template
because its metadata asks for it. `foreign-template` sits in the current pack and looks for
what only another template prints: the labels listed in template.yaml `foreign_labels` (on
unknown rows, or in the text of a table's section, where a table the reader could not map
stays), row ids of that template (structured input), or its row layout (a single (六) row).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.checks._prose import compact
from reportlint.findings import Hit, Label
from reportlint.labels import normalize
from reportlint.model import FILE_START, Report

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

YEARS_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}},
}

FOREIGN_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["template", "from"],
    "properties": {
        "template": {"type": "string", "description": "Key of template.yaml foreign_labels."},
        "from": {"type": "integer", "description": "Only reports of this year or later (a "
                                                   "report without a year is not judged)."},
        "rows": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "string"}},
            "description": "Table id -> row ids only the other template has."},
        "layouts": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["table", "row", "instead_of"],
            "properties": {"table": {"type": "string"}, "row": {"type": "string"},
                           "instead_of": {"type": "array", "items": {"type": "string"}}}},
            "description": "A row published without any of the rows this template has "
                           "in its place."},
    },
}


@check("template-years", YEARS_OPTIONS)
def template_years(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    year = report.meta.get("year")
    if year is None or not isinstance(year.value, int):
        return
    if params.get("from", 0) <= year.value <= params.get("to", 9999):
        return
    yield Hit(year.span, year.path,
              {"year": year.value, "template": report.template.name},
              expected=f"{params.get('from', '')}..{params.get('to', '')}", actual=year.value)


@check("foreign-template", FOREIGN_OPTIONS)
def foreign_template(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    """At most one finding: the first trace of the other template, in document order."""
    year = report.meta.get("year")
    if year is None or not isinstance(year.value, int) or year.value < params["from"]:
        return
    labels = set(report.template.foreign_labels.get(params["template"], ()))
    rows = params.get("rows", {})
    traces = []
    for table_id, table in report.tables.items():
        for extra in table.extra_rows:
            text = str(extra.value)
            if normalize(text) in labels or text in rows.get(table_id, ()):
                traces.append((extra.span, extra.path, text))
        for extra in table.extra_cells:
            label = extra.value[1] if isinstance(extra.value, tuple) else extra.value
            if normalize(str(label)) in labels:
                traces.append((extra.span, extra.path, str(label)))
    for definition in report.template.tables.values():
        # a table a reader could not map stays as text in its section (e.g. a trial 表二)
        section = report.section(definition.section)
        if section is None or section.body is None:
            continue
        flat = compact(section.body)
        for label in sorted(labels):
            at = flat.value.find(label)
            if at >= 0:
                traces.append((flat.span(at, at + len(label)), section.path, label))
    explained: list[str] = []
    for layout in params.get("layouts", ()):
        table = report.tables.get(layout["table"])
        if table is None or layout["row"] not in table.rows:
            continue
        if not any(r in table.rows for r in layout["instead_of"]):
            span = table.row_spans.get(layout["row"], table.span)
            label = report.template.label(layout["table"], row=layout["row"])
            traces.append((span, f"{table.path}.{layout['row']}",
                           Label(label.zh, f"{label.zh} ({label.en})" if label.en else label.zh)))
            # one cause, one finding: the rows it stands for are not missing rows as well
            explained += [f"{table.path}.{row}" for row in layout["instead_of"]]
    if traces:
        span, path, text = min(traces, key=lambda t: (t[0].line, t[0].column))
        yield Hit(span or FILE_START, path,
                  {"trace": text, "year": year.value,
                   "template": report.template.name}, actual=str(text),
                  explains=tuple(explained))
