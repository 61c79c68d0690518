"""Validate the built-in rule packs once and write their compiled form (run after editing rules/).

The YAML under rules/ stays the one source; src/reportlint/packs/compiled.json holds each file
as the loader reads it after validation, with its SHA-256, so a run loads the built-in packs
without parsing or schema-checking them, and compiled.pickle the packs built from it, so a run
does not build them either. tests/packs/test_compiled.py fails when either is stale.

It also writes src/reportlint/patterns.pickle: every pattern of the built-in packs, and every
other that linting the examples/ reports and those reports printed in each published form
compiles (the modules' own), compiled by the installed regex module, so that a run does not
compile them again, and runs them without a timeout (reportlint/patterns.py says why).
tests/test_patterns_shipped.py fails when its set of patterns is stale.

    python scripts/compile_packs.py
    python scripts/compile_packs.py --patterns-to FILE   # only the pattern table, to FILE
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

from reportlint import patterns

patterns.start_recording()  # before the modules that compile their patterns when imported

from reportlint.cli import main  # noqa: E402
from reportlint.packs import compiled  # noqa: E402
from reportlint.packs.load import build_compiled  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def same_packs(one: bytes, other: bytes) -> bool:
    """Whether two compiled.pickle hold the same packs and files."""
    def shown(raw: bytes) -> object:
        return compiled.comparable(compiled.read_packs(raw, Path("rules")))

    try:
        return shown(one) == shown(other)
    except Exception:  # noqa: BLE001 - an old file that no longer loads is rewritten
        return False


def build_patterns() -> bytes:
    """The pattern table, in this (fresh) process: every pattern of the built-in packs (a rule
    whose path an example never takes still runs its patterns on some report), and every other
    that a lint of the examples compiles, and of each example printed in every published form
    (a web page, a Word document, Markdown, and that Markdown as plain text): the modules' own,
    and those the readers build."""
    from reportlint.checks import pack_patterns
    from reportlint.engine import Linter
    from reportlint.packs.load import load_packs
    from reportlint.writers import FORMS, SUFFIXES, render

    reports = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    packs = load_packs()
    for _ in pack_patterns(packs):  # each compiled, and so recorded
        pass
    linter = Linter(packs)
    with tempfile.TemporaryDirectory() as folder:
        published = []
        for report in reports:
            read = linter.read(str(report), report.read_bytes()).result.report
            if read is None:
                raise SystemExit(f"{report} does not read as a report")
            for form in FORMS:
                printed = Path(folder) / (report.stem + SUFFIXES[form])
                printed.write_bytes(render(read, form))
                published.append(printed)
            text = Path(folder) / (report.stem + ".txt")
            text.write_bytes((Path(folder) / (report.stem + ".md")).read_bytes())
            published.append(text)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["check", "--isolated", "--no-cache", "--jobs", "1", "--fail-on", "never",
                  *map(str, reports), *map(str, published)])
    return patterns.build_shipped()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--patterns-to"]:
        Path(sys.argv[2]).write_bytes(build_patterns())
        sys.exit(0)
    text, packs = build_compiled()
    compiled.FILE.write_text(text, encoding="utf-8")
    print(f"wrote {compiled.FILE}", file=sys.stderr)
    if not compiled.PACKS.is_file() or not same_packs(compiled.PACKS.read_bytes(), packs):
        compiled.PACKS.write_bytes(packs)  # pickles of equal packs differ (sets' order): kept
        print(f"wrote {compiled.PACKS}", file=sys.stderr)
    patterns.SHIPPED.write_bytes(build_patterns())
    print(f"wrote {patterns.SHIPPED}", file=sys.stderr)
