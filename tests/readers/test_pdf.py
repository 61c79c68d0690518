"""PDF reports, printed from the HTML form the way offices print them, give the findings of
their text form, at the page, line and table cell where the value is printed."""

from __future__ import annotations

import pytest

from reportlint.readers import pdf as pdf_reader
from reportlint.readers import read_report
from reportlint.readers.blocks import TableBlock
from tests.helpers import CORPUS, EXAMPLE, lint_bytes, lint_file
from tests.pdf_fixtures import Printer, needs_chromium, needs_pdftoppm, scan, styled
from tests.published_fixtures import document, place, structured_report, to_html

pytestmark = needs_chromium

# Notes about the file itself, which differ between forms of the same report by design.
FORM_NOTES = {"RL008", "RL014", "RL031", "RL032", "RL033"}
# A row the text could not read (glued digits) is absent from the model, so the page built
# from the model lacks it (RL012): one finding either way.
ROW_ABSENT = {"RL012": "row-absent", "RL013": "row-absent", "RL015": "row-absent"}


def by_meaning(findings):
    # a run of absent rows is one RL012 naming the others (related): each row counts
    return sorted((ROW_ABSENT.get(f.code, f.code), path) for f in findings
                  for path in (f.data_path, *(f.related if f.code == "RL012" else ()))
                  if f.code not in FORM_NOTES)


@pytest.fixture(scope="session")
def printer(tmp_path_factory):
    return Printer(tmp_path_factory.mktemp("pdf"))


def complete_reports():
    return sorted([*CORPUS.glob("full/*.txt"), *CORPUS.glob("*.txt")])


@pytest.mark.parametrize("path", complete_reports(), ids=lambda p: p.name)
def test_every_complete_corpus_report_as_pdf_gives_the_findings_of_its_text(
        linter, packs, printer, path):
    report = read_report(str(path), path.read_bytes(), packs).report
    pdf = printer.pdf(styled(to_html(document(report))[0]))
    assert by_meaning(lint_bytes(linter, f"{path.stem}.pdf", pdf)) == by_meaning(
        lint_file(linter, path))


def test_the_seed_as_pdf_gives_the_findings_of_its_data(linter, packs, printer):
    report = structured_report(EXAMPLE, packs)
    pdf = printer.pdf(styled(to_html(document(report))[0]))
    assert by_meaning(lint_bytes(linter, "shiqiao-2024.pdf", pdf)) == by_meaning(
        lint_file(linter, EXAMPLE))


def pdftotext_words(pdf: bytes, folder) -> list[tuple[int, str]]:
    """(page, word) of every word, as poppler (not PDFium) reads them: an independent witness."""
    import subprocess

    source = folder / "witness.pdf"
    source.write_bytes(pdf)
    tsv = subprocess.run(["pdftotext", "-tsv", str(source), "-"], capture_output=True,
                         text=True, check=True).stdout
    words = []
    for line in tsv.splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 12 and fields[0] == "5":
            words.append((int(fields[1]), fields[11]))
    return words


@needs_pdftoppm
def test_a_wrong_total_in_a_table_over_a_page_break_is_found_at_its_page_and_cell(
        linter, packs, printer, tmp_path):
    report = structured_report(EXAMPLE, packs)
    key = ("table3", "outcome_total", "natural")
    items = document(report, {key: "917"})
    pdf = printer.pdf(styled(to_html(items)[0]))
    findings = lint_bytes(linter, "report.pdf", pdf)
    found = [f for f in findings if f.data_path == "tables.table3.outcome_total.natural"]
    assert {f.code for f in found} >= {"RL301", "RL302"}
    anchor = found[0].span.anchor
    page, table, row, column = anchor.split(":")
    # table 三 starts pages before the total's row: one table, continued over the breaks
    new = next(f for f in lint_bytes(linter, "r.pdf", printer.pdf(styled(to_html(document(
        report, {("table3", "new", "natural"): "917"}))[0]))) if f.code == "RL303")
    assert new.span.anchor.split(":")[1] == table
    assert int(new.span.anchor.split(":")[0][1:]) < int(page[1:])
    # poppler sees the published 917 on that page, in the grid column the page lays it out in
    assert (int(page[1:]), "917") in pdftotext_words(pdf, tmp_path)
    grid = {cell.key: c for _, c, cell in place(next(i for i in items if i.kind == "table"
                                                     and any(c.key == key for r in i.rows for c in r)).rows)}
    assert column == f"c{grid[key] + 1}"
    # and the row named by the anchor is the (七)总计 row as printed on that page
    blocks = pdf_reader.read_blocks(pdf)[0]
    row_cells = [cell for block in blocks if isinstance(block, TableBlock) for cells in block.rows
                 for cell in cells if cell.span.anchor.startswith(f"{page}:{table}:{row}:")]
    assert any("总计" in cell.text for cell in row_cells)
    assert found[0].location == f"report.pdf:{page[1:]}:{found[0].span.column}"
    assert found[0].located_message.endswith(f"[{anchor}]")


