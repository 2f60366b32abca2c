"""The store's tables, as SQLAlchemy Core metadata: the current schema, portable across databases.

Event and mention records are kept whole as JSON text (`record`), so a new Event field never needs
a migration; the columns beside them are denormalised copies used for filtering and indexes.
`migrations.py` brings an older database up to this schema.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
)

articles = Table(
    "articles",
    metadata,
    Column("doc_id", String, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("meta", JSON),
    Column("fingerprint", BigInteger),  # syndication.fingerprint of the text
    Column("original_doc_id", String),  # itself, or the earlier article it syndicates
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

# Locality-sensitive bands of each article's text fingerprint: near-duplicates share a band.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, primary_key=True),
    Column("doc_id", String, ForeignKey("articles.doc_id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_bands_doc", "doc_id"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("record", Text, nullable=False),  # the fused Event as JSON, human corrections applied
    Column("event_type", String),
    Column("sub_event_type", String),
    Column("scope", String),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("long_span", Boolean, nullable=False, server_default=false()),  # dates span over MAX_SHORT_SPAN
    Column("country_code", String(2)),
    Column("admin1", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("fatalities", Integer),
    Column("search_text", Text),  # lower-cased words for free-text search
    Column("place_text", Text),  # a point location's name as written, lower-cased (namesake matching)
    Column("status", String(8), nullable=False, server_default="ok"),  # 'ok' | 'wrong'
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_events_date", "date_start"),
    Index("ix_events_date_end", "date_end"),
    Index("ix_events_long", "long_span", "date_end"),
    Index("ix_events_country_date", "country_code", "date_start"),
    Index("ix_events_type_date", "event_type", "date_start"),
    Index("ix_events_subtype", "sub_event_type"),
    Index("ix_events_admin1", "admin1"),
    Index("ix_events_fatalities", "fatalities"),
    Index("ix_events_scope", "scope"),
    Index("ix_events_status", "status"),
    # Covering indexes for the web app's filters (version 3): the count of a type page reads no row,
    # and the LIKE fallback of free text (no FTS5, or under 3 characters) scans only the index.
    Index("ix_events_type_status", "event_type", "status", "fatalities"),
    Index("ix_events_status_text", "status", "search_text"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", String, primary_key=True),  # the article-level Event's id
    Column("doc_id", String, ForeignKey("articles.doc_id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String, ForeignKey("events.event_id", deferrable=True, initially="DEFERRED"), nullable=False),
    Column("record", Text, nullable=False),  # the article-level Event as extracted, as JSON
    Column("link_score", Float),
    Column("link_reasons", JSON),
    Column("linked_by", String(8), nullable=False, server_default="auto"),  # 'auto' | 'human'
    Index("ix_mentions_event", "event_id"),
    Index("ix_mentions_doc", "doc_id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String, ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("name", String, primary_key=True),
    Column("role", String(16), primary_key=True),
    Index("ix_event_actors_name_event", "name", "event_id"),  # the actor filter reads only this index
)

corrections = Table(
    "corrections",
    metadata,
    Column("event_id", String, ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("field", String, primary_key=True),  # "sub_event_type", "date.start", "fatalities.best", ...
    Column("value", JSON),
    Column("who", String, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Review history; no foreign key, so the trail of a merged-away event survives it.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String, nullable=False),
    Column("action", String(16), nullable=False),  # 'correct' | 'mark_wrong' | 'merge' | 'split'
    Column("event_id", String),
    Column("mention_id", String),
    Column("field", String),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_event", "event_id"),
)
