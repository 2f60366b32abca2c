"""`bench muc4`: template F1 of the rules mapping or of a trained model on a MUC-4 file with gold templates."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..ingest import read_inputs
from ..schema import Article, ItemError
from .extract import document_templates
from .model import Muc4Model
from .scorer import score_corpus
from .templates import gold_templates


def bench_muc4(path: Path, model: Muc4Model | None = None) -> tuple[dict[str, Any], list[ItemError]]:
    """Score every document of `path` against its own templates; returns the summary and skipped items."""
    items = list(read_inputs([str(path)]))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, ItemError)]
    started = time.perf_counter()
    predicted = {}
    for result in document_templates(articles, model):
        if isinstance(result, ItemError):
            errors.append(result)
        else:
            predicted[result.docid] = result.templates
    seconds = time.perf_counter() - started
    gold = {article.id: gold_templates(article) for article in articles}
    summary = score_corpus(predicted, gold).summary()
    micro = summary.pop("micro")
    return {
        "benchmark": "muc4",
        "path": str(path),
        "mapping": "model" if model else "rules",
        "model_kind": model.kind if model else None,
        "documents": len(articles),
        "skipped": len(errors),
        "gold_templates": sum(len(t) for t in gold.values()),
        "predicted_templates": sum(len(t) for t in predicted.values()),
        "template_f1": micro["f1"],
        "precision": micro["p"],
        "recall": micro["r"],
        "slots": summary,
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(articles) / seconds, 1) if seconds else None,
    }, errors
