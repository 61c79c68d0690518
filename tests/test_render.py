"""`reportlint render`: the report printed from its data in the national format of its pack,
with the layout as pack data (a new pack renders without new code), as a self-contained,
accessible web page, a Word document set as offices set it, and GitHub-flavoured Markdown."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from reportlint.layout import LayoutError
from reportlint.packs.load import PackError, load_packs, load_template
from reportlint.writers import render
from reportlint.writers.document import build
from tests.helpers import EXAMPLE, FIXTURES, ROOT, run_cli
from tests.published_fixtures import mutate_yaml, structured_report

TRIAL = FIXTURES / "yunxi-office-2020.yaml"


@pytest.fixture(scope="module")
def example(packs):
    return structured_report(EXAMPLE, packs)


def with_cells(report, changes: dict[tuple[str, str, str], str], packs):
    """The example's YAML text with cells replaced."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for (table, row, column), value in changes.items():
        text = mutate_yaml(text, report.template, table, row, column, value)
    return text


# --- the layout is pack data --------------------------------------------------------------------


def test_table3_prints_the_merged_header_and_grouped_rows_of_the_national_template(example):
    grid = next(g for part in build(example).parts for g in part.grids if g.id == "table3")
    head = [[(c.text, c.rows, c.cols) for c in row] for row in grid.head]
    assert head[0][1] == ("申请人情况", 1, 7)
    assert head[1] == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert [c.text for c in grid.head[2]] == ["商业企业", "科研机构", "社会公益组织",
                                              "法律服务机构", "其他"]
    labels = [[(c.text, c.rows, c.cols) for c in row if c.kind != "data"] for row in grid.body]
    assert labels[0] == [("一、本年新收政府信息公开申请数量", 1, 3)]
    assert labels[2] == [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
    assert labels[4] == [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
    assert labels[6] == [("3.危及“三安全一稳定”", 1, 1)]
    assert labels[-1] == [("四、结转下年度继续办理", 1, 3)]
    assert len(grid.body) == 25 and grid.width == 10


def test_table2_prints_its_blocks_and_table4_its_three_header_rows(example):
    grids = {g.id: g for part in build(example).parts for g in part.grids}
    table2 = [[(c.kind, c.text, c.cols) for c in row] for row in grids["table2"].body]
    assert table2[0] == [("caption", "第二十条第（一）项", 4)]
    assert table2[5] == [("head", "信息内容", 1), ("head", "本年处理决定数量", 3)]
    assert table2[6] == [("label", "行政许可", 1), ("data", "0", 3)]
    assert table2[-1] == [("label", "行政事业性收费", 1), ("data", "0", 3)]
    assert grids["table2"].head == ()
    table4 = grids["table4"]
    assert [len(row) for row in table4.head] == [2, 7, 10]
    assert [c.kind for c in table4.body[0]] == ["data"] * 15


def test_a_blank_cell_prints_blank_and_a_placeholder_as_published(packs, example):
    from reportlint.readers import read_report

    text = with_cells(example, {("table3", "new", "business"): "~",
                                ("table2", "regulations", "issued"): '"/"',
                                ("table2", "fees", "amount"): "1.50"}, packs)
    report = read_report("r.yaml", text.encode(), packs).report
    cells = {c.path: c.text for part in build(report).parts for g in part.grids
             for row in g.body for c in row if c.path}
    assert cells["tables.table3.new.business"] == ""
    assert cells["tables.table2.regulations.issued"] == "/"
    assert cells["tables.table2.fees.amount"] == "1.50"
    page = render(report, "html").decode()
    assert "<td></td>" in page and "<td>/</td>" in page


def test_the_trial_pack_renders_its_own_tables(packs):
    report = structured_report(TRIAL, packs)
    assert report.template.id == "annual-2019-trial"
    grids = {g.id: g for part in build(report).parts for g in part.grids}
    captions = [row[0].text for row in grids["table2"].body if row[0].kind == "caption"]
    assert captions[-1] == "第二十条第（九）项"
    heads = [c.text for row in grids["table2"].body for c in row if c.kind == "head"]
    assert "本年新制作数量" in heads and "采购总金额" in heads and "本年制发件数" not in heads
    labels = [c.text for row in grids["table3"].body for c in row if c.kind == "label"]
    assert "（六）其他处理" in labels and "3.其他" not in labels


def _new_pack(tmp_path):
    """A pack of a new report kind: one table whose layout the template does not give."""
    shutil.copytree(ROOT / "rules" / "core", tmp_path / "core")
    folder = tmp_path / "county-budget"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "id: county-budget\nname: {zh: 县级预算公开报告}\nextends: [core]\n"
        "template: template.yaml\napplies: {template: [county-budget]}\n", encoding="utf-8")
    (folder / "template.yaml").write_text("""
id: county-budget
name: {zh: 预算公开}
sections:
  - {id: overview, numeral: 一, title: {zh: 总体情况}}
  - {id: figures, numeral: 二, title: {zh: 预算数据}}
tables:
  - id: budget
    section: figures
    title: {zh: 预算数据}
    columns:
      - {id: planned, label: 预算数, group: 本年}
      - {id: spent, label: 执行数, group: 本年}
      - {id: note, label: 备注}
    rows:
      - {id: general, label: 一般公共预算}
      - {id: funds, label: 政府性基金预算}
""", encoding="utf-8")
    return tmp_path


def test_a_new_pack_renders_without_new_code(tmp_path):
    packs = load_packs([_new_pack(tmp_path)])
    data = """meta: {title: 云溪县2024年预算公开报告, year: 2024, template: county-budget}
sections:
  - {title: 一、总体情况, text: 全年预算执行平稳。}
  - {title: 二、预算数据, text: ~}
tables:
  budget: {general: [120, 118, 无], funds: [30, ~, "/"]}
"""
    from reportlint.readers import read_report

    report = read_report("b.yaml", data.encode(), packs).report
    grid = build(report).parts[1].grids[0]
    assert [[(c.text, c.rows, c.cols) for c in row] for row in grid.head] == [
        [("", 2, 1), ("本年", 1, 2), ("备注", 2, 1)], [("预算数", 1, 1), ("执行数", 1, 1)]]
    assert [[c.text for c in row] for row in grid.body] == [
        ["一般公共预算", "120", "118", "无"], ["政府性基金预算", "30", "", "/"]]
    for form in ("html", "docx", "md"):
        back = read_report(f"b.{form}", render(report, form), packs).report
        assert {r: {c: cell.raw for c, cell in cells.items()}
                for r, cells in back.tables["budget"].rows.items()} == {
            "general": {"planned": "120", "spent": "118", "note": "无"},
            "funds": {"planned": "30", "spent": "", "note": "/"}}, form


@pytest.mark.parametrize(("layout", "problem"), [
    ("{stub: 1, body: [general]}", "rows ['funds'] are not laid out"),
    ("{stub: 1, body: [general, funds, general]}", "laid out twice"),
    ("{stub: 1, body: [general, nothing, funds]}", "unknown row 'nothing'"),
    ("{stub: 1, head: [[x, {column: planned, cols: 2}]], body: [general, funds]}",
     "fills columns [0, 1, 2], not the 4"),
    ("{stub: 0, body: [general, funds]}", "cannot be told apart"),
])
def test_a_bad_layout_is_an_error_when_the_pack_loads(tmp_path, layout, problem):
    template = _new_pack(tmp_path) / "county-budget" / "template.yaml"
    template.write_text(template.read_text(encoding="utf-8")
                        + f"render:\n  tables:\n    budget: {layout}\n", encoding="utf-8")
    with pytest.raises(PackError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        load_template(template)
    assert issubclass(LayoutError, ValueError)


# --- the forms ----------------------------------------------------------------------------------


def test_the_page_is_self_contained_print_ready_and_accessible(example):
    page = render(example, "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "@page { size: A4" in page and "break-inside: avoid" in page
    assert '<table class="table3" aria-labelledby="part-3">' in page
    assert '<th scope="colgroup" colspan="7">申请人情况</th>' in page
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in page
    assert '<th scope="col" rowspan="2">自然人</th>' in page
    assert page.count("<thead>") == 2  # 表三 and 表四 repeat their header on every page


def test_markup_in_the_data_is_printed_as_text(packs):
    from reportlint.readers import read_report

    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "依据《政府信息公开信息处理费管理办法》", "依据<b>《政府信息公开信息处理费管理办法》</b>&amp;")
    report = read_report("r.yaml", text.encode(), packs).report
    page = render(report, "html").decode()
    assert "&lt;b&gt;《政府信息公开信息处理费管理办法》&lt;/b&gt;&amp;amp;" in page
    back = read_report("r.html", page.encode(), packs).report
    assert "<b>《政府信息公开信息处理费管理办法》</b>&amp;" in back.section("other").body.value


def test_the_word_document_has_merged_cells_borders_office_styles_and_page_numbers(example):
    import docx

    data = render(example, "docx")
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs}
    assert {"报告标题", "一级标题", "报告正文", "落款"} <= styles
    fonts = {name: document.styles[name].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        for name in ("报告标题", "一级标题", "报告正文", "表格文字")}
    assert fonts == {"报告标题": "方正小标宋简体", "一级标题": "黑体", "报告正文": "仿宋_GB2312",
                     "表格文字": "仿宋_GB2312"}
    table3 = document.tables[1]
    xml = table3._tbl.xml
    assert 'w:gridSpan w:val="7"' in xml and 'w:vMerge w:val="restart"' in xml
    assert "<w:tblBorders>" in xml and "<w:tblHeader/>" in xml and "<w:cantSplit/>" in xml
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_word_document_is_the_same_bytes_every_time(example):
    first = render(example, "docx")
    assert render(example, "docx") == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "2024-12-31" in core


def test_markdown_is_gfm_with_one_label_column(example):
    text = render(example, "md").decode()
    assert text.startswith("# 云溪县石桥镇2024年政府信息公开工作年度报告\n")
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in text
    assert "| （三）不予公开 |\n| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| 申请人情况/自然人 |" not in text and "| 法人或其他组织/商业企业 |" in text
    assert "| 行政诉讼/复议后起诉/总计 |" in text


def test_the_closing_prints_what_the_prose_does_not_say_and_the_signature(example):
    document = build(example)
    # the website is in the intro already; address, postcode and phone are not
    assert document.closing == ("地址：云溪县石桥镇人民路8号", "邮政编码：617300",
                                "联系电话：0813-5551234")
    assert document.signature == ("云溪县石桥镇人民政府", "2025年1月20日")


# --- the command --------------------------------------------------------------------------------


def test_render_writes_the_form_named_by_the_output(tmp_path, capsys):
    for suffix in ("html", "docx", "md"):
        target = tmp_path / f"report.{suffix}"
        code, _, err = run_cli(capsys, "render", str(EXAMPLE), "-o", str(target), "--isolated")
        assert code == 0 and target.is_file(), err
    assert zipfile.is_zipfile(tmp_path / "report.docx")


def test_render_refuses_to_overwrite_its_source_or_guess_the_form(tmp_path, capsys):
    source = tmp_path / "report.yaml"
    shutil.copy(EXAMPLE, source)
    before = source.read_bytes()
    code, _, err = run_cli(capsys, "render", str(source), "--to", "md", "-o", str(source))
    assert code == 2 and "over its source" in err and source.read_bytes() == before
    code, _, err = run_cli(capsys, "render", str(source), "-o", str(tmp_path / "report.pdf"))
    assert code == 2 and "--to html|docx|md" in err


def test_render_check_refuses_to_write_when_findings_reach_fail_on(tmp_path, capsys):
    source = tmp_path / "report.yaml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "new:                          [2, 0, 0, 0, 0, 0, 2]",
        "new:                          [3, 0, 0, 0, 0, 0, 2]"), encoding="utf-8")
    target = tmp_path / "report.html"
    code, _, err = run_cli(capsys, "render", str(source), "-o", str(target), "--check")
    assert code == 1 and not target.exists()
    assert "RL303" in err and "not rendered" in err
    # without --check the draft renders; with --fail-on never it renders after the check
    assert run_cli(capsys, "render", str(source), "-o", str(target))[0] == 0
    target.unlink()
    code, _, err = run_cli(capsys, "render", str(source), "-o", str(target), "--check",
                           "--fail-on", "never")
    assert code == 0 and target.is_file() and "RL303" in err


def test_render_check_of_a_clean_report_writes_it(tmp_path, capsys):
    target = tmp_path / "out.md"
    code, _, err = run_cli(capsys, "render", str(EXAMPLE), "--check", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# 云溪县"), err


def test_render_of_an_unreadable_report_says_why_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "broken.yaml"
    source.write_text("meta: {title: [unclosed\n", encoding="utf-8")
    target = tmp_path / "out.html"
    code, _, err = run_cli(capsys, "render", str(source), "-o", str(target))
    assert code == 2 and "RL002" in err and not target.exists()
