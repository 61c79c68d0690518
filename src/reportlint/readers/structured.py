"""Structured report data (YAML or JSON) -> Report.

The data format is documented in docs/report-format.md and validated against
`schemas/report.schema.json`; every value keeps the position of its node.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from reportlint import yamlsource
from reportlint.codes import (
    DUPLICATE_KEY,
    NOT_A_REPORT,
    SCHEMA_VIOLATION,
    SYNTAX_ERROR,
    TOO_MANY_PARTS,
    UNKNOWN_TABLE,
    UNKNOWN_TEMPLATE,
    UNSAFE_YAML,
)
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import (
    BLANK,
    FILE_START,
    NUMBER,
    TEXT,
    Cell,
    Report,
    Section,
    Table,
    Text,
    Value,
)
from reportlint.packs.pack import PackSet
from reportlint.readers import organ
from reportlint.readers.cellparse import parse_cell
from reportlint.readers.encoding import decode
from reportlint.readers.result import ReadResult
from reportlint.schemacheck import schema_problems
from reportlint.schemas._report_validator import validate as fast_validate
from reportlint.template import TableDef, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_schema_cache: dict[str, Any] = {}


def report_schema() -> dict[str, Any]:
    import json

    if "report" not in _schema_cache:
        text = (Path(__file__).parent.parent / "schemas" / "report.schema.json").read_text("utf-8")
        _schema_cache["report"] = json.loads(text)
    return _schema_cache["report"]


def read(path: str, data: bytes, packs: PackSet, template: str | None, form: str) -> ReadResult:
    text, _, problems = decode(data)
    if text is None:
        return ReadResult(None, problems)
    if form == "json":
        text = text.replace("\t", " ")  # JSON allows tab indentation, YAML does not
    composed = yamlsource.compose(text, max_values=MAX_VALUES)
    problems.extend(composed.problems)
    if any(p.code in (SYNTAX_ERROR, UNSAFE_YAML, TOO_MANY_PARTS) for p in composed.problems):
        return ReadResult(None, problems)
    root = composed.root
    missing = not_report_data(root)
    if missing is not None:  # other data: a CI workflow, package.json, a rule pack (RL040)
        problems.append(Hit(root.span if root else FILE_START, code=NOT_A_REPORT,
                            args={"form": form.upper(), "missing": missing}))
        return ReadResult(None, problems)
    if not isinstance(root, yamlsource.Mapping):
        what = Label("空文件", "an empty file") if root is None else Label("一个列表", "a list")
        problems.append(Hit(root.span if root else FILE_START, code=SCHEMA_VIOLATION, args={
            "problem": Label(f"报告数据应为含 meta 和 sections 的映射，现为{what.zh}",
                             f"report data must be a mapping with meta and sections, found {what.en}")}))
        return ReadResult(None, problems)
    schema_problems = _schema_problems(root)
    problems.extend(schema_problems or _impossible_dates(root))
    if schema_problems or any(p.code == DUPLICATE_KEY for p in problems):
        return ReadResult(None, problems)
    report = _build(path, form, root, packs, template, problems)
    if root.get("reportlint") is None:  # no in-data suppressions: their module is not needed
        return ReadResult(report, problems, [])
    from reportlint.suppressions import from_data

    return ReadResult(report, problems, from_data(root))


# Values (scalars, keys and collections) of one report: the 2021 template has about 1,500
# places, a report fills fewer. 20,000 sections with a finding each took 7 s; past this bound
# the file is RL034, unread (a config or a rule pack may hold more: yamlsource.MAX_VALUES).
MAX_VALUES = 20_000

_REPORT_KEYS = ("meta", "sections", "tables")


def _is_report_like(node: yamlsource.Node | None) -> bool:
    return isinstance(node, yamlsource.Mapping) and any(k in node.entries for k in _REPORT_KEYS)


def not_report_data(root: yamlsource.Node | None) -> Label | None:
    """What makes the data plainly not a report (for RL040), or None when it may be one.

    A mapping without any of meta/sections/tables is other data (a CI workflow, package.json, a
    rule pack); so is a list or a single value with no report-like mapping in it. An empty file,
    or a list around a report, is a report written wrongly (RL004), not other data."""
    if root is None or _is_report_like(root):
        return None
    if isinstance(root, yamlsource.Mapping):
        keys = list(root.entries)
        shown = "、".join(keys[:8]) + ("……" if len(keys) > 8 else "")
        shown_en = ", ".join(keys[:8]) + (", …" if len(keys) > 8 else "")
        return Label(f"没有 meta、sections 或 tables，其键为：{shown or '（无）'}",
                     f"no meta, sections or tables; its keys: {shown_en or '(none)'}")
    if isinstance(root, yamlsource.Sequence):
        if any(_is_report_like(item) for item in root.items):
            return None
        return Label("顶层是一个列表，不是含 meta 和 sections 的映射",
                     "the top level is a list, not a mapping with meta and sections")
    return Label("只有一个值，不是含 meta 和 sections 的映射",
                 "a single value, not a mapping with meta and sections")


def _impossible_dates(root: yamlsource.Mapping) -> list[Hit]:
    """`published: 2025-02-30` or `0000-01-01` has the form YYYY-MM-DD but is no day of the
    calendar: a finding at the value (the date checks then have no date to judge, and say
    nothing more), where a silent skip would hide a wrong date."""
    node = yamlsource.node_at(root, ["meta", "published"])
    value = yamlsource.to_data(node) if isinstance(node, yamlsource.Scalar) else None
    if not isinstance(value, str) or node is None:
        return []
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return [Hit(node.span, code=SCHEMA_VIOLATION, data_path="meta.published", args={"problem": Label(
            f"meta.published 应为日历上存在的日期（YYYY-MM-DD），现为「{value}」",
            f"meta.published: expected a date of the calendar (YYYY-MM-DD), found {value!r}")})]
    return []


def _schema_problems(root: yamlsource.Mapping) -> list[Hit]:
    """The generated validator passes a valid report fast; only an invalid one is validated
    again with jsonschema, which reports every error with its path."""
    data = yamlsource.to_data(root)
    try:
        fast_validate(data)
        return []
    except ValueError as error:
        quick = str(error)
    problems = [Hit(span, code=SCHEMA_VIOLATION, args={"problem": message})
                for span, message in schema_problems(report_schema(), data, root, FORMS)]
    return problems or [Hit(root.span, code=SCHEMA_VIOLATION, args={
        "problem": Label(f"不符合报告数据格式（{quick}）", quick)})]


# How each value of report data is written, for schema findings in plain words
# (docs/report-format.md): "meta.year 应为整数年份，如 2024，现为「2024年」".
FORMS = {
    "format": Label("1（数据格式版本）", "1 (the data format version)"),
    "meta.title": Label("报告标题文字，如「石桥镇2024年政府信息公开工作年度报告」",
                        "the title as text, e.g. 石桥镇2024年政府信息公开工作年度报告"),
    "meta.organ": Label("机关名称文字，如「石桥镇人民政府」", "the organ's name, e.g. 石桥镇人民政府"),
    "meta.organ_kind": Label("department（县级以上人民政府部门）、government（县级以上人民政府）、"
                             "township（乡镇人民政府、街道办事处）",
                             "department, government (县级以上人民政府) or township (乡镇/街道)"),
    "meta.level": Label("national（国家级）、provincial（省级）、prefecture（地市级）、county（县级）、"
                        "township（乡镇级）", "national, provincial, prefecture, county or township"),
    "meta.year": Label("整数年份，如 2024", "a whole year, e.g. 2024"),
    "meta.published": Label("YYYY-MM-DD 格式的日期，如 2025-01-20", "a date YYYY-MM-DD, e.g. 2025-01-20"),
    "meta.template": Label("模板标识文字，如 annual-2021", "a template id, e.g. annual-2021"),
    "meta": Label("含 title、year 等键的映射", "a mapping with title, year, …"),
    "intro": Label("文字（第一部分之前的段落）", "text (the paragraphs before section 一)"),
    "sections": Label("章节列表，每项含 title 和 text", "a list of sections, each with title and text"),
    "sections[]": Label("含 title 和 text 的映射", "a mapping with title and text"),
    "sections[].title": Label("章节标题文字，如「一、总体情况」", "a section title, e.g. 一、总体情况"),
    "sections[].text": Label("章节正文文字", "the section's text"),
    "tables": Label("表格映射，如 table3: {new: [2, 0, 0, 0, 0, 0, 2]}",
                    "a mapping of tables, e.g. table3: {new: [2, 0, 0, 0, 0, 0, 2]}"),
    "tables.*": Label("行的映射，如 new: [2, 0, 0, 0, 0, 0, 2]", "a mapping of rows, e.g. new: [2, 0, 0, 0, 0, 0, 2]"),
    "tables.*.*": Label("一行数值，如 [2, 0, 0, 0, 0, 0, 2]", "a row of values, e.g. [2, 0, 0, 0, 0, 0, 2]"),
    "tables.*.*[]": Label("数字，或原表所印文字（如「/」），空格写 null",
                          "a number, or the text printed (e.g. \"/\"); null for a blank cell"),
    "tables.*.*.*": Label("数字，或原表所印文字（如「/」），空格写 null",
                          "a number, or the text printed (e.g. \"/\"); null for a blank cell"),
    "contact.postcode": Label("邮政编码，如 \"617300\"", "a postcode, e.g. \"617300\""),
    "contact.*": Label("文字，如 \"0813-5551234\"", "text, e.g. \"0813-5551234\""),
}


def _build(path: str, form: str, root: yamlsource.Mapping, packs: PackSet,
           template_override: str | None, problems: list[Hit]) -> Report:
    meta_node = root.get("meta")
    assert isinstance(meta_node, yamlsource.Mapping)
    meta: dict[str, Value | Text] = {}
    for key, (_, node) in meta_node.entries.items():
        assert isinstance(node, yamlsource.Scalar)
        if key == "title":
            meta[key] = node.text(f"meta.{key}")
        else:
            meta[key] = Value(node.value, node.span, f"meta.{key}", node.raw)
    requested = template_override or (meta["template"].value if "template" in meta else None)
    pack = packs.choose(requested, meta["year"].value if "year" in meta else None)
    if requested and pack.id != requested and requested not in pack.applies.get("template", ()):
        span = meta["template"].span if "template" in meta else FILE_START
        problems.append(Hit(span, "meta.template", code=UNKNOWN_TEMPLATE,
                            args={"template": requested,
                                  "known": ", ".join(p.id for p in packs.packs)}))
    template = pack.template
    assert template is not None
    kind = organ.infer(meta, template)
    if kind is not None:
        meta["organ_kind"] = kind
    intro_node = root.get("intro")
    intro = intro_node.text("intro") if isinstance(intro_node, yamlsource.Scalar) \
        and isinstance(intro_node.value, str) else None
    return Report(
        path=path, form=form, template=template, meta=meta, intro=intro,
        sections=_sections(root.get("sections"), template),
        tables=_tables(root.get("tables"), template, problems),
        contact=_contact(root.get("contact")),
    )


def _sections(node: yamlsource.Node | None, template: Template) -> tuple[Section, ...]:
    if not isinstance(node, yamlsource.Sequence):
        return ()
    sections = []
    for index, item in enumerate(node.items):
        assert isinstance(item, yamlsource.Mapping)
        path = f"sections[{index}]"
        title_node = item.get("title")
        assert isinstance(title_node, yamlsource.Scalar)
        title = title_node.text(f"{path}.title")
        body_node = item.get("text")
        body = body_node.text(f"{path}.text") if isinstance(body_node, yamlsource.Scalar) \
            and isinstance(body_node.value, str) else None
        definition = template.match_section(title.value)
        tables = tuple(t.id for t in template.tables.values()
                       if definition and t.section == definition.id)
        sections.append(Section(title, body, definition.id if definition else None,
                                item.span, path, tables))
    return tuple(sections)


# JavaScript's and Python's JSON writers emit these bare tokens for non-finite floats; YAML
# reads them as strings. Unquoted in a cell they are a broken export's number (RL314), not text.
_JSON_NOT_FINITE = frozenset({"NaN", "Infinity", "-Infinity"})


def _cell(table: str, row: str, column: str, node: yamlsource.Node) -> Cell:
    span = node.lazy_span()  # most cells are never placed: only a finding's are
    if not isinstance(node, yamlsource.Scalar):
        return Cell(table, row, column, TEXT, "", span)
    value = node.value
    if type(value) is int:  # most cells: a count (a bool is not of type int)
        return Cell(table, row, column, NUMBER, node.raw, span, value)
    if value is None:
        return Cell(table, row, column, BLANK, "", span)
    if isinstance(value, bool):
        return Cell(table, row, column, TEXT, node.raw, span)
    if isinstance(value, (int, float)):
        return Cell(table, row, column, NUMBER, node.raw, span, value)
    if not node.style and node.raw in _JSON_NOT_FINITE:  # Python's json.dumps writes these
        return Cell(table, row, column, NUMBER, node.raw, span, float(node.raw))
    kind, number = parse_cell(value)
    return Cell(table, row, column, kind, node.raw, span, number)


def _tables(node: yamlsource.Node | None, template: Template, problems: list[Hit]
            ) -> dict[str, Table]:
    if not isinstance(node, yamlsource.Mapping):
        return {}
    tables = {}
    for table_id, (key, table_node) in node.entries.items():
        definition = template.tables.get(table_id)
        if definition is None:
            problems.append(Hit(key.span, f"tables.{table_id}", code=UNKNOWN_TABLE,
                                args={"table": table_id,
                                      "known": ", ".join(template.tables)}))
            continue
        assert isinstance(table_node, yamlsource.Mapping)
        tables[table_id] = _table(definition, key, table_node)
    return tables


def _table(definition: TableDef, key: yamlsource.Scalar, node: yamlsource.Mapping) -> Table:
    table_id = definition.id
    rows: dict[str, dict[str, Cell]] = {}
    row_spans = {}
    extra_rows: list[Value] = []
    extra_cells: list[Value] = []
    for row_id, (row_key, row_node) in node.entries.items():
        row_def = definition.row(row_id)
        path = f"tables.{table_id}.{row_id}"
        if row_def is None:
            extra_rows.append(Value(row_id, row_key.span, path, row_id))
            continue
        row_spans[row_id] = row_key.lazy_span()
        cells: dict[str, Cell] = {}
        if isinstance(row_node, yamlsource.Mapping):
            for column_id, (column_key, cell_node) in row_node.entries.items():
                if column_id in row_def.columns:
                    cells[column_id] = _cell(table_id, row_id, column_id, cell_node)
                else:
                    extra_cells.append(Value((row_def.label, column_id), column_key.span,
                                             f"{path}.{column_id}", column_id))
        else:
            items = row_node.items if isinstance(row_node, yamlsource.Sequence) else [row_node]
            columns = row_def.columns
            for column_id, cell_node in zip(columns, items):
                cells[column_id] = _cell(table_id, row_id, column_id, cell_node)
            for index in range(len(columns), len(items)):  # values past the row's columns
                cell_node = items[index]
                raw = cell_node.raw if isinstance(cell_node, yamlsource.Scalar) else "?"
                extra_cells.append(Value((row_def.label, raw), cell_node.span,
                                         f"{path}[{index}]", raw))
        rows[row_id] = cells
    return Table(table_id, key.span, f"tables.{table_id}", rows, row_spans,
                 tuple(extra_rows), tuple(extra_cells))


def _contact(node: yamlsource.Node | None) -> dict[str, Value]:
    if not isinstance(node, yamlsource.Mapping):
        return {}
    contact = {}
    for field, (_, value_node) in node.entries.items():
        assert isinstance(value_node, yamlsource.Scalar)
        contact[field] = Value(value_node.value, value_node.span, f"contact.{field}",
                               value_node.raw)
    return contact
