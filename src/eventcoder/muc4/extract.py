"""MUC-4 templates for a stream of documents, by the rules mapping or by a trained model.

Bad items pass through as ItemErrors, in order, like everywhere in the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..pipeline import extract_articles
from ..schema import Article, ItemError
from ..settings import get_settings
from .model import Muc4Model, load
from .rules import templates_from_events
from .templates import DocTemplates

Item = Article | ItemError


def load_model(path: Path | None) -> Muc4Model | None:
    """The model at `path`, else the one the settings name (EVENTCODER_MUC4_MODEL), else None: rules."""
    path = path or get_settings().muc4_model
    return load(path) if path else None


def document_templates(items: Iterable[Item], model: Muc4Model | None = None) -> Iterator[DocTemplates | ItemError]:
    """Each document's templates, or the error that made it skip."""
    if model is None:
        for result in extract_articles(items):
            if isinstance(result, ItemError):
                yield result
            else:
                yield DocTemplates(docid=result.article.id, templates=templates_from_events(result.events))
        return
    pending: list[Item] = []

    def texts() -> Iterator[str]:
        for item in items:
            pending.append(item)
            if isinstance(item, Article):
                yield item.text

    for templates in model.templates(texts()):
        while isinstance(pending[0], ItemError):
            yield pending.pop(0)
        article = pending.pop(0)
        assert isinstance(article, Article)
        yield DocTemplates(docid=article.id, templates=templates)
    yield from pending
