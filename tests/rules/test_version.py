"""The 2019 trial template: chosen by year, overridable, and 未按新格式 after 2020 (RL8xx)."""

from __future__ import annotations

from reportlint.engine import Linter
from reportlint.readers import read_report
from tests.helpers import CORPUS, FIXTURES, codes, lint_file, lint_text, position_of, replace_once

TRIAL = FIXTURES / "yunxi-office-2020.yaml"
ITEM_ROWS = ("granted", "partly_granted", "withheld_secret", "withheld_internal",
             "withheld_process", "withheld_query", "unavailable_not_held",
             "unavailable_needs_creation", "unavailable_unclear", "not_processed_complaint",
             "not_processed_repeat")



def trial_text() -> str:
    return TRIAL.read_text(encoding="utf-8")


def test_a_2020_report_is_checked_against_the_trial_template(packs, linter):
    report = read_report(str(TRIAL), TRIAL.read_bytes(), packs).report
    assert report.template.id == "annual-2019-trial"
    assert "other_handling" in report.tables["table3"].rows
    assert lint_text(linter, trial_text()) == []


def test_trial_identities_use_the_single_other_handling_row(linter):
    text = replace_once(trial_text(), "other_handling:               [0, 0, 0, 0, 0, 0, 0]",
                  "other_handling:               [1, 0, 0, 0, 0, 0, 1]")
    findings = lint_text(linter, text)
    # (七)总计 no longer adds up, and the prose's 其他处理0件 no longer matches the row.
    assert sorted(set(codes(findings))) == ["RL302", "RL504"]


def test_template_can_be_overridden(packs):
    forced = Linter(packs, template="annual-2021")
    assert "RL315" in codes(lint_file(forced, TRIAL))  # the 2021 table 三 has (六) sub-rows


def test_prose_contradictions_found_as_in_the_2019_provincial_report(linter):
    # The text of 上海市人民政府办公厅 2019 said 258 and 265 where its table gives 275 and 337.
    text = replace_once(trial_text(), "予以公开及部分公开275件", "予以公开及部分公开258件")
    text = replace_once(text, "无法提供337件", "无法提供265件")
    findings = [f for f in lint_text(linter, text) if f.code.startswith("RL5")]
    assert codes(findings) == ["RL504", "RL504"]
    assert [(f.span.line, f.span.column) for f in findings] == [
        position_of(text, "258件"), position_of(text, "265件，")]
    assert [f.expected for f in findings] == [275, 337]


def test_blank_total_column_falls_back_to_a_lower_bound(linter):
    text = trial_text()
    for row in ITEM_ROWS:  # the published table left 总计 blank on every item row
        start = text.index(f"    {row}:")
        line = text[start:text.index("\n", start)]
        text = text.replace(line, line[:line.rindex(",")] + ", null]")
    clean = [f for f in lint_text(linter, text) if f.code.startswith("RL5")]
    assert clean == []
    wrong = replace_once(text, "无法提供337件", "无法提供265件")
    findings = [f for f in lint_text(linter, wrong) if f.code.startswith("RL5")]
    assert codes(findings) == ["RL504"]
    assert findings[0].expected == 337


def test_trial_template_named_by_a_2021_report(linter, example_text):
    text = replace_once(example_text, "template: annual-2021", "template: annual-2019-trial")
    findings = [f for f in lint_text(linter, text) if f.code.startswith("RL8")]
    assert codes(findings) == ["RL801"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "2024\n")
    assert "未按新格式" in findings[0].message


def test_single_other_handling_row_in_a_2021_report(linter, example_text):
    start = example_text.index("    other_no_correction:")
    end = example_text.index("    outcome_total:")
    text = example_text.replace(example_text[start:end],
                                "    other_handling:               [0, 0, 0, 0, 0, 0, 0]\n")
    findings = [f for f in lint_text(linter, text) if f.code.startswith("RL8")]
    assert codes(findings) == ["RL802"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "other_handling")
    assert "(六)其他处理" in findings[0].message


def test_trial_rows_in_a_2021_report(linter, example_text):
    text = replace_once(example_text, "    fees: [0]", "    fees: [0]\n    procurement: [6, 251000]")
    findings = [f for f in lint_text(linter, text) if f.code.startswith("RL8")]
    assert codes(findings) == ["RL802"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "procurement")


def test_current_template_reports_have_no_template_finding(linter, example_text):
    assert [f for f in lint_text(linter, example_text) if f.code.startswith("RL8")] == []


def test_trial_template_inherits_the_importers_recognition_patterns(packs):
    trial, current = packs.get("annual-2019-trial"), packs.get("annual-2021")
    assert trial.template.recognition and trial.template.recognition == current.template.recognition


def test_rule_list_shows_the_current_formats_version_of_shared_codes(packs):
    rules = {rule.code: rule for rule in packs.all_rules()}
    assert rules["RL302"].source.endswith("annual-2021/tables.yaml")
    assert rules["RL801"].source.endswith("annual-2019-trial/version.yaml")


def test_trial_table_two_in_a_2021_text_report(linter, tmp_path):
    # 上海市政府办公厅 2019 (trial format) with its years moved to 2021: its table 二 cannot be
    # read in the 2021 template and stays as text in section 二, which still shows its labels.
    text = (CORPUS / "full" / "shanghai-govoffice-2019.txt").read_text(encoding="utf-8")
    text = text.replace("2019", "2021").replace("2020", "2022")
    path = tmp_path / "shanghai-2021.txt"
    path.write_text(text, encoding="utf-8")
    findings = [f for f in lint_file(linter, path) if f.code.startswith("RL8")]
    assert codes(findings) == ["RL802"]
    assert (findings[0].span.line, findings[0].span.column) == position_of(text, "本年新制作数量")


def test_report_without_a_year_is_not_judged_for_the_template(linter):
    # 榆阳区驼峰路街道 2020 (INDEX.md: no year in the title, no period) prints trial table 二.
    findings = lint_file(linter, CORPUS / "partial" / "041-2020.txt")
    assert [f for f in findings if f.code.startswith("RL8")] == []


def test_trial_table_two_counts_in_the_prose(linter):
    # The fixture says 全年制作规范性文件60件, as its 本年新制作数量 does.
    text = replace_once(trial_text(), "全年制作规范性文件60件", "全年制作规范性文件61件")
    findings = lint_text(linter, text)
    assert codes(findings) == ["RL506"]
    assert findings[0].span.column == position_of(text, "61件")[1]
    assert "本年新制作数量" in findings[0].message


def test_trial_subtotal_rows_are_checked_when_present(linter):
    """RL307 of the trial pack: a published (四) subtotal must add up (its (六) is one row)."""
    anchor = "    unavailable_not_held:"
    good = replace_once(trial_text(), anchor,
                        "    unavailable:                  [321, 15, 0, 0, 1, 0, 337]\n" + anchor)
    findings = lint_text(linter, good)
    assert "RL307" not in codes(findings)
    bad = replace_once(trial_text(), anchor,
                       "    unavailable:                  [265, 12, 0, 0, 1, 0, 278]\n" + anchor)
    findings = [f for f in lint_text(linter, bad) if f.code == "RL307"]
    line, _ = position_of(bad, "    unavailable:")
    assert findings and {f.span.line for f in findings} == {line}
