"""The web-text / PDF-text reader and the assembler, on the shared seed report and mutations."""

from __future__ import annotations

import pytest

from reportlint.engine import Linter
from reportlint.model import BLANK, NUMBER
from reportlint.packs.pack import PackSet
from reportlint.readers import read_report
from reportlint.readers.glued import split_glued
from reportlint.readers.text import to_blocks
from tests.helpers import CORPUS, EXAMPLE, codes, lint_file, lint_text, position_of
from tests.published_fixtures import EXAMPLE_DATA, TEXT_STYLES, render_text

SEED = CORPUS / "guanzhuang-2024.txt"
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="shared corpus not present")


def read(packs: PackSet, text: str, name: str = "report.txt"):
    return read_report(name, text.encode("utf-8"), packs)


@needs_seed
def test_seed_reads_title_sections_tables_and_contact(packs: PackSet) -> None:
    result = read(packs, SEED.read_text(encoding="utf-8"), str(SEED))
    report = result.report
    assert report is not None
    assert report.meta["title"].value == "蓟州区官庄镇2024年政府信息公开工作年度报告"
    assert report.meta["year"].value == 2024
    assert report.meta["organ"].value == "蓟州区官庄镇"
    assert [s.id for s in report.sections] == [
        "overview", "proactive", "requests", "appeals", "problems", "other"]
    assert set(report.tables) == {"table2", "table3", "table4"}
    assert report.section("requests").tables == ("table3",)
    penalty = report.tables["table2"].cell("penalty", "decisions")
    assert (penalty.kind, penalty.value, penalty.raw) == (NUMBER, 75, "75")
    text = SEED.read_text(encoding="utf-8")
    assert (penalty.span.line, penalty.span.column) == (position_of(text, "\n75 |")[0] + 1, 1)
    assert report.tables["table3"].cell("new", "total").value == 2
    assert len(report.tables["table4"].rows["cases"]) == 15
    assert report.contact["website"].value == "www.tjjz.gov.cn"
    assert "统计期限自2024年1月1日起至2024年12月31日止" in report.intro.value
    assert not [p for p in result.problems if p.code != "RL008"]


@needs_seed
def test_seed_has_no_error_finding(linter: Linter) -> None:
    findings = lint_file(linter, SEED)
    assert [f for f in findings if f.severity == "error"] == []


# --- the example report rendered in every published text style --------------------------------

def _numbers(report) -> dict[str, dict[str, list]]:
    return {t: {r: [c.value for c in cells.values()] for r, cells in table.rows.items()}
            for t, table in report.tables.items()}


@pytest.mark.parametrize("style", TEXT_STYLES)
def test_every_text_style_reads_the_example_tables(packs: PackSet, style: str) -> None:
    result = read(packs, render_text(packs, style))
    report = result.report
    assert report.meta["title"].value == EXAMPLE_DATA["meta"]["title"]
    assert report.meta["year"].value == 2024
    assert [s.id for s in report.sections] == [
        "overview", "proactive", "requests", "appeals", "problems", "other"]
    assert _numbers(report) == EXAMPLE_DATA["tables"]
    assert report.contact["website"].value == "www.yunxi.gov.cn"
    assert report.contact["postcode"].value == "617300"
    assert report.contact["phone"].value == "0813-5551234"
    assert report.contact["address"].value == "云溪县石桥镇人民路8号"
    allowed = {"RL014"} if style == "glued" else set()
    assert {p.code for p in result.problems} <= allowed


def test_a_published_report_keeps_the_path_it_was_read_from(packs: PackSet) -> None:
    # the sections' data paths once overwrote it: RL704 named last year's report "sections[5]"
    report = read(packs, render_text(packs, "pipe"), "reports/shiqiao-2023.txt").report
    assert report.path == "reports/shiqiao-2023.txt"
    assert [s.path for s in report.sections] == [f"sections[{i}]" for i in range(6)]


