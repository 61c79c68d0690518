"""The built-in packs, validated when the package is built rather than on every run.

`compiled.json` beside this module holds every file of the built-in packs as the loader reads
it after validation (schema, check names and params): its data and its rules' lines, keyed by
its path under `rules/` and its SHA-256. A built-in file whose bytes match is used as is, so
`--no-cache`, a fresh clone and a fresh CI job pay neither the YAML parse nor jsonschema; a
file edited in a checkout no longer matches and is validated as a user's file is.

`compiled.pickle` holds the packs themselves as the loader builds them from `compiled.json`
(rules, templates, labels), with the bytes of every file under `rules/` they were built from.
While every one of those files is unchanged (the same bytes, a plain file, and no `.yaml` file
added or removed in a pack's folder), a built-in pack is that pickle's: one file read instead
of ~2 ms of JSON and ~6 ms of building objects, most of what a pre-commit run of one file spent
on its packs. Paths in it are relative to `rules/`, so it holds wherever the package is. Any
change, or a pickle that cannot be read, and the packs are built from the files as before.

    python scripts/compile_packs.py     # after editing rules/ (tests/packs/test_compiled.py)
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path, PurePath

from reportlint.records import fields

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FILE = Path(__file__).with_name("compiled.json")
PACKS = Path(__file__).with_name("compiled.pickle")

# While build() runs: every file the loader validates, by relative path (else None).
_recording: dict[str, Any] | None = None
# While build() builds the packs it pickles: the entries their files are served from.
_serving: dict[str, Any] | None = None


@cache
def _entries() -> dict[str, Any]:
    import json

    try:
        return json.loads(FILE.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}  # not built: every file is validated


@cache
def _resolved(folder: Path) -> Path:
    return folder.resolve()  # the built-in rules folder, once a process (~30 files ask)


def _relative(path: Path, builtin: Path) -> str | None:
    # A path the loader built under the built-in folder names its entry as written (no walk
    # through links, ~30 files); its bytes must still match the entry's SHA-256.
    if path.is_absolute() and ".." not in path.parts and path.is_relative_to(builtin):
        return path.relative_to(builtin).as_posix()
    try:
        return path.resolve().relative_to(_resolved(builtin)).as_posix()
    except ValueError:
        return None


def lookup(path: Path, raw: bytes, schema: str, builtin: Path) -> tuple[Any, list[int]] | None:
    """The validated data and rule lines of a built-in pack file whose bytes are unchanged."""
    if _recording is not None:
        return None
    relative = _relative(path, builtin)
    entry = (_serving if _serving is not None else _entries()).get(relative) if relative else None
    if entry is None or entry["schema"] != schema or entry["sha256"] != _sha256(raw):
        return None
    return entry["data"], entry["lines"]


def _sha256(raw: bytes) -> str:
    import hashlib  # only when a pack is built from its files (~3 ms to import, with OpenSSL)

    return hashlib.sha256(raw).hexdigest()


def record(path: Path, raw: bytes, schema: str, builtin: Path, data: Any, lines: list[int]) -> None:
    if _recording is not None and (relative := _relative(path, builtin)) is not None:
        _recording[relative] = {"schema": schema, "sha256": _sha256(raw),
                                "lines": lines, "data": data}


@contextmanager
def recording() -> Iterator[dict[str, Any]]:
    """While open, every built-in pack file the loader validates is recorded in the dict
    (packs.load.build_compiled fills it: this module never imports the loader)."""
    global _recording
    _recording = {}
    try:
        yield _recording
    finally:
        _recording = None


@contextmanager
def serving(files: dict[str, Any]) -> Iterator[None]:
    """While open, built-in files are looked up in `files` (the entries just recorded), and no
    pack comes from compiled.pickle: the packs build_compiled pickles are built this way."""
    global _serving
    _serving = files
    try:
        yield
    finally:
        _serving = None


def dump(files: dict[str, Any]) -> str:
    import json

    return json.dumps({"files": dict(sorted(files.items()))}, ensure_ascii=False, indent=0) + "\n"


# --- compiled.pickle: the built packs -------------------------------------------------------


def _source_files(builtin: Path) -> tuple[dict[str, list[str]], dict[str, bytes]]:
    """Every pack folder under `builtin` with the names of its .yaml files (as the loader's
    glob sees them), and every such file's bytes, by path relative to `builtin`."""
    folders: dict[str, list[str]] = {}
    files: dict[str, bytes] = {}
    for folder in sorted(p for p in builtin.iterdir() if (p / "pack.yaml").is_file()):
        names = sorted(name for name in os.listdir(folder) if name.endswith(".yaml"))
        folders[folder.name] = names
        for name in names:
            path = folder / name
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise ValueError(f"{path} is not a plain file: its pack is not compiled")
            files[f"{folder.name}/{name}"] = path.read_bytes()
    return folders, files


