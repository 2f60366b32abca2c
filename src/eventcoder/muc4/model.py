"""A small trained MUC-4 model: three hashed linear classifiers over a parsed document.

Rules alone miss most MUC-4 role fillers and cannot tell a templated terrorist incident from
the political news around it, so both are learnt from the user's training file:
- roles: each candidate noun phrase (features.py) -> none / PerpInd / PerpOrg / Target /
  Victim / Weapon (softmax);
- relevance: does the document report an incident MUC-4 templates at all;
- types: which incident types it reports (one sigmoid per type, trained on relevant documents).
The two document classifiers read the document's words and what the role classifier found; on
the training file they see role probabilities from a model that did not train on that document
(two-fold cross-fitting), as they will on new text.
A relevant document gets a template for its most likely type and for every other type above
the threshold; role fillers are shared out over them, a type whose victims are named in
different sentences getting a template per sentence (assemble.py). Thresholds were chosen on a
held-out fifth of the training file, never on dev.
The model lives in a directory the user points to (`--model DIR`, EVENTCODER_MUC4_MODEL): a
few numpy arrays and a JSON file; parsing uses the installed spaCy pipeline. CPU only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..schema import Article
from .assemble import Filler, assemble
from .features import ROLE_CLASSES, Candidate, candidates, document_features, parser
from .linear import HashedLinear
from .templates import INCIDENT_TYPES, Template, gold_templates, normalize

META_FILE = "muc4.json"
FILES = {"roles": "roles.npz", "relevance": "relevance.npz", "types": "types.npz"}
BATCH = 16


class ModelNotFound(RuntimeError):
    pass


@dataclass
class TrainConfig:
    """Hyper-parameters, chosen on a held-out fifth of the training file (never on dev)."""

    role_epochs: int = 1
    document_epochs: int = 2
    rate: float = 0.05
    bits: int = 20
    relevance_threshold: float = 0.5
    type_threshold: float = 0.5  # types besides the most likely one
    role_threshold: float = 0.2
    seed: int = 0


@dataclass
class TrainReport:
    documents: int
    relevant_documents: int
    candidates: int
    parse_seconds: float
    seconds: float
    config: dict


@dataclass
class Parsed:
    doc: Doc
    candidates: list[Candidate]
    rows: list[np.ndarray]


class Muc4Model:
    """A trained model: texts in, templates out."""

    kind = "linear"  # muc4.json says which kind of model a directory holds

    def __init__(self, roles: HashedLinear, relevance: HashedLinear, types: HashedLinear, config: TrainConfig) -> None:
        self.roles = roles
        self.relevance = relevance
        self.types = types
        self.config = config

    def role_probabilities(self, rows: list[np.ndarray]) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(ROLE_CLASSES)), dtype=np.float32)
        return np.array([self.roles.probabilities(r) for r in rows])

    def document_probabilities(self, parsed: Parsed, role_probabilities: np.ndarray) -> tuple[float, np.ndarray]:
        """Relevance and incident-type probabilities of a parsed document."""
        rows = self.types.rows(document_features(parsed.doc, parsed.candidates, role_probabilities))
        return float(self.relevance.probabilities(rows)[0]), self.types.probabilities(rows)

    def decide(self, parsed: Parsed, probabilities: np.ndarray, relevance: float,
               type_probabilities: np.ndarray) -> list[Template]:
        """Templates from the candidates' role probabilities and the document's probabilities."""
        if relevance < self.config.relevance_threshold:
            return []
        best = int(np.argmax(type_probabilities))
        kinds = [kind for n, kind in enumerate(INCIDENT_TYPES)
                 if n == best or type_probabilities[n] >= self.config.type_threshold]
        sentence_number = {sentence.start: n for n, sentence in enumerate(parsed.doc.sents)}
        fillers = []
        for candidate, p in zip(parsed.candidates, probabilities):
            role = int(np.argmax(p[1:])) + 1
            if p[role] >= self.config.role_threshold:
                fillers.append(Filler(ROLE_CLASSES[role], candidate.start, candidate.text,
                                      sentence_number[candidate.sentence]))
        return assemble(kinds, fillers, parsed.doc.text)

    def templates(self, texts: Iterable[str]) -> Iterator[list[Template]]:
        for parsed in parse(texts, self.roles):
            probabilities = self.role_probabilities(parsed.rows)
            yield self.decide(parsed, probabilities, *self.document_probabilities(parsed, probabilities))

    def save(self, directory: Path, report: TrainReport) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name, file in FILES.items():
            getattr(self, name).save(directory / file)
        meta = {"kind": self.kind, **asdict(report)}
        (directory / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "Muc4Model":
        directory = Path(directory)
        meta = directory / META_FILE
        if not meta.is_file() or not all((directory / f).is_file() for f in FILES.values()):
            raise ModelNotFound(f"{directory} is not a MUC-4 model directory; "
                                "make one with `eventcoder train muc4 TRAIN.jsonl -o DIR`")
        config = TrainConfig(**json.loads(meta.read_text(encoding="utf-8"))["config"])
        return cls(
            HashedLinear.load(directory / FILES["roles"], ROLE_CLASSES, exclusive=True),
            HashedLinear.load(directory / FILES["relevance"], ["relevant"], exclusive=False),
            HashedLinear.load(directory / FILES["types"], INCIDENT_TYPES, exclusive=False),
            config,
        )


def load(directory: Path) -> Muc4Model:
    """The model a directory holds, of the kind its muc4.json names ("linear" when it names none).

    The neural kind needs the optional `neural` extra (torch), imported only here."""
    meta = Path(directory) / META_FILE
    kind = json.loads(meta.read_text(encoding="utf-8")).get("kind", Muc4Model.kind) if meta.is_file() else Muc4Model.kind
    if kind == "neural":
        from .neural import NeuralMuc4Model

        return NeuralMuc4Model.load(directory)
    return Muc4Model.load(directory)


def parse(texts: Iterable[str], hasher: HashedLinear) -> Iterator[Parsed]:
    for doc in parser().pipe(texts, batch_size=BATCH):
        found = candidates(doc)
        yield Parsed(doc, found, [hasher.rows(c.features) for c in found])


def _role_targets(found: list[Candidate], article: Article) -> np.ndarray:
    roles: dict[str, str] = {}
    for template in gold_templates(article):
        for role in ROLE_CLASSES[1:]:
            for entity in template.role(role):
                for mention in entity:
                    roles.setdefault(normalize(mention), role)
    targets = np.zeros((len(found), len(ROLE_CLASSES)), dtype=np.float32)
    for n, candidate in enumerate(found):
        targets[n, ROLE_CLASSES.index(roles.get(candidate.key, "none"))] = 1.0
    return targets


def _type_targets(article: Article) -> np.ndarray:
    present = {part.strip() for t in gold_templates(article) for part in t.incident_type.split("/")}
    return np.array([float(kind in present) for kind in INCIDENT_TYPES], dtype=np.float32)


def train(
    articles: list[Article],
    out_dir: Path,
    config: TrainConfig | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> TrainReport:
    """Train the three classifiers on MUC-4 documents with gold templates; save them to out_dir."""
    config = config or TrainConfig()
    if not articles:
        raise ValueError("no training documents")
    started = time.perf_counter()

    def new(classes: Iterable[str], exclusive: bool) -> HashedLinear:
        return HashedLinear(list(classes), exclusive, bits=config.bits)

    roles = new(ROLE_CLASSES, True)
    parsed = list(parse((a.text for a in articles), roles))
    parse_seconds = time.perf_counter() - started
    log(f"parsed {len(parsed)} documents in {parse_seconds:.0f} s")
    role_targets = [_role_targets(p.candidates, a) for p, a in zip(parsed, articles)]

    def fit_roles(indices: list[int]) -> HashedLinear:
        model = new(ROLE_CLASSES, True)
        rows = [r for n in indices for r in parsed[n].rows]
        if rows:
            model.fit(rows, np.concatenate([role_targets[n] for n in indices]), config.role_epochs,
                      config.rate, config.seed)
        return model

    # Out-of-fold role probabilities for the document classifiers' training features.
    folds = [list(range(0, len(parsed), 2)), list(range(1, len(parsed), 2))]
    held_out: dict[int, np.ndarray] = {}
    for fold, other in ((folds[0], folds[1]), (folds[1], folds[0])):
        fold_model = Muc4Model(fit_roles(other), new(["relevant"], False), new(INCIDENT_TYPES, False), config)
        for n in fold:
            held_out[n] = fold_model.role_probabilities(parsed[n].rows)
    model = Muc4Model(fit_roles(list(range(len(parsed)))), new(["relevant"], False), new(INCIDENT_TYPES, False), config)
    log(f"role classifier trained ({time.perf_counter() - started:.0f} s)")

    document_rows = [model.types.rows(document_features(p.doc, p.candidates, held_out[n])) for n, p in enumerate(parsed)]
    type_targets = np.array([_type_targets(a) for a in articles])
    relevant = [n for n in range(len(articles)) if type_targets[n].any()]
    model.relevance.fit(document_rows, type_targets.any(axis=1, keepdims=True).astype(np.float32),
                        config.document_epochs, config.rate, config.seed)
    if relevant:
        model.types.fit([document_rows[n] for n in relevant], type_targets[relevant], config.document_epochs,
                        config.rate, config.seed)
    report = TrainReport(
        documents=len(articles), relevant_documents=len(relevant), candidates=sum(len(p.rows) for p in parsed),
        parse_seconds=round(parse_seconds, 1), seconds=round(time.perf_counter() - started, 1), config=asdict(config),
    )
    model.save(out_dir, report)
    log(f"trained in {report.seconds:.0f} s; saved to {out_dir}")
    return report
