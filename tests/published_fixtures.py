"""Build the published forms of a report (web/PDF text, HTML, DOCX), laid out the way real
published reports are.

Text: `render_text` writes the structured example in one of the text styles real pages and
PDF extractions use (pipes, markdown, spaces, one cell a line, wrapped PDF lines, glued digits).

The source is a `Report` (the structured example, or a corpus report read at test time), so
every form carries exactly the same numbers. The layout follows the national template as pages
and Word files print it: the title over two lines, table 二 in its four captioned blocks, the
merged header of table 三 (note, 申请人情况, 法人或其他组织 over five columns) with the 三 group
label spanning the result rows, and the three header rows of table 四.

Every data cell is keyed `(table, row, column)`; the writers return where each keyed cell
stands (HTML: line and column of its `<td>`; DOCX: its `tableN:rR:cC` anchor), and `changes`
replaces a cell's published text, to make mutated fixtures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import regex
import yaml

from reportlint.model import Report
from reportlint.packs.pack import PackSet
from tests.helpers import EXAMPLE

Key = tuple[str, str, str]


@dataclass
class FixtureCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    key: Key | None = None


@dataclass
class Item:
    kind: str  # title, heading, para, table
    lines: list[str] = field(default_factory=list)
    rows: list[list[FixtureCell]] = field(default_factory=list)


def document(report: Report, changes: dict[Key, str] | None = None) -> list[Item]:
    """The report as a sequence of title, headings, paragraphs and tables. Only what the
    report has is printed: rows it lacks are left out, subtotal rows it has are printed."""
    changes = changes or {}
    items = []
    title = report.meta.get("title")
    if title is not None and title.value:
        cut = title.value.rfind("年度报告")
        items.append(Item("title", [title.value[:cut], title.value[cut:]] if cut > 0
                          else [title.value]))
    by_section: dict[str, list[str]] = {}
    for table_def in report.template.tables.values():
        by_section.setdefault(table_def.section, []).append(table_def.id)
    sections = {section.id for section in report.sections}
    unplaced = [t.span.line for table_id, t in report.tables.items()
                if report.template.tables[table_id].section not in sections]
    if report.intro is not None:
        # without section headings the tables' text runs on in the intro: print it once
        items.append(Item("para", _lines(report.intro, before=min(unplaced, default=0))))
    placed: set[str] = set()
    for section in report.sections:
        items.append(Item("heading", [section.title.value.strip()]))
        if section.body is not None and section.body.value.strip():
            items.append(Item("para", _lines(section.body)))
        for table_id in by_section.get(section.id or "", []):
            if table_id in report.tables:
                items.append(Item("table", rows=_LAYOUTS[table_id](report, changes)))
                placed.add(table_id)
    for table_id in report.template.tables:  # tables of a report without those headings
        if table_id in report.tables and table_id not in placed:
            items.append(Item("table", rows=_LAYOUTS[table_id](report, changes)))
    return [item for item in items if item.kind != "table" or item.rows]


def _lines(text, before: int = 0) -> list[str]:
    """The lines of a Text, up to source line `before` (when given)."""
    lines, offset = [], 0
    for line in text.value.split("\n"):
        if before and text.locate(offset).line >= before:
            break
        if line.strip():
            lines.append(line.strip())
        offset += len(line) + 1
    return lines


def _value(report: Report, changes: dict[Key, str], table: str, row: str, column: str
           ) -> FixtureCell:
    key = (table, row, column)
    cell = report.tables[table].cell(row, column)
    text = changes.get(key, cell.raw if cell is not None else "")
    return FixtureCell(text, key=key)


def _values(report: Report, changes: dict[Key, str], table: str, row: str,
            columns: list[str]) -> list[FixtureCell]:
    """The published cells of a row (a column the report lacks is not printed)."""
    published = report.tables[table].rows.get(row, {})
    return [_value(report, changes, table, row, c) for c in columns if c in published]


def _table2(report: Report, changes: dict[Key, str]) -> list[list[FixtureCell]]:
    table = report.template.tables["table2"]
    columns = {c.id: c for c in table.columns}
    published = report.tables["table2"].rows
    rows: list[list[FixtureCell]] = []
    block = None
    for row in table.rows:
        if row.id not in published:
            continue
        width = 4 - len(row.columns) if len(row.columns) == 1 else 1
        if row.block != block:
            block = row.block
            rows.append([FixtureCell(block, colspan=4)])
            rows.append([FixtureCell("信息内容")]
                        + [FixtureCell(columns[c].label.zh, colspan=width) for c in row.columns])
        cells = _values(report, changes, "table2", row.id, list(row.columns))
        for cell in cells:
            cell.colspan = width
        rows.append([FixtureCell(row.label.zh), *cells])
    for printed in rows:  # the last cell fills the row, as Word and page tables print it
        printed[-1].colspan += 4 - sum(cell.colspan for cell in printed)
    return rows


def _table3(report: Report, changes: dict[Key, str]) -> list[list[FixtureCell]]:
    table = report.template.tables["table3"]
    published = report.tables["table3"].rows
    columns = [c.id for c in table.columns]
    grouped = [c for c in table.columns if c.group is not None]
    rows = [
        [FixtureCell(table.note, colspan=3, rowspan=3), FixtureCell("申请人情况", colspan=7)],
        [FixtureCell(table.columns[0].label.zh, rowspan=2),
         FixtureCell(grouped[0].group.zh, colspan=len(grouped)),
         FixtureCell(table.columns[-1].label.zh, rowspan=2)],
        # long column labels wrap in the printed header, as in real pages
        [FixtureCell(_wrap(c.label.zh)) for c in grouped],
    ]
    shown = [r for r in table.rows if r.id in published]
    results = [r for r in shown if r.label.zh[:1] in "(1234567890"]
    for row in shown:
        cells: list[FixtureCell] = []
        if row not in results:
            cells.append(FixtureCell(row.label.zh, colspan=3))
        else:
            if row is results[0]:
                cells.append(FixtureCell("三、本年度办理结果", rowspan=len(results)))
            group = _group_of(table.rows, row)
            members = [r for r in _members(table.rows, group) if r in shown] if group else []
            if group is None or group.id in published:
                # a published subtotal row is a row of its own; so are its items then
                cells.append(FixtureCell(row.label.zh, colspan=2))
            else:
                if row is members[0]:
                    cells.append(FixtureCell(group.label.zh, rowspan=len(members)))
                cells.append(FixtureCell(row.label.zh))
        cells += _values(report, changes, "table3", row.id, columns)
        rows.append(cells)
    return rows if len(rows) > 3 else []


def _wrap(label: str) -> str:
    return f"{label[:2]}\n{label[2:]}" if len(label) == 4 else label


def _group_of(rows: list, row):  # the subtotal row a numbered item row belongs to
    if not row.label.zh[:1].isdigit():
        return None
    for previous in reversed(rows[:rows.index(row)]):
        if previous.optional:
            return previous
    return None


def _members(rows: list, group) -> list:
    start = rows.index(group) + 1
    members = []
    for row in rows[start:]:
        if not row.label.zh[:1].isdigit():
            break
        members.append(row)
    return members


def _table4(report: Report, changes: dict[Key, str]) -> list[list[FixtureCell]]:
    table = report.template.tables["table4"]
    if table.rows[0].id not in report.tables["table4"].rows:
        return []
    groups: list[tuple[str, list]] = []
    for column in table.columns:
        if not groups or groups[-1][0] != column.group.zh:
            groups.append((column.group.zh, []))
        groups[-1][1].append(column)
    review, *suits = groups
    rows = [
        [FixtureCell(review[0], colspan=len(review[1])),
         FixtureCell("行政诉讼", colspan=sum(len(g[1]) for g in suits))],
        [FixtureCell(c.label.zh, rowspan=2) for c in review[1]]
        + [FixtureCell(name, colspan=len(cols)) for name, cols in suits],
        [FixtureCell(c.label.zh) for _, cols in suits for c in cols],
        _values(report, changes, "table4", table.rows[0].id, [c.id for c in table.columns]),
    ]
    return rows


_LAYOUTS = {"table2": _table2, "table3": _table3, "table4": _table4}


def place(rows: list[list[FixtureCell]]) -> list[tuple[int, int, FixtureCell]]:
    """Grid (row, column) of every cell, as the HTML table algorithm lays merged cells out."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def unmerged(rows: list[list[FixtureCell]]) -> list[list[FixtureCell]]:
    """The table as drafted without merging the template's cells: a merged cell's text stands
    in its first place, and every other place it covered is an empty cell of its own."""
    placed = place(rows)
    height = max(r + cell.rowspan for r, _, cell in placed)
    width = max(c + cell.colspan for _, c, cell in placed)
    grid: list[list[FixtureCell]] = [[FixtureCell("") for _ in range(width)]
                                     for _ in range(height)]
    for r, c, cell in placed:
        grid[r][c] = FixtureCell(cell.text, key=cell.key)
    return grid


