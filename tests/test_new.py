"""`reportlint new`: next year's report started from the pack and from last year's; `check` on
the fresh file says only what is still to fill; filled in, it is clean and renders."""

from __future__ import annotations

import regex

from reportlint.readers import read_report
from tests.helpers import EXAMPLE, FIXTURES, lint_bytes, run_cli

STILL_TO_FILL = {"RL311", "RL105", "RL401"}  # blank cells, the fee statement, the website


def new_file(capsys, tmp_path, *args: str) -> str:
    target = tmp_path / "report-2025.yaml"
    code, _, err = run_cli(capsys, "new", *args, "-o", str(target))
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_new_has_the_sections_intro_and_blank_tables_and_carries_last_years_values(
        capsys, tmp_path, packs):
    text = new_file(capsys, tmp_path, "--year", "2025", "--previous", str(EXAMPLE))
    report = read_report("r.yaml", text.encode(), packs).report
    assert report.meta["title"].value == "云溪县石桥镇人民政府2025年政府信息公开工作年度报告"
    assert report.meta["organ_kind"].value == "township" and report.meta["year"].value == 2025
    assert [s.title.value for s in report.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert all(s.body is None for s in report.sections)
    assert "等六部分" in report.intro.value
    assert "统计期限自2025年1月1日起至2025年12月31日止" in report.intro.value
    table3 = report.tables["table3"]
    # 二、上年结转 = last year's 四、结转下年度继续办理 (0 in every column of the example)
    assert {c: cell.raw for c, cell in table3.rows["carried_over"].items()} == dict.fromkeys(
        ["natural", "business", "research", "public_interest", "legal_services", "other",
         "total"], "0")
    assert all(cell.kind == "blank" for row, cells in table3.rows.items()
               if row != "carried_over" for cell in cells.values())
    in_force = report.tables["table2"].rows["normative_documents"]
    assert (in_force["issued"].kind, in_force["in_force"].raw) == ("blank", "0")
    assert "现行有效件数为上年数，请按本年制发、废止件数更新" in text
    assert {k: v.value for k, v in report.contact.items()} == {
        "website": "www.yunxi.gov.cn", "address": "云溪县石桥镇人民路8号", "postcode": "617300",
        "phone": "0813-5551234"}


def test_check_on_a_fresh_file_says_only_what_is_still_to_fill(capsys, tmp_path, linter):
    text = new_file(capsys, tmp_path, "--year", "2025", "--previous", str(EXAMPLE))
    findings = lint_bytes(linter, "report-2025.yaml", text.encode())
    assert {f.code for f in findings} <= STILL_TO_FILL and findings
    fresh = new_file(capsys, tmp_path / "..", "--organ", "云溪县城关镇人民政府", "--year", "2025",
                     "--force")
    findings = lint_bytes(linter, "report-2025.yaml", fresh.encode())
    assert {f.code for f in findings} == {"RL311", "RL105", "RL401"}


def test_the_trial_pack_starts_a_2020_report_with_its_own_tables(capsys, tmp_path, packs):
    text = new_file(capsys, tmp_path, "--year", "2020", "--previous",
                    str(FIXTURES / "yunxi-office-2020.yaml"))
    report = read_report("r.yaml", text.encode(), packs).report
    assert report.template.id == "annual-2019-trial"
    assert "procurement" in report.tables["table2"].rows
    assert "other_handling" in report.tables["table3"].rows


def fill(text: str) -> str:
    """An office fills the file: prose in every section, a figure in every blank cell (all 0,
    so every identity holds), the fee statement, the publication date."""
    text = text.replace("# published: 2026-01-20", "published: 2026-01-20")
    text = regex.sub(r"text: ~  # 待填写：[^\n]*", lambda m: "text: " + (
        "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。" if "信息处理费" in m.group(0)
        else "本年度各项工作有序开展。"), text)
    return text.replace("~", "0")


def test_new_then_filling_the_figures_gives_a_clean_report_that_renders(capsys, tmp_path, linter,
                                                                        packs):
    text = fill(new_file(capsys, tmp_path, "--year", "2025", "--previous", str(EXAMPLE)))
    assert lint_bytes(linter, "report-2025.yaml", text.encode()) == []
    source = tmp_path / "filled.yaml"
    source.write_text(text, encoding="utf-8")
    for form in ("html", "docx", "md"):
        target = tmp_path / f"report-2025.{form}"
        code, _, err = run_cli(capsys, "render", str(source), "--check", "-o", str(target))
        assert code == 0, err
        assert lint_bytes(linter, target.name, target.read_bytes()) == [], form


def test_new_refuses_to_overwrite_and_needs_an_organ(capsys, tmp_path):
    target = tmp_path / "report.yaml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run_cli(capsys, "new", "--organ", "云溪县城关镇人民政府", "--year", "2025",
                           "-o", str(target))
    assert code == 2 and "--force" in err and target.read_text(encoding="utf-8") == "keep"
    code, _, err = run_cli(capsys, "new", "--year", "2025")
    assert code == 2 and "--organ" in err
    code, out, _ = run_cli(capsys, "new", "--organ", "云溪县城关镇人民政府", "--year", "2025")
    assert code == 0 and out.startswith("# 云溪县城关镇人民政府2025年")
