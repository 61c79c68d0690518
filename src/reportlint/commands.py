"""What each command does with what the command line said. cli.py parses the arguments, calls
one of these, and maps what it returns to an exit code.

The linting commands share one pipeline: settings (reportlint.settings: the config that
applies to each file under the command line) -> run (reportlint.run: workers, cache, last
year's reports, baselines) -> outputs (reportlint.outputs: the formats, written atomically).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reportlint.filelist import FileList
from reportlint.records import record

TYPE_CHECKING = False
if TYPE_CHECKING:  # imported where used: `reportlint rules` need not load the engine
    from reportlint.findings import FileResult
    from reportlint.formats import Summary
    from reportlint.outputs import Outputs, Progress
    from reportlint.run import Linted, Run
    from reportlint.settings import Overrides, Resolver, Settings


class UsageError(Exception):
    """The command cannot do what it was asked (exit code 2); the message says why."""


@record(frozen=True)
class CheckOptions:
    """How `check` shows what it found."""

    statistics: bool = False
    show_info: bool = False
    quiet: bool = False  # findings only, no summary line
    color: str = "auto"  # auto | always | never
    stdin_filename: str | None = None  # the name of the report read from `-`


STDIN = "-"


def files_to_lint(paths: Sequence[str], resolver: Resolver) -> FileList[Settings]:
    """The files to lint with their settings; none when the excludes dropped every file named
    (pre-commit passed only excluded files: nothing to do) or the folders hold no report (a
    warning, as ruff gives: an empty folder is not a mistake of use)."""
    from reportlint.settings import collect

    files, dropped = collect(paths, resolver)
    if not files and not dropped:
        lang = resolver.for_path(".")["lang"]
        where = " ".join(paths)
        print(f"reportlint: {where} 中没有报告文件" if lang == "zh" else
              f"reportlint: no report files found in {where}", file=sys.stderr)
    return files


def _stdin_file(resolver: Resolver, name: str | None) -> FileList[Settings]:
    """Standard input as the file `name` (its config, excludes, reader and messages); nothing
    when --force-exclude drops that name, as it would drop the file."""
    settings = resolver.for_path(name or ".")
    if name and settings["force-exclude"] and (
            settings.excluded(Path(name)) or not settings.included(Path(name))):
        return FileList()
    return FileList([(name or STDIN, settings)])


def _refuse_inputs(outputs: Sequence[str | Path], files: Sequence[tuple[str, Settings]],
                   message: str) -> None:
    """No output may be one of the linted files: an input is never written over."""
    from reportlint.atomic import same_file

    for output in outputs:
        if any(same_file(str(output), path) for path, _ in files):
            raise UsageError(message.format(output))


def check(paths: Sequence[str], overrides: Overrides, formats: list[str] | None,
          options: CheckOptions = CheckOptions()) -> Run | None:
    """`reportlint check`: lint, write every chosen format, and say what failed."""
    from reportlint.formats import Context
    from reportlint.outputs import OutputError, Outputs, Progress, parse_specs, wants_colour
    from reportlint.outputs import statistics as statistics_table
    from reportlint.settings import Resolver

    env = dict(os.environ)
    resolver = Resolver(overrides)
    here = resolver.for_path(".")  # the current folder's settings choose the output
    configured = here["format"]
    chosen = formats or (None if here.sources["format"] == "default" else
                         [configured] if isinstance(configured, str) else configured)
    try:
        specs = parse_specs(chosen, env)
    except OutputError as error:
        raise UsageError(str(error)) from None
    statistics = options.statistics
    if statistics:
        specs = [s for s in specs if s.file is not None]
    stdin = list(paths) == [STDIN]
    files = _stdin_file(resolver, options.stdin_filename) if stdin else files_to_lint(paths, resolver)
    if not files:
        return None
    _refuse_inputs([s.file for s in specs if s.file], files,
                   "--format would write over the input file {}; choose another output file")
    if any(s.name == "github" for s in specs) and env.get("GITHUB_STEP_SUMMARY"):
        _refuse_inputs([env["GITHUB_STEP_SUMMARY"]], files,
                       "$GITHUB_STEP_SUMMARY would append to the input file {}; point it "
                       "elsewhere")
    rules = {}
    for settings in files.values():  # a bad config or pack is an error before any output
        rules.update({rule.code: rule for rule in settings.linter().packs.all_rules()})
    context = Context(here["lang"], rules, os.getcwd(),
                      wants_colour(sys.stdout, env, options.color), env,
                      show_info=options.show_info, quiet=options.quiet)
    try:
        outputs = Outputs(specs, context)
    except OutputError as error:
        raise UsageError(str(error)) from None
    streamed = _Streamed(outputs)
    linted = _lint_into(streamed, files, resolver, stdin, Progress(len(files)))
    table = statistics_table(linted.summary, rules, here["lang"]) if statistics else ""
    if not streamed.finish(linted.summary, table):
        return linted  # standard output's reader left: the exit code is the run's
    if linted.baseline_note:
        print(f"reportlint: {linted.baseline_note}", file=sys.stderr)
    return linted


class _Streamed:
    """The outputs as the run feeds them, file by file, then the summaries. A write that fails
    (a full disk, a closed standard output) is a UsageError; when standard output's reader goes
    away (`| head -1`) the outputs are dropped and the run goes on quietly, so that its exit
    code is still the run's: a broken pipe never turns a failing run into a passing one."""

    def __init__(self, outputs: Outputs) -> None:
        self.outputs = outputs
        self.reader_left = False

    @property
    def needs_report(self) -> bool:
        return self.outputs.needs_report

    def file(self, result: FileResult) -> None:
        if not self.reader_left:
            with self._guard():
                self.outputs.file(result)

    def finish(self, summary: Summary, table: str) -> bool:
        """Write the summaries; False when standard output's reader went away."""
        if not self.reader_left:
            with self._guard():
                self.outputs.finish(summary)
                sys.stdout.write(table)
                sys.stdout.flush()
        return not self.reader_left

    def discard(self) -> None:
        self.outputs.discard()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        from reportlint.outputs import OutputError

        try:
            yield
        except BrokenPipeError:
            self.outputs.discard()
            _quiet_stdout()
            self.reader_left = True
        except OutputError as error:
            self.outputs.discard()
            raise UsageError(str(error)) from None
        except OSError as error:
            self.outputs.discard()
            raise UsageError(f"cannot write standard output: {error.strerror or error}") from None


