"""Real layouts of published tables read without a false finding (issue: trust on real reports).

Each layout was seen in real reports and gave false findings; each fixture here is fictional:
the bundled example (石桥镇) laid out that way, or a report of our own in tests/fixtures/published/.
"""

from __future__ import annotations

import pytest
import yaml

from reportlint.packs.pack import PackSet
from reportlint.readers import read_report
from tests.helpers import EXAMPLE, ROOT, codes, lint_bytes, lint_file
from tests.published_fixtures import (
    document,
    render_text,
    structured_report,
    to_docx,
    to_html,
    unmerged,
)

FIXTURES = ROOT / "tests" / "fixtures" / "published"
EXAMPLE_TABLES = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["tables"]


def numbers(report) -> dict[str, dict[str, list]]:
    return {t: {r: [c.value for c in cells.values()] for r, cells in table.rows.items()}
            for t, table in report.tables.items()}


def read(packs: PackSet, text: str | bytes, name: str = "report.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_report(name, data, packs)


# --- prose is never a table -------------------------------------------------------------------

def test_numbers_in_a_sentence_are_not_rows_where_a_table_is_missing(packs, linter) -> None:
    # table 二 published as a picture: its section has only prose with the rows' names
    text = render_text(packs, "pipe")
    head, rest = text.split("二、主动公开政府信息情况\n")
    tail = rest.split("三、收到和处理政府信息公开申请情况\n", 1)[1]
    text = (head + "二、主动公开政府信息情况\n"
            "全年新制定规章0件、行政规范性文件312件，行政许可处理决定数量320项，"
            "通过门户网站发布各类信息312条。\n三、收到和处理政府信息公开申请情况\n" + tail)
    result = read(packs, text)
    assert "table2" not in result.report.tables
    assert [p.code for p in result.problems] == ["RL011"]  # not found: said once
    assert codes(lint_bytes(linter, "report.txt", text.encode())) == ["RL011"]


def test_a_sentence_before_the_table_is_not_its_first_row(packs, linter) -> None:
    # the heading misspelt, so the table is looked for between 二 and 四, prose included
    text = render_text(packs, "pipe").replace(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申清情况\n本年新收政府信息公开申请数量2件，其中予以公开1件、"
        "不予公开1件，另有结转下年度继续办理的申请0件。\n")
    result = read(packs, text)
    assert numbers(result.report)["table3"] == EXAMPLE_TABLES["table3"]
    assert codes(lint_bytes(linter, "report.txt", text.encode())) == ["RL016"]


def test_numbers_after_the_last_row_in_a_sentence_belong_to_no_row(packs, linter) -> None:
    text = render_text(packs, "pipe").replace(
        "四、政府信息公开行政复议、行政诉讼情况\n",
        "全年行政许可处理决定数量320项，通过门户网站发布各类信息312条，截至2024年12月31日，"
        "无结转申请。\n四、政府信息公开行政复议、行政诉讼情况\n", 1)
    assert codes(lint_bytes(linter, "report.txt", text.encode())) == []


# --- text layouts -----------------------------------------------------------------------------

def separator_lines(text: str) -> str:
    """Every `|`-joined row as one cell per line, a line holding only `|` between cells."""
    lines = []
    for line in text.split("\n"):
        if " | " not in line:
            lines.append(line)
            continue
        for index, cell in enumerate(line.split(" | ")):
            lines += ["|", cell] if index else [cell]
    return "\n".join(lines)


def test_a_lone_bar_between_cells_on_their_own_lines_separates_them(packs, linter) -> None:
    text = separator_lines(render_text(packs, "pipe"))
    assert "规章\n|\n0\n|\n0\n|\n0\n" in text
    result = read(packs, text)
    assert numbers(result.report) == EXAMPLE_TABLES
    assert result.problems == []
    # two marks in a row: the cell between them was left blank
    blank = text.replace("规章\n|\n0\n|\n0\n|\n0\n", "规章\n|\n0\n|\n|\n0\n", 1)
    findings = lint_bytes(linter, "report.txt", blank.encode())
    assert [(f.code, f.data_path) for f in findings] == [
        ("RL311", "tables.table2.regulations")]


def column_header_layout(text: str, markdown: bool) -> str:
    """Table 三 as a wiki page converts it: a header "类别 | 数据 | … | 总计", and each row's
    label on a line of its own (spread over empty cells) above its numbers."""
    lines = text.split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况") + 1
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    header = ["类别", *["数据"] * 6, "总计"]
    table = [f"| {' | '.join(header)} |", "|---" * len(header) + "|"] if markdown \
        else [" | ".join(header)]
    for line in lines[start + 1:end]:  # after the printed header row
        label, *cells = line.split(" | ")
        if markdown:
            table += [f"| {label} |" + "  |" * 7, f"| {' | '.join(cells)} |  |"]
        else:
            table += [f"{label} |" + " |" * 6, " | ".join(cells)]
    return "\n".join([*lines[:start], *table, *lines[end:]])


@pytest.mark.parametrize("markdown", [False, True], ids=["pipes", "markdown"])
def test_a_column_header_layout_reads_labels_above_their_numbers(packs, linter,
                                                                  markdown) -> None:
    text = column_header_layout(render_text(packs, "pipe"), markdown)
    assert "类别 | 数据 | 数据" in text
    result = read(packs, text)
    assert numbers(result.report)["table3"] == EXAMPLE_TABLES["table3"]
    assert result.problems == []
    assert codes(lint_bytes(linter, "report.txt", text.encode())) == []


PDF = FIXTURES / "tongchuan-ziranziyuan-2024-pdf.txt"


def test_pdf_text_with_wrapped_and_interleaved_labels_reads_every_row(packs, linter) -> None:
    """Labels wrapped over lines, the group labels ((三)不予公开, (四)无法提供, …) and the
    vertical 本年度办理结果 interleaved with the rows, a running page header with the year."""
    result = read(packs, PDF.read_bytes(), str(PDF))
    table3 = numbers(result.report)["table3"]
    assert table3["partly_granted"] == [2, 0, 0, 0, 0, 0, 2]
    assert table3["withheld_secret"] == [0] * 7
    assert table3["unavailable_not_held"] == [1, 1, 0, 0, 0, 0, 2]  # label around (四)无法
    assert table3["other_no_correction"] == [0] * 7  # label around (六)其他处理
    assert table3["other_unpaid_fee"] == [0] * 7
    assert len(table3) == 25  # every row but the four group subtotals, which print no numbers
    assert result.problems == []
    assert lint_file(linter, PDF) == []


# --- Word and HTML tables whose label cells were not merged -----------------------------------

@pytest.fixture(scope="module")
def unmerged_items(packs):
    items = document(structured_report(EXAMPLE, packs))
    for item in items:
        if item.kind == "table":
            item.rows = unmerged(item.rows)
    return items


@pytest.mark.parametrize("form", ["html", "docx"])
def test_unmerged_label_cells_do_not_shift_the_columns(packs, linter, unmerged_items,
                                                       form: str) -> None:
    data = to_html(unmerged_items)[0] if form == "html" else to_docx(unmerged_items)[0]
    # the row label, then the empty cells the template would have merged into it
    result = read(packs, data, f"report.{form}")
    assert numbers(result.report) == EXAMPLE_TABLES
    assert result.problems == []
    assert lint_bytes(linter, f"report.{form}", data) == []
