"""The cheap first pass: which articles can hold an event at all.

Detection starts an event only at a word of the trigger lexicon (data/triggers.yaml), so an article
whose cleaned body holds none of them yields no event: it is neither parsed nor coded. One search
with the lexicon's combined pattern decides, at a small fraction of NER's cost.

Within an article the pipeline goes on in the same spirit (pipeline.py): tokens and sentences
first, detection over the sentences, and NER (nearly all of the parsing cost) only for articles
whose sentences hold an event mention. NER is not narrowed to the event sentences themselves:
geocoding weighs every place the article names to find its country, and running NER on event
sentences only changed the place or actors of a quarter of the MUC-4 dev events
(docs/benchmarks.md). What the filter costs in events is measured by `eventcoder bench speed`
and checked by tests/test_prefilter.py.
"""

from __future__ import annotations

from .detect import lexicon


def may_hold_event(text: str) -> bool:
    """Whether `text` holds a trigger word, without which detection finds no event."""
    return lexicon().combined.search(text) is not None
