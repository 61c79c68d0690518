"""The same report as web text, structured data, HTML and DOCX gives the same findings, and a
broken identity is reported at the cell's place in each form (HTML line/column, DOCX anchor)."""

from __future__ import annotations

import pytest

from reportlint.readers import read_report
from tests.helpers import CORPUS, EXAMPLE, lint_bytes, lint_file
from tests.published_fixtures import document, mutate_yaml, structured_report, to_docx, to_html

pytest.importorskip("reportlint.readers.assemble")

GUANZHUANG = CORPUS / "guanzhuang-2024.txt"
# Notes about the file itself, which differ between forms of the same report by design.
FORM_NOTES = {"RL008", "RL031", "RL032", "RL033"}


def keyed(findings):
    return sorted((f.code, f.data_path) for f in findings if f.code not in FORM_NOTES)


def key_of(data_path: str) -> tuple[str, str, str]:
    _, table, row, column = data_path.split(".")
    return table, row, column


@pytest.fixture(scope="module")
def example(packs):
    return structured_report(EXAMPLE, packs)


@pytest.fixture(scope="module")
def guanzhuang(packs):
    result = read_report(str(GUANZHUANG), GUANZHUANG.read_bytes(), packs)
    assert result.report is not None, result.problems
    return result.report


def lint_forms(linter, report, changes=None, stem="report"):
    items = document(report, changes)
    page, lines = to_html(items)
    word, anchors = to_docx(items)
    return ((lint_bytes(linter, f"{stem}.html", page), lines),
            (lint_bytes(linter, f"{stem}.docx", word), anchors))


def test_guanzhuang_as_html_and_docx_gives_the_findings_of_its_web_text(linter, guanzhuang):
    text = lint_file(linter, GUANZHUANG)
    assert not [f for f in text if f.severity == "error"]
    (page, _), (word, _) = lint_forms(linter, guanzhuang, stem="guanzhuang-2024")
    assert keyed(page) == keyed(text)
    assert keyed(word) == keyed(text)


def test_guanzhuang_tables_hold_the_published_numbers_in_every_form(packs, guanzhuang):
    items = document(guanzhuang)
    for name, data in (("g.html", to_html(items)[0]), ("g.docx", to_docx(items)[0])):
        report = read_report(name, data, packs).report
        assert {t: {r: {c: (cell.kind, cell.raw) for c, cell in cells.items()}
                    for r, cells in table.rows.items()} for t, table in report.tables.items()} == {
            t: {r: {c: (cell.kind, cell.raw) for c, cell in cells.items()}
                for r, cells in table.rows.items()} for t, table in guanzhuang.tables.items()}


@pytest.mark.parametrize("change", [None, ("table3", "new", "natural", "3"),
                                    ("table4", "cases", "review_upheld", "1"),
                                    ("table2", "normative_documents", "issued", "2")])
def test_the_example_as_html_and_docx_gives_the_findings_of_its_structured_data(
        linter, example, example_text, change):
    changes, text = {}, example_text
    if change is not None:
        table, row, column, value = change
        changes = {(table, row, column): value}
        text = mutate_yaml(text, example.template, table, row, column, value)
    structured = lint_bytes(linter, "shiqiao-2024.yaml", text.encode())
    assert bool(structured) is (change is not None)
    (page, _), (word, _) = lint_forms(linter, example, changes, stem="shiqiao-2024")
    assert keyed(page) == keyed(structured)
    assert keyed(word) == keyed(structured)


@pytest.mark.parametrize(("change", "code", "at"), [
    # 自然人 of 本年新收 raised: the row total no longer adds up, nor does the 自然人 column
    (("table3", "new", "natural", "3"), "RL303", "tables.table3.new.total"),
    (("table3", "new", "natural", "3"), "RL301", "tables.table3.outcome_total.natural"),
    # 行政复议 结果维持 raised: its 总计 is now wrong
    (("table4", "cases", "review_upheld", "1"), "RL304", "tables.table4.cases.review_total"),
])
@pytest.mark.parametrize("source", ["example", "guanzhuang"])
def test_a_broken_identity_is_reported_at_the_cell_in_each_form(linter, request, source, change,
                                                                 code, at):
    report = request.getfixturevalue(source)
    table, row, column, text = change
    (page, lines), (word, anchors) = lint_forms(linter, report, {(table, row, column): text})
    found = [f for f in page if f.code == code and f.data_path == at]
    assert [(f.span.line, f.span.column) for f in found] == [lines[key_of(at)]]
    found = [f for f in word if f.code == code and f.data_path == at]
    assert [(f.span.line, f.span.anchor) for f in found] == [(0, anchors[key_of(at)])]
    assert found[0].location == f"report.docx:{anchors[key_of(at)]}"
    assert {f.code for f in page if f.code.startswith("RL3")} == {
        f.code for f in word if f.code.startswith("RL3")}


def test_clean_forms_do_not_report_that_identity(linter, guanzhuang):
    (page, _), (word, _) = lint_forms(linter, guanzhuang)
    assert not [f for f in page + word if f.code in ("RL301", "RL303", "RL304")]


