"""The one place that loads and runs spaCy: which pipeline, which components, batching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .settings import get_settings

# Downstream stages need only entities and sentences: the parser, tagger and lemmatizer cost most
# of the time and are left out; the small model's NER has its own tok2vec, and the rule-based
# sentencizer splits sentences at a fraction of the statistical senter's cost.
EXCLUDED = ("parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer")


class ModelNotInstalled(RuntimeError):
    pass


@cache
def load(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline by package name, once per process."""
    name = name or get_settings().spacy_model
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed; run `make setup`, or install it and set "
            "EVENTCODER_SPACY_MODEL"
        ) from exc
    if "tok2vec" in nlp.pipe_names and not _listened_to(nlp, "tok2vec"):
        nlp.remove_pipe("tok2vec")
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        nlp.add_pipe("sentencizer")
    return nlp


def _listened_to(nlp: Language, name: str) -> bool:
    """Whether a kept component reads the shared embedding layer `name` (then it must stay)."""
    component = nlp.get_pipe(name)
    return bool(getattr(component, "listening_components", None))


def parse(texts: Iterable[str], n_process: int | None = None) -> Iterator[Doc]:
    """Run the pipeline over many texts, batched and, when asked, over several processes."""
    settings = get_settings()
    n_process = n_process or settings.n_process
    nlp = load()
    yield from nlp.pipe(texts, batch_size=settings.batch_size, n_process=n_process)
