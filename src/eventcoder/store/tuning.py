"""SQLite-only speed-ups of the read side, kept apart so the rest of the store stays portable:
planner statistics (ANALYZE) and the FTS5 index that answers free-text filters.

Without statistics SQLite walks the unselective `status` index for text and actor filters;
`analyze_if_stale` refreshes them when the events table has changed by a tenth since (about
0.25 s for 100,000 events). Only the store's own tables are analysed, and only from
MIN_ANALYZED_EVENTS on: statistics of a tiny table, kept while it grows, mislead the planner
(FTS5's shadow tables analysed while nearly empty made a 100,000-event bulk load 40 times
slower), while without any SQLite assumes large tables and uses the indexes. The free-text index is an FTS5 table with the trigram tokenizer over
`events.search_text` (external content, keyed by the events rowid), kept in step by triggers on
every insert, update and delete of an event, whatever writes it (runs, bulk loads, review). A
trigram phrase matches any substring of 3 or more characters, as the LIKE filter it replaces did;
shorter texts, and SQLite builds without FTS5, use LIKE.
"""

from __future__ import annotations

from sqlalchemy import Column, ColumnElement, Connection, Integer, MetaData, Table, Text, func, literal_column, select, text

from .tables import events, metadata

FTS = "events_fts"
MIN_FULLTEXT_CHARS = 3  # the trigram tokenizer matches nothing shorter
STALE_SHARE = 0.1  # statistics are refreshed once the events table grew or shrank by this share
MIN_ANALYZED_EVENTS = 1000  # smaller stores are fast with SQLite's default estimates

# How queries see the FTS5 table (it is created below, never by metadata.create_all).
events_fts = Table(FTS, MetaData(), Column("rowid", Integer), Column("search_text", Text))

_FULLTEXT_DDL = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='events', tokenize='trigram')",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON events BEGIN
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.rowid, new.search_text); END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON events BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON events
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO {FTS}(rowid, search_text) VALUES (new.rowid, new.search_text); END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",  # index the events already stored
)


def _has_table(conn: Connection, name: str) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).first()
    return found is not None


def fts5_available(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar_one() == 1


def ensure_fulltext(conn: Connection) -> bool:
    """Create and fill the free-text index if this SQLite has FTS5 and the database lacks it
    (inside the caller's write transaction); True when free text can use it."""
    if _has_table(conn, FTS):
        return True
    if not fts5_available(conn):
        return False
    for statement in _FULLTEXT_DDL:
        conn.exec_driver_sql(statement)
    return True


def fulltext_match(words: str) -> ColumnElement[bool] | None:
    """Events whose search text contains `words` (lower-cased), through the FTS5 index; None when
    it is too short for trigrams."""
    if len(words) < MIN_FULLTEXT_CHARS:
        return None
    phrase = '"' + words.lower().replace('"', '""') + '"'  # one FTS5 string: every character literal
    matching = select(events_fts.c.rowid).where(events_fts.c.search_text.match(phrase))
    return literal_column(f"{events.name}.rowid").in_(matching)


def analyze_if_stale(conn: Connection) -> bool:
    """Run ANALYZE when the events table has no statistics or changed by STALE_SHARE since; True if it ran."""
    rows = conn.execute(select(func.count()).select_from(events)).scalar_one()
    analysed = None
    if _has_table(conn, "sqlite_stat1"):
        stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": events.name}).scalar()
        analysed = int(stat.split()[0]) if stat else None
    if rows < MIN_ANALYZED_EVENTS or (analysed is not None and abs(rows - analysed) <= STALE_SHARE * analysed):
        return False
    for table in metadata.sorted_tables:
        conn.exec_driver_sql(f"ANALYZE {table.name}")
    return True
