"""`reportlint serve` listens on this machine only unless --host says otherwise, and warns when
it faces a network without a token."""

from __future__ import annotations

import pytest

pytest.importorskip("uvicorn")

from reportlint.cli import main  # noqa: E402


def test_serve_binds_to_loopback_unless_told_and_warns_without_a_token(monkeypatch, capsys):
    import uvicorn

    bound = []

    def run(self, sockets=None):  # the server is not started: where it would listen is enough
        bound.append(sockets[0].getsockname()[0])
        sockets[0].close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.delenv("REPORTLINT_SERVE_TOKEN", raising=False)
    assert main(["serve", "--port", "0"]) == 0
    assert bound == ["127.0.0.1"]
    assert "without a token" not in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 0
    assert bound[-1] == "0.0.0.0"
    assert "listening on 0.0.0.0 without a token" in capsys.readouterr().err


def test_the_access_log_handler_goes_when_serving_ends(monkeypatch, capsys):
    # A handler left behind held the stderr of its call: a later server in the same process
    # then logged into a closed stream ("--- Logging error ---" in the suite's output).
    import logging

    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: sockets[0].close())
    log = logging.getLogger("reportlint.serve")
    before = list(log.handlers)
    assert main(["serve", "--port", "0"]) == 0
    assert log.handlers == before
