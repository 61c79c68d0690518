"""Writing a file so that it is never seen half-written.

The text goes to a temporary file in the target's folder (same file system), which is then
renamed over the target: readers see the old file or the new one; an interrupted or failed
write leaves the old file and no temporary file. Used by everything reportlint writes: output
files (streamed as a run goes), the imported YAML, rendered reports, the baseline, the cache
and the pack cache.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, TextIO


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (an output must never be one of the inputs)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


class AtomicFile:
    """A file being written: `stream` writes to a temporary file beside `target`, which
    becomes the target at `commit` and disappears at `discard` (or, used in a `with`, at the
    end of the block: committed unless the block raised). With `durable`, the data is on disk
    (fsync) before the rename. OSError when the temporary file cannot be made."""

    def __init__(self, target: str | Path, *, binary: bool = False, errors: str = "strict",
                 durable: bool = False) -> None:
        self.target = Path(target)
        self.durable = durable
        import tempfile  # only when a file is written

        handle, self.temporary = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                                  dir=self.target.parent)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.temporary, 0o666 & ~umask)  # as an ordinary new file, not 0600
            self.stream: IO[Any] = (os.fdopen(handle, "wb") if binary else
                                    os.fdopen(handle, "w", encoding="utf-8", newline="\n",
                                              errors=errors))
        except BaseException:
            os.close(handle)
            Path(self.temporary).unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        try:
            if self.durable:
                self.stream.flush()
                os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self.temporary, self.target)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self.stream.close()
        Path(self.temporary).unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def replace_file(target: str | Path, write: Callable[[TextIO], object], *, durable: bool = False,
                 errors: str = "strict") -> None:
    """Write `target` through `write(stream)`; with `durable`, also fsync before the rename."""
    with AtomicFile(target, errors=errors, durable=durable) as file:
        write(file.stream)


def write_output(target: str | Path, write: Callable[[TextIO], object], *,
                 durable: bool = False) -> None:
    """Write a command's output file through `write(stream)` (see `open_output`): committed
    when `write` returns, discarded (no temporary file left) when it raises."""
    file = open_output(target, durable=durable)
    try:
        write(file.stream)
    except BaseException:
        file.discard()
        raise
    file.commit()


def replace_bytes(target: str | Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `target` the same way (a rendered Word document)."""
    with AtomicFile(target, binary=True, durable=durable) as file:
        file.stream.write(data)


class PassThrough:
    """A character device, a FIFO or a `/dev/stdout`-style link, written as it goes: replacing
    it would turn `/dev/full` into a regular file and leave a FIFO's reader waiting for ever."""

    def __init__(self, target: str | Path, *, errors: str = "strict") -> None:
        self.target = Path(target)
        self.stream: IO[Any] = open(target, "w", encoding="utf-8", newline="\n",  # noqa: SIM115
                                    errors=errors)

    def commit(self) -> None:
        self.stream.close()

    def discard(self) -> None:
        try:
            self.stream.close()
        except OSError:  # the flush of a full device fails again: nothing more to keep
            pass


def open_output(target: str | Path, *, errors: str = "strict",
                durable: bool = False) -> AtomicFile | PassThrough:
    """The file a command writes its output to: a regular file (or a new name) is replaced
    atomically, through a symbolic link at the file it names (the link is kept); a character
    device or a FIFO is written through. A folder or any other special file is refused:
    IsADirectoryError or OSError(EINVAL), as the caller reports any OSError."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is None or stat.S_ISREG(mode):
        return AtomicFile(os.path.realpath(target), errors=errors, durable=durable)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return PassThrough(target, errors=errors)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(target))
    raise OSError(errno.EINVAL, "not a regular file, a device or a FIFO", str(target))
