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
    check.add_argument("--format", action="append", metavar="NAME[:FILE]",
                       help="text (default; github inside GitHub Actions), concise, json, jsonl, "
                            "sarif, github, junit, gitlab or html; repeat with :FILE to write "
                            "several at once")
    check.add_argument("--statistics", action="store_true",
                       help="print the count of findings per rule instead of the findings")
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

    rules = commands.add_parser("rules", help="list the rules: code, severity, name")
    rules.add_argument("--rules", action="append", type=Path, metavar="DIR")
    rules.add_argument("--lang", default="zh", choices=["zh", "en"])
    rules.add_argument("--format", default="text", choices=["text", "markdown"],
                       help="markdown: the rule reference (docs/rules.md)")

    explain = commands.add_parser("explain", help="a rule's doc: what, why, fix, examples")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--rules", action="append", type=Path, metavar="DIR")
    explain.add_argument("--lang", default="zh", choices=["zh", "en"])

    validate = commands.add_parser("validate-rules", help="check a rule pack of your own")
    validate.add_argument("path", type=Path, metavar="PATH")
    validate.add_argument("--lang", default="zh", choices=["zh", "en"])
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
    from reportlint.formats import Context, Summary
    from reportlint.outputs import OutputError, Outputs, Progress, parse_specs, statistics, wants_colour
    from reportlint.readers import REPORT_PATTERNS
    from reportlint.rulepack import PackSet

    env = dict(os.environ)
    try:
        specs = parse_specs(args.format, env)
    except OutputError as error:
        print(f"reportlint: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.statistics:
        specs = [s for s in specs if s.file is not None]
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
    rules = {rule.code: rule for rule in packs.all_rules()}
    context = Context(args.lang, rules, os.getcwd(), wants_colour(sys.stdout, env), env)
    try:
        outputs = Outputs(specs, context)
    except OutputError as error:
        print(f"reportlint: {error}", file=sys.stderr)
        return EXIT_USAGE
    summary = Summary()
    failing = internal = False
    progress = Progress(len(files))
    try:
        for file in files:
            result = linter.lint_file(file)
            if not outputs.needs_report:
                result.report = None  # keep memory flat: only html renders reports
            summary.add(result.findings)
            outputs.file(result)
            progress.step(file)
            internal = internal or any(f.code == "RL099" for f in result.findings)
            failing = failing or (args.fail_on != "never" and any(
                at_least(f.severity, args.fail_on) for f in result.findings))
    except BaseException:
        outputs.discard()  # no half-written output file under its final name
        raise
    finally:
        progress.close()
    outputs.finish(summary)
    if args.statistics:
        sys.stdout.write(statistics(summary, rules, args.lang))
    if internal:
        return EXIT_INTERNAL
    return EXIT_FINDINGS if failing else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from reportlint.rulepack import PackSet

    packs = PackSet.load(args.rules)
    if args.format == "markdown":
        from reportlint.ruledocs import rules_markdown
        from reportlint.ruleexamples import run_pack

        outcomes = [o for pack in packs.packs for o in run_pack(packs, pack, args.lang)]
        sys.stdout.write(rules_markdown(packs.packs, packs.all_rules(), args.lang, outcomes))
        return EXIT_OK
    for rule in packs.all_rules():
        print(f"{rule.code}  {rule.severity:<7}  {rule.name}")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from reportlint.ruledocs import explain
    from reportlint.ruleexamples import run_rule
    from reportlint.rulepack import PackSet

    packs = PackSet.load(args.rules)
    code = args.code.strip().upper()
    rules = {r.code: r for r in packs.all_rules()}
    by_name = {r.name: r for r in rules.values()}
    rule = rules.get(code) or by_name.get(args.code.strip())
    if rule is None:
        print(f"reportlint: no rule {args.code!r} (see `reportlint rules`)", file=sys.stderr)
        return EXIT_USAGE
    pack = next((p for p in packs.packs if p.rule(rule.code) and p.example), None)
    outcomes = run_rule(packs, pack, rule, lang=args.lang) if pack and rule.examples else []
    sys.stdout.write(explain(rule, args.lang, outcomes))
    return EXIT_OK


def _validate_rules(args: argparse.Namespace) -> int:
    from reportlint.packcheck import validate

    packs, problems = validate(args.path, args.lang)
    for problem in problems:
        print(str(problem), file=sys.stderr if problem.fatal else sys.stdout)
    if any(p.fatal for p in problems):
        return EXIT_USAGE
    rules = sum(len(p.rules) for p in packs)
    print(f"{args.path}: {len(packs)} pack(s), {rules} rule(s) OK")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from reportlint.rulepack import PackError

    args = _parser().parse_args(argv)
    try:
        commands = {"check": _check, "rules": _rules, "explain": _explain,
                    "validate-rules": _validate_rules}
        return commands[args.command](args)
    except PackError as error:
        print(f"{error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
