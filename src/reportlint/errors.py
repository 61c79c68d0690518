"""The one error a file reportlint needs can raise: a rule pack, template, rule file, config or
baseline that cannot be used. It names the place, `path:line:col: message`, and the command
line turns it into exit code 2. (A report that cannot be read is a finding, never an error.)"""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    def __init__(self, message: str, path: Path | str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"
