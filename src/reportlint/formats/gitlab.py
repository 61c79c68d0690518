"""GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues with
description, check_name, fingerprint, severity and location.path + lines.begin."""

from __future__ import annotations

import hashlib

from reportlint.findings import json_text
from reportlint.formats import Collecting, Summary

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter(Collecting):
    def finish(self, summary: Summary) -> None:
        issues = []
        seen: set[str] = set()
        for finding in self.findings:
            fingerprint = finding.fingerprint()
            # GitLab needs unique fingerprints; two findings of one rule at one data path
            # (rare) are told apart by their order.
            counter = 1
            unique = fingerprint
            while unique in seen:
                counter += 1
                unique = hashlib.sha256(f"{fingerprint}\0{counter}".encode()).hexdigest()[:16]
            seen.add(unique)
            issues.append({
                "description": f"{finding.code} {finding.located_message}",
                "check_name": finding.code,
                "fingerprint": unique,
                "severity": SEVERITIES.get(finding.severity, "minor"),
                "location": {"path": self.context.relative(finding.path),
                             "lines": {"begin": max(finding.text_line, 1)}},
            })
        self.stream.write(json_text(issues, indent=2))
        self.stream.write("\n")
