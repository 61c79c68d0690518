"""What a hostile file can do to a worker, and what the server does about it: a file that
takes too long gets RL098, one that kills its worker gets RL099, the others in the upload are
checked, the server stays up; a full queue answers 429 with Retry-After; a client that goes
away leaves nothing behind. Served for real on loopback, with a worker that is slow or dies
on demand (serving.SlowChecker)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from reportlint.serve.app import Config

from .serving import EXAMPLE, SlowChecker, ThreadServer, httpx, leftovers, multipart


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("workers")
    config = Config(timeout=3, workers=1, queue=0, temp_dir=str(root), worker_factory=SlowChecker)
    running = ThreadServer(config)
    yield running, root
    running.stop()


def _check(url: str, files: dict[str, bytes], **params: str) -> httpx.Response:
    body, content_type = multipart(files)
    return httpx.post(f"{url}/api/check", params=params, content=body,
                      headers={"content-type": content_type}, timeout=120)


def test_a_file_over_the_time_limit_gets_rl098_and_the_others_are_checked(server):
    running, root = server
    answer = _check(running.url, {"slow.yaml": EXAMPLE.read_bytes(),
                                  "fine.yaml": EXAMPLE.read_bytes()}, lang="en")
    assert answer.status_code == 200
    findings = answer.json()["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("slow.yaml", "RL098")]
    assert findings[0]["message"] == "checking timed out (over 3 s); not checked"
    assert _check(running.url, {"after.yaml": EXAMPLE.read_bytes()}).json()["findings"] == []
    assert leftovers(root) == []


def test_a_file_that_kills_its_worker_gets_rl099_and_the_server_goes_on(server):
    running, root = server
    answer = _check(running.url, {"crash.yaml": EXAMPLE.read_bytes(),
                                  "fine.yaml": EXAMPLE.read_bytes()})
    findings = answer.json()["findings"]
    assert [(f["path"], f["code"]) for f in findings] == [("crash.yaml", "RL099")]
    assert "died" in findings[0]["message"]
    assert httpx.get(f"{running.url}/healthz").json()["status"] == "ok"
    assert _check(running.url, {"after.yaml": EXAMPLE.read_bytes()}).json()["findings"] == []
    assert leftovers(root) == []


def _in_background(url: str, files: dict[str, bytes]) -> tuple[threading.Thread, list]:
    answers: list = []
    thread = threading.Thread(target=lambda: answers.append(_check(url, files)))
    thread.start()
    return thread, answers


def _wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def test_a_full_queue_answers_429_with_retry_after(server):
    running, _ = server
    thread, answers = _in_background(running.url, {"slow.yaml": EXAMPLE.read_bytes()})
    _wait_until(lambda: running.state.pool.admitted == 1)
    refused = _check(running.url, {"b.yaml": EXAMPLE.read_bytes()})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "busy" in refused.json()["error"] or "忙" in refused.json()["error"]
    page = httpx.post(f"{running.url}/check", content=multipart({"b.yaml": b"x"})[0],
                      headers={"content-type": multipart({})[1]})
    assert page.status_code == 429 and "服务器正忙" in page.text
    thread.join(120)
    assert answers[0].status_code == 200  # the one admitted was answered (RL098)
    assert _check(running.url, {"c.yaml": EXAMPLE.read_bytes()}).status_code == 200


def test_a_client_that_goes_away_leaves_nothing_behind(server):
    running, root = server
    body, content_type = multipart({"slow.yaml": EXAMPLE.read_bytes()})
    host, port = running.url.removeprefix("http://").split(":")
    # while its file is being checked
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(f"POST /api/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}"
                     f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        _wait_until(lambda: running.state.pool.admitted == 1)
        _wait_until(lambda: any(Path(root).rglob("report.yaml")))
    _wait_until(lambda: running.state.pool.admitted == 0, 10)  # long before the 3 s limit
    assert leftovers(root) == []
    # half-way through its upload
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(f"POST /api/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}"
                     f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body[:len(body) // 2])
        _wait_until(lambda: any(Path(root).rglob("report.yaml")))
    _wait_until(lambda: running.state.pool.admitted == 0, 10)
    assert leftovers(root) == []
    # the next upload waits for the worker, stopped at the abandoned slow file's limit
    assert _check(running.url, {"after.yaml": EXAMPLE.read_bytes()}).status_code == 200
