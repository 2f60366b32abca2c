"""The store: articles, event mentions and fused events in one database (SQLite by default).

`Store` is the one entry point for `run`, `export` and the web app; see docs/store.md.
"""

from .query import EventQuery
from .records import (
    AuditEntry,
    IngestStats,
    NotFoundError,
    ReviewError,
    Source,
    StoredArticle,
    StoredEvent,
    StoreError,
)
from .store import Store, content_hash

__all__ = [
    "AuditEntry",
    "EventQuery",
    "IngestStats",
    "NotFoundError",
    "ReviewError",
    "Source",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredEvent",
    "content_hash",
]
