"""Human output. `text`: `path:line:col: CODE severity message` lines, grouped by file,
coloured on a terminal, and a summary line; `concise`: `path:line:col: CODE message` only.

Both show what needs action, as ruff and yamllint do: info findings (notes on how the file was
read) are counted in the summary line but printed only with `--show-info`. The machine formats
and the html page always carry them."""

from __future__ import annotations


from reportlint.findings import SEVERITY_NAMES
from reportlint.formats import Formatter, Summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from reportlint.findings import FileResult, Finding

_COLOURS = {"error": "31", "warning": "33", "info": "36", "path": "1;4", "code": "1", "dim": "2"}


class TextFormatter(Formatter):
    _written = False
    _hidden = 0  # info findings not printed

    def _paint(self, text: str, what: str) -> str:
        if not self.context.color:
            return text
        return f"\033[{_COLOURS[what]}m{text}\033[0m"

    def file(self, result: FileResult) -> None:
        """`path:line:col: CODE severity message`, the form editors and CI problem matchers
        parse; a file's findings together, files apart by a blank line."""
        shown = self._shown(result)
        if not shown:
            return
        if self._written:
            self.stream.write("\n")
        self._written = True
        for finding in shown:
            where = self._paint(finding.place(self.context.lang), "path")
            severity = self._paint(finding.severity, finding.severity)
            code = self._paint(finding.code, "code")
            self.stream.write(f"{where}: {code} {severity} {finding.message}\n")

    def _shown(self, result: FileResult) -> list[Finding]:
        if self.context.show_info:
            return result.findings
        shown = [f for f in result.findings if f.severity != "info"]
        self._hidden += len(result.findings) - len(shown)
        return shown

    def finish(self, summary: Summary) -> None:
        if self.context.quiet:
            return
        self.stream.write(summary_line(summary, self.context.lang, self._hidden) + "\n")


class ConciseFormatter(TextFormatter):
    def finish(self, summary: Summary) -> None:
        """No summary line: one line per finding, nothing else."""

    def file(self, result: FileResult) -> None:
        for finding in self._shown(result):
            self.stream.write(f"{finding.place(self.context.lang)}: {finding.code} "
                              f"{finding.message}\n")


def summary_line(summary: Summary, lang: str, hidden: int = 0) -> str:
    """The counts; `hidden` info findings were not printed, and the line says how to see them."""
    counts = summary.counts
    total = summary.total - hidden
    names = SEVERITY_NAMES.get(lang, SEVERITY_NAMES["zh"])
    shown = ("error", "warning") if hidden else ("error", "warning", "info")
    if lang == "en":
        notes = f"; {hidden} note(s) not shown (--show-info shows them)" if hidden else ""
        if not total:
            return f"No problems found in {summary.files} file(s){notes}."
        parts = ", ".join(f"{counts[s]} {names[s]}{'s' if counts[s] != 1 else ''}"
                          for s in shown)
        return f"Found {total} problem(s) ({parts}) in {summary.files} file(s){notes}."
    notes = f"；另有 {hidden} 条提示未显示（加 --show-info 显示）" if hidden else ""
    if not total:
        return f"检查 {summary.files} 个文件，未发现问题{notes}。"
    parts = "，".join(f"{names[s]} {counts[s]}" for s in shown)
    return f"检查 {summary.files} 个文件，发现 {total} 个问题（{parts}）{notes}。"
