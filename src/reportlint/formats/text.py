"""Human output: `path:line:col: CODE severity message`, then a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from reportlint.findings import Finding

if TYPE_CHECKING:
    from reportlint.formats import Summary

_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
             "en": {"error": "error", "warning": "warning", "info": "info"}}


def line(finding: Finding) -> str:
    return f"{finding.location}: {finding.code} {finding.severity} {finding.message}"


def write_concise(findings: list[Finding], stream: TextIO, summary: Summary, lang: str) -> None:
    for finding in findings:
        stream.write(f"{finding.location}: {finding.code} {finding.message}\n")


def write(findings: list[Finding], stream: TextIO, summary: Summary, lang: str) -> None:
    for finding in findings:
        stream.write(line(finding) + "\n")
    stream.write(summary_line(summary, lang) + "\n")


def summary_line(summary: Summary, lang: str) -> str:
    counts = summary.counts
    total = sum(counts.values())
    names = _SEVERITY.get(lang, _SEVERITY["zh"])
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
