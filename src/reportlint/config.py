"""Configuration files: discovery, validation, `extends`, and where each setting came from.

A config is `.reportlint.yaml` (or `.yml`) or the `[tool.reportlint]` table of `pyproject.toml`.
For each linted file the closest one wins, searching upward from the file's folder; in one
folder `.reportlint.yaml` is preferred to `pyproject.toml`. Nothing is inherited unless the
config says `extends`. Every config is validated against `schemas/config.schema.json`; an
unknown key is an error naming file, line and the closest known key. docs/configuration.md
documents every key.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from reportlint.errors import SourceError, read_source
from reportlint.globs import check_glob, glob_matches
from reportlint.records import field, record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAMES = (".reportlint.yaml", ".reportlint.yml", "pyproject.toml")
# Keys whose lists add up along an `extends` chain (parent first); other keys are replaced,
# and the mappings `severity`, `options`, `per-file-ignores` are merged key by key.
_ACCUMULATE = ("extend-select", "ignore", "rules", "exclude")
_MERGE = ("severity", "options", "per-file-ignores")
# Keys naming files or folders, resolved against the folder of the config that says them.
_PATH_KEYS = ("rules", "baseline")
MAX_EXTENDS = 64  # configs in one `extends` chain; a deeper one would exhaust the stack
_GLOB_KEYS = ("include", "exclude")


class ConfigError(SourceError):
    """A config file that cannot be used; names file and line (exit code 2)."""


@record(frozen=True)
class Config:
    """One resolved config file: merged values (paths absolute) and the source of each key."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    chain: tuple[Path, ...] = ()
    positions: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (a folder, or a file in worktrees)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def find_config(folder: str | Path, known: dict[str, Path | None] | None = None) -> Path | None:
    """The closest config at or above `folder`, or None. `known` (each resolved folder's
    answer) is read and filled: a walk of a tree 1000 folders deep asks each folder once, not
    once per folder below it, and steps up from a folder only as far as the first one known."""
    known = {} if known is None else known
    given = os.fspath(folder)
    # `link/..` is the folder above the link's target, as Path.resolve reads it
    here = os.path.realpath(given) if os.pardir in given.split(os.sep) else real_path(given)
    asked: list[str] = []
    answer: Path | None = None
    while here not in known:
        asked.append(here)
        answer = _config_in(here)
        parent = os.path.dirname(here)
        if answer is not None or parent == here:
            break
        here = parent
    else:
        answer = known[here]
    for each in asked:
        known[each] = answer
    return answer


def _config_in(folder: str) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_table(Path(candidate))):
            return Path(candidate)
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.reportlint\b", text, re.MULTILINE) is not None


def load_config(path: Path) -> Config:
    return _load(path.resolve(), ())


def _load(path: Path, chain: tuple[Path, ...]) -> Config:
    if path in chain:
        raise ConfigError("`extends` forms a cycle: " + " -> ".join(map(str, (*chain, path))),
                          chain[-1])
    if len(chain) >= MAX_EXTENDS:
        raise ConfigError(f"extends: a chain of more than {MAX_EXTENDS} configs (from "
                          f"{chain[0]}); no project needs that many", chain[-1])
    data, locate = _read(path)
    _validate(path, data, locate)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    parents: tuple[Path, ...] = ()
    positions: dict[tuple[str, str], tuple[str, int]] = {}
    if "extends" in data:
        target = _extends_target(path, data["extends"], locate("extends"))
        parent = _load(target, (*chain, path))
        values, sources, parents = dict(parent.values), dict(parent.sources), parent.chain
        positions.update(parent.positions)
    for key in ("severity", "options"):
        for code in data.get(key, {}):
            positions[(key, code)] = (str(path), locate(key, code)[0])
    for key in _PATH_KEYS:
        for value in ([data[key]] if isinstance(data.get(key), str) else data.get(key) or []):
            _inside(path, key, value, locate(key))
    for value in _formats(data):
        _output_inside(path, value, locate("format"))
    _check_globs(path, data, locate)
    for key, value in _absolute(path.parent, data).items():
        if key == "extends":
            continue
        where = f"{path}:{locate(key)[0]}"
        if key in _ACCUMULATE and key in values:
            values[key] = [*values[key], *value]
            sources[key] = f"{sources[key]} + {where}"
        elif key == "options" and key in values:
            merged = {code: dict(params) for code, params in values[key].items()}
            for code, params in value.items():
                merged.setdefault(code, {}).update(params)
            values[key], sources[key] = merged, f"{sources[key]} + {where}"
        elif key in _MERGE and key in values:
            values[key] = {**values[key], **value}
            sources[key] = f"{sources[key]} + {where}"
        else:
            values[key], sources[key] = value, where
    return Config(path, values, sources, (*parents, path), positions)


