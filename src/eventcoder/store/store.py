"""The store: articles, their event mentions, the fused events and the links between them.

Write side: `ingest` stores one article and fuses each of its mentions in one transaction, so a
crash or Ctrl-C loses at most the article in flight and the next run resumes. Read side: filtered
queries for exports and the web app. Review side: every analyst change writes an audit row and is
kept through later runs: corrections are re-applied after every re-merge, events marked wrong stay
marked, and automatic fusion only ever places new mentions, so a human merge or split stands.

SQLAlchemy Core keeps the SQL portable; `_sqlite_engine` knows it is SQLite (WAL, foreign
keys, `BEGIN IMMEDIATE` for writers so concurrent writers queue instead of failing), and
`tuning.py` adds SQLite's planner statistics and FTS5 free-text index (docs/store.md, "Another
database", lists what PostgreSQL would need instead).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import to_jsonable_python
from sqlalchemy import (
    CompoundSelect,
    Connection,
    Engine,
    Row,
    Select,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import OperationalError

from .. import fuse, syndication
from ..schema import Article, Count, Event, EventDate, ItemError, Location
from . import tables as t
from . import tuning
from .migrations import migrate
from .outlets import host_of
from .query import EventQuery, conditions
from .records import (
    StoreError,
    AuditEntry,
    IngestStats,
    NotFoundError,
    ReviewError,
    Source,
    SourceRef,
    StoredArticle,
    StoredEvent,
)

if TYPE_CHECKING:
    from ..pipeline import ArticleEvents

# Candidates are found by index range scans: fused events spanning at most this many days by
# their start date (it lies within the span before the window), longer ones (`long_span`, few) by
# their end date. Undated events overlap no window, so they are never candidates (as in
# `fuse.cluster`): offered to every dated mention, they made each one read and compare a pool
# that grows with the store.
MAX_SHORT_SPAN = timedelta(days=31)
BUSY_TIMEOUT_S = 60.0  # how long a writer waits for another writer before giving up
READ_BATCH = 500
PEOPLE_CANDIDATES = 50  # fused events naming one of a mention's people that fusion compares it with
PARSED_RECORD_CHARS = 4 * 1024 * 1024  # JSON of the parsed records kept per process (recent candidates, their mentions)
WRITE = "eventcoder_write"  # execution option: begin with BEGIN IMMEDIATE

# Fields an analyst may correct: any top-level field but the identity and provenance ones, and
# the scalar parts of date, location and the counts ("date.start", "fatalities.best").
UNCORRECTABLE = {"id", "doc_ids", "evidence", "fusion_reasons", "independent_sources"}
NESTED = {"date": EventDate, "location": Location, "fatalities": Count, "injured": Count, "kidnapped": Count}


# The statements of the ingest path, built once so SQLAlchemy reuses their compiled form.
_c, _m, _a = t.events.c, t.mentions.c, t.articles.c
HASH_OF_ARTICLE = select(_a.content_hash).where(_a.doc_id == bindparam("doc_id"))
EVENT_EXISTS = select(_c.event_id).where(_c.event_id == bindparam("event_id"))
SAME_BANDS = (  # ingested_at is selected because DISTINCT may only order by what it selects (PostgreSQL)
    select(_a.doc_id, _a.fingerprint, _a.original_doc_id, _a.ingested_at)
    .join(t.article_bands, t.article_bands.c.doc_id == _a.doc_id)
    .where(t.article_bands.c.band.in_(bindparam("bands", expanding=True)))
    .distinct()
    .order_by(_a.ingested_at, _a.doc_id)
)
_OVERLAPS = (_c.date_start <= bindparam("high"), _c.date_end >= bindparam("low"))
_SHORT = (_c.date_start >= bindparam("earliest"), *_OVERLAPS)
_LONG = (_c.long_span.is_(True), *_OVERLAPS)
# fuse joins events placed in two countries when one names the other's town (a namesake the
# geocoder resolved differently): such events elsewhere are offered when the names meet.
_SAME_COUNTRY = (_c.country_code == bindparam("country")) | _c.country_code.is_(None)
_NAMESAKE = (_c.country_code != bindparam("country")) & (
    _c.search_text.like(bindparam("place_pattern")) | bindparam("words", type_=Text).contains(_c.place_text)
)


def _candidates_statement(in_country: bool) -> CompoundSelect:
    """Fused events overlapping the window (a long event just before it is found twice)."""
    short = [(*_SHORT, _SAME_COUNTRY), (*_SHORT, _NAMESAKE)] if in_country else [_SHORT]
    parts = [select(_c.record, _c.date_start, _c.event_id).where(*part) for part in (*short, _LONG)]
    return union_all(*parts).order_by("date_start", "event_id")


CANDIDATES, CANDIDATES_IN_COUNTRY = _candidates_statement(False), _candidates_statement(True)
MENTIONS_OF_EVENT = (
    select(_m.record, _m.doc_id, _a.published, _a.original_doc_id, _a.title)
    .join(t.articles, _a.doc_id == _m.doc_id)
    .where(_m.event_id == bindparam("event_id"))
    .order_by(_a.published, _m.doc_id, _m.mention_id)
)
CORRECTIONS_OF_EVENT = select(t.corrections.c.field, t.corrections.c.value).where(
    t.corrections.c.event_id == bindparam("event_id")
)
UPDATE_EVENT = update(t.events).where(_c.event_id == bindparam("key"))
DELETE_ACTORS = delete(t.event_actors).where(t.event_actors.c.event_id == bindparam("event_id"))
INSERT_ARTICLE, INSERT_BAND, INSERT_MENTION = insert(t.articles), insert(t.article_bands), insert(t.mentions)
INSERT_EVENT, INSERT_ACTOR = insert(t.events), insert(t.event_actors)


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def content_hash(article: Article) -> str:
    """What extraction depends on: the same hash means storing the article again changes nothing."""
    digest = hashlib.sha256()
    for part in (article.title or "", article.published.isoformat() if article.published else "", article.text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Store:
    """One database of articles, mentions and fused events (created or migrated on open)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._engine = _sqlite_engine(self.path)
        self._writer = self._engine.execution_options(**{WRITE: True})
        with self._writer.begin() as conn:
            migrate(conn)
            self._fulltext = tuning.ensure_fulltext(conn)
        self.refresh_statistics()

    def refresh_statistics(self) -> bool:
        """Refresh the query planner's statistics if the events changed by a tenth since (cheap
        otherwise); called on open, after `add_events` and at the end of a run. True if refreshed."""
        with self._writer.begin() as conn:
            return tuning.analyze_if_stale(conn)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- write side (run)

    def is_stored(self, article: Article) -> bool:
        """The article is stored with this very content: ingesting it would change nothing."""
        with self._engine.connect() as conn:
            stored = conn.execute(HASH_OF_ARTICLE, {"doc_id": article.id}).scalar_one_or_none()
        return stored == content_hash(article)

    def ingest(self, result: ArticleEvents) -> IngestStats:
        """Store one article and fuse each of its mentions into the events, in one transaction."""
        with self._writer.begin() as conn:
            return self._ingest(conn, result)

    def ingest_batch(self, results: list[ArticleEvents]) -> list[IngestStats | ItemError]:
        """Store a few articles with one commit (commits are most of the store's cost), each in a
        savepoint of its own: an article that fails is rolled back alone and reported in its place.
        A failing database (OperationalError) is raised and the batch rolled back."""
        done: list[IngestStats | ItemError] = []
        with self._writer.begin() as conn:
            for result in results:
                try:
                    with conn.begin_nested():
                        done.append(self._ingest(conn, result))
                except OperationalError:
                    raise
                except Exception as exc:
                    article = result.article
                    done.append(ItemError(item=article.origin or article.id, reason=f"storing failed: {exc!r}"))
        return done

    def _ingest(self, conn: Connection, result: ArticleEvents) -> IngestStats:
        article = result.article
        ids = [e.id for e in result.events]
        if len(set(ids)) != len(ids):  # the pipeline makes them distinct (fill.distinct_ids)
            raise StoreError(f"{article.id}: two events of the article share an id")
        digest = content_hash(article)
        stats = IngestStats()
        stored = conn.execute(HASH_OF_ARTICLE, {"doc_id": article.id}).scalar_one_or_none()
        if stored == digest:
            stats.unchanged = 1
            return stats
        human_links: dict[str, str] = {}
        touched: set[str] = set()
        if stored is None:
            stats.articles = 1
        else:
            stats.replaced = 1
            human_links, touched = self._remove_article(conn, article.id)
        original = self._store_article(conn, article, digest)
        stats.syndicated = int(original != article.id)
        for mention_event in result.events:
            mention = fuse.Mention(
                event=mention_event, doc_id=article.id, published=article.published, original_doc_id=original
            )
            joined = self._place(conn, mention, article.title, human_links.get(mention_event.id))
            stats.mentions += 1
            stats.joined += joined
            stats.new_events += not joined
        for event_id in touched:
            self._refresh_or_drop(conn, event_id)
        return stats

    def add_events(self, events: Iterable[Event]) -> int:
        """Bulk insert already-fused events (no articles, no mentions), skipping known ids."""
        added = 0
        batch: list[Event] = []
        for item in events:
            batch.append(item)
            if len(batch) >= READ_BATCH:
                added += self._add_batch(batch)
                batch = []
        added += self._add_batch(batch) if batch else 0
        self.refresh_statistics()
        return added

    def _add_batch(self, batch: list[Event]) -> int:
        with self._writer.begin() as conn:
            known = set(
                conn.execute(select(t.events.c.event_id).where(t.events.c.event_id.in_([e.id for e in batch]))).scalars()
            )
            fresh = list({e.id: e for e in batch if e.id not in known}.values())
            if fresh:
                conn.execute(insert(t.events), [_event_row(e, []) for e in fresh])
                actors = [row for e in fresh for row in _actor_rows(e)]
                if actors:
                    conn.execute(insert(t.event_actors), actors)
        return len(fresh)

    def _remove_article(self, conn: Connection, doc_id: str) -> tuple[dict[str, str], set[str]]:
        """Drop a changed article's mentions; returns its analyst-made links and the events touched."""
        rows = conn.execute(
            select(t.mentions.c.mention_id, t.mentions.c.event_id, t.mentions.c.linked_by).where(
                t.mentions.c.doc_id == doc_id
            )
        ).all()
        conn.execute(delete(t.mentions).where(t.mentions.c.doc_id == doc_id))
        conn.execute(delete(t.articles).where(t.articles.c.doc_id == doc_id))
        human = {r.mention_id: r.event_id for r in rows if r.linked_by == "human"}
        return human, {r.event_id for r in rows}

    def _store_article(self, conn: Connection, article: Article, digest: str) -> str:
        """Insert the article with its text fingerprint; returns the id of the story it copies (or its own)."""
        fp = syndication.fingerprint(article.text)
        original = article.id
        for row in conn.execute(SAME_BANDS, {"bands": syndication.probes(fp)}).all():
            if row.fingerprint is not None and syndication.near_duplicate(fp, row.fingerprint):
                original = row.original_doc_id or row.doc_id
                break
        conn.execute(
            INSERT_ARTICLE,
            {
                "doc_id": article.id,
                "content_hash": digest,
                "title": article.title,
                "text": article.text,
                "published": article.published,
                "source": article.source,
                "url": article.url,
                "language": article.language,
                "meta": to_jsonable_python(article.metadata),
                "fingerprint": fp,
                "original_doc_id": original,
                "ingested_at": _now(),
            },
        )
        conn.execute(INSERT_BAND, [{"band": key, "doc_id": article.id} for key in syndication.bands(fp)])
        return original

    def _place(self, conn: Connection, mention: fuse.Mention, title: str | None, human_event_id: str | None) -> bool:
        """Link a new mention to an event (an analyst's earlier link, or fusion's decision); True: joined."""
        candidates: list[Event] = []
        if human_event_id is not None and self._exists(conn, human_event_id):
            event_id, score, reasons, linked_by = human_event_id, None, ["kept the analyst's link"], "human"
        else:
            candidates = self._candidates(conn, mention.event)
            decision = fuse.decide(mention, candidates)
            event_id, score, reasons, linked_by = decision.event_id, decision.score, decision.reasons, "auto"
        joined = event_id is not None
        if event_id is None:
            event_id = self._free_event_id(conn, mention.event.id)
        conn.execute(
            INSERT_MENTION,
            {
                "mention_id": mention.event.id,
                "doc_id": mention.doc_id,
                "event_id": event_id,
                "record": mention.event.model_dump_json(),
                "link_score": score,
                "link_reasons": reasons,
                "linked_by": linked_by,
            },
        )
        if joined:
            self._refresh(conn, event_id, before=next((c for c in candidates if c.id == event_id), None))
        else:  # a new incident: its one mention is at hand, and a new id has no corrections
            self._save(conn, fuse.merge(event_id, [mention]), [title] if title else [], new=True)
        return joined

    def _candidates(self, conn: Connection, mention: Event) -> list[Event]:
        query = candidate_query(mention)
        if query is None:
            return []  # an undated mention is stored as its own incident
        found = {row.event_id: row.record for row in conn.execute(*query)}
        naming = people_query(mention, self._fulltext)
        if naming is not None:
            found.update((row.event_id, row.record) for row in conn.execute(naming))
        return [_event_of(record) for record in found.values()]

    def _exists(self, conn: Connection, event_id: str) -> bool:
        return conn.execute(EVENT_EXISTS, {"event_id": event_id}).first() is not None

    def _free_event_id(self, conn: Connection, wanted: str) -> str:
        """A fused event takes its first mention's id; a suffix when that id is already taken."""
        candidate, n = wanted, 1
        while self._exists(conn, candidate):
            n += 1
            candidate = f"{wanted}_{n}"
        return candidate

    def _refresh(self, conn: Connection, event_id: str, before: Event | None = None) -> Event:
        """Re-merge an event from its mentions, re-apply the analysts' corrections, and save it
        (`before`: the stored record, when the caller has it)."""
        rows = conn.execute(MENTIONS_OF_EVENT, {"event_id": event_id}).all()
        if rows:
            mentions = [
                fuse.Mention(
                    event=_event_of(r.record),
                    doc_id=r.doc_id,
                    published=r.published,
                    original_doc_id=r.original_doc_id or r.doc_id,
                )
                for r in rows
            ]
            fused = fuse.merge(event_id, mentions)
            titles = [r.title for r in rows if r.title]
        else:  # bulk-loaded: the stored record is all there is
            record = conn.execute(select(t.events.c.record).where(t.events.c.event_id == event_id)).scalar_one()
            fused, titles = _event_of(record), []
        fused = apply_corrections(fused, self._corrections(conn, event_id))
        self._save(conn, fused, titles, before=before)
        return fused

    def _refresh_or_drop(self, conn: Connection, event_id: str) -> None:
        """After a changed article's mentions went: re-merge the event, or drop it if none is left."""
        if not self._exists(conn, event_id):
            return
        left = conn.execute(select(func.count()).where(t.mentions.c.event_id == event_id)).scalar_one()
        if left:
            self._refresh(conn, event_id)
        else:
            conn.execute(delete(t.events).where(t.events.c.event_id == event_id))

    def _save(self, conn: Connection, fused: Event, titles: list[str], before: Event | None = None, new: bool = False) -> None:
        """Write a fused record (`new`: it has no row yet); its actor rows only when they changed."""
        row = _event_row(fused, titles)
        _parsed.put(row["record"], fused)
        if new or conn.execute(UPDATE_EVENT, {**row, "key": fused.id}).rowcount == 0:
            conn.execute(INSERT_EVENT, row)
        actors = _actor_rows(fused)
        if before is not None and _actor_rows(before) == actors:
            return
        if not new:
            conn.execute(DELETE_ACTORS, {"event_id": fused.id})
        if actors:
            conn.execute(INSERT_ACTOR, actors)

    def _corrections(self, conn: Connection, event_id: str) -> dict[str, Any]:
        return {r.field: r.value for r in conn.execute(CORRECTIONS_OF_EVENT, {"event_id": event_id})}

    # ----------------------------------------------------------------- read side (export, web)

    def query_events(self, q: EventQuery, limit: int = 50, offset: int = 0) -> tuple[int, list[StoredEvent]]:
        """One page of the matching events, newest first, and how many match in all."""
        where = conditions(q, self._fulltext)
        c = t.events.c
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t.events).where(*where)).scalar_one()
            rows = conn.execute(
                select(c.event_id, c.record, c.status, c.updated_at)
                .where(*where)
                .order_by(c.date_start.desc().nulls_last(), c.event_id)
                .limit(limit)
                .offset(offset)
            ).all()
            return total, self._stored(conn, rows)

    def iter_events(self, q: EventQuery) -> Iterator[StoredEvent]:
        """Every matching event, oldest first, read in batches (memory stays flat on large stores)."""
        c = t.events.c
        stmt = (
            select(c.event_id, c.record, c.status, c.updated_at)
            .where(*conditions(q, self._fulltext))
            .order_by(c.date_start.nulls_last(), c.event_id)
        )
        with self._engine.connect() as conn:
            for batch in conn.execution_options(yield_per=READ_BATCH).execute(stmt).partitions():
                yield from self._stored(conn, batch)

    def get_event(self, event_id: str) -> StoredEvent | None:
        with self._engine.connect() as conn:
            return self._load(conn, event_id)

    def _load(self, conn: Connection, event_id: str) -> StoredEvent | None:
        c = t.events.c
        rows = conn.execute(
            select(c.event_id, c.record, c.status, c.updated_at).where(c.event_id == event_id)
        ).all()
        stored = self._stored(conn, rows)
        return stored[0] if stored else None

    def _must_load(self, conn: Connection, event_id: str) -> StoredEvent:
        found = self._load(conn, event_id)
        if found is None:
            raise NotFoundError(f"no event with id {event_id!r}")
        return found

    def _stored(self, conn: Connection, rows: Sequence[Row]) -> list[StoredEvent]:
        """Event rows as StoredEvents, with their status and the fields analysts corrected."""
        corrected: dict[str, list[str]] = defaultdict(list)
        if rows:
            pairs = conn.execute(
                select(t.corrections.c.event_id, t.corrections.c.field)
                .where(t.corrections.c.event_id.in_([r.event_id for r in rows]))
                .order_by(t.corrections.c.field)
            )
            for event_id, field in pairs:
                corrected[event_id].append(field)
        return [
            StoredEvent.model_validate_json(r.record).model_copy(
                update={"status": r.status, "corrected_fields": corrected[r.event_id], "updated_at": _utc(r.updated_at)}
            )
            for r in rows
        ]

    def event_sources(self, event_id: str) -> list[Source]:
        """The articles reporting an event, each with its own mention and why it was linked."""
        m, a = t.mentions.c, t.articles.c
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(m.mention_id, m.record, m.link_score, m.link_reasons, m.linked_by, t.articles)
                .join(t.articles, a.doc_id == m.doc_id)
                .where(m.event_id == event_id)
                .order_by(a.published, m.doc_id, m.mention_id)
            ).all()
        return [
            Source(
                mention_id=r.mention_id,
                article=_article(r),
                mention=Event.model_validate_json(r.record),
                link_score=r.link_score,
                link_reasons=list(r.link_reasons or []),
                linked_by=r.linked_by,
            )
            for r in rows
        ]

    def get_article(self, doc_id: str) -> StoredArticle | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.doc_id == doc_id)).first()
        return _article(row) if row else None

    def event_outlets(self, event_ids: list[str]) -> dict[str, list[SourceRef]]:
        """The outlets reporting each event, in report order, one per label (for exports)."""
        m, a = t.mentions.c, t.articles.c
        outlets: dict[str, dict[str, SourceRef]] = defaultdict(dict)
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(m.event_id, a.source, a.url, a.doc_id)
                .join(t.articles, a.doc_id == m.doc_id)
                .where(m.event_id.in_(event_ids))
                .order_by(m.event_id, a.published, a.doc_id)
            )
            for event_id, source, url, doc_id in rows:
                label = source or host_of(url) or doc_id
                outlets[event_id].setdefault(label, SourceRef(label=label, name=source, url=url))
        return {event_id: list(refs.values()) for event_id, refs in outlets.items()}

    def timeline(self, q: EventQuery, bucket: str = "day") -> list[dict]:
        """Events and fatalities per period (day, week, month, year) and event type, by start date."""
        start_of = _BUCKETS.get(bucket)
        if start_of is None:
            raise ValueError(f"bucket must be one of {', '.join(_BUCKETS)}, not {bucket!r}")
        c = t.events.c
        totals: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(c.date_start, c.event_type, c.fatalities).where(*conditions(q, self._fulltext), c.date_start.is_not(None))
            )
            for day, event_type, fatalities in rows:
                cell = totals[(start_of(day), event_type)]
                cell[0] += 1
                cell[1] += fatalities or 0
        return [
            {"period": period.isoformat(), "event_type": event_type, "events": n, "fatalities": killed}
            for (period, event_type), (n, killed) in sorted(totals.items())
        ]

    def facets(self) -> dict:
        """The values present, for filter menus: countries, admin1 per country, types with sub-types, scopes."""
        c = t.events.c
        with self._engine.connect() as conn:
            countries = conn.execute(select(c.country_code).where(c.country_code.is_not(None)).distinct()).scalars()
            places = conn.execute(
                select(c.country_code, c.admin1).where(c.admin1.is_not(None)).distinct()
            ).all()
            types = conn.execute(select(c.event_type, c.sub_event_type).distinct()).all()
            scopes = conn.execute(select(c.scope).where(c.scope.is_not(None)).distinct()).scalars()
            admin1: dict[str, list[str]] = defaultdict(list)
            for country, name in sorted(places, key=lambda p: (p[0] or "", p[1])):
                admin1[country or ""].append(name)
            sub_types: dict[str, list[str]] = defaultdict(list)
            for event_type, sub_type in sorted(types, key=lambda p: (p[0] or "", p[1] or "")):
                sub_types[event_type].append(sub_type)
            return {
                "countries": sorted(countries),
                "admin1": dict(admin1),
                "event_types": sorted(sub_types),
                "sub_event_types": dict(sub_types),
                "scopes": sorted(scopes),
            }

    # ----------------------------------------------------------------- review (web)

    def correct(self, event_id: str, field: str, value: Any, who: str) -> StoredEvent:
        """Set a field to the analyst's value; it overrides fusion on every later re-merge."""
        check_correctable(field)
        value = to_jsonable_python(value)
        with self._writer.begin() as conn:
            current = self._must_load(conn, event_id)
            before = field_value(current, field)
            apply_corrections(current, {field: value})  # refuses an invalid value before anything is written
            conn.execute(delete(t.corrections).where(t.corrections.c.event_id == event_id, t.corrections.c.field == field))
            conn.execute(insert(t.corrections).values(event_id=event_id, field=field, value=value, who=who, at=_now()))
            fused = self._refresh(conn, event_id)
            self._audit(conn, who, "correct", event_id, field=field, before=before, after=field_value(fused, field))
            return self._must_load(conn, event_id)

    def mark_wrong(self, event_id: str, who: str, wrong: bool = True) -> StoredEvent:
        """Mark an event as not a real incident (or right again); hidden from reads unless asked for."""
        status = "wrong" if wrong else "ok"
        with self._writer.begin() as conn:
            current = self._must_load(conn, event_id)
            conn.execute(update(t.events).where(t.events.c.event_id == event_id).values(status=status, updated_at=_now()))
            self._audit(conn, who, "mark_wrong", event_id, field="status", before=current.status, after=status)
            return self._must_load(conn, event_id)

    def merge_events(self, keep_id: str, other_id: str, who: str) -> StoredEvent:
        """Move every mention of `other_id` into `keep_id` (the analyst's link) and drop `other_id`."""
        if keep_id == other_id:
            raise ReviewError("an event cannot be merged with itself")
        with self._writer.begin() as conn:
            keep, other = self._must_load(conn, keep_id), self._must_load(conn, other_id)
            conn.execute(
                update(t.mentions)
                .where(t.mentions.c.event_id == other_id)
                .values(event_id=keep_id, linked_by="human", link_score=None, link_reasons=[f"merged by {who}"])
            )
            conn.execute(delete(t.events).where(t.events.c.event_id == other_id))
            fused = self._refresh(conn, keep_id)
            before = {"kept": _dump(keep), "merged": _dump(other)}
            self._audit(conn, who, "merge", keep_id, before=before, after=_dump(fused))
            self._audit(conn, who, "merge", other_id, before=_dump(other), after={"merged_into": keep_id})
            return self._must_load(conn, keep_id)

    def split_mention(self, mention_id: str, who: str) -> StoredEvent:
        """Take one mention out of its event into a new event of its own; returns the new event."""
        with self._writer.begin() as conn:
            event_id = conn.execute(
                select(t.mentions.c.event_id).where(t.mentions.c.mention_id == mention_id)
            ).scalar_one_or_none()
            if event_id is None:
                raise NotFoundError(f"no mention with id {mention_id!r}")
            siblings = conn.execute(select(func.count()).where(t.mentions.c.event_id == event_id)).scalar_one()
            if siblings < 2:
                raise ReviewError(f"mention {mention_id!r} is the only one of event {event_id!r}: nothing to split off")
            before = self._must_load(conn, event_id)
            new_id = self._free_event_id(conn, mention_id)
            conn.execute(
                update(t.mentions)
                .where(t.mentions.c.mention_id == mention_id)
                .values(event_id=new_id, linked_by="human", link_score=None, link_reasons=[f"split off by {who}"])
            )
            created = self._refresh(conn, new_id)
            remaining = self._refresh(conn, event_id)
            self._audit(conn, who, "split", event_id, mention_id=mention_id, before=_dump(before), after=_dump(remaining))
            self._audit(conn, who, "split", new_id, mention_id=mention_id, before={"split_from": event_id}, after=_dump(created))
            return self._must_load(conn, new_id)

    def audit(self, event_id: str | None = None) -> list[AuditEntry]:
        """Review history, oldest first: of one event, or of the whole store."""
        stmt = select(t.audit).order_by(t.audit.c.id)
        if event_id is not None:
            stmt = stmt.where(t.audit.c.event_id == event_id)
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [AuditEntry(**{**r._asdict(), "at": _utc(r.at)}) for r in rows]

    def _audit(self, conn: Connection, who: str, action: str, event_id: str, **values: Any) -> None:
        conn.execute(insert(t.audit).values(at=_now(), who=who, action=action, event_id=event_id, **values))


