"""RL7xx: this year's report against last year's, given with --previous or paired in a run."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportlint.batch import Batch
from reportlint.cli import main
from reportlint.pairing import pair
from reportlint.readers import read_report
from tests.helpers import CORPUS, EXAMPLE, FIXTURES, codes, lint_bytes, position_of, replace_once

LAST_YEAR = FIXTURES / "shiqiao-2023.yaml"



def rl7(findings):
    return [f for f in findings if f.code.startswith("RL7")]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def run(linter, paths: list[str]) -> dict[str, list]:
    """Findings of each file of one run, with the run's pairing."""
    return {r.path: r.findings for r in Batch([(p, linter) for p in paths], jobs=1).run()}


def lint_pair(linter, tmp_path: Path, this_year: str, last_year: str):
    """Lint both years in one run, as `reportlint check DIR` does; this year's findings."""
    this = write(tmp_path, "shiqiao-2024.yaml", this_year)
    last = write(tmp_path, "shiqiao-2023.yaml", last_year)
    results = run(linter, [str(last), str(this)])
    assert rl7(results[str(last)]) == []  # 2022 is not in the run: nothing to compare
    return rl7(results[str(this)])


def test_consecutive_years_of_one_organ_are_consistent(linter, tmp_path, example_text):
    assert lint_pair(linter, tmp_path, example_text, LAST_YEAR.read_text("utf-8")) == []


