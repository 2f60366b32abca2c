"""The library API: one call per article, swappable stages, one bad article never stops a batch."""

import os
from datetime import date

import pytest

import eventcoder
from eventcoder.clean import clean
from eventcoder.detect import detect
from eventcoder.pipeline import POOL_MIN_CHUNKS, ArticleEvents, Pipeline, extract_articles
from eventcoder.schema import Article, ItemError
from eventcoder.settings import get_settings

TEXT = (
    "Suspected jihadists ambushed a military convoy near Menaka, Mali, on Wednesday, killing five "
    "soldiers and wounding seven, the army said.\n"
    "Two days later, a roadside bomb struck a bus on the road to Gao, killing three civilians.\n"
)


def test_extract_from_a_notebook():
    events = eventcoder.extract(TEXT, published="2022-03-11", id="menaka")
    assert [e.date.start for e in events] == [date(2022, 3, 9), date(2022, 3, 11)]
    ambush, bomb = events
    assert (ambush.event_type, ambush.sub_event_type) == ("Battles", "Armed clash")
    assert ambush.fatalities.best == 5 and ambush.injured.best == 7
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    assert bomb.fatalities.best == 3
    for event in events:
        assert event.doc_ids == ["menaka"]
        for ev in event.evidence:
            assert TEXT[ev.start:ev.end] == ev.text


def test_event_ids_are_stable_across_runs():
    first = [e.id for e in eventcoder.extract(TEXT, published="2022-03-11", id="menaka")]
    second = [e.id for e in eventcoder.extract(TEXT, published="2022-03-11", id="menaka")]
    assert first == second and len(set(first)) == len(first)


def test_a_stage_can_be_swapped():
    pipeline = Pipeline(detector=lambda clean, doc: [])
    results = list(extract_articles([Article(id="a", text=TEXT)], pipeline))
    assert isinstance(results[0], ArticleEvents) and results[0].events == []


def test_a_failing_article_becomes_an_item_error_and_the_batch_goes_on():
    def detector(clean, doc):
        if clean.article.id == "bad":
            raise RuntimeError("boom")
        return []

    items = [Article(id="bad", text=TEXT), ItemError(item="x.jsonl:3", reason="invalid JSON"), Article(id="ok", text=TEXT)]
    results = list(extract_articles(items, Pipeline(detector=detector)))
    assert [type(r).__name__ for r in results] == ["ItemError", "ItemError", "ArticleEvents"]
    assert "boom" in results[0].reason and results[2].article.id == "ok"


def test_no_publication_date_gives_no_invented_date():
    events = eventcoder.extract("Gunmen attacked a checkpoint in Gao on Friday, killing two police officers.")
    assert events and events[0].date.start is None and events[0].date.precision is None


# Batches of one article, so a short batch (POOL_MIN_CHUNKS items) already goes to the two worker processes.
@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setenv("EVENTCODER_BATCH_SIZE", "1")
    monkeypatch.setenv("EVENTCODER_N_PROCESS", "2")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def _many() -> list:
    lines = TEXT.splitlines(keepends=True)
    items = [Article(id=f"a{i}", text=lines[i % 2] * (1 + i % 3), published=date(2022, 3, 11)) for i in range(2 * POOL_MIN_CHUNKS)]
    items.insert(3, ItemError(item="x.jsonl:4", reason="invalid JSON"))
    items.insert(9, Article(id="market", text="Shares in Bamako rose on Tuesday after the central bank held its rate."))
    return items


def _summary(results) -> list:
    return [r.line() if isinstance(r, ItemError) else (r.article.id, [e.to_json() for e in r.events]) for r in results]


