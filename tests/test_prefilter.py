"""The prefilter spares parsing and coding of articles that cannot hold an event, and loses none.

The recall check compares the events of the pipeline with and without the prefilter, as
`eventcoder bench speed` does over any corpus (figures in docs/benchmarks.md).
"""

from conftest import FIXTURES
from eventcoder import nlp
from eventcoder.bench.speed import generated_corpus, prefilter_cost
from eventcoder.ingest import read_inputs
from eventcoder.pipeline import Pipeline
from eventcoder.prefilter import may_hold_event
from eventcoder.schema import Article

MARKET = Article(id="market", text="Shares in Lagos rose on Tuesday after the central bank held its rate at 18.75%.",
                 published="2024-05-21")
MARKET_WITH_PLACES = Article(id="market-places", published="2024-05-21", text=(
    "Traders in Kano and Abuja said on Monday that grain prices had eased.\n"
    "The Nigerian Bureau of Statistics will publish inflation figures on Friday."))


def test_trigger_words_decide():
    assert may_hold_event("Gunmen killed three villagers in Zamfara.")
    assert may_hold_event("An airstrike hit a market.")
    assert not may_hold_event(MARKET.text)
    assert not may_hold_event("")


def test_articles_without_trigger_words_are_not_parsed_and_yield_nothing():
    pipeline = Pipeline()
    articles = [MARKET, MARKET_WITH_PLACES, Article(id="raid", text="Gunmen killed three villagers in Zamfara on Monday.",
                                                    published="2024-05-21")]
    results = list(pipeline.run(articles))
    assert [r.article.id for r in results] == ["market", "market-places", "raid"]
    assert [len(r.events) for r in results] == [0, 0, 1]
    assert pipeline.stats.articles == {"cleaned": 3, "parsed": 1, "recognized": 1}


def test_no_event_lost_on_the_annotated_set():
    articles = list(read_inputs([str(FIXTURES / "annotated" / "articles.jsonl")])) + [MARKET, MARKET_WITH_PLACES]
    unfiltered = Pipeline(prefilter=None, parser=nlp.parse)
    filtered = Pipeline()
    cost = prefilter_cost(filtered.run(articles), unfiltered.run(articles))
    assert cost["events_without_prefilter"] >= 56
    assert cost["events_lost_share"] < 0.01
    assert cost["events_lost"] == cost["events_changed"] == 0
    assert filtered.stats.articles["parsed"] < unfiltered.stats.articles["parsed"]


def test_the_cost_counts_lost_and_changed_events():
    articles = generated_corpus()[:3]
    full = list(Pipeline().run(articles))
    assert all(r.events for r in full)
    fewer = [type(r)(article=r.article, events=r.events[1:]) for r in full]
    changed = [type(r)(article=r.article, events=[r.events[0].model_copy(update={"confidence": 0.01}), *r.events[1:]])
               for r in full]
    assert prefilter_cost(full, full)["events_lost"] == 0
    assert prefilter_cost(fewer, full)["events_lost"] == 3
    assert prefilter_cost(changed, full) | {"events_lost_share": None} == {
        "events_without_prefilter": sum(len(r.events) for r in full), "events_lost": 0, "events_changed": 3,
        "events_lost_share": None}
