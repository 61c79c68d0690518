"""Lint the files of one run: in parallel, from the cache where nothing changed, and with last
year's report attached where the run holds it.

Two phases keep memory flat however many files there are:
1. every file is linted on its own (worker processes with `--jobs`, or the cache), keeping only
   the small key that pairs it with last year's report (organ and year);
2. the files that pair are linted again with last year's report attached (RL7xx), reading the
   two files anew, in the workers too; a run without pairs (an audit of one year) does no
   second pass.
Results are handed on in the order of the files as soon as each is final (after its first pass
when it can pair with no file, at the end of the first pass when it pairs with none, after its
second pass when it pairs); one that must wait for the files before it waits in a temporary
file, not in memory.

The caller (reportlint.run) applies the baselines and feeds the outputs file by file, so no
stage holds the findings of the whole run.

A run whose output renders the reports (`--format html`) gets them from the workers with the
findings, so it is as parallel as any other; only the cache is not read for it, since a cached
entry holds findings, not the report (it is still written).

A worker that dies (a crash in a C extension, the OOM killer) costs the file it was linting an
RL099 finding, not the run. An interrupted run leaves the cache without partial entries.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportlint import pairing
from reportlint.engine import INTERNAL_ERROR, PREVIOUS_UNREADABLE, Linter, read_bounded
from reportlint.findings import FileResult, Finding, Hit
from reportlint.i18n import UNREADABLE
from reportlint.model import FILE_START, Report
from reportlint.records import record

if TYPE_CHECKING:
    from reportlint.cache import Cache

# Fewer files than this per worker do not pay for starting the workers.
FILES_PER_WORKER = 8
WORKERS_PER_CORE = 4  # past this, more workers only cost memory


@record(frozen=True)
class Task:
    index: int  # position in the run
    path: str
    previous: str | None = None  # last year's report to attach, in the second phase
    keep_report: bool = False  # send the report back with the findings (a format renders it)


@record(frozen=True)
class Done:
    index: int
    findings: list[Finding]
    key: Any  # (organ, year) for pairing
    data: bytes  # what was read, to key the cache
    report: Report | None = None  # when the task asks for it


_WORKER_LINTERS: list[Linter] = []  # by task index; set before the workers fork


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group; only the parent handles it (it stops
    the workers), so no worker prints a KeyboardInterrupt traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _stopped_on_interrupt(pool: Any) -> Iterator[Any]:
    """The pool, shut down normally, or on an interruption (Ctrl-C, a closed generator) at once:
    queued files are dropped and the workers, which ignore SIGINT, are terminated."""
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(5)
        raise
    pool.shutdown()


def default_jobs() -> int:
    return os.cpu_count() or 1


def worker_count(jobs: int, tasks: int) -> int:
    """Workers for `tasks` files under `--jobs jobs`: one per FILES_PER_WORKER files, at most
    WORKERS_PER_CORE per core (`--jobs 100000` forked 1,250 workers for 10,000 files)."""
    return max(0, min(jobs, tasks // FILES_PER_WORKER, WORKERS_PER_CORE * default_jobs()))


def _lint(linter: Linter, task: Task) -> Done:
    loaded = linter.load(task.path)
    last_year = linter.load(task.previous).report if task.previous else None
    result = linter.lint(loaded, last_year)
    key = pairing.organ_year(result.report) if result.report is not None else None
    report = None
    if task.keep_report and result.report is not None:
        report = replace(result.report, previous=None)  # last year's is not sent back too
    return Done(task.index, result.findings, key, loaded.data, report)


def _work(task: Task) -> Done:
    return _lint(_WORKER_LINTERS[task.index], task)


def _in_worker(task: Task) -> Done:
    """What a worker runs: `_work`, looked up when called (tests replace it)."""
    return _work(task)


def _bytes_of(path: str, linter: Linter) -> bytes | None:
    """A file's bytes as the linter would read them, or None where it would not (linting
    says why: RL001, RL010)."""
    try:
        data = read_bounded(path, linter.max_bytes)
    except OSError:
        return None
    return None if isinstance(data, Hit) else data


def _pair_key(data: bytes, previous: str, linter: Linter) -> bytes | None:
    """What a paired result depends on besides the linter: this file's bytes as linted, last
    year's path and its bytes; None when last year's file is not read here."""
    last = _bytes_of(previous, linter)
    if last is None:
        return None
    name = os.fsencode(os.path.abspath(previous))
    return b"%d:%d:%d:" % (len(data), len(name), len(last)) + data + name + last


class _InOrder:
    """Results handed on in the order of the files, each as soon as it and every file before
    it are final. A result that is final early, or not final yet, waits in an anonymous
    temporary file (pickled), so waiting costs no memory however many files wait; with the
    reports (html renders them) it waits in memory, as html keeps its pages anyway."""

    def __init__(self, in_memory: bool = False) -> None:
        self.next = 0  # the first file not handed on yet
        self.waiting: set[int] = set()  # held, not final yet
        self._final: set[int] = set()  # held, final
        self._memory: dict[int, FileResult] | None = {} if in_memory else None
        self._spool: Any = None
        self._where: dict[int, tuple[int, int]] = {}  # index -> offset and length in the spool

    def hold(self, index: int, result: FileResult) -> None:
        """A result that may still change (the file may pair with last year's)."""
        self._put(index, result)
        self.waiting.add(index)

    def final(self, index: int, result: FileResult | None = None) -> Iterator[FileResult]:
        """The file's result is final (`result`, or the one held): what can be handed on now."""
        if result is not None and index == self.next:
            self.next += 1
            yield result
        else:
            if result is not None:
                self._put(index, result)
            self.waiting.discard(index)
            self._final.add(index)
        while self.next in self._final:
            self._final.discard(self.next)
            yield self._take(self.next)
            self.next += 1

    def _put(self, index: int, result: FileResult) -> None:
        if self._memory is not None:
            self._memory[index] = result
            return
        if self._spool is None:
            import tempfile  # a run that holds results back spills them to disk

            self._spool = tempfile.TemporaryFile()
        data = pickle.dumps((result.path, result.findings), pickle.HIGHEST_PROTOCOL)
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(data)
        self._where[index] = (offset, len(data))

    def _take(self, index: int) -> FileResult:
        if self._memory is not None:
            return self._memory.pop(index)
        offset, length = self._where.pop(index)
        self._spool.seek(offset)
        path, findings = pickle.loads(self._spool.read(length))
        return FileResult(path, findings)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


class Batch:
    def __init__(self, files: Sequence[tuple[str, Linter]], jobs: int | None = None,
                 cache: Cache | None = None, keep_reports: bool = False,
                 progress: Callable[[str], object] | None = None) -> None:
        self.files = list(files)
        # told each file's path as its first pass finishes (the cache's answer, a worker's):
        # the bar moves while the run lints, not when the results are handed on at the end
        self.progress = progress or (lambda path: None)
        self.jobs = jobs or default_jobs()
        self.cache = cache
        self.keep_reports = keep_reports
        self._digests: dict[int, str] = {}

    def run(self, previous: str | None = None) -> Iterator[FileResult]:
        """Each file's FileResult in the order of the files, as soon as it and the files before
        it are final, so outputs can print it and forget it. A file is final after its first
        pass when it can pair with no file; once every file's key is known (the end of the
        first pass) when it pairs with none; after its second pass (last year's report beside
        it) when it pairs. The order is the files', whatever --jobs or the cache."""
        if previous:
            yield from self._with_explicit_previous(previous)
            return
        on_disk = pairing.OnDisk()  # each folder listed once this run
        named = self._paired_by_name(on_disk)
        keys: list[Any] = [None] * len(self.files)
        order = _InOrder(in_memory=self.keep_reports)
        try:
            for index, result, key in self._first_pass():
                keys[index] = key
                if index in named:
                    continue  # linted again with last year's: this result is not the final one
                if key is None:
                    yield from order.final(index, result)  # pairs with no file
                else:
                    order.hold(index, result)
            pairs = pairing.pair_keys({path: keys[i] for i, (path, _) in enumerate(self.files)})
            for index in named:  # last year's beside it, when the run does not hold it
                path = self.files[index][0]
                if path not in pairs and (found := on_disk(path)) is not None:
                    pairs[path] = found
            keys = []
            for index in sorted(order.waiting):
                if self.files[index][0] not in pairs:
                    yield from order.final(index)
            second = []
            for index, (path, linter) in enumerate(self.files):
                if path not in pairs:
                    continue
                cached = self._cached_pair(path, pairs[path], linter)
                if cached is None:
                    second.append(Task(index, path, pairs[path], self.keep_reports))
                else:
                    yield from order.final(index, FileResult(path, cached))
            for done in self._run(second):
                path = self.files[done.index][0]
                self._store_pair(done, pairs[path])
                yield from order.final(done.index, FileResult(path, done.findings, done.report))
            if self.cache is not None:
                self.cache.flush()
        finally:
            order.close()

    def _paired_by_name(self, on_disk: pairing.OnDisk) -> set[int]:
        """Indexes of the files that pair whatever their reports say: last year's file by name
        (`<name>-<year-1>`) is in the run or beside it on disk."""
        in_run = pairing.pair_keys({path: None for path, _ in self.files})
        return {i for i, (path, _) in enumerate(self.files)
                if path in in_run or on_disk(path) is not None}

    def _first_pass(self) -> Iterator[tuple[int, FileResult, Any]]:
        """(index, result, pairing key) of every file linted on its own, in the order of the
        files: a cache hit waits (in memory, as the cache holds it anyway) for the linted
        files before it, which the workers return in order."""
        todo, hits = [], []
        for index, (path, linter) in enumerate(self.files):
            cached = self._cached(path, linter)
            if cached is None:
                todo.append(Task(index, path, keep_report=self.keep_reports))
            else:
                self.progress(path)
                hits.append((index, FileResult(path, cached[0]), cached[1]))
        hits.reverse()
        for done in self._run(todo):
            while hits and hits[-1][0] < done.index:
                yield hits.pop()
            self._store(done)
            path = self.files[done.index][0]
            self.progress(path)
            yield done.index, FileResult(path, done.findings, done.report), done.key
        while hits:
            yield hits.pop()
        if self.cache is not None:
            self.cache.flush()  # only now: an interrupted first pass leaves the cache as it was

    def _with_explicit_previous(self, previous: str) -> Iterator[FileResult]:
        if not self.files:
            return
        last = self.files[0][1].load(previous)
        extra: list[Hit] = []
        if last.report is None:
            problem = next((h.args.get("problem") for h in last.hits if h.args), "")
            extra.append(Hit(FILE_START, code=PREVIOUS_UNREADABLE,
                             args={"previous": previous, "problem": problem or UNREADABLE}))
        for path, linter in self.files:
            result = linter.lint(linter.load(path), last.report, extra)
            self.progress(path)
            keep = self.keep_reports and result.report is not None
            result.report = replace(result.report, previous=None) if keep else None
            yield result

    # --- running tasks, here or in workers -------------------------------------------------

    def _run(self, tasks: list[Task]) -> Iterator[Done]:
        workers = worker_count(self.jobs, len(tasks))
        if workers > 1:
            yield from self._parallel(tasks, workers)
            return
        for task in tasks:
            yield _lint(self.files[task.index][1], task)

    def _parallel(self, tasks: list[Task], workers: int) -> Iterator[Done]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER_LINTERS
        _WORKER_LINTERS = [linter for _, linter in self.files]  # inherited by the fork
        context = multiprocessing.get_context("fork")
        finished: set[int] = set()
        try:
            with _stopped_on_interrupt(ProcessPoolExecutor(
                    workers, mp_context=context, initializer=_ignore_interrupts)) as pool:
                chunk = max(1, len(tasks) // (workers * 8))
                for done in pool.map(_in_worker, tasks, chunksize=chunk):
                    finished.add(done.index)
                    yield done
        except BrokenProcessPool:
            yield from self._isolate([t for t in tasks if t.index not in finished], context)
        finally:
            _WORKER_LINTERS = []

    def _isolate(self, tasks: list[Task], context: Any) -> Iterator[Done]:
        """After a worker died: each file left in a process of its own, so the one that kills
        its worker is found and reported, and the others are linted."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        for task in tasks:
            try:
                with _stopped_on_interrupt(ProcessPoolExecutor(
                        1, mp_context=context, initializer=_ignore_interrupts)) as pool:
                    yield pool.submit(_in_worker, task).result()
            except BrokenProcessPool:
                hit = Hit(FILE_START, code=INTERNAL_ERROR,
                          args={"where": "worker process", "detail": "the process linting this file died"})
                linter = self.files[task.index][1]
                yield Done(task.index, linter.findings(task.path, [hit]), None, b"")

    # --- the cache --------------------------------------------------------------------------

    def _digest(self, linter: Linter) -> str:
        if id(linter) not in self._digests:
            from reportlint.cache import linter_key  # only a run with the cache gets here

            self._digests[id(linter)] = linter_key(linter)
        return self._digests[id(linter)]

    def _cached(self, path: str, linter: Linter) -> tuple[list[Finding], Any] | None:
        if self.cache is None or self.keep_reports:
            return None  # an entry holds findings, not the report a format renders
        data = _bytes_of(path, linter)
        if data is None:
            return None
        found = self.cache.get(self._digest(linter), path, data)
        if found is None:
            return None
        findings, key = found
        return findings, tuple(key) if key else None

    # A file linted with last year's report beside it is cached under its own table, keyed by
    # the content of both files and last year's path: either changing lints it again.
    _PAIRED = "-paired"

    def _cached_pair(self, path: str, previous: str, linter: Linter) -> list[Finding] | None:
        if self.cache is None or self.keep_reports:
            return None
        data = _bytes_of(path, linter)
        key = _pair_key(data, previous, linter) if data is not None else None
        if key is None:
            return None
        found = self.cache.get(self._digest(linter) + self._PAIRED, path, key)
        return None if found is None else found[0]

    def _store_pair(self, done: Done, previous: str) -> None:
        if self.cache is None or self.keep_reports or not done.data \
                or any(f.code == INTERNAL_ERROR for f in done.findings):
            return
        path, linter = self.files[done.index]
        key = _pair_key(done.data, previous, linter)
        if key is not None:
            self.cache.put(self._digest(linter) + self._PAIRED, path, key, done.findings, None)

    def _store(self, done: Done) -> None:
        if self.cache is None or not done.data:
            return
        if any(f.code == INTERNAL_ERROR for f in done.findings):
            return  # a crash is not a result to remember
        path, linter = self.files[done.index]
        self.cache.put(self._digest(linter), path, done.data, done.findings,
                       list(done.key) if done.key else None)
