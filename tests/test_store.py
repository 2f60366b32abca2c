"""The store on real SQLite files: schema and migrations, ingest with fusion, reads, and review.

Articles and their extracted events are composed here by hand (no NLP), so each test states
exactly what fusion receives; tests/test_run_cli.py drives the whole pipeline.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from eventcoder import fuse, syndication
from eventcoder.fill import distinct_ids
from eventcoder.pipeline import ArticleEvents
from eventcoder.schema import Actor, Article, Count, CountReport, Event, EventDate, Evidence, Location
from eventcoder.store import EventQuery, NotFoundError, ReviewError, Store, StoreError, tuning
from eventcoder.store import tables as t
from eventcoder.store.migrations import VERSION
from eventcoder.store.query import conditions
from eventcoder.store.store import candidate_query

DAY = date(2023, 6, 13)
SABHA = dict(name="Sabha", country_code="LY", admin1="Fezzan", lat=27.04, lon=14.43)
GHAT = dict(name="Ghat", country_code="LY", admin1="Fezzan", lat=24.96, lon=10.17)
KABUL = dict(name="Kabul", country_code="AF", admin1="Kabul", lat=34.53, lon=69.17)
STRIKE = ("Explosions/Remote violence", "Air/drone strike")


def _span(doc_id: str, text: str, part: str, field: str) -> Evidence:
    start = text.index(part)
    return Evidence(doc_id=doc_id, start=start, end=start + len(part), text=part, field=field)


def report(
    doc_id: str,
    text: str,
    trigger: str,
    *,
    day: date | None = DAY,
    place: dict | None = None,
    killed: int | None = None,
    killed_text: str | None = None,
    kind: tuple[str, str] = STRIKE,
    perpetrator: str | None = None,
    scope: str | None = None,
    published: date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> ArticleEvents:
    """One article and the single event an extractor would have found in it."""
    trigger_span = _span(doc_id, text, trigger, "trigger")
    clause = _span(doc_id, text, text.split(". ")[0], "clause")
    fatalities = None
    if killed is not None:
        span = _span(doc_id, text, killed_text or str(killed), "fatalities")
        fatalities = Count(
            best=killed,
            min=killed,
            max=killed,
            reports=[CountReport(value=killed, source=source, doc_id=doc_id, start=span.start, end=span.end, text=span.text)],
        )
    actors = [Actor(name=perpetrator, role="perpetrator", text=perpetrator)] if perpetrator else []
    event = Event(
        id=Event.make_id(doc_id, trigger_span.start, trigger_span.end, trigger),
        doc_ids=[doc_id],
        event_type=kind[0],
        sub_event_type=kind[1],
        date=EventDate(start=day, end=day, precision="day" if day else None),
        location=Location(**(place or SABHA), precision="town", geo_precision=1),
        actors=actors,
        fatalities=fatalities,
        scope=scope,
        confidence=0.8,
        evidence=[trigger_span, clause],
    )
    article = Article(
        id=doc_id,
        text=text,
        title=title,
        published=published or (day + timedelta(days=1) if day else None),
        source=source,
    )
    return ArticleEvents(article=article, events=[event])


def first_report() -> ArticleEvents:
    return report(
        "wire-1",
        "A drone strike killed 12 people near Sabha on Tuesday, residents said.",
        "drone strike",
        killed=12,
        source="Wire",
        title="Drone strike near Sabha",
        perpetrator="Libyan National Army",
    )


def second_report() -> ArticleEvents:
    return report(
        "paper-2",
        "Twelve people died when a drone hit a farm outside Sabha on Tuesday, the council said.",
        "a drone hit",
        killed=12,
        killed_text="Twelve people",
        source="Paper",
        perpetrator="Libyan National Army",
        published=DAY + timedelta(days=2),
    )


def later_strike() -> ArticleEvents:
    """The same kind of event in the same town, five days later: another incident."""
    return report(
        "wire-3",
        "Another drone strike killed three people near Sabha on Sunday.",
        "drone strike",
        day=DAY + timedelta(days=5),
        killed=3,
        killed_text="three people",
        source="Wire",
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "events.db") as opened:
        yield opened


def fused(store: Store, **filters) -> list:
    return list(store.iter_events(EventQuery(**filters)))


def table_rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


# --------------------------------------------------------------------------- schema


def test_a_new_store_is_a_wal_database_at_the_current_version(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(VERSION,)]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "mentions", "events", "event_actors", "corrections", "audit"} <= names


def test_foreign_keys_are_enforced(store):
    store.ingest(first_report())
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with store._writer.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO mentions (mention_id, doc_id, event_id, record) VALUES ('m', 'no-such-article', 'e', '{}')"
            )


# A database as version 1 of the store wrote it: no review tables, no status, no linked_by.
VERSION_1 = [
    "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY)",
    "INSERT INTO schema_version VALUES (1)",
    """CREATE TABLE articles (doc_id VARCHAR NOT NULL PRIMARY KEY, content_hash VARCHAR(64) NOT NULL,
        title TEXT, text TEXT NOT NULL, published DATE, source TEXT, url TEXT, language VARCHAR(16),
        meta JSON, fingerprint BIGINT, original_doc_id VARCHAR, ingested_at DATETIME NOT NULL)""",
    """CREATE TABLE article_bands (band BIGINT NOT NULL, doc_id VARCHAR NOT NULL,
        PRIMARY KEY (band, doc_id), FOREIGN KEY(doc_id) REFERENCES articles (doc_id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_article_bands_doc ON article_bands (doc_id)",
    """CREATE TABLE events (event_id VARCHAR NOT NULL PRIMARY KEY, record TEXT NOT NULL, event_type VARCHAR,
        sub_event_type VARCHAR, scope VARCHAR, date_start DATE, date_end DATE, country_code VARCHAR(2),
        admin1 VARCHAR, lat FLOAT, lon FLOAT, fatalities INTEGER, search_text TEXT,
        updated_at DATETIME NOT NULL, long_span BOOLEAN DEFAULT 0 NOT NULL, place_text TEXT)""",
    "CREATE INDEX ix_events_date ON events (date_start)",
    "CREATE INDEX ix_events_date_end ON events (date_end)",
    "CREATE INDEX ix_events_long ON events (long_span, date_end)",
    "CREATE INDEX ix_events_country_date ON events (country_code, date_start)",
    "CREATE INDEX ix_events_type_date ON events (event_type, date_start)",
    "CREATE INDEX ix_events_subtype ON events (sub_event_type)",
    "CREATE INDEX ix_events_admin1 ON events (admin1)",
    "CREATE INDEX ix_events_fatalities ON events (fatalities)",
    "CREATE INDEX ix_events_scope ON events (scope)",
    """CREATE TABLE mentions (mention_id VARCHAR NOT NULL PRIMARY KEY, doc_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL, record TEXT NOT NULL, link_score FLOAT, link_reasons JSON,
        FOREIGN KEY(doc_id) REFERENCES articles (doc_id) ON DELETE CASCADE,
        FOREIGN KEY(event_id) REFERENCES events (event_id) DEFERRABLE INITIALLY DEFERRED)""",
    "CREATE INDEX ix_mentions_event ON mentions (event_id)",
    "CREATE INDEX ix_mentions_doc ON mentions (doc_id)",
    """CREATE TABLE event_actors (event_id VARCHAR NOT NULL, name VARCHAR NOT NULL, role VARCHAR(16) NOT NULL,
        PRIMARY KEY (event_id, name, role), FOREIGN KEY(event_id) REFERENCES events (event_id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_event_actors_name ON event_actors (name)",
]


def _schema(path: Path) -> dict:
    inspector = inspect(create_engine(f"sqlite:///{path}"))
    return {
        name: (
            sorted((c["name"], str(c["type"]), c["nullable"], c["default"]) for c in inspector.get_columns(name)),
            sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(name)),
        )
        for name in inspector.get_table_names()
    }


def test_an_older_database_is_migrated_keeping_its_data(tmp_path):
    old = tmp_path / "v1.db"
    with sqlite3.connect(old) as conn:
        for statement in VERSION_1:
            conn.execute(statement)
        event = first_report().events[0].model_copy(update={"doc_ids": ["wire-1"]})
        conn.execute(
            "INSERT INTO articles (doc_id, content_hash, text, ingested_at) VALUES ('wire-1', 'h', 'text', '2023-01-01 00:00:00')"
        )
        conn.execute(
            "INSERT INTO events (event_id, record, event_type, date_start, date_end, country_code, search_text, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'LY', 'a drone strike near sabha', '2023-01-01 00:00:00')",
            (event.id, event.model_dump_json(), event.event_type, DAY.isoformat(), DAY.isoformat()),
        )
        conn.execute(
            "INSERT INTO mentions (mention_id, doc_id, event_id, record) VALUES (?, 'wire-1', ?, ?)",
            (event.id, event.id, event.model_dump_json()),
        )
    with Store(old) as migrated:
        kept = migrated.get_event(event.id)
        assert kept is not None and kept.status == "ok" and kept.fatalities.best == 12
        assert [s.linked_by for s in migrated.event_sources(event.id)] == ["auto"]
        assert [e.id for e in fused(migrated, text="strike near sab")] == [event.id]  # free text indexed
        assert migrated.mark_wrong(event.id, who="ana").status == "wrong"  # the review tables exist now
    fresh = tmp_path / "fresh.db"
    Store(fresh).close()
    assert _schema(old) == _schema(fresh)
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(VERSION,)]


def test_a_newer_or_foreign_database_is_refused(tmp_path):
    newer = tmp_path / "newer.db"
    Store(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(newer)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="not an eventcoder store"):
        Store(foreign)


# --------------------------------------------------------------------------- ingest and fusion


def test_two_reports_of_one_incident_become_one_event_and_a_later_strike_stays_apart(store):
    first, second, later = first_report(), second_report(), later_strike()
    assert store.ingest(first).new_events == 1
    stats = store.ingest(second)
    assert (stats.articles, stats.mentions, stats.joined, stats.new_events) == (1, 1, 1, 0)
    assert store.ingest(later).new_events == 1
    events = fused(store)
    assert len(events) == 2
    incident = store.get_event(first.events[0].id)  # the fused event keeps its first mention's id
    assert incident.doc_ids == ["wire-1", "paper-2"]
    assert sorted(r.doc_id for r in incident.fatalities.reports) == ["paper-2", "wire-1"]
    assert incident.fatalities.best == 12
    sources = store.event_sources(incident.id)
    assert [s.article.doc_id for s in sources] == ["wire-1", "paper-2"]
    assert sources[1].link_score and sources[1].link_reasons and sources[1].linked_by == "auto"
    assert sources[0].article.text[sources[0].mention.evidence[0].start :].startswith("drone strike")


def test_ingesting_the_same_article_again_changes_nothing(store):
    store.ingest(first_report())
    store.ingest(second_report())
    before = {t: table_rows(store.path, t) for t in ("articles", "mentions", "events", "event_actors")}
    stats = store.ingest(second_report())
    assert (stats.unchanged, stats.articles, stats.mentions) == (1, 0, 0)
    assert store.is_stored(second_report().article)
    assert {t: table_rows(store.path, t) for t in before} == before


def test_a_changed_article_replaces_its_mentions(store):
    store.ingest(first_report())
    store.ingest(second_report())
    moved = report("paper-2", "A drone strike killed four people in Ghat on Tuesday.", "drone strike", place=GHAT, killed=4, killed_text="four people")
    stats = store.ingest(moved)
    assert stats.replaced == 1 and stats.new_events == 1
    events = {e.location.name: e for e in fused(store)}
    assert events["Sabha"].doc_ids == ["wire-1"] and events["Ghat"].doc_ids == ["paper-2"]
    assert store.get_article("paper-2").text.startswith("A drone strike killed four")


def test_an_event_left_without_mentions_is_dropped(store):
    store.ingest(later_strike())
    store.ingest(report("wire-3", "Officials denied any strike had taken place.", "strike", day=None))
    assert [e.date.start for e in fused(store)] == [None]


WIRE_STORY = (
    "A drone strike killed 12 people near Sabha on Tuesday, residents said. The strike hit a farm on the "
    "edge of the town where fighters loyal to a local commander had gathered in the afternoon, according to "
    "two residents reached by telephone. A hospital official in Sabha said the wounded had been brought in "
    "by private cars and that several were in a serious condition. No group said it had carried out the "
    "strike, and the forces that control the area declined to comment on Wednesday. The south of the "
    "country has seen repeated strikes this year as rival forces compete for its oil fields and roads."
)


def test_a_syndicated_copy_is_one_source(store):
    story = report("wire-1", WIRE_STORY, "drone strike", killed=12, source="Wire")
    copy = report(
        "mirror-9",
        "Reposted from Wire. " + WIRE_STORY + " Share this story.",
        "drone strike",
        killed=12,
        source="Mirror",
    )
    store.ingest(story)
    assert store.ingest(copy).syndicated == 1
    assert store.get_article("mirror-9").original_doc_id == "wire-1"
    incident = fused(store)[0]
    assert sorted(incident.doc_ids) == ["mirror-9", "wire-1"] and incident.independent_sources == 1


def test_the_bands_of_a_version_3_store_are_written_anew_and_still_find_copies(tmp_path):
    """Version 3 kept 8 bands of 8 bits; version 4 keeps 4 of 16 bits, looked up by probes."""
    path = tmp_path / "v3.db"
    with Store(path) as old:
        old.ingest(report("wire-1", WIRE_STORY, "drone strike", killed=12, source="Wire"))
    fp = syndication.fingerprint(WIRE_STORY)
    narrow = [(band << 8) | ((fp & syndication.MASK) >> (band * 8) & 0xFF) for band in range(8)]
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM article_bands")
        conn.executemany("INSERT INTO article_bands (band, doc_id) VALUES (?, 'wire-1')", [(b,) for b in narrow])
        conn.execute("UPDATE schema_version SET version = 3")
    with Store(path) as migrated:
        assert sorted(band for band, _ in table_rows(path, "article_bands")) == sorted(syndication.bands(fp))
        copy = report("mirror-9", "Reposted from Wire. " + WIRE_STORY + " Share this story.", "drone strike", killed=12)
        assert migrated.ingest(copy).syndicated == 1


def test_a_near_copy_lookup_reads_few_unrelated_articles():
    """4 bands of 16 bits: a lookup's 68 probed keys meet an unrelated article with chance about
    1/240 (8 bands of 8 bits met one in 32: about 60 of these 2,000)."""
    from eventcoder.store.bench import near_copy_lookup

    summary = near_copy_lookup(2000, lookups=50)
    assert summary["probes_per_lookup"] == 68
    assert summary["articles_read_per_lookup"] < 20, summary


def test_a_batch_commits_once_and_an_article_that_fails_is_rolled_back_alone(store, monkeypatch):
    fingerprint = syndication.fingerprint

    def failing_on_poison(text: str) -> int:
        if "poison" in text:
            raise RuntimeError("cannot fingerprint")
        return fingerprint(text)

    monkeypatch.setattr(syndication, "fingerprint", failing_on_poison)
    poisoned = report("bad-9", "A drone strike with poison killed 12 people near Sabha.", "drone strike", killed=12)
    outcomes = store.ingest_batch([first_report(), poisoned, second_report()])
    assert [type(o).__name__ for o in outcomes] == ["IngestStats", "ItemError", "IngestStats"]
    assert outcomes[1].item == "bad-9" and "cannot fingerprint" in outcomes[1].reason
    assert [r[0] for r in table_rows(store.path, "articles")] == ["paper-2", "wire-1"]
    assert [e.doc_ids for e in fused(store)] == [["wire-1", "paper-2"]]


def test_an_undated_mention_is_its_own_incident(store):
    store.ingest(first_report())
    undated = report("blog-4", "A drone strike killed 12 people near Sabha, a blog said.", "drone strike", day=None, killed=12, published=DAY)
    assert store.ingest(undated).new_events == 1
    assert len(fused(store)) == 2


def test_candidates_come_from_an_index_not_a_scan(store):
    store.ingest(first_report())
    for mention in (second_report().events[0], second_report().events[0].model_copy(update={"location": Location()})):
        with store._engine.connect() as conn:
            stmt, params = candidate_query(mention)
            sql = stmt.params(**params).compile(conn, compile_kwargs={"literal_binds": True})
            plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        assert any("USING INDEX" in step for step in plan), plan
        assert not any(step.startswith("SCAN events") for step in plan), plan


def test_a_long_event_is_a_candidate_and_an_undated_one_is_not(store):
    """A report dated only to its year is offered to a later dated report; one with no date is
    not (it overlaps no window), as in fuse.cluster: the store gives the same incidents."""
    yearly = report("review-5", "In 2023 a drone strike killed 12 people near Sabha.", "drone strike", killed=12, published=date(2024, 1, 2))
    year = EventDate(start=date(2023, 1, 1), end=date(2023, 12, 31), precision="year")
    yearly.events[0] = yearly.events[0].model_copy(update={"date": year})
    undated = report("blog-6", "A drone strike killed 12 people near Ghat, a blog said.", "drone strike", day=None, place=GHAT, killed=12, published=DAY)
    later = report("paper-7", "Twelve people died in a drone strike near Ghat on Tuesday.", "drone strike", place=GHAT, killed=12, killed_text="Twelve people")
    results = [yearly, first_report(), undated, later]
    assert [store.ingest(r).joined for r in results] == [0, 1, 0, 0]
    in_memory = fuse.cluster(
        fuse.Mention(event=r.events[0], doc_id=r.article.id, published=r.article.published) for r in results
    )
    stored = sorted(sorted(e.doc_ids) for e in fused(store))
    assert stored == sorted(sorted(e.doc_ids) for e in in_memory) == [["blog-6"], ["paper-7"], ["review-5", "wire-1"]]


def test_a_namesake_placed_in_another_country_is_a_candidate(store):
    """Two reports of one shooting in Dover, one geocoded to Delaware and one to Kent: fusion
    joins them by the town's name, so the store must offer the event across the border."""
    us = dict(name="Dover", country_code="US", admin1="Delaware", lat=39.16, lon=-75.52, text="Dover")
    gb = dict(name="Dover", country_code="GB", admin1="England", lat=51.13, lon=1.31, text="Dover")
    kind = ("Violence against civilians", "Attack")
    store.ingest(report("de-1", "A gunman killed two people in Dover on Tuesday, police said.", "killed", place=us, killed=2, killed_text="two people", kind=kind))
    store.ingest(report("ap-2", "Two people were shot dead in Dover on Tuesday.", "shot dead", place=gb, killed=2, killed_text="Two people", kind=kind))
    store.ingest(report("uk-3", "A man stabbed two people in Leeds on Tuesday.", "stabbed", place=dict(name="Leeds", country_code="GB", lat=53.8, lon=-1.55, text="Leeds"), killed=2, killed_text="two people", kind=kind))
    assert sorted(sorted(e.doc_ids) for e in fused(store)) == [["ap-2", "de-1"], ["uk-3"]]


def _naming(result: ArticleEvents, *people: str) -> ArticleEvents:
    result.events[0] = result.events[0].model_copy(update={"people": sorted(people)})
    return result


def _follow_ups() -> list[ArticleEvents]:
    kind = ("Violence against civilians", "Attack")
    return [
        _naming(report("news-1", "A gunman killed a man in Ghat on Tuesday.", "killed", place=GHAT, killed=1, killed_text="a man", kind=kind),
                "kevin morales", "tomas ferreira"),
        _naming(report("charges-2", "A man was charged in Sabha over the killing.", "killing", day=DAY + timedelta(days=12), killed=1, killed_text="A man", kind=kind),
                "kevin morales", "tomas ferreira"),
        _naming(report("trial-3", "The trial over the Ghat killing opened.", "killing", day=DAY + timedelta(days=200), place=GHAT, killed=1, killed_text="killing", kind=kind),
                "kevin morales", "tomas ferreira"),
        _naming(report("other-4", "A man was killed in Ghat in a dispute.", "killed", day=DAY + timedelta(days=20), place=GHAT, killed=1, killed_text="A man", kind=kind),
                "ana ruiz"),
    ]


def test_reports_naming_the_same_people_are_found_through_the_fulltext_index(store):
    """A follow-up about charges (12 days later, another town) and a trial months later name the
    victim and the suspect: one incident, as in fuse.cluster; a killing naming someone else stays apart."""
    results = _follow_ups()
    assert [store.ingest(r).joined for r in results] == [0, 1, 1, 0]
    in_memory = fuse.cluster(fuse.Mention(event=r.events[0], doc_id=r.article.id, published=r.article.published) for r in results)
    expected = [["charges-2", "news-1", "trial-3"], ["other-4"]]
    assert sorted(sorted(e.doc_ids) for e in fused(store)) == sorted(sorted(e.doc_ids) for e in in_memory) == expected
    assert fused(store, text="tomas ferreira")[0].people == ["kevin morales", "tomas ferreira"]


def test_without_fts5_people_are_looked_for_within_weeks(tmp_path, monkeypatch):
    monkeypatch.setattr(tuning, "fts5_available", lambda conn: False)
    with Store(tmp_path / "plain.db") as plain:
        assert [plain.ingest(r).joined for r in _follow_ups()] == [0, 1, 0, 0]


def test_repeats_with_one_id_in_an_article_are_kept_apart(store):
    twice = first_report()
    other_day = twice.events[0].model_copy(update={"date": EventDate(start=DAY - timedelta(days=3), end=DAY - timedelta(days=3), precision="day")})
    with pytest.raises(StoreError, match="share an id"):
        store.ingest(ArticleEvents(article=twice.article, events=[twice.events[0], other_day]))
    assert fused(store) == []  # nothing half-written
    stats = store.ingest(ArticleEvents(article=twice.article, events=distinct_ids([twice.events[0], other_day])))
    assert stats.mentions == 2 and stats.new_events == 2
    assert sorted(e.id for e in fused(store)) == sorted([twice.events[0].id, twice.events[0].id + "_2"])


# --------------------------------------------------------------------------- reads


def kabul_bombing() -> ArticleEvents:
    return report(
        "kabul-1",
        "A roadside bomb killed four soldiers in Kabul on Saturday, police said.",
        "roadside bomb",
        day=DAY + timedelta(days=20),
        place=KABUL,
        killed=4,
        killed_text="four soldiers",
        kind=("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        perpetrator="Taliban",
        scope="terrorism",
        source="Kabul Times",
        title="Bomb in Kabul",
    )


def _three_incidents(store: Store) -> None:
    for result in (first_report(), second_report(), later_strike(), kabul_bombing()):
        store.ingest(result)


def test_every_filter_of_an_event_query(store):
    _three_incidents(store)

    def places(**filters) -> list[str]:
        return sorted(e.location.name for e in fused(store, **filters))

    assert places() == ["Kabul", "Sabha", "Sabha"]
    assert places(since=DAY + timedelta(days=1)) == ["Kabul", "Sabha"]
    assert places(until=DAY) == ["Sabha"]
    assert places(country="af") == ["Kabul"]
    assert places(admin1="Fezzan") == ["Sabha", "Sabha"]
    assert places(sub_event_type="Remote explosive/landmine/IED") == ["Kabul"]
    assert places(event_type="Battles") == []
    assert places(actor="taliban") == ["Kabul"]
    assert places(min_fatalities=4) == ["Kabul", "Sabha"]
    assert places(text="bomb in kabul") == ["Kabul"]  # the article's title is searched too
    assert places(text="100%") == []  # LIKE wildcards are taken literally
    assert places(scope="terrorism") == ["Kabul"]
    assert places(exclude_scopes=("terrorism",)) == ["Sabha", "Sabha"]


def _plan(store: Store, q: EventQuery, fulltext: bool, count: bool = False) -> list[str]:
    columns = [t.events.c.event_id] if not count else [t.events.c.status]
    stmt = select(*columns).where(*conditions(q, fulltext))
    with store._engine.connect() as conn:
        sql = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        return [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


def _matching(store: Store, q: EventQuery, fulltext: bool) -> list[str]:
    with store._engine.connect() as conn:
        return sorted(conn.execute(select(t.events.c.event_id).where(*conditions(q, fulltext))).scalars())


def _fulltext_index_is_consistent(store: Store) -> None:
    """FTS5's own check of the index against the events table (raises when they differ)."""
    with store._writer.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO {tuning.FTS}({tuning.FTS}, rank) VALUES ('integrity-check', 1)")


def test_free_text_uses_the_fulltext_index_kept_in_step_with_every_write(store):
    assert store._fulltext  # this SQLite has FTS5
    _three_incidents(store)
    assert any("VIRTUAL TABLE" in step for step in _plan(store, EventQuery(text="kabul"), fulltext=True))
    for words in ("sabha", "Bomb in Kabul", "RONE STR", "ka", "100%", 'said "x"', "l n", "nowhere at all"):
        q = EventQuery(text=words)
        assert _matching(store, q, fulltext=True) == _matching(store, q, fulltext=False), words
    kabul_id = kabul_bombing().events[0].id
    store.correct(kabul_id, "claimed_by", "Zebra Front", who="ana")  # a review write updates the index
    assert [e.id for e in fused(store, text="zebra front")] == [kabul_id]
    store.correct(kabul_id, "claimed_by", "Other Front", who="ana")
    assert fused(store, text="zebra") == [] and len(fused(store, text="other front")) == 1
    keep_id, other_id = first_report().events[0].id, later_strike().events[0].id
    store.merge_events(keep_id, other_id, who="ana")  # the merged-away event leaves the index
    assert [e.id for e in fused(store, text="another drone strike")] == [keep_id]
    store.add_events([first_report().events[0].model_copy(update={"id": "bulk-1", "claimed_by": "Yak Brigade"})])
    assert [e.id for e in fused(store, text="yak brigade")] == ["bulk-1"]
    _fulltext_index_is_consistent(store)


def test_without_fts5_free_text_falls_back_to_like(tmp_path, monkeypatch):
    monkeypatch.setattr(tuning, "fts5_available", lambda conn: False)
    with Store(tmp_path / "plain.db") as plain:
        _three_incidents(plain)
        assert plain._fulltext is False
        assert sorted(e.location.name for e in fused(plain, text="bomb in kabul")) == ["Kabul"]
        assert not any("VIRTUAL TABLE" in step for step in _plan(plain, EventQuery(text="kabul"), fulltext=False))
    with sqlite3.connect(tmp_path / "plain.db") as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = ?", (tuning.FTS,)).fetchall() == []


def test_statistics_are_refreshed_when_stale_and_filters_read_their_indexes(store):
    kinds = [STRIKE, ("Battles", "Armed clash"), ("Riots", "Mob violence")]
    events = [
        first_report().events[0].model_copy(
            update={
                "id": f"bulk-{n}",
                "event_type": kinds[n % 3][0],
                "sub_event_type": kinds[n % 3][1],
                "actors": [Actor(name=f"group {n % 7}", role="perpetrator", text="gunmen")],
            }
        )
        for n in range(1200)
    ]
    store.add_events(events[:100])
    assert store.refresh_statistics() is False  # a small store keeps SQLite's default estimates
    store.add_events(events[100:])
    with store._engine.connect() as conn:
        stats = conn.exec_driver_sql("SELECT tbl, stat FROM sqlite_stat1").all()
    assert any(tbl == "events" for tbl, _ in stats)
    assert all(stat.startswith("1200 ") for tbl, stat in stats if tbl == "events")  # analysed after the bulk load
    assert {tbl for tbl, _ in stats} <= set(t.metadata.tables)  # never FTS5's own tables
    assert store.refresh_statistics() is False  # nothing changed: no work
    assert _matching(store, EventQuery(actor="GROUP 3"), fulltext=True) == sorted(f"bulk-{n}" for n in range(3, 1200, 7))
    actor_plan = _plan(store, EventQuery(actor="group 3"), fulltext=True)
    assert any("COVERING INDEX ix_event_actors_name_event" in step for step in actor_plan), actor_plan
    type_plan = _plan(store, EventQuery(event_type="Battles", min_fatalities=5), fulltext=True, count=True)
    assert any("COVERING INDEX ix_events_type_status" in step for step in type_plan), type_plan


def test_query_pages_newest_first_with_the_total(store):
    _three_incidents(store)
    total, page = store.query_events(EventQuery(), limit=2, offset=0)
    assert total == 3 and [e.location.name for e in page] == ["Kabul", "Sabha"]
    assert page[1].date.start == DAY + timedelta(days=5)
    total, rest = store.query_events(EventQuery(), limit=2, offset=2)
    assert total == 3 and [e.date.start for e in rest] == [DAY]


def test_timeline_and_facets(store):
    _three_incidents(store)
    days = store.timeline(EventQuery(), bucket="day")
    assert {"period": DAY.isoformat(), "event_type": STRIKE[0], "events": 1, "fatalities": 12} in days
    months = store.timeline(EventQuery(country="LY"), bucket="month")
    assert months == [{"period": "2023-06-01", "event_type": STRIKE[0], "events": 2, "fatalities": 15}]
    weeks = store.timeline(EventQuery(), bucket="week")
    assert {row["period"] for row in weeks} == {"2023-06-12", "2023-07-03"}  # Mondays
    with pytest.raises(ValueError):
        store.timeline(EventQuery(), bucket="fortnight")
    facets = store.facets()
    assert facets["countries"] == ["AF", "LY"]
    assert facets["admin1"] == {"AF": ["Kabul"], "LY": ["Fezzan"]}
    assert facets["sub_event_types"][STRIKE[0]] == ["Air/drone strike", "Remote explosive/landmine/IED"]
    assert facets["scopes"] == ["terrorism"]


def test_unknown_ids_read_as_none(store):
    assert store.get_event("nope") is None and store.get_article("nope") is None
    assert store.event_sources("nope") == []


def test_bulk_loaded_events_skip_known_ids(store):
    events = [
        first_report().events[0].model_copy(update={"id": f"bulk-{n}", "date": EventDate(start=DAY + timedelta(days=n), end=DAY + timedelta(days=n), precision="day")})
        for n in range(1200)
    ]
    assert store.add_events(events) == 1200
    assert store.add_events(events[:10]) == 0
    total, page = store.query_events(EventQuery(until=DAY + timedelta(days=9)), limit=5)
    assert total == 10 and page[0].id == "bulk-9"
    assert store.correct("bulk-3", "fatalities.best", 7, who="ana").fatalities.best == 7


# --------------------------------------------------------------------------- review


def test_a_correction_is_audited_and_survives_a_new_mention(store):
    first = first_report()
    store.ingest(first)
    event_id = first.events[0].id
    corrected = store.correct(event_id, "fatalities.best", 14, who="ana")
    assert corrected.fatalities.best == 14 and corrected.corrected_fields == ["fatalities.best"]
    store.correct(event_id, "date.start", date(2023, 6, 12), who="ben")
    store.ingest(second_report())  # a re-merge with a new source
    event = store.get_event(event_id)
    assert event.doc_ids == ["wire-1", "paper-2"]
    assert event.fatalities.best == 14 and event.date.start == date(2023, 6, 12)
    assert len(event.fatalities.reports) == 2  # the sources' own figures are untouched
    entries = store.audit(event_id)
    assert [(a.who, a.action, a.field, a.before, a.after) for a in entries] == [
        ("ana", "correct", "fatalities.best", 12, 14),
        ("ben", "correct", "date.start", "2023-06-13", "2023-06-12"),
    ]
    assert store.audit() == entries


def test_refused_corrections_change_nothing(store):
    first = first_report()
    store.ingest(first)
    event_id = first.events[0].id
    for field, value in [("id", "x"), ("doc_ids", []), ("location.nowhere", 1), ("fatalities.reports", []), ("colour", "red")]:
        with pytest.raises(ReviewError, match="cannot be corrected"):
            store.correct(event_id, field, value, who="ana")
    with pytest.raises(ValueError, match="date.start"):
        store.correct(event_id, "date.start", "last Tuesday", who="ana")
    with pytest.raises(KeyError):
        store.correct("no-such-event", "claimed_by", "X", who="ana")
    assert store.audit() == [] and store.get_event(event_id).corrected_fields == []


def test_an_event_marked_wrong_is_hidden_and_stays_marked(store):
    first = first_report()
    store.ingest(first)
    event_id = first.events[0].id
    assert store.mark_wrong(event_id, who="ana").status == "wrong"
    assert fused(store) == [] and store.query_events(EventQuery())[0] == 0
    store.ingest(second_report())  # joins the wrong event rather than starting a duplicate
    [event] = fused(store, include_wrong=True)
    assert event.status == "wrong" and event.doc_ids == ["wire-1", "paper-2"]
    assert store.mark_wrong(event_id, who="ana", wrong=False).status == "ok"
    assert [(a.field, a.before, a.after) for a in store.audit(event_id)] == [("status", "ok", "wrong"), ("status", "wrong", "ok")]


def test_a_human_merge_stands_through_later_runs(store):
    store.ingest(first_report())
    store.ingest(later_strike())
    keep_id, other_id = first_report().events[0].id, later_strike().events[0].id
    merged = store.merge_events(keep_id, other_id, who="ana")
    assert merged.doc_ids == ["wire-1", "wire-3"] and store.get_event(other_id) is None
    assert {s.linked_by for s in store.event_sources(keep_id)} == {"auto", "human"}
    store.ingest(second_report())
    assert [e.id for e in fused(store)] == [keep_id]
    assert store.get_event(keep_id).doc_ids == ["wire-1", "paper-2", "wire-3"]
    assert [a.action for a in store.audit(other_id)] == ["merge"]
    with pytest.raises(ReviewError):
        store.merge_events(keep_id, keep_id, who="ana")
    with pytest.raises(NotFoundError):
        store.merge_events(keep_id, other_id, who="ana")


def test_a_split_mention_becomes_its_own_event_and_stays_split(store):
    first, second = first_report(), second_report()
    store.ingest(first)
    store.ingest(second)
    mention_id = second.events[0].id
    new = store.split_mention(mention_id, who="ana")
    assert new.doc_ids == ["paper-2"] and new.id == mention_id
    assert store.get_event(first.events[0].id).doc_ids == ["wire-1"]
    with pytest.raises(ReviewError, match="only one"):
        store.split_mention(mention_id, who="ana")
    with pytest.raises(KeyError):
        store.split_mention("no-such-mention", who="ana")
    # the article comes again with an edit: its mention keeps the analyst's link
    edited = ArticleEvents(article=second.article.model_copy(update={"title": "Updated"}), events=second.events)
    assert store.ingest(edited).replaced == 1
    assert sorted(len(e.doc_ids) for e in fused(store)) == [1, 1]
    [source] = store.event_sources(new.id)
    assert source.linked_by == "human"


def test_a_reader_is_not_blocked_by_a_writer(store):
    store.ingest(first_report())
    writer = sqlite3.connect(store.path, timeout=0.1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE events SET fatalities = 99")
        assert store.query_events(EventQuery())[0] == 1  # the committed snapshot, at once
        assert store.get_event(first_report().events[0].id).fatalities.best == 12
    finally:
        writer.rollback()
        writer.close()
