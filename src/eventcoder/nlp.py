"""The one place that loads and runs spaCy: which pipeline, which components, batching.

Parsing comes in two steps so that NER, nearly all of its cost, runs only where it is needed:
`split` gives tokens and sentences (a few percent of NER's cost), which is all detection reads;
`recognize` then adds entities to the documents that hold an event, for geocoding. Together they
give exactly the documents `parse` gives in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .settings import get_settings

# Downstream stages need only entities and sentences: the parser, tagger and lemmatizer cost most
# of the time and are left out; the small model's NER has its own tok2vec, and the rule-based
# sentencizer splits sentences at a fraction of the statistical senter's cost.
EXCLUDED = ("parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer")
SENTENCIZER = "sentencizer"


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
    if not nlp.has_pipe(SENTENCIZER):
        nlp.add_pipe(SENTENCIZER)
    return nlp


def _listened_to(nlp: Language, name: str) -> bool:
    """Whether a kept component reads the shared embedding layer `name` (then it must stay)."""
    component = nlp.get_pipe(name)
    return bool(getattr(component, "listening_components", None))


def parse(texts: Iterable[str], n_process: int = 1) -> Iterator[Doc]:
    """Tokens, entities and sentences of many texts, batched (over processes when asked)."""
    nlp = load()
    yield from nlp.pipe(texts, batch_size=get_settings().batch_size, n_process=n_process)


def split(texts: Iterable[str]) -> Iterator[Doc]:
    """Tokens and sentences only: the cheap part of `parse`, enough for event detection."""
    nlp = load()
    sentencizer = nlp.get_pipe(SENTENCIZER)
    for text in texts:
        yield sentencizer(nlp.make_doc(text))


def recognize(docs: list[Doc]) -> list[Doc]:
    """Add entities to documents from `split`, exactly as `parse` finds them (a no-op for parsed ones).

    NER never lets an entity run across a sentence start, and `parse` runs it before sentences
    are split; so the sentence starts are hidden while it runs and put back after.
    """
    needed = [not doc.has_annotation("ENT_IOB") for doc in docs]
    todo = [doc for doc, need in zip(docs, needed) if need]
    if not todo:
        return docs
    nlp = load()
    starts = [doc.to_array([SENT_START]) for doc in todo]
    for doc, known in zip(todo, starts):
        unsplit = numpy.zeros_like(known)
        unsplit[:1] = 1  # a new document knows only that its first token starts a sentence
        doc.from_array([SENT_START], unsplit)
    batch = todo
    for name, component in nlp.pipeline:
        if name != SENTENCIZER:
            batch = list(component.pipe(batch, batch_size=get_settings().batch_size))
    for doc, known in zip(batch, starts):
        doc.from_array([SENT_START], known)
    recognized = iter(batch)
    return [next(recognized) if need else doc for doc, need in zip(docs, needed)]
