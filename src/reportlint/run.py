"""One run over report files: what `check`, `baseline`, `import` and `render --check` share.

    files with their settings -> Batch (worker processes, the cache, last year's reports)
                              -> baselines -> Run (findings per file, counts, failure)

Each file keeps the settings of the config that applies to it; a run reads what concerns the
run as a whole (`--previous`, `--jobs`, the cache, `--skip-non-reports`) from the command
line (`Overrides`). A format that renders reports (html) asks for them with `reports`: the
workers send them back with the findings, so such a run is as parallel as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportlint.batch import Batch
from reportlint.codes import FILE_TOO_LARGE, INTERNAL_ERROR, NOT_A_REPORT
from reportlint.config import ConfigError
from reportlint.filelist import compact
from reportlint.findings import FileResult, Finding, at_least, render
from reportlint.formats import Summary
from reportlint.model import Span
from reportlint.records import field, record, replace
from reportlint.settings import Resolver, Settings

TYPE_CHECKING = False
if TYPE_CHECKING:  # a run without a baseline never imports the baseline module
    from typing import BinaryIO
    from reportlint import baseline as baselines


@record
class Linted:
    """One file of a run: the settings it was linted with and what linting it gave."""

    settings: Settings
    result: FileResult

    @property
    def path(self) -> str:
        return self.result.path


@record
class Run:
    """What a run gave: each file's result in the order of the files (without the
    findings its baseline holds; none kept when the run streamed them to `each`), the baseline
    entries that no longer occur (RL094, per baseline file), the counts, and whether some
    finding is at or above its file's `fail-on`."""

    files: list[Linted]
    summary: Summary
    failed: bool
    gone: dict[str, list[Finding]] = field(default_factory=dict)
    baseline_note: str = ""
    internal_error: bool = False

    @property
    def findings(self) -> list[Finding]:
        return [f for item in self.files for f in item.result.findings] + [
            f for found in self.gone.values() for f in found]


def run(files: Sequence[tuple[str, Settings]], resolver: Resolver, *, reports: bool = False,
        baselines: bool = True, output: Settings | None = None,
        progress: Callable[[str], object] | None = None,
        each: Callable[[Linted], object] | None = None) -> Run:
    """Lint `files`, each paired with last year's report (RL7xx), applying the baselines to each
    file as it is handed on (unless `baselines` is False: `reportlint baseline` writes them).
    With `each`, every file goes to it as soon as its findings are final and the Run keeps none
    (memory flat); otherwise Run.files holds them. With `reports`, each result keeps the report
    that was read. Failure is decided by each file's own `fail-on`, and for the baseline
    notices by the `output` settings (default: the current folder's)."""
    options = resolver.overrides
    tally = _Tally(files if baselines else [])  # a bad baseline is an error before any output
    cache = None
    if options.cache_dir is not None:  # --no-cache (a pre-commit hook) never imports it
        from reportlint.cache import Cache

        cache = Cache(options.cache_dir)
    files = compact(files)  # held the whole run: a path costs its bytes
    batch = Batch(files.map(lambda path, settings: settings.linter_for(path)), options.jobs,
                  cache, reports, progress)
    kept = []
    for settings, result in zip(map(files.value, range(len(files))), batch.run(options.previous),
                                strict=True):
        if options.skip_non_reports and any(f.code == NOT_A_REPORT for f in result.findings):
            continue  # a workflow or package.json pre-commit passed: not ours to judge
        item = tally.add(Linted(settings, result))
        if each is None:
            kept.append(item)
        else:
            each(item)
    return tally.finish(kept, output or resolver.for_path("."))


def run_stdin(file: tuple[str, Settings], stream: BinaryIO, resolver: Resolver, *,
              reports: bool = False) -> Run:
    """Lint the report on standard input as the file `name` would be (an editor's buffer):
    read in this process, bounded by `max-bytes`, paired with --previous when given."""
    from reportlint.engine import PREVIOUS_UNREADABLE, Loaded
    from reportlint.findings import Hit
    from reportlint.i18n import UNREADABLE
    from reportlint.model import FILE_START

    name, settings = file
    linter = settings.linter_for(name)
    data = stream.read(linter.max_bytes + 1)
    if len(data) > linter.max_bytes:
        loaded = Loaded(name, b"", None, [Hit(FILE_START, code=FILE_TOO_LARGE, args={
            "size": f"{linter.max_bytes}+", "limit": linter.max_bytes})])
    else:
        loaded = linter.read(name, data)
    previous, extra = None, []
    if resolver.overrides.previous:
        last = linter.load(resolver.overrides.previous)
        previous = last.report
        if previous is None:
            problem = next((h.args.get("problem") for h in last.hits if h.args), "")
            extra.append(Hit(FILE_START, code=PREVIOUS_UNREADABLE, args={
                "previous": resolver.overrides.previous, "problem": problem or UNREADABLE}))
    result = linter.lint(loaded, previous, extra)
    if result.report is not None:
        result.report = replace(result.report, previous=None) if reports else None
    return _finish([Linted(settings, result)], resolver.for_path("."), True)


def _finish(linted: list[Linted], output: Settings, apply: bool) -> Run:
    tally = _Tally([(item.path, item.settings) for item in linted] if apply else [])
    return tally.finish([tally.add(item) for item in linted], output)


