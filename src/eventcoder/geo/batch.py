"""Geoparsing many documents: what `eventcoder geoparse` and `eventcoder bench geo` run.

Documents without given spans are parsed by spaCy in batches (NER is one of the toponym sources);
documents with spans skip the parser and resolve exactly those spans. Documents are resolved a
batch at a time so that those of one source (the `source` of an input line) inform each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..schema import Article, ItemError
from .gazetteer import Gazetteer, get_gazetteer
from .resolve import GeoDocument, SourceContext, geoparse_batch

BATCH = 256  # documents resolved together; the source context also carries over between batches


@dataclass
class Geoparsed:
    id: str
    toponyms: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "toponyms": self.toponyms}


def given_spans(article: Article) -> list[tuple[int, int]] | None:
    """The `spans` of an input line, checked against its text; ValueError says what is wrong."""
    raw = article.metadata.get("spans")
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise ValueError("'spans' is not a list of [start, end] pairs")
    spans = []
    for pair in raw:
        if (not isinstance(pair, list | tuple) or len(pair) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair)):
            raise ValueError(f"span {pair!r} is not a [start, end] pair of integers")
        start, end = pair
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"span [{start}, {end}] is outside the text (length {len(article.text)})")
        spans.append((start, end))
    return spans


def ner_parser() -> Any:
    """spaCy's pipe over texts, or None when no model is installed (gazetteer matching only)."""
    from .. import nlp

    try:
        nlp.load()
    except nlp.ModelNotInstalled:
        return None
    return nlp.parse


def geoparse_articles(items: Iterable[Article | ItemError], use_ner: bool = True,
                      gazetteer: Gazetteer | None = None) -> Iterator[Geoparsed | ItemError]:
    """Toponyms of each article, in input order; bad items come back as ItemErrors."""
    gaz = gazetteer or get_gazetteer()
    parser = ner_parser() if use_ner else None
    sources = SourceContext()
    stream = iter(items)
    while batch := list(islice(stream, BATCH)):
        checked: list[tuple[Article, list[tuple[int, int]] | None] | ItemError] = []
        for item in batch:
            if isinstance(item, ItemError):
                checked.append(item)
                continue
            try:
                checked.append((item, given_spans(item)))
            except ValueError as exc:
                checked.append(ItemError(item=item.origin or item.id, reason=str(exc)))
        good = [entry for entry in checked if isinstance(entry, tuple)]
        to_parse = [article.text for article, spans in good if spans is None]
        docs = iter(parser(to_parse) if parser and to_parse else [])
        documents = [GeoDocument(article.text, spans, next(docs, None) if spans is None else None, article.source)
                     for article, spans in good]
        results = iter(geoparse_batch(documents, gaz, sources))
        for entry in checked:
            yield entry if isinstance(entry, ItemError) else Geoparsed(entry[0].id, next(results))
