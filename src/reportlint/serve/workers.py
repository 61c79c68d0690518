"""Worker processes for `reportlint serve`: files are checked and pages rendered there, so a
hostile file can cost its own check, never the server.

Each worker is a process of its own (spawned: a fresh interpreter, nothing inherited from the
server's threads) with a pipe to the server and a memory limit. A job that runs past its time
limit gets its worker killed, and the worker is started again for the next job; so is one
whose worker died. A thread per worker waits on the pipe, so the event loop never blocks.

Admission is per request: at most `size + queue` requests are being checked or waiting for
a worker; the next one is refused at once (`Busy`, HTTP 429 with Retry-After), not queued
without bound.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

START_TIMEOUT = 120.0  # seconds for a new worker to import reportlint and load the packs
RECYCLE_AFTER = 500  # jobs; a fresh process keeps memory flat over days


class TimedOut(Exception):
    """The job ran past its time limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker process ended while running the job (a crash, the memory limit)."""


class Busy(Exception):
    """Every worker is busy and the queue is full."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"busy; retry after {retry_after} s")
        self.retry_after = retry_after


def _serve(conn: Any, factory: Callable[..., Any], args: tuple[Any, ...], memory: int | None) -> None:
    """A worker's life: build the handler once, then answer jobs until the pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    if memory:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    handler = factory(*args)
    getattr(handler, "warm", lambda: None)()  # load the packs before the first job
    conn.send(("ready", None))
    while True:
        try:
            method, job_args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", getattr(handler, method)(*job_args)))
        except MemoryError:
            conn.send(("error", "MemoryError: the worker's memory limit was reached"))
        except Exception as error:  # the handler's own bug: said, and the worker goes on
            conn.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.process: Any = None
        self.conn: Any = None
        self.jobs = 0

    def call(self, method: str, args: tuple[Any, ...], timeout: float) -> Any:
        """Run one job (in a thread of the pool): its value, or TimedOut / WorkerDied."""
        if self.process is None or not self.process.is_alive() or self.jobs >= RECYCLE_AFTER:
            self.start()
        self.jobs += 1
        try:
            self.conn.send((method, args))
            if not self.conn.poll(timeout):
                self.stop()
                raise TimedOut
            status, value = self.conn.recv()
        except (EOFError, OSError) as error:
            self.stop()
            raise WorkerDied from error
        if status == "error":
            raise RuntimeError(value)
        return value

    def start(self) -> None:
        self.stop()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        pool = self.pool
        self.process = context.Process(target=_serve, daemon=True, name="reportlint-worker",
                                       args=(child, pool.factory, pool.args, pool.memory))
        self.process.start()
        child.close()
        self.conn, self.jobs = parent, 0
        if not parent.poll(START_TIMEOUT):
            self.stop()
            raise WorkerDied("the worker did not start")
        try:
            parent.recv()
        except (EOFError, OSError) as error:
            self.stop()
            raise WorkerDied("the worker did not start") from error

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(10)
            self.process.close()
            self.process = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Pool:
    def __init__(self, factory: Callable[..., Any], args: tuple[Any, ...] = (), size: int = 2,
                 queue: int = 8, memory: int | None = None) -> None:
        self.factory, self.args, self.memory = factory, args, memory
        self.size, self.capacity = size, size + queue
        self.admitted = 0
        self._workers = [_Worker(self) for _ in range(size)]
        self._threads = ThreadPoolExecutor(size, thread_name_prefix="reportlint-worker")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._seconds = 1.0  # moving average of a request's time, for Retry-After

    async def start(self) -> None:
        """Start every worker now, so that the first upload does not wait for one."""
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.start) for w in self._workers))
        for worker in self._workers:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    @contextmanager
    def admit(self) -> Iterator[None]:
        """A place for one request, or Busy."""
        if self.admitted >= self.capacity:
            waiting = self.admitted - self.size + 1
            raise Busy(max(1, min(60, math.ceil(self._seconds * waiting / self.size))))
        self.admitted += 1
        started = time.monotonic()
        try:
            yield
        finally:
            self.admitted -= 1
            self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)

    async def run(self, method: str, args: tuple[Any, ...], timeout: float) -> Any:
        """Run `method(*args)` on the handler of the next free worker (first come, first
        served). Cancelled while waiting, the job is dropped; cancelled while running, it runs
        to its end or its time limit and the worker then takes the next job."""
        assert self._idle is not None, "Pool.start() first"
        worker = await self._idle.get()
        loop = asyncio.get_running_loop()
        try:
            future = self._threads.submit(worker.call, method, args, timeout)
        except BaseException:
            self._idle.put_nowait(worker)
            raise
        future.add_done_callback(lambda _: self._release(loop, worker))
        return await asyncio.wrap_future(future)

    def _release(self, loop: asyncio.AbstractEventLoop, worker: _Worker) -> None:
        """The worker is free again (called in its thread when the job is over)."""
        assert self._idle is not None
        try:
            loop.call_soon_threadsafe(self._idle.put_nowait, worker)
        except RuntimeError:  # the loop is closed: the server has stopped
            pass

    def alive(self) -> int:
        return sum(1 for w in self._workers if w.process is not None and w.process.is_alive())
