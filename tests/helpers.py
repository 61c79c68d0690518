"""What tests share besides fixtures: where things are, and small helpers to lint a text,
find a position, edit a report and run the command line.

Imported as `from tests.helpers import ...`; conftest.py holds only fixtures and hooks.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportlint.engine import Linter
from reportlint.findings import Finding
from reportlint.model import Report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "shiqiao-2024.yaml"
FIXTURES = ROOT / "tests" / "fixtures"
# The shared corpus sits beside the repository (CI lays a copy there too).
SHARED = Path(os.environ.get("REPORTLINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


def lint_file(linter: Linter, path: str | Path, previous: Report | None = None) -> list[Finding]:
    """A file's findings, read as a run reads it (with last year's report when given)."""
    return linter.lint(linter.load(path), previous).findings


def lint_bytes(linter: Linter, name: str, data: bytes, previous: Report | None = None
               ) -> list[Finding]:
    """The findings of `data` read as the file `name` would be."""
    return linter.lint(linter.read(name, data), previous).findings


def lint_text(linter: Linter, text: str, name: str = "report.yaml") -> list[Finding]:
    return lint_bytes(linter, name, text.encode("utf-8"))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def position_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th occurrence of `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `reportlint ARGV` in-process: (exit code, stdout, stderr)."""
    from reportlint.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def set_row_value(text: str, row: str, index: int, new: str) -> tuple[str, tuple[int, int]]:
    """Replace the index-th value of a flow-list table row (`row: [a, b, ...]`) in the YAML
    text; return the new text and the (line, column) of the new value."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip().startswith(f"{row}:") and "[" in line:
            open_at = line.index("[")
            close_at = line.index("]")
            values = line[open_at + 1 : close_at].split(",")
            column = open_at + 1
            for position, value in enumerate(values):
                if position == index:
                    column += len(value) - len(value.lstrip())
                    break
                column += len(value) + 1
            values[index] = (" " if index else "") + new
            lines[number] = line[: open_at + 1] + ",".join(values) + line[close_at:]
            return "\n".join(lines), (number + 1, column + 1)
    raise AssertionError(f"row {row} not found")


def own_pack(packs: Path, pack_id: str, code: str, severity: str) -> Path:
    """A user's own pack: a copy of the national one (and core, which it extends) under a new
    id, with one rule's severity changed. Returns the folder holding both packs."""
    import shutil

    shutil.copytree(ROOT / "rules" / "core", packs / "core")
    shutil.copytree(ROOT / "rules" / "annual-2021", packs / pack_id)
    manifest = packs / pack_id / "pack.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "id: annual-2021", f"id: {pack_id}"), encoding="utf-8")
    for rules in sorted((packs / pack_id).glob("*.yaml")):
        text = rules.read_text(encoding="utf-8")
        if f"code: {code}\n" in text:
            start = text.index(f"code: {code}\n")
            head, tail = text[:start], text[start:]
            line = next(x for x in tail.splitlines() if x.strip().startswith("severity:"))
            rules.write_text(head + tail.replace(line, line.split(":")[0] + f": {severity}", 1),
                             encoding="utf-8")
    return packs


def init_git_repo(path: Path) -> Path:
    """A throwaway git repository with an author set, for pre-commit runs."""
    import subprocess

    for args in (["init", "-q"], ["config", "user.email", "office@example.gov.cn"],
                 ["config", "user.name", "公开办"]):
        subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)
    return path
