"""Command line: argument parsing and exit codes only.

Exit codes: 0 no finding at or above the failing severity; 1 such findings; 2 usage, config
or rule-pack error; 3 an internal error on some file (reported as RL099, the run continued).
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from reportlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


def _codes(values: list[str] | None) -> list[str]:
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportlint", description=(
        "Lint 政府信息公开工作年度报告 (annual government information disclosure reports)."))
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="lint report files and directories")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", default="text", help="text (default), concise or json")
    check.add_argument("--select", action="append", metavar="CODES",
                       help="only these codes or prefixes (comma-separated; ALL for every rule)")
    check.add_argument("--ignore", action="append", metavar="CODES",
                       help="skip these codes or prefixes (comma-separated)")
    check.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"],
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
    check.add_argument("--template", help="check against this rule pack, whatever the report says")
    check.add_argument("--rules", action="append", type=Path, metavar="DIR",
                       help="rule pack folder, or folder of packs, to use instead of the built-in")
    check.add_argument("--max-bytes", type=int, default=None,
                       help="files larger than this are reported, not read (default 5 MiB)")

    imports = commands.add_parser("import", help="turn a published report (web text, PDF "
                                  "text, HTML, DOCX) into structured YAML")
    imports.add_argument("source", metavar="SRC")
    imports.add_argument("-o", "--output", metavar="OUT.yaml",
                         help="write here (atomically) instead of to stdout")
    imports.add_argument("--template", help="read against this rule pack's template")
    imports.add_argument("--rules", action="append", type=Path, metavar="DIR")
    imports.add_argument("--lang", default="zh", choices=["zh", "en"])

    rules = commands.add_parser("rules", help="list the rules: code, severity, name")
    rules.add_argument("--rules", action="append", type=Path, metavar="DIR")
    rules.add_argument("--lang", default="zh", choices=["zh", "en"])
    return parser


def iter_files(paths: Sequence[str], patterns: Sequence[str]) -> Iterator[str]:
    """Files named on the command line as given; directories walked for report patterns."""
    for name in paths:
        if not os.path.isdir(name):
            yield name
            continue
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
            for file in sorted(files):
                if any(fnmatch.fnmatch(file, p) for p in patterns):
                    yield os.path.join(root, file)


def _check(args: argparse.Namespace) -> int:
    from reportlint.engine import DEFAULT_MAX_BYTES, Linter, Selection
    from reportlint.findings import at_least
    from reportlint.formats import FORMATS, Summary
    from reportlint.readers import REPORT_PATTERNS
    from reportlint.rulepack import PackSet

    writer = FORMATS.get(args.format)
    if writer is None:
        print(f"reportlint: unknown format {args.format!r} (known: {', '.join(FORMATS)})",
              file=sys.stderr)
        return EXIT_USAGE
    packs = PackSet.load(args.rules)
    if args.template and packs.get(args.template) is None:
        known = ", ".join(p.id for p in packs.packs)
        print(f"reportlint: unknown template {args.template!r} (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    selection = Selection(_codes(args.select) or ["ALL"], _codes(args.ignore))
    linter = Linter(packs, selection, args.lang, args.template,
                    args.max_bytes or DEFAULT_MAX_BYTES)
    files = list(iter_files(args.paths, REPORT_PATTERNS))
    if not files:
        print("reportlint: no report files found in " + " ".join(args.paths), file=sys.stderr)
        return EXIT_USAGE
    summary = Summary()
    findings = []
    for file in files:
        result = linter.lint_path(file)
        summary.add(result)
        findings.extend(result)
    writer(findings, sys.stdout, summary, args.lang)
    if any(f.code == "RL099" for f in findings):
        return EXIT_INTERNAL
    if args.fail_on != "never" and any(at_least(f.severity, args.fail_on) for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from reportlint.rulepack import PackSet

    for rule in PackSet.load(args.rules).all_rules():
        print(f"{rule.code}  {rule.severity:<7}  {rule.name}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from reportlint.rulepack import PackError

    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "import":
            from reportlint import importer
            from reportlint.rulepack import PackSet

            return importer.run(args.source, args.output, PackSet.load(args.rules),
                                args.template, args.lang, sys.stderr, sys.stdout)
        return _rules(args)
    except PackError as error:
        print(f"{error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