@pytest.mark.parametrize("style", TEXT_STYLES)
def test_every_text_style_gives_the_findings_of_the_structured_example(
        packs: PackSet, linter: Linter, style: str) -> None:
    findings = lint_text(linter, render_text(packs, style), "report.txt")
    assert [f.code for f in findings if not f.code.startswith("RL0")] == \
        codes(lint_file(linter, EXAMPLE))


def _cell_position(text: str, line_text: str, index: int) -> tuple[int, int]:
    """(line, column) of the index-th space-separated word on the line that is `line_text`."""
    line = text.split("\n").index(line_text) + 1
    column = 1
    words = line_text.split(" ")
    for word in words[:index]:
        column += len(word) + 1
    return line, column


@pytest.mark.parametrize("style", ("spaces", "pipe", "markdown"))
def test_broken_identity_is_reported_at_the_published_number(packs: PackSet, linter: Linter,
                                                             style: str) -> None:
    text = render_text(packs, style)
    old = next(line for line in text.split("\n") if line.strip("| ").startswith("(七)总计"))
    new = old[::-1].replace("2", "3", 1)[::-1]  # the 总计 column: 2 -> 3
    text = text.replace(old, new)
    findings = lint_text(linter, text, "report.txt")
    line = text.split("\n").index(new) + 1
    column = new.rindex("3") + 1
    for code in ("RL301", "RL302", "RL303"):
        assert (line, column, "tables.table3.outcome_total.total") in [
            (f.span.line, f.span.column, f.data_path) for f in findings if f.code == code], code


# --- honest failure: each RL011-RL022 code ----------------------------------------------------


def _problems(packs: PackSet, text: str) -> list[tuple[str, int, int, str]]:
    return [(p.code, p.span.line, p.span.column, p.data_path)
            for p in read(packs, text).problems]


