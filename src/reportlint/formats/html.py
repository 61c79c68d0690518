"""One self-contained HTML page (inline CSS and JS, nothing fetched): each report's tables
with the offending cells highlighted and the finding (the equation, expected vs found)
beside them, the prose a finding points into, and for several reports a sortable summary
by rule and by organ.

Each report is rendered as soon as its result arrives and then dropped, so memory holds
page fragments, not reports.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from reportlint import __version__
from reportlint.findings import Finding, visible
from reportlint.formats import Context, Formatter, Summary
from reportlint.formats.text import SEVERITY_NAMES, summary_line
from reportlint.model import Text
from reportlint.pairing import same_organs


def escape(text: str) -> str:
    """HTML-escaped, with control and bidi-override characters of report values made visible."""
    return html.escape(visible(text))

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO
    from reportlint.findings import FileResult
    from reportlint.model import Report, Table
    from reportlint.template import TableDef

WORDS = {
    "zh": {"title": "reportlint 检查结果", "summary": "汇总", "by_rule": "按规则",
           "by_organ": "按机关", "code": "代码", "name": "规则", "count": "数量",
           "organ": "机关", "file": "文件", "findings": "问题", "prose": "正文中的问题",
           "other": "其他问题", "problems": "问题", "none": "未发现问题。", "row": "项目",
           "unreadable": "报告无法读取，只列出问题。", "sort": "点击表头排序",
           "pages": "（PDF 第 {pages} 页）", "only_errors": "只看有错误的报告",
           "reports": "报告", "variants": "又写作：", "fix_title": "修改方法", "what": "作用",
           "why": "理由", "fix": "修改方法"},
    "en": {"title": "reportlint results", "summary": "Summary", "by_rule": "By rule",
           "by_organ": "By organ", "code": "Code", "name": "Rule", "count": "Count",
           "organ": "Organ", "file": "File", "findings": "Findings", "prose": "Findings in the text",
           "other": "Other findings", "problems": "Problems", "none": "No problems found.",
           "row": "Item", "unreadable": "The report could not be read; findings only.",
           "sort": "click a heading to sort", "pages": " (PDF p. {pages})",
           "only_errors": "only reports with errors", "reports": "Reports",
           "variants": "also written: ", "fix_title": "How to fix", "what": "What it does",
           "why": "Why", "fix": "How to fix"},
}

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}
th,td{border:1px solid #bbb;padding:2px 6px;vertical-align:top}
td.num,table.report-table td{text-align:right;font-variant-numeric:tabular-nums}
table.report-table td.notes{text-align:left}
td.cell-bad{background:#ffb3b3;outline:2px solid #c00;font-weight:bold}
td.cell-bad[data-severity=warning],td.cell-bad[data-severity=info]{background:#fff0c2;
outline:2px dotted #a60;font-weight:normal}
td.cell-missing{background:#eee}
td.cell-contradicted{background:#ffe08a;outline:2px dashed #a60}
td.notes{font-size:.9em;color:#900;min-width:18em}
.sev-error{color:#b00}.sev-warning{color:#a60}.sev-info{color:#06c}
mark{background:#ffe08a}
blockquote{border-left:3px solid #ccc;margin:.3em 0;padding-left:.8em;color:#444}
th.sortable{cursor:pointer}th.sortable:after{content:" \\2195";color:#999}
.path{font-family:monospace}.variants{font-size:.85em;color:#666}a.has-errors{color:#b00}
body.only-errors section.report[data-errors="0"],body.only-errors #by-organ tr[data-errors="0"]{display:none}
section.report{content-visibility:auto;contain-intrinsic-size:auto 1500px}
"""

SCRIPT = """
var only = document.getElementById("only-errors");
if (only) only.addEventListener("change", function(){
  document.body.classList.toggle("only-errors", only.checked);
});
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th.sortable").forEach(function(th, index){
    th.addEventListener("click", function(){
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = th.dataset.order !== "asc";
      rows.sort(function(a, b){
        var x = a.cells[index].dataset.sort || a.cells[index].textContent;
        var y = b.cells[index].dataset.sort || b.cells[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? c : -c;
      });
      th.dataset.order = ascending ? "asc" : "desc";
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
});
"""


def _finding_line(finding: Finding, lang: str) -> str:
    """The finding, its code a link to how to fix it (the rule's doc, at the end of the page)."""
    names = SEVERITY_NAMES.get(lang, SEVERITY_NAMES["zh"])
    code = escape(finding.code)
    return (f'<span class="sev-{escape(finding.severity)}"><a class="rule" href="#doc-{code}">'
            f'{code}</a> {escape(names.get(finding.severity, finding.severity))}</span> '
            f'{escape(finding.message)} <span class="path">{escape(finding.place(lang))}</span>')


