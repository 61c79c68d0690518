"""Helpers for the tests of `reportlint serve`: the reports to upload (the bundled example,
and a defective fictional one made from it), and a real server on loopback in a process of
its own. (conftest.py holds the fixtures.)"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from reportlint.serve.app import Config, create_app
from reportlint.serve.checking import Checked, Checker
from tests.helpers import EXAMPLE

# The HTTP client Starlette's test client uses: httpx2, or httpx before Python 3.11.
httpx = importlib.import_module("httpx2" if importlib.util.find_spec("httpx2") else "httpx")


# The edits of tests/formats/test_html.py: table 三's `new` row total (RL303, and RL301 on
# the 总计 column), the prose that restates it, an empty website placeholder (RL403) and
# slashes for numbers in two rows (RL311, one finding a row).
EDITS = [("new:                          [2, 0, 0, 0, 0, 0, 2]",
          "new:                          [2, 0, 0, 0, 0, 0, 3]"),
         ("收到政府信息公开申请2件", "收到政府信息公开申请3件"),
         ("门户网站（www.yunxi.gov.cn）下载", "门户网站（）下载"),
         ("not_processed_mass:           [0, 0, 0, 0, 0, 0, 0]",
          "not_processed_mass:           [/, /, 0, 0, 0, 0, 0]"),
         ("not_processed_repeat:         [0, 0, 0, 0, 0, 0, 0]",
          "not_processed_repeat:         [/, 0, 0, 0, 0, 0, 0]")]
BROKEN_CELLS = {"tables.table3.new.total", "tables.table3.outcome_total.total",
                "tables.table3.not_processed_mass.natural",
                "tables.table3.not_processed_mass.business",
                "tables.table3.not_processed_repeat.natural"}


def broken_report() -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def leftovers(temp_root: Path) -> list[str]:
    """What the server left in its temporary folder: only the (empty) folders of servers."""
    return sorted(str(p.relative_to(temp_root)) for p in temp_root.rglob("*")
                  if p.is_file() or p.parent != temp_root)


class LiveServer:
    """`python -m reportlint serve` on a free loopback port, its log in a file."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.temp = folder / "temp"
        self.temp.mkdir(parents=True)
        self.log_path = folder / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportlint", "serve", "--port", "0", "--temp-dir",
             str(self.temp), *args], stdout=subprocess.DEVNULL,
            stderr=self.log_path.open("wb"), cwd=folder, env={**os.environ, **(env or {})})
        self.url = self._wait()

    def _wait(self) -> str:
        deadline = time.monotonic() + 120
        url = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log()}")
            if url is None:
                found = re.search(r"(http://127\.0\.0\.1:\d+)/", self.log())
                url = found.group(1) if found else None
            if url is not None:
                try:
                    with urllib.request.urlopen(url + "/healthz", timeout=5) as answer:
                        if answer.status == 200:
                            return url
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not start: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def processes(self) -> list[int]:
        """The server and its worker processes."""
        tasks = Path(f"/proc/{self.process.pid}/task").glob("*/children")  # any thread's
        return [self.process.pid, *(int(pid) for task in tasks for pid in task.read_text().split())]

    def memory(self) -> int:
        """Resident bytes of the server and its workers."""
        total = 0
        for pid in self.processes():
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
        return total

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode


class SlowChecker(Checker):
    """A worker's checker that takes its time on a file named `slow…` and dies on one named
    `crash…`: what a hostile file could do, on demand."""

    def check(self, path: str, name: str, lang: str, previous=None) -> Checked:
        base = name.rsplit("/", 1)[-1]
        if base.startswith("slow"):
            time.sleep(60)
        if base.startswith("crash"):
            os._exit(3)
        return super().check(path, name, lang, previous)


class ThreadServer:
    """The app on a free loopback port, served by uvicorn in a thread of the test process (so
    a test can give it a worker factory of its own)."""

    def __init__(self, config: Config) -> None:
        import socket
        import threading

        import uvicorn

        self.app = create_app(config)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_config=None, access_log=False,
                                                    lifespan="on"))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]},
                                       daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)

    @property
    def state(self):
        return self.app.state.server

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(60)


def multipart(files: dict[str, bytes], boundary: str = "reportlint-test-boundary") -> tuple[bytes, str]:
    """A multipart/form-data body with these files in the field `file`, and its content type."""
    parts = []
    for name, data in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"
