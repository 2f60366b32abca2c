"""The filter query parameters shared by the pages and the JSON API, validated once.

Empty form fields arrive as empty strings (a GET form sends every field); they mean "no filter".
Everything else is checked here so a malformed filter is a 422 naming the parameter, never a 500.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..store import EventQuery

MAX_PAGE_SIZE = 500  # larger pages of /api/events are refused (422), not truncated
MAX_GEOJSON = 10_000  # map features per request
MAX_OFFSET = 10_000_000


class EventFilters(BaseModel):
    """Which fused events to show; every filter optional, all of them combined with AND."""

    model_config = ConfigDict(extra="forbid")

    since: date | None = Field(None, description="Events ending on or after this day (YYYY-MM-DD).")
    until: date | None = Field(None, description="Events starting on or before this day (YYYY-MM-DD).")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 country code.")
    admin1: str | None = Field(None, max_length=200, description="First-level administrative division.")
    event_type: str | None = Field(None, max_length=100, description="ACLED event type.")
    sub_event_type: str | None = Field(None, max_length=100, description="ACLED sub-event type.")
    actor: str | None = Field(None, max_length=200, description="An actor's name (part of it).")
    min_fatalities: int | None = Field(None, ge=0, le=10_000_000, description="At least this many killed.")
    text: str | None = Field(None, max_length=200, description="Free text searched in the event and its places and actors.")
    scope: str | None = Field(None, max_length=100, description="political violence, terrorism, criminal, unknown.")
    include_wrong: bool = Field(False, description="Also events an analyst marked wrong.")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or cls.model_fields[info.field_name].default
        return value

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @model_validator(mode="after")
    def _ordered(self) -> "EventFilters":
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def to_query(self) -> EventQuery:
        """The Store's query object for these filters."""
        return EventQuery(**self.filter_values())

    def filter_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EventFilters.model_fields}

    def query_string(self, **overrides: Any) -> str:
        """The URL query that reproduces these filters (only the ones set), for links and the API."""
        values = {**self.filter_values(), **overrides}
        pairs = {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in values.items() if v not in (None, False, "")}
        return urlencode(pairs)


class EventPage(EventFilters):
    """Filters plus paging for `/api/events`."""

    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class MapQuery(EventFilters):
    """Filters plus how many features the map may get."""

    limit: int = Field(2000, ge=1, le=MAX_GEOJSON, description=f"Features, at most {MAX_GEOJSON}.")


class TimelineQuery(EventFilters):
    """Filters plus the bar width: a day, a week, or chosen from the span of the data."""

    bucket: Literal["day", "week", "auto"] = "auto"


class ListPage(EventFilters):
    """The home page: filters, page number and timeline bucket, all kept in the URL."""

    page: int = Field(1, ge=1, le=MAX_OFFSET)
    bucket: Literal["day", "week", "auto"] = "auto"
