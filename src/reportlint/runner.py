"""A run: settings per file (config + command line), the files to lint, linters, baselines.

The command line overrides the config; the config overrides the defaults. Each setting keeps
where it came from, for `reportlint config --show`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlint import baseline as baselines
from reportlint.config import (
    Config,
    ConfigError,
    find_config,
    glob_match,
    load_config,
    repository_root,
    resolve_path,
)
from reportlint.engine import DEFAULT_MAX_BYTES, Linter, Selection
from reportlint.findings import Finding, render

# Always excluded when walking folders: hidden names (.git, .venv, .reportlint.yaml, the
# baseline, .pre-commit-config.yaml, .github/) and tool folders, then other tools' files
# (NOT_REPORT_NAMES). A config's `exclude` adds to these.
DEFAULT_EXCLUDE = (".*", "node_modules", "__pycache__", "venv")


def defaults() -> dict[str, Any]:
    from reportlint.readers import NOT_REPORT_NAMES, REPORT_PATTERNS

    return {
        "rules": [], "builtin-rules": True, "packs": None, "template": None, "organ-kind": None,
        "select": ["ALL"], "extend-select": [], "ignore": [], "severity": {}, "options": {},
        "per-file-ignores": {}, "include": list(REPORT_PATTERNS),
        "exclude": [*DEFAULT_EXCLUDE, *NOT_REPORT_NAMES], "force-exclude": False, "fail-on": "error",
        "format": "text", "lang": "zh", "baseline": None, "max-bytes": DEFAULT_MAX_BYTES,
    }


@dataclass
class Overrides:
    """What the command line says; None where it says nothing."""

    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    rules: list[Path] | None = None
    template: str | None = None
    fail_on: str | None = None
    format: list[str] | None = None
    lang: str | None = None
    max_bytes: int | None = None
    baseline: str | None = None
    force_exclude: bool = False
    config: str | None = None  # this config for every file, instead of searching
    isolated: bool = False  # no config at all
    cache_dir: Path | None = None  # where validated rule packs are remembered (None: nowhere)


@dataclass
class Settings:
    root: Path
    config: Config | None
    values: dict[str, Any]
    sources: dict[str, str]
    cache_dir: Path | None = None
    _linter: Linter | None = field(default=None, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def linter(self) -> Linter:
        if self._linter is None:
            self._linter = build_linter(self)
        return self._linter

    def linter_for(self, path: str) -> Linter:
        """The linter with this file's `per-file-ignores` added to the ignored codes."""
        linter = self.linter()
        extra = [code for pattern, codes in self["per-file-ignores"].items()
                 if glob_match(pattern, Path(path), self.root) for code in codes]
        if not extra:
            return linter
        selection = Selection(linter.selection.select, [*linter.selection.ignore, *extra])
        return dataclasses.replace(linter, selection=selection)

    def excluded(self, path: Path) -> bool:
        """By `exclude`, and the rule pack folders the config names are never reports."""
        resolved = resolve_path(str(path))
        return any(glob_match(p, path, self.root, whole=True) for p in self["exclude"]) or any(
            resolved.is_relative_to(Path(folder).resolve()) for folder in self["rules"])

    def included(self, path: Path) -> bool:
        return any(glob_match(p, path, self.root) for p in self["include"])