@needs_pdftoppm
def test_a_scanned_pdf_gives_the_one_scanned_finding(linter, packs, printer, tmp_path):
    report = structured_report(EXAMPLE, packs)
    scanned = scan(printer.pdf(styled(to_html(document(report))[0])), tmp_path)
    findings = lint_bytes(linter, "scan.pdf", scanned)
    assert [(f.code, f.message) for f in findings] == [
        ("RL061", "扫描件，没有文字层，无法检查；且不便检索（第 1、2、3、4 页）")]


@pytest.fixture
def wrong_total(packs, printer, tmp_path):
    """The seed as a PDF file whose table 三 (七)总计 自然人 reads 917."""
    report = structured_report(EXAMPLE, packs)
    items = document(report, {("table3", "outcome_total", "natural"): "917"})
    source = tmp_path / "report.pdf"
    source.write_bytes(printer.pdf(styled(to_html(items)[0])))
    return source


def test_the_html_format_shows_the_table_as_read_from_the_pages(wrong_total, capsys):
    import re

    from tests.helpers import run_cli

    code, page, _ = run_cli(capsys, "check", "--no-cache", "--format", "html", str(wrong_total))
    assert code == 1
    bad = re.search(r'<td class="num cell-bad" data-path="tables\.table3\.outcome_total\.natural"'
                    r' data-anchor="(p\d+:table\d+:r\d+:c\d+)"[^>]*>917</td>', page)
    assert bad is not None
    first, last = re.search(r"收到和处理政府信息公开申请情况（PDF 第 (\d+)–(\d+) 页）", page).groups()
    assert int(first) < int(bad.group(1).split(":")[0][1:]) <= int(last)


def test_sarif_and_github_messages_carry_the_pdf_anchor(wrong_total, capsys):
    import json

    from tests.helpers import run_cli

    _, out, _ = run_cli(capsys, "check", "--no-cache", "--format", "sarif", str(wrong_total))
    results = json.loads(out)["runs"][0]["results"]
    total = [r for r in results if r["locations"][0].get("logicalLocations", [{}])[0].get(
        "fullyQualifiedName") == "tables.table3.outcome_total.natural"]
    assert total and all(r["message"]["text"].endswith(":c4]") for r in total)
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in total)
    _, out, _ = run_cli(capsys, "check", "--no-cache", "--format", "github", str(wrong_total))
    line = next(x for x in out.splitlines() if "RL302" in x)
    assert "line=" not in line and line.rstrip().endswith(":c4]")


@needs_pdftoppm
def test_a_page_scanned_among_text_pages_is_named_and_explains_its_missing_table(
        linter, packs, printer, tmp_path):
    """The last page (table 四 and the closing parts) replaced by its scan, as when a signed
    page is scanned back in: the one finding names that page, and nothing that its absence
    would cause (missing sections, a table cut short) is reported."""
    import io

    import pypdfium2 as pdfium

    report = structured_report(EXAMPLE, packs)
    text = printer.pdf(styled(to_html(document(report))[0]))
    scanned = pdfium.PdfDocument(scan(text, tmp_path))
    source = pdfium.PdfDocument(text)
    last = len(source) - 1
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(source, list(range(last)))
    mixed.import_pages(scanned, [last])
    out = io.BytesIO()
    mixed.save(out)
    findings = lint_bytes(linter, "report.pdf", out.getvalue())
    assert [f.message for f in findings] == [f"扫描件，没有文字层，无法检查；且不便检索（第 {last + 1} 页）"]
    assert findings[0].location == f"report.pdf:{last + 1}:1"
