"""The FastAPI application: JSON API, server-rendered pages, static assets, error handling.

Every asset is served by this process: Leaflet and its clustering plugin from their xstatic
packages, the app's own JS and CSS from `static/`. Errors are a JSON `{"error": ...}` for the API
and for non-browser clients, an HTML page for a browser; a bad request is always a 4xx.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import api, pages
from .config import WebConfig
from .security import SecurityHeaders

HERE = Path(__file__).parent
log = logging.getLogger(__name__)


def create_app(store, config: WebConfig | None = None) -> FastAPI:
    """The web app over an open `eventcoder.store.Store`."""
    config = config or WebConfig()
    app = FastAPI(
        title="eventcoder",
        version=__version__,
        description="Fused political-violence events with their sources, evidence and review history.",
        docs_url=None,  # the interactive docs page loads its assets from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.store = store
    app.state.config = config
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.add_middleware(SecurityHeaders, config=config)
    app.mount("/static/app", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/static/leaflet", StaticFiles(directory=xs_leaflet.BASE_DIR), name="leaflet")
    app.mount("/static/markercluster", StaticFiles(directory=xs_markercluster.BASE_DIR), name="markercluster")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str, detail: list | None = None) -> Response:
    if _wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        context = {"status": status, "message": message, "back": _same_site_referer(request)}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)
    body = {"error": message} | ({"detail": detail} if detail else {})
    return JSONResponse(body, status_code=status)


def _same_site_referer(request: Request) -> str | None:
    """The page the browser came from (a refused review form), when it is one of ours."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.headers.get("host") or not referer.path.startswith("/"):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    return _error(request, exc.status_code, str(exc.detail))


def _validation_message(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "form"))
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    return _error(request, 422, "; ".join(_validation_message(e) for e in errors), errors)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return _error(request, 500, f"internal error: {type(exc).__name__}")
