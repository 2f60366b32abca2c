"""Schema versions: a new database gets the current schema at once; an older one is brought up to it
one ordered step at a time, inside the caller's transaction, so a failed upgrade changes nothing.

Version 1: articles, article_bands, mentions, events, event_actors.
Version 2: review: mentions.linked_by, events.status, corrections, audit.
Version 3: indexes for filtered reads; (name, event_id) replaces the actors' (name) index.
Version 4: fingerprint bands of 16 bits, looked up by one-bit probes (syndication.py): the bands
of every stored article are written anew from its fingerprint.
A step adds tables, columns and indexes (and drops an index it supersedes), taking each definition
from `tables.py`, so the upgraded schema is the one a new database gets (tests/test_store.py checks
this). The FTS5 free-text index is not a step: `tuning.ensure_fulltext` adds it on open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Table, inspect, select
from sqlalchemy.schema import CreateColumn

from .. import syndication
from . import tables
from .records import StoreError


@dataclass(frozen=True)
class Migration:
    version: int  # the schema version this step produces
    summary: str
    apply: Callable[[Connection], None]


def _add_column(conn: Connection, table: Table, name: str) -> None:
    ddl = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")


def _create_index(conn: Connection, table: Table, name: str) -> None:
    next(index for index in table.indexes if index.name == name).create(conn)


def _review(conn: Connection) -> None:
    _add_column(conn, tables.mentions, "linked_by")
    _add_column(conn, tables.events, "status")
    _create_index(conn, tables.events, "ix_events_status")
    tables.metadata.create_all(conn, tables=[tables.corrections, tables.audit])


def _filter_indexes(conn: Connection) -> None:
    _create_index(conn, tables.events, "ix_events_type_status")
    _create_index(conn, tables.events, "ix_events_status_text")
    conn.exec_driver_sql("DROP INDEX ix_event_actors_name")
    _create_index(conn, tables.event_actors, "ix_event_actors_name_event")


def _wide_bands(conn: Connection) -> None:
    conn.execute(tables.article_bands.delete())
    articles = tables.articles.c
    for row in conn.execute(select(articles.doc_id, articles.fingerprint).where(articles.fingerprint.is_not(None))).all():
        conn.execute(tables.article_bands.insert(), [{"band": key, "doc_id": row.doc_id} for key in syndication.bands(row.fingerprint)])


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "review: linked_by, status, corrections, audit", _review),
    Migration(3, "indexes for filtered reads", _filter_indexes),
    Migration(4, "fingerprint bands of 16 bits", _wide_bands),
)
VERSION = MIGRATIONS[-1].version


def stored_version(conn: Connection) -> int | None:
    """The schema version of the database, or None when it has no eventcoder tables yet."""
    names = set(inspect(conn).get_table_names())
    if tables.schema_version.name not in names:
        if names:
            raise StoreError(f"the database has tables but is not an eventcoder store ({', '.join(sorted(names)[:5])})")
        return None
    return conn.execute(select(tables.schema_version.c.version)).scalar_one()


def migrate(conn: Connection) -> int | None:
    """Create or upgrade the schema; returns the version found (None: a new database)."""
    found = stored_version(conn)
    if found is None:
        tables.metadata.create_all(conn)
        conn.execute(tables.schema_version.insert().values(version=VERSION))
        return None
    if found > VERSION:
        raise StoreError(f"the database has schema version {found}, newer than this eventcoder knows ({VERSION})")
    for step in MIGRATIONS:
        if step.version > found:
            step.apply(conn)
            conn.execute(tables.schema_version.update().values(version=step.version))
    return found