def _excerpt(text: Text, finding: Finding) -> str | None:
    """The paragraph of `text` the finding points into, the pointed-at part marked."""
    span = finding.span
    start = end = None
    for offset in range(len(text.value) + 1):
        point = text.locate(offset)
        if start is None and (point.line, point.column) == (span.line, span.column):
            start = offset
        if (point.line, point.column) == (span.end_line, span.end_column):
            end = offset
            break
    if start is None:
        return None
    end = end if end is not None and end > start else start
    left = text.value.rfind("\n", 0, start) + 1
    right = text.value.find("\n", end)
    right = len(text.value) if right < 0 else right
    value = text.value
    return (escape(value[left:start]) + "<mark>" + escape(value[start:end]) + "</mark>"
            + escape(value[end:right]))


def _worst(findings: list[Finding]) -> str:
    return next((s for s in ("error", "warning") if any(f.severity == s for f in findings)), "info")


class HtmlFormatter(Formatter):
    needs_report = True

    def __init__(self, stream: TextIO, context: Context) -> None:
        super().__init__(stream, context)
        self.words = WORDS.get(context.lang, WORDS["zh"])
        self.fragments: list[str] = []
        self.files: list[tuple[str, str, str, Counter[str]]] = []  # organ, path, anchor, counts
        self.same_organ: Any = None  # the pack's rule for one organ written two ways
        self.by_rule: Counter[str] = Counter()

    def file(self, result: FileResult) -> None:
        organ = ""
        if result.report is not None:
            value = result.report.meta.get("organ")
            organ = str(value.value) if value is not None else ""
        anchor = f"report-{len(self.fragments) + 1}"
        self.files.append((organ, result.path, anchor, Counter(f.severity for f in result.findings)))
        if result.report is not None and organ:
            self.same_organ = self.same_organ or result.report.template.recognition.get("same_organ")
        for finding in result.findings:
            self.by_rule[finding.code] += 1
        self.fragments.append(self._report(result, anchor))

    # --- one report ------------------------------------------------------------------------

    def _report(self, result: FileResult, anchor: str) -> str:
        words = self.words
        report = result.report
        heading = escape(self.context.relative(result.path))
        if report is not None:
            title = report.meta.get("title")
            if title is not None:
                heading += f" — {escape(str(title.value))}"
        errors = sum(f.severity == "error" for f in result.findings)
        out = [f'<section class="report" id="{anchor}" data-file="{escape(result.path)}" '
               f'data-errors="{errors}">', f"<h2>{heading}</h2>"]
        if not result.findings:
            out.append(f"<p>{words['none']}</p>")
        if report is None:
            out.append(f"<p>{words['unreadable']}</p>")
            out.append(self._list(result.findings))
            return "\n".join([*out, "</section>"])
        by_path: dict[str, list[Finding]] = defaultdict(list)
        claims: dict[str, list[Finding]] = defaultdict(list)  # cell path -> prose findings
        for finding in result.findings:
            if finding.data_path:
                by_path[finding.data_path].append(finding)
            # a table finding's related cells are its own (the blank cells of a row); prose
            # findings' are the cells the prose contradicts
            own = finding.data_path.startswith("tables.")
            for path in finding.related:
                (by_path if own else claims)[path].append(finding)
        used: set[int] = set()
        for table_id, definition in report.template.tables.items():
            out.append(self._table(report, table_id, definition, by_path, claims, used))
        prose = self._prose(report, result.findings, used)
        if prose:
            out += [f"<h3>{words['prose']}</h3>", prose]
        rest = [f for f in result.findings if id(f) not in used]
        if rest:
            out += [f"<h3>{words['other'] if used else words['findings']}</h3>", self._list(rest)]
        out.append("</section>")
        return "\n".join(out)

    def _list(self, findings: list[Finding]) -> str:
        items = "".join(f"<li>{_finding_line(f, self.context.lang)}</li>" for f in findings)
        return f'<ul class="findings">{items}</ul>'

    def _table(self, report: Report, table_id: str, definition: TableDef,
               by_path: dict[str, list[Finding]], claims: dict[str, list[Finding]],
               used: set[int]) -> str:
        lang = self.context.lang
        table = report.tables.get(table_id)
        head = "".join(f"<th>{escape(c.full_label.text(lang))}</th>" for c in definition.columns)
        rows = []
        for row in definition.rows:
            if row.optional and (table is None or row.id not in table.rows):
                continue  # an optional row (a subtotal) the report does not have
            cells = []
            notes = []
            noted: set[int] = set()  # a finding on several cells of the row is noted once
            for column in definition.columns:
                if column.id not in row.columns:
                    cells.append('<td class="na"></td>')
                    continue
                cell = table.cell(row.id, column.id) if table is not None else None
                path = cell.path if cell is not None else f"tables.{table_id}.{row.id}.{column.id}"
                found = by_path.get(path, [])
                classes = ["num"]
                if cell is None:
                    classes.append("cell-missing")
                if found:
                    classes.append("cell-bad")
                    for finding in found:
                        used.add(id(finding))
                        if id(finding) not in noted:
                            noted.add(id(finding))
                            notes.append(f"<div>{_finding_line(finding, lang)}</div>")
                if claims.get(path):
                    # the prose contradicts this cell: the claim itself is quoted below
                    classes.append("cell-contradicted")
                    notes += [f'<div class="claim-note">{_finding_line(f, lang)}</div>'
                              for f in claims[path]]
                title = f' title="{escape(" / ".join(f.message for f in found))}"' if found else ""
                if found:  # an error's cell looks different from a warning's
                    title += f' data-severity="{_worst(found)}"'
                raw = escape(cell.raw) if cell is not None else ""
                # where the cell was read (a PDF's page and cell, a DOCX cell): to find it
                place = f' data-anchor="{escape(cell.span.anchor)}"' \
                    if cell is not None and cell.span.anchor else ""
                if len(classes) == 1 and not place:
                    # a cell with nothing to say: plain, as a page of 2,000 reports holds
                    # hundreds of thousands of them (its path is its row and column)
                    cells.append(f"<td>{raw}</td>")
                    continue
                cells.append(f'<td class="{" ".join(classes)}" data-path="{escape(path)}"'
                             f'{place}{title}>{raw}</td>')
            rows.append(f"<tr><th>{escape(row.label.text(lang))}</th>{''.join(cells)}"
                        f'<td class="notes">{"".join(notes)}</td></tr>')
        return (f'<h3>{escape(definition.title.text(lang))}{self._pages(report, table)}</h3>'
                f'<table class="report-table" data-table="{escape(table_id)}"><thead><tr>'
                f"<th>{self.words['row']}</th>{head}<th>{self.words['problems']}</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")

    def _pages(self, report: Report, table: Table | None) -> str:
        """` (PDF p. 2–4)`: the pages a PDF table was read from, to compare it with the page."""
        if report.form != "pdf" or table is None:
            return ""
        pages = sorted({cell.span.line for cells in table.rows.values() for cell in cells.values()})
        if not pages:
            return ""
        shown = f"{pages[0]}–{pages[-1]}" if len(pages) > 1 else str(pages[0])
        return escape(self.words["pages"].format(pages=shown))

    def _prose(self, report: Report, findings: list[Finding], used: set[int]) -> str:
        texts = {t.path: t for t in report.prose()}
        out = []
        for finding in findings:
            if id(finding) in used or not finding.data_path:
                continue
            text = texts.get(finding.data_path)
            if text is None:
                continue
            excerpt = _excerpt(text, finding)
            if excerpt is None:
                continue
            used.add(id(finding))
            cells = "".join(f' <span class="related">↔ {escape(self._cell_label(report, p))}'
                            f"</span>" for p in finding.related)
            out.append(f'<div class="claim" data-path="{escape(finding.data_path)}">'
                       f"<blockquote>{excerpt}</blockquote>"
                       f"<p>{_finding_line(finding, self.context.lang)}{cells}</p></div>")
        return "\n".join(out)

    def _cell_label(self, report: Report, path: str) -> str:
        """`表三 自然人 / (七)总计` for `tables.table3.outcome_total.natural`, else the path."""
        parts = path.split(".")
        if len(parts) != 4 or parts[0] != "tables" or parts[1] not in report.template.tables:
            return path
        lang = self.context.lang
        _, table, row, column = parts
        return (f"{report.template.label(table).text(lang)}「"
                f"{report.template.label(table, row=row).text(lang)}」「"
                f"{report.template.label(table, column=column).text(lang)}」")

    # --- the page --------------------------------------------------------------------------

    def _summary(self) -> str:
        words, rules, lang = self.words, self.context.rules, self.context.lang
        rule_rows = "".join(
            f'<tr><td><a href="#doc-{escape(code)}">{escape(code)}</a></td>'
            f"<td>{escape(rules[code].display_name(lang) if code in rules else '')}"
            f"</td><td class=num>{count}</td></tr>"
            for code, count in sorted(self.by_rule.items()))
        names = SEVERITY_NAMES.get(lang, SEVERITY_NAMES["zh"])
        return (f'<section id="summary"><h2>{words["summary"]}</h2><p>({words["sort"]})</p>'
                f'<h3>{words["by_rule"]}</h3><table class="sortable" id="by-rule"><thead><tr>'
                f'<th class="sortable">{words["code"]}</th><th class="sortable">{words["name"]}'
                f'</th><th class="sortable">{words["count"]}</th></tr></thead>'
                f"<tbody>{rule_rows}</tbody></table>"
                f'<h3>{words["by_organ"]}</h3><p><label><input type="checkbox" id="only-errors"> '
                f'{words["only_errors"]}</label></p><table class="sortable" id="by-organ"><thead>'
                f'<tr><th class="sortable">{words["organ"]}</th><th class="sortable">'
                f'{words["file"]}</th><th class="sortable">{names["error"]}</th>'
                f'<th class="sortable">{names["warning"]}</th><th class="sortable">'
                f'{names["info"]}</th><th>{words["reports"]}</th></tr></thead>'
                f"<tbody>{self._organ_rows()}</tbody></table></section>")

    def _organ_rows(self) -> str:
        """One row per organ, its spellings merged by the pack's rule (the variants shown), with a
        link to each of its reports; a file with no organ is a row of its own."""
        merged = same_organs((organ for organ, *_ in self.files), self.same_organ)
        groups: dict[str, list[tuple[str, str, str, Counter[str]]]] = defaultdict(list)
        for organ, path, anchor, counts in self.files:
            groups[merged[organ] if organ else path].append((organ, path, anchor, counts))
        rows = []
        for key in sorted(groups):
            files = groups[key]
            total: Counter[str] = Counter()
            for *_, counts in files:
                total.update(counts)
            variants = sorted({organ for organ, *_ in files if organ and organ != key})
            also = (f'<div class="variants">{self.words["variants"]}'
                    f'{"、".join(escape(v) for v in variants)}</div>') if variants else ""
            links = " ".join(f'<a href="#{anchor}" class="{"has-errors" if counts["error"] else ""}"'
                             f'>{escape(self.context.relative(path))}</a>'
                             for _, path, anchor, counts in files)
            rows.append(f'<tr data-errors="{total["error"]}"><td>{escape(key)}{also}</td>'
                        f"<td class=num>{len(files)}</td><td class=num>{total['error']}</td>"
                        f"<td class=num>{total['warning']}</td><td class=num>{total['info']}</td>"
                        f"<td>{links}</td></tr>")
        return "".join(rows)

    def _rule_docs(self) -> str:
        """How to fix each rule the page names, one click from every finding (`#doc-CODE`)."""
        from reportlint.packs.docs import doc_text

        lang, words = self.context.lang, self.words
        items = []
        for code in sorted(self.by_rule):
            rule = self.context.rules.get(code)
            if rule is None:
                continue
            parts = "".join(f"<dt>{words[key]}</dt><dd>{escape(doc_text(rule, key, lang))}</dd>"
                            for key in ("what", "why", "fix") if doc_text(rule, key, lang))
            items.append(f'<details class="rule-doc" id="doc-{escape(code)}"><summary>'
                         f"{escape(code)} {escape(rule.display_name(lang))}</summary>"
                         f"<dl>{parts}</dl></details>")
        if not items:
            return ""
        return f'<section id="fixes"><h2>{words["fix_title"]}</h2>{"".join(items)}</section>'

    def finish(self, summary: Summary) -> None:
        lang = "zh-CN" if self.context.lang == "zh" else "en"
        parts = [
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">',
            f"<title>{self.words['title']}</title>",
            f'<meta name="generator" content="reportlint {__version__}">',
            f"<style>{STYLE}</style></head><body>",
            f"<h1>{self.words['title']}</h1>",
            f'<p id="totals">{escape(summary_line(summary, self.context.lang))}</p>',
        ]
        if summary.files > 1:
            parts.append(self._summary())
        parts += self.fragments
        parts.append(self._rule_docs())
        parts.append(f"<script>{SCRIPT}</script></body></html>")
        self.stream.write("\n".join(parts) + "\n")
