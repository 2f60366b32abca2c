"""Fusion benchmarks: `bench gvc`, `bench fusion`."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "fusion"


class Split(str, Enum):
    train = "train"
    dev = "dev"
    test = "test"
    all = "all"


EventsOpt = Annotated[
    Optional[Path],
    typer.Option("--events", help="Reuse events that `eventcoder extract` wrote for these articles instead of extracting again."),
]
MemoryOpt = Annotated[
    bool, typer.Option("--in-memory", help="Fuse with fuse.cluster instead of a temporary store (what `run` does).")
]


def bench_gvc(
    path: Annotated[Path, typer.Argument(help="gvc_documents_with_incidents.jsonl of the Gun Violence Corpus.")],
    split: Annotated[Split, typer.Option("--split", help="Which incidents to score (Bugert et al. 2021 splits).")] = Split.all,
    events: EventsOpt = None,
    in_memory: MemoryOpt = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list the incidents whose fields are wrong.")] = False,
) -> None:
    """Fuse the Gun Violence Corpus and score it: document clustering (B-cubed, pairwise) and
    per-incident date, killed, injured, state and town. Prints one JSON summary."""
    from ..bench import fusion as bench

    if not path.is_file():
        raise typer.BadParameter(f"{path} is not a file", param_hint="PATH")
    docs = bench.load_gvc(path, None if split is Split.all else split.value)
    summary = _run(docs, events, in_memory)
    if not errors:
        summary.pop("field_errors", None)
    typer.echo(json.dumps({"data": str(path), "split": split.value, **summary}))


def bench_fusion(
    path: Annotated[Optional[Path], typer.Argument(help="A folder with articles.jsonl and gold.json (default: the project's near-miss set).")] = None,
    events: EventsOpt = None,
    in_memory: MemoryOpt = False,
) -> None:
    """Fuse a labelled set of multi-source reports and look-alikes; print pairwise and B-cubed
    scores as one JSON summary."""
    from ..bench import fusion as bench

    folder = path or FIXTURE
    if not (folder / "gold.json").is_file() or not (folder / "articles.jsonl").is_file():
        raise typer.BadParameter(f"{folder} has no articles.jsonl and gold.json", param_hint="PATH")
    summary = _run(bench.load_fixture(folder), events, in_memory)
    typer.echo(json.dumps({"data": str(folder), **summary}))


def _run(docs, events: Path | None, in_memory: bool) -> dict:
    from ..bench import fusion as bench

    cached = bench.read_events(events) if events else None
    results = bench.extracted(docs, cached)
    fused = bench.fuse_in_memory(results) if in_memory else bench.fuse_in_store(results)
    return {"fused_by": "cluster" if in_memory else "store", **bench.score(docs, fused)}


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Add this module's commands to the command line."""
    bench_app.command("gvc")(bench_gvc)
    bench_app.command("fusion")(bench_fusion)
