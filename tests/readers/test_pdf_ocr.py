"""Scanned reports read by OCR (`--ocr`, the reportlint[ocr] extra with Tesseract): every
value so read is marked, and every finding resting on one says so."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reportlint.engine import OCR_NOTE, Linter
from reportlint.model import OCR_MARK
from reportlint.readers import ocr, read_report
from tests.helpers import EXAMPLE, lint_bytes, run_cli
from tests.pdf_fixtures import PDFTOPPM, Printer, needs_chromium, needs_pdftoppm, scan, styled
from tests.published_fixtures import document, structured_report, to_html

needs_ocr = pytest.mark.skipif(bool(ocr.problem()), reason="Tesseract with chi_sim is not installed")


@pytest.fixture(scope="module")
def scanned_seed(packs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ocr")
    report = structured_report(EXAMPLE, packs)
    return scan(Printer(folder).pdf(styled(to_html(document(report))[0])), folder, dpi=200)


def test_ocr_without_the_extra_says_how_to_install_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "pytesseract", None)  # import fails as when not installed
    assert "pip install 'reportlint[ocr]'" in ocr.problem()
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.7\n")
    code, out, err = run_cli(capsys, "check", "--ocr", str(tmp_path / "r.pdf"))
    assert code == 2 and not out
    assert "--ocr" in err and "tesseract-ocr-chi-sim" in err
    code, _, err = run_cli(capsys, "import", "--ocr", str(tmp_path / "r.pdf"))
    assert code == 2 and "reportlint[ocr]" in err


@needs_chromium
@needs_pdftoppm
def test_without_ocr_the_scanned_seed_gives_the_one_finding(linter, scanned_seed):
    assert [f.code for f in lint_bytes(linter, "scan.pdf", scanned_seed)] == ["RL061"]


@needs_chromium
@needs_pdftoppm
@needs_ocr
def test_the_scanned_seed_is_read_by_ocr_and_every_reading_is_marked(packs, scanned_seed):
    linter = Linter(packs, ocr=True)
    findings = lint_bytes(linter, "scan.pdf", scanned_seed)
    codes = [f.code for f in findings]
    assert "RL061" in codes and "RL064" in codes  # still a scan; read by OCR
    report = read_report("scan.pdf", scanned_seed, packs, ocr=True).report
    truth = structured_report(EXAMPLE, packs)
    cells = [(cell, truth.tables[t].cell(r, c)) for t, table in report.tables.items()
             for r, row in table.rows.items() for c, cell in row.items()]
    assert len(cells) > 100  # the tables were read as tables, from the image's ruling lines
    assert all(cell.span.anchor.endswith(OCR_MARK) for cell, _ in cells)
    same = sum(1 for cell, published in cells if published is not None and cell.raw == published.raw)
    assert same * 2 > len(cells)  # most cells read right; the rest are marked readings
    on_tables = [f for f in findings if f.data_path.startswith("tables.")]
    assert on_tables and all(f.message.endswith(OCR_NOTE["zh"]) for f in on_tables)


@needs_chromium
@needs_pdftoppm
@needs_ocr
def test_a_scan_with_an_invisible_ocr_layer_is_read_as_ocr_readings(packs, scanned_seed, tmp_path):
    """What scanner software makes: the page image with the recogniser's text under it,
    invisible (here made by Tesseract's own PDF output)."""
    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned_seed)
    subprocess.run([PDFTOPPM, "-r", "200", "-gray", "-png", "-f", "3", "-l", "3", str(source),
                    str(tmp_path / "page")], check=True, capture_output=True)
    image = next(tmp_path.glob("page*.png"))
    subprocess.run(["tesseract", str(image), str(tmp_path / "layered"), "-l", "chi_sim", "pdf"],
                   check=True, capture_output=True, timeout=300)
    layered = (tmp_path / "layered.pdf").read_bytes()
    from reportlint.readers import pdf as pdf_reader

    blocks, problems = pdf_reader.read_blocks(layered)
    assert [hit.code for hit in problems] == ["RL063"]
    assert blocks and all(block.span.anchor.endswith(OCR_MARK) for block in blocks)
