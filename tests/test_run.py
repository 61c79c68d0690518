"""One run pipeline: check, baseline and import lint through reportlint.run.run with the same
defaults; an html run keeps its worker processes and still renders every report."""

from __future__ import annotations

import shutil
import sys

import pytest

from reportlint import batch, run
from reportlint.cli import main
from reportlint.settings import Overrides, Resolver, collect
from tests.helpers import EXAMPLE, ROOT, replace_once

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Sixteen generated reports, some with defects: enough for two workers."""
    folder = tmp_path_factory.mktemp("run")
    generate.generate(folder, reports=16, seed=5, defect_rate=0.5)
    return folder


@pytest.fixture
def batches(monkeypatch):
    """Every Batch a run makes: its jobs, whether it has a cache, whether it keeps reports."""
    made = []

    class Recorded(batch.Batch):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append((self.jobs, self.cache is not None, self.keep_reports))

    monkeypatch.setattr(run, "Batch", Recorded)
    return made


def test_check_and_baseline_run_with_the_same_defaults(project, reports, batches, capsys):
    assert main(["check", str(reports), "--fail-on", "never"]) == 0
    assert main(["baseline", str(reports), "-o", str(project / "known.json")]) == 0
    capsys.readouterr()
    check, baseline = batches
    assert check == baseline == (batch.default_jobs(), True, False)


def test_an_html_run_lints_in_workers_and_renders_every_report(project, reports, batches,
                                                                monkeypatch, capsys):
    pools = []
    real = batch.Batch._parallel

    def counted(self, tasks, count, workers):
        pools.append(workers)
        return real(self, tasks, count, workers)

    monkeypatch.setattr(batch.Batch, "_parallel", counted)
    for jobs in ("2", "1"):
        code = main(["check", str(reports), "--jobs", jobs, "--no-cache", "--fail-on", "never",
                     "--format", f"html:page-{jobs}.html"])
        assert code == 0, capsys.readouterr().err
    assert pools == [2]
    assert [keep for _, _, keep in batches] == [True, True]
    page = (project / "page-2.html").read_text(encoding="utf-8")
    assert page == (project / "page-1.html").read_text(encoding="utf-8")
    # each report is rendered (its tables), not listed as unreadable
    assert page.count('<section class="report"') == 16
    assert page.count("<table") >= 16 * 3


def test_a_run_applies_each_files_baseline_and_decides_failure_by_its_fail_on(project, capsys):
    folder = project / "reports"
    folder.mkdir()
    broken = replace_once(EXAMPLE.read_text(encoding="utf-8"), "penalty: [75]", "penalty: [-1]")
    (folder / "a.yaml").write_text(broken, encoding="utf-8")
    shutil.copy(EXAMPLE, folder / "b.yaml")
    resolver = Resolver(Overrides(isolated=True))
    files, _ = collect([str(folder)], resolver)
    linted = run.run(files, resolver)
    assert [item.path for item in linted.files] == [str(folder / "a.yaml"), str(folder / "b.yaml")]
    assert linted.failed and not linted.internal_error
    assert linted.findings == linted.files[0].result.findings != []
    assert linted.files[1].result.findings == []
    assert main(["baseline", str(folder), "--isolated", "-o", "known.json"]) == 0
    capsys.readouterr()
    resolver = Resolver(Overrides(isolated=True, baseline="known.json"))
    known = run.run(collect([str(folder)], resolver)[0], resolver)
    assert known.findings == [] and not known.failed
    assert known.baseline_note == (f"baseline: {len(linted.findings)} known finding(s) not shown; "
                                   "0 entries no longer occur")


def test_import_reads_through_the_run_with_its_config(project, capsys):
    """`import` honours the config like `check` (here its size limit): the source is reported,
    not read."""
    (project / ".reportlint.yaml").write_text("max-bytes: 100\n", encoding="utf-8")
    shutil.copy(EXAMPLE, project / "report.yaml")
    assert main(["import", "report.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "RL010" in captured.err


# --- streaming: each file handed on as soon as its findings are final ------------------------


def _three_reports(folder):
    """a.yaml: 石桥镇's 2023 report, carrying one request forward; b.yaml: its 2024 report, which
    pairs with a.yaml by organ and says none came over (RL701, 自然人 and 总计); c.yaml: another
    township's 2024 report, pairing with nothing. b and c have a penalty figure of -1 (RL312)."""
    from tests.helpers import FIXTURES

    folder.mkdir()
    last = FIXTURES.joinpath("shiqiao-2023.yaml").read_text(encoding="utf-8")
    last = replace_once(last, "carried_forward:              [0, 0, 0, 0, 0, 0, 0]",
                        "carried_forward:              [1, 0, 0, 0, 0, 0, 1]")
    (folder / "a.yaml").write_text(last, encoding="utf-8")
    this = replace_once(EXAMPLE.read_text(encoding="utf-8"), "penalty: [75]", "penalty: [-1]")
    (folder / "b.yaml").write_text(this, encoding="utf-8")
    (folder / "c.yaml").write_text(replace_once(this, "organ: 云溪县石桥镇人民政府",
                                                "organ: 云溪县枫林镇人民政府"), encoding="utf-8")
    return [str(folder / name) for name in ("a.yaml", "b.yaml", "c.yaml")]


