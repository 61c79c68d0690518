"""Command line: argument parsing and exit codes only.

Exit codes: 0 no finding at or above the failing severity; 1 such findings; 2 usage, config
or rule-pack error; 3 an internal error on some file (reported as RL099, the run continued);
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reportlint import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from reportlint.settings import Overrides

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


def _codes(values: list[str] | None) -> list[str]:
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


# Long: one add_argument per option of every command, in the order --help prints them; split
# up, the command line's surface would be read in pieces. With `command`, only that command is
# added: its own --help and errors are the same, and argparse costs ~70 us an option and ~0.5 ms
# a subcommand (a pre-commit hook runs `check` once per commit); the list of commands is shown
# only by a line that names none.
def _parser(command: str | None = None) -> argparse.ArgumentParser:
    def wanted(name: str) -> bool:
        return command is None or command == name

    from reportlint.cli_help import Parser

    parser = Parser(prog="reportlint", description=(
        "Lint 政府信息公开工作年度报告 (annual government information disclosure reports)."))
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    if wanted("check"):
        check = subcommands.add_parser("check", help="lint report files and directories")
        _lint_options(check)
        check.add_argument("--format", action="append", metavar="NAME[:FILE]",
                           help="text (default; github inside GitHub Actions), concise, json, jsonl, "
                                "sarif, github, junit, gitlab or html; repeat with :FILE to write "
                                "several at once")
        check.add_argument("--show-info", action="store_true",
                           help="also print info findings (notes on how a file was read) in the text "
                                "and concise output; other formats always carry them")
        check.add_argument("--statistics", action="store_true",
                           help="print the count of findings per rule instead of the findings")
        check.add_argument("--fail-on", default=None, choices=["error", "warning", "info", "never"],
                           help="lowest severity that makes the exit code 1 (default: error); "
                                "independent of what is shown")
        check.add_argument("--baseline", metavar="FILE",
                           help="report only findings not in this baseline (see `baseline`)")
        check.add_argument("--output-file", "-o", metavar="FILE",
                           help="write the output here instead of to standard output "
                                "(the same as --format NAME:FILE)")
        check.add_argument("--quiet", "-q", action="store_true",
                           help="print the findings only: no summary line")
        check.add_argument("--exit-zero", action="store_true",
                           help="exit 0 even when there are findings (errors of use still exit 2)")
        check.add_argument("--color", default="auto", choices=["auto", "always", "never"],
                           help="colour the text output: auto (on a terminal, unless NO_COLOR is "
                                "set; FORCE_COLOR forces it), always, never")
        check.add_argument("--stdin-filename", metavar="PATH",
                           help="with the path `-` (read the report from standard input): the file "
                                "name for its config, excludes, reader and messages")

    if wanted("baseline"):
        baseline = subcommands.add_parser("baseline", help="write the current findings to a baseline")
        _lint_options(baseline)
        baseline.add_argument("-o", "--output", type=Path, metavar="FILE",
                              help="baseline file (default: the config's `baseline`, else "
                                   ".reportlint-baseline.json beside the config)")

    if wanted("config"):
        config = subcommands.add_parser("config", help="show the resolved configuration")
        config.add_argument("--show", nargs="?", const=".", default=".", metavar="FILE",
                            help="settings that apply to FILE (default: the current folder), "
                                 "where each comes from, and the files that would be linted")
        _config_options(config)

    if wanted("import"):
        imports = subcommands.add_parser("import", help="turn a published report (web text, PDF "
                                      "text, HTML, DOCX) into structured YAML")
        imports.add_argument("source", metavar="SRC", help="the report (any readable form)")
        imports.add_argument("-o", "--output", metavar="OUT.yaml",
                             help="write here (atomically) instead of to stdout")
        imports.add_argument("--template", help="read against this rule pack's template")
        imports.add_argument("--rules", action="append", type=Path, metavar="DIR",
                            help=RULES_HELP)
        imports.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
        imports.add_argument("--max-bytes", type=_positive, default=None,
                             help="a larger source is reported, not read (default 5 MiB)")
        imports.add_argument("--ocr", action="store_true", help=OCR_HELP)

    if wanted("render"):
        render = subcommands.add_parser("render", help="write the publishable report (HTML, Word, "
                                     "Markdown) from its data, in the national format of its pack")
        render.add_argument("source", metavar="REPORT", help="the report (any readable form)")
        render.add_argument("--to", choices=["html", "docx", "md"],
                            help="the form (default: from the extension of -o)")
        render.add_argument("-o", "--output", metavar="OUT",
                            help="write here (atomically) instead of to stdout")
        render.add_argument("--check", action="store_true",
                            help="lint first; write nothing when a finding is at or above --fail-on")
        render.add_argument("--fail-on", default=None, choices=["error", "warning", "info", "never"],
                            help="with --check: lowest severity that stops the rendering (default: error)")
        render.add_argument("--select", action="append", metavar="CODES",
                            help="only these codes or prefixes (comma-separated; ALL for every rule)")
        render.add_argument("--ignore", action="append", metavar="CODES",
                            help="skip these codes or prefixes (comma-separated)")
        render.add_argument("--template", help="read against this rule pack, whatever the report says")
        render.add_argument("--rules", action="append", type=Path, metavar="DIR",
                            help=RULES_HELP)
        render.add_argument("--previous", metavar="LAST", help="with --check: last year's report")
        render.add_argument("--baseline", metavar="FILE", help="with --check: known findings")
        render.add_argument("--lang", default=None, choices=["zh", "en"], help="message language")
        _config_options(render)

    if wanted("new"):
        new = subcommands.add_parser("new", help="start next year's report: sections, intro, blank "
                                  "tables, and what carries over from last year's")
        new.add_argument("--organ", help="the organ's name (default: last year's)")
        new.add_argument("--year", type=int, required=True, help="the report year")
        new.add_argument("--previous", metavar="LAST", help="last year's report (any readable form)")
        new.add_argument("-o", "--output", metavar="FILE", help="write here instead of to stdout")
        new.add_argument("--force", action="store_true", help="replace an existing output file")
        new.add_argument("--template", help="this rule pack (default: by the year)")
        new.add_argument("--rules", action="append", type=Path, metavar="DIR",
                            help=RULES_HELP)

    if wanted("rules"):
        rules = subcommands.add_parser("rules", help="list the rules: code, severity, name")
        rules.add_argument("--rules", action="append", type=Path, metavar="DIR",
                            help=RULES_HELP)
        rules.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
        rules.add_argument("--format", default="text", choices=["text", "markdown"],
                           help="markdown: the rule reference (docs/rules.md)")

    if wanted("explain"):
        explain = subcommands.add_parser("explain", help="a rule's doc: what, why, fix, examples")
        explain.add_argument("code", metavar="CODE", help="the rule's code, such as RL301")
        explain.add_argument("--rules", action="append", type=Path, metavar="DIR",
                            help=RULES_HELP)
        explain.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")

    if wanted("validate-rules"):
        validate = subcommands.add_parser("validate-rules", help="check a rule pack of your own")
        validate.add_argument("path", type=Path, metavar="PATH", help="the rule pack folder")
        validate.add_argument("--lang", default="zh", choices=["zh", "en"], help="message language")
    if wanted("serve"):
        serve = subcommands.add_parser(
            "serve", help="a checking page and JSON API in the browser (extra: reportlint[serve])")
        _serve_options(serve)
    return parser


COMMANDS = ("check", "baseline", "config", "import", "render", "new", "rules", "explain",
            "validate-rules", "serve")


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand argv starts with, if any (else every command is added)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


MAX_BYTES_LIMIT = 1 << 40  # 1 TiB: a limit beyond any file, and within what read() takes


def _size(value: str) -> int:
    """Bytes, or with a K, M or G suffix (powers of 1024), up to 1 TiB."""
    units = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
    number, unit = (value[:-1], units[value[-1].upper()]) if value[-1:].upper() in units else (value, 1)
    if not number.isascii() or not number.isdigit() or len(number) > 15 \
            or not 1 <= int(number) * unit <= MAX_BYTES_LIMIT:
        raise argparse.ArgumentTypeError(f"expected a size such as 5242880 or 5M (at most 1 TiB), "
                                         f"got {value!r}")
    return int(number) * unit


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--token-file", metavar="FILE", help=(
        "require this token (Authorization: Bearer, or the login form) for everything but "
        "/healthz; or set REPORTLINT_SERVE_TOKEN"))
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="processes that check files (default: cores, at most 4)")
    parser.add_argument("--queue", type=int, default=16, metavar="N",
                        help="uploads that may wait for a worker; more get 429 (default 16)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="checking time per file; past it the file gets RL098 (default 30)")
    parser.add_argument("--max-upload", type=_size, default="20M", metavar="SIZE",
                        help="bytes per request; more is refused with 413 (default 20M)")
    parser.add_argument("--max-files", type=int, default=100, metavar="N",
                        help="files per upload, zip members included (default 100)")
    parser.add_argument("--max-unpacked", type=_size, default="100M", metavar="SIZE",
                        help="bytes unpacked from the zips of one upload (default 100M)")
    parser.add_argument("--max-bytes", type=_size, default=None, metavar="SIZE",
                        help="a larger file is reported (RL010), not read (default 5M)")
    parser.add_argument("--worker-memory", type=_size, default="2G", metavar="SIZE",
                        help="address space per worker process (default 2G)")
    parser.add_argument("--log-format", default="text", choices=["text", "json"],
                        help="one line per request, as text or JSON")
    parser.add_argument("--temp-dir", metavar="DIR",
                        help="where uploads are unpacked while checked (default: the system's)")
    parser.add_argument("--rules", action="append", type=Path, metavar="DIR",
                        help=RULES_HELP)
    parser.add_argument("--config", metavar="FILE", help="settings (select, ignore, severity, "
                        "options) for every upload; uploads bring no config of their own")


RULES_HELP = "rule pack folder, or folder of packs, to use instead of the built-in"
OCR_HELP = ("read scanned PDF pages by OCR (needs the reportlint[ocr] extra and Tesseract with "
            "chi_sim); values so read are marked, and findings on them say so")


def _positive(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 15 \
            or not 1 <= int(value) <= MAX_BYTES_LIMIT:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of bytes from 1 to {MAX_BYTES_LIMIT}, got {value!r}")
    return int(value)


def _config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="use this config for every file instead of searching upward")
    parser.add_argument("--isolated", action="store_true", help="ignore all config files")


def _lint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="report files or folders (default: the current folder; `-`: "
                             "standard input)")
    parser.add_argument("--select", action="append", metavar="CODES",
                        help="only these codes or prefixes (comma-separated; ALL for every rule)")
    parser.add_argument("--extend-select", action="append", metavar="CODES",
                        help="these codes or prefixes in addition to the selected ones")
    parser.add_argument("--ignore", action="append", metavar="CODES",
                        help="skip these codes or prefixes (comma-separated)")
    parser.add_argument("--lang", default=None, choices=["zh", "en"], help="message language")
    parser.add_argument("--template", help="check against this rule pack, whatever the report says")
    parser.add_argument("--rules", action="append", type=Path, metavar="DIR", help=RULES_HELP)
    parser.add_argument("--max-bytes", type=_positive, default=None,
                        help="files larger than this are reported, not read (default 5 MiB)")
    parser.add_argument("--ocr", action="store_true", help=OCR_HELP)
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="lint in N processes (default: all cores; 1: in this process)")
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the cache (.reportlint_cache, or $REPORTLINT_CACHE_DIR)")
    parser.add_argument("--previous", metavar="LAST", help=(
        "last year's report of the same organ, for the cross-year rules (RL7xx); without it, "
        "reports of one organ in the run pair by metadata organ + year, else by file name "
        "NAME-YEAR.EXT (docs/history.md)"))
    parser.add_argument("--exclude", action="append", metavar="GLOB",
                        help="exclude these files and folders instead of the configs' `exclude` "
                             "(gitignore-style globs, comma-separated; `!GLOB` takes one back)")
    parser.add_argument("--extend-exclude", action="append", metavar="GLOB",
                        help="exclude these files and folders in addition to the configs' "
                             "`exclude`")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply include/exclude to files named on the command line too "
                             "(for pre-commit)")
    parser.add_argument("--skip-non-reports", action="store_true",
                        help="skip a file that is plainly not a report (RL040: a CI workflow, "
                             "package.json, a README.txt) without a word, instead of reporting it "
                             "(for pre-commit, which passes every file of a kind)")
    _config_options(parser)


def _overrides(args: argparse.Namespace) -> Overrides:
    """What the command line says, for the settings of each file and for the run."""
    from reportlint.settings import Overrides

    cache_dir = None
    if not getattr(args, "no_cache", True):  # --no-cache never imports the cache
        from reportlint.cache import default_dir

        cache_dir = default_dir()
    return Overrides(
        select=_codes(getattr(args, "select", None)) or None,
        extend_select=_codes(getattr(args, "extend_select", None)),
        ignore=_codes(getattr(args, "ignore", None)), rules=getattr(args, "rules", None),
        template=getattr(args, "template", None), fail_on=getattr(args, "fail_on", None),
        format=getattr(args, "format", None), lang=getattr(args, "lang", None),
        max_bytes=getattr(args, "max_bytes", None), baseline=getattr(args, "baseline", None),
        force_exclude=getattr(args, "force_exclude", False), config=getattr(args, "config", None),
        exclude=_globs(getattr(args, "exclude", None)),
        extend_exclude=_globs(getattr(args, "extend_exclude", None)),
        isolated=getattr(args, "isolated", False), cache_dir=cache_dir,
        jobs=getattr(args, "jobs", None), previous=getattr(args, "previous", None),
        skip_non_reports=getattr(args, "skip_non_reports", False), ocr=_ocr(args))


def _globs(values: list[str] | None) -> list[str] | None:
    """--exclude GLOB,GLOB (repeatable); a pattern that is not a glob is a usage error."""
    if values is None:
        return None
    from reportlint.commands import UsageError
    from reportlint.globs import check_glob

    globs = [g.strip() for v in values for g in v.split(",") if g.strip()]
    for glob in globs:
        problem = check_glob(glob)
        if problem:
            raise UsageError(f"{glob!r} is not a glob: {problem}")
    return globs


def _ocr(args: argparse.Namespace) -> bool:
    """--ocr, where it can run; where it cannot, how to install it (exit 2) before any reading."""
    if not getattr(args, "ocr", False):
        return False
    from reportlint.commands import UsageError
    from reportlint.readers import ocr

    problem = ocr.problem()
    if problem:
        raise UsageError(f"--ocr: {problem}")
    return True


def _check(args: argparse.Namespace) -> int:
    from reportlint import commands

    formats = args.format
    if args.output_file:
        if formats and any(":" in f for f in formats):
            raise commands.UsageError("--output-file and --format NAME:FILE: choose one")
        if formats and len(formats) > 1:
            raise commands.UsageError("--output-file takes one format; write several with "
                                      "--format NAME:FILE each")
        formats = [f"{f}:{args.output_file}" for f in formats or ["text"]]
    if args.stdin_filename and args.paths != ["-"]:
        raise commands.UsageError("--stdin-filename names standard input: give the path `-`")
    options = commands.CheckOptions(args.statistics, args.show_info, args.quiet, args.color,
                                    args.stdin_filename)
    linted = commands.check(args.paths, _overrides(args), formats, options)
    if linted is None:
        return EXIT_OK
    if linted.internal_error:
        return EXIT_INTERNAL
    return EXIT_FINDINGS if linted.failed and not args.exit_zero else EXIT_OK


def _baseline(args: argparse.Namespace) -> int:
    from reportlint import commands

    commands.baseline(args.paths, _overrides(args), args.output)
    return EXIT_OK


def _config(args: argparse.Namespace) -> int:
    from reportlint import commands

    commands.show_config(args.show, _overrides(args))
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from reportlint import commands

    commands.list_rules(args.rules, args.format == "markdown", args.lang)
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from reportlint import commands

    commands.explain(args.code, args.rules, args.lang)
    return EXIT_OK


def _validate_rules(args: argparse.Namespace) -> int:
    from reportlint import commands

    return EXIT_OK if commands.validate_rules(args.path, args.lang) else EXIT_USAGE


def _import(args: argparse.Namespace) -> int:
    from reportlint import commands

    overrides = _overrides(args)
    overrides.select = ["RL0"]  # the reading findings only: no check runs on an import
    return EXIT_OK if commands.import_report(args.source, args.output, overrides) else EXIT_USAGE


def _render(args: argparse.Namespace) -> int:
    from reportlint.publishing import render_command

    return render_command(args.source, args.to, args.output, args.check, _overrides(args),
                          sys.stderr, sys.stdout.buffer, sys.stdout.isatty())


def _serve(args: argparse.Namespace) -> int:
    import os

    try:
        from reportlint import serve
        from reportlint.serve.app import Config
    except ImportError as error:  # the extra is not installed
        print(f"reportlint: `serve` needs the serve extra (missing {error.name}): "
              "pip install 'reportlint[serve]'", file=sys.stderr)
        return EXIT_USAGE
    from reportlint.engine import DEFAULT_MAX_BYTES
    from reportlint.serve.checking import Options
    from reportlint.serve.uploads import Limits

    try:
        token = serve.read_token(args.token_file, dict(os.environ))
        options = Options(tuple(str(r) for r in args.rules or ()), args.config, args.max_bytes)
        limits = Limits(args.max_upload, args.max_files, args.max_unpacked,
                        args.max_bytes or DEFAULT_MAX_BYTES)
        config = Config(options, limits, args.timeout, args.workers or serve.default_workers(),
                        args.queue, args.worker_memory, token, args.log_format, args.temp_dir)
        return serve.serve(config, args.host, args.port)
    except serve.ServeError as error:
        print(f"reportlint: {error}", file=sys.stderr)
        return EXIT_USAGE


def _new(args: argparse.Namespace) -> int:
    from reportlint.scaffold import new_command

    return new_command(args.organ, args.year, args.previous, args.output, args.template,
                       args.rules, args.force, sys.stderr, sys.stdout)


# CPython's collector passes over the young objects every 700 net new containers: thousands of
# passes over a batch whose objects (cells, spans, findings) almost never form cycles and are
# freed by their reference counts, 6–7 % of the CPU of `check` (bench/README.md). A pass every
# 200,000, as mypy sets for the same reason; cycles are still collected, a little later.
_COLLECTOR_THRESHOLDS = (200_000, 30, 30)


def main(argv: Sequence[str] | None = None) -> int:
    if sys.implementation.name == "cpython":
        gc.set_threshold(*_COLLECTOR_THRESHOLDS)  # before the imports below, which allocate too
    from reportlint.commands import UsageError
    from reportlint.errors import SourceError

    if sys.stdout is None:  # started with standard output closed (`>&-`)
        from reportlint.outputs import ClosedOutput

        sys.stdout = ClosedOutput()
    for stream in (sys.stdout, sys.stderr):  # file names need not be UTF-8 (b"\xff.yaml")
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from reportlint.cli_help import describe, help_language, translate

    words = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_command(words))
    describe(parser)
    if help_language(words) == "zh":
        translate(parser)  # --help in Chinese, the default language; `--lang en` for English
    args = parser.parse_args(argv)
    handlers = {"check": _check, "baseline": _baseline, "config": _config, "rules": _rules,
                "explain": _explain, "validate-rules": _validate_rules, "import": _import,
                "render": _render, "new": _new, "serve": _serve}
    try:
        return handlers[args.command](args)
    except SourceError as error:  # a config, rule pack or baseline that cannot be used
        print(f"{error}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as error:
        print(f"reportlint: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: output files and the cache are left whole (atomic)
        print("reportlint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> None:
    """The `reportlint` command (and `python -m reportlint`): main(), and its exit code.

    Once main() has returned, every output has been written and closed (an output file is
    committed, the cache replaced whole), so the interpreter's teardown has nothing left to
    add: freeing every module and object of the run was 8 % of checking one file (37M of 442M
    instructions, bench/README.md), the pre-commit case. The process therefore runs the exit
    handlers (`atexit`: temporary folders, worker pools), flushes standard output and error,
    and ends with `os._exit`, as mypy ends. It exits the usual way when a flush fails (the
    interpreter then reports it, as it always has), while a thread other than the main one
    still runs (it is waited for; after Ctrl-C it is not: the threads left are the stopped
    worker pool's, whose manager could wait for ever on a result a terminated worker never
    finished writing), under a profiler or a tracer (`python -m cProfile -m
    reportlint` prints its profile at the end), and off CPython."""
    code = main()
    exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    waited = code != EXIT_INTERRUPTED and threading is not None and threading.active_count() > 1
    if (sys.implementation.name != "cpython" or exit_handlers is None
            or sys.getprofile() is not None or sys.gettrace() is not None or waited):
        sys.exit(code)
    exit_handlers()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