class Resolver:
    """Settings for each file, one per config file found (cached)."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self._by_config: dict[Path | None, Settings] = {}
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Config] = {}
        self._explicit = load_config(Path(overrides.config)) if overrides.config else None

    def for_path(self, path: str | Path) -> Settings:
        if self._explicit is not None:
            config: Config | None = self._explicit
        elif self.overrides.isolated:
            config = None
        else:
            start = Path(path)
            start = start if start.is_dir() else start.parent
            folder = start.resolve()
            if folder not in self._found:
                self._found[folder] = find_config(folder)
            found = self._found[folder]
            if found is not None and found not in self._loaded:
                self._loaded[found] = load_config(found)
            config = self._loaded[found] if found is not None else None
        key = config.path if config else None
        if key not in self._by_config:
            self._by_config[key] = resolve(config, self.overrides)
        return self._by_config[key]


def resolve(config: Config | None, cli: Overrides) -> Settings:
    values = defaults()
    sources = dict.fromkeys(values, "default")
    if config is not None:
        for key, value in config.values.items():
            source = config.sources[key]
            if key == "exclude":
                value, source = [*values["exclude"], *value], f"default + {source}"
            values[key], sources[key] = value, source
    root = config.root if config else (repository_root(Path.cwd().resolve()) or Path.cwd().resolve())

    def override(key: str, value: Any) -> None:
        values[key], sources[key] = value, "command line"

    if cli.select is not None:
        override("select", cli.select)
        override("extend-select", [])
    if cli.extend_select:
        override("extend-select", [*values["extend-select"], *cli.extend_select])
    if cli.ignore:
        override("ignore", [*values["ignore"], *cli.ignore])
    if cli.rules:
        override("rules", [str(p) for p in cli.rules])
        override("builtin-rules", False)
    for key, value in (("template", cli.template), ("fail-on", cli.fail_on),
                       ("format", cli.format), ("lang", cli.lang),
                       ("max-bytes", cli.max_bytes)):
        if value is not None:
            override(key, value)
    if cli.baseline is not None:
        override("baseline", str(Path(cli.baseline).resolve()))
    if cli.force_exclude:
        override("force-exclude", True)
    return Settings(root.resolve(), config, values, sources, cli.cache_dir)


def build_linter(settings: Settings) -> Linter:
    from reportlint.packs.load import builtin_rules_dir, load_packs
    from reportlint.packs.pack import PackSet

    folders = [Path(p) for p in settings["rules"]]
    if settings["builtin-rules"]:
        folders.append(builtin_rules_dir())
    packs = load_packs(folders, settings.cache_dir)
    if settings["packs"] is not None:
        chosen = [p for p in packs.packs if p.id in settings["packs"]]
        if not chosen:
            raise ConfigError(f"packs: none of {settings['packs']} is loaded (loaded: "
                              f"{', '.join(p.id for p in packs.packs)})",
                              *_where(settings, "packs"))
        packs = PackSet(chosen)
    packs = _override_rules(packs, settings)
    _check_selectors(settings, [rule.code for rule in packs.all_rules()])
    if settings["template"] and packs.get(settings["template"]) is None:
        raise ConfigError(f"template: unknown template {settings['template']!r} (known: "
                          f"{', '.join(p.id for p in packs.packs)})", *_where(settings, "template"))
    selection = Selection([*settings["select"], *settings["extend-select"]], settings["ignore"])
    return Linter(packs, selection, settings["lang"], settings["template"], settings["max-bytes"],
                  settings["organ-kind"])


def _where(settings: Settings, key: str, code: str | None = None) -> tuple[str, int]:
    if code and settings.config and (key, code) in settings.config.positions:
        return settings.config.positions[(key, code)]
    source = settings.sources.get(key, "")
    last = source.split(" + ")[-1]
    if ":" in last and last.rsplit(":", 1)[1].isdigit():
        file, line = last.rsplit(":", 1)
        return file, int(line)
    return ("command line", 1) if source == "command line" else ("(defaults)", 1)


def _check_selectors(settings: Settings, known: list[str]) -> None:
    """A code or prefix in select/ignore that no rule has is a typo that would hide nothing."""
    import difflib

    lists = [(key, settings[key]) for key in ("select", "extend-select", "ignore")]
    lists += [("per-file-ignores", codes) for codes in settings["per-file-ignores"].values()]
    for key, selectors in lists:
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in known):
                close = difflib.get_close_matches(selector, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ConfigError(f"{key}: {selector!r} matches no rule{hint}", *_where(settings, key))


def _override_rules(packs: Any, settings: Settings) -> Any:
    """Per-rule `severity` and `options` (params merged, then validated by the check)."""
    from reportlint.checks import CHECKS
    from reportlint.packs.pack import PackSet
    from reportlint.schemacheck import schema_errors

    severity, options = settings["severity"], settings["options"]
    if not severity and not options:
        return packs
    known = {rule.code for rule in packs.all_rules()}
    for key, codes in (("severity", severity), ("options", options)):
        for code in codes:
            if code not in known:
                import difflib

                close = difflib.get_close_matches(code, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ConfigError(f"{key}.{code}: no rule has this code{hint}",
                                  *_where(settings, key, code))
    changed = []
    for pack in packs.packs:
        rules = []
        for rule in pack.rules:
            if rule.code in options:
                params = {**rule.params, **options[rule.code]}
                check = CHECKS[rule.check]
                for _, message in schema_errors(check.options or {}, params, None):
                    raise ConfigError(f"options.{rule.code} (check {rule.check}): {message}",
                                      *_where(settings, "options", rule.code))
                rule = dataclasses.replace(rule, params=params)
            if rule.code in severity:
                rule = dataclasses.replace(rule, severity=severity[rule.code])
            rules.append(rule)
        changed.append(dataclasses.replace(pack, rules=tuple(rules)))
    return PackSet(changed)


# --- files ---------------------------------------------------------------------------------


def collect(paths: Sequence[str], resolver: Resolver) -> tuple[list[tuple[str, Settings]], int]:
    """(file, its settings) to lint, and how many explicit files the excludes dropped."""
    files: list[tuple[str, Settings]] = []
    dropped = 0
    for name in paths:
        if os.path.isdir(name):
            files.extend(_walk(name, resolver))
            continue
        settings = resolver.for_path(name)
        path = Path(name)
        if settings["force-exclude"] and (settings.excluded(path) or not settings.included(path)):
            dropped += 1
            continue
        files.append((name, settings))
    return files, dropped


def _walk(folder: str, resolver: Resolver) -> Iterator[tuple[str, Settings]]:
    for root, dirs, names in os.walk(folder):
        here = resolver.for_path(root)
        dirs[:] = sorted(d for d in dirs if not here.excluded(Path(root, d)))
        for name in sorted(names):
            path = os.path.normpath(os.path.join(root, name))
            settings = resolver.for_path(path)
            if settings.included(Path(path)) and not settings.excluded(Path(path)):
                yield path, settings


# --- running -------------------------------------------------------------------------------


def lint(files: list[tuple[str, Settings]], previous: str | None = None, jobs: int | None = None,
         cache: Any = None) -> list[tuple[str, Settings, list[Finding]]]:
    """Each file with last year's report: `previous`, else its pair in the run (RL7xx)."""
    from reportlint.engine import lint_many

    found = lint_many([(path, settings.linter_for(path)) for path, settings in files], previous,
                      jobs=jobs, cache=cache, keep_reports=False)  # None: all cores, as check
    return [(path, settings, result.findings)
            for (path, settings), result in zip(files, found, strict=True)]


