"""The DOCX reader: Word documents -> blocks placed by paragraph and table-cell anchors."""

from __future__ import annotations

import io
import zipfile

import pytest

from reportlint.readers import docx, html
from reportlint.readers.blocks import Paragraph, TableBlock
from tests.helpers import EXAMPLE, lint_bytes
from tests.published_fixtures import document, grid, structured_report, to_docx, to_html


@pytest.fixture(scope="module")
def items(packs):
    return document(structured_report(EXAMPLE, packs))


@pytest.fixture(scope="module")
def word(items):
    return to_docx(items)


def test_the_document_reads_like_the_web_page(items, word):
    blocks, problems = docx.read_blocks(word[0])
    assert problems == []
    assert grid(blocks) == grid(html.read_blocks(to_html(items)[0])[0])


def test_a_read_document_is_freed_when_the_read_returns(word):
    """python-docx's parts and package form cycles; the reader collects them, so a run whose
    collector seldom passes (cli.main) does not keep every document it read."""
    import gc

    from docx.opc.part import Part

    def documents() -> int:  # a document's parts (its XML among them) while they are alive
        return sum(1 for o in gc.get_objects() if isinstance(o, Part))

    enabled = gc.isenabled()
    gc.collect()
    gc.disable()  # only the reader's own collection may free the documents read below
    try:
        before = documents()
        for _ in range(3):
            assert docx.read_blocks(word[0])[0]
        assert documents() == before
    finally:
        if enabled:
            gc.enable()


def test_merged_cells_are_given_once_with_their_spans(word):
    blocks, _ = docx.read_blocks(word[0])
    table3 = [b for b in blocks if isinstance(b, TableBlock)][1]
    assert [(c.text, c.colspan, c.rowspan, c.span.anchor) for c in table3.rows[1]] == [
        ("自然人", 1, 2, "table2:r2:c4"), ("法人或其他组织", 5, 1, "table2:r2:c5"),
        ("总计", 1, 2, "table2:r2:c10")]
    # the row under a vertical merge lists only its own cells, at their grid columns
    assert [c.span.anchor for c in table3.rows[2]] == [f"table2:r3:c{n}" for n in range(5, 10)]


def test_a_cell_is_anchored_by_table_row_and_grid_column(word):
    data, anchors = word
    blocks, _ = docx.read_blocks(data)
    anchor = anchors[("table3", "withheld_internal", "total")]
    assert anchor == "table2:r12:c10"  # 3 header rows, then 一 二 (一)(二) and (三)1-5
    cells = {c.span.anchor: c for b in blocks if isinstance(b, TableBlock)
             for row in b.rows for c in row}
    assert cells[anchor].text == "1"
    assert (cells[anchor].span.line, cells[anchor].span.anchor) == (0, anchor)


def test_paragraphs_are_anchored_by_their_ordinal_and_the_title_break_splits_lines(word):
    blocks, _ = docx.read_blocks(word[0])
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert [(p.text, p.span.anchor) for p in paragraphs[:3]] == [
        ("云溪县石桥镇2024年政府信息公开工作", "p1"), ("年度报告", "p1"),
        (paragraphs[2].text, "p2")]
    assert paragraphs[2].text.startswith("本报告依据")


def test_a_layout_table_around_the_report_joins_the_document_flow(items):
    import docx as python_docx

    source = python_docx.Document(io.BytesIO(to_docx(items)[0]))
    frame = python_docx.Document()
    outer = frame.add_table(rows=1, cols=1).cell(0, 0)
    outer.paragraphs[0].text = "正文"
    for element in list(source.element.body):
        if not element.tag.endswith("sectPr"):
            outer._tc.append(element)
    buffer = io.BytesIO()
    frame.save(buffer)
    blocks, _ = docx.read_blocks(buffer.getvalue())
    plain, _ = docx.read_blocks(to_docx(items)[0])
    assert grid(blocks) == ["正文", *grid(plain)]
    assert blocks[1].span.anchor == "table1:r1:c1:p2"
    assert [b.span.anchor for b in blocks if isinstance(b, TableBlock)] == [
        "table2", "table3", "table4"]


@pytest.mark.parametrize(("data", "says"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old binary Word (.doc)"),
    ("蓟州区官庄镇2024年政府信息公开工作年度报告".encode(), "not a zip archive"),
    (b"PK\x03\x04 broken", "not a zip archive"),
])
def test_a_file_that_is_not_a_docx_is_a_finding(data, says):
    blocks, problems = docx.read_blocks(data)
    assert blocks is None
    assert [p.code for p in problems] == ["RL030"]
    assert says in problems[0].args["problem"].en


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_without_a_word_document_or_with_a_broken_one_is_a_finding(word):
    blocks, problems = docx.read_blocks(_zip({"xl/workbook.xml": b"<workbook/>"}))
    assert (blocks, [p.code for p in problems]) == (None, ["RL030"])
    assert "word/document.xml" in problems[0].args["problem"].en
    with zipfile.ZipFile(io.BytesIO(word[0])) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = b"<w:document><unclosed"
    blocks, problems = docx.read_blocks(_zip(files))
    assert (blocks, [p.code for p in problems]) == (None, ["RL030"])
    assert "cannot be opened" in problems[0].args["problem"].en


