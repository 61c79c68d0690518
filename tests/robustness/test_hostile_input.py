"""Issue 7: a folder of hostile and broken files is linted in one run, each file gives its one
clear finding (docs/hostile-input.md), nothing crashes, and every file is left untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CORPUS, lint_bytes, lint_file, lint_text
from tests.robustness import hostile_files
from tests.robustness.hostile_files import snapshot

# Files a folder walk does not pick up (docs/hostile-input.md): named on the command line.
NAMED = ("script.html", "renamed-zip.docx", "no-tables.docx")
# Files whose clear finding comes with the findings of what is missing after it: the required
# codes must be there, and every other finding must be one of these.
SETS = {
    "no-tables.docx": {"RL032", "RL106"},
    "truncated.txt": {"RL011", "RL012", "RL013", "RL101", "RL104", "RL106", "RL401"},
}
REQUIRED = {"truncated.txt": {"RL012", "RL013"}}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPORTLINT_CACHE_DIR": str(cwd.parent / f"{cwd.name}-cache")}
    return subprocess.run([sys.executable, "-m", "reportlint", *args], cwd=cwd, env=env,
                          capture_output=True, encoding="utf-8", errors="surrogateescape",
                          timeout=300)  # a file name that is not UTF-8 comes back as its bytes


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, set[str]]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile_files.make(folder)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_of_hostile_files_is_linted_in_one_run(hostile, jobs):
    folder, expected = hostile
    assert len(expected) >= 30
    before = snapshot(folder)
    # a link to /dev/zero is matched by its target's name, so the walk skips it: named too
    named = [*NAMED, *(["zero.yaml"] if "zero.yaml" in expected else [])]
    done = run("check", ".", *named, "--max-bytes", str(hostile_files.MAX_BYTES), "--jobs", jobs,
               "--format", "json", "--lang", "en", "--isolated", cwd=folder)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stderr  # error findings; no RL099, so not 3
    found: dict[str, list[dict]] = {}
    for finding in json.loads(done.stdout)["findings"]:
        found.setdefault(Path(finding["path"]).name, []).append(finding)
    assert set(found) <= set(expected)
    for name, codes in expected.items():
        got = [f["code"] for f in found.get(name, [])]
        assert "RL099" not in got, (name, found[name])
        if name in SETS:
            assert set(got) <= SETS[name], (name, got)
            assert REQUIRED.get(name, codes) <= set(got), (name, got)
        else:
            assert sorted(got) == sorted(codes), (name, got)  # exactly one clear finding
        for finding in found.get(name, []):
            assert finding["message"], finding
            assert finding.get("line") or finding.get("anchor"), finding
    assert snapshot(folder) == before


def test_each_clear_finding_says_where(hostile, linter):
    """Positions of the clear findings: the syntax error, the duplicate and the bad cells are
    pointed at, whole-file problems are at 1:1."""
    folder, _ = hostile
    where = {}
    for name in ("invalid.yaml", "duplicate-key.yaml", "negative.yaml", "absurd.yaml",
                 "nan.json", "deep.yaml", "说明.txt", "binary.json", "python-object.yaml"):
        (finding,) = lint_file(linter, folder / name)
        where[name] = (finding.code, finding.span.line, finding.span.column)
    assert where == {
        "invalid.yaml": ("RL002", 3, 7),
        "duplicate-key.yaml": ("RL003", 47, 5),
        "negative.yaml": ("RL312", 46, 15),
        "absurd.yaml": ("RL319", 46, 15),
        "nan.json": ("RL314", 1, where["nan.json"][2]),
        "deep.yaml": ("RL005", 65, 65),
        "说明.txt": ("RL040", 1, 1),
        "binary.json": ("RL001", 1, 1),
        "python-object.yaml": ("RL005", 1, 7),
    }
    text = (folder / "nan.json").read_text(encoding="utf-8")
    assert text[where["nan.json"][2] - 1:].startswith("NaN")


def test_the_clean_example_in_every_encoding_gives_only_the_encoding_note(hostile, linter):
    folder, _ = hostile
    for name in ("utf8-bom.yaml", "crlf.yaml", "thousands.yaml", "full-width.yaml"):
        assert lint_file(linter, folder / name) == [], name
    for name in ("gbk.yaml", "gb18030.yaml", "utf16-le.yaml", "utf16-be.yaml"):
        assert [f.code for f in lint_file(linter, folder / name)] == ["RL008"], name


def test_the_too_large_rule_has_a_documented_limit(linter, example_text):
    at_limit = example_text.replace("penalty: [75]", "penalty: [100000000]")
    over = example_text.replace("penalty: [75]", "penalty: [100000001]")
    assert "RL319" not in [f.code for f in lint_text(linter, at_limit)]
    (finding,) = [f for f in lint_text(linter, over) if f.code == "RL319"]
    assert (finding.severity, finding.span.line, finding.span.column) == ("warning", 46, 15)
    assert "100000001" in finding.message and "100000000" in finding.message


def test_a_page_that_is_no_report_gives_one_finding_and_a_report_page_none_of_it(linter):
    page = b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav><p>hello</p></body></html>"
    (finding,) = lint_bytes(linter, "nav.html", page)
    assert (finding.code, finding.span.line, finding.span.column) == ("RL040", 1, 1)
    real = lint_file(linter, CORPUS / "guanzhuang-2024.txt")
    assert "RL040" not in [f.code for f in real]


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path):
    """Strict UTF-8 output streams (PYTHONIOENCODING=utf-8), output files, the cache and the
    baseline all take a name like b"odd-\\xff.yaml" without a traceback."""
    name = os.fsdecode(b"odd-\xff.yaml")
    try:
        (tmp_path / name).write_bytes(hostile_files.files()["negative.yaml"][0])
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "REPORTLINT_CACHE_DIR": str(tmp_path / "cache")}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "reportlint", *args], cwd=tmp_path, env=env,
                              capture_output=True, encoding="utf-8", errors="surrogateescape",
                              timeout=120)

    for spec in ("text", "concise", "json", "jsonl", "sarif", "junit", "github", "gitlab",
                 "html:out.html", "json:out.json"):
        done = cli("check", name, "--format", spec)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (spec, done.stderr)
        assert "odd-" in done.stdout or ":" in spec, spec
    (finding,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["findings"]
    assert (finding["path"], finding["code"], finding["line"]) == (name, "RL312", 46)
    assert cli("baseline", name, "-o", "base.json").returncode == 0
    again = cli("check", name, "--baseline", "base.json")
    assert again.returncode == 0 and "1 known finding" in again.stderr


def test_a_number_of_thousands_of_digits_is_text_not_a_crash(linter, example_text):
    """int() refuses strings over 4300 digits: a cell that long was an internal error (RL099)."""
    page = (CORPUS / "guanzhuang-2024.txt").read_text(encoding="utf-8").splitlines()
    assert page[76] == "1 |"  # the first cell of (一)予以公开
    page[76] = "1" * 5000 + " |"
    codes = {f.code for f in lint_text(linter, "\n".join(page) + "\n", "page.txt")}
    assert "RL099" not in codes and "RL013" in codes
    cell = example_text.replace("penalty: [75]", 'penalty: ["' + "9" * 5000 + '"]')
    (finding,) = lint_text(linter, cell)
    assert (finding.code, finding.span.line, finding.span.column) == ("RL310", 46, 15)


def test_a_flood_of_unknown_keys_is_one_short_message(linter, example_text):
    keys = "".join(f"  k{i}: {i}\n" for i in range(5000))
    flooded = example_text.replace("  template: annual-2021\n", "  template: annual-2021\n" + keys)
    (finding,) = lint_text(linter, flooded)
    assert finding.code == "RL004" and (finding.span.line, finding.span.column) == (12, 3)  # k0
    assert "另有 4990 个未知的键" in finding.message and len(finding.message) < 1000


def test_a_crash_in_a_check_is_rl099_for_that_file_and_exit_code_3(hostile, tmp_path, capsys,
                                                                   monkeypatch):
    """Crash isolation in one process (--jobs 1): the file the check fails on gets RL099 with
    the hint to report it; every other file keeps its findings."""
    from dataclasses import replace

    from reportlint import checks
    from reportlint.cli import main

    folder, _ = hostile
    real = checks.CHECKS["cell-values"]

    def failing(report, params):
        if report.path.endswith("negative.yaml"):
            raise ZeroDivisionError("planted")
        return real.function(report, params)

    monkeypatch.setitem(checks.CHECKS, "cell-values", replace(real, function=failing))
    code = main(["check", str(folder / "negative.yaml"), str(folder / "absurd.yaml"),
                 str(folder / "invalid.yaml"), "--jobs", "1", "--no-cache", "--isolated",
                 "--lang", "en", "--format", "concise"])
    out = capsys.readouterr().out
    assert code == 3
    assert "negative.yaml:1:1: RL099 internal error (rule RL31" in out
    assert "ZeroDivisionError: planted. This is a reportlint bug; please report it." in out
    assert "absurd.yaml:46:15: RL319" in out and "invalid.yaml:3:7: RL002" in out
    assert "Traceback" not in out
