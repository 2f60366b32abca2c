"""A small trained MUC-4 model: one spaCy pipeline with a role-filler tagger and an incident-type classifier.

Rules alone miss most MUC-4 role fillers: whether "peasants" is a victim or "the army" a
perpetrator depends on how MUC-4 annotators read the story. So the role fillers are learnt from
the user's training file:
- `ner` tags every occurrence of a gold filler's mention strings with its role (PerpInd, PerpOrg,
  Target, Victim, Weapon), with a fresh CNN embedding (the text is lower case, so a pretrained
  cased NER helps little);
- `textcat_multilabel` (bag of words and word pairs) says which incident types the document
  reports; no type above the threshold means no template.
Documents with no template teach the tagger little, so only a share of them is used for it.
The model lives in a directory the user points to (`--model DIR` or EVENTCODER_MUC4_MODEL); no
weights ship with the package. CPU only, no torch.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch

from ..schema import Article
from .templates import INCIDENT_TYPES, ROLES, Template, gold_templates
from .assemble import assemble

META_FILE = "muc4.json"
TAGGER = "ner"
CLASSIFIER = "textcat_multilabel"


class ModelNotFound(RuntimeError):
    pass


@dataclass
class TrainConfig:
    """Hyper-parameters, chosen on a held-out fifth of the training file (never on dev)."""

    epochs: int = 12
    width: int = 96
    depth: int = 4
    window: int = 1
    dropout: float = 0.2
    batch_size: int = 8
    no_template_share: float = 0.3  # share of template-less documents the tagger trains on
    threshold: float = 0.5  # incident-type probability at or above which a template is made
    seed: int = 0


@dataclass
class TrainReport:
    documents: int
    tagger_documents: int
    seconds: float
    losses: list[dict[str, float]] = field(default_factory=list)
    config: dict = field(default_factory=dict)


def blank_pipeline(config: TrainConfig) -> Language:
    nlp = spacy.blank("en")
    tok2vec = {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": config.width,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [5000, 1000, 2500, 2500],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": config.width,
            "depth": config.depth,
            "window_size": config.window,
            "maxout_pieces": 3,
        },
    }
    nlp.add_pipe(TAGGER, config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "tok2vec": tok2vec,
    }})
    nlp.add_pipe(CLASSIFIER, config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
        "no_output_layer": False, "length": 262144,
    }})
    return nlp


def gold_spans(doc: Doc, templates: list[Template]) -> list[Span]:
    """Every occurrence in the text of every gold mention string, labelled with its role."""
    spans = []
    for template in templates:
        for role in ROLES:
            for mention in {m for entity in template.role(role) for m in entity}:
                for match in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", doc.text):
                    span = doc.char_span(match.start(), match.end(), label=role, alignment_mode="contract")
                    if span is not None and len(span):
                        spans.append(span)
    return filter_spans(spans)


def gold_types(templates: list[Template]) -> dict[str, float]:
    present = {part.strip() for t in templates for part in t.incident_type.split("/")}
    return {kind: float(kind in present) for kind in INCIDENT_TYPES}


def train(
    articles: Iterable[Article],
    out_dir: Path,
    config: TrainConfig | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> TrainReport:
    """Train both components on MUC-4 documents with gold templates and save the model to out_dir."""
    config = config or TrainConfig()
    rng = random.Random(config.seed)
    fix_random_seed(config.seed)
    nlp = blank_pipeline(config)
    examples, tagger_examples = [], []
    for article in articles:
        templates = gold_templates(article)
        reference = nlp.make_doc(article.text)
        reference.ents = gold_spans(reference, templates)
        reference.cats = gold_types(templates)
        example = Example(nlp.make_doc(article.text), reference)
        examples.append(example)
        if templates or rng.random() < config.no_template_share:
            tagger_examples.append(example)
    if not examples:
        raise ValueError("no training documents")
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    report = TrainReport(documents=len(examples), tagger_documents=len(tagger_examples), seconds=0.0,
                         config=asdict(config))
    for epoch in range(config.epochs):
        losses: dict[str, float] = {}
        rng.shuffle(tagger_examples)
        for batch in minibatch(tagger_examples, size=config.batch_size):
            nlp.update(batch, drop=config.dropout, sgd=optimizer, losses=losses, exclude=[CLASSIFIER])
        rng.shuffle(examples)
        for batch in minibatch(examples, size=config.batch_size):
            nlp.update(batch, drop=config.dropout, sgd=optimizer, losses=losses, exclude=[TAGGER])
        report.losses.append({name: round(float(value), 2) for name, value in losses.items()})
        log(f"epoch {epoch + 1}/{config.epochs}: {report.losses[-1]} ({time.perf_counter() - started:.0f} s)")
    report.seconds = round(time.perf_counter() - started, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    (out_dir / META_FILE).write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return report


class Muc4Model:
    """A trained model loaded from its directory: texts in, templates out."""

    def __init__(self, nlp: Language, threshold: float) -> None:
        self.nlp = nlp
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> "Muc4Model":
        meta_path = Path(path) / META_FILE
        if not meta_path.is_file():
            raise ModelNotFound(f"{path} is not a MUC-4 model directory (no {META_FILE}); "
                                "make one with `eventcoder train muc4 TRAIN.jsonl -o DIR`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return cls(spacy.load(path), float(meta["config"]["threshold"]))

    def templates(self, texts: Iterable[str]) -> Iterator[list[Template]]:
        for doc in self.nlp.pipe(texts, batch_size=8):
            kinds = [kind for kind in INCIDENT_TYPES if doc.cats.get(kind, 0.0) >= self.threshold]
            yield assemble(kinds, [(span.label_, span.start_char, span.text) for span in doc.ents], doc.text)
