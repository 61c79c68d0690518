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

    def counted(self, tasks, workers):
        pools.append(workers)
        return real(self, tasks, workers)

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
