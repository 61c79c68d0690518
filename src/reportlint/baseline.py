"""Baselines: accept today's findings, fail only on new ones, and shrink as they are fixed.

A baseline is a JSON file of entries keyed by `Finding.fingerprint()` computed on the path
relative to the project root (the config's folder), so it is the same on every machine and
survives edits that move lines: the fingerprint is rule + file + data path. Each entry keeps
a count, so a second identical finding at the same place is new. docs/baseline.md.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from reportlint.atomic import replace_file
from reportlint.codes import BASELINE_ENTRY_GONE, INTERNAL_ERROR
from reportlint.findings import Finding
from reportlint.records import record, replace

VERSION = 1
GONE = BASELINE_ENTRY_GONE
DEFAULT_NAME = ".reportlint-baseline.json"
_NOT_BASELINED = frozenset({GONE, INTERNAL_ERROR})  # an internal error is never "known"


class BaselineError(Exception):
    """A baseline file that cannot be read (exit code 2)."""


@record
class Entry:
    fingerprint: str
    code: str
    path: str
    data_path: str
    count: int
    message: str = ""
    line: int = 1  # in the baseline file, for RL094


def relative(path: str | Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, root.resolve())).as_posix()


def fingerprint(finding: Finding, root: Path) -> str:
    return replace(finding, path=relative(finding.path, root)).fingerprint()


def entries_for(findings: Iterable[tuple[Finding, Path]]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for finding, root in findings:
        if finding.code in _NOT_BASELINED:
            continue
        key = fingerprint(finding, root)
        if key in entries:
            entries[key].count += 1
        else:
            entries[key] = Entry(key, finding.code, relative(finding.path, root),
                                 finding.data_path, 1, finding.message)
    return entries


def load(path: Path) -> dict[str, Entry]:
    if path.exists() and not path.is_file():  # /dev/zero would be read for ever
        raise BaselineError(f"{path}: cannot read the baseline: not a regular file")
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")  # as written
        data = json.loads(text)
    except FileNotFoundError as error:
        raise BaselineError(f"{path}: no baseline file (write one with `reportlint baseline "
                            f"-o {path}`)") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from error
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not a reportlint baseline (version {VERSION})")
    entries = {}
    lines = _first_lines(text)
    for item in data["entries"]:
        try:
            entry = Entry(str(item["fingerprint"]), str(item["code"]), str(item["path"]),
                          str(item.get("data_path", "")), int(item.get("count", 1)),
                          str(item.get("message", "")))
        except (KeyError, TypeError, ValueError) as error:
            raise BaselineError(f"{path}: bad entry {item!r}: {error}") from error
        entry.line = lines.get(entry.fingerprint, 1)
        entries[entry.fingerprint] = entry
    return entries


_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def _first_lines(text: str) -> dict[str, int]:
    """The line of each JSON string's first occurrence, in one pass over the file (not one
    search from the start per entry: a baseline of 10,000 findings)."""
    lines: dict[str, int] = {}
    line, counted = 1, 0
    for match in _JSON_STRING.finditer(text):
        if match.group(1) not in lines:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            lines[match.group(1)] = line
    return lines


def write(path: Path, entries: dict[str, Entry]) -> None:
    """Atomically: a temporary file in the same folder, then os.replace."""
    ordered = sorted(entries.values(), key=lambda e: (e.path, e.code, e.data_path, e.fingerprint))
    lines = [json.dumps({"fingerprint": e.fingerprint, "code": e.code, "path": e.path,
                         "data_path": e.data_path, "count": e.count, "message": e.message},
                        ensure_ascii=False) for e in ordered]
    body = ",\n    ".join(lines)
    text = (f'{{\n  "version": {VERSION},\n  "tool": "reportlint",\n  "entries": [\n'
            + (f"    {body}\n" if lines else "") + "  ]\n}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, lambda stream: stream.write(text), errors="surrogateescape")


class Matcher:
    """Hide up to `count` findings per fingerprint, one file at a time as a run hands them on;
    an entry of a file linted (looking for its code) that occurs fewer times than its count is
    gone. It remembers only the entries, how often each occurred and which of their files were
    linted, so memory does not grow with the run."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries
        self.hidden = 0
        self._seen: dict[str, int] = {}
        self._paths = {entry.path for entry in entries.values()}
        self._checked: dict[str, Callable[[str], bool]] = {}

    def keep(self, findings: Iterable[tuple[Finding, Path]]) -> list[Finding]:
        """The findings not baselined, counting those that are."""
        kept = []
        for finding, root in findings:
            key = fingerprint(finding, root) if finding.code not in _NOT_BASELINED else ""
            if key not in self.entries:
                kept.append(finding)
                continue
            self._seen[key] = self._seen.get(key, 0) + 1
            if self._seen[key] <= self.entries[key].count:
                self.hidden += 1
            else:
                kept.append(finding)
        return kept

    def looked_for(self, path: str, wants: Callable[[str], bool]) -> None:
        """The file at `path` (relative) was linted, looking for the codes `wants` says."""
        if path in self._paths:
            self._checked[path] = wants

    def gone(self) -> list[tuple[Entry, int]]:
        """Entries of files linted that occurred fewer times than their count, by line."""
        seen, checked = self._seen, self._checked
        gone = [(entry, entry.count - seen.get(key, 0)) for key, entry in self.entries.items()
                if entry.path in checked and checked[entry.path](entry.code)
                and seen.get(key, 0) < entry.count]
        return sorted(gone, key=lambda item: item[0].line)
