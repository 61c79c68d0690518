"""Real wordings read without a false finding (issue: trust on real reports): the intro's part
count (RL104), the statistical period (RL2xx) and the report year (RL017-RL019).

Each wording was seen in real reports; the fixtures are the bundled example (石桥镇) with its
sentence written that way. The wordings themselves are pack data (template.yaml recognition,
structure.yaml RL104's patterns), not code.
"""

from __future__ import annotations

import pytest

from reportlint.readers import read_report
from tests.helpers import codes, lint_bytes, lint_text, replace_once, run_cli
from tests.published_fixtures import render_text

PARTS = ("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
         "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分。")
LISTED = ("总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
          "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项")


def with_intro_claim(example_text: str, claim: str) -> str:
    return replace_once(example_text, PARTS, claim)


# --- RL104: the intro's part count ----------------------------------------------------------

@pytest.mark.parametrize("claim", [
    f"全文包括{LISTED}等六部分。",  # a title with 、 is one part
    f"本报告由{LISTED}等六部分组成。",
    f"报告主要包括{LISTED}等六项内容。",
    "全文共六个部分。",
    f"本报告分为以下六个方面：{LISTED}。",
    "全文包括“总体情况”“主动公开政府信息情况”“收到和处理政府信息公开申请情况”“政府信息公开行政复议、"
    "行政诉讼情况”“存在的主要问题及改进情况”“其他需要报告的事项”六个部分。",
    "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
    "情况、存在的主要问题及改进情况以及其他需要报告的事项共六个部分。",
], ids=["enumeration-with-dun", "you-zucheng", "xiang-neirong", "gong", "fenwei-fangmian",
        "quoted", "yiji"])
def test_rl104_accepts_the_claims_real_intros_make(linter, example_text, claim) -> None:
    assert "RL104" not in codes(lint_text(linter, with_intro_claim(example_text, claim)))


@pytest.mark.parametrize(("claim", "message"), [
    (f"本报告由{LISTED}等五部分组成。", "引言称报告共「五」部分，但列出的是 6 项"),
    ("全文共八个部分。", "引言称报告共「八」部分，但年度报告格式规定为 6 个部分"),
    ("全文包括总体情况、主动公开政府信息情况、依申请公开政府信息情况、平台建设、监督保障等方面内容。",
     "引言称报告包括 5 个部分，但年度报告格式规定为 6 个部分"),
])
def test_rl104_reports_a_count_that_differs_from_the_list_or_the_format(
        linter, example_text, claim, message) -> None:
    findings = [f for f in lint_text(linter, with_intro_claim(example_text, claim))
                if f.code == "RL104"]
    assert [f.message for f in findings] == [message]


def test_rl104_leaves_a_missing_section_to_rl101(linter, example_text) -> None:
    # six parts announced and listed, the sixth not published: one cause, one finding
    text = example_text[:example_text.index("  - title: 六、其他需要报告的事项")]
    found = codes(lint_text(linter, text))
    assert "RL101" in found and "RL104" not in found


# --- RL2xx: the statistical period -----------------------------------------------------------

PERIOD = "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


def rl2(linter, example_text: str, sentence: str) -> list[str]:
    findings = lint_text(linter, replace_once(example_text, PERIOD, sentence))
    return [f.code for f in findings if f.code.startswith("RL2")]


@pytest.mark.parametrize("sentence", [
    "本报告所列数据的统计期限自2024年1月1日起，至2024年12月31日止。",
    "本报告所列数据从2024年1月1日到12月31日止。",
    "统计时间为2024年1月1日至2024年12月31日。",
    "统计期限为2024年1月1日至12月31日。",
    "本报告内容涵盖2024年1月1日至12月31日期间。",
])
def test_real_period_wordings_are_read(linter, example_text, sentence) -> None:
    assert rl2(linter, example_text, sentence) == []


def test_a_cut_off_date_in_a_sentence_is_no_period(linter, example_text) -> None:
    # "截至…，全年…" tells the data of a sentence, not the statistical period: the period is
    # missing (RL201), not unreadable (RL202) nor wrong (RL203)
    sentence = "截至2024年12月31日，全年共发布信息58件。"
    assert rl2(linter, example_text, sentence) == ["RL201"]
    assert rl2(linter, example_text, "截至2024年12月30日，全年共发布信息58件。") == ["RL201"]


@pytest.mark.parametrize("sentence", [
    "本报告所列数据的统计期限自20241月1日至202412 月31日止。",
    "本报告自20241月1日至202412 月31日止。",  # no cue, still clearly a period
    "本报告数据自2024年11日起至2024年1231日止。",  # 月 lost
])
def test_a_garbled_period_is_unreadable_never_missing(linter, example_text, sentence) -> None:
    assert rl2(linter, example_text, sentence) == ["RL202"]


