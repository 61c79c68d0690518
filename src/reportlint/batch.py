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
file, not in memory. What the run keeps of a file meanwhile is some 60 bytes besides its path,
in flat arrays (reportlint.filelist): the hashes of its keys, a few bytes of state, where its
waiting result is; tasks are made as they are sent to the workers, a few chunks ahead. So
20,000 files use about the memory of 1,000 (bench/README.md).

The caller (reportlint.run) applies the baselines and feeds the outputs file by file, so no
stage holds the findings of the whole run.

A run whose output renders the reports (`--format html`) gets them from the workers with the
findings, so it is as parallel as any other; only the cache is not read for it, since a cached
entry holds findings, not the report (it is still written).

A worker that dies (a crash in a C extension, the OOM killer) costs the file it was linting an
RL099 finding, not the run. An interrupted run leaves the cache without partial entries.
"""

from __future__ import annotations

import itertools
import os
import pickle
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from reportlint import pairing
from reportlint.filelist import FileList, compact
from reportlint.engine import INTERNAL_ERROR, PREVIOUS_UNREADABLE, Linter, read_bounded
from reportlint.findings import FileResult, Finding, Hit
from reportlint.i18n import UNREADABLE
from reportlint.model import FILE_START, Report
from reportlint.records import record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from reportlint.cache import Cache

# Fewer files than this per worker do not pay for starting the workers.
FILES_PER_WORKER = 8
WORKERS_PER_CORE = 4  # past this, more workers only cost memory
# Chunks of files sent ahead to each worker: enough to keep it busy, and no more, so a run's
# files in flight (and their results waiting to be read) do not grow with the run.
WINDOW_PER_WORKER = 2
MAX_CHUNK = 32


@record(frozen=True)
class Task:
    index: int  # position in the run
    path: str
    previous: str | None = None  # last year's report to attach, in the second phase
    keep_report: bool = False  # send the report back with the findings (a format renders it)
    by_organ: bool = False  # paired by the organ and year the reports name (checked again)
    for_cache: bool = False  # send the file's bytes back, to key its cache entry


@record(frozen=True)
class Done:
    index: int
    findings: list[Finding]
    key: Any  # (organ, year) for pairing
    data: bytes  # what was read, to key the cache (empty in a run without one)
    report: Report | None = None  # when the task asks for it


_WORKER_LINTERS: FileList[Linter] = FileList()  # the run's files; set before the workers fork


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group; only the parent handles it (it stops
    the workers), so no worker prints a KeyboardInterrupt traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_at_once(pool: Any) -> None:
    """Drop the queued files and terminate the workers (they ignore SIGINT)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


class _Workers:
    """The run's worker processes: started when a pass first needs them and kept for the
    second pass (a second pool cost the parent ~1 MiB more at 20,000 files than the run of
    1,000 that needs none), shut down at the end of the run, or at once on an interruption."""

    def __init__(self) -> None:
        self.pool: Any = None
        self.count = 0

    def start(self, files: FileList[Linter], workers: int) -> Any:
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            global _WORKER_LINTERS
            _WORKER_LINTERS = files  # inherited by the fork
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_ignore_interrupts)
            self.count = workers
        return self.pool

    def stop(self, at_once: bool = False) -> None:
        global _WORKER_LINTERS
        if self.pool is not None:
            if at_once:
                _stop_at_once(self.pool)
            else:
                self.pool.shutdown()
            self.pool, self.count = None, 0
        _WORKER_LINTERS = FileList()

    @contextmanager
    def kept(self) -> Iterator[_Workers]:
        try:
            yield self
        except BaseException:
            self.stop(at_once=True)
            raise
        self.stop()


def default_jobs() -> int:
    return os.cpu_count() or 1