def _read(path: Path) -> tuple[dict[str, Any], Any]:
    """The config's data and a function giving the (line, column) of a key path."""
    text = read_source(path, "config", ConfigError)
    if path.suffix == ".toml":  # pyproject.toml, or any TOML named by --config / extends
        return _read_toml(path, text)
    from reportlint import yamlsource  # a run without a YAML config needs no YAML parser

    root = yamlsource.load_source(path, "config", ConfigError, text)
    if root is None:
        return {}, lambda *keys: (1, 1)
    data = yamlsource.to_data(root)
    if not isinstance(data, dict):
        raise ConfigError("a config must be a mapping of keys to values", path,
                          root.span.line, root.span.column)

    def locate(*keys: Any) -> tuple[int, int]:
        node = yamlsource.node_at(root, list(keys[:-1])) if len(keys) > 1 else root
        if isinstance(node, yamlsource.Mapping) and keys and keys[-1] in node.entries:
            span = node.key_span(keys[-1])
        else:
            found = yamlsource.node_at(root, list(keys))
            span = (found or root).span
        return span.line, span.column

    return data, locate


def _read_toml(path: Path, text: str) -> tuple[dict[str, Any], Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except RecursionError:  # arrays or tables nested thousands deep
        raise ConfigError("invalid TOML: nested too deeply", path, 1, 1) from None
    except ValueError as error:  # TOMLDecodeError, or an integer of more than 4300 digits
        match = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(match[1]), int(match[2])) if match else (1, 1)
        detail = str(error).split(";")[0]  # not Python's advice on set_int_max_str_digits
        raise ConfigError(f"invalid TOML: {detail}", path, line, column) from error
    tool = document.get("tool", {})
    if not isinstance(tool, dict):  # `tool = "x"`
        raise ConfigError(f"tool: expected a table ([tool.reportlint]), found {tool!r:.60}",
                          path, 1, 1)
    data = tool.get("reportlint", {})
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines)
                   if re.match(r"\s*\[\s*tool\.reportlint\s*[\].]", line)), 0)

    def locate(*keys: Any) -> tuple[int, int]:
        # tomllib keeps no positions: find the key's own line after the table header.
        name = str(keys[-1]) if keys else ""
        pattern = re.compile(r"\s*(?:\[\s*tool\.reportlint\.)?[\"']?" + re.escape(name)
                             + r"[\"']?\s*(=|\])")
        for index in range(header, len(lines)):
            match = pattern.match(lines[index])
            if match:
                return index + 1, len(lines[index]) - len(lines[index].lstrip()) + 1
        return header + 1, 1

    return data, locate


def _schema() -> dict[str, Any]:
    import json

    text = (Path(__file__).parent / "schemas" / "config.schema.json").read_text("utf-8")
    return json.loads(text)


def _validate(path: Path, data: dict[str, Any], locate: Any) -> None:
    """The config against its schema. The generated validator accepts a valid config without
    importing jsonschema (~100 ms, every run of a repository that has a config); whatever it
    does not accept is decided by jsonschema, which also words the error. It is never the
    more lenient of the two (tests/test_config.py)."""
    from reportlint.schemas._config_validator import validate as fast_validate

    try:
        fast_validate(data)
        return
    except Exception:  # noqa: BLE001 - not accepted, for whatever reason: jsonschema decides
        pass
    import jsonschema

    from reportlint.schemacheck import describe_error

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        keys = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            keys.append(next(k for k in error.instance if k not in allowed))
        where = ".".join(map(str, keys)) or "(config)"
        line, column = locate(*keys) if keys else (1, 1)
        raise ConfigError(f"{where}: {describe_error(error)}", path, line, column)


def _inside(path: Path, key: str, value: str, position: tuple[int, int]) -> Path:
    """A path a config names may leave the repository only by an absolute path, never by `..`
    steps or a symbolic link (`extends`, `rules`, `baseline`)."""
    given = Path(value)
    target = Path(os.path.realpath(given if given.is_absolute() else path.parent / given))
    if not given.is_absolute():
        boundary = repository_root(path.parent) or path.parent
        if not target.is_relative_to(Path(os.path.realpath(boundary))):
            raise ConfigError(f"{key}: {value!r} resolves to {target}, outside the repository "
                              f"root {boundary}; write an absolute path to name a file "
                              "outside the repository", path, *position)
    return target


