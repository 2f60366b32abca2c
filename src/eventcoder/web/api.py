"""The JSON API: events (filtered, paged), one event with its sources and audit, articles, GeoJSON.

Handlers are plain functions (FastAPI runs them in its thread pool), each one Store call; the Store
parameterises every SQL statement. An unknown id is a 404, a bad parameter a 422, both JSON.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from ..store import StoredEvent
from .filters import EventPage, MapQuery, TimelineQuery
from .present import colour, geojson_feature

router = APIRouter(prefix="/api", tags=["api"])
IdPath = Annotated[str, Path(min_length=1, max_length=200)]


class EventList(BaseModel):
    total: int
    limit: int
    offset: int
    events: list[StoredEvent]


def store_of(request: Request):
    return request.app.state.store


def event_or_404(request: Request, event_id: str) -> StoredEvent:
    event = store_of(request).get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return event


@router.get("/events", response_model=EventList)
def list_events(request: Request, params: Annotated[EventPage, Query()]) -> dict[str, Any]:
    """Fused events matching the filters, newest first, one page at a time."""
    total, events = store_of(request).query_events(params.to_query(), limit=params.limit, offset=params.offset)
    return {"total": total, "limit": params.limit, "offset": params.offset, "events": events}


@router.get("/events/{event_id}", response_model=StoredEvent)
def get_event(request: Request, event_id: IdPath) -> StoredEvent:
    """One fused event in the shape of `extract` (every source in `doc_ids`, every figure in `reports`),
    plus its review state: `status` ('wrong' when an analyst marked it so) and `corrected_fields`."""
    return event_or_404(request, event_id)


@router.get("/events/{event_id}/sources")
def get_sources(request: Request, event_id: IdPath) -> list[Any]:
    """The articles reporting the event, each with its own extracted mention and why it was linked."""
    event_or_404(request, event_id)
    return jsonable_encoder(store_of(request).event_sources(event_id))


@router.get("/events/{event_id}/audit")
def get_audit(request: Request, event_id: IdPath) -> list[Any]:
    """Every review change to the event: who, when, what, before and after."""
    event_or_404(request, event_id)
    return jsonable_encoder(store_of(request).audit(event_id))


@router.get("/articles/{doc_id}")
def get_article(request: Request, doc_id: IdPath) -> Any:
    """One stored article with its text as ingested (evidence offsets point into it)."""
    article = store_of(request).get_article(doc_id)
    if article is None:
        raise HTTPException(404, f"no article with id {doc_id!r}")
    return jsonable_encoder(article)


@router.get("/geojson")
def geojson(request: Request, params: Annotated[MapQuery, Query()]) -> dict[str, Any]:
    """The filtered events with a point, as a GeoJSON FeatureCollection styled for the map."""
    total, events = store_of(request).query_events(params.to_query(), limit=params.limit, offset=0)
    features = [f for f in map(geojson_feature, events) if f is not None]
    return {"type": "FeatureCollection", "features": features, "total": total, "truncated": total > len(events)}


@router.get("/timeline")
def timeline(request: Request, params: Annotated[TimelineQuery, Query()]) -> dict[str, Any]:
    """Events and fatalities per day or week and event type; `auto` picks weeks for long spans."""
    return timeline_rows(store_of(request), params)


@router.get("/facets")
def facets(request: Request) -> dict[str, Any]:
    """The values present in the data for the filter menus: countries, admin1, types, sub-types."""
    return jsonable_encoder(store_of(request).facets())


AUTO_DAYS_MAX = 120  # longer spans are shown per week


def timeline_rows(store, params: TimelineQuery) -> dict[str, Any]:
    query = params.to_query()
    bucket = "day" if params.bucket == "auto" else params.bucket
    rows = store.timeline(query, bucket=bucket)
    if params.bucket == "auto" and len({row["period"] for row in rows}) > 1:
        periods = sorted(str(row["period"]) for row in rows)
        if (date.fromisoformat(periods[-1][:10]) - date.fromisoformat(periods[0][:10])).days > AUTO_DAYS_MAX:
            bucket, rows = "week", store.timeline(query, bucket="week")
    return {"bucket": bucket, "rows": [dict(row, colour=colour(row["event_type"])) for row in jsonable_encoder(rows)]}
