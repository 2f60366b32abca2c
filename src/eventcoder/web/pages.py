"""Server-rendered pages (map, timeline and list; one event with its sources) and the review forms.

Review forms post here; each write goes through the Store's review API, which records who, when,
before and after in the audit table. A post must carry the page's CSRF token and, when the server
requires one, the review token; then the browser is sent back to the event page (post/redirect/get).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Callable
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..schema import Event
from .api import IdPath, event_or_404, store_of
from .filters import EventFilters, ListPage
from .present import TYPE_COLOURS, figures_by_source, flat_fields, highlight, mention_spans, title
from .security import CSRF_FIELD, check_csrf, check_review_token, csrf_token, keep_csrf_cookie

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
WHO_COOKIE = "ec_who"
DONE_MESSAGES = {
    "corrected": "Correction saved.",
    "wrong": "Event marked wrong: it is hidden from the map, list and export unless asked for.",
    "unwrong": "Event marked right again.",
    "merged": "Events merged.",
    "split": "Mention split off into this new event.",
}


def _parse_bool(raw: str) -> bool:
    if raw.lower() in ("true", "yes", "1"):
        return True
    if raw.lower() in ("false", "no", "0"):
        return False
    raise ValueError("expected true or false")


# The fields an analyst may correct from the event page, and how the typed text becomes a value.
CORRECTABLE: dict[str, Callable[[str], Any]] = {
    "event_type": str,
    "sub_event_type": str,
    "scope": str,
    "background": _parse_bool,
    "date.start": date.fromisoformat,
    "date.end": date.fromisoformat,
    "location.name": str,
    "location.admin1": str,
    "location.country_code": str.upper,
    "location.lat": float,
    "location.lon": float,
    "fatalities.best": int,
    "injured.best": int,
    "kidnapped.best": int,
    "claimed_by": str,
}


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A page with the CSRF token its forms need, kept in the browser's cookie."""
    token = csrf_token(request)
    config = request.app.state.config
    context = {"csrf": token, "csrf_field": CSRF_FIELD, "review_mode": config.review_mode, **context}
    response = request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
    keep_csrf_cookie(response, token)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, params: Annotated[ListPage, Query()]) -> Response:
    store = store_of(request)
    filters = EventFilters(**params.filter_values())
    total, events = store.query_events(filters.to_query(), limit=PAGE_SIZE, offset=(params.page - 1) * PAGE_SIZE)
    config = request.app.state.config
    query = filters.query_string()
    return render(
        request,
        "index.html",
        {
            "filters": filters,
            "facets": store.facets(),
            "events": [(event, title(event)) for event in events],
            "total": total,
            "page": params.page,
            "pages": max(1, math.ceil(total / PAGE_SIZE)),
            "query": query,
            "bucket": params.bucket,
            "page_link": lambda n: "/?" + filters.query_string(page=n, bucket=params.bucket if params.bucket != "auto" else None),
            "tile_url": config.tile_url,
            "tile_attribution": config.tile_attribution,
            "colours": TYPE_COLOURS,
        },
    )


@dataclass(frozen=True)
class SourceView:
    """One source article on the event page, its text cut into plain and highlighted segments."""

    source: Any
    segments: list
    spans: int


def source_view(source: Any) -> SourceView:
    article, mention = source.article, source.mention
    spans = mention_spans(mention, article.doc_id, article.text)
    return SourceView(source, highlight(article.text, spans), len(spans))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: IdPath, done: str | None = None) -> Response:
    event = event_or_404(request, event_id)
    store = store_of(request)
    return render(
        request,
        "event.html",
        {
            "event": event,
            "title": title(event),
            "fields": flat_fields(event),
            "figures": figures_by_source(event),
            "sources": [source_view(s) for s in store.event_sources(event_id)],
            "audit": store.audit(event_id),
            "correctable": list(CORRECTABLE),
            "done": DONE_MESSAGES.get(done or ""),
            "who": request.cookies.get(WHO_COOKIE, ""),
        },
    )


def reviewer(
    request: Request,
    who: Annotated[str, Form(min_length=1, max_length=80, description="The analyst's name, kept in the audit.")],
    csrf: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> str:
    """The analyst making a review change, once the post has passed the token and CSRF checks."""
    check_review_token(request.app.state.config, request, token)
    check_csrf(request, csrf)
    if not who.strip():
        raise HTTPException(422, "who: give your name; it is stored with the change")
    return who.strip()


Reviewer = Annotated[str, Depends(reviewer)]


def review(call: Callable[[], Event], who: str, done: str) -> Response:
    """Run one Store review call; unknown ids are 404, refused changes 400; then back to the event."""
    try:
        event = call()
    except KeyError as exc:
        raise HTTPException(404, str(exc.args[0]) if exc.args else "unknown id")
    except ValueError as exc:
        raise HTTPException(400, str(exc))
    response = RedirectResponse(f"/events/{quote(event.id, safe='')}?done={done}", status_code=303)
    response.set_cookie(WHO_COOKIE, who, httponly=True, samesite="strict", path="/")
    return response


@router.post("/events/{event_id}/correct")
def correct(
    request: Request,
    event_id: IdPath,
    who: Reviewer,
    field: Annotated[str, Form()],
    value: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Set one field to the analyst's value (empty: clear it); later runs keep it."""
    parse = CORRECTABLE.get(field)
    if parse is None:
        raise HTTPException(422, f"field: {field!r} cannot be corrected here (one of {', '.join(CORRECTABLE)})")
    try:
        parsed = parse(value.strip()) if value.strip() else None
    except ValueError as exc:
        raise HTTPException(422, f"value: {value!r} is not valid for {field}: {exc}")
    event_or_404(request, event_id)
    return review(lambda: store_of(request).correct(event_id, field, parsed, who=who), who, "corrected")


@router.post("/events/{event_id}/wrong")
def mark_wrong(
    request: Request, event_id: IdPath, who: Reviewer, wrong: Annotated[bool, Form()] = True
) -> Response:
    """Mark the event wrong (not a real event), or right again."""
    event_or_404(request, event_id)
    return review(lambda: store_of(request).mark_wrong(event_id, who=who, wrong=wrong), who, "wrong" if wrong else "unwrong")


@router.post("/events/{event_id}/merge")
def merge(
    request: Request, event_id: IdPath, who: Reviewer, other_id: Annotated[str, Form(min_length=1, max_length=200)]
) -> Response:
    """Fold another event (the same incident) into this one."""
    event_or_404(request, event_id)
    other_id = other_id.strip()
    if other_id == event_id:
        raise HTTPException(422, "other_id: an event cannot be merged with itself")
    event_or_404(request, other_id)
    return review(lambda: store_of(request).merge_events(event_id, other_id, who=who), who, "merged")


@router.post("/mentions/{mention_id}/split")
def split(request: Request, mention_id: IdPath, who: Reviewer) -> Response:
    """Take one article's mention out of its event into a new event of its own."""
    return review(lambda: store_of(request).split_mention(mention_id, who=who), who, "split")
