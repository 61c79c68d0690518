"""The report as a Word document (python-docx), set as offices set a 公文-style report.

A4 with the margins of GB/T 9704; named paragraph styles in the fonts offices use: 报告标题
(方正小标宋简体 二号), 一级标题 (黑体 三号, an outline level for the navigation pane), 报告正文
(仿宋_GB2312 三号, first line indented two characters, 28-point lines), 表格文字 (仿宋_GB2312)
and 落款 (right-aligned); tables with single borders and merged cells as the national template
prints them, header rows repeated on each page, rows not split across pages; the page number
centred in the footer as "— 1 —". The output is the same bytes for the same report: the
package's dates come from the report, not from the clock.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from reportlint.writers.document import GROUP, LABEL, Document, Grid

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TEXT_WIDTH_CM = 15.6  # A4 less the 28 mm and 26 mm side margins
_BODY_FONT, _HEADING_FONT, _TITLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体"


def write(document: Document, when: datetime.date | None = None) -> bytes:
    """The .docx bytes; `when` dates the package (default: the report's own year end)."""
    import docx

    word = docx.Document()
    _page(word)
    styles = _styles(word)
    core = word.core_properties
    core.title = document.title
    core.author = core.last_modified_by = "reportlint"
    stamp = datetime.datetime.combine(when or datetime.date(2000, 1, 1), datetime.time())
    core.created = core.modified = stamp
    core.revision = 1
    if document.title:
        word.add_paragraph(document.title, styles["title"])
    for line in document.intro:
        word.add_paragraph(line, styles["body"])
    for grid in document.leading:
        _table(word, grid, styles)
    for part in document.parts:
        word.add_paragraph(part.title, styles["heading"])
        for line in part.paragraphs:
            word.add_paragraph(line, styles["body"])
        for grid in part.grids:
            _table(word, grid, styles)
    for line in document.closing:
        word.add_paragraph(line, styles["body"])
    if document.signature:
        word.add_paragraph("", styles["body"])
        for line in document.signature:
            word.add_paragraph(line, styles["signature"])
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_dates(buffer.getvalue())


# --- page and styles ----------------------------------------------------------------------------


def _page(word: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer)
    footer.add_run(" —")


def _page_field(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            run.text = text


def _font(style: Any, east_asian: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), east_asian if attribute == "w:eastAsia" else "Times New Roman")
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _styles(word: Any) -> dict[str, Any]:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    styles = word.styles

    def paragraph_style(name: str, font: str, size: float, base: str = "Normal") -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        _font(style, font, size)
        layout = style.paragraph_format
        layout.space_before = layout.space_after = Pt(0)
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(28)
        return style

    title = paragraph_style("报告标题", _TITLE_FONT, 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28)
    heading = paragraph_style("一级标题", _HEADING_FONT, 16, base="Heading 1")
    _indent_two_characters(heading)
    heading.paragraph_format.keep_with_next = True
    body = paragraph_style("报告正文", _BODY_FONT, 16)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_two_characters(body)
    cell = paragraph_style("表格文字", _BODY_FONT, 10.5)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    label = paragraph_style("表格标签", _BODY_FONT, 10.5, base="表格文字")
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    label.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    signature = paragraph_style("落款", _BODY_FONT, 16)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return {"title": title, "heading": heading, "body": body, "cell": cell, "label": label,
            "signature": signature}


def _indent_two_characters(style: Any) -> None:
    from docx.oxml.ns import qn

    indent = style.element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")
    indent.set(qn("w:firstLine"), "640")


# --- tables -------------------------------------------------------------------------------------


def _table(word: Any, grid: Grid, styles: dict[str, Any]) -> None:
    from reportlint.layout import place

    rows = [*grid.head, *grid.body]
    table = word.add_table(rows=len(rows), cols=grid.width)
    table.style = word.styles["Table Grid"]
    table.autofit = False
    _borders(table)
    # every grid position once, before merging (python-docx's table.cell() walks the whole
    # table on each call); a merge keeps the top-left cell, the others are not used again
    flat = table._cells
    cells = [flat[r * grid.width:(r + 1) * grid.width] for r in range(len(rows))]
    for index, width in enumerate(_widths(grid)):
        table.columns[index].width = width  # the grid LibreOffice lays out by
        for row_cells in cells:
            row_cells[index].width = width
    for r, row in enumerate(table.rows):
        _row_properties(row, header=r < len(grid.head))
    size = 9 if grid.width > 12 else None
    label_style, cell_style = styles["label"].style_id, styles["cell"].style_id
    for r, c, cell in place(rows, grid.width):
        target = cells[r][c]
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(cells[r + cell.rows - 1][c + cell.cols - 1])
        paragraph = target.paragraphs[0]
        paragraph._p.style = label_style if cell.kind in (LABEL, GROUP) else cell_style
        run = paragraph.add_run(cell.text)
        if size:
            from docx.shared import Pt

            run.font.size = Pt(size)
        _middle(target)
    word.add_paragraph("", styles["body"])  # the space after a table, as Word users leave it


def _widths(grid: Grid) -> list[Any]:
    """Label columns get room for their labels; data columns share the rest equally."""
    from docx.shared import Cm

    data = grid.width - grid.stub
    if grid.stub == 0:
        return [Cm(TEXT_WIDTH_CM / data)] * data
    narrow = [1.1] * (grid.stub - 1)  # the group columns (三、本年度办理结果, (三)不予公开)
    data_width = min(1.5, (TEXT_WIDTH_CM - sum(narrow) - 3.0) / data) if data else 0
    label = TEXT_WIDTH_CM - sum(narrow) - data_width * data
    return [Cm(w) for w in (*narrow, label)] + [Cm(data_width)] * data


def _borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                            ("w:color", "000000")):
            line.set(qn(name), value)
        borders.append(line)
    properties.append(borders)


def _row_properties(row: Any, header: bool) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _middle(cell: Any) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _fixed_dates(data: bytes) -> bytes:
    """The package with every member dated 1980-01-01, so that it does not vary by the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
