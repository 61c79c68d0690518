"""HTML and DOCX input, however broken, gives findings and never an internal error."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint.engine import INTERNAL_ERROR
from tests.helpers import EXAMPLE, lint_bytes
from tests.published_fixtures import document, structured_report, to_docx, to_html

FUZZ = settings(max_examples=int(os.environ.get("REPORTLINT_FUZZ_EXAMPLES", "150")) // 3,
                deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.function_scoped_fixture])
# Pieces of markup that break structure where they land.
MARKUP = st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td rowspan=9>", "<td>",
                          "</td>", "<br>", "<p>", "</p>", "<!--", "-->", "<script>", "&nbsp;",
                          "&#x110000;", "<![CDATA[", "<th colspan='0'>", "\ufeff", "\x00", ""])
WORD_XML = st.sampled_from(['<w:gridSpan w:val="x"/>', '<w:vMerge w:val="restart"/>',
                            "<w:vMerge/>", "<w:tc>", "</w:tc>", "<w:tr>", "</w:tr>", "<w:tbl>",
                            "</w:tbl>", "<w:br/>", "&amp;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", ""])


@pytest.fixture(scope="module")
def forms(packs):
    items = document(structured_report(EXAMPLE, packs))
    return to_html(items)[0].decode(), to_docx(items)[0]


def _splice(data, source: str, pieces) -> str:
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(source)))
        cut = data.draw(st.integers(0, 40))
        source = source[:at] + data.draw(pieces) + source[at + cut:]
    return source


@FUZZ
@given(st.data())
def test_broken_pages_never_crash(linter, forms, data):
    page = _splice(data, forms[0], MARKUP)
    encoding = data.draw(st.sampled_from(["utf-8", "gb18030"]))
    findings = lint_bytes(linter, "report.html", page.encode(encoding, "replace"))
    assert INTERNAL_ERROR not in {f.code for f in findings}


@FUZZ
@given(st.data())
def test_broken_word_documents_never_crash(linter, forms, data):
    with zipfile.ZipFile(io.BytesIO(forms[1])) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = _splice(
        data, files["word/document.xml"].decode(), WORD_XML).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    findings = lint_bytes(linter, "report.docx", buffer.getvalue())
    assert INTERNAL_ERROR not in {f.code for f in findings}
