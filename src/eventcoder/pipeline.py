"""The library API: articles in, events out, one stage after another.

    read -> clean -> parse -> detect -> fill slots + geocode -> events

Every stage is a plain function on typed records (schema.py); `Pipeline` holds them so any one
can be swapped (a notebook can pass its own detector). A failure in one article becomes an
ItemError for that article and the batch goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from . import clean as clean_stage
from . import detect as detect_stage
from . import fill as fill_stage
from . import nlp
from . import geocode
from .ingest import read_inputs
from .schema import Article, CleanArticle, Event, ItemError, Location
from .settings import get_settings


@dataclass
class ArticleEvents:
    """The events of one article, with the article they came from."""

    article: Article
    events: list[Event]


@dataclass
class Pipeline:
    cleaner: Callable[[Article], CleanArticle | ItemError] = clean_stage.clean
    parser: Callable[[Iterable[str]], Iterator[Doc]] = nlp.parse
    detector: Callable[[CleanArticle, Doc], list[detect_stage.EventMention]] = detect_stage.detect

    def run(self, items: Iterable[Article | ItemError]) -> Iterator[ArticleEvents | ItemError]:
        """Process a stream of articles; bad items pass through as ItemErrors, in order."""
        cleaned = (self._clean(item) for item in items)
        yield from self._parse_and_code(cleaned)

    def _clean(self, item: Article | ItemError) -> CleanArticle | ItemError:
        if isinstance(item, ItemError):
            return item
        if len(item.text.encode("utf-8")) > get_settings().max_article_bytes:
            return ItemError(item=_name(item), reason="article larger than max_article_bytes")
        try:
            return self.cleaner(item)
        except Exception as exc:  # one bad article must not stop the batch
            return ItemError(item=_name(item), reason=f"cleaning failed: {exc!r}")

    def _parse_and_code(self, cleaned: Iterable[CleanArticle | ItemError]) -> Iterator[ArticleEvents | ItemError]:
        pending: list[CleanArticle | ItemError] = []

        def texts() -> Iterator[str]:
            for item in cleaned:
                pending.append(item)
                if isinstance(item, CleanArticle):
                    yield item.body_text

        # Parsed docs come back in order; errors queued before each article are flushed first.
        for doc in self.parser(texts()):
            while pending and isinstance(pending[0], ItemError):
                yield pending.pop(0)
            item = pending.pop(0)
            assert isinstance(item, CleanArticle)
            yield self._code(item, doc)
        yield from pending

    def _code(self, clean: CleanArticle, doc: Doc) -> ArticleEvents | ItemError:
        try:
            mentions = self.detector(clean, doc)
            places = geocode.ArticlePlaces.build(clean.body_text, doc)
            ctx = fill_stage.ArticleContext.build(clean, mentions, places.country)
            located: dict[int, Location] = {}
            for mention in mentions:
                located[id(mention)] = _place_of(mention, places, located)
            events = [fill_stage.fill(m, ctx, located[id(m)]) for m in mentions]
        except Exception as exc:
            return ItemError(item=_name(clean.article), reason=f"extraction failed: {exc!r}")
        return ArticleEvents(article=clean.article, events=events)


# "in the same area", "there": the place of the event told just before.
SAME_PLACE = re.compile(r"\bin the same (?:area|place|town|village|city|region|district|location)\b", re.I)


def _place_of(
    mention: detect_stage.EventMention, places: geocode.ArticlePlaces, located: dict[int, Location]
) -> Location:
    location = places.locate(_clause_spans(mention))
    previous = located.get(id(mention.follows)) if mention.follows is not None else None
    if previous is not None and previous.lat is not None and location.precision in (None, "country", "region"):
        if any(SAME_PLACE.search(c.text) for c in mention.clauses):
            return previous
    return location


def _clause_spans(mention: detect_stage.EventMention) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in mention.clauses]


def _name(article: Article) -> str:
    return article.origin or article.id


def extract_articles(
    items: Iterable[Article | ItemError], pipeline: Pipeline | None = None
) -> Iterator[ArticleEvents | ItemError]:
    return (pipeline or Pipeline()).run(items)


def extract_paths(paths: Iterable[str], published: date | None = None) -> Iterator[ArticleEvents | ItemError]:
    """Read files, directories or '-' and extract events from every article."""
    return extract_articles(read_inputs(paths, published=published))


def extract(
    text: str,
    published: date | str | None = None,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Event]:
    """Events of one article text: the call a notebook makes."""
    if isinstance(published, str):
        published = date.fromisoformat(published)
    article = Article(
        id=id or Article.make_id(text), text=text, title=title, published=published, source=source
    )
    for result in extract_articles([article]):
        if isinstance(result, ItemError):
            raise ValueError(result.line())
        return result.events
    return []
