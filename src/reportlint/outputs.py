"""Where a run's output goes: `--format NAME[:FILE]` (repeatable), files written atomically,
a progress bar on a terminal, and the `--statistics` table."""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from reportlint.atomic import AtomicFile, PassThrough, open_output
from reportlint.findings import severity_name
from reportlint.formats import FORMATS, Context, Formatter, Summary, formatter_class
from reportlint.records import record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO
    from reportlint.findings import FileResult
    from reportlint.packs.pack import Rule

PROGRESS_FROM = 20  # files; fewer finish before a bar would help


class OutputError(Exception):
    """A format or output file that cannot be used (a usage error, exit code 2)."""


@record(frozen=True)
class OutputSpec:
    name: str
    file: str | None = None


def parse_specs(values: Sequence[str] | None, env: Mapping[str, str]) -> list[OutputSpec]:
    """`text`, `sarif:out.sarif`, ...; with none given, `github` inside GitHub Actions and
    `text` elsewhere."""
    if not values:
        return [OutputSpec("github" if env.get("GITHUB_ACTIONS") == "true" else "text")]
    specs = []
    for value in values:
        name, _, file = value.partition(":")
        name = name.strip().lower()
        if name not in FORMATS:
            raise OutputError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
        if _ and not file:
            raise OutputError(f"--format {value}: no file name after ':'")
        specs.append(OutputSpec(name, file or None))
    to_stdout = [s.name for s in specs if s.file is None]
    if len(to_stdout) > 1:
        raise OutputError(f"formats {', '.join(to_stdout)} would all write to standard output; "
                          "give all but one a file (--format NAME:FILE)")
    return specs


class Outputs:
    """Every chosen format, fed each file's result, then finished. A write that fails (a full
    disk, a closed standard output) is an OutputError naming its target; a broken pipe on
    standard output (`| head -1`) is BrokenPipeError, for the caller to keep the run's exit code."""

    def __init__(self, specs: Sequence[OutputSpec], context: Context,
                 stdout: TextIO | None = None) -> None:
        self.files: list[tuple[str, AtomicFile | PassThrough]] = []
        self.formatters: list[tuple[str, Formatter]] = []
        self._stdout: TextIO | None = None  # when a format writes there
        try:
            for spec in specs:
                stream = stdout or sys.stdout
                if spec.file is None:
                    self._stdout = stream
                else:
                    self.files.append((spec.file, _open(spec.file)))
                    stream = self.files[-1][1].stream
                colour = context.color and spec.file is None
                own = replace(context, color=colour)
                name = spec.file or "standard output"
                self.formatters.append((name, formatter_class(spec.name)(stream, own)))
        except BaseException:
            self.discard()
            raise

    @property
    def needs_report(self) -> bool:
        return any(f.needs_report for _, f in self.formatters)

    def file(self, result: FileResult) -> None:
        """One file's result, as soon as it is final; what a format prints per file reaches
        standard output now (flushed), not when the run ends."""
        for name, formatter in self.formatters:
            with _writing(name):
                formatter.file(result)
        if result.findings and self._stdout is not None:
            with _writing("standard output"):
                self._stdout.flush()

    def finish(self, summary: Summary) -> None:
        try:
            for name, formatter in self.formatters:
                with _writing(name):
                    formatter.finish(summary)
            for name, file in self.files:
                with _writing(name):
                    file.commit()
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        for _, file in self.files:
            file.discard()


class ClosedOutput(io.TextIOBase):
    """Standard output when the process started without one: a write is an OSError, which a
    command reports (exit code 2) instead of an AttributeError traceback."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        pass


@contextmanager
def _writing(name: str) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write {name}: {error.strerror or error}") from error


def _open(path: str) -> AtomicFile | PassThrough:
    """An output file: a regular one written whole at the end of the run or not at all; a
    device or a FIFO written through (reportlint.atomic.open_output)."""
    try:
        # a file name that is not UTF-8 (b"\xff.yaml") is written as \udcff, not a crash
        return open_output(path, errors="backslashreplace")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error


def wants_colour(stream: TextIO, env: Mapping[str, str], mode: str = "auto") -> bool:
    """--color always/never as said; auto: FORCE_COLOR forces it (force-color.org), else on a
    terminal only, and never when NO_COLOR is set (no-color.org)."""
    if mode != "auto":
        return mode == "always"
    if env.get("FORCE_COLOR"):
        return True
    if env.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """`[#####-----] 12/40 path` on stderr, redrawn in place; only on a terminal and for
    runs of PROGRESS_FROM files or more, so logs and pipes never see it."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        isatty = getattr(self.stream, "isatty", lambda: False)()
        self.active = bool(isatty) and total >= PROGRESS_FROM

    def step(self, path: str) -> None:
        self.done += 1
        if not self.active:
            return
        filled = self.WIDTH * self.done // max(self.total, 1)
        name = path if len(path) <= 40 else "…" + path[-39:]
        self.stream.write(f"\r\033[K[{'#' * filled}{'-' * (self.WIDTH - filled)}] "
                          f"{self.done}/{self.total} {name}")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar before output is printed to the same terminal; the next step redraws
        it below."""
        if self.active and self.done:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\033[K")
            self.stream.flush()


def statistics(summary: Summary, rules: Mapping[str, Rule], lang: str) -> str:
    """`--statistics`: how many findings each rule gave, most first."""
    if not summary.by_rule:
        return "未发现问题。\n" if lang == "zh" else "No findings.\n"
    rows = sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0]))
    width = max(len(str(count)) for _, count in rows)
    lines = []
    for code, count in rows:
        rule = rules.get(code)
        name = rule.display_name(lang) if rule else ""
        severity = severity_name(rule.severity, lang) if rule else ""
        lines.append(f"{count:>{width}}  {code}  {severity:<{4 if lang == 'zh' else 7}}  {name}".rstrip())
    return "\n".join(lines) + "\n"
