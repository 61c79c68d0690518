"""`reportlint serve` as started from the command line, on loopback: under load (200 uploads
from 20 clients), with the hostile files of tests/robustness/hostile_files.py, with an
oversized upload, and stopped with Ctrl-C."""

from __future__ import annotations

import json
import time
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor

from tests.robustness import hostile_files
from tests.robustness.test_hostile_input import REQUIRED, SETS  # what the CLI test expects

from .serving import EXAMPLE, broken_report, httpx, multipart

UPLOADS, CLIENTS = 200, 20


def _post(client: httpx.Client, url: str, name: str, data: bytes) -> httpx.Response:
    body, content_type = multipart({name: data})
    return client.post(f"{url}/api/check", content=body, headers={"content-type": content_type},
                       timeout=120)


def test_200_uploads_from_20_clients(live):
    server = live("--workers", "2", "--queue", "8")
    reports = {"clean.yaml": EXAMPLE.read_bytes(), "broken.yaml": broken_report().encode()}
    with httpx.Client() as client:
        expected = {name: _post(client, server.url, name, data).json()
                    for name, data in reports.items()}
    assert expected["clean.yaml"]["findings"] == [] and expected["broken.yaml"]["findings"]
    names = sorted(reports)

    def one_client(number: int) -> list[tuple[str, httpx.Response]]:
        done = []
        with httpx.Client() as client:
            for index in range(UPLOADS // CLIENTS):
                name = names[(number + index) % len(names)]
                done.append((name, _post(client, server.url, name, reports[name])))
        return done

    with ThreadPoolExecutor(CLIENTS) as pool:  # a first round, to let memory settle
        list(pool.map(one_client, range(CLIENTS // 10)))
    before = server.memory()
    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [a for batch in pool.map(one_client, range(CLIENTS)) for a in batch]
    seconds = time.monotonic() - started
    after = server.memory()
    statuses = [answer.status_code for _, answer in answers]
    assert len(answers) == UPLOADS and set(statuses) <= {200, 429}, statuses
    for name, answer in answers:
        if answer.status_code == 200:
            assert answer.json() == expected[name]
        else:
            assert int(answer.headers["retry-after"]) >= 1
    assert statuses.count(200) >= CLIENTS  # the workers did check under the load
    assert seconds < 180
    assert after - before < 60 * 1024 * 1024, (before, after)
    assert not list(server.temp.rglob("*/*")), list(server.temp.rglob("*"))
    lines = [line for line in server.log().splitlines() if '"POST /api/check"' in line]
    assert len(lines) == UPLOADS + len(reports) + UPLOADS // 10
    print(f"\nload: {UPLOADS} uploads from {CLIENTS} clients in {seconds:.1f} s: "
          f"{statuses.count(200)} checked, {statuses.count(429)} told 429; memory of the server "
          f"and its workers {before / 2**20:.0f} MiB before, {after / 2**20:.0f} MiB after")


def test_hostile_uploads_each_get_their_finding(live):
    server = live("--max-bytes", str(hostile_files.MAX_BYTES), "--timeout", "60")
    files = {name: data for name, (data, _) in hostile_files.files().items()}
    expected = {name: codes for name, (_, codes) in hostile_files.files().items()}
    files["too-large.yaml"] = bytes(hostile_files.MAX_BYTES + 1)
    assert len(files) >= 35

    def one(name: str) -> tuple[str, httpx.Response]:
        with httpx.Client() as client:
            return name, _post(client, server.url, name, files[name])

    with ThreadPoolExecutor(4) as pool:
        answers = dict(pool.map(one, sorted(files)))
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text)
        found = answer.json()["findings"]
        got = [f["code"] for f in found]
        assert "RL099" not in got and "RL098" not in got, (name, got)
        if name in SETS:
            assert set(got) <= SETS[name] and REQUIRED.get(name, expected[name]) <= set(got), name
        else:
            assert sorted(got) == sorted(expected[name]), (name, got)
        assert all(f["path"] == name and f["message"] for f in found)
    # all of them in one upload, too: a batch of hostile files
    body, content_type = multipart(files)
    together = httpx.post(f"{server.url}/api/check", content=body, timeout=300,
                          headers={"content-type": content_type})
    assert together.status_code == 200 and together.json()["files"] == len(files)
    assert httpx.get(f"{server.url}/healthz").json()["status"] == "ok"
    assert not list(server.temp.rglob("*/*"))
    assert "Traceback" not in server.log()


def test_an_oversized_upload_is_told_413_and_ctrl_c_stops_it_all(live):
    server = live("--max-upload", "100K", "--log-format", "json")
    body, content_type = multipart({"big.txt": b"x" * 1_000_000})
    answer = httpx.post(f"{server.url}/api/check", content=body, timeout=60,
                        headers={"content-type": content_type})
    assert answer.status_code == 413 and "102400" in answer.json()["error"]
    chunked = httpx.post(f"{server.url}/api/check", content=iter([body]), timeout=60,
                         headers={"content-type": content_type})  # no Content-Length
    assert chunked.status_code == 413
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    assert not list(server.temp.rglob("*/*"))
    # Ctrl-C: the workers stop, the server's folder goes
    workers = server.processes()[1:]
    assert len(workers) >= 1
    assert server.stop() == 130  # as `check` exits on Ctrl-C
    assert list(server.temp.iterdir()) == []
    for pid in workers:  # gone, or dead and not yet reaped (a container's PID 1 may not reap)
        assert _ends(pid) in ("gone", "Z"), (pid, _command(pid))
    records = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    assert [(r["path"], r["status"]) for r in records] == [
        ("/healthz", 200), ("/api/check", 413), ("/api/check", 413), ("/healthz", 200)]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except FileNotFoundError:
        return "gone"


def _ends(pid: int, within: float = 10.0) -> str:
    """The process's state once it is gone or dead, or after `within` seconds. The server has
    killed and joined its workers when it exits; multiprocessing's resource tracker (a child of
    the server too) leaves on its own when the server's end of its pipe closes, a moment
    later on a busy machine."""
    deadline = time.monotonic() + within
    while (state := _state(pid)) not in ("gone", "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    return state


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return "gone"
