"""Real PDFs are messy: each kind of mess is handled (the findings of the clean PDF) or gives
one clear finding. The PDFs are printed from the guanzhuang report's HTML form, then messed
up the way real files are."""

from __future__ import annotations

import pytest

from reportlint.readers import read_report
from reportlint.readers.blocks import Paragraph, TableBlock
from tests.helpers import CORPUS, lint_bytes, lint_file
from tests.pdf_fixtures import Printer, needs_chromium, raw_pdf, stream, styled
from tests.published_fixtures import document, to_html

pytestmark = needs_chromium

GUANZHUANG = CORPUS / "guanzhuang-2024.txt"
NOTES = {"RL033"}


def keyed(findings):
    return sorted((f.code, f.data_path) for f in findings if f.code not in NOTES)


@pytest.fixture(scope="module")
def printer(tmp_path_factory):
    return Printer(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def page(packs):
    report = read_report(str(GUANZHUANG), GUANZHUANG.read_bytes(), packs).report
    return to_html(document(report))[0]


@pytest.fixture(scope="module")
def clean(printer, page):
    return printer.pdf(styled(page))


@pytest.fixture(scope="module")
def expected(linter):
    return keyed(lint_file(linter, GUANZHUANG))


def test_the_clean_pdf_gives_the_findings_of_the_web_text(linter, clean, expected):
    assert keyed(lint_bytes(linter, "g.pdf", clean)) == expected


def test_a_watermark_across_every_page_is_not_read(linter, printer, page, expected):
    mark = ('body::after { content: "内部资料 注意保存 2024"; position: fixed; top: 40%; left: 5%;'
            ' font-size: 54pt; color: rgba(0, 0, 0, 0.12); transform: rotate(-30deg); }')
    pdf = printer.pdf(styled(page, extra=mark))
    assert keyed(lint_bytes(linter, "g.pdf", pdf)) == expected
    assert "内部资料" not in _all_text(pdf)


def test_a_table_whose_header_rows_repeat_on_every_page_is_one_table(linter, printer, page,
                                                                    expected):
    # table 三's first three rows as the header Chromium repeats on each page it runs over
    repeated = _thead(page, table=2, rows=3)
    pdf = printer.pdf(styled(repeated, extra="tr { break-inside: avoid; }"))
    assert keyed(lint_bytes(linter, "g.pdf", pdf)) == expected
    from reportlint.readers import pdf as pdf_reader

    tables = [b for b in pdf_reader.read_blocks(pdf)[0] if isinstance(b, TableBlock)]
    pages = {cell.span.line for cell in tables[1].rows[-1]}
    assert pages != {tables[1].rows[0][0].span.line}  # it does cross a page break
    headers = [row for row in tables[1].rows if any(c.text == "申请人情况" for c in row)]
    assert len(headers) == 1


def test_cjk_drawn_as_type3_glyphs_reads_the_same(linter, printer, page, expected):
    pdf = printer.pdf(styled(page, font="noto"))  # Chromium embeds Noto CJK as Type 3 fonts
    assert b"/Type3" in pdf
    assert keyed(lint_bytes(linter, "g.pdf", pdf)) == expected


def test_fonts_without_a_unicode_map_give_one_finding(linter, clean):
    broken = clean.replace(b"/ToUnicode", b"/ToUnicodX")  # same length: offsets stay right
    findings = lint_bytes(linter, "g.pdf", broken)
    assert [f.code for f in findings] == ["RL062"]
    assert "ToUnicode" in findings[0].message and "1、2、3、4" in findings[0].message


def test_pages_turned_a_quarter_read_as_upright_pages(linter, clean, expected):
    """A landscape page printed as a portrait page turned by /Rotate, its content drawn
    turned the other way (what printer drivers make of a landscape section)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(clean)
    target = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source.get_page_size(index)
        xobject = source.page_as_xobject(index, target)
        turned = xobject.as_pageobject()
        matrix = pdfium.PdfMatrix().rotate(90).translate(0, width)
        turned.transform(matrix)
        new = target.new_page(height, width)
        new.insert_obj(turned)
        new.gen_content()
        new.set_rotation(270)
    import io

    out = io.BytesIO()
    target.save(out)
    rotated = out.getvalue()
    check = pdfium.PdfDocument(rotated)
    left, bottom, right, top = check[0].get_mediabox()
    assert check[0].get_rotation() == 270 and right - left > top - bottom  # shown upright
    assert keyed(lint_bytes(linter, "g.pdf", rotated)) == expected


def test_fake_bold_drawn_twice_is_read_once(linter):
    from reportlint.readers import pdf as pdf_reader

    twice = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"BT /F1 12 Tf 72 720 Td (Total 917) Tj ET BT /F1 12 Tf 72.25 720 Td (Total 917) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    blocks, _ = pdf_reader.read_blocks(twice)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Total 917"]


def _thead(page: bytes, table: int, rows: int) -> bytes:
    """The page with the first `rows` rows of its `table`-th table (1-based) in a <thead>."""
    lines = page.decode().split("\n")
    seen = 0
    for index, line in enumerate(lines):
        if line.strip() == "<tbody>":
            seen += 1
            if seen == table:
                lines[index] = line.replace("<tbody>", "<thead>")
                closed = 0
                for after in range(index + 1, len(lines)):
                    if lines[after].strip() == "</tr>":
                        closed += 1
                        if closed == rows:
                            lines[after] += "\n</thead><tbody>"
                            break
                break
    return "\n".join(lines).encode()


def _all_text(pdf: bytes) -> str:
    from reportlint.readers import pdf as pdf_reader

    blocks, _ = pdf_reader.read_blocks(pdf)
    return "\n".join(b.text if isinstance(b, Paragraph) else
                     " ".join(c.text for row in b.rows for c in row) for b in blocks)
