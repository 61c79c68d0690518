"""Word documents (.docx) -> blocks (paragraphs and tables in document order).

python-docx reads the package (imported only when a DOCX is read); its XML parser does not
resolve entities, and the archive's unpacked size is checked before anything is parsed.

A DOCX has no lines, so positions are anchors (`Span.line` is 0; findings print
`path:anchor`):
- `p12`: the 12th paragraph of the document body (1-based, empty paragraphs counted, as Word
  counts them when you step through the document);
- `table3:r5:c2`: the cell in row 5, grid column 2 of the document's 3rd table (1-based; tables
  counted in document order, nested ones included; the column is the grid column, so a cell
  right of a merged one keeps its column number);
- `table1:r1:c1:p3`: the 3rd paragraph of a cell of a layout table (see below).

Merged cells are given once: `gridSpan` becomes the colspan, a `vMerge` restart and its
continuation cells become one cell with a rowspan. A table that holds another table is taken as
page layout: its content joins the document flow. A soft line break (`<w:br/>`, Shift+Enter)
inside a paragraph starts a new line, as `<br>` does in HTML.
"""

from __future__ import annotations

import gc
import io
import zipfile

from reportlint import i18n
from reportlint.codes import DOCX_UNREADABLE
from reportlint.findings import Hit
from reportlint.labels import Label
from reportlint.model import FILE_START, Span
from reportlint.readers.blocks import Block, CellText, Paragraph, TableBlock
from reportlint.readers.docx_numbering import Numbering

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# An annual report's document.xml is well under 1 MiB; a package unpacking to more is refused.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_DOCUMENT_XML = 16 * 1024 * 1024  # word/document.xml itself, read whole by python-docx
MAX_ELEMENTS = 200_000  # in word/document.xml; a long report holds a few tens of thousands
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_blocks(data: bytes) -> tuple[list[Block] | None, list[Hit]]:
    """(blocks, problems); blocks is None when the file is not a readable DOCX."""
    problem = _package_problem(data)
    if problem:
        return None, [Hit(FILE_START, code=DOCX_UNREADABLE, args={"problem": problem})]
    try:
        import docx  # lazy: only a DOCX pays for python-docx and lxml

        blocks = _blocks(docx.Document(io.BytesIO(data)))
    except Exception as error:  # a package python-docx cannot read is a finding, not a crash
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, [Hit(FILE_START, code=DOCX_UNREADABLE,
                          args={"problem": i18n.docx_unopenable(detail)})]
    finally:
        # python-docx's package and its parts refer to each other, so a document and its XML
        # trees (~5 MiB for a report, in lxml's memory, unseen by the collector's counts) are
        # freed only by a collection: the run's rarer young passes (cli.main) let 80 documents
        # pile up to 500 MiB. The document was made during this read, so it is in the young
        # generations: collecting those is ~free; a full collection (~5 ms a file, 1.2x the
        # CPU of reading Word) would also pass over everything the process holds.
        gc.collect(1)
    return blocks, []


def _blocks(document: Any) -> list[Block]:
    """The document's blocks; a function of its own so that no frame of `read_blocks` still
    holds the document when it collects."""
    walker = _Walker(Numbering(document))
    walker.body(document.element.body)
    return walker.blocks


def _package_problem(data: bytes) -> Label | None:
    if data.startswith(_OLE_MAGIC):
        return i18n.DOC_NOT_DOCX
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return i18n.NOT_A_ZIP
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            return i18n.NO_DOCUMENT_XML
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            return i18n.docx_too_big(unpacked, MAX_UNPACKED)
        try:  # the declared sizes may lie: the text part is read up to the limit, no further
            with archive.open("word/document.xml") as part:
                text = part.read(MAX_DOCUMENT_XML + 1)
        except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError) as error:
            return i18n.docx_unopenable(str(error).splitlines()[0] if str(error) else
                                        type(error).__name__)
    if len(text) > MAX_DOCUMENT_XML:
        return i18n.docx_too_big(len(text), MAX_DOCUMENT_XML)
    elements = text.count(b"<") - text.count(b"</")  # element starts, empty ones included
    if elements > MAX_ELEMENTS:  # 60 MiB of <w:p/> took 3 minutes and 3.4 GB
        return i18n.docx_too_many_elements(MAX_ELEMENTS)
    return None