class _Tally:
    """A run's outcome built file by file: baselines applied as each file arrives, the counts,
    failure and internal errors; the baselines' gone entries (RL094) once every file is in."""

    def __init__(self, files: Sequence[tuple[str, Settings]]) -> None:
        self.baselines: dict[Path, _Baseline] = {}
        for path, settings in files:
            target = _baseline_path(settings)
            if target is not None and target not in self.baselines:
                self.baselines[target] = _Baseline(target, settings)
        self.summary = Summary()
        self.failed = False
        self.internal_error = False

    def add(self, item: Linted) -> Linted:
        target = _baseline_path(item.settings)
        if target in self.baselines:
            self.baselines[target].apply(item)
        found = item.result.findings
        self.summary.add(found)
        fail_on = item.settings["fail-on"]
        self.failed = self.failed or (
            fail_on != "never" and any(at_least(f.severity, fail_on) for f in found))
        self.internal_error = self.internal_error or any(f.code == INTERNAL_ERROR for f in found)
        return item

    def finish(self, kept: list[Linted], output: Settings) -> Run:
        gone = [f for baseline in self.baselines.values() for f in baseline.gone()]
        hidden = sum(baseline.matcher.hidden for baseline in self.baselines.values())
        for finding in gone:
            self.summary.counts[finding.severity] = self.summary.counts.get(finding.severity, 0) + 1
        fail_on = output["fail-on"]
        failed = self.failed or (fail_on != "never" and any(at_least(f.severity, fail_on)
                                                            for f in gone))
        note = ""
        if hidden or gone:
            note = (f"baseline: {hidden} known finding(s) not shown; {len(gone)} "
                    f"entr{'y' if len(gone) == 1 else 'ies'} no longer occur"
                    + (" (run `reportlint baseline` to shrink it)" if gone else ""))
        gone_by_file: dict[str, list[Finding]] = {}
        for finding in gone:
            gone_by_file.setdefault(finding.path, []).append(finding)
        return Run(kept, self.summary, failed, gone_by_file, note,
                   self.internal_error or any(f.code == INTERNAL_ERROR for f in gone))


# --- baselines -------------------------------------------------------------------------------


def _baseline_path(settings: Settings) -> Path | None:
    value = settings["baseline"]
    return Path(value) if value else None


class _Baseline:
    """One baseline file, loaded once, matched against each file of its config as it arrives."""

    def __init__(self, path: Path, settings: Settings) -> None:
        from reportlint import baseline as baselines  # only a run with a baseline imports it

        try:
            entries = baselines.load(path)
        except baselines.BaselineError as error:
            raise ConfigError(str(error), path) from error
        self.path, self.settings = path, settings
        self.matcher = baselines.Matcher(entries)

    def apply(self, item: Linted) -> None:
        """The file's findings without the baselined ones (in place)."""
        from reportlint import baseline as baselines

        root = item.settings.root
        item.result.findings = self.matcher.keep((f, root) for f in item.result.findings)
        self.matcher.looked_for(baselines.relative(item.path, root),
                                item.settings.linter_for(item.path).selection.wants)

    def gone(self) -> list[Finding]:
        return [found for entry, count in self.matcher.gone()
                if (found := _gone_finding(self.settings, self.path, entry, count)) is not None]


def _looked_for(items: list[Linted]) -> dict[str, Callable[[str], bool]]:
    """Relative path of each file linted -> whether a code was selected for it."""
    from reportlint import baseline as baselines

    return {baselines.relative(item.path, item.settings.root):
            item.settings.linter_for(item.path).selection.wants for item in items}


def _gone_finding(settings: Settings, path: Path, entry: baselines.Entry, count: int
                  ) -> Finding | None:
    from reportlint import baseline as baselines

    linter = settings.linter()
    rule = linter.rule(baselines.GONE)
    if rule is None or not linter.selection.wants(baselines.GONE):
        return None
    where = entry.path + (f" {entry.data_path}" if entry.data_path else "")
    message = render(rule.render_message(linter.lang),
                     {"code": entry.code, "where": where, "gone": count}, linter.lang)
    return Finding(str(path), Span(entry.line, 5), baselines.GONE, rule.severity, message,
                   rule.name, entry.data_path)


def write_baselines(linted: list[Linted], output: Path | None) -> list[tuple[Path, int]]:
    """Write each file's findings to its baseline (`output`, else its config's `baseline`, else
    .reportlint-baseline.json at its root), keeping the entries of files not linted now or of
    codes not selected; (path, entries) written."""
    from reportlint import baseline as baselines

    groups: dict[Path, list[Linted]] = {}
    for item in linted:
        target = output or _baseline_path(item.settings) or item.settings.root / baselines.DEFAULT_NAME
        groups.setdefault(target.resolve(), []).append(item)
    written = []
    for target, items in groups.items():
        entries = baselines.entries_for((f, item.settings.root)
                                        for item in items for f in item.result.findings)
        checked = _looked_for(items)
        if target.is_file():
            try:
                old = baselines.load(target)
            except baselines.BaselineError as error:
                raise ConfigError(str(error), target) from error
            # Entries this run could not have produced (other files, codes not selected) stay.
            entries.update({k: e for k, e in old.items()
                            if e.path not in checked or not checked[e.path](e.code)})
        baselines.write(target, entries)
        written.append((target, sum(e.count for e in entries.values())))
    return written