def _lint_into(outputs: _Streamed, files: FileList[Settings], resolver: Resolver,
               stdin: bool, progress: Progress) -> Run:
    """Lint `files`, giving each file to the outputs as soon as its findings are final (printed,
    then forgotten), then the baselines' entries that no longer occur."""
    from reportlint.findings import FileResult
    from reportlint.run import run, run_stdin

    def show(item: Linted) -> None:
        if item.result.findings:
            progress.clear()  # the bar, redrawn below the findings at the next file
        outputs.file(item.result)

    try:
        if stdin:
            linted = run_stdin(files[0], sys.stdin.buffer, resolver, reports=outputs.needs_report)
            for item in linted.files:
                show(item)
        else:
            linted = run(files, resolver, reports=outputs.needs_report, progress=progress.step,
                         each=show)
        for path, findings in linted.gone.items():
            outputs.file(FileResult(path, findings))
    except BaseException:
        outputs.discard()  # no half-written output file under its final name
        raise
    finally:
        progress.close()
    return linted


def _quiet_stdout() -> None:
    """Standard output's reader is gone: what is left in its buffer goes nowhere, so that the
    interpreter's last flush prints no "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real stream (a test's capture)
        pass


def baseline(paths: Sequence[str], overrides: Overrides, output: Path | None) -> None:
    """`reportlint baseline`: the findings of today, written to each file's baseline."""
    from reportlint.run import run, write_baselines
    from reportlint.settings import Resolver

    resolver = Resolver(overrides)
    files = files_to_lint(paths, resolver)
    if not files:
        return
    _refuse_inputs([output] if output else [], files,
                   "the baseline would be written over the input file {}")
    linted = run(files, resolver, baselines=False)
    for target, count in write_baselines(linted.files, output):
        print(f"reportlint: wrote {count} finding(s) to {target}", file=sys.stderr)


