"""RL6xx: publication date against deadline, today and period; years in the prose."""

from __future__ import annotations

from reportlint.checks import dates
from reportlint.readers import read_report
from tests.helpers import CORPUS, codes, lint_file, lint_text, position_of, replace_once


def rl6(findings):
    return [f for f in findings if f.code.startswith("RL6")]


def test_clean_example_has_no_date_finding(linter, example_text):
    assert rl6(lint_text(linter, example_text)) == []


def test_township_warned_after_january_and_flagged_after_march(linter, example_text):
    february = replace_once(example_text, "published: 2025-01-20", "published: 2025-02-10")
    findings = rl6(lint_text(linter, february))
    assert codes(findings) == ["RL602"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(february, "2025-02-10")
    assert "2025-01-31" in findings[0].message
    april = replace_once(example_text, "published: 2025-01-20", "published: 2025-04-01")
    assert codes(rl6(lint_text(linter, april))) == ["RL601"]


def test_a_year_no_calendar_holds_is_no_internal_error(linter, example_text):
    # found by the fuzz test: a duplicated digit made the year 22024 and the deadline crash
    findings = lint_text(linter, replace_once(example_text, "year: 2024", "year: 22024"))
    assert "RL099" not in codes(findings) and rl6(findings) == []
    assert "RL004" in codes(findings)  # the data's schema bounds the year


def test_department_deadline_is_january(linter, example_text):
    department = replace_once(example_text, "organ_kind: township", "organ_kind: department")
    department = replace_once(department, "published: 2025-01-20", "published: 2025-02-01")
    findings = rl6(lint_text(linter, department))
    assert codes(findings) == ["RL601"]
    assert "县级以上人民政府部门" in findings[0].message and "1 天" in findings[0].message
    government = replace_once(department, "organ_kind: department", "organ_kind: government")
    assert rl6(lint_text(linter, government)) == []


def test_date_line_in_the_prose_is_used_without_metadata(linter, example_text):
    text = replace_once(example_text, "  published: 2025-01-20\n", "")
    text = replace_once(text, "请登录“云溪县人民政府”门户网站查询。",
                  "请登录“云溪县人民政府”门户网站查询。\n      发布日期：2025-05-06")
    findings = rl6(lint_text(linter, text))
    assert codes(findings) == ["RL601"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "发布日期")


def test_published_before_the_period_ends(linter, example_text):
    text = replace_once(example_text, "published: 2025-01-20", "published: 2024-12-30")
    findings = rl6(lint_text(linter, text))
    assert codes(findings) == ["RL603"]
    assert findings[0].span.line == position_of(text, "2024-12-30")[0]


def test_future_publication_date(linter, example_text, packs):
    text = replace_once(example_text, "published: 2025-01-20", "published: 2999-01-20")
    text = replace_once(text, "year: 2024", "year: 2998")
    text = text.replace("2024年", "2998年")
    findings = rl6(lint_text(linter, text))
    assert codes(findings) == ["RL604"]
    # "Today" can be fixed: the example is in the future as seen from 2025-01-19.
    report = read_report("x.yaml", example_text.encode(), packs).report
    assert [h.args["today"] for h in dates.publication_future(report, {"today": "2025-01-19"})] \
        == ["2025-01-19"]
    assert list(dates.publication_future(report, {"today": "2025-01-20"})) == []


def test_year_opening_a_paragraph_must_be_the_report_year(linter, example_text):
    text = replace_once(example_text, "      2024年，石桥镇认真贯彻", "      2023年，石桥镇认真贯彻")
    findings = rl6(lint_text(linter, text))
    assert codes(findings) == ["RL605"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "2023年，石桥镇")
    # Other years in the prose are not a claim about the report year.
    history = replace_once(example_text, "认真贯彻《条例》",
                     "认真贯彻2019年修订的《条例》。2019年，国务院修订《条例》")
    assert rl6(lint_text(linter, history)) == []


def test_organ_kind_inferred_from_the_organ_name(linter, example_text):
    # Without organ_kind/level: "…镇人民政府" is a township, "…局" a department.
    text = replace_once(example_text, "  organ_kind: township\n  level: township\n", "")
    text = replace_once(text, "published: 2025-01-20", "published: 2025-02-10")
    assert codes(rl6(lint_text(linter, text))) == ["RL602"]
    bureau = replace_once(text, "organ: 云溪县石桥镇人民政府", "organ: 云溪县统计局")
    findings = rl6(lint_text(linter, bureau))
    assert codes(findings) == ["RL601"] and "县级以上人民政府部门" in findings[0].message
    government = replace_once(text, "organ: 云溪县石桥镇人民政府", "organ: 云溪县人民政府")
    assert rl6(lint_text(linter, government)) == []


def test_late_department_report_in_the_corpus(linter):
    # INDEX.md: 霞山区教育局 2022 was published 2023-12-20, ~11 months after 1月31日.
    path = CORPUS / "partial" / "033-2022.txt"
    text = path.read_text(encoding="utf-8")
    findings = rl6(lint_file(linter, path))
    assert codes(findings) == ["RL601"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "发布时间")
    assert findings[0].actual == "2023-12-20"


def test_no_date_finding_on_the_other_corpus_reports(linter):
    for path in sorted(CORPUS.rglob("*.txt")):
        if path.name != "033-2022.txt":
            assert rl6(lint_file(linter, path)) == [], path.name
