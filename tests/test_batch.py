"""Many files: worker processes and the cache give exactly what a serial, uncached run gives;
a worker that dies costs one file an RL099, not the run; an interrupted cache write leaves
nothing behind."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from reportlint import batch
from reportlint.cache import Cache
from reportlint.cli import main
from reportlint.sealed import unseal
from tests.helpers import EXAMPLE, FIXTURES, ROOT, lint_file

sys.path.insert(0, str(ROOT / "bench"))
import generate

sys.path.pop(0)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    generate.generate(folder / "generated", reports=48, seed=21, defect_rate=0.5)
    shutil.copy(EXAMPLE, folder / "shiqiao-2024.yaml")  # pairs with last year's (RL7xx)
    shutil.copy(FIXTURES / "shiqiao-2023.yaml", folder / "shiqiao-2023.yaml")
    return folder


def _findings(capsys, *args: str) -> list[dict]:
    main(["check", "--format", "json", "--fail-on", "never", *args])
    return json.loads(capsys.readouterr().out)["findings"]


def test_jobs_and_cache_give_the_serial_uncached_findings(corpus, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "cache"))
    serial = _findings(capsys, "--jobs", "1", "--no-cache", str(corpus))
    assert len({f["code"] for f in serial}) >= 8
    parallel_cold = _findings(capsys, "--jobs", "2", str(corpus))
    [entry] = [p for p in (tmp_path / "cache").glob("*.json") if "-paired" not in p.name]
    assert len(unseal(entry.name, entry.read_text(encoding="utf-8"))["files"]) == 50
    [paired] = list((tmp_path / "cache").glob("*-paired.json"))  # shiqiao-2024 with 2023
    assert list(unseal(paired.name, paired.read_text(encoding="utf-8"))["files"]) == [
        str(corpus / "shiqiao-2024.yaml")]
    parallel_warm = _findings(capsys, "--jobs", "2", str(corpus))
    serial_warm = _findings(capsys, "--jobs", "1", str(corpus))
    assert parallel_cold == serial
    assert parallel_warm == serial
    assert serial_warm == serial


def _counting_lints(monkeypatch) -> list[tuple[str, str | None]]:
    """(path, last year's path) of every file linted from now on, in this process."""
    linted: list[tuple[str, str | None]] = []
    real = batch._lint

    def lint(linter, task):
        linted.append((os.path.basename(task.path), task.previous and os.path.basename(task.previous)))
        return real(linter, task)

    monkeypatch.setattr(batch, "_lint", lint)
    return linted


def test_a_warm_run_lints_no_file_not_even_one_that_pairs(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = _findings(capsys, "--jobs", "1", str(corpus))  # shiqiao-2024 pairs with 2023
    linted = _counting_lints(monkeypatch)
    assert _findings(capsys, "--jobs", "1", str(corpus)) == cold
    assert linted == []


def test_an_edit_of_last_years_report_lints_this_years_again(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "shiqiao-2024.yaml")
    last = folder / "shiqiao-2023.yaml"
    shutil.copy(FIXTURES / "shiqiao-2023.yaml", last)
    _findings(capsys, "--jobs", "1", str(folder))
    last.write_text(last.read_text(encoding="utf-8") + "# 已核对\n", encoding="utf-8")
    linted = _counting_lints(monkeypatch)
    warm = _findings(capsys, "--jobs", "1", str(folder))
    # last year's own first pass, and this year's second pass with last year's beside it
    assert ("shiqiao-2024.yaml", "shiqiao-2023.yaml") in linted
    assert ("shiqiao-2024.yaml", None) not in linted  # its own content did not change
    assert warm == _findings(capsys, "--jobs", "1", "--no-cache", str(folder))


def test_cache_is_invalidated_by_an_edit(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "cache"))
    report = tmp_path / "r.yaml"
    report.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert _findings(capsys, str(report)) == []
    report.write_text(EXAMPLE.read_text(encoding="utf-8").replace("year: 2024", "year: 2025"),
                      encoding="utf-8")
    assert "RL204" in {f["code"] for f in _findings(capsys, str(report))}


def test_a_worker_that_dies_costs_one_file(corpus, monkeypatch, linter):
    files = sorted(str(p) for p in (corpus / "generated").glob("*.yaml"))
    victim = files[5]
    real_work = batch._work

    def dying_work(task):
        if task.path == victim:
            os._exit(9)
        return real_work(task)

    monkeypatch.setattr(batch, "_work", dying_work)
    results = list(batch.Batch([(f, linter) for f in files], jobs=2).run())
    assert [r.path for r in results] == files  # each file once, in their order
    crashed = [r for r in results if any(f.code == "RL099" for f in r.findings)]
    assert [r.path for r in crashed] == [victim]
    assert "died" in crashed[0].findings[0].message
    serial = {r.path: r.findings for r in batch.Batch([(f, linter) for f in files], jobs=1).run()}
    for result in results:
        if result.path != victim:
            assert result.findings == serial[result.path]


@pytest.fixture
def paired(tmp_path) -> list[str]:
    """24 generated reports, each with a copy as last year's by its file name: 24 files pair."""
    folder = tmp_path / "paired"
    generate.generate(folder, reports=24, seed=5, defect_rate=0.3)
    for report in sorted(folder.glob("*.yaml")):
        name, year = report.stem.rsplit("-", 1)
        shutil.copy(report, folder / f"{name}-{int(year) - 1}.yaml")
    return sorted(str(p) for p in folder.glob("*.yaml"))


def test_both_passes_share_one_pool_of_workers(paired, monkeypatch, linter):
    import concurrent.futures

    started = []

    class Counted(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args[0] if args else kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    linted = _counting_lints(monkeypatch)  # in this process: none, the workers lint
    results = list(batch.Batch([(f, linter) for f in paired], jobs=2).run())
    assert started == [2]
    assert linted == []
    serial = list(batch.Batch([(f, linter) for f in paired], jobs=1).run())
    assert [(r.path, r.findings) for r in results] == [(r.path, r.findings) for r in serial]
    assert len(linted) == 48 + 24  # the second pass ran: every file of this year again
    assert sum(f.code.startswith("RL7") for r in serial for f in r.findings) >= 24


def test_a_worker_that_dies_in_the_second_pass_costs_one_file(paired, monkeypatch, linter):
    victim = paired[-1]
    real_work = batch._work

    def dying_work(task):
        if task.path == victim and task.previous:
            os._exit(9)
        return real_work(task)

    monkeypatch.setattr(batch, "_work", dying_work)
    results = list(batch.Batch([(f, linter) for f in paired], jobs=2).run())
    assert [r.path for r in results] == paired
    crashed = [r.path for r in results if any(f.code == "RL099" for f in r.findings)]
    assert crashed == [victim]
    serial = {r.path: r.findings for r in batch.Batch([(f, linter) for f in paired], jobs=1).run()}
    assert all(r.findings == serial[r.path] for r in results if r.path != victim)


def test_an_interrupted_cache_write_leaves_no_entry(tmp_path, monkeypatch, linter):
    cache = Cache(tmp_path / "cache")
    findings = lint_file(linter, FIXTURES / "shiqiao-2023.yaml")
    cache.put("digest", "a.yaml", b"data", findings, None)

    def interrupted(stream, text):
        stream.write(text[:20])
        raise KeyboardInterrupt

    monkeypatch.setattr("reportlint.cache._emit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.flush()
    left = [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert left == [".gitignore"]
    assert Cache(tmp_path / "cache").get("digest", "a.yaml", b"data") is None


def test_a_foreign_or_broken_cache_is_ignored(tmp_path, linter):
    cache = Cache(tmp_path / "cache")
    cache.put("digest", "a.yaml", b"data", [], None)
    cache.flush()
    assert Cache(tmp_path / "cache").get("digest", "a.yaml", b"data") == ([], None)
    assert Cache(tmp_path / "cache").get("digest", "a.yaml", b"other") is None
    (tmp_path / "cache" / "digest.json").write_text(
        '{"format": 1, "files": {"x": {"sha256": 1, "findings": [{"span": "not a span"}]}}}',
        encoding="utf-8")
    assert Cache(tmp_path / "cache").get("digest", "a.yaml", b"data") is None
    (tmp_path / "cache" / "digest.json").write_text("not json", encoding="utf-8")
    assert Cache(tmp_path / "cache").get("digest", "a.yaml", b"data") is None


def test_a_worker_killed_by_a_signal_costs_one_file(corpus, monkeypatch, linter):
    import signal

    files = sorted(str(p) for p in (corpus / "generated").glob("*.yaml"))
    victim = files[7]
    real_work = batch._work

    def killed_work(task):
        if task.path == victim:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_work(task)

    monkeypatch.setattr(batch, "_work", killed_work)
    results = list(batch.Batch([(f, linter) for f in files], jobs=2).run())
    assert [r.path for r in results] == files  # each file once, in their order
    crashed = [r.path for r in results if any(f.code == "RL099" for f in r.findings)]
    assert crashed == [victim]


def test_ctrl_c_exits_130_and_leaves_only_whole_cache_entries(tmp_path):
    """SIGINT to the process group, as a terminal's Ctrl-C sends it, in the middle of a
    `--jobs 2` run over many files: message, exit code 130, no traceback, no temp file."""
    import signal
    import subprocess

    generate.generate(tmp_path / "reports", reports=1200, seed=5, defect_rate=0.3)
    cache = tmp_path / "cache"
    for attempt in range(3):  # only if the run ended before the signal
        process = subprocess.Popen(
            [sys.executable, "-m", "reportlint", "check", "reports", "--jobs", "2",
             "--format", "concise"], cwd=tmp_path, start_new_session=True,
            env={**os.environ, "REPORTLINT_CACHE_DIR": str(cache)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait_for_workers(process.pid, fallback=1.0 + attempt)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if process.returncode == 130:
            break
        shutil.rmtree(cache, ignore_errors=True)
    assert process.returncode == 130, err
    assert err.strip().endswith("reportlint: interrupted"), err
    assert "Traceback" not in err
    leftovers = [p.name for p in cache.rglob("*.tmp")] if cache.exists() else []
    assert leftovers == []
    for entry in cache.rglob("*.json") if cache.exists() else []:
        json.loads(entry.read_text(encoding="utf-8"))  # every entry is whole


def _wait_for_workers(pid: int, fallback: float) -> None:
    """Until the run has started its worker processes (Linux: /proc lists children), so the
    signal lands mid-run; elsewhere a fixed wait."""
    import time

    children = f"/proc/{pid}/task/{pid}/children"
    if not os.path.exists(children):
        time.sleep(fallback)
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(children) as handle:
            if handle.read().split():
                time.sleep(0.2)  # the workers are linting
                return
        time.sleep(0.02)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_moves_as_each_file_finishes_not_when_the_run_ends(corpus, linter, jobs):
    files = sorted(str(p) for p in (corpus / "generated").glob("*.yaml"))[:24]
    events: list[str] = []
    run = batch.Batch([(path, linter) for path in files], jobs=jobs,
                      progress=lambda path: events.append(path))
    results = run.run()
    first = next(results)  # the run's results are handed on after both passes ...
    assert sorted(events) == files  # ... but every file was told as it finished
    assert first.path == files[0] and len([first, *results]) == len(files)


def test_the_progress_of_a_serial_run_alternates_with_the_linting(corpus, linter, monkeypatch):
    files = sorted(str(p) for p in (corpus / "generated").glob("*.yaml"))[:5]
    events: list[tuple[str, str]] = []
    real = batch._lint

    def lint(linter, task):
        events.append(("lint", task.path))
        return real(linter, task)

    monkeypatch.setattr(batch, "_lint", lint)
    list(batch.Batch([(p, linter) for p in files], jobs=1,
                     progress=lambda path: events.append(("done", path))).run())
    assert events == [(what, path) for path in files for what in ("lint", "done")]


def test_results_wait_in_memory_for_a_few_files_and_on_disk_beyond():
    """A run of one or a few files (pre-commit) holds its results in memory, never opening a
    temporary file; a longer run spills the rest, and the order and results are the same."""
    from reportlint.findings import FileResult

    for count in (1, 5, batch._FEW_IN_MEMORY + 9):
        order = batch._InOrder(count)
        for index in reversed(range(1, count)):  # all but the first wait, last to first
            order.hold(index, FileResult(f"held-{index}.yaml", []))
        spilled = order._spool is not None
        out = list(order.final(0, FileResult("first.yaml", [])))
        for index in range(1, count):
            out += order.final(index, FileResult(f"final-{index}.yaml", []) if index % 2 else None)
        order.close()
        assert spilled == (count - 1 > batch._FEW_IN_MEMORY)
        assert [r.path for r in out] == ["first.yaml"] + [
            f"final-{i}.yaml" if i % 2 else f"held-{i}.yaml" for i in range(1, count)]
