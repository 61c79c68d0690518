"""Findings and positions pinned: a speed change must not move one.

`check` (one process, no cache, as a user runs it) over generated reports of fictional organs
(YAML, and the first ones as HTML pages and Word files) and over the shared corpus. The
generated reports' findings are kept readable in tests/snapshots/findings.txt; the corpus's
only as a digest per file (its text stays out of the repository). A change that means to
change findings regenerates the snapshot and shows the difference in review:

    REPORTLINT_UPDATE_SNAPSHOT=1 python -m pytest tests/corpus/test_findings_snapshot.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from tests import published_fixtures
from tests.helpers import CORPUS, ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)

SNAPSHOT = ROOT / "tests" / "snapshots" / "findings.txt"
UPDATE = os.environ.get("REPORTLINT_UPDATE_SNAPSHOT") == "1"



def _findings(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[dict]:
    code, out, err = run_cli(capsys, "check", "--jobs", "1", "--no-cache", "--isolated",
                             "--fail-on", "never", "--format", "jsonl", *map(str, paths))
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _line(finding: dict, root: Path) -> str:
    where = f"{finding['line']}:{finding['column']}-{finding['end_line']}:{finding['end_column']}"
    if finding.get("anchor"):
        where += f"@{finding['anchor']}"
    path = Path(finding["path"]).relative_to(root).as_posix()
    return f"{path} {where} {finding['code']} {finding.get('data_path') or '-'} {finding['message']}"


def _generated(folder: Path, packs) -> list[Path]:
    generate.generate(folder, reports=150, seed=7)
    yaml_files = sorted(folder.glob("*.yaml"))
    forms = folder / "forms"
    forms.mkdir()
    for index, source in enumerate(yaml_files[:20]):
        try:
            report = published_fixtures.structured_report(source, packs)
        except AssertionError:
            continue  # a defect that makes the data unreadable has no published form
        items = published_fixtures.document(report)
        (forms / source.with_suffix(".html").name).write_bytes(published_fixtures.to_html(items)[0])
        if index < 4:  # the fixture's Word writer takes about a second a file
            (forms / source.with_suffix(".docx").name).write_bytes(published_fixtures.to_docx(items)[0])
    return [folder, *sorted(forms.iterdir())]


def _corpus_digests(findings: list[dict]) -> list[str]:
    per_file: dict[str, list[str]] = {}
    for finding in findings:
        per_file.setdefault(Path(finding["path"]).relative_to(CORPUS).as_posix(), []).append(
            _line(finding, CORPUS))
    return [f"corpus {name} {len(lines)} {hashlib.sha256(chr(10).join(lines).encode()).hexdigest()[:16]}"
            for name, lines in sorted(per_file.items())]


def _compare(lines: list[str], corpus: bool) -> None:
    """This part of the snapshot (the generated reports' lines, or the corpus digests) against
    the file; with REPORTLINT_UPDATE_SNAPSHOT=1 the part is rewritten, the other kept."""
    def ours(line: str) -> bool:
        return line.startswith("corpus ") == corpus

    stored = SNAPSHOT.read_text(encoding="utf-8").splitlines() if SNAPSHOT.is_file() else []
    if UPDATE:
        others = [line for line in stored if not ours(line)]
        kept = [*others, *lines] if corpus else [*lines, *others]
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text("\n".join(kept) + "\n", encoding="utf-8")
        stored = kept
    expected = [line for line in stored if ours(line)]
    assert lines == expected, "findings changed; if meant: REPORTLINT_UPDATE_SNAPSHOT=1 (see the docstring)"


def test_findings_and_positions_on_generated_reports_are_unchanged(tmp_path, capsys, packs):
    """Needs nothing outside the repository: the reports are generated from a seed."""
    paths = _generated(tmp_path, packs)
    _compare([_line(f, tmp_path) for f in _findings(capsys, *paths)], corpus=False)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_findings_and_positions_on_the_corpus_are_unchanged(capsys):
    _compare(_corpus_digests(_findings(capsys, CORPUS)), corpus=True)
