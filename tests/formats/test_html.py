"""The html format: one self-contained page, checked as Chromium renders it (the highlighted
cells are exactly the broken ones) and as plain markup."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportlint.cli import main

ROW = "new:                          [2, 0, 0, 0, 0, 0, 2]"
BAD_ROW = "new:                          [2, 0, 0, 0, 0, 0, 3]"
PLACEHOLDER = ("门户网站（www.yunxi.gov.cn）下载", "门户网站（）下载")
# The prose restates 本年新收; it follows the wrong total, or RL501 would report it as well.
PROSE = ("收到政府信息公开申请2件", "收到政府信息公开申请3件")
SLASHES = ("not_processed_mass:           [0, 0, 0, 0, 0, 0, 0]",
           "not_processed_mass:           [/, /, 0, 0, 0, 0, 0]")
SLASH = ("not_processed_repeat:         [0, 0, 0, 0, 0, 0, 0]",
         "not_processed_repeat:         [/, 0, 0, 0, 0, 0, 0]")
# What the edits break: the row total of `new` (RL303), the 总计 column's (七)总计, which no
# longer balances (RL301), and placeholders in two rows (RL311, one finding a row, every
# placeholder cell highlighted); the intro's empty brackets (RL403) are prose.
BROKEN_CELLS = {"tables.table3.new.total", "tables.table3.outcome_total.total",
                "tables.table3.not_processed_mass.natural",
                "tables.table3.not_processed_mass.business",
                "tables.table3.not_processed_repeat.natural"}
WARNED_CELLS = {p for p in BROKEN_CELLS if ".not_processed_" in p}  # RL311 is a warning

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Appended to a copy of the page: what the browser computed for every table cell, and the
# by-rule summary's order after a click on its count heading.
PROBE = """<script>
(function(){
  var cells = document.querySelectorAll("table.report-table td");
  var marked = [], warned = [];
  cells.forEach(function(td){
    var style = getComputedStyle(td);
    var where = td.closest("section").dataset.file + "#" + td.dataset.path;
    if (style.backgroundColor === "rgb(255, 179, 179)" && style.outlineStyle === "solid")
      marked.push(where);
    if (style.backgroundColor === "rgb(255, 240, 194)" && style.outlineStyle === "dotted")
      warned.push(where);
  });
  var heading = document.querySelectorAll("#by-rule th")[2];
  heading.click(); heading.click();
  var order = Array.prototype.map.call(document.querySelectorAll("#by-rule tbody tr"),
    function(tr){ return tr.cells[0].textContent; });
  var pre = document.createElement("pre"); pre.id = "probe";
  pre.textContent = JSON.stringify({marked: marked, warned: warned, cells: cells.length,
                                    order: order});
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture
def page(tmp_path: Path, example_text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "clean.yaml").write_text(example_text, encoding="utf-8")
    broken = example_text.replace(ROW, BAD_ROW).replace(*PROSE).replace(*PLACEHOLDER).replace(*SLASHES)
    broken = broken.replace(*SLASH)
    (reports / "broken.yaml").write_text(broken, encoding="utf-8")
    assert main(["check", "reports", "--format", "html:report.html"]) == 1
    return tmp_path / "report.html"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(Debian: apt-get install -y chromium)")
def test_chromium_highlights_exactly_the_broken_cells(page: Path, tmp_path: Path):
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", probe.as_uri()], capture_output=True,
                         text=True, timeout=120).stdout
    found = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom).group(1)
                       .replace("&quot;", '"').replace("&amp;", "&"))
    # an error's cell and a warning's look different
    assert set(found["marked"]) == {f"reports/broken.yaml#{p}" for p in BROKEN_CELLS - WARNED_CELLS}
    assert set(found["warned"]) == {f"reports/broken.yaml#{p}" for p in WARNED_CELLS}
    assert found["cells"] > 300  # both reports' tables were rendered
    assert found["order"] == ["RL311", "RL301", "RL303", "RL403"]  # by count, descending
    screenshot = tmp_path / "page.png"
    subprocess.run([*flags, "--window-size=1400,2000", f"--screenshot={screenshot}",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_page_is_self_contained(page: Path):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<style>" in html and "<script>" in html


def test_broken_cells_carry_the_equation_beside_them(page: Path):
    html = page.read_text(encoding="utf-8")
    marked = re.findall(r'<td class="num cell-bad" data-path="([^"]+)" title="([^"]+)"', html)
    assert {path for path, _ in marked} == BROKEN_CELLS
    row = html[html.index('data-path="tables.table3.new.total"'):]
    notes = row[row.index('<td class="notes">'):row.index("</tr>")]
    assert "RL303" in notes and "总计应为" in notes


def test_prose_claims_are_quoted_with_the_finding(page: Path):
    html = page.read_text(encoding="utf-8")
    claim = html[html.index('<div class="claim"'):]
    claim = claim[:claim.index("</div>")]
    assert "<mark>网站（）</mark>" in claim and "RL403" in claim


def test_the_summary_counts_per_rule_and_per_organ(page: Path):
    html = page.read_text(encoding="utf-8")
    summary = html[html.index('<section id="summary">'):html.index("</section>")]
    # the rule's Chinese name, not its slug, and its code one click from how to fix it
    assert ('<td><a href="#doc-RL303">RL303</a></td><td>表三各行总计</td><td class=num>1</td>'
            in summary)
    organ = summary[summary.index('<tr data-errors="2"><td>云溪县石桥镇人民政府'):]
    assert organ.startswith('<tr data-errors="2"><td>云溪县石桥镇人民政府</td><td class=num>2</td>'
                            "<td class=num>2</td><td class=num>3</td><td class=num>0</td>")
    # the organ links to each of its reports, those with errors marked
    assert ('<a href="#report-1" class="has-errors">reports/broken.yaml</a> '
            '<a href="#report-2" class="">reports/clean.yaml</a>') in organ
    assert ('<section class="report" id="report-1" data-file="reports/broken.yaml" '
            'data-errors="2">') in html
    assert '<section class="report" id="report-2" data-file="reports/clean.yaml" ' \
           'data-errors="0">' in html


def test_the_page_filters_to_reports_with_errors_and_links_each_finding_to_its_fix(page: Path):
    html = page.read_text(encoding="utf-8")
    assert 'id="only-errors"' in html and "只看有错误的报告" in html
    # the filter hides reports and organ rows without errors
    assert 'body.only-errors section.report[data-errors="0"]' in html
    fixes = html[html.index('<section id="fixes">'):]
    for code in ("RL301", "RL303", "RL311", "RL403"):
        assert f'<a class="rule" href="#doc-{code}">{code}</a>' in html
        assert f'<details class="rule-doc" id="doc-{code}">' in fixes
    assert "<summary>RL303 表三各行总计</summary>" in fixes and "<dt>修改方法</dt>" in fixes


def test_one_organ_written_two_ways_is_one_row_with_its_variants(tmp_path: Path,
                                                                  example_text: str, monkeypatch):
    monkeypatch.chdir(tmp_path)
    organs = {"a.yaml": "淮安市洪泽区人民政府", "b.yaml": "洪泽区人民政府",
              "c.yaml": "南京市鼓楼区人民政府", "d.yaml": "福州市鼓楼区人民政府",
              "e.yaml": "鼓楼区人民政府"}
    for name, organ in organs.items():
        (tmp_path / name).write_text(example_text.replace("云溪县石桥镇人民政府", organ),
                                     encoding="utf-8")
    main(["check", ".", "--format", "html:page.html"])
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-errors="\d+"><td>(.*?)</td><td class=num>(\d+)</td>', html)
    assert rows == [("南京市鼓楼区人民政府", "1"),
                    ('淮安市洪泽区人民政府<div class="variants">又写作：洪泽区人民政府</div>', "2"),
                    ("福州市鼓楼区人民政府", "1"), ("鼓楼区人民政府", "1")]  # 鼓楼区 is ambiguous


def test_text_from_reports_is_escaped(tmp_path: Path, example_text: str, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(
        example_text.replace("[2, 0, 0, 0, 0, 0, 2]", "[2, 0, 0, 0, 0, 0, '<b>x</b>']", 1),
        encoding="utf-8")
    main(["check", "r.yaml", "--format", "html:r.html"])
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_prose_claim_highlights_the_cell_it_contradicts(example_text: str):
    """How a prose-vs-table rule's finding (data path in the prose, `related` the cell) shows."""
    import io

    from reportlint.engine import Linter
    from reportlint.findings import FileResult, Finding
    from reportlint.formats import Context, Summary
    from reportlint.formats.html import HtmlFormatter
    from reportlint.packs.load import load_packs

    result = Linter(load_packs()).lint(Linter(load_packs()).read("r.yaml", example_text.encode("utf-8")))
    overview = result.report.sections[0].body
    start = overview.value.index("收到政府信息公开申请2件") + len("收到政府信息公开申请")
    claim = Finding("r.yaml", overview.locate(start, start + 2), "RL501", "error",
                    "正文称收到申请 2件，表三为 3", data_path=overview.path,
                    related=("tables.table3.new.total",))
    stream = io.StringIO()
    formatter = HtmlFormatter(stream, Context())
    formatter.file(FileResult("r.yaml", [claim], result.report))
    formatter.finish(Summary(files=1))
    html = stream.getvalue()
    assert re.findall(r'<td class="([^"]+)" data-path="tables.table3.new.total"', html) == [
        "num cell-contradicted"]
    assert "cell-bad" not in html.split("<style>")[1].split("</style>")[1]
    quoted = html[html.index('<div class="claim"'):]
    assert "收到政府信息公开申请<mark>2件</mark>" in quoted
    assert "↔ 收到和处理政府信息公开申请情况「一、本年新收政府信息公开申请数量」「总计」" in quoted


def test_an_unreadable_report_is_listed_with_its_findings(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("meta: [\n", encoding="utf-8")
    assert main(["check", "bad.yaml", "--format", "html:bad.html", "--lang", "en"]) == 1
    html = (tmp_path / "bad.html").read_text(encoding="utf-8")
    assert "could not be read" in html and "RL002" in html and "bad.yaml:2:1" in html
