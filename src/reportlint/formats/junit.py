"""JUnit XML for CI test reports: one testsuite, one testcase per linted file; a file with
findings fails, and its failure lists them (`path:line:col: CODE message`)."""

from __future__ import annotations

from xml.etree import ElementTree

from reportlint.findings import SEVERITY_RANK, visible
from reportlint.formats import Context, Formatter, Summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO
    from reportlint.findings import FileResult


class JunitFormatter(Formatter):
    def __init__(self, stream: TextIO, context: Context) -> None:
        super().__init__(stream, context)
        self.suite = ElementTree.Element("testsuite", name="reportlint")
        self.failures = 0

    def file(self, result: FileResult) -> None:
        relative = visible(self.context.relative(result.path))  # XML 1.0 has no control chars
        case = ElementTree.SubElement(self.suite, "testcase", classname="reportlint",
                                      name=relative, file=relative)
        if not result.findings:
            return
        worst = max(result.findings, key=lambda f: SEVERITY_RANK.get(f.severity, 0))
        self.failures += 1
        failure = ElementTree.SubElement(
            case, "failure", type=worst.severity,
            message=f"{len(result.findings)} finding(s); worst: {worst.code} {worst.message}")
        failure.text = "\n".join(f"{f.location}: {f.code} {f.severity} {f.message}"
                                 for f in result.findings)

    def finish(self, summary: Summary) -> None:
        self.suite.set("tests", str(summary.files))
        self.suite.set("failures", str(self.failures))
        self.suite.set("errors", "0")
        root = ElementTree.Element("testsuites", name="reportlint", tests=str(summary.files),
                                   failures=str(self.failures))
        root.append(self.suite)
        ElementTree.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ElementTree.tostring(root, encoding="unicode") + "\n")