def candidate_query(mention: Event) -> tuple[CompoundSelect, dict[str, Any]] | None:
    """Fused events whose dates overlap the mention's blocking window, in its country or none (or
    naming its town): index range scans (None: the mention is undated and has no window)."""
    low, high = fuse.blocking_window(mention)
    if low is None or high is None:
        return None
    params = {"low": low, "high": high, "earliest": low - MAX_SHORT_SPAN}
    location = mention.location
    if not location.country_code:
        return CANDIDATES, params
    place = _place_text(location)
    words = " ".join(ev.text for ev in mention.evidence).lower()
    return CANDIDATES_IN_COUNTRY, {
        **params,
        "country": location.country_code,
        "place_pattern": f"%{place}%" if place else None,
        "words": words,
    }


def people_query(mention: Event, fulltext: bool) -> Select | None:
    """Fused events whose text names one of the mention's people: of any date through the
    free-text index (the most recent PEOPLE_CANDIDATES), else by LIKE in `fuse.people_window`."""
    low, high = fuse.people_window(mention)
    if low is None or high is None:
        return None
    found = select(_c.record, _c.event_id)
    if fulltext:
        return found.where(or_(*map(tuning.fulltext_match, mention.people))).order_by(_c.date_start.desc()).limit(PEOPLE_CANDIDATES)
    named = or_(*(_c.search_text.contains(name, autoescape=True) for name in mention.people))
    return found.where(_c.date_start >= low - MAX_SHORT_SPAN, _c.date_start <= high, _c.date_end >= low, named)


