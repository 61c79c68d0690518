"""Output formats: one module per format, each a Formatter fed one file's result at a time.

A run hands every formatter each `FileResult` as it is linted, then `finish(summary)`. Most
formats keep only the findings; `html` renders the report while it has it. Modules are
imported only when their format is chosen, so a plain run never loads the others.
"""

from __future__ import annotations

import importlib
import os
import posixpath
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from reportlint.findings import Finding
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO
    from reportlint.findings import FileResult
    from reportlint.packs.pack import Rule


@record
class Summary:
    files: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    by_rule: Counter[str] = field(default_factory=Counter)

    def add(self, findings: list[Finding]) -> None:
        self.files += 1
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + 1
            self.by_rule[finding.code] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@record
class Context:
    """What every format may use besides the findings: language, rule docs, where paths are
    relative to, whether to colour, and the environment (GitHub's step summary)."""

    lang: str = "zh"
    rules: Mapping[str, Rule] = field(default_factory=dict)
    root: str = "."
    color: bool = False
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # info findings (notes: how a glued row was split, where the year was read) in the text
    # and concise output; the other formats always carry them (docs/output-formats.md)
    show_info: bool = False
    quiet: bool = False  # -q: the findings only, no summary line

    def relative(self, path: str) -> str:
        """`path` relative to the root with forward slashes; absolute when outside it."""
        absolute = os.path.abspath(path)
        root = os.path.abspath(self.root)
        try:
            inside = os.path.commonpath([absolute, root]) == root
        except ValueError:
            inside = False
        relative = os.path.relpath(absolute, root) if inside else absolute
        return posixpath.join(*Path(relative).parts) if relative != "." else relative


class Formatter:
    """Base formatter: subclasses override `file` and `finish`."""

    needs_report = False

    def __init__(self, stream: TextIO, context: Context) -> None:
        self.stream = stream
        self.context = context

    def file(self, result: FileResult) -> None:
        """One linted file; called in the order files are linted."""

    def finish(self, summary: Summary) -> None:
        """All files are done."""


class Collecting(Formatter):
    """For formats that write one document at the end: keeps the findings, not the reports."""

    def __init__(self, stream: TextIO, context: Context) -> None:
        super().__init__(stream, context)
        self.findings: list[Finding] = []
        self.paths: list[str] = []

    def file(self, result: FileResult) -> None:
        self.paths.append(result.path)
        self.findings.extend(result.findings)


# name -> "module:Class", imported on use
FORMATS: dict[str, str] = {
    "text": "text:TextFormatter",
    "concise": "text:ConciseFormatter",
    "json": "json_format:JsonFormatter",
    "jsonl": "json_format:JsonLinesFormatter",
    "sarif": "sarif:SarifFormatter",
    "github": "github:GithubFormatter",
    "junit": "junit:JunitFormatter",
    "gitlab": "gitlab:GitlabFormatter",
    "html": "html:HtmlFormatter",
}


def formatter_class(name: str) -> type[Formatter]:
    module_name, class_name = FORMATS[name].split(":")
    module = importlib.import_module(f"reportlint.formats.{module_name}")
    return getattr(module, class_name)  # type: ignore[no-any-return]

