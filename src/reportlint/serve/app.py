"""The web application of `reportlint serve` (Starlette): routes and the life of one upload.

An upload is admitted (or refused with 429), streamed into a temporary folder of its own,
unpacked if it is a zip, checked file by file in the worker processes (in parallel, each
file under the time limit), paired with last year's report where the upload holds it (as
`check` pairs a run), rendered, and answered; the folder is removed whatever happens: a
success, an error, a client that went away.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reportlint import __version__
from reportlint.records import field, record
from reportlint.serve import pages, uploads
from reportlint.serve.checking import LANGS, Checked, Checker, Options, pairs, suffixes
from reportlint.serve.middleware import (
    SESSION_COOKIE,
    RequestLog,
    SecurityHeaders,
    TokenCheck,
    content_security_policy,
    session_value,
)
from reportlint.serve.uploads import BadUpload, Limits, TooLarge, Upload
from reportlint.serve.workers import Busy, Pool, TimedOut, WorkerDied

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

STATIC = Path(__file__).parent / "static"


@record(frozen=True)
class Config:
    options: Options = field(default_factory=Options)
    limits: Limits = field(default_factory=Limits)
    timeout: float = 30.0  # seconds of checking per file
    workers: int = 2
    queue: int = 16  # requests waiting for a worker beyond those being checked
    worker_memory: int | None = 2 * 1024 ** 3  # bytes of address space per worker
    token: str | None = None
    log_format: str = "text"
    temp_dir: str | None = None  # where each upload's folder is made; the system's by default
    worker_factory: Any = Checker  # what a worker builds to run jobs on (tests swap it)


class Server:
    """State shared by the requests: the workers, the server's own checker, the temp root."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.checker = Checker(config.options)
        self.pool = Pool(config.worker_factory, (config.options,), config.workers,
                         config.queue, config.worker_memory)
        self.temp_root = ""

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.checker.rules("zh")  # a bad --rules or --config fails now, not on an upload
        self.temp_root = tempfile.mkdtemp(prefix="reportlint-serve-", dir=self.config.temp_dir)
        try:
            await self.pool.start()
            yield
        finally:
            self.pool.close()
            shutil.rmtree(self.temp_root, ignore_errors=True)

    # --- the life of one upload -------------------------------------------------------------

    async def check(self, request: Request, lang: str, api: bool) -> list[Checked] | Response:
        """The checked files of this request, or the response that says why there are none."""
        try:
            with self.pool.admit():
                folder = tempfile.mkdtemp(dir=self.temp_root)
                try:
                    return await self._check(request, Upload(Path(folder)), lang, api)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
        except Busy as busy:
            await _drain(request, self.config.limits.upload)
            return self.error(request, lang, api, 429, pages.words(lang)["busy"].format(
                seconds=busy.retry_after), {"retry-after": str(busy.retry_after)})
        except TooLarge as error:
            return self.error(request, lang, api, 413, pages.words(lang)["too_large"].format(
                detail=error), {"connection": "close"})
        except BadUpload as error:
            return self.error(request, lang, api, 400,
                              pages.words(lang)["bad"].format(detail=error))
        except ClientDisconnect:
            return Response(status_code=499)  # nobody is listening; logged as such

    async def _check(self, request: Request, upload: Upload, lang: str,
                     api: bool) -> list[Checked] | Response:
        limits = self.config.limits
        body = uploads.limited(request.stream(), upload, limits,
                               request.headers.get("content-length"))
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            await uploads.receive_multipart(body, content_type, upload, limits)
        elif api and content_type.split(";")[0].strip() == "application/json":
            await uploads.receive_json(body, upload, limits)
        else:
            raise BadUpload("send multipart/form-data (field `file`), or JSON report data")
        await asyncio.to_thread(uploads.unpack_zips, upload, limits)
        if not upload.files:
            return self.error(request, lang, api, 400, pages.words(lang)["nothing"])
        work = asyncio.ensure_future(self._lint(upload.files, lang))
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (work, gone):
                task.cancel()
        if not work.done() or work.cancelled():
            raise ClientDisconnect
        return work.result()

    async def _lint(self, files: list[tuple[str, str]], lang: str) -> list[Checked]:
        """Each file in a worker; then, as `check` does, a report again with last year's
        attached where the upload holds it (RL7xx)."""
        results = list(await asyncio.gather(*(self._one(path, name, lang) for path, name in files)))
        where = {name: path for path, name in files}
        later = pairs(results)
        again = [self._one(where[checked.name], checked.name, lang,
                           (where[later[checked.name]], later[checked.name]))
                 for checked in results if checked.name in later]
        redone = {c.name: c for c in await asyncio.gather(*again)}
        return [redone.get(checked.name, checked) for checked in results]

    async def _one(self, path: str, name: str, lang: str,
                   previous: tuple[str, str] | None = None) -> Checked:
        timeout = self.config.timeout
        try:
            checked: Checked = await self.pool.run("check", (path, name, lang, previous), timeout)
            return checked
        except TimedOut:
            return self.checker.failed(name, lang, timeout=timeout)
        except WorkerDied:
            return self.checker.failed(name, lang)
        except RuntimeError as error:  # the check raised outside the linter's own guard
            return self.checker.failed(name, lang, detail=str(error))

    async def render(self, results: list[Checked], lang: str) -> str:
        """The html format's page, rendered in a worker (a hostile report can make rendering
        slow too); past the time limit, the page without the tables."""
        timeout = self.config.timeout * max(1, len(results))
        try:
            page: str = await self.pool.run("render_html", (results, lang), timeout)
            return page
        except (TimedOut, WorkerDied, RuntimeError):
            bare = [Checked(c.name, c.findings, None, c.key, c.imported) for c in results]
            return self.checker.render_html(bare, lang)

    def error(self, request: Request, lang: str, api: bool, status: int, message: str,
              headers: dict[str, str] | None = None) -> Response:
        if api:
            return JSONResponse({"error": message}, status, headers)
        page = pages.error_page(lang, message, self.config.token is not None)
        return HTMLResponse(page, status, headers)


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone (the body is read by then)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def _drain(request: Request, limit: int) -> None:
    """Read what the client sends (up to `limit`) before refusing it, so it reads the answer
    instead of a reset connection."""
    read = 0
    try:
        async for chunk in request.stream():
            read += len(chunk)
            if read > limit:
                return
    except ClientDisconnect:
        return


