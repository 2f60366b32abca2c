"""The one place that loads and runs spaCy: which pipeline, which components, batching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .settings import get_settings

# The dependency parser and lemmatizer cost most of the time and nothing downstream needs them;
# the statistical sentence recogniser (senter) gives sentences without the parser.
EXCLUDED = ("parser", "lemmatizer")


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
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        nlp.add_pipe("sentencizer")
    return nlp


def parse(texts: Iterable[str], n_process: int | None = None) -> Iterator[Doc]:
    """Run the pipeline over many texts, batched and, when asked, over several processes."""
    settings = get_settings()
    n_process = n_process or settings.n_process
    nlp = load()
    yield from nlp.pipe(texts, batch_size=settings.batch_size, n_process=n_process)
