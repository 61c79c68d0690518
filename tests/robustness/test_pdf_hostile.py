"""Hostile and broken PDFs give one clear finding, never a traceback, in bounded time and
memory; a PDF's JavaScript, links and launch actions are never acted on."""

from __future__ import annotations

import io
import socket

import pytest

from reportlint.readers import pdf as pdf_reader
from tests.helpers import lint_bytes
from tests.pdf_fixtures import raw_pdf, stream

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page(content: bytes, *more: bytes, page_extra: bytes = b"") -> bytes:
    return raw_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                    b" /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> "
                    + page_extra + b">>", content, FONT, *more])


def nested_forms(depth: int) -> bytes:
    """Form XObjects drawing each other `depth` deep (objects 6, 7, ...)."""
    forms = []
    for level in range(depth):
        name = b"/X1 %d 0 R" % (7 + level) if level + 1 < depth else b""
        draw = b"/X1 Do" if level + 1 < depth else b"0 0 m 100 0 l S"
        forms.append(stream(draw, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                                  b" /Resources << /XObject << " + name + b" >> >>"))
    return one_page(stream(b"/X1 Do"), *forms)


def many_pages(count: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(count):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ENCRYPTED = raw_pdf([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>",
                     b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
                     b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"],
                    trailer=b"/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef>"
                            b"<0123456789abcdef0123456789abcdef>] ")

CASES = {
    "not a PDF at all": (b"Hello, this is not a PDF.\n", "not a PDF"),
    "a PDF header and garbage": (b"%PDF-1.7\n" + bytes(range(256)) * 40, "cannot be opened"),
    "a password": (ENCRYPTED, "password"),
    "301 pages": (many_pages(301), "301 pages"),
    "forms nested 9 deep": (nested_forms(9), "nested"),
    "a compressed stream of 40 MiB of spaces":
        (one_page(stream(b" " * (40 * 2**20), compress=True)), "PDF bomb"),
    "30 000 drawing objects on a page":
        (one_page(stream(b"0 0 m 1 1 l S\n" * 30_000, compress=True)), "drawing objects"),
    "30 000 characters on a page":
        (one_page(stream(b"BT /F1 1 Tf (" + b"x" * 30_000 + b") Tj ET", compress=True)),
         "characters"),
    "blank pages": (many_pages(2), "no text"),
}


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_pdf_gives_one_clear_finding(linter, name):
    data, words = CASES[name]
    findings = lint_bytes(linter, "report.pdf", data)
    assert [f.code for f in findings] == ["RL060"], findings
    assert words in findings[0].message


def test_a_truncated_pdf_is_a_finding_not_a_crash(linter, tmp_path):
    whole = one_page(stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"))
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 30):
        codes = {f.code for f in lint_bytes(linter, "report.pdf", whole[:cut])}
        assert "RL099" not in codes and codes


def test_a_pdf_named_txt_is_read_as_a_pdf(linter):
    data, _ = CASES["301 pages"]
    assert [f.code for f in lint_bytes(linter, "report.txt", data)] == ["RL033", "RL060"]


def test_javascript_links_and_launch_actions_are_never_acted_on(linter, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a PDF made reportlint open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    actions = b" /OpenAction 7 0 R /AA << /O 8 0 R >> "
    data = one_page(stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"),
                    stream(b"0 0 m 1 1 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1]"),
                    b"<< /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/x'\\); "
                    b"this.submitForm\\('http://127.0.0.1:9/y'\\);) >>",
                    b"<< /S /Launch /F (/bin/touch) /Win << /F (cmd.exe) >> >>",
                    page_extra=actions + b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 595 842]"
                    b" /A << /S /URI /URI (http://127.0.0.1:9/z) >> >>]")
    findings = lint_bytes(linter, "report.pdf", data)
    assert [f.code for f in findings] == ["RL040"]  # read: a page that is not a report
    blocks, _ = pdf_reader.read_blocks(data)
    assert [getattr(b, "text", "") for b in blocks] == ["Hello"]