def _place_text(location: Location) -> str | None:
    """The name a point location was found by, lower-cased: what fuse matches across countries."""
    return location.text.lower() if location.text and location.precision in fuse.POINT_PRECISIONS else None


class _ParsedRecords:
    """Stored records and their Events, the most recent up to PARSED_RECORD_CHARS of JSON:
    candidates and mentions are read again on every join, and a record just written is read back
    as a candidate. Bounded by size, not count: a fused record grows with its reports, and a count
    bound let memory grow with them. The Events are shared, so nothing may change them in place
    (fuse and the store copy)."""

    def __init__(self, chars: int) -> None:
        self.chars = chars
        self.held = 0  # characters of the records kept
        self.events: OrderedDict[str, Event] = OrderedDict()
        self.lock = threading.Lock()  # the web app reviews from several threads

    def get(self, record: str) -> Event:
        with self.lock:
            event = self.events.get(record)
        if event is None:
            event = Event.model_validate_json(record)
        self.put(record, event)
        return event

    def put(self, record: str, event: Event) -> None:
        with self.lock:
            if record not in self.events:
                self.held += len(record)
            self.events[record] = event
            self.events.move_to_end(record)
            while self.held > self.chars and len(self.events) > 1:
                oldest, _ = self.events.popitem(last=False)
                self.held -= len(oldest)