def worker_count(jobs: int, tasks: int) -> int:
    """Workers for `tasks` files under `--jobs jobs`: one per FILES_PER_WORKER files, at most
    WORKERS_PER_CORE per core (`--jobs 100000` forked 1,250 workers for 10,000 files)."""
    return max(0, min(jobs, tasks // FILES_PER_WORKER, WORKERS_PER_CORE * default_jobs()))


def _lint(linter: Linter, task: Task) -> Done:
    loaded = linter.load(task.path)
    last_year = linter.load(task.previous).report if task.previous else None
    if task.by_organ and last_year is not None and not _follows(loaded.report, last_year):
        last_year = None  # the run pairs by a hash of (organ, year): two keys had the same
    result = linter.lint(loaded, last_year)
    key = pairing.organ_year(result.report) if result.report is not None else None
    report = None
    if task.keep_report and result.report is not None:
        report = replace(result.report, previous=None)  # last year's is not sent back too
    return Done(task.index, result.findings, key, loaded.data if task.for_cache else b"", report)


def _follows(report: Report | None, last_year: Report) -> bool:
    own = pairing.organ_year(report) if report is not None else None
    return pairing.follows(own, pairing.organ_year(last_year))


def _work(task: Task) -> Done:
    return _lint(_WORKER_LINTERS.value(task.index), task)


def _in_worker(task: Task) -> Done:
    """What a worker runs: `_work`, looked up when called (tests replace it)."""
    return _work(task)


def _in_chunk(chunk: list[Task]) -> list[Done]:
    return [_in_worker(task) for task in chunk]


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while chunk := list(itertools.islice(tasks, size)):
        yield chunk


def _in_order(pool: Any, chunks: Iterator[list[Task]], sent: deque[list[Task]],
              window: int) -> Iterator[Done]:
    """The chunks' results in order, with at most `window` chunks sent and not yet handed on;
    `sent` holds those, so a broken pool knows which files are left."""
    futures: deque[Any] = deque()
    for chunk in chunks:
        sent.append(chunk)
        futures.append(pool.submit(_in_chunk, chunk))
        if len(futures) >= window:
            yield from futures.popleft().result()
            sent.popleft()
    while futures:
        yield from futures.popleft().result()
        sent.popleft()


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


_HELD, _FINAL = 1, 2  # what _InOrder holds of a file
_FEW_IN_MEMORY = 16  # results that wait in memory before the rest wait on disk


class _InOrder:
    """Results handed on in the order of the files, each as soon as it and every file before
    it are final. A result that is final early, or not final yet, waits in an anonymous
    temporary file (pickled), so waiting costs no memory however many files wait (a byte and
    twelve a file for where it is); with the reports (html renders them) it waits in memory,
    as html keeps its pages anyway. The first few waiting results stay in memory: a run of one
    file or a few (pre-commit) never opens the file, nor imports tempfile (~2 ms of start-up)."""

    def __init__(self, count: int, in_memory: bool = False) -> None:
        self.next = 0  # the first file not handed on yet
        self._state = bytearray(count)  # 0, _HELD (may change) or _FINAL, by file
        self._memory: dict[int, FileResult] = {}  # waiting in memory: all, or the first few
        self._unbounded = in_memory
        self._spool: Any = None
        self._offsets = array("Q")  # by file: where its result is in the spool, and its length
        self._lengths = array("I")

    def hold(self, index: int, result: FileResult) -> None:
        """A result that may still change (the file may pair with last year's)."""
        self._put(index, result)
        self._state[index] = _HELD

    def held(self) -> Iterator[int]:
        """The files held and not final yet, in order."""
        return (index for index in range(self.next, len(self._state))
                if self._state[index] == _HELD)

    def final(self, index: int, result: FileResult | None = None) -> Iterator[FileResult]:
        """The file's result is final (`result`, or the one held): what can be handed on now."""
        if result is not None and index == self.next:
            self.next += 1
            yield result
        else:
            if result is not None:
                self._put(index, result)
            self._state[index] = _FINAL
        while self.next < len(self._state) and self._state[self.next] == _FINAL:
            self._state[self.next] = 0
            yield self._take(self.next)
            self.next += 1

    def _put(self, index: int, result: FileResult) -> None:
        memory = self._memory
        if self._unbounded or index in memory or len(memory) < _FEW_IN_MEMORY:
            memory[index] = result
            return
        if self._spool is None:
            import tempfile  # a run that holds results back spills them to disk

            self._spool = tempfile.TemporaryFile()
            self._offsets = array("Q", bytes(8 * len(self._state)))
            self._lengths = array("I", bytes(4 * len(self._state)))
        data = pickle.dumps((result.path, result.findings), pickle.HIGHEST_PROTOCOL)
        self._offsets[index] = self._spool.seek(0, os.SEEK_END)
        self._lengths[index] = len(data)
        self._spool.write(data)

    def _take(self, index: int) -> FileResult:
        if index in self._memory:
            return self._memory.pop(index)
        self._spool.seek(self._offsets[index])
        path, findings = pickle.loads(self._spool.read(self._lengths[index]))
        return FileResult(path, findings)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


class Batch:
    def __init__(self, files: Sequence[tuple[str, Linter]], jobs: int | None = None,
                 cache: Cache | None = None, keep_reports: bool = False,
                 progress: Callable[[str], object] | None = None) -> None:
        self.files = compact(files)
        # told each file's path as its first pass finishes (the cache's answer, a worker's):
        # the bar moves while the run lints, not when the results are handed on at the end
        self.progress = progress or (lambda path: None)
        self.jobs = jobs or default_jobs()
        self.cache = cache
        self.keep_reports = keep_reports
        self._digests: dict[int, str] = {}
        self._workers = _Workers()

    def run(self, previous: str | None = None) -> Iterator[FileResult]:
        """Each file's FileResult in the order of the files, as soon as it and the files before
        it are final, so outputs can print it and forget it. A file is final after its first
        pass when it can pair with no file; once every file's key is known (the end of the
        first pass) when it pairs with none; after its second pass (last year's report beside
        it) when it pairs. The order is the files', whatever --jobs or the cache.

        What the run keeps of each file is flat: its path's bytes in the file list, the hashes
        of its organ and year and of its name and year (8 bytes each), a few bytes of state."""
        if previous:
            yield from self._with_explicit_previous(previous)
            return
        with self._workers.kept():
            yield from self._two_passes()

    def _two_passes(self) -> Iterator[FileResult]:
        count = len(self.files)
        pairs = pairing.Pairs(count, self.files.path, on_disk=True)
        order = _InOrder(count, in_memory=self.keep_reports)
        try:
            for index, result, key in self._first_pass():  # in the order of the files
                pairs.note(index, key)
                if pairs.named(index):
                    continue  # linted again with last year's: this result is not the final one
                if key is None:
                    yield from order.final(index, result)  # pairs with no file
                else:
                    order.hold(index, result)
            pairs.decide()
            for index in order.held():
                if index not in pairs:
                    yield from order.final(index)
            uncached = bytearray(count)
            for index in pairs.indexes():
                path, linter = self.files[index]
                cached = self._cached_pair(path, pairs.previous(index), linter)
                if cached is None:
                    uncached[index] = 1
                else:
                    yield from order.final(index, FileResult(path, cached))
            second = (Task(i, self.files.path(i), pairs.previous(i), self.keep_reports,
                           by_organ=pairs.by_organ(i), for_cache=self.cache is not None)
                      for i in range(count) if uncached[i])
            for done in self._run(second, uncached.count(1)):
                path = self.files.path(done.index)
                self._store_pair(done, pairs.previous(done.index))
                yield from order.final(done.index, FileResult(path, done.findings, done.report))
            if self.cache is not None:
                self.cache.flush()
        finally:
            order.close()

    def _first_pass(self) -> Iterator[tuple[int, FileResult, Any]]:
        """(index, result, pairing key) of every file linted on its own, in the order of the
        files: a cache hit waits (in memory, as the cache holds it anyway) for the linted
        files before it, which the workers return in order."""
        todo, hits = bytearray(len(self.files)), []
        for index, (path, linter) in enumerate(self.files):
            cached = self._cached(path, linter)
            if cached is None:
                todo[index] = 1
            else:
                self.progress(path)
                hits.append((index, FileResult(path, cached[0]), cached[1]))
        hits.reverse()
        tasks = (Task(i, self.files.path(i), keep_report=self.keep_reports,
                      for_cache=self.cache is not None)
                 for i in range(len(todo)) if todo[i])
        for done in self._run(tasks, todo.count(1)):
            while hits and hits[-1][0] < done.index:
                yield hits.pop()
            self._store(done)
            path = self.files.path(done.index)
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

    def _run(self, tasks: Iterable[Task], count: int) -> Iterator[Done]:
        """The `count` tasks' results in their order, here or in worker processes. The tasks
        are made as they are sent, not all at once."""
        if not count:
            return
        # the first pass's workers, kept for the second; else as many as the files are worth
        workers = self._workers.count or worker_count(self.jobs, count)
        if workers > 1:
            yield from self._parallel(tasks, count, workers)
            return
        for task in tasks:
            yield _lint(self.files.value(task.index), task)

    def _parallel(self, tasks: Iterable[Task], count: int, workers: int) -> Iterator[Done]:
        from concurrent.futures.process import BrokenProcessPool

        sent: deque[list[Task]] = deque()  # the chunks in the workers' hands, in order
        chunks = _chunks(iter(tasks), max(1, min(count // (workers * 8), MAX_CHUNK)))
        try:
            pool = self._workers.start(self.files, workers)
            yield from _in_order(pool, chunks, sent, WINDOW_PER_WORKER * workers)
        except BrokenProcessPool:
            self._workers.stop(at_once=True)
            left = [task for chunk in sent for task in chunk]
            left += [task for chunk in chunks for task in chunk]
            yield from self._isolate(left)

    def _isolate(self, tasks: list[Task]) -> Iterator[Done]:
        """After a worker died: each file left in a process of its own, so the one that kills
        its worker is found and reported, and the others are linted."""
        from concurrent.futures.process import BrokenProcessPool

        for task in tasks:
            alone = _Workers()
            try:
                with alone.kept():
                    yield alone.start(self.files, 1).submit(_in_worker, task).result()
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
