"""Writing a file so that it is never seen half-written.

The text goes to a temporary file in the target's folder (same file system), which is then
renamed over the target: readers see the old file or the new one; an interrupted or failed
write leaves the old file and no temporary file. Used by everything reportlint writes: the
imported YAML, output files, the baseline, the cache and the pack cache.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO


def replace_file(target: str | Path, write: Callable[[TextIO], object], *, durable: bool = False,
                 errors: str = "strict") -> None:
    """Write `target` through `write(stream)`; with `durable`, also fsync before the rename."""
    _replace(target, lambda handle: os.fdopen(handle, "w", encoding="utf-8", newline="\n",
                                              errors=errors), write, durable)


def replace_bytes(target: str | Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `target` the same way (a rendered Word document)."""
    _replace(target, lambda handle: os.fdopen(handle, "wb"), lambda stream: stream.write(data),
             durable)


def _replace(target: str | Path, opener: Callable[[int], Any], write: Callable[[Any], object],
             durable: bool) -> None:
    target = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        with opener(handle) as stream:
            write(stream)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
