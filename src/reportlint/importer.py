"""`reportlint import`: a published report (web text, PDF text, HTML, DOCX) -> structured YAML.

The YAML is the data format of docs/report-format.md (validated by schemas/report.schema.json):
meta, intro, sections, tables (one list per row, in the template's column order, with the
published numbers exactly as printed: a blank is `~`, a "/" stays "/"), contact, and `source`,
which records where every value stood in the published file (`positions`: data path ->
"line:column", or the anchor of a place without lines such as a DOCX cell). Checking the YAML
gives the same rule findings, with the same data paths, as checking the published file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import regex

from reportlint.codes import (
    GLUED_ROW_UNREADABLE,
    NUMBERS_WITHOUT_ROW,
    ROW_CELL_COUNT,
    ROW_NOT_FOUND,
    TABLE_NOT_FOUND,
    TITLE_NOT_FOUND,
    TRIAL_FORMAT_TABLE,
    YEAR_NOT_FOUND,
)
from reportlint.findings import Finding, Hit
from reportlint.model import BLANK, NUMBER, Cell, Report, Span, Value
from reportlint.packs.pack import PackSet
from reportlint.patterns import compile_pattern
from reportlint.readers import organ

_PLAIN_NUMBER = compile_pattern(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
# reader findings that mean a value of the source is missing from the YAML
_NOT_READ = frozenset({TABLE_NOT_FOUND, ROW_NOT_FOUND, ROW_CELL_COUNT, GLUED_ROW_UNREADABLE,
                       TITLE_NOT_FOUND, YEAR_NOT_FOUND, TRIAL_FORMAT_TABLE, NUMBERS_WITHOUT_ROW})
# the comment beside an organ kind read from the organ's name, not stated in the source
KIND_NOTE = "# read from the organ's name: correct it if wrong"
_META_ORDER = ("title", "organ", "organ_kind", "level", "year", "published", "template")


def import_file(path: str, packs: PackSet, template: str | None = None,
                max_bytes: int | None = None, ocr: bool = False) -> tuple[str | None, list[Hit]]:
    """(YAML text or None when nothing could be read, the reading problems), the file read as
    the linter reads it: a file over `max_bytes` (default: the linter's limit) is RL010."""
    from reportlint.engine import DEFAULT_MAX_BYTES, Linter

    loaded = Linter(packs, template=template, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                    ocr=ocr).load(path)
    if loaded.report is None:
        return None, loaded.hits
    return to_yaml(loaded.report, path, loaded.hits), loaded.hits


# --- writing ----------------------------------------------------------------------------------


def _scalar(value: object) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    import json  # only for text, and only when a report is written

    return json.dumps(str(value), ensure_ascii=False)


def _block(value: str, indent: int) -> str:
    """A literal block when the text allows one, else a double-quoted scalar."""
    lines = value.split("\n")
    safe = value == value.strip() and all(line == line.rstrip() for line in lines) \
        and not regex.search(r"[\t\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]", value) \
        and all(line.strip() for line in lines)
    if not safe:
        return _scalar(value)
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line for line in lines)


def _cell(cell: Cell) -> str:
    if cell.kind == BLANK:
        return "~"
    if cell.kind == NUMBER and _PLAIN_NUMBER.fullmatch(cell.raw):
        return cell.raw
    return _scalar(cell.raw)


def _where(span: Span) -> str:
    return span.anchor or f"{span.line}:{span.column}"


def _tables(report: Report, positions: dict[str, str]) -> list[str]:
    """The tables' lines of the YAML, each row with its label; `positions` gets each cell's."""
    out: list[str] = ["tables:"] if report.tables else []
    template = report.template
    for table_id, table in report.tables.items():
        definition = template.tables[table_id]
        out.append(f"  {table_id}:")
        extras: dict[str, list[Value]] = {}
        for extra in table.extra_cells:
            row_id = extra.path.split(".")[2].split("[")[0]
            extras.setdefault(row_id, []).append(extra)
        for row in definition.rows:
            cells = table.rows.get(row.id)
            if cells is None:
                continue
            values = [_cell(cells[c]) for c in row.columns if c in cells]
            values += [_scalar(e.raw) if e.raw else "~" for e in extras.get(row.id, [])]
            out.append(f"    {row.id}: [{', '.join(values)}]  # {row.label.zh}")
            for column in row.columns:
                if column in cells:
                    positions[cells[column].path] = _where(cells[column].span)
            for extra in extras.get(row.id, []):
                positions[extra.path] = _where(extra.span)
    return out


def to_yaml(report: Report, source: str, problems: Sequence[Hit | Finding] = ()) -> str:
    """The report as structured YAML; `problems` (what the reader could not read) are listed
    in a comment at the top."""
    positions: dict[str, str] = {}
    out: list[str] = [
        f"# Imported by `reportlint import` from {Path(source).name} ({report.form}).",
        "# Values are as published; `source.positions` gives where each one stood.",
    ]
    unread = [p for p in problems if p.code in _NOT_READ]
    if unread:
        out.append("# Not read from the source (see `reportlint import` messages):")
        out += [f"#   {p.code} {path} at {_where(p.span)}"
                for p in unread for path in (p.data_path, *p.related)]
    out += ["format: 1", "meta:"]
    if "title" not in report.meta:
        # the schema requires a title; none was published, and none is made up
        out.append("  title: ~  # no title found in the source (RL017): give the published one")
    for name in sorted(report.meta, key=lambda n: (_META_ORDER.index(n)
                                                    if n in _META_ORDER else 99, n)):
        item = report.meta[name]
        value = item.value
        note = f"  {KIND_NOTE}" if name == "organ_kind" and organ.inferred(report.meta) else ""
        out.append(f"  {name}: {_scalar(value)}{note}")
        positions[f"meta.{name}"] = _where(item.span)
    if report.intro is not None:
        out.append("intro: " + _block(report.intro.value, 2))
        positions["intro"] = _where(report.intro.span)
    out.append("sections:" if report.sections else "sections: []")
    for index, section in enumerate(report.sections):
        out.append(f"  - title: {_scalar(section.title.value)}")
        positions[f"sections[{index}].title"] = _where(section.title.span)
        if section.body is not None:
            out.append("    text: " + _block(section.body.value, 6))
            positions[f"sections[{index}].text"] = _where(section.body.span)
        else:
            out.append("    text: ~")
    out += _tables(report, positions)
    if report.contact:
        out.append("contact:")
        for name, item in report.contact.items():
            out.append(f"  {name}: {_scalar(item.value)}")
            positions[f"contact.{name}"] = _where(item.span)
    out.append("source:")
    out.append(f"  file: {_scalar(str(source))}")
    out.append(f"  form: {_scalar(report.form)}")
    out.append("  positions:" if positions else "  positions: {}")
    for path, where in positions.items():
        out.append(f"    {_scalar(path)}: {_scalar(where)}")
    return "\n".join(out) + "\n"
