"""The web application: pages and the JSON API over one store, with its safety rules.

:func:`create_app` wires the API router (``/api``), the page router, the static files
and the middleware that every response goes through:

* a strict Content-Security-Policy (``script-src 'self'``, no inline script or style;
  article content is untrusted and only ever rendered autoescaped),
* the access token, when one is set: ``Authorization: Bearer …``, or ``?token=`` once,
  which sets an HttpOnly cookie (a page request is then redirected without it),
* a refusal of cross-site writes (``Origin`` / ``Sec-Fetch-Site``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable, Sequence
from urllib.parse import urlsplit

import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline import __version__
from storyline.store import open_store
from storyline.store.base import Store
from storyline.web.cache import PictureCache
from storyline.web.jobs import IngestJobs
from storyline.web.queries import NotFound

COOKIE = "storyline_session"
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def package_dir(name: str) -> Path:
    """A folder shipped inside ``storyline.web`` (templates, static)."""
    return Path(str(resources.files("storyline.web").joinpath(name)))


class StoreProvider:
    """One store connection per thread (SQLite connections must stay on their thread).

    Request handlers are plain functions that Starlette runs on a thread pool; each
    pool thread opens its connection on first use and keeps it. With WAL, a reader
    sees everything committed before its query started, background ingests included.
    """

    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.location)
            self._local.store = store
        return store


class WebSettings:
    """What a request handler needs besides the store."""

    def __init__(self, store_location: str, allow_ingest: bool, token: str | None) -> None:
        self.store_location = store_location
        self.allow_ingest = allow_ingest
        self.token = token or None
        self.stores = StoreProvider(store_location)
        self.jobs = IngestJobs(store_location) if allow_ingest else None
        self.templates = _templates()
        self.upload_root: Path | None = None
        self.cache = PictureCache()


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_dir("templates"))),
        autoescape=True,  # every template, whatever its name: content is untrusted
        # Lenient: a record from an older or newer store may lack a field; the page still renders.
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # package files: no disk check on every render
    )
    from storyline.web.charts import format_number
    from storyline.web.pages import web_href

    env.globals.update(version=__version__, format_number=format_number, web_href=web_href)
    return env


def session_value(token: str) -> str:
    """The cookie value for a token: a MAC of it, so the cookie never holds the token itself."""
    return hmac.new(token.encode(), b"storyline-web-session", hashlib.sha256).hexdigest()


def _token_ok(request: Request, token: str) -> tuple[bool, bool]:
    """(authorised, came from the query string)."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer " and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True, False
    cookie = request.cookies.get(COOKIE)
    if cookie and hmac.compare_digest(cookie.encode(), session_value(token).encode()):
        return True, False
    supplied = request.query_params.get("token")
    if supplied is not None and hmac.compare_digest(supplied.encode(), token.encode()):
        return True, True
    return False, False


def _without_token(request: Request) -> str:
    query = "&".join(
        f"{part}" for part in request.url.query.split("&") if part and not part.startswith("token=")
    )
    return request.url.path + (f"?{query}" if query else "")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _cross_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


DOCS_ASSETS = "/docs/assets"


def docs_assets_dir() -> Path:
    """Swagger UI's script, stylesheet and icon, as the installed ``fastapi-offline`` ships them.

    Served from the package, never from a CDN: ``/docs`` works on a machine with no internet.
    """
    return Path(str(resources.files("fastapi_offline").joinpath("static")))


