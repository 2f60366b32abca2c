"""Role-filler candidates of a parsed document and the features the model reads from them.

A MUC-4 role filler is a noun phrase; whether it fills a role is a decision about the entity
in this story ("the peasants" are victims here, bystanders elsewhere), so candidates are the
document's distinct noun-phrase strings, and each gathers the evidence of all its occurrences:
the words around it, the word that governs it ("kidnapped by X", "attack against X"), its head,
whether its sentence tells an incident, where it first occurs and how often.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..nlp import ModelNotInstalled
from ..settings import get_settings
from .assemble import TYPE_CUES
from .templates import ROLES, normalize

ROLE_CLASSES = ("none", *ROLES)
MAX_TOKENS = 8
FILLER_PROBABILITY = 0.3  # a sentence with a candidate this likely to fill a role tells the incident
DROPPED = {"det", "predet", "poss", "cc", "punct"}


@cache
def parser() -> Language:
    """The installed spaCy pipeline with its tagger and parser (noun phrases and heads need them).

    The main pipeline (nlp.py) leaves the parser out for speed; MUC-4 role filling needs it.
    """
    name = get_settings().spacy_model
    try:
        return spacy.load(name, exclude=["lemmatizer", "senter"])
    except OSError as exc:
        raise ModelNotInstalled(f"spaCy pipeline {name!r} is not installed; run `make setup`") from exc


@dataclass
class Candidate:
    """One distinct noun-phrase string of a document, with the features of all its occurrences."""

    key: str  # normalised string: what the scorer compares
    text: str  # first occurrence as written
    start: int  # character offset of the first occurrence
    sentence: int  # token offset of the first occurrence's sentence
    features: set[str] = field(default_factory=set)
    count: int = 0


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _spans(doc: Doc) -> Iterator[Span]:
    """Noun phrases, their head-final sub-phrases, "X of Y" phrases and named entities."""
    for chunk in doc.noun_chunks:
        tokens = [t for t in chunk if t.dep_ not in DROPPED]
        if not tokens:
            continue
        first, last = tokens[0].i, chunk.root.i
        for start in range(first, last + 1):
            if last + 1 - start <= MAX_TOKENS:
                yield doc[start:last + 1]
        for prep in chunk.root.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                end = max(t.i for t in prep.subtree) + 1
                if end - first <= MAX_TOKENS:
                    yield doc[first:end]
    yield from doc.ents


def _sentence_features(sentence: Span) -> list[str]:
    return [f"cue={kind}" for kind, cue in TYPE_CUES.items() if cue.search(sentence.text)]


def candidates(doc: Doc) -> list[Candidate]:
    """The document's candidates, in order of first occurrence."""
    found: dict[str, Candidate] = {}
    sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
    sentence_cues: dict[int, list[str]] = {}
    for span in _spans(doc):
        key = normalize(span.text)
        if not key or span.root.pos_ not in ("NOUN", "PROPN"):
            continue
        candidate = found.get(key)
        if candidate is None:
            candidate = found[key] = Candidate(key=key, text=span.text, start=span.start_char, sentence=span.sent.start)
            candidate.features |= {f"w={key}", f"first_sent={_bucket(sentence_index[span.sent.start], (0, 1, 2, 4, 8))}",
                                   f"len={_bucket(len(span), (1, 2, 3, 5))}"}
        elif span.start_char < candidate.start:
            candidate.text, candidate.start, candidate.sentence = span.text, span.start_char, span.sent.start
        candidate.count += 1
        sentence = span.sent
        if sentence.start not in sentence_cues:
            sentence_cues[sentence.start] = _sentence_features(sentence)
        candidate.features.update(sentence_cues[sentence.start])
        candidate.features.update(_occurrence_features(doc, span))
    for candidate in found.values():
        candidate.features.add(f"count={_bucket(candidate.count, (1, 2, 3, 5))}")
    return sorted(found.values(), key=lambda c: c.start)


def _occurrence_features(doc: Doc, span: Span) -> list[str]:
    head = span[-1]
    root = span.root
    governor = root.head
    features = [
        f"h={head.lower_}",
        f"first={span[0].lower_}",
        f"shape={head.shape_}",
        f"dep={root.dep_}",
        f"gov={root.dep_}|{governor.lower_}",
        f"ent={span[0].ent_type_ or '-'}",
    ]
    if len(span) > 1:
        features.append(f"h2={span[-2].lower_}|{head.lower_}")
    if governor.dep_ == "prep" or governor.pos_ == "ADP":
        features.append(f"prep={governor.lower_}|{governor.head.lower_}")
        features.append(f"prepw={governor.lower_}")
    elif governor.pos_ == "VERB":
        features.append(f"verb={root.dep_}|{governor.lower_}")
    for offset in (1, 2):
        left, right = span.start - offset, span.end - 1 + offset
        features.append(f"L{offset}={doc[left].lower_ if left >= 0 else '<s>'}")
        features.append(f"R{offset}={doc[right].lower_ if right < len(doc) else '</s>'}")
    return features


def document_features(doc: Doc, found: list[Candidate], role_probabilities: np.ndarray) -> set[str]:
    """What tells whether and which incidents a document reports: its words and word pairs, how
    likely its best candidates are to fill each role, and the words of the sentences they are in."""
    words = [t.lower_ for t in doc if not t.is_punct and not t.is_space]
    features = {f"u={w}" for w in words} | {f"b={a}|{b}" for a, b in zip(words, words[1:])}
    if not found:
        return features
    for column, role in enumerate(ROLES, 1):
        features.add(f"max_{role}={int(role_probabilities[:, column].max() * 10)}")
    filler_sentences = set()
    for candidate, probabilities in zip(found, role_probabilities):
        if probabilities[1:].max() >= FILLER_PROBABILITY:
            filler_sentences.add(candidate.sentence)
    for sentence in doc.sents:
        if sentence.start in filler_sentences:
            features |= {f"fs={t.lower_}" for t in sentence if not t.is_punct}
    features.add(f"filler_sentences={min(len(filler_sentences), 5)}")
    return features
