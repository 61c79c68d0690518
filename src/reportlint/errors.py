"""The one error a file reportlint needs can raise: a rule pack, template, rule file, config or
baseline that cannot be used. It names the place, `path:line:col: message`, and the command
line turns it into exit code 2. (A report that cannot be read is a finding, never an error.)
Reading such a file, bounded, is here too: a config in TOML needs no YAML parser."""

from __future__ import annotations

import os
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO


class SourceError(Exception):
    def __init__(self, message: str, path: Path | str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


MAX_SOURCE_BYTES = 8 * 1024 * 1024  # a config or a rule file; the largest shipped is ~100 KB


def read_at_most(handle: BinaryIO, limit: int, size: int | None = None) -> bytes:
    """Up to `limit` bytes of an open file. `handle.read(limit)` would first allocate all
    `limit` bytes (5 MiB for every 8 KB report, a system call and page faults per file), so the
    first read asks for the size the file has (`size`, when the caller statted it already; else
    fstat's), plus one byte to see that it grew; a file that grew, or does not state its size
    (/proc), is read on up to the limit."""
    if size is None:
        try:
            size = os.fstat(handle.fileno()).st_size
        except (OSError, ValueError):
            size = 0
    data = handle.read(min(size + 1, limit))
    if size < len(data) < limit:
        data += handle.read(limit - len(data))
    return data


def read_source(path: Path, what: str, error: type[SourceError] = SourceError) -> str:
    """The text of a file reportlint needs (`what`: "rule file", "config"). A file that is not
    regular (/dev/zero would be read for ever, a FIFO never ends), cannot be read or is not
    UTF-8 is an `error` naming it."""
    if path.exists() and not path.is_file():
        raise error(f"cannot read {what}: not a regular file", path)
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, MAX_SOURCE_BYTES + 1)  # a 1.5 GB "config" is never read whole
        if len(data) > MAX_SOURCE_BYTES:
            raise error(f"cannot read {what}: larger than {MAX_SOURCE_BYTES} bytes, more than "
                        f"any {what} needs", path)
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"cannot read {what}: {problem}", path) from problem