def _swagger_page(title: str) -> tuple[str, str]:
    """FastAPI's Swagger UI page over local assets, and a CSP allowing exactly its one inline script."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title=title,
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        # No call to the public validator service: the page must not leave this server.
        swagger_ui_parameters={"validatorUrl": None},
    ).body.decode()
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    ]
    csp = (
        "default-src 'none'; script-src 'self' " + " ".join(hashes) + "; "
        "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    return page, csp


def create_app(
    store_location: str,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The storyline web interface and HTTP API over the store at ``store_location``.

    ``allowed_hosts`` limits the ``Host`` header (``serve`` passes the loopback names when
    it listens on loopback, so a DNS-rebinding page cannot talk to the server).
    """
    from storyline.web.api import router as api_router
    from storyline.web.pages import render_error
    from storyline.web.pages import router as page_router

    app = FastAPI(
        title="storyline",
        version=__version__,
        description=(
            "Read-only JSON API over a storyline store (ingest only when the server was "
            "started with --allow-ingest). Records have the shapes of the JSON export "
            "(docs/export.md); lists are paginated with `limit`/`offset` and carry `total`."
        ),
        docs_url=None,
        redoc_url=None,
    )
    settings = WebSettings(store_location, allow_ingest, token)
    app.state.settings = settings
    app.router.lifespan_context = _lifespan
    docs_page, docs_csp = _swagger_page("storyline API")

    def _security_headers(path: str) -> list[tuple[str, str]]:
        # Pages show a store that changes under them; our own scripts and styles may be revalidated.
        cache = "no-cache" if path.startswith(("/static/", f"{DOCS_ASSETS}/")) else "no-store"
        return [
            ("Content-Security-Policy", docs_csp if path == "/docs" else PAGE_CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", cache),
        ]

    def _secure(response: Response, request: Request) -> Response:
        for name, value in _security_headers(request.url.path):
            if name == "Cache-Control":
                response.headers.setdefault(name, value)
            else:
                response.headers[name] = value
        return response

    async def guard(scope: Scope, receive: Receive, send: Send, inner: ASGIApp) -> None:
        """Token, cross-site refusal and security headers, around every HTTP response.

        A plain ASGI middleware (not ``@app.middleware``): it adds no task or stream per
        request, which under load costs as much as a small page.
        """
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        request = Request(scope)
        from_query = False
        early: Response | None = None
        if settings.token is not None:
            allowed, from_query = _token_ok(request, settings.token)
            if not allowed:
                early = _deny(request, 401, "a valid token is required "
                              "(Authorization: Bearer TOKEN, or ?token=TOKEN once)")
                early.headers["WWW-Authenticate"] = 'Bearer realm="storyline"'
            elif from_query and request.method == "GET" and not _is_api(request):
                early = RedirectResponse(_without_token(request), status_code=303)
                _set_session(early, settings.token)
        if early is None and request.method not in SAFE_METHODS and _cross_site(request):
            early = _deny(request, 403, "cross-site requests may not change anything")
        if early is not None:
            await _secure(early, request)(scope, receive, send)
            return
        secured = _security_headers(request.url.path)
        cookie = None
        if from_query and settings.token is not None:
            holder = Response()
            _set_session(holder, settings.token)
            cookie = holder.headers["set-cookie"]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in secured:
                    if name == "Cache-Control":
                        headers.setdefault(name, value)
                    else:
                        headers[name] = value
                if cookie is not None:
                    headers.append("set-cookie", cookie)
            await send(message)

        await inner(scope, receive, send_secured)

    def _deny(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        return render_error(request, status, message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _deny(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith(("/static/", f"{DOCS_ASSETS}/")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return render_error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": errors}, status_code=422)
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in errors)
        return render_error(request, 422, f"bad parameter: {message}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # Never a traceback to the client; the server log has it.
        return _secure(_deny(request, 500, f"internal error ({type(exc).__name__})"), request)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page)

    app.add_middleware(_Middleware, handler=guard)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(package_dir("static"))), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(docs_assets_dir())), name="docs-assets")
    return app


# Handlers run on anyio's thread pool (40 threads by default), one Python thread at a
# time. With twenty clients, twenty threads each waited up to a switch interval for the
# interpreter after every SQLite call; four threads gave shorter tails at the same CPU
# cost (p95 story page 201-221 ms instead of 202-288, entity page 139-149 instead of
# 185-413, search 54-57 instead of 60-100: benchmarks/bench_web.py, busy 2-core machine).
REQUEST_THREADS = 4


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    yield


class _Middleware:
    """Wraps an ASGI app with ``handler(scope, receive, send, inner)``."""

    def __init__(
        self, app: ASGIApp, handler: Callable[[Scope, Receive, Send, ASGIApp], Awaitable[None]]
    ) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.handler(scope, receive, send, self.app)


def _set_session(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, session_value(token), httponly=True, samesite="strict", path="/")


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings  # type: ignore[no-any-return]


def store_of(request: Request) -> Store:
    return settings_of(request).stores.get()


def cache_of(request: Request) -> PictureCache:
    return settings_of(request).cache


__all__ = [
    "COOKIE", "DOCS_ASSETS", "PAGE_CSP", "StoreProvider", "WebSettings", "cache_of", "create_app",
    "docs_assets_dir", "settings_of", "store_of",
]
