"""Which fused events to read: `EventQuery` and the SQL conditions it stands for.

Every filter is optional and they combine with AND; every value is passed as a bound parameter.
Free text goes through the FTS5 index when the store has one (`tuning.py`), else LIKE; an actor
is an indexed `event_id IN (...)` on `event_actors`, so only the actor index is scanned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select

from .tables import event_actors, events
from .tuning import fulltext_match


@dataclass
class EventQuery:
    since: date | None = None  # events ending on or after this day
    until: date | None = None  # events starting on or before this day
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # part of an actor's name, any case
    min_fatalities: int | None = None
    text: str | None = None  # part of the event's words (types, place, actors, claims, evidence, titles)
    scope: str | None = None
    include_wrong: bool = False  # also events an analyst marked wrong
    exclude_scopes: tuple[str, ...] = ()  # e.g. ("criminal",) for ACLED's scope


def _contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions(q: EventQuery, fulltext: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses of `q` (`fulltext`: the database has the FTS5 free-text index)."""
    c = events.c
    where: list[ColumnElement[bool]] = []
    if q.since is not None:
        where.append(c.date_end >= q.since)
    if q.until is not None:
        where.append(c.date_start <= q.until)
    if q.country:
        where.append(c.country_code == q.country.upper())
    if q.admin1:
        where.append(c.admin1 == q.admin1)
    if q.event_type:
        where.append(c.event_type == q.event_type)
    if q.sub_event_type:
        where.append(c.sub_event_type == q.sub_event_type)
    if q.min_fatalities is not None:
        where.append(c.fatalities >= q.min_fatalities)
    if q.scope:
        where.append(c.scope == q.scope)
    if q.exclude_scopes:
        where.append(c.scope.is_(None) | c.scope.not_in(q.exclude_scopes))
    if q.text:
        indexed = fulltext_match(q.text) if fulltext else None
        where.append(indexed if indexed is not None else c.search_text.like(_contains(q.text), escape="\\"))
    if q.actor:
        named = select(event_actors.c.event_id).where(
            func.lower(event_actors.c.name).like(_contains(q.actor), escape="\\")
        )
        where.append(c.event_id.in_(named))
    if not q.include_wrong:
        where.append(c.status == "ok")
    return where
