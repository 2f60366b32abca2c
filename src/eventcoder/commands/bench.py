"""Benchmarks of the whole pipeline: `bench speed`, `bench seeds`, `bench annotated`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..bench.accuracy import ANNOTATED, SHARED

MinimumsOpt = Annotated[
    Optional[Path],
    typer.Option("--minimums", help="A JSON file of pinned minimums (tests/accuracy_minimums.json): "
                 "exit 1 when a figure falls below them, as the CI gate does."),
]


def _scales(value: str) -> tuple[int, ...]:
    try:
        scales = tuple(int(part) for part in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a comma-separated list of whole numbers")
    if not scales or min(scales) < 1:
        raise typer.BadParameter("scales are whole numbers from 1 up")
    return scales


def bench_speed(
    path: Annotated[Optional[Path], typer.Argument(
        help="Articles to time, e.g. ../shared/data/muc4/train.jsonl (default: a corpus generated from "
             "the project's annotated fixtures).", exists=True, dir_okay=False)] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N articles.")] = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs of each measurement; the median is reported.")] = 3,
    scale: Annotated[str, typer.Option("--scale", help="Corpus sizes for the linearity check, as parts of the "
                                       "largest (1,4,16: a sixteenth, a quarter and all of the corpus).")] = "1,4,16",
) -> None:
    """Time the whole pipeline against bare spaCy NER on the same texts; print one JSON summary."""
    from ..bench.speed import bench_speed as run

    try:
        summary = run(path, limit, repeat, _scales(scale))
    except FileNotFoundError as exc:
        typer.echo(f"eventcoder: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(summary))


def bench_seeds(
    path: Annotated[Optional[Path], typer.Argument(
        help="The example articles (default: ../shared/seeds/articles.jsonl).", exists=True, dir_okay=False)] = None,
    gold: Annotated[Optional[Path], typer.Option(
        "--gold", help="Their hand-coded events (default: ../shared/acceptance/seeds_gold.json).",
        exists=True, dir_okay=False)] = None,
    minimums: MinimumsOpt = None,
) -> None:
    """Score the example articles with our scorer, and with the acceptance scorer next to the gold
    when present; print one JSON summary. Without ../shared it says so and exits 0."""
    from ..bench.accuracy import bench_set

    path = path or SHARED / "seeds" / "articles.jsonl"
    gold = gold or SHARED / "acceptance" / "seeds_gold.json"
    absent = [str(p) for p in (path, gold) if not p.is_file()]
    if absent:
        typer.echo(json.dumps({"set": "seeds", "skipped_because_absent": absent}))
        return
    scorer = gold.with_name("score_seeds.py")
    _report("seeds", bench_set(path, gold, scorer if scorer.is_file() else None), minimums)


def bench_annotated(
    path: Annotated[Path, typer.Argument(help="A folder with articles.jsonl and gold.json.", exists=True,
                                         file_okay=False)] = ANNOTATED,
    minimums: MinimumsOpt = None,
) -> None:
    """Score our own annotated set field by field; print one JSON summary."""
    from ..bench.accuracy import bench_set

    _report("annotated", bench_set(path / "articles.jsonl", path / "gold.json"), minimums)


def _report(name: str, summary: dict[str, Any], minimums: Optional[Path]) -> None:
    """Print the summary; with pinned minimums, name each figure below them and exit 1."""
    from ..bench.accuracy import below_minimums

    failures = below_minimums(summary, json.loads(minimums.read_text())[name]) if minimums else []
    typer.echo(json.dumps({"set": name, **summary, **({"below_minimums": failures} if minimums else {})}))
    if failures or summary["skipped"]:
        raise typer.Exit(1)


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
    bench_app.command("speed")(bench_speed)
    bench_app.command("seeds")(bench_seeds)
    bench_app.command("annotated")(bench_annotated)
