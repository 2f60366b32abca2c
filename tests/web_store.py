"""A small real store for the web app's tests: four articles written for these tests, their
hand-coded mentions (offsets computed from the text, so evidence always points at the right words),
ingested through `Store.ingest` exactly as `run` stores them.

Two reports of one checkpoint attack fuse into one event; an air strike placed at region level and
a shooting with a claimed perpetrator stay apart. One article carries a <script> in its text and
title: the pages must show it as text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventcoder.pipeline import ArticleEvents
from eventcoder.schema import Actor, Article, Count, CountReport, Event, EventDate, Evidence, Location
from eventcoder.store import Store

XSS = "<script>alert('xss')</script>"
GAO = Location(name="Gao", country_code="ML", admin1="Gao", lat=16.27, lon=-0.04, precision="town", geo_precision=1)
IDLIB = Location(name="Idlib", country_code="SY", admin1="Idlib", lat=35.93, lon=36.63, precision="region", geo_precision=3)
KABUL = Location(name="Kabul", country_code="AF", admin1="Kabul", lat=34.53, lon=69.17, precision="town", geo_precision=1)

ARTICLES = [
    Article(
        id="web-gao-1",
        title="Four police officers killed at Gao checkpoint",
        published=date(2024, 3, 4),
        source="Sahel Monitor",
        url="https://news.example.org/gao-1",
        text=(
            "GAO, Mali - Gunmen attacked a police checkpoint in Gao on Sunday, killing four officers and "
            "wounding two others, a regional official said.\nThe attackers fled on motorbikes."
        ),
    ),
    Article(
        id="web-gao-2",
        title=f"Checkpoint attack in Gao {XSS}",
        published=date(2024, 3, 4),
        source="Wire <b>News</b>",
        url="javascript:alert(1)",
        text=(
            "At least five police officers died when gunmen stormed a checkpoint in Gao on Sunday, residents "
            f"said. {XSS} Officials gave no toll."
        ),
    ),
    Article(
        id="web-idlib-1",
        title="Air strike hits village in Idlib",
        published=date(2024, 3, 13),
        source="Levant Desk",
        text="An air strike hit a village in northern Idlib province on Tuesday, killing seven civilians, rescuers said.",
    ),
    Article(
        id="web-kabul-1",
        title="Shopkeepers shot dead in Kabul",
        published=date(2024, 2, 21),
        source="Kabul Wire",
        text=(
            "A gunman shot dead two shopkeepers in Kabul on Tuesday. The Islamic State group claimed the "
            "attack in a statement."
        ),
    ),
]


def at(article: Article, phrase: str) -> tuple[int, int]:
    start = article.text.index(phrase)
    return start, start + len(phrase)


def evidence(article: Article, phrase: str, field: str) -> Evidence:
    start, end = at(article, phrase)
    return Evidence(doc_id=article.id, start=start, end=end, text=phrase, field=field)


def count(article: Article, phrase: str, value: int, **extra) -> Count:
    start, end = at(article, phrase)
    report = CountReport(value=value, doc_id=article.id, start=start, end=end, text=phrase, **extra)
    return Count(best=value, min=value, max=value, reports=[report])


def actor(article: Article, phrase: str, name: str, role: str) -> Actor:
    start, end = at(article, phrase)
    return Actor(name=name, role=role, text=phrase, start=start, end=end)


def mention(article: Article, trigger: str, event_type: str, sub_type: str, day: date, place: Location, **fields) -> Event:
    start, end = at(article, trigger)
    return Event(
        id=Event.make_id(article.id, start, end, trigger),
        doc_ids=[article.id],
        event_type=event_type,
        sub_event_type=sub_type,
        date=EventDate(start=day, end=day, precision="day", text="on Sunday" if day.weekday() == 6 else "on Tuesday"),
        location=place.model_copy(update={"text": place.name}),
        confidence=0.8,
        evidence=[evidence(article, trigger, "trigger"), evidence(article, place.name, "location")],
        **fields,
    )


def mentions() -> list[ArticleEvents]:
    gao1, gao2, idlib, kabul = ARTICLES
    return [
        ArticleEvents(gao1, [mention(
            gao1, "attacked", "Battles", "Armed clash", date(2024, 3, 3), GAO,
            actors=[actor(gao1, "Gunmen", "Unidentified armed group", "perpetrator"), actor(gao1, "police", "Police Forces of Mali", "target")],
            fatalities=count(gao1, "four officers", 4, source="a regional official"),
            injured=count(gao1, "two others", 2),
            scope="political violence",
        )]),
        ArticleEvents(gao2, [mention(
            gao2, "stormed", "Battles", "Armed clash", date(2024, 3, 3), GAO,
            actors=[actor(gao2, "gunmen", "Unidentified armed group", "perpetrator")],
            fatalities=count(gao2, "five police officers", 5, qualifier="at least", source="residents"),
            scope="political violence",
        )]),
        ArticleEvents(idlib, [mention(
            idlib, "air strike", "Explosions/Remote violence", "Air/drone strike", date(2024, 3, 12), IDLIB,
            fatalities=count(idlib, "seven civilians", 7, source="rescuers"),
            scope="political violence",
        )]),
        ArticleEvents(kabul, [mention(
            kabul, "shot dead", "Violence against civilians", "Attack", date(2024, 2, 20), KABUL,
            actors=[actor(kabul, "Islamic State group", "Islamic State", "perpetrator")],
            fatalities=count(kabul, "two shopkeepers", 2),
            claimed_by="Islamic State",
            scope="terrorism",
        )]),
    ]


def fill_store(path: Path) -> Store:
    """A new store at `path` holding the four articles, ingested as `run` would."""
    store = Store(path)
    for result in mentions():
        store.ingest(result)
    return store


def event_with_doc(store: Store, doc_id: str) -> Event:
    from eventcoder.store import EventQuery

    _, events = store.query_events(EventQuery(include_wrong=True), limit=100)
    return next(e for e in events if doc_id in e.doc_ids)
