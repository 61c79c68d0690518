"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`.

GitHub shows at most 10 annotations of each type (error, warning, notice) per step, and 50
per job. Past ANNOTATIONS_PER_TYPE of a type the findings are not printed as commands (they
would be dropped silently) but gathered into a Markdown table in `$GITHUB_STEP_SUMMARY`. The
slots of a type go to the most serious findings first (SLOT_ORDER), not to the first files.
"""

from __future__ import annotations


from reportlint.codes import (
    DUPLICATE_KEY,
    FILE_TOO_LARGE,
    FILE_UNREADABLE,
    INTERNAL_ERROR,
    NOT_A_REPORT,
    SCHEMA_VIOLATION,
    SYNTAX_ERROR,
    UNKNOWN_TABLE,
    UNKNOWN_TEMPLATE,
    UNSAFE_YAML,
    UNSUPPORTED_FILE,
)
from reportlint.findings import Finding, visible
from reportlint.formats import Context, Formatter, Summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO
    from reportlint.findings import FileResult

ANNOTATIONS_PER_TYPE = 10
SUMMARY_LIMIT = 1024 * 1024  # GitHub's cap on one step's summary, in bytes
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}

# Who gets the annotation slots of a type first, by code prefix: a file that could not be
# checked at all, the tables' arithmetic, the structure (a missing section), the period, prose
# against the tables, dates, the template version, last year's report, contact details; then
# other packs' codes; last the reader's notes on how a published form was read (RL011-RL040).
SLOT_ORDER = (INTERNAL_ERROR, FILE_UNREADABLE, SYNTAX_ERROR, DUPLICATE_KEY, SCHEMA_VIOLATION,
              UNSAFE_YAML, UNSUPPORTED_FILE, UNKNOWN_TEMPLATE, UNKNOWN_TABLE, FILE_TOO_LARGE,
              NOT_A_REPORT, "RL3", "RL1", "RL2", "RL5", "RL6", "RL8", "RL7", "RL4", "RL09", "")
READING_NOTES = "RL0"


def slot_rank(code: str) -> int:
    """Lower is more serious; the reader's notes (RL0xx not named above) come last."""
    for rank, prefix in enumerate(SLOT_ORDER):
        if code.startswith(prefix) and (prefix or not code.startswith(READING_NOTES)):
            return rank
    return len(SLOT_ORDER)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, path: str, lang: str = "zh") -> str:
    kind = COMMANDS.get(finding.severity, "warning")
    properties = [f"file={escape_property(path)}"]
    span = finding.span
    if finding.text_line:
        properties.append(f"line={span.line}")
        properties.append(f"col={span.column}")
        if (span.end_line, span.end_column) > (span.line, span.column):
            properties.append(f"endLine={span.end_line}")
            properties.append(f"endColumn={span.end_column}")
    properties.append(f"title={escape_property(finding.code + ' ' + finding.rule)}")
    return f"::{kind} {','.join(properties)}::{escape_data(finding.placed_message(lang))}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class GithubFormatter(Formatter):
    def __init__(self, stream: TextIO, context: Context) -> None:
        super().__init__(stream, context)
        self.findings: list[Finding] = []  # in file order
        self.overflow: list[Finding] = []

    def file(self, result: FileResult) -> None:
        self.findings.extend(result.findings)

    def _chosen(self) -> set[int]:
        """Indexes of the findings shown as annotations: per type the most serious ones."""
        by_kind: dict[str, list[int]] = {}
        for index, finding in enumerate(self.findings):
            by_kind.setdefault(COMMANDS.get(finding.severity, "warning"), []).append(index)
        chosen: set[int] = set()
        for indexes in by_kind.values():
            ranked = sorted(indexes, key=lambda i: (slot_rank(self.findings[i].code), i))
            chosen.update(ranked[:ANNOTATIONS_PER_TYPE])
        return chosen

    def finish(self, summary: Summary) -> None:
        chosen = self._chosen()
        for index, finding in enumerate(self.findings):  # annotations in file order
            if index in chosen:
                self.stream.write(command(finding, visible(self.context.relative(finding.path)),
                                          self.context.lang) + "\n")
            else:
                self.overflow.append(finding)
        self.findings = []
        if not self.overflow:
            return
        en = self.context.lang == "en"
        target = self.context.env.get("GITHUB_STEP_SUMMARY")
        note = (f"{len(self.overflow)} more findings than GitHub shows as annotations "
                if en else f"另有 {len(self.overflow)} 个问题超出 GitHub 每步注释上限，")
        if not target:
            self.stream.write(f"::notice title=reportlint::{escape_data(note)}"
                              f"{'(no $GITHUB_STEP_SUMMARY to list them)' if en else '未能写入步骤摘要'}\n")
            return
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(self._table(en))
        except OSError as error:
            self.stream.write(f"::warning title=reportlint::{escape_data(note)}"
                              f"{escape_data(str(error))}\n")
            return
        self.stream.write(f"::notice title=reportlint::{escape_data(note)}"
                          f"{'listed in the step summary' if en else '详见步骤摘要'}\n")

    def _table(self, en: bool) -> str:
        header = ("| File | Line | Column | Code | Severity | Message |" if en
                  else "| 文件 | 行 | 列 | 代码 | 级别 | 说明 |")
        lines = ["", "### reportlint" + (": findings not shown as annotations" if en
                                         else "：未显示为注释的问题"),
                 "", header, "|---|---:|---:|---|---|---|"]
        size = sum(len(x.encode()) + 1 for x in lines)
        for index, finding in enumerate(self.overflow):
            row = (f"| {_cell(visible(self.context.relative(finding.path)))} | {finding.span.line} | "
                   f"{finding.span.column} | {finding.code} | {finding.severity} | "
                   f"{_cell(finding.placed_message(self.context.lang))} |")
            size += len(row.encode()) + 1
            if size > SUMMARY_LIMIT - 200:
                rest = len(self.overflow) - index
                lines.append(f"\n… {rest} more" if en else f"\n…… 另有 {rest} 个")
                break
            lines.append(row)
        return "\n".join(lines) + "\n"
