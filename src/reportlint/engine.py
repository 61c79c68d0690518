"""Select rules, read each file, run the checks of its pack, and turn hits into findings."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlint.checks import CHECKS
from reportlint.findings import Finding, Hit, render
from reportlint.model import FILE_START, Report
from reportlint.readers import ReadResult, read_report
from reportlint.rulepack import PackSet, Rule

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
INTERNAL_ERROR = "RL099"
PREVIOUS_UNREADABLE = "RL700"


def matches(code: str, selectors: Iterable[str]) -> bool:
    """A code matches a selector that is the code, a prefix of it, or ALL."""
    return any(s == "ALL" or code.startswith(s) for s in selectors)


@dataclass
class Selection:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)

    def wants(self, code: str) -> bool:
        if code == INTERNAL_ERROR:
            return True
        return matches(code, self.select) and not matches(code, self.ignore)


@dataclass
class Linter:
    packs: PackSet
    selection: Selection = field(default_factory=Selection)
    lang: str = "zh"
    template: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    previous: str | None = None  # --previous: last year's report, for every file of the run

    def __post_init__(self) -> None:
        self._rules = {rule.code: rule for rule in self.packs.all_rules()}

    def rule(self, code: str) -> Rule | None:
        return self._rules.get(code)

    def lint_path(self, path: str | Path, previous: Report | None = None) -> list[Finding]:
        result, hits = self._read(path)
        return self._lint(str(path), result, hits, previous)

    def lint_bytes(self, path: str, data: bytes, previous: Report | None = None) -> list[Finding]:
        result, hits = self._parse(path, data)
        return self._lint(path, result, hits, previous)

    def lint_paths(self, paths: Sequence[str]) -> Iterator[tuple[str, list[Finding]]]:
        """Each file with last year's report attached: `self.previous` for all, else the
        report of the run it pairs with (reportlint.pairing)."""
        from reportlint import pairing

        loaded = {path: self._read(path) for path in paths}
        previous_hits: list[Hit] = []
        explicit = None
        if self.previous:
            result, problems = self._read(self.previous)
            explicit = result.report if result else None
            if explicit is None:
                first = next((h.args.get("problem") for h in problems if h.args), "")
                previous_hits.append(Hit(FILE_START, code=PREVIOUS_UNREADABLE, args={
                    "previous": self.previous, "problem": first or "unreadable"}))
        reports = {p: r.report for p, (r, _) in loaded.items() if r and r.report}
        pairs = {} if self.previous else pairing.pair(reports)
        for path in paths:
            result, hits = loaded[path]
            previous = explicit if self.previous else reports.get(pairs.get(path, ""))
            yield path, self._lint(path, result, hits + previous_hits, previous)

    def _read(self, path: str | Path) -> tuple[ReadResult | None, list[Hit]]:
        name = str(path)
        try:
            size = os.stat(name).st_size
            if size > self.max_bytes:
                return None, [Hit(FILE_START, code="RL010", args={
                    "size": size, "limit": self.max_bytes})]
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError as error:
            return None, [Hit(FILE_START, code="RL001",
                              args={"problem": error.strerror or str(error)})]
        return self._parse(name, data)

    def _parse(self, path: str, data: bytes) -> tuple[ReadResult | None, list[Hit]]:
        try:
            result = read_report(path, data, self.packs, self.template)
        except Exception:  # crash isolation: one file's bug is its finding
            return None, [self._internal_error("reading")]
        return result, list(result.problems)

    def _lint(self, path: str, result: ReadResult | None, hits: list[Hit],
              previous: Report | None) -> list[Finding]:
        report = result.report if result is not None else None
        if report is not None:
            if previous is not None:
                report = replace(report, previous=previous)
            hits = hits + list(self._check(report))
        return self._finalise(path, hits, report)

    def _check(self, report: Report) -> Iterator[Hit]:
        pack = next((p for p in self.packs.packs if p.template is report.template), None)
        rules = pack.rules if pack else ()
        for rule in rules:
            if rule.check == "input" or not self.selection.wants(rule.code):
                continue
            try:
                for hit in CHECKS[rule.check].function(report, rule.params):
                    yield Hit(hit.span, hit.data_path, hit.args, hit.expected, hit.actual,
                              code=rule.code)
            except Exception:
                yield self._internal_error(f"rule {rule.code}")

    def _internal_error(self, where: str) -> Hit:
        detail = traceback.format_exc(limit=-1).strip().splitlines()[-1]
        return Hit(FILE_START, code=INTERNAL_ERROR, args={"where": where, "detail": detail})

    def _finalise(self, path: str, hits: list[Hit], report: Report | None) -> list[Finding]:
        findings = []
        for hit in hits:
            if not self.selection.wants(hit.code):
                continue
            rule = self._rules.get(hit.code)
            if rule is None:
                message, severity, name = f"{hit.code} {dict(hit.args)}", "error", ""
            else:
                message = render(rule.render_message(self.lang), hit.args, self.lang)
                severity, name = rule.severity, rule.name
            findings.append(Finding(path, hit.span, hit.code, severity, message, name,
                                    hit.data_path, hit.expected, hit.actual))
        findings.sort(key=lambda f: f.sort_key)
        return findings