# --- the report year (RL017-RL019) -----------------------------------------------------------

TITLE = "云溪县石桥镇2024年政府信息公开工作年度报告"


def reader_codes(packs, text: str) -> tuple[int | None, list[str]]:
    result = read_report("report.txt", text.encode("utf-8"), packs)
    year = result.report.meta.get("year") if result.report else None
    return (year.value if year else None), [p.code for p in result.problems]


@pytest.mark.parametrize(("title", "notes"), [
    ("云溪县石桥镇2024政府信息公开工作年度报告", []),  # no 年: the title still gives it
    ("政府信息公开工作年度报告云溪县石桥镇（2024年）", ["RL018"]),  # words out of order
])
def test_the_year_of_a_title_without_nian_or_out_of_order(packs, title, notes) -> None:
    text = render_text(packs, "pipe").replace(TITLE, title, 1)
    assert reader_codes(packs, text) == (2024, notes)


def test_the_year_stated_only_in_the_intro_or_the_period(packs) -> None:
    text = render_text(packs, "pipe").replace(TITLE + "\n", "", 1)
    intro_only = text.replace(PERIOD, "现将本镇2024年度政府信息公开工作情况报告如下。")
    assert reader_codes(packs, intro_only) == (2024, ["RL017", "RL018"])
    assert reader_codes(packs, text) == (2024, ["RL017", "RL018"])  # from the period
    nowhere = intro_only.replace("现将本镇2024年度政府信息公开工作情况报告如下。", "")
    assert reader_codes(packs, nowhere) == (None, ["RL017", "RL019"])


def test_rl018_is_a_note_not_a_warning(linter, packs) -> None:
    text = render_text(packs, "pipe").replace(TITLE + "\n", "", 1)
    findings = lint_bytes(linter, "report.txt", text.encode("utf-8"))
    assert {(f.code, f.severity) for f in findings if f.code in ("RL017", "RL018")} == {
        ("RL017", "warning"), ("RL018", "info")}


# --- the organ's kind ------------------------------------------------------------------------

@pytest.mark.parametrize(("organ", "kind"), [
    ("云溪县石桥镇", "township"), ("云溪县人民路街道办事处", "township"),
    ("云溪旗哈拉苏木", "township"), ("云溪县人民政府", "government"),
    ("云溪县自然资源局", "department"), ("云溪县发展和改革委员会", "department"),
])
def test_the_organ_kind_is_read_from_the_title(packs, organ, kind) -> None:
    text = render_text(packs, "pipe").replace("云溪县石桥镇2024年", f"{organ}2024年", 1)
    kind_read = read_report("report.txt", text.encode("utf-8"), packs).report.meta["organ_kind"]
    # read from the name: it keeps the name's place, it is not a stated meta.organ_kind
    assert (kind_read.value, kind_read.raw, kind_read.path) == (kind, organ, "meta.organ")


def test_the_data_states_the_organ_kind(packs, example_text) -> None:
    stated = read_report("report.yaml", example_text.encode("utf-8"), packs).report
    assert stated.meta["organ_kind"].path == "meta.organ_kind"  # organ_kind: township
    unstated = example_text.replace("  organ_kind: township\n", "").replace("  level: township\n", "")
    report = read_report("report.yaml", unstated.encode("utf-8"), packs).report
    assert (report.meta["organ_kind"].value, report.meta["organ_kind"].path) == (
        "township", "meta.organ")  # 云溪县石桥镇人民政府


def test_the_config_states_the_organ_kind_of_published_files(tmp_path, packs, monkeypatch,
                                                              capsys) -> None:
    monkeypatch.chdir(tmp_path)
    text = render_text(packs, "pipe").replace(TITLE + "\n", TITLE + "\n发布日期：2025-02-10\n", 1)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    # read from its name, a township: past 1月31日 only a warning (RL602)
    _, out, _ = run_cli(capsys, "check", "--no-cache", "--format", "json", "report.txt")
    assert "RL602" in out and "RL601" not in out
    # the config says the organ is a department: its deadline was 1月31日 (RL601, an error)
    (tmp_path / ".reportlint.yaml").write_text("organ-kind: department\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", "--no-cache", "--format", "json", "report.txt")
    assert code == 1 and "RL601" in out and "县级以上人民政府部门" in out


def test_import_says_the_organ_kind_was_read_from_the_name(tmp_path, packs, capsys) -> None:
    source = tmp_path / "report.txt"
    source.write_text(render_text(packs, "pipe"), encoding="utf-8")
    code, out, err = run_cli(capsys, "import", str(source))
    assert code == 0
    assert '  organ_kind: "township"  # read from the organ\'s name: correct it if wrong' in out
    assert "meta.organ_kind township 是按机关名称推断的" in err