def show_config(target: str, overrides: Overrides) -> None:
    """`reportlint config --show`: the settings that apply to `target`, with their sources."""
    from reportlint.settings import Resolver, describe

    resolver = Resolver(overrides)
    settings = resolver.for_path(target)
    settings.linter()  # validate packs, severities and options too
    print(describe(settings, target, resolver))


def list_rules(rules: list[Path] | None, markdown: bool, lang: str) -> None:
    """`reportlint rules`: code, severity, name and what each checks, in `lang`; or the rule
    reference in Markdown."""
    from reportlint.packs.load import load_packs

    packs = load_packs(rules)
    if markdown:
        from reportlint.engine import lint_example
        from reportlint.packs.docs import rules_markdown
        from reportlint.packs.examples import run_pack

        outcomes = [o for pack in packs.packs for o in run_pack(lint_example, packs, pack, lang)]
        sys.stdout.write(rules_markdown(packs.packs, packs.all_rules(), lang, outcomes))
        return
    from reportlint.packs.docs import rules_list

    sys.stdout.write(rules_list(packs.all_rules(), lang))


def explain(name: str, rules: list[Path] | None, lang: str) -> None:
    """`reportlint explain CODE`: a rule's doc, with its examples run."""
    from reportlint.engine import lint_example
    from reportlint.packs.docs import explain as doc
    from reportlint.packs.examples import run_rule
    from reportlint.packs.load import load_packs

    packs = load_packs(rules)
    by_code = {r.code: r for r in packs.all_rules()}
    by_name = {r.name: r for r in by_code.values()}
    rule = by_code.get(name.strip().upper()) or by_name.get(name.strip())
    if rule is None:
        raise UsageError(f"no rule {name!r} (see `reportlint rules`)")
    pack = next((p for p in packs.packs if p.rule(rule.code) and p.example), None)
    outcomes = run_rule(lint_example, packs, pack, rule, lang=lang) if pack and rule.examples else []
    sys.stdout.write(doc(rule, lang, outcomes))


def validate_rules(path: Path, lang: str) -> bool:
    """`reportlint validate-rules PATH`: every problem of a user's pack; False when fatal."""
    from reportlint.engine import lint_example
    from reportlint.packs.validate import validate

    packs, problems = validate(path, lint_example, lang)
    for problem in problems:
        print(str(problem), file=sys.stderr if problem.fatal else sys.stdout)
    if any(p.fatal for p in problems):
        return False
    rules = sum(len(p.rules) for p in packs)
    print(f"{path}: {len(packs)} pack(s), {rules} rule(s) OK")
    return True


def import_report(source: str, output: str | None, overrides: Overrides) -> bool:
    """`reportlint import`: a published report as structured YAML, to `output` (atomically) or
    standard output, with what could not be read on standard error. The source is read as a
    check would read it (its config's packs and limits); only its reading findings are shown
    (RL0xx: no check runs). False when nothing could be read."""
    from reportlint.atomic import same_file, write_output
    from reportlint.importer import to_yaml
    from reportlint.readers import organ
    from reportlint.run import run
    from reportlint.settings import Resolver

    if output and same_file(source, output):
        raise UsageError(f"refusing to overwrite the source {source} with the import")
    try:
        os.stat(source)
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror or error}") from None
    resolver = Resolver(overrides)
    [item] = run([(source, resolver.for_path(source))], resolver, reports=True,
                 baselines=False).files
    result = item.result
    for finding in result.findings:
        print(finding, file=sys.stderr)
    if result.report is None:
        return False
    if organ.inferred(result.report.meta):  # the deadline rules depend on it: a guess is said
        english = resolver.for_path(source)["lang"] == "en"
        kind = result.report.meta["organ_kind"].value
        print(f"{source}: meta.organ_kind {kind} " + (
            "read from the organ's name; correct it in the YAML if wrong" if english else
            "是按机关名称推断的；如不对，请在导出的 YAML 中改正"), file=sys.stderr)
    text = to_yaml(result.report, source, result.findings)
    if output:
        try:  # a missing folder, a folder, a read-only folder: a message, never a traceback
            write_output(output, lambda stream: stream.write(text), durable=True)
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    else:
        sys.stdout.write(text)
    return True
