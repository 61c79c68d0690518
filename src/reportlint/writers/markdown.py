"""The report as GitHub-flavoured Markdown, for review in pull requests.

GFM tables cannot merge cells, so a table keeps one label column: a group label (三、本年度办理结果,
(三)不予公开, a 表二 block caption) is a row of its own, and the header is one row whose cells join
the merged header texts above each column (法人或其他组织/商业企业). Prose is printed as it is,
one paragraph per line; nothing is escaped but `|` inside a table cell.
"""

from __future__ import annotations

from reportlint.writers.document import Document, Grid, GridCell


def write(document: Document) -> bytes:
    out: list[str] = []
    if document.title:
        out += [f"# {document.title}", ""]
    out += _paragraphs(document.intro)
    for grid in document.leading:
        out += _table(grid, document.head_stubs[grid.id])
    for part in document.parts:
        out += [f"## {part.title}", ""]
        out += _paragraphs(part.paragraphs)
        for grid in part.grids:
            out += _table(grid, document.head_stubs[grid.id])
    out += _paragraphs(document.closing)
    out += _paragraphs(document.signature)
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _paragraphs(lines: tuple[str, ...]) -> list[str]:
    return [item for line in lines for item in (line, "")]


def _table(grid: Grid, head_stub: int) -> list[str]:
    rows = list(grid.body)
    if grid.head:
        header = grid.header_texts(head_stub)
    else:  # the first row (a block caption) heads the table
        first = rows.pop(0)
        header = [cell.text for cell in first] + [""] * (grid.width - len(first))
    out = [_line(header), _line(["---"] * len(header))]
    out += [_line(_cells(row)) for row in rows]
    return [*out, ""]


def _cells(row: tuple[GridCell, ...]) -> list[str]:
    """The row's texts; a merged cell is printed once, with empty cells after it only where
    cells follow (a trailing merged cell simply ends the row)."""
    texts: list[str] = []
    for index, cell in enumerate(row):
        texts.append(cell.text)
        if index < len(row) - 1:
            texts += [""] * (cell.cols - 1)
    return texts


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(text.replace("|", "\\|") for text in cells) + " |"
