"""The report as one self-contained web page, in the look of a portal article.

No script, no external resource (styles are inline in the page), A4 print styles (tables do
not break inside a row; header rows repeat on each page), and accessible tables: real
`<table>` elements named by their section heading, `<th scope>` for column headers, block
captions and row labels, merged cells as colspan/rowspan.
"""

from __future__ import annotations

from html import escape

from reportlint import __version__
from reportlint.writers.document import CAPTION, DATA, GROUP, HEAD, LABEL, NOTE, Document, Grid, GridCell

STYLE = """
@page { size: A4; margin: 25mm 20mm 22mm; @bottom-center { content: counter(page); } }
html { background: #f2f2f2; }
body { margin: 0; color: #222; font: 16px/1.9 "FangSong", "仿宋", "仿宋_GB2312", "STFangsong",
  "Noto Serif CJK SC", serif; }
main { max-width: 960px; margin: 24px auto; padding: 40px 56px 56px; background: #fff;
  border-top: 4px solid #b5232b; }
h1 { margin: 0 0 28px; padding-bottom: 18px; border-bottom: 1px solid #ddd; text-align: center;
  font: bold 26px/1.5 "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC", serif;
  color: #b5232b; }
h2 { margin: 24px 0 8px; font: 18px/1.8 "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
p { margin: 0 0 6px; text-indent: 2em; text-align: justify; }
table { width: 100%; margin: 12px 0 20px; border-collapse: collapse; font-size: 14px; line-height: 1.5; }
th, td { border: 1px solid #333; padding: 4px 6px; vertical-align: middle; }
thead th, th[scope="col"], th[scope="colgroup"] { background: #f5f5f5; text-align: center; font-weight: normal; }
tbody th { text-align: left; font-weight: normal; }
td { text-align: center; min-width: 2.5em; }
td.note { text-align: center; font-size: 13px; }
.closing p { text-indent: 2em; }
.signature { margin-top: 28px; text-align: right; }
.signature p { text-indent: 0; text-align: right; margin: 0; }
@media print {
  html { background: none; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  h1 { color: #000; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""


def write(document: Document) -> bytes:
    title = escape(document.title)
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="reportlint {__version__}">',
           f"<title>{title or '政府信息公开工作年度报告'}</title>",
           f"<style>{STYLE}</style>", "</head>", "<body>", "<main>"]
    if document.title:
        out.append(f"<h1>{title}</h1>")
    out += _paragraphs(document.intro)
    out += [line for grid in document.leading for line in _table(grid, "")]
    for number, part in enumerate(document.parts, start=1):
        anchor = f"part-{number}"
        out.append(f'<h2 id="{anchor}">{escape(part.title)}</h2>')
        out += _paragraphs(part.paragraphs)
        out += [line for grid in part.grids for line in _table(grid, anchor)]
    if document.closing:
        out += ['<div class="closing">', *_paragraphs(document.closing), "</div>"]
    if document.signature:
        out += ['<div class="signature">', *_paragraphs(document.signature), "</div>"]
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _paragraphs(lines: tuple[str, ...]) -> list[str]:
    return [f"<p>{escape(line)}</p>" for line in lines]


def _table(grid: Grid, heading: str) -> list[str]:
    name = f'aria-labelledby="{heading}"' if heading else f'aria-label="{escape(grid.title)}"'
    out = [f'<table class="{grid.id}" {name}>']
    if grid.head:
        out.append("<thead>")
        out += [_row(row) for row in grid.head]
        out.append("</thead>")
    out.append("<tbody>")
    out += [_row(row) for row in grid.body]
    out += ["</tbody>", "</table>"]
    return out


def _row(cells: tuple[GridCell, ...]) -> str:
    return "<tr>" + "".join(_cell(cell) for cell in cells) + "</tr>"


def _cell(cell: GridCell) -> str:
    spans = "".join(f' {name}="{value}"' for name, value in (("colspan", cell.cols),
                                                             ("rowspan", cell.rows)) if value > 1)
    text = escape(cell.text)
    if cell.kind == DATA:
        return f"<td{spans}>{text}</td>"
    if cell.kind == NOTE:
        return f'<td class="note"{spans}>{text}</td>'
    if cell.kind in (HEAD, CAPTION):
        scope = "colgroup" if cell.cols > 1 else "col"
        return f'<th scope="{scope}"{spans}>{text}</th>'
    assert cell.kind in (LABEL, GROUP)
    return f'<th scope="row"{spans}>{text}</th>'
