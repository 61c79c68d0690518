"""`reportlint serve`: a checking page and a JSON API for people who do not use git
(docs/serve.md). An optional extra: `pip install 'reportlint[serve]'` brings Starlette,
uvicorn and python-multipart.

- `app`: routes and the life of one upload; `middleware`: log line, headers, token;
- `uploads`: the body into a temporary folder, within limits; `workers`: the processes that
  check; `checking`: everything asked of the rest of reportlint, in one module;
- `pages`: the HTML around the html format's page; `openapi`: the API's description.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType

    from reportlint.serve.app import Config

TOKEN_VARIABLE = "REPORTLINT_SERVE_TOKEN"
MIN_TOKEN = 16
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class ServeError(Exception):
    """A setting the server cannot start with (exit code 2)."""


def read_token(token_file: str | None, env: dict[str, str]) -> str | None:
    """The token from --token-file, else from the environment; None when neither is set."""
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ServeError(f"--token-file {token_file}: cannot read it ({error})") from error
        source = f"--token-file {token_file}"
    elif env.get(TOKEN_VARIABLE):
        token, source = env[TOKEN_VARIABLE].strip(), TOKEN_VARIABLE
    else:
        return None
    if len(token) < MIN_TOKEN or any(c.isspace() for c in token):
        raise ServeError(f"{source}: the token must be at least {MIN_TOKEN} characters without "
                         "spaces; make one with: python3 -c 'import secrets; "
                         "print(secrets.token_urlsafe(32))'")
    return token


def serve(config: Config, host: str, port: int) -> int:
    """Run until Ctrl-C or SIGTERM: uploads in flight are answered, then the workers stop
    and the temporary folder is removed."""
    import uvicorn

    from reportlint.serve.app import create_app

    try:
        sock = _bind(host, port)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if host not in LOOPBACK and not config.token:
        print(f"reportlint: warning: listening on {host} without a token: anyone who can reach "
              f"this machine can use the server (see --token-file)", file=sys.stderr)
    print(f"reportlint serve: http://{shown}:{bound}/ ({config.workers} workers, token "
          f"{'on' if config.token else 'off'}); Ctrl-C stops", file=sys.stderr, flush=True)
    class Server(uvicorn.Server):
        """Remembers a Ctrl-C: uvicorn raises it again on the way out, but that does nothing
        where SIGINT was ignored when the process started (a shell's background job)."""

        interrupted = False

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            self.interrupted = self.interrupted or sig == signal.SIGINT
            super().handle_exit(sig, frame)

    server = Server(uvicorn.Config(
        create_app(config), log_config=None, access_log=False, lifespan="on",
        timeout_graceful_shutdown=int(config.timeout) + 5, server_header=False))
    # The access log goes to this call's standard error, and only while it serves: a handler
    # left on the logger (after a failed bind, say) would write to a stream long closed.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("reportlint.serve")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        server.run(sockets=[sock])
    finally:
        log.removeHandler(handler)
    return 130 if server.interrupted else 0  # as `check` exits on Ctrl-C


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    infos = socket.getaddrinfo(host, port, family if ":" in host else socket.AF_UNSPEC,
                               socket.SOCK_STREAM)
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
