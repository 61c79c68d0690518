"""Choosing the reader by content where the extension says otherwise."""

from __future__ import annotations

from reportlint.readers import READERS, REPORT_PATTERNS, reader_for
from reportlint.readers.published import sniff, sniffed_suffix
from tests.helpers import CORPUS, EXAMPLE

PAGE = '<!DOCTYPE html>\n<html><body><p>报告</p><table><tr><td>0</td></tr></table></body></html>'
DOCX_START = b"PK\x03\x04\x14\x00\x06\x00"


def test_an_html_page_saved_as_text_is_read_as_html_and_said_so():
    suffix, notes = sniffed_suffix("report.txt", PAGE.encode("gb18030"))
    assert suffix == ".html"
    assert [(n.code, n.args["suffix"], n.args["form"]) for n in notes] == [
        ("RL033", ".txt", "HTML")]
    assert reader_for("report.txt", PAGE.encode()) is READERS[".html"]


def test_a_word_document_named_html_is_read_as_docx():
    suffix, notes = sniffed_suffix("report.html", DOCX_START + b"\0" * 30)
    assert (suffix, [n.code for n in notes]) == (".docx", ["RL033"])


def test_matching_content_and_structured_data_are_not_second_guessed():
    assert sniffed_suffix("report.htm", PAGE.encode()) == (".htm", [])
    assert sniffed_suffix("report.docx", DOCX_START) == (".docx", [])
    assert sniffed_suffix("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == (".docx", [])
    assert sniffed_suffix("report.yaml", ("<html>" + EXAMPLE.read_text("utf-8")).encode()) == (
        ".yaml", [])


def test_corpus_web_text_is_not_taken_for_html():
    for path in sorted(CORPUS.rglob("*.txt")):
        assert sniff(path.read_bytes()) is None, path


def test_pages_and_word_documents_are_read_when_named_but_not_walked():
    # a folder's HTML may be reportlint's own `--format html` output, not a report
    assert not {"*.html", "*.htm", "*.docx"} & set(REPORT_PATTERNS)
    assert reader_for("report.html", PAGE.encode()) is READERS[".html"]
    assert reader_for("report.docx", DOCX_START) is READERS[".docx"]


def test_a_page_under_an_extension_of_no_form_is_read_as_html_without_a_note():
    assert sniffed_suffix("t20200120_80576.shtml", PAGE.encode()) == (".html", [])
    assert sniffed_suffix("report", DOCX_START) == (".docx", [])