NOT_A_REPORT = "RL040"


def not_a_report(findings: list[Finding]) -> bool:
    """The file is plainly not a report (a CI workflow, package.json, a README.txt): with
    `--skip-non-reports` (the pre-commit hook) it is skipped rather than reported."""
    return any(f.code == NOT_A_REPORT for f in findings)


def baseline_path(settings: Settings) -> Path | None:
    value = settings["baseline"]
    return Path(value) if value else None


def apply_baselines(results: list[tuple[str, Settings, list[Finding]]]
                    ) -> tuple[list[list[Finding]], list[Finding], int]:
    """Findings per file without the baselined ones, RL094 findings, and how many hidden."""
    groups: dict[Path, list[int]] = {}
    for index, (_, settings, _) in enumerate(results):
        path = baseline_path(settings)
        if path is not None:
            groups.setdefault(path, []).append(index)
    per_file = [list(found) for _, _, found in results]
    gone_findings: list[Finding] = []
    hidden = 0
    for path, indexes in groups.items():
        try:
            entries = baselines.load(path)
        except baselines.BaselineError as error:
            raise ConfigError(str(error), path) from error
        pairs = [(f, results[i][1].root) for i in indexes for f in results[i][2]]
        outcome = baselines.apply(pairs, entries, _looked_for(results, indexes))
        hidden += outcome.hidden
        keep = {id(f) for f in outcome.kept}
        for i in indexes:
            per_file[i] = [f for f in per_file[i] if id(f) in keep]
        linter = results[indexes[0]][1].linter()
        gone_findings.extend(_gone_finding(linter, path, entry, count)
                             for entry, count in outcome.gone)
    return per_file, [f for f in gone_findings if f is not None], hidden


