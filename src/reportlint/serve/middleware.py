"""The layers every request passes, outermost first: one log line, security headers, and the
token check. Plain ASGI, so an upload streams through them untouched.

The log line says method, path, status, bytes sent, time and client address, never a query
string, a file name or anything of a report. An error inside the server is logged by its
type only (its message could quote a report) and answered with a bare 500.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger("reportlint.serve")
SESSION_COOKIE = "reportlint_session"
PUBLIC = ("/healthz", "/login", "/static/")


class RequestLog:
    def __init__(self, app: ASGIApp, log_format: str = "text") -> None:
        self.app, self.log_format = app, log_format

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = {"status": 0, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        error = ""
        try:
            await self.app(scope, receive, sending)
        except Exception as caught:  # logged by type only; see the module doc
            error = type(caught).__name__
            if not seen["status"]:
                await _plain(sending, 500, b"internal error\n")
        finally:
            self.line(scope, seen["status"] or 499, seen["bytes"],
                      time.perf_counter() - started, error)

    def line(self, scope: Scope, status: int, size: int, seconds: float, error: str) -> None:
        client = scope.get("client") or ("-", 0)
        record = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                  "client": client[0], "method": scope["method"], "path": scope["path"],
                  "status": status, "bytes": size, "ms": round(seconds * 1000, 1)}
        if error:
            record["error"] = error
        if self.log_format == "json":
            LOG.info(json.dumps(record, ensure_ascii=False))
        else:
            LOG.info(f'{record["time"]} {record["client"]} "{record["method"]} '
                     f'{quote(record["path"], safe="/")}" {status} {size} {record["ms"]}ms'
                     + (f" error={error}" if error else ""))


SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",  # a result page holds a report: no cache keeps it
    "cross-origin-opener-policy": "same-origin",
}


def content_security_policy(inline: list[tuple[str, str]]) -> str:
    """Only the server's own style and script, plus the html format's inline blocks by hash;
    no inline handlers, nothing from another origin."""
    import base64

    def hashes(kind: str) -> str:
        return "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                       for k, body in inline if k == kind)

    return ("default-src 'none'; "
            f"style-src 'self'{hashes('style')}; script-src 'self'{hashes('script')}; "
            "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in
                        {**SECURITY_HEADERS, "content-security-policy": policy}.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in self.headers if h[0] not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, sending)


def session_value(token: str) -> str:
    """The login cookie: derived from the token, so a new token signs everyone out and the
    server keeps no session."""
    return hmac.new(token.encode(), b"reportlint serve session 1", hashlib.sha256).hexdigest()


def authorised(scope: Scope, token: str) -> bool:
    headers = dict(scope.get("headers") or [])
    given = headers.get(b"authorization", b"").decode("latin-1")
    if given[:7].lower() == "bearer " and hmac.compare_digest(given[7:].strip().encode(),
                                                              token.encode()):
        return True
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE and hmac.compare_digest(value.encode(),
                                                          session_value(token).encode()):
            return True
    return False


class TokenCheck:
    """With a token set, every path but /healthz, the login form and the static files needs
    it: as `Authorization: Bearer TOKEN`, or the cookie the login form sets."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or not self.token or path in PUBLIC[:2]
                or path.startswith(PUBLIC[2]) or authorised(scope, self.token)):
            await self.app(scope, receive, send)
            return
        if path.startswith("/api/") or path == "/openapi.json":
            await _plain(send, 401, b'{"error": "unauthorized: send Authorization: Bearer TOKEN"}\n',
                         b"application/json",
                         [(b"www-authenticate", b'Bearer realm="reportlint"')])
            return
        target = "/login?next=" + quote(path if scope["method"] == "GET" else "/", safe="")
        await _plain(send, 303, b"", headers=[(b"location", target.encode())])


async def _plain(send: Send, status: int, body: bytes, content_type: bytes = b"text/plain; charset=utf-8",
                 headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
