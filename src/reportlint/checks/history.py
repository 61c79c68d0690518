"""Last year's report against this year's: carry-over, documents in force, copied prose.

The engine attaches last year's Report as `report.previous` (--previous, or pairing by organ
and year); without it these checks say nothing. Copy detection uses difflib from the standard
library: sections are a few kilobytes, so its ratio is fast enough, and the result is the
familiar 2*matches/total similarity, without adding a dependency.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlint.checks._base import check
from reportlint.checks._prose import table_name
from reportlint.findings import Hit
from reportlint.model import NUMBER, Cell, Report, Table
from reportlint.patterns import compiled

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CARRY_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["table", "row", "previous_row"],
    "properties": {
        "table": {"type": "string"},
        "row": {"type": "string", "description": "This year's row (上年结转)."},
        "previous_row": {"type": "string", "description": "Last year's row (结转下年度)."},
        "columns": {"type": "array", "items": {"type": "string"},
                    "description": "Columns to compare; default every column of the row."},
    },
}

IN_FORCE_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["table", "rows", "in_force", "issued", "repealed"],
    "properties": {
        "table": {"type": "string"},
        "rows": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "in_force": {"type": "string"}, "issued": {"type": "string"},
        "repealed": {"type": "string"},
    },
}

COPY_OPTIONS: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["threshold"],
    "properties": {
        "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                      "description": "Similarity ratio at or above which a section is a copy."},
        "min_chars": {"type": "integer", "minimum": 1,
                      "description": "Shorter sections are not compared (\"无。\" is no copy)."},
        "ignore": {"type": "string", "format": "regex", "description": "Regex of text removed before comparing "
                                                    "(digits, so changed figures still count "
                                                    "as a copy, and whitespace)."},
        "sections": {"type": "array", "items": {"type": "string"}},
    },
}

YEAR_OPTIONS: dict[str, Any] = {"type": "object", "additionalProperties": False,
                                "properties": {}}


def _number(cell: Cell | None) -> float | None:
    return cell.value if cell is not None and cell.kind == NUMBER else None


def _previous_year(report: Report) -> Any:
    assert report.previous is not None
    year = report.previous.meta.get("year")
    return year.value if year is not None else "?"


def _both(report: Report, table_id: str) -> tuple[Table, Table, Report] | None:
    """This year's and last year's table, and last year's report, when both have the table."""
    previous = report.previous
    table = report.tables.get(table_id)
    last = previous.tables.get(table_id) if previous is not None else None
    if table is None or last is None or previous is None:
        return None
    return table, last, previous


@check("previous-carry-over", CARRY_OPTIONS)
def carry_over(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    both = _both(report, params["table"])
    if both is None:
        return
    table, last, previous = both
    this_row = table.rows.get(params["row"], {})
    last_row = last.rows.get(params["previous_row"], {})
    for column, cell in this_row.items():
        if params.get("columns") and column not in params["columns"]:
            continue
        now, before = _number(cell), _number(last_row.get(column))
        if now is None or before is None or now == before:
            continue
        template = report.template
        yield Hit(cell.span, cell.path,
                  {"table": table_name(report, params["table"]),
                   "row": template.label(params["table"], row=params["row"]),
                   "previous_row": previous.template.label(params["table"],
                                                           row=params["previous_row"]),
                   "column": template.label(params["table"], column=column),
                   "value": cell.raw, "previous_value": last_row[column].raw,
                   "previous_year": _previous_year(report), "previous_path": previous.path},
                  expected=before, actual=now)


@check("previous-in-force", IN_FORCE_OPTIONS)
def in_force_continues(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    both = _both(report, params["table"])
    if both is None:
        return
    table, last, _ = both
    for row in params["rows"]:
        cell = table.cell(row, params["in_force"])
        values = [_number(cell), _number(last.cell(row, params["in_force"])),
                  _number(table.cell(row, params["issued"])),
                  _number(table.cell(row, params["repealed"]))]
        if any(v is None for v in values):
            continue
        now, before, issued, repealed = values
        expected = before + issued - repealed  # type: ignore[operator]
        if now == expected:
            continue
        assert cell is not None
        yield Hit(cell.span, cell.path,
                  {"table": table_name(report, params["table"]),
                   "row": report.template.label(params["table"], row=row),
                   "value": cell.raw, "expected": _show(expected),
                   "previous_value": _show(before), "issued": _show(issued),
                   "repealed": _show(repealed), "previous_year": _previous_year(report)},
                  expected=expected, actual=now)


def _show(value: Any) -> str:
    return str(int(value)) if float(value) == int(value) else f"{value:g}"


@check("previous-copy", COPY_OPTIONS)
def copied_sections(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    previous = report.previous
    if previous is None:
        return
    ignore = compiled(params.get("ignore", r"\s+"))
    min_chars = params.get("min_chars", 1)
    for section in report.sections:
        if section.body is None or section.id is None:
            continue
        if params.get("sections") and section.id not in params["sections"]:
            continue
        last = previous.section(section.id)
        if last is None or last.body is None:
            continue
        now, before = ignore.sub("", section.body.value), ignore.sub("", last.body.value)
        if min(len(now), len(before)) < min_chars:
            continue
        from difflib import SequenceMatcher  # only with last year's report

        matcher = SequenceMatcher(None, now, before, autojunk=False)
        if matcher.real_quick_ratio() < params["threshold"] or \
                matcher.quick_ratio() < params["threshold"]:
            continue
        ratio = matcher.ratio()
        if ratio >= params["threshold"]:
            yield Hit(section.title.span, section.path,
                      {"title": section.title.value, "percent": round(100 * ratio),
                       "threshold": round(100 * params["threshold"]),
                       "previous_year": _previous_year(report), "previous_path": previous.path},
                      expected=f"< {params['threshold']}", actual=round(ratio, 3))


@check("previous-year", YEAR_OPTIONS)
def previous_year(report: Report, params: Mapping[str, Any]) -> Iterator[Hit]:
    """The report given as last year's is of another year, or of another organ."""
    previous = report.previous
    if previous is None:
        return
    year, last = report.meta.get("year"), previous.meta.get("year")
    if year is None or last is None or not isinstance(year.value, int):
        return
    if last.value != year.value - 1:
        yield Hit(year.span, year.path,
                  {"previous_year": last.value, "year": year.value,
                   "previous_path": previous.path},
                  expected=year.value - 1, actual=last.value)