def test_a_package_that_unpacks_too_large_is_refused(monkeypatch, word):
    monkeypatch.setattr(docx, "MAX_UNPACKED", 1000)
    blocks, problems = docx.read_blocks(word[0])
    assert blocks is None
    assert "unpacks to" in problems[0].args["problem"].en


@pytest.mark.parametrize("name", ["renamed.docx", "renamed.html"])
def test_a_renamed_non_docx_is_a_finding_not_a_crash(linter, name):
    data = b"PK\x03\x04 not really a zip" if name.endswith(".html") else b"plain words"
    findings = lint_bytes(linter, name, data)
    assert "RL099" not in {f.code for f in findings}
    if name.endswith(".docx"):
        assert [f.code for f in findings] == ["RL030"]
    else:
        assert {f.code for f in findings} == {"RL033", "RL030"}


def test_linting_structured_data_does_not_import_python_docx():
    import subprocess
    import sys

    code = ("import sys; from reportlint.engine import Linter; from reportlint.packs.load import "
            f"load_packs; linter = Linter(load_packs()); linter.lint(linter.load({str(EXAMPLE)!r})); "
            "print('docx' in sys.modules, 'lxml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_headings_numbered_by_word_read_with_their_numerals(items, word):
    numbered, _ = to_docx(items, numbered=True)
    import docx as python_docx

    texts = [p.text for p in python_docx.Document(io.BytesIO(numbered)).paragraphs]
    assert "总体情况" in texts and "一、总体情况" not in texts  # Word draws the numeral
    assert grid(docx.read_blocks(numbered)[0]) == grid(docx.read_blocks(word[0])[0])


@pytest.mark.parametrize(("fmt", "text", "numbers"), [
    ("chineseCounting", "%1、", ["一、", "二、", "十、", "十一、", "二十、"]),
    ("ideographTraditional", "(%1)", ["(甲)", "(乙)", "(癸)", "(11)", "(20)"]),
    ("decimal", "%1.", ["1.", "2.", "10.", "11.", "20."]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "⑩", "⑪", "⑳"]),
    ("bullet", "\uf0b7", ["", "", "", "", ""]),
])
def test_word_number_formats(fmt, text, numbers):
    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from reportlint.readers.docx_numbering import Numbering

    document_ = python_docx.Document()
    numbering = document_.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="907"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="907"/>'
                               "</w:num>"))
    paragraphs = []
    for _ in range(20):
        paragraph = document_.add_paragraph("项")
        paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 77
        paragraphs.append(paragraph._p)
    rendered = Numbering(document_)
    labels = [rendered.label(p) for p in paragraphs]
    assert [labels[i] for i in (0, 1, 9, 10, 19)] == numbers


def test_a_deeper_level_restarts_under_each_heading():
    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from reportlint.readers.docx_numbering import Numbering

    document_ = python_docx.Document()
    numbering = document_.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="908">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="88"><w:abstractNumId w:val="908"/>'
                               "</w:num>"))
    paragraphs = []
    for level in (0, 1, 1, 0, 1):
        paragraph = document_.add_paragraph("项")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = 88
        num_pr.get_or_add_ilvl().val = level
        paragraphs.append(paragraph._p)
    rendered = Numbering(document_)
    assert [rendered.label(p) for p in paragraphs] == ["一、", "(一)", "(二)", "二、", "(一)"]


def test_runs_in_smart_tags_insertions_and_fields_are_read_and_deleted_text_is_not():
    import docx as python_docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document_ = python_docx.Document()
    document_.element.body.insert(0, parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>统计期限自</w:t></w:r>"
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
        "<w:r><w:t>2024年1月1日</w:t></w:r></w:smartTag><w:r><w:t>起至</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>2024年12月31日</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>2023年</w:delText></w:r></w:del>'
        '<w:fldSimple w:instr="DATE"><w:r><w:t>止</w:t></w:r></w:fldSimple>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>。</w:t></w:r></w:p>"))
    buffer = io.BytesIO()
    document_.save(buffer)
    blocks, problems = docx.read_blocks(buffer.getvalue())
    assert (grid(blocks), problems) == (["统计期限自2024年1月1日起至2024年12月31日止。"], [])


@pytest.mark.parametrize("count", [210_000, 3_000_000])  # 1.3 and 18 MiB of <w:p/>
def test_a_text_part_of_too_many_elements_or_bytes_is_refused_unparsed(word, count):
    # Issue 12 (item 4): 60 MiB of <w:p/> in a 92 KB file took minutes and 3.4 GB.
    with zipfile.ZipFile(io.BytesIO(word[0])) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["word/document.xml"] = files["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * count, 1)
    blocks, problems = docx.read_blocks(_zip(files))
    assert (blocks, [p.code for p in problems]) == (None, ["RL030"])
    assert ("XML elements" if count < 1_000_000 else "unpacks to") in (
        problems[0].args["problem"].en)