_parsed = _ParsedRecords(PARSED_RECORD_CHARS)
_event_of = _parsed.get


def _dump(event: Event) -> dict:
    return event.model_dump(mode="json", include=set(Event.model_fields))


def check_correctable(field: str) -> None:
    """Refuse a field path analysts cannot set (ReviewError, a ValueError)."""
    head, _, part = field.partition(".")
    if head not in Event.model_fields or head in UNCORRECTABLE:
        raise ReviewError(f"{field!r} cannot be corrected")
    if part and (head not in NESTED or part not in NESTED[head].model_fields or part == "reports" or "." in part):
        raise ReviewError(f"{field!r} cannot be corrected")


def field_value(event: Event, field: str) -> Any:
    """The JSON value at a dotted field path ("date.start"), None where a part is missing."""
    value: Any = _dump(event)
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def apply_corrections(event: Event, corrections: dict[str, Any]) -> Event:
    """The event with each corrected field set to the analyst's value (validated like any record)."""
    if not corrections:
        return event
    data = _dump(event)
    for field, value in corrections.items():
        head, _, part = field.partition(".")
        if part:
            data[head] = {**(data.get(head) or {}), part: value}
        else:
            data[head] = value
    try:
        return Event.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise ReviewError(f"invalid value for {where}: {problem['msg']}") from None