def test_worker_processes_give_the_same_results_in_the_same_order(small_batches):
    items = _many()
    pooled = Pipeline()
    in_workers = _summary(pooled.run(items))
    # The batch went to worker processes (both of them, unless one finished starting so much
    # sooner than the other that it coded all 33 articles alone, as with torch installed)
    assert 1 <= len(pooled.stats.worker_peak_kb) <= 2
    assert pooled.stats.articles["cleaned"] == len(items) - 1
    here = Pipeline(cleaner=lambda article: clean(article))  # a lambda cannot go to a worker
    in_process = _summary(here.run(items))
    assert not here.stats.worker_peak_kb
    assert in_workers == in_process
    assert in_workers[3] == "eventcoder: skipped x.jsonl:4: invalid JSON"
    assert sum(1 for r in in_workers if isinstance(r, tuple) and r[1]) == 2 * POOL_MIN_CHUNKS


def die_on_a7(clean, doc):
    """A detector that kills its worker process on one article, as running out of memory would."""
    if clean.article.id == "a7":
        os._exit(1)
    return detect(clean, doc)


def test_a_dying_worker_loses_only_its_article(small_batches):
    results = list(Pipeline(detector=die_on_a7).run(_many()))
    errors = [r for r in results if isinstance(r, ItemError)]
    assert [e.item for e in errors] == ["x.jsonl:4", "a7"] and "worker process died" in errors[1].reason
    assert [r.article.id for r in results if isinstance(r, ArticleEvents)] == [
        a.id for a in _many() if isinstance(a, Article) and a.id != "a7"]


# A report whose shooting sentence names no place; the town comes two sentences later.
UNPLACED_BODY = (
    "A 6-year-old boy was shot on Friday night and taken to a hospital, police said. "
    "Officers later searched a home on Elm Street in Dayton, Ohio."
)


def test_a_lead_placed_only_in_its_country_takes_the_town_its_headline_names():
    # its clauses name no place: only the article's main place, a guess, places it
    assert eventcoder.extract(UNPLACED_BODY, published="2016-07-09", id="t")[0].location.geo_precision == 2
    (event,) = eventcoder.extract(UNPLACED_BODY, published="2016-07-09", id="t", title="Boy, 6, shot in Dayton")
    assert (event.location.name, event.location.precision) == ("Dayton", "town")
    located = [ev for ev in event.evidence if ev.field == "location"]
    assert located and all(UNPLACED_BODY[ev.start : ev.end] == ev.text == "Dayton" for ev in located)


def test_a_headline_town_the_body_never_names_is_not_taken():
    (event,) = eventcoder.extract(UNPLACED_BODY, published="2016-07-09", id="t", title="Boy, 6, shot in Springfield")
    assert (event.location.name, event.location.geo_precision) == ("Dayton", 2)  # the body's main place


def test_a_headline_town_beats_the_dateline():
    body = ("SPRINGFIELD, Ohio - A 6-year-old boy was shot on Friday night, police said. "
            "His aunt, who raised him, lives in Dayton.")
    (event,) = eventcoder.extract(body, published="2016-07-09", id="t", title="Boy, 6, shot in Dayton")
    assert (event.location.name, event.location.geo_precision) == ("Dayton", 1)


def test_a_lead_placed_in_a_town_keeps_it():
    body = ("A 6-year-old boy was shot in Dayton, Ohio, on Friday night, police said. "
            "His family moved there from Springfield, Ohio, last year.")
    (event,) = eventcoder.extract(body, published="2016-07-09", id="t", title="Springfield boy, 6, shot")
    assert event.location.name == "Dayton"


def test_an_event_naming_no_place_takes_the_one_before_or_the_dateline():
    follow = eventcoder.extract("A grenade wounded six people at a bar in Gitega on Saturday. Two suspects were "
                                "arrested on Sunday.", published="2023-05-08", id="t")
    assert [e.location.name for e in follow] == ["Gitega", "Gitega"]
    [rally] = eventcoder.extract("BAGHDAD - Hundreds of teachers rallied in a square on Monday to demand "
                                 "unpaid wages.", published="2023-05-09", id="t")
    assert (rally.location.name, rally.location.precision, rally.location.geo_precision) == ("Baghdad", "town", 2)
