"""MUC-4 templates: `extract --format muc4` output, `train muc4`, `bench muc4`."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer

ModelOpt = Annotated[
    Optional[Path],
    typer.Option("--model", help="A MUC-4 model directory made by `eventcoder train muc4` "
                 "(default: EVENTCODER_MUC4_MODEL, else the rules mapping)."),
]

NeuralOpt = Annotated[
    bool,
    typer.Option("--neural", help="Also fine-tune the MiniLM encoder and combine it with the linear model "
                 "(needs the neural extra: pip install 'eventcoder\\[neural]'; ~20 min on 2 CPU cores)."),
]


def _model_or_exit(path: Optional[Path]):
    """The model the user asked for, None for the rules mapping, or a usage error naming the path."""
    from ..muc4.extract import load_model
    from ..muc4.model import ModelNotFound
    from ..muc4.neural import NeuralUnavailable

    try:
        return load_model(path)
    except (ModelNotFound, NeuralUnavailable, OSError) as exc:
        typer.echo(f"eventcoder: {exc}", err=True)
        raise typer.Exit(2)


def write_templates(inputs: list[str], out: TextIO, model_path: Optional[Path]) -> tuple[int, int]:
    """`extract --format muc4`: one {docid, templates} line per document; returns (documents, skipped)."""
    from ..ingest import read_inputs
    from ..muc4.extract import document_templates
    from ..schema import ItemError

    model = _model_or_exit(model_path)
    documents = skipped = 0
    for result in document_templates(read_inputs(inputs), model):
        if isinstance(result, ItemError):
            skipped += 1
            typer.echo(result.line(), err=True)
            continue
        documents += 1
        out.write(result.to_json() + "\n")
        out.flush()
    return documents, skipped


def _train(path: Path, out_dir: Path, neural: bool = False):
    """Train on a MUC-4 file; lines without templates are named on stderr and skipped."""
    from ..ingest import read_inputs
    from ..muc4 import model, neural as neural_model
    from ..schema import Article, ItemError

    articles, skipped = [], 0
    for item in read_inputs([str(path)]):
        if isinstance(item, Article) and "templates" not in item.metadata:
            item = ItemError(item=item.origin or item.id, reason="no templates to train on")
        if isinstance(item, ItemError):
            skipped += 1
            typer.echo(item.line(), err=True)
        else:
            articles.append(item)
    if not articles:
        typer.echo(f"eventcoder: no training documents in {path}", err=True)
        raise typer.Exit(1)

    def log(line: str) -> None:
        typer.echo(f"eventcoder: train muc4: {line}", err=True)

    try:
        return (neural_model.train if neural else model.train)(articles, out_dir, log=log), skipped
    except neural_model.NeuralUnavailable as exc:
        typer.echo(f"eventcoder: {exc}", err=True)
        raise typer.Exit(2)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
    train_app = typer.Typer(help="Train the optional learnt components from your own data.", no_args_is_help=True)
    app.add_typer(train_app, name="train")

    @train_app.command("muc4")
    def train_muc4(
        train_file: Annotated[Path, typer.Argument(help="MUC-4 documents with gold templates (JSON lines).")],
        output: Annotated[Path, typer.Option("-o", "--output", help="The model directory to write.")],
        neural: NeuralOpt = False,
    ) -> None:
        """Train the MUC-4 role-filler, relevance and incident-type classifiers; use them with --model DIR."""
        report, skipped = _train(train_file, output, neural)
        typer.echo(json.dumps({"model": str(output), "documents": report.documents,
                               "relevant_documents": report.relevant_documents, "train_seconds": report.seconds}))
        if skipped:
            raise typer.Exit(1)

    @bench_app.command("muc4")
    def bench_muc4(
        path: Annotated[Path, typer.Argument(help="MUC-4 documents with gold templates, e.g. data/muc4/dev.jsonl.")],
        model: ModelOpt = None,
        train_file: Annotated[Optional[Path], typer.Option(
            "--train", help="Train a model on this file first (into a temporary directory) and score it.")] = None,
        neural: NeuralOpt = False,
    ) -> None:
        """Template F1 (GTT's scoring) with per-slot P/R/F1 and speed, as one JSON summary."""
        from ..muc4.bench import bench_muc4 as run_bench

        if model and train_file:
            typer.echo("eventcoder: give --model or --train, not both", err=True)
            raise typer.Exit(2)
        if neural and not train_file:
            typer.echo("eventcoder: --neural goes with --train (a --model directory says its own kind)", err=True)
            raise typer.Exit(2)
        with tempfile.TemporaryDirectory() as scratch:
            trained = None
            if train_file:
                trained, _ = _train(train_file, Path(scratch), neural)
                model = Path(scratch)
            summary, errors = run_bench(path, _model_or_exit(model))
            if trained:
                summary["train_seconds"] = trained.seconds
        for error in errors:
            typer.echo(error.line(), err=True)
        json.dump(summary, sys.stdout)
        sys.stdout.write("\n")
        if errors:
            raise typer.Exit(1)
