"""Select rules, read each file, run the checks of its pack, and turn hits into findings."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlint.checks import CHECKS
from reportlint.findings import Finding, Hit, render
from reportlint.model import FILE_START, Report
from reportlint.readers import read_report
from reportlint.rulepack import PackSet, Rule

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
INTERNAL_ERROR = "RL099"


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

    def __post_init__(self) -> None:
        self._rules = {rule.code: rule for rule in self.packs.all_rules()}

    def rule(self, code: str) -> Rule | None:
        return self._rules.get(code)

    def lint_path(self, path: str | Path) -> list[Finding]:
        name = str(path)
        try:
            size = os.stat(name).st_size
            if size > self.max_bytes:
                return self._finalise(name, [Hit(FILE_START, code="RL010", args={
                    "size": size, "limit": self.max_bytes})], None)
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError as error:
            return self._finalise(name, [Hit(FILE_START, code="RL001",
                                             args={"problem": error.strerror or str(error)})], None)
        return self.lint_bytes(name, data)

    def lint_bytes(self, path: str, data: bytes) -> list[Finding]:
        try:
            result = read_report(path, data, self.packs, self.template)
        except Exception:
            return self._finalise(path, [self._internal_error("reading")], None)
        hits: list[Hit] = list(result.problems)
        if result.report is not None:
            hits.extend(self._check(result.report))
        findings = self._finalise(path, hits, result.report)
        if b"reportlint" in data:
            findings = self._suppress(path, data, findings, result.suppressions,
                                      result.report is not None)
        return findings

    def _suppress(self, path: str, data: bytes, findings: list[Finding],
                  in_data: list[Any], checked: bool) -> list[Finding]:
        """Apply `# reportlint:` comments and the in-data `reportlint.ignore` key."""
        from reportlint import suppressions
        from reportlint.readers.encoding import decode

        text = decode(data)[0] or ""
        directives, problems = suppressions.from_comments(text)
        # When the report could not be read no check ran: no suppression can be called unused.
        selected = [code for code in self._rules if checked and self.selection.wants(code)]
        kept, more = suppressions.apply(findings, [*directives, *in_data],
                                        lambda code, sel: matches(code, [sel]),
                                        selected, self._rules)
        return sorted(kept + self._finalise(path, problems + more, None),
                      key=lambda f: f.sort_key)

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
