"""SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).

Every rule of the loaded packs is in `tool.driver.rules` with its doc as help; results point
at repository-relative URIs under the `%SRCROOT%` base, with `partialFingerprints` so a
scanning service tracks a finding across edits that move it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from reportlint import __version__
from reportlint.findings import Finding, json_text
from reportlint.formats import Collecting, Summary
from reportlint.packs.docs import doc_markdown, doc_text, plain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
BASE_ID = "%SRCROOT%"


class SarifFormatter(Collecting):
    def _rules(self) -> list[dict[str, Any]]:
        lang = self.context.lang
        descriptors = []
        for code, rule in sorted(self.context.rules.items()):
            what = doc_text(rule, "what", lang) or rule.name
            descriptors.append({
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.display_name(lang)},
                "fullDescription": {"text": what},
                "help": {"text": plain_text(rule, lang), "markdown": doc_markdown(rule, lang)},
                "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
                "properties": {"pack": rule.pack, "tags": [rule.pack, rule.check]},
            })
        return descriptors

    def _location(self, finding: Finding) -> dict[str, Any]:
        relative = self.context.relative(finding.path)
        # a URI: a space, `%` or a control character in a file name is percent-encoded
        artifact: dict[str, Any] = {"uri": quote(Path(relative).as_posix(), safe="/",
                                                 errors="surrogateescape")}
        if Path(relative).is_absolute():
            artifact = {"uri": Path(relative).as_uri()}
        else:
            artifact["uriBaseId"] = BASE_ID
        physical: dict[str, Any] = {"artifactLocation": artifact}
        span = finding.span
        if finding.text_line >= 1:
            region = {"startLine": span.line, "startColumn": max(span.column, 1)}
            if (span.end_line, span.end_column) > (span.line, span.column):
                region["endLine"] = span.end_line
                region["endColumn"] = span.end_column  # both exclusive, as in SARIF
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if finding.data_path or span.anchor:
            location["logicalLocations"] = [{
                "fullyQualifiedName": finding.data_path or span.anchor, "kind": "member"}]
        return location

    def finish(self, summary: Summary) -> None:
        index = {code: i for i, code in enumerate(sorted(self.context.rules))}
        results = []
        for finding in self.findings:
            result: dict[str, Any] = {
                "ruleId": finding.code,
                "level": LEVELS.get(finding.severity, "warning"),
                "message": {"text": finding.located_message},
                "locations": [self._location(finding)],
                "partialFingerprints": {"reportlint/v1": finding.fingerprint()},
            }
            if finding.code in index:
                result["ruleIndex"] = index[finding.code]
            properties = {k: v for k, v in (("expected", finding.expected),
                                            ("actual", finding.actual)) if v is not None}
            if properties:
                from reportlint.formats.json_format import plain

                result["properties"] = {k: plain(v) for k, v in properties.items()}
            results.append(result)
        root = Path(self.context.root).resolve().as_uri() + "/"
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "reportlint", "version": __version__,
                                    "rules": self._rules()}},
                "originalUriBaseIds": {BASE_ID: {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        self.stream.write(json_text(log, indent=2))
        self.stream.write("\n")
