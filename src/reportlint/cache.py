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
import os
from pathlib import Path

from reportlint import __version__
from reportlint.atomic import replace_file
from reportlint.findings import SEVERITIES, Finding
from reportlint.model import Span
from reportlint.packs import compiled
from reportlint.sealed import seal, unseal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMAT = 2  # 2: entries sealed (reportlint.sealed)
MAX_ENTRY = 256 * 1024 * 1024  # characters of one cache file read back; more is not ours
DEFAULT_DIR = ".reportlint_cache"


def default_dir() -> Path:
    return Path(os.environ.get("REPORTLINT_CACHE_DIR") or DEFAULT_DIR)


def linter_key(linter: Any) -> str:
    """What, besides the file, decides a file's findings under this linter: the pack files as
    written, the rules as configured (severity and params overrides), the selection, language,
    version, reportlint's own files, and today's date (the date rules compare with it). A
    built-in pack as shipped stands for its files by the package's stamp: they were found
    unchanged when it was loaded (packs/compiled.py)."""
    digest = hashlib.sha256()
    parts = [__version__, str(FORMAT), linter.lang, str(linter.template), str(linter.max_bytes),
             str(linter.organ_kind),
             f"ocr={linter.ocr}",
             repr(linter.selection.select), repr(linter.selection.ignore),
             datetime.date.today().isoformat()]
    own = []  # packs built from their files: a user's, an edited built-in one, an overridden one
    for pack in linter.packs.packs:
        if compiled.as_shipped(pack):  # its files are the package's (stamped below)
            parts.append(f"{pack.id} as shipped")
            continue
        own.append(pack)
        parts.append(pack.id)
        parts.extend(repr((r.code, r.severity, r.check, r.params, r.message)) for r in pack.rules)
    for folder in sorted({str(pack.path) for pack in own} |
                         {str(Path(rule.source).parent) for pack in own for rule in pack.rules}):
        for source in sorted(Path(folder).glob("*.yaml")):
            parts.append(source.name)
            digest.update(source.read_bytes())
    parts.extend(_code_stamp())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _code_stamp() -> list[str]:
    """reportlint's own files (modules, schemas, the compiled packs and patterns) by size and
    modification time: a checkout installed in development mode changes without a new version
    number, and stale findings would follow."""
    package = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for folder, folders, files in os.walk(package):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        where = folder[len(package) + 1:]
        for name in sorted(files):
            if name.endswith(_STAMPED):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                stamps.append(f"{os.path.join(where, name)}:{status.st_size}:{status.st_mtime_ns}")
    return stamps


_STAMPED = (".py", ".json", ".pickle")


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


_TEXTS = ("code", "severity", "message", "rule", "data_path")


def _load(path: str, item: Any) -> Finding:
    """A finding as `_dump` wrote it; ValueError for anything else (the entry is a miss: a
    finding of the wrong types would crash the formats that read it)."""
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in _TEXTS):
        raise ValueError("not a finding")
    span, related = item.get("span"), item.get("related")
    if not (isinstance(span, list) and len(span) == 5 and isinstance(span[4], str)
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in span[:4])
            and isinstance(related, list) and all(isinstance(r, str) for r in related)
            and item["severity"] in SEVERITIES):
        raise ValueError("not a finding")
    line, column, end_line, end_column, anchor = span
    return Finding(path, Span(line, column, end_line, end_column, anchor), item["code"],
                   item["severity"], item["message"], item["rule"], item["data_path"],
                   item.get("expected"), item.get("actual"), tuple(related))


def _emit(stream: Any, text: str) -> None:
    stream.write(text)


class Cache:
    """One JSON file per linter configuration, mapping each file's absolute path to the hash
    of its content and its findings. Read once when first needed, written once by `flush`
    (to a temporary file renamed into place: an interrupted run writes nothing)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()

    def _table(self, linter_digest: str) -> dict[str, Any]:
        if linter_digest not in self._files:
            table: dict[str, Any] = {}
            name = f"{linter_digest}.json"
            try:
                with open(self.directory / name, encoding="utf-8",
                          errors="surrogateescape") as handle:  # as written, below
                    text = handle.read(MAX_ENTRY + 1)
                stored = unseal(name, text) if len(text) <= MAX_ENTRY else None
                if isinstance(stored, dict) and stored.get("format") == FORMAT \
                        and isinstance(stored.get("files"), dict):
                    table = stored["files"]
            except (OSError, ValueError):
                pass  # absent, or not ours (not sealed with our key): start afresh
            self._files[linter_digest] = table
        return self._files[linter_digest]

    @staticmethod
    def _key(path: str) -> str:
        return os.path.abspath(path)

    def get(self, linter_digest: str, path: str, data: bytes) -> tuple[list[Finding], Any] | None:
        """(findings, pairing key) cached for this file as it is now, or None."""
        entry = self._table(linter_digest).get(self._key(path))
        try:
            if not isinstance(entry, dict) or entry["sha256"] != hashlib.sha256(data).hexdigest() \
                    or not isinstance(entry["findings"], list):
                return None
            return [_load(path, item) for item in entry["findings"]], entry.get("pair")
        except (KeyError, TypeError, ValueError):
            return None  # a damaged entry: lint the file

    def put(self, linter_digest: str, path: str, data: bytes, findings: list[Finding],
            pair: Any) -> None:
        self._table(linter_digest)[self._key(path)] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "findings": [_dump(f) for f in findings], "pair": pair}
        self._dirty.add(linter_digest)

    def flush(self) -> None:
        for linter_digest in sorted(self._dirty):
            self._write(self.directory / f"{linter_digest}.json",
                        {"format": FORMAT, "files": self._files[linter_digest]})
        self._dirty.clear()

    def _write(self, target: Path, value: Any) -> None:
        text = seal(target.name, value)
        if text is None:
            return  # no key to seal with: an unsealed entry would not be read back anyway
        try:
            self._prepare()
            # a file name that is not UTF-8 (b"\xff.yaml") round-trips as its bytes
            replace_file(target, lambda stream: _emit(stream, text), errors="surrogateescape")
        except OSError:
            pass  # a read-only or full disk costs speed, never a result

    def _prepare(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by reportlint: the cache is not source.\n*\n", encoding="utf-8")