class _Relative(pickle.Pickler):
    """Pickles a path under `rules/`, or its text, as its place relative to `rules/`."""

    def __init__(self, file: Any, builtin: Path) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.builtin = builtin
        self.prefix = f"{builtin}{os.sep}"

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is str and obj.startswith(self.prefix):
            return ("str", PurePath(obj).relative_to(self.builtin).parts)
        if isinstance(obj, PurePath) and obj.is_relative_to(self.builtin):
            return ("path", obj.relative_to(self.builtin).parts)
        return None


class _Placed(pickle.Unpickler):
    """Unpickles what _Relative pickled, placed under this package's `rules/`."""

    def __init__(self, file: Any, builtin: Path) -> None:
        super().__init__(file)
        self.builtin = builtin
        self.prefix = str(builtin)

    def persistent_load(self, pid: Any) -> Any:
        kind, parts = pid
        if kind == "str":  # str(builtin.joinpath(*parts)), without making the Path (~200 a run)
            return os.sep.join((self.prefix, *parts))
        return self.builtin.joinpath(*parts)


def dump_packs(packs: dict[str, Any], builtin: Path) -> bytes:
    """compiled.pickle's bytes: the packs by folder name, and the files they were built from."""
    import io

    folders, files = _source_files(builtin)
    buffer = io.BytesIO()
    _Relative(buffer, builtin).dump({"folders": folders, "files": files, "packs": packs})
    return buffer.getvalue()


def comparable(value: Any) -> Any:
    """`value` in a form that == compares as the packs' meaning: a NaN equals a NaN (an
    example's .nan), a set is sorted (its order, and so its repr, changes with the hash seed),
    a record is its class and fields. For scripts/compile_packs.py and tests/packs."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, (set, frozenset)):
        return ("set", sorted((comparable(item) for item in value), key=repr))
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(comparable(item) for item in value)
    if hasattr(type(value), "__record_fields__"):  # a record (records.py)
        return (type(value).__qualname__,
                {f.name: comparable(getattr(value, f.name)) for f in fields(value)})
    return value


def read_packs(raw: bytes, builtin: Path) -> dict[str, Any]:
    """What dump_packs wrote, with paths under `builtin` (the packs as compiled: unchecked)."""
    import io

    return _Placed(io.BytesIO(raw), builtin).load()


# The ids of the packs served from compiled.pickle in this process (they stay alive: cached).
_served: set[int] = set()


@cache
def _shipped_packs(builtin: Path) -> dict[str, Any]:
    """The compiled packs by folder name, while every file they were built from is unchanged;
    else none (each pack is built from its files)."""
    try:
        table = read_packs(PACKS.read_bytes(), builtin)
        if _source_files(builtin) != (table["folders"], table["files"]):
            return {}
        _served.update(id(pack) for pack in table["packs"].values())
        return table["packs"]
    except Exception:  # noqa: BLE001 - not built, stale classes, a changed file: build the packs
        return {}


def as_shipped(pack: Any) -> bool:
    """Whether `pack` is a built-in pack as compiled.pickle holds it: every file under `rules/`
    was found unchanged when it was loaded, and no rule of it was overridden since (a
    configured severity or option makes a new pack). The cache keys such a pack by the package,
    without reading its files again."""
    return id(pack) in _served


def shipped_pack(directory: Path, builtin: Path) -> Any:
    """The built-in pack in `directory` (resolved) as compiled, or None: not a built-in pack
    folder, a file of the built-in packs changed, or compiled.json is being built."""
    if _recording is not None or _serving is not None or directory.parent != _resolved(builtin):
        return None
    pack = _shipped_packs(_resolved(builtin)).get(directory.name)
    if pack is None or (pack.example is not None and not pack.example.is_file()):
        return None
    return pack
