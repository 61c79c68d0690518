"""Settings: for each file, the config that applies (found upward from it) under the command
line; the linter they build; the files a run lints; and `reportlint config --show`.

The command line overrides the config; the config overrides the defaults. Each setting keeps
where it came from, for `config --show`. What the command line says about the run as a whole
(`--previous`, `--jobs`, the cache) is in `Overrides` too, for reportlint.run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from reportlint.config import (
    Config,
    ConfigError,
    Exclusion,
    anchor_glob,
    find_config,
    forget_paths,
    glob_match,
    load_config,
    real_path,
    repository_root,
)
from reportlint.engine import DEFAULT_MAX_BYTES, Linter, Selection
from reportlint.filelist import FileList
from reportlint.labels import did_you_mean
from reportlint.records import field, record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
        "ocr": False,
    }


@record
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
    exclude: list[str] | None = None  # --exclude: replaces the configs' `exclude`
    extend_exclude: list[str] | None = None  # --extend-exclude: added to it
    ocr: bool = False
    config: str | None = None  # this config for every file, instead of searching
    isolated: bool = False  # no config at all
    # the run as a whole
    cache_dir: Path | None = None  # the findings and pack cache (None: --no-cache)
    jobs: int | None = None  # worker processes (None: all cores)
    previous: str | None = None  # last year's report for every file (RL7xx)
    skip_non_reports: bool = False  # pass over files that are plainly not reports (RL040)


@record
class Settings:
    root: Path
    config: Config | None
    values: dict[str, Any]
    sources: dict[str, str]
    cache_dir: Path | None = None
    _linter: Linter | None = field(default=None, repr=False)
    _exclusion: Exclusion | None = field(default=None, repr=False, compare=False)
    # per-file-ignores' linters, one per set of extra codes: not one object per file of a run
    _ignoring: dict[tuple[str, ...], Linter] = field(default_factory=dict, repr=False,
                                                      compare=False)

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
                 if glob_match(pattern, path) for code in codes]
        if not extra:
            return linter
        codes = tuple(extra)
        if codes not in self._ignoring:
            selection = Selection(linter.selection.select, [*linter.selection.ignore, *extra])
            self._ignoring[codes] = replace(linter, selection=selection)
        return self._ignoring[codes]

    def excluded(self, path: str | Path) -> bool:
        """By `exclude` (the file or a folder above it), and the rule pack folders the config
        names are never reports."""
        if self._exclusion is None:
            self._exclusion = Exclusion(self["exclude"], self.root)
        if self._exclusion.excluded(path):
            return True
        resolved = real_path(os.fspath(path))
        return any(_within(resolved, real_path(folder)) for folder in self["rules"])

    def included(self, path: str | Path) -> bool:
        return _last_match(self["include"], path)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _last_match(patterns: Sequence[str], path: str | Path) -> bool:
    """As .gitignore reads its lines: the last pattern that matches decides, and `!pattern`
    takes back what an earlier one matched."""
    matched = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if negated != matched:  # only a pattern that would change the answer is tried
            continue
        if glob_match(pattern[1:] if negated else pattern, path):
            matched = not negated
    return matched


class Resolver:
    """Settings for each file, one per config file found (cached)."""

    def __init__(self, overrides: Overrides) -> None:
        self.overrides = overrides
        self._by_config: dict[Path | None, Settings] = {}
        self._found: dict[str, Path | None] = {}  # resolved folder -> its config
        self._loaded: dict[Path, Config] = {}
        forget_paths()  # what a run resolves, it resolves afresh
        self._explicit = load_config(Path(overrides.config)) if overrides.config else None

    def for_path(self, path: str | Path) -> Settings:
        name = os.fspath(path).rstrip(os.sep) or os.fspath(path)
        return self.for_folder(name if os.path.isdir(name) else os.path.dirname(name))

    def for_folder(self, folder: str) -> Settings:
        """The settings of the files in `folder` (a walk asks once per folder)."""
        if self._explicit is not None:
            config: Config | None = self._explicit
        elif self.overrides.isolated:
            config = None
        else:
            found = find_config(folder, self._found)
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
    cwd = Path.cwd()
    if cli.exclude is not None:
        override("exclude", [*defaults()["exclude"], *(anchor_glob(cwd, g) for g in cli.exclude)])
    if cli.extend_exclude:
        override("exclude", [*values["exclude"], *(anchor_glob(cwd, g) for g in cli.extend_exclude)])
    if cli.ocr:
        override("ocr", True)
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
    return Linter(packs, selection, settings["lang"], settings["template"],
                  int(settings["max-bytes"]),  # `1e6` is an integer to JSON Schema, a float here
                  organ_kind=settings["organ-kind"], ocr=settings["ocr"])


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
    lists = [(key, settings[key]) for key in ("select", "extend-select", "ignore")]
    lists += [("per-file-ignores", codes) for codes in settings["per-file-ignores"].values()]
    for key, selectors in lists:
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in known):
                hint = did_you_mean(selector, known).en
                raise ConfigError(f"{key}: {selector!r} matches no rule{hint}", *_where(settings, key))


def _override_rules(packs: Any, settings: Settings) -> Any:
    """Per-rule `severity` and `options` (params merged, then validated by the check)."""
    severity, options = settings["severity"], settings["options"]
    if not severity and not options:
        return packs
    from reportlint.checks import CHECKS
    from reportlint.packs.pack import PackSet
    from reportlint.schemacheck import schema_errors

    known = {rule.code for rule in packs.all_rules()}
    for key, codes in (("severity", severity), ("options", options)):
        for code in codes:
            if code not in known:
                hint = did_you_mean(code, sorted(known)).en
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
                rule = replace(rule, params=params)
            if rule.code in severity:
                rule = replace(rule, severity=severity[rule.code])
            rules.append(rule)
        changed.append(replace(pack, rules=tuple(rules)))
    return PackSet(changed)


# --- files ---------------------------------------------------------------------------------


def collect(paths: Sequence[str], resolver: Resolver) -> tuple[FileList[Settings], int]:
    """(file, its settings) to lint, and how many explicit files the excludes dropped."""
    files: FileList[Settings] = FileList()
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
        files.append(name, settings)
    return files, dropped


MAX_WALK_DEPTH = 200  # folders below a folder named; deeper ones are RL001, not a RecursionError


def _walk(folder: str, resolver: Resolver) -> Iterator[tuple[str, Settings]]:
    """The files to lint under `folder`; a folder that cannot be listed is linted as a file,
    which gives RL001 with the reason (skipping it would pass a run that checked nothing)."""
    unreadable: list[OSError] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable.append):
        yield from _unlisted(unreadable, resolver)
        here = resolver.for_folder(root)  # the settings of its files too
        dirs[:] = sorted(d for d in dirs if not here.excluded(os.path.join(root, d)))
        if root[len(folder):].count(os.sep) >= MAX_WALK_DEPTH - 1:  # RL001 at each, not a crash
            yield from ((os.path.normpath(os.path.join(root, d)), here) for d in dirs)
            dirs[:] = []
        for name in sorted(names):
            path = os.path.normpath(os.path.join(root, name))
            if here.included(path) and not here.excluded(path):
                yield path, here
    yield from _unlisted(unreadable, resolver)


def _unlisted(errors: list[OSError], resolver: Resolver) -> Iterator[tuple[str, Settings]]:
    while errors:
        path = os.path.normpath(str(errors.pop(0).filename))
        settings = resolver.for_path(path)
        if not settings.excluded(path):
            yield path, settings


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
