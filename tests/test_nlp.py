"""Parsing in two steps (sentences first, entities only where needed) gives exactly the one-step parse."""

import pytest

from conftest import FIXTURES
from eventcoder import nlp
from eventcoder.ingest import read_inputs

# spaCy's NER will not run an entity across a sentence start, and the one-step parse splits
# sentences after NER: "Yahoo! Inc." is one entity there though "!" ends a sentence.
ACROSS_A_SENTENCE_START = "Shares of Yahoo! Inc. fell after the attack on its office in Lagos."


def _entities(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _sentences(doc):
    return [(s.start_char, s.end_char) for s in doc.sents]


def test_split_then_recognize_equals_parse_on_the_annotated_articles():
    texts = [ACROSS_A_SENTENCE_START] + [a.text for a in read_inputs([str(FIXTURES / "annotated" / "articles.jsonl")])]
    parsed = list(nlp.parse(texts))
    recognized = nlp.recognize(list(nlp.split(texts)))
    assert [_entities(d) for d in recognized] == [_entities(d) for d in parsed]
    assert [_sentences(d) for d in recognized] == [_sentences(d) for d in parsed]
    assert ("Yahoo! Inc.", "ORG") in [(e.text, e.label_) for e in recognized[0].ents]


def test_split_gives_sentences_but_no_entities():
    (doc,) = nlp.split([ACROSS_A_SENTENCE_START])
    assert len(list(doc.sents)) == 2
    assert not doc.has_annotation("ENT_IOB")


def test_recognize_leaves_parsed_documents_and_order_alone():
    texts = ["Gunmen killed two police officers in Gao on Friday.", ACROSS_A_SENTENCE_START]
    parsed = next(nlp.parse(texts[:1]))
    split = next(nlp.split(texts[1:]))
    out = nlp.recognize([parsed, split])
    assert out[0] is parsed and out[1] is split
    assert _entities(out[1]) == _entities(next(nlp.parse(texts[1:])))


@pytest.mark.parametrize("texts", [[], [""]])
def test_empty_input(texts):
    assert [len(d) for d in nlp.recognize(list(nlp.split(texts)))] == [0] * len(texts)