def _lang(request: Request, default: str = "zh") -> str:
    lang = request.query_params.get("lang", default)
    return lang if lang in LANGS else default


def create_app(config: Config) -> Starlette:
    server = Server(config)
    signed_in = config.token is not None

    async def home(request: Request) -> Response:
        lang = _lang(request)
        return HTMLResponse(pages.upload_page(lang, config.limits, config.timeout, signed_in,
                                              suffixes()))

    async def check_page(request: Request) -> Response:
        lang = _lang(request)
        results = await server.check(request, lang, api=False)
        if isinstance(results, Response):
            return results
        page = await server.render(results, lang)
        return HTMLResponse(pages.result_page(page, lang, results, server.checker.rules(lang),
                                              signed_in))

    async def check_api(request: Request) -> Response:
        lang = _lang(request)
        results = await server.check(request, lang, api=True)
        if isinstance(results, Response):
            return results
        return Response(server.checker.render_json(results, lang), media_type="application/json")

    async def rules_api(request: Request) -> Response:
        from reportlint.packs.docs import doc_text

        lang = _lang(request)
        rules = [{"code": r.code, "name": r.name, "severity": r.severity, "pack": r.pack,
                  "message": r.render_message(lang),
                  "doc": {key: doc_text(r, key, lang) for key in ("what", "why", "fix")}}
                 for r in server.checker.rules(lang).values()]
        return JSONResponse({"rules": rules})

    async def health(request: Request) -> Response:
        alive = server.pool.alive()
        return JSONResponse({"status": "ok" if alive else "starting", "version": __version__,
                             "workers": alive}, 200 if alive else 503)

    async def openapi(request: Request) -> Response:
        from reportlint.serve.openapi import document

        return JSONResponse(document(config))

    async def login_form(request: Request) -> Response:
        return HTMLResponse(pages.login_page(_lang(request), next_path=_local(
            request.query_params.get("next", "/"))))

    async def login(request: Request) -> Response:
        if int(request.headers.get("content-length") or 0) > 4096:
            return Response("too large", 413)
        form = await request.form()
        lang = str(form.get("lang", "zh"))
        lang = lang if lang in LANGS else "zh"
        token = str(form.get("token", ""))
        import hmac

        if not config.token or not hmac.compare_digest(token.encode(), config.token.encode()):
            await asyncio.sleep(1)  # a guess costs a second
            return HTMLResponse(pages.login_page(lang, wrong=True), 401)
        response = RedirectResponse(_local(str(form.get("next", "/"))), 303)
        response.set_cookie(SESSION_COOKIE, session_value(config.token), httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse("/", 303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    routes = [
        Route("/", home), Route("/check", check_page, methods=["POST"]),
        Route("/api/check", check_api, methods=["POST"]), Route("/api/rules", rules_api),
        Route("/healthz", health), Route("/openapi.json", openapi),
        Route("/login", login_form), Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    policy = content_security_policy(server.checker.inline_blocks())
    middleware = [Middleware(RequestLog, log_format=config.log_format),  # type: ignore[arg-type]
                  Middleware(SecurityHeaders, policy=policy),  # type: ignore[arg-type]
                  Middleware(TokenCheck, token=config.token)]  # type: ignore[arg-type]
    app = Starlette(routes=routes, middleware=middleware, lifespan=server.lifespan)
    app.state.server = server
    return app


def _local(path: str) -> str:
    """A path on this server (never `//host` or a URL): where to go after signing in."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"

