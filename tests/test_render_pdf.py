"""A rendered Word document opens in LibreOffice: headless conversion to PDF succeeds and gives
A4 pages (the picture was checked by eye; docs/render.md describes it). Skipped where
LibreOffice is absent; CI installs it (.ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import regex

from reportlint.writers import render
from tests.helpers import EXAMPLE
from tests.published_fixtures import structured_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_the_rendered_word_document_converts_to_pdf_in_libreoffice(packs, tmp_path):
    if SOFFICE is None:
        assert not os.environ.get("CI"), "CI installs LibreOffice (.ci/run); it is missing"
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "shiqiao-2024.docx"
    source.write_bytes(render(structured_report(EXAMPLE, packs), "docx"))
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with a running office
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = tmp_path / "shiqiao-2024.pdf"
    assert pdf.is_file(), result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(regex.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert 3 <= pages <= 8, pages
    assert regex.search(rb"/MediaBox\s*\[\s*0 0 595\.\d* 841\.", data)  # A4 in points
