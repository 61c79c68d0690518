"""What `reportlint serve` asks of the rest of reportlint, in one place: run one file through
the run pipeline (`reportlint.run`, as `check` does), render the findings as `check --format
json` and `--format html` do, import a published report to YAML, describe the rules.
Everything else in the package `serve` knows only this module.

A `Checker` lives in each worker process (linting and rendering run there, under the time
limit) and one in the server process (rule docs, and the findings it makes itself: a file
that timed out or whose worker died).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlint.codes import TIMED_OUT
from reportlint.engine import INTERNAL_ERROR, Linter
from reportlint.findings import FileResult, Finding, Hit
from reportlint.model import FILE_START, Report
from reportlint.records import record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.settings import Resolver

LANGS = ("zh", "en")


@record(frozen=True)
class Options:
    """The server's lint settings, the same for every upload (uploads bring no config)."""

    rules: tuple[str, ...] = ()  # rule pack folders instead of the built-in ones
    config: str | None = None  # one config file for every upload
    max_bytes: int | None = None  # per file; the linter's default when None


@record
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
        self._resolvers: dict[str, Resolver] = {}

    def resolver(self, lang: str, previous: str | None = None) -> Resolver:
        """The settings of every upload (uploads bring no config); with `previous`, last
        year's report for the run, as `check --previous` gives it."""
        from reportlint.settings import Overrides, Resolver

        if previous is None and lang in self._resolvers:
            return self._resolvers[lang]
        options = self.options
        resolver = Resolver(Overrides(
            lang=lang, rules=[Path(r) for r in options.rules] or None, max_bytes=options.max_bytes,
            config=options.config, isolated=options.config is None, jobs=1, previous=previous))
        if previous is None:
            self._resolvers[lang] = resolver
        return resolver

    def linter(self, lang: str) -> Linter:
        return self.resolver(lang).for_path(".").linter()

    def warm(self) -> None:
        for lang in LANGS:
            self.linter(lang)

    def rules(self, lang: str) -> dict[str, Any]:
        return {rule.code: rule for rule in self.linter(lang).packs.all_rules()}

    # --- in a worker ------------------------------------------------------------------------

    def check(self, path: str, name: str, lang: str,
              previous: tuple[str, str] | None = None) -> Checked:
        """Run the file at `path` through the run pipeline (`check`'s), reported under `name`;
        with last year's report when `previous` (its path and name) is given."""
        from reportlint import pairing
        from reportlint.run import run

        resolver = self.resolver(lang, previous[0] if previous else None)
        result = run([(path, resolver.for_path(path))], resolver, reports=True,
                     baselines=False).files[0].result
        findings = [replace(f, path=name) for f in result.findings]
        if previous is not None:  # a finding may name last year's file: by the name it was given
            findings = [replace(f, message=f.message.replace(previous[0], previous[1]))
                        for f in findings]
        report = result.report
        if report is None:
            return Checked(name, findings)
        imported = None
        if report.form not in ("yaml", "json"):
            from reportlint.importer import to_yaml

            imported = to_yaml(report, name, result.findings)
        report = replace(report, path=name, previous=None)
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
