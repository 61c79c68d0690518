"""Fixtures for `reportlint serve`: the app under Starlette's test client, and real servers
on loopback (serving.LiveServer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")

from reportlint.serve.app import Config, create_app

from .serving import LiveServer


@pytest.fixture(scope="module")
def temp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serve-temp")


@pytest.fixture(scope="module")
def client(temp_root: Path) -> Iterator:
    from starlette.testclient import TestClient

    with TestClient(create_app(Config(temp_dir=str(temp_root)))) as test_client:
        yield test_client


@pytest.fixture
def live(tmp_path: Path) -> Iterator:
    """A factory of live servers, each stopped at the end of the test."""
    started: list[LiveServer] = []

    def start(*args: str, env: dict[str, str] | None = None) -> LiveServer:
        started.append(LiveServer(tmp_path / f"server-{len(started)}", *args, env=env))
        return started[-1]

    yield start
    for server in started:
        server.stop()
