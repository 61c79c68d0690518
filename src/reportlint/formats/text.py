"""Human output. `text`: `path:line:col: CODE severity message` lines, grouped by file,
coloured on a terminal, and a summary line; `concise`: `path:line:col: CODE message` only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlint.formats import Formatter, Summary

if TYPE_CHECKING:
    from reportlint.findings import FileResult

SEVERITY_NAMES = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}
_COLOURS = {"error": "31", "warning": "33", "info": "36", "path": "1;4", "code": "1", "dim": "2"}


class TextFormatter(Formatter):
    _written = False

    def _paint(self, text: str, what: str) -> str:
        if not self.context.color:
            return text
        return f"\033[{_COLOURS[what]}m{text}\033[0m"

    def file(self, result: FileResult) -> None:
        """`path:line:col: CODE severity message`, the form editors and CI problem matchers
        parse; a file's findings together, files apart by a blank line."""
        if not result.findings:
            return
        if self._written:
            self.stream.write("\n")
        self._written = True
        for finding in result.findings:
            where = self._paint(finding.place(self.context.lang), "path")
            severity = self._paint(finding.severity, finding.severity)
            code = self._paint(finding.code, "code")
            self.stream.write(f"{where}: {code} {severity} {finding.message}\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write(summary_line(summary, self.context.lang) + "\n")


class ConciseFormatter(Formatter):
    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            self.stream.write(f"{finding.place(self.context.lang)}: {finding.code} "
                              f"{finding.message}\n")


def summary_line(summary: Summary, lang: str) -> str:
    counts = summary.counts
    total = summary.total
    names = SEVERITY_NAMES.get(lang, SEVERITY_NAMES["zh"])
    if lang == "en":
        if not total:
            return f"No problems found in {summary.files} file(s)."
        parts = ", ".join(f"{counts[s]} {names[s]}{'s' if counts[s] != 1 else ''}"
                          for s in ("error", "warning", "info"))
        return f"Found {total} problem(s) ({parts}) in {summary.files} file(s)."
    if not total:
        return f"检查 {summary.files} 个文件，未发现问题。"
    parts = "，".join(f"{names[s]} {counts[s]}" for s in ("error", "warning", "info"))
    return f"检查 {summary.files} 个文件，发现 {total} 个问题（{parts}）。"
