"""On-disk cache of a file's findings, keyed by its content, path and everything that decides
its findings (reportlint version, the rules with their params and severities, selection,
language, today's date for the date rules).

Entries are JSON, never pickle: a cache folder can come from anywhere (a committed folder, a
shared CI cache), and reading it must not run code. Each entry is written to a temporary file
and renamed into place, so an interrupted run leaves no partial entry.

Location: `$REPORTLINT_CACHE_DIR`, else `.reportlint_cache/` in the current folder (it holds a
`.gitignore` of `*`, like ruff's cache). `--no-cache` turns it off.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from reportlint import __version__
from reportlint.findings import Finding
from reportlint.model import Span

FORMAT = 1
DEFAULT_DIR = ".reportlint_cache"


def default_dir() -> Path:
    return Path(os.environ.get("REPORTLINT_CACHE_DIR") or DEFAULT_DIR)


def linter_key(linter: Any) -> str:
    """What, besides the file, decides a file's findings under this linter."""
    digest = hashlib.sha256()
    parts = [__version__, str(FORMAT), linter.lang, str(linter.template), str(linter.max_bytes),
             repr(linter.selection.select), repr(linter.selection.ignore),
             datetime.date.today().isoformat()]
    for pack in linter.packs.packs:
        parts.append(pack.id)
        parts.extend(repr((r.code, r.severity, r.check, r.params, r.message)) for r in pack.rules)
        if pack.template is not None:
            parts.append(repr(pack.template))
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _dump(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {"span": [span.line, span.column, span.end_line, span.end_column, span.anchor],
            "code": finding.code, "severity": finding.severity, "message": finding.message,
            "rule": finding.rule, "data_path": finding.data_path,
            "expected": _plain(finding.expected), "actual": _plain(finding.actual),
            "related": list(finding.related)}


def _load(path: str, item: dict[str, Any]) -> Finding:
    line, column, end_line, end_column, anchor = item["span"]
    return Finding(path, Span(line, column, end_line, end_column, anchor), item["code"],
                   item["severity"], item["message"], item["rule"], item["data_path"],
                   item["expected"], item["actual"], tuple(item["related"]))


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ready = False

    def _entry(self, linter_digest: str, path: str, data: bytes) -> Path:
        digest = hashlib.sha256()
        for part in (linter_digest.encode(), os.path.abspath(path).encode("utf-8", "surrogateescape"), data):
            digest.update(hashlib.sha256(part).digest())
        name = digest.hexdigest()
        return self.directory / name[:2] / f"{name}.json"

    def get(self, linter_digest: str, path: str, data: bytes) -> tuple[list[Finding], Any] | None:
        """(findings, pairing key) cached for this file, or None."""
        try:
            with open(self._entry(linter_digest, path, data), encoding="utf-8") as handle:
                entry = json.load(handle)
            if entry.get("format") != FORMAT:
                return None
            return [_load(path, item) for item in entry["findings"]], entry.get("pair")
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or not ours: lint the file

    def put(self, linter_digest: str, path: str, data: bytes, findings: list[Finding],
            pair: Any) -> None:
        target = self._entry(linter_digest, path, data)
        try:
            self._prepare()
            target.parent.mkdir(exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump({"format": FORMAT, "findings": [_dump(f) for f in findings],
                               "pair": pair}, stream, ensure_ascii=False)
                os.replace(temp, target)
            except BaseException:
                if os.path.exists(temp):
                    os.unlink(temp)
                raise
        except OSError:
            pass  # a read-only or full disk costs speed, never a result

    def _prepare(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by reportlint: the cache is not source.\n*\n", encoding="utf-8")
        self._ready = True