def _search_text(event: Event, titles: list[str]) -> str:
    location = event.location
    words = [event.event_type, event.sub_event_type, event.scope, location.name, location.admin1, location.text]
    words += [event.claimed_by, *titles]
    words += [w for actor in event.actors for w in (actor.name, actor.text)]
    words += [ev.text for ev in event.evidence] + event.people
    return " ".join(w for w in words if w).lower()


def _event_row(event: Event, titles: list[str]) -> dict[str, Any]:
    location = event.location
    start, end = event.date.start, event.date.end or event.date.start
    return {
        "event_id": event.id,
        "record": event.model_dump_json(include=set(Event.model_fields)),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "scope": event.scope,
        "date_start": start,
        "date_end": end,
        "long_span": bool(start and end and end - start > MAX_SHORT_SPAN),
        "country_code": location.country_code,
        "admin1": location.admin1,
        "lat": location.lat,
        "lon": location.lon,
        "fatalities": event.fatalities.best if event.fatalities else None,
        "search_text": _search_text(event, titles),
        "place_text": _place_text(location),
        "updated_at": _now(),
    }


def _actor_rows(event: Event) -> list[dict[str, str]]:
    pairs = {(actor.name, actor.role) for actor in event.actors}
    return [{"event_id": event.id, "name": name, "role": role} for name, role in sorted(pairs)]


def _article(row: Row) -> StoredArticle:
    return StoredArticle(
        doc_id=row.doc_id,
        text=row.text,
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
        language=row.language,
        metadata=dict(row.meta or {}),
        original_doc_id=row.original_doc_id or row.doc_id,
        content_hash=row.content_hash,
        ingested_at=_utc(row.ingested_at),
    )


_BUCKETS = {
    "day": lambda d: d,
    "week": lambda d: d - timedelta(days=d.weekday()),  # the Monday
    "month": lambda d: d.replace(day=1),
    "year": lambda d: d.replace(month=1, day=1),
}