def _formats(data: dict[str, Any]) -> list[str]:
    value = data.get("format")
    return [value] if isinstance(value, str) else list(value or [])


def _output_inside(path: Path, value: str, position: tuple[int, int]) -> None:
    """A config's `format: NAME:FILE` writes inside the repository (relative to the config),
    absolute or not: a planted config must not replace `~/.bashrc`. An output elsewhere is the
    caller's choice, given on the command line."""
    file = value.partition(":")[2]
    if not file:
        return
    boundary = Path(os.path.realpath(repository_root(path.parent) or path.parent))
    target = Path(os.path.realpath(path.parent / file))
    if not target.is_relative_to(boundary):
        raise ConfigError(f"format: {value!r} writes to {target}, outside the repository root "
                          f"{boundary}; an output file outside the repository is given on the "
                          "command line (--format NAME:FILE or --output-file)", path, *position)


def _check_globs(path: Path, data: dict[str, Any], locate: Any) -> None:
    """A pattern that is not a glob (`[]`, `[z-a]`, an unclosed `[`) is an error at its line."""
    named = [(key, glob, locate(key)) for key in _GLOB_KEYS for glob in data.get(key, [])]
    named += [("per-file-ignores", glob, locate("per-file-ignores", glob))
              for glob in data.get("per-file-ignores", {})]
    for key, glob, position in named:
        problem = check_glob(glob)
        if problem:
            raise ConfigError(f"{key}: {glob!r} is not a glob: {problem}", path, *position)


def _extends_target(path: Path, value: str, position: tuple[int, int]) -> Path:
    """`extends` may leave the repository only by an absolute path, never by `..` steps."""
    target = _inside(path, "extends", value, position)
    if target.is_dir():
        target = next((target / n for n in CONFIG_NAMES if (target / n).is_file()), target)
    if not target.is_file():
        raise ConfigError(f"extends: no config file at {target}", path, *position)
    return target