def _anchor(name: str) -> Span:
    return Span(0, 1, anchor=name)


class _Walker:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def body(self, element: Any) -> None:
        for child in _content(element):
            if child.tag == _W + "p":
                self.paragraphs += 1
                self.paragraph(child, f"p{self.paragraphs}")
            else:
                self.table(child)

    def text(self, paragraph: Any) -> str:
        """The paragraph as printed: with the number Word draws for a numbered paragraph."""
        return self.numbering.label(paragraph) + _printed_text(paragraph)

    def paragraph(self, element: Any, anchor: str) -> None:
        for line in self.text(element).split("\n"):
            text = line.strip()
            if text:
                self.blocks.append(Paragraph(text, _anchor(anchor)))

    def table(self, element: Any) -> None:
        self.tables += 1
        name = f"table{self.tables}"
        grid = _grid(element)
        if any(tc.find(f".//{_W}tbl") is not None for row in grid for _, tc in row):
            self.layout(grid, name)
            return
        rows = []
        for r, row in enumerate(grid):
            cells = []
            for column, tc in row:
                if tc.vMerge == "continue":
                    continue
                cells.append(CellText(self.cell_text(tc), _anchor(f"{name}:r{r + 1}:c{column + 1}"),
                                      colspan=tc.grid_span, rowspan=_rowspan(grid, r, column)))
            rows.append(tuple(cells))
        self.blocks.append(TableBlock(tuple(rows), _anchor(name)))

    def cell_text(self, tc: Any) -> str:
        lines = [line.strip() for child in _content(tc) if child.tag == _W + "p"
                 for line in self.text(child).split("\n")]
        return "\n".join(line for line in lines if line)

    def layout(self, grid: list[list[tuple[int, Any]]], name: str) -> None:
        for r, row in enumerate(grid):
            for column, tc in row:
                ordinal = 0
                for child in _content(tc):
                    if child.tag == _W + "p":
                        ordinal += 1
                        self.paragraph(child, f"{name}:r{r + 1}:c{column + 1}:p{ordinal}")
                    else:
                        self.table(child)


# Wrappers whose runs are not printed: deleted or moved-away text, and the paragraphs of a
# text box anchored in this paragraph (they are not part of its line).
_NOT_PRINTED = frozenset({_W + "del", _W + "moveFrom", _W + "p", _W + "txbxContent"})


def _printed_text(paragraph: Any) -> str:
    """The text of every run Word prints in this paragraph. python-docx's own `text` reads
    only direct runs and hyperlinks, and so drops runs inside smart tags (older Word wraps
    dates such as 2024年1月1日 in them), tracked insertions, fields and content controls."""
    parts = []
    for run in paragraph.iter(_W + "r"):
        parent = run.getparent()
        while parent is not None and parent is not paragraph and parent.tag not in _NOT_PRINTED:
            parent = parent.getparent()
        if parent is paragraph:
            parts.append(run.text)
    return "".join(parts)


def _content(element: Any) -> list[Any]:
    """The paragraphs and tables of a body or cell, looking inside content controls."""
    found = []
    for child in element:
        if child.tag in (_W + "p", _W + "tbl"):
            found.append(child)
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                found.extend(_content(content))
    return found


def _grid(table: Any) -> list[list[tuple[int, Any]]]:
    """Each row's cells with the 0-based grid column each starts at."""
    grid = []
    for tr in table.findall(_W + "tr"):
        column = tr.grid_before
        row = []
        for tc in tr.findall(_W + "tc"):
            row.append((column, tc))
            column += tc.grid_span
        grid.append(row)
    return grid


def _rowspan(grid: list[list[tuple[int, Any]]], row: int, column: int) -> int:
    tc = dict(grid[row])[column]
    if tc.vMerge != "restart":
        return 1
    span = 1
    for below in grid[row + 1:]:
        next_tc = dict(below).get(column)
        if next_tc is None or next_tc.vMerge != "continue":
            break
        span += 1
    return span


