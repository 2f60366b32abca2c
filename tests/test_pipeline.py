"""The library API: one call per article, swappable stages, one bad article never stops a batch."""

from datetime import date

import eventcoder
from eventcoder.pipeline import ArticleEvents, Pipeline, extract_articles
from eventcoder.schema import Article, ItemError

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