def _absolute(folder: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Paths made absolute and globs anchored, so a parent's settings keep their meaning."""
    out = dict(data)
    for key in _PATH_KEYS:
        if key in out:
            value = out[key]
            out[key] = ([str(folder / v) for v in value] if isinstance(value, list)
                        else str(folder / value))
    if "format" in out:  # NAME:FILE relative to the config, as `baseline`
        named = [(name, file) for name, _, file in (v.partition(":") for v in _formats(out))]
        given = [f"{name}:{folder / file}" if file else name for name, file in named]
        out["format"] = given if isinstance(out["format"], list) else given[0]
    for key in _GLOB_KEYS:
        if key in out:
            out[key] = [anchor_glob(folder, g) for g in out[key]]
    if "per-file-ignores" in out:
        out["per-file-ignores"] = {anchor_glob(folder, g): codes
                                   for g, codes in out["per-file-ignores"].items()}
    return out


# --- globs ---------------------------------------------------------------------------------


def anchor_glob(folder: Path, pattern: str) -> str:
    """A pattern with a `/` is relative to the config's folder; one without matches a name.
    A leading `!` (gitignore's negation) stays in front."""
    if pattern.startswith("!"):
        return "!" + anchor_glob(folder, pattern[1:])
    if "/" not in pattern.rstrip("/"):
        return pattern.rstrip("/")
    return escape_glob(folder.resolve().as_posix()) + "/" + pattern.lstrip("/") \
        if not pattern.startswith(("/", "**")) else pattern


def escape_glob(path: str) -> str:
    """A folder name with `[`, `*` or `?` in it matches itself only."""
    return "".join(f"[{char}]" if char in "[*?" else char for char in path)


def real_path(path: str) -> str:
    """`os.path.realpath(os.path.abspath(path))`, from the resolved folder of the path."""
    return _REAL_PATHS.resolve(os.path.abspath(path))  # relative paths depend on the cwd


class _RealPaths:
    """os.path.realpath of absolute paths, remembered, each worked out from its folder's as
    realpath itself steps: the folder's real path joined with the name, unless that is a
    symbolic link. A path whose folder is known costs one lstat; realpath of a path n folders
    deep costs n, and a walk asks for every folder and file of a tree (it was quadratic in the
    depth). realpath, not Path.resolve: a symbolic link loop is a file to report (RL001), not a
    crash. Forgotten at each run (`forget`): the tree may change between runs in one process."""

    LIMIT = 1 << 17  # paths remembered; past that, forgotten and worked out again

    def __init__(self) -> None:
        self.known: dict[str, str] = {}  # the folders above the paths asked for
        self.last = ("", "")  # the last path asked for: a file is asked for once a pattern

    def forget(self) -> None:
        self.known.clear()
        self.last = ("", "")

    def resolve(self, path: str) -> str:
        last = self.last
        if path == last[0]:
            return last[1]
        known = self.known
        if len(known) > self.LIMIT:
            known.clear()
        names: list[str] = []  # below the nearest folder known (threads may forget meanwhile)
        here, real = path, known.get(path)
        while real is None:
            folder, name = os.path.split(here)
            if not name:  # the file system's root
                real = known[here] = os.path.realpath(here)
                break
            names.append(name)
            here, real = folder, known.get(folder)
        for depth, name in enumerate(reversed(names), 1 - len(names)):
            here, joined = os.path.join(here, name), os.path.join(real, name)
            real = os.path.realpath(joined) if os.path.islink(joined) else joined
            if depth:  # a folder above: remembered; the path itself (a file of a run) is not
                known[here] = real
        self.last = (path, real)
        return real


_REAL_PATHS = _RealPaths()
forget_paths = _REAL_PATHS.forget


def glob_match(pattern: str, path: str | Path) -> bool:
    """Does an anchored `pattern` match the file `path`: a name pattern its name, a pattern
    with a `/` its resolved path? (For `exclude`, which also matches the folders above the
    file, see Exclusion.)"""
    resolved = real_path(os.fspath(path)).replace(os.sep, "/")
    return glob_matches(pattern, resolved if "/" in pattern else resolved.rpartition("/")[2])


class Exclusion:
    """`exclude` as .gitignore reads it, for a file and every folder between the root and it
    (so `drafts` excludes everything under drafts/): a name pattern matches the name of the file
    or of any folder below the root; a pattern with a `/` matches the file's resolved path or
    any folder's below the root. The last pattern that matches decides, and `!pattern` takes
    back what an earlier one matched.

    What matches a folder is its parent's matches plus its own name's (or path's), worked out
    once per folder and remembered: a walk matches each pattern once per folder and file, where
    matching every pattern against every folder name above each path was quadratic in the
    depth (cubic for patterns with a `/`)."""

    LIMIT = 1 << 16  # folders remembered; past that, forgotten and worked out again

    def __init__(self, patterns: list[str], root: Path) -> None:
        self.negated = [pattern.startswith("!") for pattern in patterns]
        self.globs = [pattern[1:] if negated else pattern
                      for pattern, negated in zip(patterns, self.negated)]
        self.pathwise = sum(1 << index for index, glob in enumerate(self.globs) if "/" in glob)
        self.root = root.as_posix()
        self.below_root = self.root.rstrip("/") + "/"
        self.folders: dict[str, int] = {}  # folder below the root -> the patterns matching it

    def excluded(self, path: str | Path) -> bool:
        resolved = real_path(os.fspath(path)).replace(os.sep, "/")
        if resolved.startswith(self.below_root):
            matches = self._folder(resolved.rpartition("/")[0]) | self._own(resolved)
        elif resolved == self.root:  # no name below the root: only a path pattern can match
            matches = self._own(resolved) & self.pathwise
        else:  # outside the root: its name and its path
            matches = self._own(resolved)
        decided = False
        for index, negated in enumerate(self.negated):
            if matches >> index & 1:
                decided = not negated
        return decided

    def _own(self, resolved: str) -> int:
        """The patterns matching this path's own name (or the path, for a pattern with `/`),
        as bits."""
        name = resolved.rpartition("/")[2]
        return sum(1 << index for index, glob in enumerate(self.globs)
                   if glob_matches(glob, resolved if self.pathwise >> index & 1 else name))

    def _folder(self, folder: str) -> int:
        """The patterns matching `folder` or a folder between it and the root (not the root)."""
        folders = self.folders
        if len(folders) > self.LIMIT:
            folders.clear()
        pending: list[str] = []
        matches = folders.get(folder)
        while matches is None and folder.startswith(self.below_root):
            pending.append(folder)
            folder = folder.rpartition("/")[0]
            matches = folders.get(folder)
        matches = matches or 0
        for each in reversed(pending):
            matches |= self._own(each)
            folders[each] = matches
        return matches