@pytest.fixture
def events(monkeypatch):
    """In order: ("lint", path, with last year's report?) as the engine lints a file and
    ("out", path) as the text output is given it."""
    from reportlint.engine import Linter
    from reportlint.formats.text import TextFormatter

    happened: list[tuple] = []
    lint, show = Linter.lint, TextFormatter.file

    def linting(self, loaded, previous=None, extra=()):
        happened.append(("lint", loaded.path, previous is not None))
        return lint(self, loaded, previous, extra)

    def shown(self, result):
        happened.append(("out", result.path))
        return show(self, result)

    monkeypatch.setattr(Linter, "lint", linting)
    monkeypatch.setattr(TextFormatter, "file", shown)
    return happened


def test_files_are_printed_in_their_order_as_soon_as_they_and_those_before_are_final(
        project, events, capsys):
    a, b, c = _three_reports(project / "reports")
    code = main(["check", "--isolated", "--no-cache", "--jobs", "1", str(project / "reports")])
    out = capsys.readouterr().out
    assert code == 1
    assert events == [("lint", a, False), ("lint", b, False), ("lint", c, False),
                      ("out", a),  # final once every file's organ and year is known
                      ("lint", b, True), ("out", b),  # b pairs with a: linted again, then shown
                      ("out", c)]  # final since the first pass ended, shown after b
    # each file's findings together, in the order of the files; the summary last
    blocks = out.split("\n\n")
    assert [block.split(":")[0] for block in blocks] == [a, b, c]
    assert " RL701 " in blocks[1] and " RL701 " not in blocks[0] + blocks[2]
    # a: its own 表三 no longer balances (RL301, 自然人 and 总计); b and c: RL312; b: RL701 twice
    assert [line.split()[1] for line in out.splitlines() if " RL" in line] == [
        "RL301", "RL301", "RL312", "RL701", "RL701", "RL312"]
    assert out.endswith("检查 3 个文件，发现 6 个问题（错误 4，警告 2，提示 0）。\n")


def test_a_file_that_cannot_pair_is_printed_before_the_next_is_linted(project, events, capsys):
    """A file whose report gives no organ and year (here: one that cannot be read) pairs with
    nothing, so its findings are final after its first pass; so are all files of a run given
    last year's report with --previous."""
    folder = project / "reports"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (folder / name).write_text("meta: [unclosed\n", encoding="utf-8")
    assert main(["check", "--isolated", "--no-cache", "--jobs", "1", str(folder)]) == 1
    paths = [str(folder / name) for name in ("a.yaml", "b.yaml", "c.yaml")]
    assert events == [event for path in paths for event in (("lint", path, False), ("out", path))]
    assert capsys.readouterr().out.count(" RL002 ") == 3
    events.clear()
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(EXAMPLE, folder / name)
    last = str(ROOT / "tests" / "fixtures" / "shiqiao-2023.yaml")
    main(["check", "--isolated", "--no-cache", "--jobs", "1", "--previous", last, str(folder)])
    assert events == [event for path in paths for event in (("lint", path, True), ("out", path))]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_baselines_applied_file_by_file_give_what_the_whole_run_gives(project, capsys, jobs):
    """The baseline hides known findings in every file as it arrives (b's RL701 of the second
    pass too), and its entries that no longer occur are found once every file is in: the same
    outcome as matching the whole run's findings at once, in the order of the files."""
    from reportlint import baseline

    a, b, c = _three_reports(project / "reports")
    assert main(["baseline", "--isolated", "reports", "-o", "known.json"]) == 0
    known = baseline.load(project / "known.json")
    assert "RL701" in {entry.code for entry in known.values()}
    # c's defect is fixed (its entry is gone), a has a second, new one
    shutil.copy(EXAMPLE.with_name("shiqiao-2024.yaml"), project / "fixed.yaml")
    text = (project / "reports" / "c.yaml").read_text(encoding="utf-8")
    (project / "reports" / "c.yaml").write_text(replace_once(text, "penalty: [-1]", "penalty: [75]"),
                                                encoding="utf-8")
    text = (project / "reports" / "a.yaml").read_text(encoding="utf-8")
    (project / "reports" / "a.yaml").write_text(
        replace_once(text, "enforcement: [0]", "enforcement: [-3]"), encoding="utf-8")
    capsys.readouterr()

    resolver = Resolver(Overrides(isolated=True, jobs=int(jobs)))
    files = collect(["reports"], resolver)[0]
    whole = run.run(files, resolver, baselines=False)  # today's findings, baseline not applied
    by_path = {item.path: item for item in whole.files}
    matcher = baseline.Matcher(known)
    expected = []
    for path, settings in files:  # the whole run at once, in the order of the files
        found = by_path[path].result.findings
        expected += matcher.keep((f, settings.root) for f in found)
        matcher.looked_for(baseline.relative(path, settings.root),
                           settings.linter_for(path).selection.wants)

    resolver = Resolver(Overrides(isolated=True, jobs=int(jobs), baseline="known.json"))
    streamed: list = []
    outcome = run.run(collect(["reports"], resolver)[0], resolver, each=streamed.append)
    assert outcome.files == []  # nothing kept: each file went to `each`
    shown = [f for item in streamed for f in item.result.findings]
    assert sorted(shown, key=lambda f: (f.path, f.sort_key)) == sorted(
        expected, key=lambda f: (f.path, f.sort_key))
    assert [(f.path, f.code) for f in shown] == [("reports/a.yaml", "RL312")]  # a's new one only
    assert [(entry.path, count) for entry, count in matcher.gone()] == [("reports/c.yaml", 1)]
    [gone] = [f for found in outcome.gone.values() for f in found]
    assert gone.code == "RL094" and "reports/c.yaml" in gone.message
    assert outcome.baseline_note == (f"baseline: {matcher.hidden} known finding(s) not shown; "
                                     "1 entry no longer occur (run `reportlint baseline` to shrink it)")
    assert outcome.summary.files == 3 and outcome.failed
