"""What the store hands out: stored events with their review state, articles, sources, audit rows,
ingest counts, and the errors its callers tell apart (unknown id: KeyError; refused change: ValueError).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Literal

from ..schema import Event


class StoreError(Exception):
    """The database cannot be used as asked (not a store, newer schema, ...)."""


class NotFoundError(StoreError, KeyError):
    """No event, mention or article with that id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class ReviewError(StoreError, ValueError):
    """A review change that cannot be made (unknown field, invalid value, nothing to split)."""


class StoredEvent(Event):
    """A fused event as the store keeps it: the record plus the analysts' review state."""

    status: Literal["ok", "wrong"] = "ok"  # 'wrong': an analyst marked it as not a real event
    corrected_fields: list[str] = []  # fields whose value is an analyst's correction
    updated_at: datetime | None = None


@dataclass
class StoredArticle:
    doc_id: str
    text: str
    title: str | None
    published: date | None
    source: str | None
    url: str | None
    language: str | None
    metadata: dict[str, Any]
    original_doc_id: str  # itself, or the earlier stored article it is a near-copy of
    content_hash: str
    ingested_at: datetime


@dataclass
class Source:
    """One article reporting an event: the article, its own extracted mention, and why it was linked."""

    mention_id: str
    article: StoredArticle
    mention: Event
    link_score: float | None
    link_reasons: list[str]
    linked_by: Literal["auto", "human"]


@dataclass(frozen=True)
class SourceRef:
    """An outlet reporting an event, as exports name it: the article's `source`, else its URL's
    host, else its id (`label`), with what identifies the outlet (`name`: the `source`; `url`)."""

    label: str
    name: str | None = None
    url: str | None = None


@dataclass
class AuditEntry:
    id: int
    at: datetime
    who: str
    action: str  # 'correct' | 'mark_wrong' | 'merge' | 'split'
    event_id: str | None
    mention_id: str | None
    field: str | None
    before: Any
    after: Any


@dataclass
class IngestStats:
    """What one `Store.ingest` (or a whole run, summed with `add`) did."""

    articles: int = 0  # new articles stored
    unchanged: int = 0  # already stored with the same content: nothing done
    replaced: int = 0  # stored before with other content: old mentions replaced
    syndicated: int = 0  # near-copies of an article stored earlier
    mentions: int = 0
    new_events: int = 0
    joined: int = 0  # mentions fused into an event that already existed

    def add(self, other: IngestStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
