"""Lint the files of one run: in parallel, from the cache where nothing changed, and with last
year's report attached where the run holds it.

Two phases keep memory flat however many files there are:
1. every file is linted on its own (worker processes with `--jobs`, or the cache), keeping only
   its findings and the small key that pairs it with last year's report (organ and year);
2. the files that pair are linted again with last year's report attached (RL7xx), reading the
   two files anew; a run without pairs (an audit of one year) does no second pass.

A worker that dies (a crash in a C extension, the OOM killer) costs the file it was linting an
RL099 finding, not the run. An interrupted run leaves the cache without partial entries.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from reportlint import pairing
from reportlint.cache import Cache, linter_key
from reportlint.engine import INTERNAL_ERROR, PREVIOUS_UNREADABLE, FileResult, Linter
from reportlint.findings import Hit
from reportlint.model import FILE_START

# Fewer files than this per worker do not pay for starting the workers.
FILES_PER_WORKER = 8

_WORKER_LINTERS: list[Linter] = []  # set before the workers fork, read by them


def default_jobs() -> int:
    return os.cpu_count() or 1


def _single(linter: Linter, path: str, keep_report: bool) -> tuple[FileResult, Any, bytes]:
    loaded = linter.load(path)
    result = linter.lint_loaded(loaded)
    key = pairing.organ_year(result.report) if result.report is not None else None
    if not keep_report:
        result.report = None
    return result, key, loaded.data


def _work(task: tuple[int, str]) -> tuple[int, list, Any, bytes]:
    index, path = task
    result, key, data = _single(_WORKER_LINTERS[index], path, False)
    return index, result.findings, key, data


def _in_worker(task: tuple[int, str]) -> tuple[int, list, Any, bytes]:
    """What a worker runs: `_work`, looked up when called (tests replace it)."""
    return _work(task)


class Batch:
    def __init__(self, files: Sequence[tuple[str, Linter]], jobs: int | None = None,
                 cache: Cache | None = None, keep_reports: bool = False) -> None:
        self.files = list(files)
        self.jobs = jobs or default_jobs()
        self.cache = cache
        self.keep_reports = keep_reports
        self._digests: dict[int, str] = {}

    def run(self, previous: str | None = None) -> Iterator[FileResult]:
        """FileResults in the order of the files."""
        if previous:
            yield from self._with_explicit_previous(previous)
            return
        results, keys = self._first_pass()
        pairs = pairing.pair_keys({path: keys[i] for i, (path, _) in enumerate(self.files)})
        for index, (path, linter) in enumerate(self.files):
            last_year = pairs.get(path)
            if last_year is not None:
                results[index] = self._with_previous(linter, path, linter.load(last_year).report)
            yield results[index]
            results[index] = None  # type: ignore[call-overload]

    def _with_explicit_previous(self, previous: str) -> Iterator[FileResult]:
        if not self.files:
            return
        last = self.files[0][1].load(previous)
        extra: list[Hit] = []
        if last.report is None:
            problem = next((h.args.get("problem") for h in last.hits if h.args), "")
            extra.append(Hit(FILE_START, code=PREVIOUS_UNREADABLE,
                             args={"previous": previous, "problem": problem or "unreadable"}))
        for path, linter in self.files:
            yield self._with_previous(linter, path, last.report, extra)

    def _with_previous(self, linter: Linter, path: str, report: Any, extra: Sequence[Hit] = ()
                       ) -> FileResult:
        result = linter.lint_loaded(linter.load(path), report, extra)
        if not self.keep_reports:
            result.report = None
        return result

    # --- first pass: each file on its own ------------------------------------------------

    def _digest(self, linter: Linter) -> str:
        if id(linter) not in self._digests:
            self._digests[id(linter)] = linter_key(linter)
        return self._digests[id(linter)]

    def _first_pass(self) -> tuple[list[FileResult], list[Any]]:
        count = len(self.files)
        results: list[FileResult | None] = [None] * count
        keys: list[Any] = [None] * count
        todo: list[int] = []
        for index, (path, linter) in enumerate(self.files):
            hit = self._cached(path, linter)
            if hit is None:
                todo.append(index)
            else:
                results[index], keys[index] = hit
        workers = min(self.jobs, len(todo) // FILES_PER_WORKER)
        if workers > 1 and not self.keep_reports:
            self._parallel(todo, workers, results, keys)
        else:
            for index in todo:
                path, linter = self.files[index]
                result, key, data = _single(linter, path, self.keep_reports)
                results[index], keys[index] = result, key
                self._store(index, data, result, key)
        return results, keys  # type: ignore[return-value]

    def _cached(self, path: str, linter: Linter) -> tuple[FileResult, Any] | None:
        if self.cache is None or self.keep_reports:
            return None
        try:
            with open(path, "rb") as handle:
                data = handle.read(linter.max_bytes + 1)
        except OSError:
            return None
        found = self.cache.get(self._digest(linter), path, data)
        if found is None:
            return None
        findings, key = found
        return FileResult(path, findings), tuple(key) if key else None

    def _store(self, index: int, data: bytes, result: FileResult, key: Any) -> None:
        if self.cache is None or not data:
            return
        if any(f.code == INTERNAL_ERROR for f in result.findings):
            return  # a crash is not a result to remember
        path, linter = self.files[index]
        self.cache.put(self._digest(linter), path, data, result.findings, list(key) if key else None)

    def _parallel(self, todo: list[int], workers: int, results: list, keys: list) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER_LINTERS
        _WORKER_LINTERS = [self.files[index][1] for index in todo]  # inherited by the fork
        context = multiprocessing.get_context("fork")
        done: set[int] = set()
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                work = [(task, self.files[index][0]) for task, index in enumerate(todo)]
                chunk = max(1, len(work) // (workers * 8))
                for task, findings, key, data in pool.map(_in_worker, work, chunksize=chunk):
                    index = todo[task]
                    results[index], keys[index] = FileResult(self.files[index][0], findings), key
                    self._store(index, data, results[index], key)
                    done.add(task)
        except BrokenProcessPool:
            self._isolate([t for t in range(len(todo)) if t not in done], todo, results, keys, context)
        finally:
            _WORKER_LINTERS = []

    def _isolate(self, tasks: list[int], todo: list[int], results: list, keys: list,
                 context: Any) -> None:
        """After a worker died: each file left in a process of its own, so the one that kills
        its worker is found and reported, and the others are linted."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        for task in tasks:
            index = todo[task]
            path, linter = self.files[index]
            try:
                with ProcessPoolExecutor(1, mp_context=context) as pool:
                    _, findings, key, data = pool.submit(_in_worker, (task, path)).result()
                results[index], keys[index] = FileResult(path, findings), key
                self._store(index, data, results[index], key)
            except BrokenProcessPool:
                hit = Hit(FILE_START, code=INTERNAL_ERROR,
                          args={"where": "worker process", "detail": "the process linting this file died"})
                results[index] = FileResult(path, linter.finalise(path, [hit]))