@pytest.mark.parametrize("charset", [None, "gb2312"])
def test_gbk_pages_give_the_findings_of_the_utf8_page(linter, guanzhuang, charset):
    items = document(guanzhuang)
    utf8 = lint_bytes(linter, "g.html", to_html(items, charset=charset and "utf-8")[0])
    gbk = lint_bytes(linter, "g.html", to_html(items, encoding="gb18030", charset=charset)[0])
    assert [(f.code, f.data_path, f.span) for f in gbk if f.code != "RL008"] == [
        (f.code, f.data_path, f.span) for f in utf8]
    assert ("RL008" in {f.code for f in gbk}) is (charset is None)


def test_a_page_framed_by_a_layout_table_gives_the_same_findings(linter, guanzhuang):
    items = document(guanzhuang)
    plain = lint_bytes(linter, "g.html", to_html(items)[0])
    framed = lint_bytes(linter, "g.html", to_html(items, layout=True)[0])
    assert keyed(framed) == keyed(plain)


def test_a_page_saved_as_text_is_read_as_html(linter, guanzhuang):
    page = to_html(document(guanzhuang))[0]
    as_text = lint_bytes(linter, "g.txt", page)
    assert [f.code for f in as_text if f.code == "RL033"] == ["RL033"]
    assert keyed(as_text) == keyed(lint_bytes(linter, "g.html", page))


def test_a_document_without_tables_says_so(linter):
    import io

    import docx

    word = docx.Document()
    word.add_paragraph("某镇2024年政府信息公开工作年度报告")
    buffer = io.BytesIO()
    word.save(buffer)
    for name, data in (("a.docx", buffer.getvalue()),
                       ("a.html", "<p>某镇2024年政府信息公开工作年度报告</p>".encode())):
        assert "RL032" in {f.code for f in lint_bytes(linter, name, data)}


def test_a_phrase_in_a_docx_section_is_placed_in_its_own_paragraph(packs, guanzhuang):
    import io

    import docx

    word = to_docx(document(guanzhuang))[0]
    ordinal = next(n for n, p in enumerate(docx.Document(io.BytesIO(word)).paragraphs, 1)
                   if p.text.startswith("(五)"))
    report = read_report("g.docx", word, packs).report
    body = report.section("overview").body
    assert body.span.anchor != f"p{ordinal}"  # the section starts paragraphs earlier
    span = body.locate(body.value.index("(五)监督保障情况"))
    assert (span.line, span.anchor) == (0, f"p{ordinal}")
    html_report = read_report("g.html", to_html(document(guanzhuang))[0], packs).report
    html_body = html_report.section("overview").body
    assert html_body.locate(html_body.value.index("(五)")).anchor == ""


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_importing_a_page_or_word_file_gives_yaml_with_the_same_findings_and_places(
        linter, packs, guanzhuang, tmp_path, suffix):
    import yaml

    from reportlint.importer import import_file

    items = document(guanzhuang, {("table3", "new", "natural"): "3"})
    data, places = to_html(items) if suffix == ".html" else to_docx(items)
    source = tmp_path / f"guanzhuang{suffix}"
    source.write_bytes(data)
    text, _ = import_file(str(source), packs)
    imported = lint_bytes(linter, "guanzhuang.yaml", text.encode())
    assert keyed(imported) == keyed(lint_file(linter, source))
    assert "RL303" in {f.code for f in imported}
    positions = yaml.safe_load(text)["source"]["positions"]
    place = places[("table3", "new", "natural")]
    assert positions["tables.table3.new.natural"] == (
        f"{place[0]}:{place[1]}" if suffix == ".html" else place)


# A row the text could not read (RL013 glued cells that do not split, RL015 several splits)
# is absent from the model, so the page built from the model lacks it (RL012): one finding.
ROW_ABSENT = {"RL012": "row-absent", "RL013": "row-absent", "RL015": "row-absent"}
# RL014 says how glued digits were split: a note about the text, like the encoding notes.
TEXT_NOTES = FORM_NOTES | {"RL014"}


def complete_reports():
    return sorted([*CORPUS.glob("full/*.txt"), *CORPUS.glob("*.txt")])


def by_meaning(findings):
    # a run of absent rows is one RL012 naming the others (related): each row counts
    return sorted((ROW_ABSENT.get(f.code, f.code), path) for f in findings
                  for path in (f.data_path, *(f.related if f.code == "RL012" else ()))
                  if f.code not in TEXT_NOTES)


@pytest.mark.parametrize("path", complete_reports(), ids=lambda p: p.name)
def test_every_complete_corpus_report_as_html_and_docx_gives_its_findings(linter, packs, path):
    report = read_report(str(path), path.read_bytes(), packs).report
    items = document(report)
    text = by_meaning(lint_file(linter, path))
    assert by_meaning(lint_bytes(linter, f"{path.stem}.html", to_html(items)[0])) == text
    assert by_meaning(lint_bytes(linter, f"{path.stem}.docx", to_docx(items)[0])) == text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("partial/*.txt")), ids=lambda p: p.name)
def test_cut_off_corpus_reports_as_html_and_docx_are_read_without_a_crash(linter, packs, path):
    report = read_report(str(path), path.read_bytes(), packs).report
    items = document(report)
    for name, data in ((f"{path.stem}.html", to_html(items)[0]),
                       (f"{path.stem}.docx", to_docx(items)[0])):
        findings = lint_bytes(linter, name, data)
        assert "RL099" not in {f.code for f in findings}
        assert {f.code for f in findings if f.code.startswith("RL3")} <= {
            f.code for f in lint_file(linter, path)}