def test_table_not_found_is_reported_at_its_section(packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    lines = text.split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况")
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    text = "\n".join([*lines[:start + 1], "本年度未收到申请，表格见附件。", *lines[end:]])
    found = [p for p in _problems(packs, text) if p[0] == "RL011"]
    assert found == [("RL011", start + 1, 1, "tables.table3")]
    assert "RL011" not in {p[0] for p in _problems(packs, render_text(packs, "spaces"))}


def test_missing_row_label_and_short_row_are_reported(packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    row = "2.重复申请 0 0 0 0 0 0 0"
    line = text.split("\n").index(row) + 1
    problems = _problems(packs, text.replace(row, "2.重复申请 0 0 0 0 0 0"))
    assert ("RL013", line, 8, "tables.table3.not_processed_repeat") in problems
    problems = _problems(packs, text.replace(row, "0 0 0 0 0 0 0"))
    assert [p[0] for p in problems if p[3] == "tables.table3.not_processed_repeat"] == ["RL012"]
    assert ("RL021", line, 1, "tables.table3.not_processed_complaint") in problems


def test_numbers_under_an_unknown_label_are_reported(packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    row = "2.重复申请 0 0 0 0 0 0 0"
    line = text.split("\n").index(row) + 1
    text = text.replace(row, row + "\n2a.重复提交 1 0 0 0 0 0 1")
    problems = _problems(packs, text)
    assert ("RL021", line + 1, 1, "tables.table3.not_processed_repeat") in problems


def test_glued_row_is_split_by_its_identity_or_reported(packs: PackSet) -> None:
    columns = ("natural", "business", "research", "public_interest", "legal_services", "other",
               "total")
    identity = [(["total"], list(columns[:6]))]
    assert split_glued(["640020470"], columns, identity)[0] == [
        ["64", "0", "0", "2", "0", "4", "70"]]
    assert len(split_glued(["220000022"], columns, identity)[0]) == 2
    text = render_text(packs, "glued")
    position = text.index("(一)予以公开") + len("(一)予以公开")
    assert text[position:position + 7] == "1000001"
    # one note for the table, at its first glued row, listing every row read by its split
    notes = [p for p in read(packs, text).problems if p.code == "RL014"]
    assert [n.data_path for n in notes] == ["tables.table2", "tables.table3", "tables.table4"]
    assert notes[1].span.column == text.index("一、本年新收政府信息公开申请数量") + len(
        "一、本年新收政府信息公开申请数量") + 1
    assert "「(一)予以公开」1000001→1/0/0/0/0/0/1" in notes[1].args["rows"].zh
    assert notes[1].args["count"] == 25  # every row of table 三 the example prints
    ambiguous = text[:position] + "220000022" + text[position + 7:]
    problems = _problems(packs, ambiguous)
    assert ("RL015", 1, position + 1, "tables.table3.granted") in problems
    assert "granted" not in read(packs, ambiguous).report.tables["table3"].rows


def test_unknown_numbered_heading_is_reported(packs: PackSet) -> None:
    text = render_text(packs, "spaces") + "七、附件说明\n附件略。\n"
    line = text.split("\n").index("七、附件说明") + 1
    problems = _problems(packs, text)
    assert ("RL016", line, 1, "sections[6]") in problems
    assert "RL016" not in {p[0] for p in _problems(packs, render_text(packs, "spaces"))}


def test_title_and_year_not_found(packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    title = EXAMPLE_DATA["meta"]["title"]
    untitled = text.replace(title + "\n", "", 1)
    problems = _problems(packs, untitled)
    assert ("RL017", 1, 1, "meta.title") in problems
    intro_line = untitled.split("\n")[0]
    column = intro_line.index("2024年1月1日") + 1
    assert ("RL018", 1, column, "meta.year") in problems
    assert read(packs, untitled).report.meta["year"].value == 2024
    no_year = untitled.replace("统计期限自2024年1月1日起至2024年12月31日止", "统计期限为本年度")
    assert ("RL019", 1, 1, "meta.year") in _problems(packs, no_year)
    assert not {"RL017", "RL018", "RL019"} & {p[0] for p in _problems(packs, text)}


def test_no_headings_at_all(packs: PackSet) -> None:
    text = "某镇2024年政府信息公开工作年度报告\n本年度未收到政府信息公开申请。\n"
    assert ("RL022", 2, 1, "sections") in _problems(packs, text)


def test_trial_format_table_is_reported_at_its_labels(packs: PackSet) -> None:
    text = render_text(packs, "pipe")
    trial = "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量"
    text = text.replace(next(line for line in text.split("\n")
                             if line.startswith("信息内容 | 本年制发件数")), trial)
    section = text.split("\n").index("二、主动公开政府信息情况") + 1
    problems = _problems(packs, text)
    assert ("RL020", section, 13, "tables.table2") in problems
    assert "table2" not in read(packs, text).report.tables


def test_blank_and_placeholder_cells_stay_distinct_from_zero(packs: PackSet) -> None:
    text = render_text(packs, "pipe")
    row = "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0"
    report = read(packs, text.replace(row, "2.重复申请 | / |  | 0 | 0 | 0 | 0 | ")).report
    cells = report.tables["table3"].rows["not_processed_repeat"]
    assert [(c.kind, c.value) for c in cells.values()][:3] == [
        ("placeholder", None), (BLANK, None), (NUMBER, 0)]
    assert (cells["total"].kind, cells["total"].value) == (BLANK, None)


def test_pdf_text_joins_wrapped_lines_and_drops_page_numbers() -> None:
    blocks = to_blocks("-1 -\n本报告所列数据统计期限自 2023年 1月 1日\n"
                       "起至 2023年 12月 31日止。\n-2 -\n")
    assert len(blocks) == 1
    assert blocks[0].text == "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。"
    text = blocks[0].as_text("intro")
    at = blocks[0].text.index("起至")
    assert (text.locate(at).line, text.locate(at).column) == (3, 1)


def test_unknown_extension_is_sniffed(linter: Linter, packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    assert read(packs, text, "report.htm.bak").report is not None
    assert [f.code for f in lint_text(linter, "\x00\x01\x02", "notes.bak")] == ["RL006"]
    assert [f.code for f in lint_text(linter, "hello", "notes.bak")] == ["RL040"]  # read as text


def test_long_glued_string_is_not_tried_but_reported() -> None:
    columns = [f"c{i}" for i in range(15)]
    candidates, total = split_glued(["1" * 40], columns, [])
    assert candidates == [] and total > 200_000


@needs_seed
def test_gb18030_text_reads_the_same_tables(packs: PackSet) -> None:
    text = SEED.read_text(encoding="utf-8")
    utf8 = read_report("seed.txt", text.encode("utf-8"), packs)
    gbk = read_report("seed.txt", text.encode("gb18030"), packs)
    assert [p.code for p in gbk.problems] == ["RL008"]
    assert _numbers(gbk.report) == _numbers(utf8.report)


def test_pdf_text_without_page_numbers_is_recognised_by_its_wrapping(packs: PackSet) -> None:
    text = "\n".join(line for line in render_text(packs, "pdf").split("\n")
                     if not line.startswith("-"))
    result = read(packs, text)
    assert "统计期限自2024年1月1日起至2024年12月31日止" in result.report.intro.value
    assert _numbers(result.report) == EXAMPLE_DATA["tables"]
    # web text with whole paragraphs per line is not taken for PDF text
    assert len(to_blocks(render_text(packs, "spaces"))) == len(
        [line for line in render_text(packs, "spaces").split("\n") if line.strip()])


def test_unknown_numbered_row_is_not_taken_by_the_subtotal_before_it(packs: PackSet) -> None:
    text = render_text(packs, "spaces")
    row = "1.属于国家秘密 0 0 0 0 0 0 0"
    line = text.split("\n").index(row) + 1
    text = text.replace(row, "(三)不予公开\n1.属于国家机密 0 0 0 0 0 0 0")
    result = read(packs, text)
    assert "withheld" not in result.report.tables["table3"].rows
    problems = [(p.code, p.span.line, p.span.column, p.data_path) for p in result.problems]
    column = len("1.属于国家机密 ") + 1  # at the numbers without a known row
    assert ("RL021", line + 1, column, "tables.table3.withheld") in problems
    assert "tables.table3.withheld_secret" in {p[3] for p in problems if p[0] == "RL012"}


def test_outcome_total_is_checked_against_the_old_single_other_handling_row(
        linter: Linter, example_text: str) -> None:
    old = "\n".join(line for line in example_text.split("\n")
                    if not line.lstrip().startswith(("other_no_correction:", "other_unpaid_fee:",
                                                     "other_other:")))
    single = old.replace("    outcome_total:", "    other_handling: [1, 0, 0, 0, 0, 0, 1]\n"
                                             "    outcome_total:", 1)
    findings = lint_text(linter, single)
    line, column = position_of(single, "[2, 0, 0, 0, 0, 0, 2]", 2)  # (七)总计
    assert (line, column + 1, "tables.table3.outcome_total.natural") in [
        (f.span.line, f.span.column, f.data_path) for f in findings if f.code == "RL302"]
    correct = old.replace("    outcome_total:", "    other_handling: [0, 0, 0, 0, 0, 0, 0]\n"
                                              "    outcome_total:", 1)
    assert "RL302" not in codes(lint_text(linter, correct))


def test_empty_cells_closing_a_pipe_row_are_layout_not_extra_values(packs: PackSet,
                                                                   linter: Linter) -> None:
    """Pages pad `|`-joined rows to the table's width ("规章 | 0 | 0 | 0 | |"); a value past
    the columns is still reported."""
    lines = render_text(packs, "pipe").split("\n")
    padded = [line + " | |" if line.startswith(("规章 |", "一、本年新收")) else line
              for line in lines]
    assert [f.code for f in lint_text(linter, "\n".join(padded), "report.txt")
            if not f.code.startswith("RL0")] == codes(lint_file(linter, EXAMPLE))
    extra = [line + " | 7 |" if line.startswith("规章 |") else line for line in lines]
    findings = lint_text(linter, "\n".join(extra), "report.txt")
    assert [f.code for f in findings if f.code == "RL318"] == ["RL318"]
    assert "「7」" in next(f for f in findings if f.code == "RL318").message
