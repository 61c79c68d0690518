"""What `reportlint serve` asks of the rest of reportlint, in one place: lint one file, render
the findings as `check --format json` and `--format html` do, import a published report to
YAML, describe the rules. Everything else in the package `serve` knows only this module.

A `Checker` lives in each worker process (linting and rendering run there, under the time
limit) and one in the server process (rule docs, and the findings it makes itself: a file
that timed out or whose worker died).
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlint.engine import INTERNAL_ERROR, Linter
from reportlint.findings import FileResult, Finding, Hit
from reportlint.model import FILE_START, Report

TIMED_OUT = "RL098"
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Options:
    """The server's lint settings, the same for every upload (uploads bring no config)."""

    rules: tuple[str, ...] = ()  # rule pack folders instead of the built-in ones
    config: str | None = None  # one config file for every upload
    max_bytes: int | None = None  # per file; the linter's default when None


@dataclass
class Checked:
    """One file's outcome, sent from a worker to the server."""

    name: str  # as the user named it (upload or zip member)
    findings: list[Finding]
    report: Report | None = None
    key: Any = None  # (organ, year): pairs a report with last year's in a batch
    imported: str | None = None  # the report as structured YAML (`reportlint import`)


class Checker:
    def __init__(self, options: Options) -> None:
        self.options = options
        self._linters: dict[str, Linter] = {}

    def linter(self, lang: str) -> Linter:
        if lang not in self._linters:
            from reportlint.settings import Overrides, Resolver

            overrides = Overrides(lang=lang, rules=[Path(r) for r in self.options.rules] or None,
                                  max_bytes=self.options.max_bytes, config=self.options.config,
                                  isolated=self.options.config is None)
            self._linters[lang] = Resolver(overrides).for_path(".").linter()
        return self._linters[lang]

    def warm(self) -> None:
        for lang in LANGS:
            self.linter(lang)

    def rules(self, lang: str) -> dict[str, Any]:
        return {rule.code: rule for rule in self.linter(lang).packs.all_rules()}

    # --- in a worker ------------------------------------------------------------------------

    def check(self, path: str, name: str, lang: str,
              previous: tuple[str, str] | None = None) -> Checked:
        """Lint the file at `path`, reported under `name`; with last year's report attached
        when `previous` (its path and name) is given, as `check` does for a pair in one run."""
        from reportlint import pairing

        linter = self.linter(lang)
        loaded = linter.load(path)
        last_year = linter.load(previous[0]).report if previous else None
        if last_year is not None and previous is not None:
            last_year = dataclasses.replace(last_year, path=previous[1])
        result = linter.lint(loaded, last_year)
        findings = [dataclasses.replace(f, path=name) for f in result.findings]
        report = result.report
        if report is None:
            return Checked(name, findings)
        imported = None
        if report.form not in ("yaml", "json"):
            from reportlint.importer import to_yaml

            imported = to_yaml(report, name, loaded.hits)
        report = dataclasses.replace(report, path=name, previous=None)
        return Checked(name, findings, report, pairing.organ_year(report), imported)

    def render_html(self, results: list[Checked], lang: str) -> str:
        """The page `check --format html` writes for these files."""
        return self._render("html", results, lang)

    # --- in the server ----------------------------------------------------------------------

    def render_json(self, results: list[Checked], lang: str) -> str:
        """The document `check --format json` prints for these files."""
        return self._render("json", results, lang)

    def failed(self, name: str, lang: str, timeout: float | None = None,
               detail: str = "the process checking this file died") -> Checked:
        """The finding of a file whose check did not finish: over the time limit (RL098), or
        its worker process died or failed (RL099)."""
        if timeout is not None:
            hit = Hit(FILE_START, code=TIMED_OUT, args={"limit": f"{timeout:g}"})
        else:
            hit = Hit(FILE_START, code=INTERNAL_ERROR, args={"where": "worker process",
                                                             "detail": detail})
        return Checked(name, self.linter(lang).findings(name, [hit]))

    def inline_blocks(self) -> list[tuple[str, str]]:
        """The inline `<style>` and `<script>` blocks of the html format, from a page with no
        report in it (so none of a report's content): the Content-Security-Policy allows these
        and nothing else inline."""
        import re

        page = self._render("html", [], "zh")
        return re.findall(r"<(style|script)>(.*?)</(?:style|script)>", page, re.DOTALL)

    def _render(self, format_name: str, results: list[Checked], lang: str) -> str:
        from reportlint.formats import Context, Summary, formatter_class

        stream = io.StringIO()
        formatter = formatter_class(format_name)(stream, Context(lang, self.rules(lang), ".",
                                                                 False, {}))
        summary = Summary()
        for checked in results:
            summary.add(checked.findings)
            formatter.file(FileResult(checked.name, checked.findings, checked.report))
        formatter.finish(summary)
        return stream.getvalue()


def suffixes() -> list[str]:
    """The file extensions reportlint reads (the upload form offers these and .zip)."""
    from reportlint.readers import READERS

    return sorted(READERS)


def pairs(results: list[Checked]) -> dict[str, str]:
    """name -> name of last year's report in the same upload (`check` pairs a run the same way)."""
    from reportlint.pairing import pair_keys

    return pair_keys({checked.name: checked.key for checked in results})