# -- HTML ------------------------------------------------------------------------------------

def to_html(items: list[Item], *, encoding: str = "utf-8", charset: str | None = "utf-8",
            layout: bool = False, bom: bool = False) -> tuple[bytes, dict[Key, tuple[int, int]]]:
    """The page and, for every keyed cell, the (line, column) of its `<td>`."""
    lines = ["<!DOCTYPE html>", "<html>", "<head>"]
    if charset:
        lines.append(f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    lines += ["<title>政府信息公开</title>", "<style>td { border: 1px solid #000; }</style>",
              '<script>var nav = "<table><tr><td>1</td></tr></table>";</script>',
              "</head>", "<body>", "<!-- 页面头部 <p>不是正文</p> -->"]
    indent = ""
    if layout:  # the page frame: navigation on the left, content on the right
        lines += ['<table width="100%" class="frame"><tr>',
                  '<td class="nav"><div>首页</div><div>信息公开</div></td>',
                  '<td class="content">']
        indent = "  "
    positions: dict[Key, tuple[int, int]] = {}
    for item in items:
        if item.kind == "title":
            lines.append(f'{indent}<h1 align="center">{"<br>".join(item.lines)}</h1>')
        elif item.kind == "heading":
            lines.append(f"{indent}<p><strong>{item.lines[0]}</strong></p>")
        elif item.kind == "para":
            lines += [f'{indent}<p style="text-indent:2em">&nbsp;&nbsp;{line}</p>'
                      for line in item.lines]
        else:
            lines.append(f'{indent}<table border="1" cellspacing="0" width="100%">')
            lines.append(f"{indent}<tbody>")
            for row in item.rows:
                lines.append(f"{indent}<tr>")
                for cell in row:
                    spans = "".join(f' {name}="{value}"' for name, value in
                                    (("colspan", cell.colspan), ("rowspan", cell.rowspan))
                                    if value > 1)
                    if cell.key is not None:
                        positions[cell.key] = (len(lines) + 1, len(indent) + 3)
                        text = cell.text or "&nbsp;"
                        lines.append(f'{indent}  <td{spans}><p align="center"><span>{text}'
                                     "</span></p></td>")
                    else:
                        text = cell.text.replace("\n", "<br>")
                        lines.append(f"{indent}  <td{spans}>{text}</td>")
                lines.append(f"{indent}</tr>")
            lines.append(f"{indent}</tbody></table>")
    if layout:
        lines.append("</td></tr></table>")
    lines += ["</body>", "</html>", ""]
    data = "\n".join(lines).encode(encoding)
    return (b"\xef\xbb\xbf" + data if bom else data), positions


# -- DOCX ------------------------------------------------------------------------------------

def to_docx(items: list[Item], *, numbered: bool = False) -> tuple[bytes, dict[Key, str]]:
    """The Word document and, for every keyed cell, its `tableN:rR:cC` anchor. `numbered`
    leaves the heading numerals (一、) to Word's list numbering, as many drafts do."""
    import docx

    document_ = docx.Document()
    if numbered:
        _chinese_list(document_)
    anchors: dict[Key, str] = {}
    tables = 0
    for item in items:
        if item.kind == "title":
            paragraph = document_.add_paragraph(style="Title")
            for index, line in enumerate(item.lines):
                run = paragraph.add_run(line)
                if index < len(item.lines) - 1:
                    run.add_break()
        elif item.kind == "heading" and numbered:
            heading = document_.add_heading(item.lines[0].split("、", 1)[1], level=1)
            heading._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 90
        elif item.kind == "heading":
            document_.add_heading(item.lines[0], level=1)
        elif item.kind == "para":
            for line in item.lines:
                document_.add_paragraph(line)
        else:
            tables += 1
            placed = place(item.rows)
            height = max(r + cell.rowspan for r, _, cell in placed)
            width = max(c + cell.colspan for _, c, cell in placed)
            table = document_.add_table(rows=height, cols=width)
            table.style = "Table Grid"
            for r, c, cell in placed:
                target = table.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                target.text = cell.text
                if cell.key is not None:
                    anchors[cell.key] = f"table{tables}:r{r + 1}:c{c + 1}"
    buffer = io.BytesIO()
    document_.save(buffer)
    return buffer.getvalue(), anchors


def _chinese_list(document_) -> None:
    """A list numbered 一、二、三、 (Word's chineseCounting format), as numId 90."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document_.part.numbering_part.element
    first_num = numbering.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
        '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        "</w:lvl></w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90">'
                               '<w:abstractNumId w:val="90"/></w:num>'))


def structured_report(path, packs) -> Report:
    """A structured (YAML) report file read into the model."""
    from pathlib import Path

    from reportlint.readers import structured

    result = structured.read(str(path), Path(path).read_bytes(), packs, None, "yaml")
    assert result.report is not None, result.problems
    return result.report


def grid(blocks) -> list:
    """Blocks without positions: paragraph texts, and tables as (text, colspan, rowspan)."""
    from reportlint.readers.blocks import TableBlock

    return [[[(c.text, c.colspan, c.rowspan) for c in row] for row in block.rows]
            if isinstance(block, TableBlock) else block.text for block in blocks]



def mutate_yaml(text: str, template, table: str, row: str, column: str, value: str) -> str:
    """The example's YAML with one published cell changed (rows are flow lists)."""
    index = next(r for r in template.tables[table].rows if r.id == row).columns.index(column)
    pattern = regex.compile(rf"^(\s+{row}:\s*\[)([^\]]*)\]", regex.M)
    match = pattern.search(text)
    cells = match.group(2).split(",")
    cells[index] = f" {value}" if index else value
    return text[:match.start(2)] + ",".join(cells) + text[match.end(2):]


# --- the example as web or PDF text ----------------------------------------------------------

EXAMPLE_DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
CONTACT_LINE = "联系地址：云溪县石桥镇人民路8号，邮编：617300，联系电话：0813-5551234。"
TEXT_STYLES = ("pipe", "markdown", "spaces", "cells", "pdf", "glued")


def _table_lines(packs: PackSet, table_id: str, style: str) -> list[str]:
    definition = packs.get("annual-2021").template.tables[table_id]
    rows = EXAMPLE_DATA["tables"][table_id]
    header = ["信息内容" if table_id == "table2" else "申请人情况",
              *[c.label.zh for c in definition.columns]]
    lines = []
    if style in ("pipe", "spaces", "pdf", "glued"):
        lines.append((" | " if style == "pipe" else " ").join(header))
    elif style == "markdown":
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    else:
        lines += [f"{word} |" + "|" * index for index, word in enumerate(header)]
    for row in definition.rows:
        if row.id not in rows:
            continue
        values = [str(v) for v in rows[row.id]]
        label = [row.label.zh] if len(definition.rows) > 1 else []
        if style == "pipe":
            lines.append(" | ".join([*label, *values]))
        elif style == "markdown":
            lines.append("| " + " | ".join([*label, *values]) + " |")
        elif style in ("spaces", "pdf"):
            lines.append(" ".join([*label, *values]))
        elif style == "glued":
            lines.append("".join([*label, *values]))
        else:
            lines += [f"{cell} |" for cell in [*label, *values]]
    return lines


def render_text(packs: PackSet, style: str) -> str:
    """The structured example as a published text in one style (fictional text, real layout)."""
    data = EXAMPLE_DATA
    title = data["meta"]["title"]
    lines = [title[:12], title[12:]] if style in ("cells", "pdf") else [title]
    lines.append(data["intro"].strip())
    tables = {"二": "table2", "三": "table3", "四": "table4"}
    for section in data["sections"]:
        lines.append(section["title"])
        if section["text"]:
            lines += section["text"].strip().split("\n")
        numeral = section["title"][0]
        if numeral in tables:
            lines += _table_lines(packs, tables[numeral], style)
    lines.append(CONTACT_LINE)
    if style == "glued":
        return " ".join(lines) + "\n"
    if style == "pdf":
        wrapped, page = [], 1
        for line in lines:
            while len(line) > 30:
                wrapped.append(line[:30])
                line = line[30:]
                if len(wrapped) % 25 == 0:
                    page += 1
                    wrapped.append(f"-{page} -")
            wrapped.append(line)
        return "-1 -\n" + "\n".join(wrapped) + "\n"
    return "\n".join(lines) + "\n"