def test_carry_over_must_continue_last_years_carry_forward(linter, tmp_path, example_text):
    last = replace_once(LAST_YEAR.read_text("utf-8"),
                  "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                  "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    findings = lint_pair(linter, tmp_path, example_text, last)
    assert codes(findings) == ["RL701", "RL701"]  # 自然人 and 总计
    line, column = position_of(example_text, "carried_over:                 [0")
    assert [(f.span.line, f.span.column) for f in findings] == [(line, column + 31),
                                                              (line, column + 49)]
    assert "2023" in findings[0].message and "结转下年度" in findings[0].message


def test_documents_in_force_continue(linter, tmp_path, example_text):
    last = replace_once(LAST_YEAR.read_text("utf-8"), "normative_documents: [0, 0, 0]",
                  "normative_documents: [2, 0, 3]")
    findings = lint_pair(linter, tmp_path, example_text, last)
    assert codes(findings) == ["RL702"]
    line, column = position_of(example_text, "normative_documents: [0, 0, 0]")
    assert (findings[0].span.line, findings[0].span.column) == (line, column + 28)
    assert "应为 3" in findings[0].message
    this = replace_once(example_text, "normative_documents: [0, 0, 0]", "normative_documents: [1, 0, 4]")
    assert lint_pair(linter, tmp_path, this, last) == []


def test_section_copied_from_last_year(linter, tmp_path, example_text):
    last = LAST_YEAR.read_text("utf-8")
    copied = last[last.index("      一是公开队伍"):last.index("  - title: 六、")]
    start = example_text.index("      一是部分站所")
    own = example_text[start:example_text.index("  - title: 六、")]
    this = example_text.replace(own, copied.replace("一是", "一是近年来"))
    findings = lint_pair(linter, tmp_path, this, last)
    assert codes(findings) == ["RL703"]
    assert (findings[0].span.line, findings[0].span.column) == \
        position_of(this, "五、存在的主要问题及改进情况")
    assert "%" in findings[0].message and "2023" in findings[0].message


def test_pairing_by_organ_then_by_file_name(packs, example_text):
    this = read_report("a/x.yaml", example_text.encode(), packs).report
    last = read_report("b/y.yaml", LAST_YEAR.read_bytes(), packs).report
    assert pair({"a/x.yaml": this, "b/y.yaml": last}) == {"a/x.yaml": "b/y.yaml"}
    anonymous = example_text.replace("  organ: 云溪县石桥镇人民政府\n", "")
    this = read_report("x.yaml", anonymous.encode(), packs).report
    assert pair({"d/town-2024.yaml": this, "d/town-2023.json": last}) == \
        {"d/town-2024.yaml": "d/town-2023.json"}
    assert pair({"d/town-2024.yaml": this, "e/town-2023.yaml": last}) == {}


def test_cli_previous_option(tmp_path, capsys):
    last = replace_once(LAST_YEAR.read_text("utf-8"),
                  "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                  "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    previous = write(tmp_path, "last.yaml", last)
    status = main(["check", "--format", "concise", "--fail-on", "warning",
                   "--previous", str(previous), str(EXAMPLE)])
    output = capsys.readouterr().out
    assert status == 1 and output.count("RL701") == 2
    assert main(["check", "--previous", str(LAST_YEAR), str(EXAMPLE), "--fail-on", "warning"]) == 0


def test_previous_of_another_year_or_unreadable(tmp_path, capsys):
    status = main(["check", "--format", "concise", "--previous", str(EXAMPLE), str(EXAMPLE),
                   "--fail-on", "warning"])
    assert status == 1 and "RL704" in capsys.readouterr().out
    missing = tmp_path / "missing.yaml"
    status = main(["check", "--format", "concise", "--previous", str(missing), str(EXAMPLE)])
    assert status == 1 and "RL700" in capsys.readouterr().out


def test_directory_run_pairs_the_two_years(tmp_path, capsys):
    shutil.copy(EXAMPLE, tmp_path / "shiqiao-2024.yaml")
    last = replace_once(LAST_YEAR.read_text("utf-8"),
                  "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                  "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    write(tmp_path, "shiqiao-2023.yaml", last)
    status = main(["check", "--format", "concise", "--fail-on", "warning", str(tmp_path)])
    assert status == 1 and capsys.readouterr().out.count("RL701") == 2


def test_corpus_reports_of_one_organ_pair_and_continue(linter):
    full = sorted(str(p) for p in (CORPUS / "full").glob("*.txt"))
    results = run(linter, full)
    assert all(rl7(findings) == [] for findings in results.values())
    names = {path.rsplit("/", 1)[1] for path in results}
    assert {"hongze-2023.txt", "hongze-2024.txt", "pingtan-2022.txt", "pingtan-2023.txt"} <= names


def test_corpus_report_copied_into_next_year_is_flagged(linter, tmp_path):
    # 洪泽区 2023 republished as 2024 with only the year changed: every long section is a copy.
    text = (CORPUS / "full" / "hongze-2023.txt").read_text(encoding="utf-8")
    last = write(tmp_path, "hongze-2023.txt", text)
    this = write(tmp_path, "hongze-2024.txt", text.replace("2023", "2024"))
    findings = rl7(run(linter, [str(last), str(this)])[str(this)])
    # and its table 二 repeats last year's 现行有效 although documents were issued (RL702)
    assert sorted(codes(findings)) == ["RL702", "RL703", "RL703"]
    findings = [f for f in findings if f.code == "RL703"]
    copied = this.read_text(encoding="utf-8")
    assert [f.span.line for f in findings] == [position_of(copied, "一、总体情况")[0],
                                               position_of(copied, "五、存在的主要问题")[0]]
    assert all("100%" in f.message for f in findings)


def test_previous_of_another_year_is_reported_at_the_year(linter, example_text, packs):
    last = read_report("last.yaml", example_text.encode(), packs).report  # 2024, not 2023
    findings = rl7(lint_bytes(linter, "this.yaml", example_text.encode(), previous=last))
    rl704 = [f for f in findings if f.code == "RL704"]
    assert len(rl704) == 1
    assert (rl704[0].span.line, rl704[0].span.column) == position_of(example_text, "2024\n")
    assert rl704[0].expected == 2023 and rl704[0].actual == 2024


def test_unreadable_previous_is_reported_on_each_file(linter, tmp_path):
    broken = write(tmp_path, "last.yaml", "meta: [unclosed\n")
    this = write(tmp_path, "this.yaml", EXAMPLE.read_text("utf-8"))
    [result] = Batch([(str(this), linter)], jobs=1).run(previous=str(broken))
    findings = result.findings
    assert [(f.code, f.span.line, f.span.column) for f in findings] == [("RL700", 1, 1)]
    assert "last.yaml" in findings[0].message


def test_a_report_named_alone_pairs_with_last_years_beside_it(tmp_path, capsys):
    """pre-commit names only the changed files: the cross-year findings of this year's report
    are the same whether last year's is in the run or only on disk."""
    shutil.copy(EXAMPLE, tmp_path / "shiqiao-2024.yaml")
    last = replace_once(LAST_YEAR.read_text("utf-8"),
                        "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                        "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    write(tmp_path, "shiqiao-2023.yaml", last)
    argv = ["check", "--format", "concise", "--fail-on", "warning", "--no-cache"]
    assert main([*argv, str(tmp_path)]) == 1
    together = [line for line in capsys.readouterr().out.splitlines() if "RL7" in line]
    assert main([*argv, str(tmp_path / "shiqiao-2024.yaml")]) == 1
    alone = [line for line in capsys.readouterr().out.splitlines() if "RL7" in line]
    assert len(alone) == 2 and alone == together


def test_a_folder_is_listed_a_bounded_number_of_times_to_find_last_years_files(
        tmp_path, linter, monkeypatch):
    """Looking for last year's file beside each report listed and scanned the whole folder once
    a file: quadratic, 5,000 reports of one folder took 96 s instead of 32. The first few files
    of a folder are answered from a scan each (pre-commit's one file: no parse of every
    name), then the folder's names are read once for the run; a file beside them pairs either
    way (town07 is among the first, town20 after)."""
    from reportlint import pairing

    for number in range(30):
        write(tmp_path, f"town{number:02d}-2024.yaml", EXAMPLE.read_text("utf-8"))
    last = replace_once(LAST_YEAR.read_text("utf-8"),
                        "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                        "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    for number in (7, 20):
        write(tmp_path, f"town{number:02d}-2023.yaml",
              last.replace("云溪县石桥镇人民政府", f"云溪县某{number}镇人民政府"))
    listed: list[str] = []
    scanned: list[str] = []

    def recorded(real, calls):
        def read(directory, *args):
            calls.append(directory)
            return real(directory, *args)
        return read

    monkeypatch.setattr(pairing, "_starting", recorded(pairing._starting, listed))
    monkeypatch.setattr(pairing, "_listing", recorded(pairing._listing, listed))
    monkeypatch.setattr(pairing, "_named_entries", recorded(pairing._named_entries, scanned))
    paths = sorted(str(p) for p in tmp_path.glob("*-2024.yaml"))
    results = run(linter, paths)
    alone = pairing.OnDisk.ASKED_ALONE
    assert 7 < alone < 20
    assert listed == [str(tmp_path)] * (alone + 1)  # the first files', then the sorted names
    assert scanned == [str(tmp_path)]  # the names and years, once
    assert [path for path, found in results.items() if rl7(found)] == [
        str(tmp_path / "town07-2024.yaml"), str(tmp_path / "town20-2024.yaml")]


def test_reports_whose_keys_hash_alike_are_not_taken_for_last_years(tmp_path, linter,
                                                                    monkeypatch):
    """A run finds last year's report by a hash of the organ and year each report names (flat
    arrays, not a dict of every file's key). Two keys with one hash (forced here: every key
    gets the same) must not attach another organ's report: the two reports are compared
    again once read, and the file is linted on its own."""
    from reportlint import pairing

    this_year = write(tmp_path, "a.yaml", EXAMPLE.read_text("utf-8"))
    other = replace_once(LAST_YEAR.read_text("utf-8"),
                         "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                         "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    other_organ = write(tmp_path, "b.yaml", other.replace("云溪县石桥镇人民政府", "云溪县某镇人民政府"))
    alone = run(linter, [str(this_year)])[str(this_year)]
    monkeypatch.setattr(pairing, "hash_key", lambda key: 7)
    results = run(linter, [str(this_year), str(other_organ)])
    assert results[str(this_year)] == alone and not rl7(alone)
    assert not rl7(results[str(other_organ)])
    monkeypatch.undo()
    same_organ = write(tmp_path, "c.yaml", other)  # the same organ a year before: it pairs
    assert rl7(run(linter, [str(this_year), str(same_organ)])[str(this_year)])


def test_the_uploads_pairing_confirms_a_pair_by_hash_with_the_keys(monkeypatch):
    """The browser's upload pairs by the same rule (pairing.Pairs): keys that hash alike pair
    only when they name the same organ a year apart; the file names still pair."""
    from reportlint import pairing

    monkeypatch.setattr(pairing, "hash_key", lambda key: 7)
    keys = {"a.yaml": ("甲镇人民政府", 2024), "b.yaml": ("乙镇人民政府", 2023)}
    assert pairing.pair_keys(keys) == {}
    keys["c.yaml"] = ("甲镇人民政府", 2023)
    assert pairing.pair_keys(keys) == {"a.yaml": "c.yaml"}
    monkeypatch.undo()
    named = {"d/town-2024.yaml": None, "d/town-2023.yaml": ("丙镇人民政府", 2023)}
    assert pairing.pair_keys(named) == {"d/town-2024.yaml": "d/town-2023.yaml"}


# What pairing by file name means: stem_year reads it without a pattern (a run whose files all
# come from the cache imports no regex module); this pattern is its definition.
NAME_YEAR = r"^(?P<name>.+?)[-_](?P<year>(?:19|20)[0-9]{2})$"


def test_a_file_names_year_is_read_as_the_pattern_reads_it():
    import itertools
    import re

    from reportlint.pairing import stem_year

    pieces = ["", "town", "镇", "a-b", "x_", "-", "_", ".", " ", "\n", "2023", "1999", "2100",
              "1899", "20２3", "٢٠٢٣", "19", "20", "3", "-2024", "_1900", "v2"]
    stems = ["".join(parts) for n in range(1, 4) for parts in itertools.product(pieces, repeat=n)]
    assert len(stems) > 10_000
    for stem in stems:
        match = re.match(NAME_YEAR, stem)
        assert stem_year(stem) == ((match["name"], int(match["year"])) if match else None), stem
