"""The built-in packs, validated when the package is built rather than on every run.

`compiled.json` beside this module holds every file of the built-in packs as the loader reads
it after validation (schema, check names and params): its data and its rules' lines, keyed by
its path under `rules/` and its SHA-256. A built-in file whose bytes match is used as is, so
`--no-cache`, a fresh clone and a fresh CI job pay neither the YAML parse nor jsonschema; a
file edited in a checkout no longer matches and is validated as a user's file is.

    python scripts/compile_packs.py     # after editing rules/ (tests/packs/test_compiled.py)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

FILE = Path(__file__).with_name("compiled.json")

# While build() runs: every file the loader validates, by relative path (else None).
_recording: dict[str, Any] | None = None


@cache
def _entries() -> dict[str, Any]:
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
    entry = _entries().get(relative) if relative else None
    if entry is None or entry["schema"] != schema or entry["sha256"] != hashlib.sha256(raw).hexdigest():
        return None
    return entry["data"], entry["lines"]


def record(path: Path, raw: bytes, schema: str, builtin: Path, data: Any, lines: list[int]) -> None:
    if _recording is not None and (relative := _relative(path, builtin)) is not None:
        _recording[relative] = {"schema": schema, "sha256": hashlib.sha256(raw).hexdigest(),
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


def dump(files: dict[str, Any]) -> str:
    return json.dumps({"files": dict(sorted(files.items()))}, ensure_ascii=False, indent=0) + "\n"