def _looked_for(results: list[tuple[str, Settings, list[Finding]]], indexes: list[int]
                ) -> dict[str, Callable[[str], bool]]:
    """Relative path of each file linted -> whether a code was selected for it."""
    return {baselines.relative(results[i][0], results[i][1].root):
            results[i][1].linter_for(results[i][0]).selection.wants for i in indexes}


def _gone_finding(linter: Linter, path: Path, entry: baselines.Entry, count: int
                  ) -> Finding | None:
    from reportlint.model import Span

    rule = linter.rule(baselines.GONE)
    if rule is None or not linter.selection.wants(baselines.GONE):
        return None
    where = entry.path + (f" {entry.data_path}" if entry.data_path else "")
    message = render(rule.render_message(linter.lang),
                     {"code": entry.code, "where": where, "gone": count}, linter.lang)
    return Finding(str(path), Span(entry.line, 5), baselines.GONE, rule.severity, message,
                   rule.name, entry.data_path)


@dataclass
class Run:
    findings: list[Finding]
    summary: Any  # formats.Summary
    failed: bool  # some file has a finding at or above its fail-on
    baseline_note: str = ""
    per_file: list[list[Finding]] = field(default_factory=list)  # in the order of the results
    gone_by_file: dict[str, list[Finding]] = field(default_factory=dict)  # RL094 per baseline


def finish(results: list[tuple[str, Settings, list[Finding]]], output: Settings) -> Run:
    """Apply the baselines, count, and decide failure: each file by its own config's fail-on,
    the baseline notices (RL094) by the output settings'."""
    from reportlint.findings import at_least
    from reportlint.formats import Summary

    per_file, gone, hidden = apply_baselines(results)
    summary = Summary()
    findings: list[Finding] = []
    for found in per_file:
        summary.add(found)
        findings.extend(found)
    for finding in gone:
        summary.counts[finding.severity] = summary.counts.get(finding.severity, 0) + 1
    findings.extend(gone)
    checked = [(found, each["fail-on"]) for found, (_, each, _) in zip(per_file, results, strict=True)]
    failed = any(fail_on != "never" and at_least(f.severity, fail_on)
                 for found, fail_on in [*checked, (gone, output["fail-on"])] for f in found)
    note = ""
    if hidden or gone:
        note = (f"baseline: {hidden} known finding(s) not shown; {len(gone)} "
                f"entr{'y' if len(gone) == 1 else 'ies'} no longer occur"
                + (" (run `reportlint baseline` to shrink it)" if gone else ""))
    gone_by_file: dict[str, list[Finding]] = {}
    for finding in gone:
        gone_by_file.setdefault(finding.path, []).append(finding)
    return Run(findings, summary, failed, note, per_file, gone_by_file)


def write_baseline(results: list[tuple[str, Settings, list[Finding]]], output: Path | None
                   ) -> list[tuple[Path, int]]:
    """Write each baseline (kept entries of files not linted now); (path, entries) written."""
    groups: dict[Path, list[int]] = {}
    for index, (_, settings, _) in enumerate(results):
        target = output or baseline_path(settings) or settings.root / baselines.DEFAULT_NAME
        groups.setdefault(target.resolve(), []).append(index)
    written = []
    for target, indexes in groups.items():
        entries = baselines.entries_for((f, results[i][1].root)
                                        for i in indexes for f in results[i][2])
        checked = _looked_for(results, indexes)
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


def describe(settings: Settings, target: str, resolver: Resolver) -> str:
    """`config --show`: each setting with its source, then the files a check would lint."""
    import json

    config = settings.config
    lines = [f"# config: {config.path if config else '(none: defaults)'}"]
    if config and len(config.chain) > 1:
        lines.append("# extends: " + " <- ".join(str(p) for p in config.chain))
    lines.append(f"# root: {settings.root}")
    width = max(len(key) for key in settings.values) + 1
    for key, value in settings.values.items():
        shown = json.dumps(value, ensure_ascii=False, default=str)
        lines.append(f"{key + ':':<{width}} {shown}  # {settings.sources[key]}")
    files, dropped = collect([target], resolver)
    lines.append(f"# files to lint ({len(files)}):")
    lines.extend(f"  {path}" for path, _ in files)
    if dropped:
        lines.append(f"# excluded ({dropped}) by force-exclude")
    return "\n".join(lines)
